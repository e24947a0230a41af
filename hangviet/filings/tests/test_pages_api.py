from hangviet.filings import services
from hangviet.filings.models import FilingState


def test_portal_mine_and_detail(draft, scope_of, client_as, django_assert_max_num_queries):
    services.filing_submit(scope=scope_of("doanhnghiep"), filing_id=draft.pk)
    c = client_as("doanhnghiep")
    with django_assert_max_num_queries(12):
        r = c.get("/ho-so-cua-toi/")
    assert r.status_code == 200 and "Hồ sơ thử nghiệm" in r.content.decode()
    r = c.get(f"/ho-so-cua-toi/{draft.pk}/")
    body = r.content.decode()
    assert r.status_code == 200 and "Sở Công Thương tỉnh Thanh Hóa" in body and "Hủy hồ sơ" in body
    r = c.post(f"/ho-so-cua-toi/{draft.pk}/", {"form": "action", "action": "cancel", "note": ""})
    assert r.status_code == 422 and "lý do hủy" in r.content.decode()
    r = c.post(f"/ho-so-cua-toi/{draft.pk}/", {"form": "action", "action": "confirm", "note": ""})
    assert r.status_code == 422
    draft.refresh_from_db()
    assert draft.state == FilingState.SUBMITTED
    r = c.post(f"/ho-so-cua-toi/{draft.pk}/", {"form": "comment", "body": "Xin hỏi tiến độ"})
    assert r.status_code == 302


def test_other_business_cannot_see(draft, client_as, user_named):
    from hangviet.agencies.models import Role, User
    from hangviet.businesses.models import Business

    other = Business.objects.exclude(pk=user_named("doanhnghiep").business_id).first()
    User.objects.create(username="dn2", role=Role.BUSINESS, business=other)
    c = client_as("dn2")
    assert c.get(f"/ho-so-cua-toi/{draft.pk}/").status_code == 404
    assert "Hồ sơ thử nghiệm" not in c.get("/ho-so-cua-toi/").content.decode()


def test_admin_review_screen(draft, scope_of, client_as):
    services.filing_submit(scope=scope_of("doanhnghiep"), filing_id=draft.pk)
    c = client_as("daumoi.qltm")
    r = c.get("/quan-tri/filings/filing/")
    assert r.status_code == 200 and "Hồ sơ thử nghiệm" in r.content.decode()
    r = c.get(f"/quan-tri/filings/filing/{draft.pk}/xu-ly/")
    assert r.status_code == 200 and "Xác nhận" in r.content.decode()
    r = c.post(f"/quan-tri/filings/filing/{draft.pk}/xu-ly/", {"form": "action", "action": "refuse", "note": ""})
    assert r.status_code == 422 and "Phải ghi rõ lý do" in r.content.decode()
    r = c.post(f"/quan-tri/filings/filing/{draft.pk}/xu-ly/", {"form": "action", "action": "confirm", "note": "Đồng ý"})
    assert r.status_code == 302
    draft.refresh_from_db()
    assert draft.state == FilingState.CONFIRMED
    # another province's officer: not in the list, no access by id
    c2 = client_as("daumoi.camxuyen")
    assert "Hồ sơ thử nghiệm" not in c2.get("/quan-tri/filings/filing/").content.decode()
    r = c2.get(f"/quan-tri/filings/filing/{draft.pk}/xu-ly/")
    assert r.status_code == 302


def test_api(draft, scope_of, api_client):
    c = api_client("doanhnghiep")
    r = c.post(f"/api/v1/filings/{draft.pk}/actions/submit", {"note": ""}, content_type="application/json")
    assert r.status_code == 200, r.content
    assert r.json()["state"] == "submitted"
    assert c.get("/api/v1/filings/mine").json()["count"] >= 1
    assert c.get("/api/v1/filings/queue").json()["count"] == 0
    o = api_client("daumoi.qltm")
    r = o.post(f"/api/v1/filings/{draft.pk}/actions/refuse", {"note": ""}, content_type="application/json")
    assert r.status_code == 400 and r["Content-Type"] == "application/problem+json"
    r = o.post(f"/api/v1/filings/{draft.pk}/actions/explode", {"note": ""}, content_type="application/json")
    assert r.status_code == 400
    r = o.post(f"/api/v1/filings/{draft.pk}/actions/confirm", {"note": "OK"}, content_type="application/json")
    assert r.status_code == 200 and r.json()["state"] == "confirmed"
    assert api_client("daumoi.camxuyen").get(f"/api/v1/filings/{draft.pk}").status_code == 404
    assert o.get("/api/v1/filings/queue?due=bad").status_code == 422
