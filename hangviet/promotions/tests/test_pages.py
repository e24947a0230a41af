import datetime as dt

from hangviet.filings.models import FilingState
from hangviet.promotions.models import Programme


def _post_data(d, **extra):
    data = {
        "name": d.name, "procedure": d.procedure, "forms": d.forms, "starts_on": d.starts_on.isoformat(),
        "ends_on": d.ends_on.isoformat(), "provinces": d.province_codes, "addressed_to": d.addressed_to, "call": "",
        "outlets": d.outlets, "customers": d.customers, "terms": d.terms,
        "draw_date": d.draw_date.isoformat() if d.draw_date else "", "draw_place": d.draw_place,
        "items-TOTAL_FORMS": str(len(d.items)), "items-INITIAL_FORMS": "0", "items-MIN_NUM_FORMS": "1",
        "items-MAX_NUM_FORMS": "100",
        "prizes-TOTAL_FORMS": str(len(d.prizes)), "prizes-INITIAL_FORMS": "0", "prizes-MIN_NUM_FORMS": "0",
        "prizes-MAX_NUM_FORMS": "100",
    }
    for n, i in enumerate(d.items):
        data.update({f"items-{n}-role": i.role, f"items-{n}-name": i.name, f"items-{n}-unit_price": i.unit_price or "",
                     f"items-{n}-discount_percent": i.discount_percent or "", f"items-{n}-promo_value": i.promo_value or "",
                     f"items-{n}-quantity": i.quantity or ""})
    for n, z in enumerate(d.prizes):
        data.update({f"prizes-{n}-rank": z.rank, f"prizes-{n}-description": z.description,
                     f"prizes-{n}-value": z.value if z.value is not None else "", f"prizes-{n}-quantity": z.quantity})
    data.update(extra)
    return data


def test_done_when_from_the_portal(client_as, tet, client, django_assert_max_num_queries):
    c = client_as("doanhnghiep")
    assert c.get("/khuyen-mai/dang-ky/").status_code == 200
    d = tet()
    d.items[0].discount_percent = 60
    r = c.post("/khuyen-mai/dang-ky/", _post_data(d, submit="1"))
    body = r.content.decode()
    assert r.status_code == 422
    assert "Mức giảm giá 60%" in body and "tối đa 50%" in body and "Nghị định 81/2018/NĐ-CP" in body
    programme = Programme.objects.get(name=d.name)
    assert programme.filing.state == FilingState.DRAFT
    # the re-shown form now posts to the saved draft, so correcting it does not create a second one
    assert f'action="/khuyen-mai/ho-so/{programme.pk}/"' in body
    d.items[0].discount_percent = 40
    r = c.post(f"/khuyen-mai/ho-so/{programme.pk}/", _post_data(d, submit="1"))
    assert r.status_code == 302, r.content.decode()[:3000]
    programme.refresh_from_db()
    assert programme.filing.state == FilingState.SUBMITTED
    # not yet public
    assert d.name not in client.get("/khuyen-mai/").content.decode()
    officer = client_as("daumoi.qltm")
    r = officer.post(f"/quan-tri/filings/filing/{programme.filing_id}/xu-ly/",
                     {"form": "action", "action": "confirm", "note": "Đồng ý"})
    assert r.status_code == 302
    client.logout()
    on = d.starts_on.isoformat()
    with django_assert_max_num_queries(8):
        r = client.get(f"/khuyen-mai/?active_on={on}&q=nem chua xu thanh&province=38")
    assert d.name in r.content.decode()
    after = (d.ends_on + dt.timedelta(days=1)).isoformat()
    assert d.name not in client.get(f"/khuyen-mai/?active_on={after}").content.decode()
    assert client.get(f"/khuyen-mai/{programme.pk}/").status_code == 200
    # editing after confirmation shows the read-only page and changes nothing
    c = client_as("doanhnghiep")
    r = c.post(f"/khuyen-mai/ho-so/{programme.pk}/", _post_data(d, name="Tên mới", submit="1"))
    assert r.status_code == 200 and "không sửa trực tiếp" in r.content.decode()
    assert Programme.objects.get(pk=programme.pk).name == d.name
    # statistics page counts it
    officer = client_as("daumoi.qltm")
    r = officer.get(f"/quan-tri/promotions/programme/thong-ke/?year={d.starts_on.year}")
    assert r.status_code == 200 and "chương trình đã xác nhận" in r.content.decode()


