"""The consumer-protection dashboard: numbers, scope, charts and XLSX exports."""

import datetime as dt
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from hangviet.complaints import selectors as complaint_selectors
from hangviet.complaints import services as complaint_services
from hangviet.complaints import workflow
from hangviet.inspections import dashboard, services

pytestmark = pytest.mark.django_db
URL = "/quan-tri/inspections/inspection/bang-so-lieu/"


@pytest.fixture
def numbers(scope_of):
    """Two complaints and a fined inspection in Thiên Cầm, one complaint in Hà Nội."""
    from hangviet.places.models import Place

    officer = scope_of("canbo.thiencam")
    admin = scope_of("admin")
    hanoi = Place.objects.filter(level="province", name__icontains="Hà Nội").first()
    hanoi_commune = Place.objects.filter(province=hanoi, level="commune", valid_to__isnull=True).order_by("code").first()
    today = timezone.localdate()
    a, _, _ = complaint_services.intake_complaint(
        scope=officer, data=complaint_services.ComplaintData(
            kind="denunciation", category="counterfeit", description="Bán nước mắm giả nhãn ở chợ Thiên Cầm.",
            full_name="Người A", phone="0912340001"), channel="hotline", received_at=today)
    b, _, _ = complaint_services.submit_complaint(data=complaint_services.ComplaintData(
        kind="feedback", category="expired", description="Bánh kẹo hết hạn bày bán.", full_name="Người B",
        phone="0912340002", place_code=officer.place.pk))
    c, _, _ = complaint_services.submit_complaint(data=complaint_services.ComplaintData(
        kind="feedback", category="price", description="Giá cao bất thường ở Hà Nội.", full_name="Người C",
        phone="0912340003", place_code=hanoi_commune.code))
    workflow.act(scope=admin, complaint_id=b.pk, action="accept")
    workflow.act(scope=admin, complaint_id=b.pk, action="resolve", outcome="Đã yêu cầu thu hồi.")
    services.record_inspection(scope=officer, data=services.InspectionData(
        place_code=officer.place.pk, inspected_on=today - dt.timedelta(days=1), team="Đội QLTT số 5",
        business_name="Cửa hàng Hải Âu", complaint_ids=[a.pk], violations=[
            services.ViolationData(category="counterfeit", seized_value=8_000_000, fine_amount=12_500_000,
                                   decision_number="05/QĐ-XPHC")]))
    return {"officer": officer, "place": officer.place, "hanoi": hanoi_commune, "complaints": (a, b, c)}


def test_numbers_for_admin_and_commune_officer(numbers, scope_of):
    admin = dashboard.data_for(scope=scope_of("admin"))
    assert admin["complaints"]["total"] == 3
    assert {r["key"]: r["n"] for r in admin["complaints"]["by_channel"]} == {"hotline": 1, "portal": 2}
    assert admin["complaints"]["on_time_rate"] == 100.0  # both closed cases finished on time
    assert admin["complaints"]["median_days"] == 0.0
    assert admin["inspections"]["fines"] == 12_500_000 and admin["inspections"]["seized_value"] == 8_000_000
    assert sum(r["n"] for r in admin["complaints"]["by_month"]) == 3
    officer = dashboard.data_for(scope=numbers["officer"])
    assert officer["complaints"]["total"] == 2
    labels = [r["label"] for r in officer["hotspots"]]
    assert numbers["place"].name in labels and numbers["hanoi"].name not in labels
    top = officer["hotspots"][0]
    assert top["label"] == numbers["place"].name and top["complaints"] == 2 and top["violations"] == 1
    assert top["fines"] == 12_500_000


def test_dashboard_page_with_charts_and_scoped(client_as, numbers):
    page = client_as("canbo.thiencam").get(URL)
    body = page.content.decode()
    assert page.status_code == 200 and body.count('class="chart"') == 5
    assert numbers["place"].name in body and numbers["hanoi"].name not in body
    assert "12.500.000" in body or "12,500,000" in body
    admin_body = client_as("admin").get(URL).content.decode()
    assert numbers["hanoi"].name in admin_body


def test_every_table_exports_to_xlsx(client_as, numbers):
    client = client_as("canbo.thiencam")
    page = client.get(URL).content.decode()
    tables = dashboard.tables(dashboard.data_for(scope=numbers["officer"]))
    for table in tables:
        assert f"xlsx={table.slug}" in page
        resp = client.get(URL, {"xlsx": table.slug})
        assert resp.status_code == 200 and resp["Content-Type"].startswith("application/vnd.openxmlformats")
        sheet = load_workbook(io.BytesIO(resp.content)).active
        rows = [r for r in sheet.values]
        assert rows[0][0] == table.title and list(rows[3])[:len(table.header)] == table.header
        assert len(rows) == 4 + len(table.rows)
    hotspots = load_workbook(io.BytesIO(client.get(URL, {"xlsx": "diem-nong"}).content)).active
    text = " ".join(str(v) for row in hotspots.values for v in row if v is not None)
    assert numbers["hanoi"].name not in text and "12500000" in text
    everything = load_workbook(io.BytesIO(client.get(URL, {"xlsx": "tat-ca", "nam": "2026"}).content))
    assert len(everything.worksheets) == len(tables)


def test_year_filter_and_bad_year(client_as, numbers):
    client = client_as("admin")
    assert client.get(URL, {"nam": "1999"}).status_code == 200
    assert client.get(URL, {"nam": "<script>"}).status_code == 200
    d = dashboard.data_for(scope=numbers["officer"], year=2001)
    assert d["complaints"]["total"] == 0 and d["inspections"]["inspections"] == 0


def test_dashboard_permissions_and_home_cards(client_as, numbers):
    assert client_as("doanhnghiep").get(URL).status_code in (302, 403)
    home = client_as("canbo.thiencam").get("/quan-tri/").content.decode()
    assert "Kiểm tra thị trường năm" in home and "Phản ánh đang xử lý" in home


def test_dashboard_query_count_does_not_grow(client_as, numbers, django_assert_max_num_queries):
    client = client_as("admin")
    client.get(URL)
    with django_assert_max_num_queries(45):
        assert client.get(URL).status_code == 200


def test_api_stats_scoped(bearer_client, numbers):
    officer = bearer_client("canbo.thiencam").get("/api/v1/complaints/stats").json()
    admin = bearer_client("admin").get("/api/v1/complaints/stats").json()
    assert officer["total"] == 2 and admin["total"] == 3
    assert bearer_client("doanhnghiep").get("/api/v1/complaints/stats").status_code == 403
    assert complaint_selectors.open_data()["total"] == 3
