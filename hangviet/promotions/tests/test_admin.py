import datetime as dt

from hangviet.promotions import services
from hangviet.promotions.models import PromotionCall


def test_admin_pages_and_scope(client_as, scope_of, tet):
    p = services.programme_create(scope=scope_of("doanhnghiep"), data=tet())
    services.programme_submit(scope=scope_of("doanhnghiep"), programme_id=p.pk)
    c = client_as("daumoi.qltm")
    for url in ["/quan-tri/promotions/programme/", f"/quan-tri/promotions/programme/{p.pk}/change/",
                "/quan-tri/promotions/promotioncall/", "/quan-tri/promotions/promotioncall/add/",
                "/quan-tri/promotions/promotionrule/", "/quan-tri/promotions/resultreport/",
                "/quan-tri/promotions/programme/thong-ke/", f"/quan-tri/promotions/programme/{p.pk}/kiem-tra/",
                f"/quan-tri/filings/filing/{p.filing_id}/xu-ly/", "/quan-tri/"]:
        r = c.get(url)
        assert r.status_code == 200, url
    assert "Hồ sơ khuyến mại chờ xử lý" in c.get("/quan-tri/").content.decode()
    r = c.post(f"/quan-tri/promotions/programme/{p.pk}/kiem-tra/",
               {"found_on": dt.date.today().isoformat(), "description": "Niêm yết giảm 60%", "exceeds_filing": "on"})
    assert r.status_code == 200
    p.refresh_from_db()
    assert p.exceeds_filing
    r = c.post("/quan-tri/promotions/promotioncall/add/", {
        "title": "Ngày Quyền của người tiêu dùng 15/3", "description": "", "starts_on": "2027-03-01",
        "ends_on": "2027-03-31", "concentrated_max_percent": "", "legal_source": "", "place": "38", "status": "published"})
    assert r.status_code == 302, r.content.decode()[:2000]
    assert PromotionCall.objects.filter(title="Ngày Quyền của người tiêu dùng 15/3", status="published").exists()
    # only an administrator edits the legal rules
    assert c.post("/quan-tri/promotions/promotionrule/1/change/", {}).status_code == 403
    other = client_as("daumoi.camxuyen")
    assert p.name not in other.get("/quan-tri/promotions/programme/").content.decode()
    assert other.get(f"/quan-tri/promotions/programme/{p.pk}/kiem-tra/").status_code == 403