def test_bad_inputs_from_portal(client_as, tet):
    c = client_as("doanhnghiep")
    d = tet()
    d.prizes[0].value = None
    r = c.post("/khuyen-mai/dang-ky/", _post_data(d, submit="1"))
    assert r.status_code == 422 and "trị giá" in r.content.decode()
    d = tet(name="<script>alert(1)</script>")
    r = c.post("/khuyen-mai/dang-ky/", _post_data(d, submit="1"))
    assert r.status_code == 422 and "<script>alert(1)</script>" not in r.content.decode()
    d = tet(province_codes=["38", "42"])
    r = c.post("/khuyen-mai/dang-ky/", _post_data(d, submit="1"))
    assert r.status_code == 422 and "Bộ Công Thương" in r.content.decode()
    r = c.get("/khuyen-mai/dong-hang/?i=3")
    assert 'name="items-3-name"' in r.content.decode()


def test_officer_cannot_file_and_other_business_cannot_open(client_as, tet, scope_of, user_named):
    from hangviet.agencies.models import Role, User
    from hangviet.businesses.models import Business
    from hangviet.promotions import services

    p = services.programme_create(scope=scope_of("doanhnghiep"), data=tet())
    other = Business.objects.exclude(pk=user_named("doanhnghiep").business_id).first()
    User.objects.create(username="dn-other", role=Role.BUSINESS, business=other)
    assert client_as("dn-other").get(f"/khuyen-mai/ho-so/{p.pk}/").status_code == 404
    assert client_as("daumoi.qltm").get("/khuyen-mai/dang-ky/").status_code == 302


def test_calls_pages(client, scope_of, tet):
    from hangviet.promotions import services

    d = tet()
    call = services.call_save(scope=scope_of("daumoi.qltm"), publish=True, data=services.CallData(
        title="Tháng hàng Việt 2026", starts_on=d.starts_on, ends_on=d.ends_on, place_code="38"))
    assert "Tháng hàng Việt 2026" in client.get("/khuyen-mai/dot/").content.decode()
    assert client.get(f"/khuyen-mai/dot/{call.pk}/").status_code == 200
    assert client.get("/khuyen-mai/dot/999999/").status_code == 404


def test_result_report_from_portal(client_as, scope_of, tet):
    from hangviet.filings import services as fs
    from hangviet.promotions import services

    biz = scope_of("doanhnghiep")
    p = services.programme_create(scope=biz, data=tet())
    services.programme_submit(scope=biz, programme_id=p.pk)
    fs.filing_confirm(scope=scope_of("daumoi.qltm"), filing_id=p.filing_id)
    Programme.objects.filter(pk=p.pk).update(starts_on=dt.date(2025, 1, 1), ends_on=dt.date(2025, 1, 31))
    c = client_as("doanhnghiep")
    assert "Báo cáo kết quả chương trình may rủi" in c.get(f"/khuyen-mai/ho-so/{p.pk}/").content.decode()
    r = c.post(f"/khuyen-mai/ho-so/{p.pk}/bao-cao-ket-qua/", {"awarded_value": "1", "unawarded_value": "1"})
    assert r.status_code == 422 and "tổng giá trị giải" in r.content.decode()
    r = c.post(f"/khuyen-mai/ho-so/{p.pk}/bao-cao-ket-qua/", {"awarded_value": "20000000", "unawarded_value": "5000000"})
    assert r.status_code == 302
    assert Programme.objects.get(pk=p.pk).result_report.budget_amount == 2500000


