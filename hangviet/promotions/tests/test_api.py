import datetime as dt

from hangviet.promotions import services


def _json(d):
    return {"name": d.name, "forms": d.forms, "procedure": d.procedure, "addressed_to": d.addressed_to,
            "starts_on": d.starts_on.isoformat(), "ends_on": d.ends_on.isoformat(), "provinces": d.province_codes,
            "terms": d.terms, "draw_date": d.draw_date.isoformat(), "draw_place": d.draw_place,
            "items": [vars(i) for i in d.items], "prizes": [vars(z) for z in d.prizes]}


def test_api_flow(api_client, client, tet, django_assert_max_num_queries):
    biz = api_client("doanhnghiep")
    body = _json(tet())
    body["items"][0]["discount_percent"] = 90
    r = biz.post("/api/v1/promotions/programmes", body, content_type="application/json")
    assert r.status_code == 201, r.content
    pid = r.json()["id"]
    r = biz.post(f"/api/v1/promotions/programmes/{pid}/submit")
    assert r.status_code == 400 and r["Content-Type"] == "application/problem+json"
    assert "90%" in r.json()["detail"] and r.json()["errors"] == {"items": [r.json()["detail"]]}
    body["items"][0]["discount_percent"] = 20
    assert biz.put(f"/api/v1/promotions/programmes/{pid}", body, content_type="application/json").status_code == 200
    r = biz.post(f"/api/v1/promotions/programmes/{pid}/submit")
    assert r.status_code == 200 and r.json()["state"] == "submitted"
    # business cannot confirm its own filing
    assert biz.post(f"/api/v1/promotions/programmes/{pid}/actions/confirm", {"note": ""},
                    content_type="application/json").status_code == 403
    officer = api_client("daumoi.qltm")
    assert api_client("daumoi.camxuyen").post(f"/api/v1/promotions/programmes/{pid}/actions/confirm", {"note": ""},
                                              content_type="application/json").status_code == 404
    r = officer.post(f"/api/v1/promotions/programmes/{pid}/actions/confirm", {"note": "OK"}, content_type="application/json")
    assert r.status_code == 200 and r.json()["state"] == "confirmed"
    # edit after confirmation: 409 and nothing changes
    body["name"] = "Tên khác"
    r = biz.put(f"/api/v1/promotions/programmes/{pid}", body, content_type="application/json")
    assert r.status_code == 409
    on = tet().starts_on.isoformat()
    with django_assert_max_num_queries(6):
        r = client.get(f"/api/v1/promotions?active_on={on}&province=38&q=nem chua")
    assert r.status_code == 200 and any(i["id"] == pid for i in r.json()["items"])
    assert client.get("/api/v1/promotions?type=bogus").status_code == 422
    assert client.get("/api/v1/promotions?active_on=2026-13-45").status_code == 422
    assert client.get(f"/api/v1/promotions/{pid}").status_code == 200
    assert client.get("/api/v1/promotions/stats").status_code == 401
    assert biz.get("/api/v1/promotions/stats").status_code == 403
    stats = officer.get(f"/api/v1/promotions/stats?year={tet().starts_on.year}").json()
    assert stats["count"] >= 1
    r = officer.post(f"/api/v1/promotions/programmes/{pid}/findings",
                     {"found_on": dt.date.today().isoformat(), "description": "Giảm 60% tại cửa hàng", "exceeds_filing": True},
                     content_type="application/json")
    assert r.status_code == 201
    assert officer.get("/api/v1/promotions/programmes?flagged=true").json()["count"] == 1


def test_api_lists_scoped_and_bounded(api_client, scope_of, tet, django_assert_max_num_queries):
    for n in range(3):
        p = services.programme_create(scope=scope_of("doanhnghiep"), data=tet(name=f"Chương trình {n}"))
        services.programme_submit(scope=scope_of("doanhnghiep"), programme_id=p.pk)
    officer = api_client("daumoi.qltm")
    with django_assert_max_num_queries(12):
        r = officer.get("/api/v1/promotions/programmes")
    assert r.json()["count"] == 3
    assert api_client("daumoi.camxuyen").get("/api/v1/promotions/programmes").json()["count"] == 0
    assert api_client("doanhnghiep").get(f"/api/v1/promotions/programmes/{p.pk}").status_code == 200
    assert officer.get("/api/v1/promotions/programmes?state=bad").status_code == 422