def test_my_filings_list_links_drafts_to_the_form(client_as, scope_of, tet, django_assert_max_num_queries):
    from hangviet.promotions import services

    for n in range(4):
        services.programme_create(scope=scope_of("doanhnghiep"), data=tet(name=f"Nháp {n}"))
    c = client_as("doanhnghiep")
    with django_assert_max_num_queries(12):
        r = c.get("/ho-so-cua-toi/")
    p = Programme.objects.get(name="Nháp 0")
    assert f"/khuyen-mai/theo-ho-so/{p.filing_id}/" in r.content.decode()
    assert c.get(f"/khuyen-mai/theo-ho-so/{p.filing_id}/").url == f"/khuyen-mai/ho-so/{p.pk}/"


def test_amend_from_portal(client_as, scope_of, tet):
    from hangviet.filings import services as fs
    from hangviet.promotions import services

    biz = scope_of("doanhnghiep")
    d = tet()
    p = services.programme_create(scope=biz, data=d)
    services.programme_submit(scope=biz, programme_id=p.pk)
    fs.filing_confirm(scope=scope_of("daumoi.qltm"), filing_id=p.filing_id)
    c = client_as("doanhnghiep")
    assert "Đăng ký sửa đổi chương trình" in c.get(f"/khuyen-mai/ho-so/{p.pk}/").content.decode()
    assert c.get(f"/khuyen-mai/ho-so/{p.pk}/sua-doi/").status_code == 200
    r = c.post(f"/khuyen-mai/ho-so/{p.pk}/sua-doi/", _post_data(d, submit="1"))
    assert r.status_code == 400 or r.status_code == 422
    assert "Nêu rõ nội dung" in r.content.decode()
    r = c.post(f"/khuyen-mai/ho-so/{p.pk}/sua-doi/", _post_data(d, submit="1", change_note="Thêm cửa hàng",
                                                                 outlets="Cửa hàng số 2"))
    assert r.status_code == 302
    p.refresh_from_db()
    assert p.filing.state == FilingState.AMENDED and p.outlets != "Cửa hàng số 2"


def test_amendment_page_needs_a_reason_and_keeps_the_confirmed_programme(client_as, tet):
    c = client_as("doanhnghiep")
    d = tet()
    assert c.post("/khuyen-mai/dang-ky/", _post_data(d, submit="1")).status_code == 302
    programme = Programme.objects.get(name=d.name)
    # before confirmation there is nothing to amend
    assert c.get(f"/khuyen-mai/ho-so/{programme.pk}/sua-doi/").status_code == 302
    officer = client_as("daumoi.qltm")
    officer.post(f"/quan-tri/filings/filing/{programme.filing_id}/xu-ly/", {"form": "action", "action": "confirm", "note": "Đồng ý"})
    c = client_as("doanhnghiep")
    url = f"/khuyen-mai/ho-so/{programme.pk}/sua-doi/"
    assert c.get(url).status_code == 200
    r = c.post(url, _post_data(d, terms=d.terms + " Bổ sung.", change_note=""))
    assert r.status_code == 422 and "Nêu rõ nội dung, lý do thay đổi." in r.content.decode()
    programme.refresh_from_db()
    assert programme.filing.state == FilingState.CONFIRMED
    r = c.post(url, _post_data(d, terms=d.terms + " Bổ sung.", change_note="Bổ sung điều kiện tham gia"))
    assert r.status_code == 302
    programme.refresh_from_db()
    assert programme.filing.state == FilingState.AMENDED and programme.terms == d.terms
    from hangviet.agencies.models import Role, User
    from hangviet.businesses.models import Business

    other = Business.objects.exclude(pk=programme.business_id).first()
    User.objects.create(username="dn-amend-other", role=Role.BUSINESS, business=other)
    assert client_as("dn-amend-other").get(url).status_code == 404