def test_result_report(scope_of, tet):
    import pytest

    from hangviet.core.errors import DomainError
    from hangviet.filings import services as fs
    from hangviet.promotions.models import Programme

    biz = scope_of("doanhnghiep")
    p = services.programme_create(scope=biz, data=tet())
    services.programme_submit(scope=biz, programme_id=p.pk)
    fs.filing_confirm(scope=scope_of("daumoi.qltm"), filing_id=p.filing_id)
    with pytest.raises(DomainError) as exc:
        services.result_report_file(scope=biz, programme_id=p.pk, awarded_value=1, unawarded_value=0)
    assert "kết thúc" in exc.value.message
    Programme.objects.filter(pk=p.pk).update(starts_on=dt.date(2025, 1, 1), ends_on=dt.date(2025, 1, 31))
    with pytest.raises(DomainError):
        services.result_report_file(scope=biz, programme_id=p.pk, awarded_value=1, unawarded_value=0)
    report = services.result_report_file(scope=biz, programme_id=p.pk, awarded_value=20000000, unawarded_value=5000000)
    assert report.budget_amount == 2500000
    assert report.due_on == dt.date(2025, 1, 31) + dt.timedelta(days=45)


def test_public_bad_input(client, api_client):
    for q in ["' OR 1=1 --", 'nem* AND "chua"', "<script>alert(1)</script>", "đ%_"]:
        assert client.get("/api/v1/promotions", {"q": q}).status_code == 200
        r = client.get("/khuyen-mai/", {"q": q, "active_on": "not-a-date", "type": "bogus", "province": "99999"})
        assert r.status_code == 200 and "<script>alert(1)</script>" not in r.content.decode()
    assert client.get("/api/v1/promotions", {"q": "x" * 300}).status_code == 422
    assert client.get("/api/v1/promotions", {"page_size": 1000}).status_code == 422
    assert client.get("/api/v1/promotions/999999").status_code == 404
    assert client.get("/khuyen-mai/999999/").status_code == 404
    biz = api_client("doanhnghiep")
    assert biz.get("/api/v1/promotions/programmes/abc").status_code == 422
    assert biz.post("/api/v1/promotions/programmes", "{oops", content_type="application/json").status_code == 400
    r = biz.post("/api/v1/promotions/programmes", {"name": "", "forms": ["x"], "starts_on": "2027-01-10",
                                                   "ends_on": "2027-01-01", "provinces": ["zz"]},
                 content_type="application/json")
    assert r.status_code == 422
    errors = r.json()["errors"]
    assert {"name", "forms", "ends_on", "provinces", "items"} <= set(errors)
    officer = api_client("daumoi.qltm")
    r = officer.post("/api/v1/promotions/programmes", {"name": "X", "forms": ["loyalty"], "starts_on": "2027-01-10",
                                                       "ends_on": "2027-01-20", "provinces": ["38"]},
                     content_type="application/json")
    assert r.status_code == 403


def test_calls_api(client, scope_of, tet, django_assert_max_num_queries):
    d = tet()
    services.call_save(scope=scope_of("daumoi.qltm"), publish=True, data=services.CallData(
        title="Tết 2027", starts_on=d.starts_on, ends_on=d.ends_on, place_code="38"))
    services.call_save(scope=scope_of("daumoi.qltm"), data=services.CallData(
        title="Bản nháp", starts_on=d.starts_on, ends_on=d.ends_on, place_code="38"))
    with django_assert_max_num_queries(6):
        r = client.get("/api/v1/promotions/calls")
    titles = [c["title"] for c in r.json()]
    assert "Tết 2027" in titles and "Bản nháp" not in titles
