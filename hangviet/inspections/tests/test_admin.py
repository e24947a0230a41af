"""Recording an inspection in the back office: scope checks, violation rules, linked complaints closed."""

import datetime as dt

import pytest
from django.utils import timezone

from hangviet.complaints import services as complaint_services
from hangviet.inspections.models import Inspection, Violation

pytestmark = pytest.mark.django_db
URL = "/quan-tri/inspections/inspection/add/"


def _form(scope, **extra):
    data = {"agency": scope.agency_id, "place": scope.place.pk, "place_detail": "Chợ Thiên Cầm",
            "inspected_on": (timezone.localdate() - dt.timedelta(days=1)).isoformat(), "team": "Đội QLTT số 4",
            "business_name": "Cửa hàng Bình Minh", "status": "done", "result": "Phát hiện hàng giả", "follow_up": "",
            "violations-TOTAL_FORMS": "1", "violations-INITIAL_FORMS": "0", "violations-MIN_NUM_FORMS": "0",
            "violations-MAX_NUM_FORMS": "1000", "violations-0-category": "counterfeit",
            "violations-0-description": "Nước mắm giả", "violations-0-seized_value": "3000000",
            "violations-0-fine_amount": "6000000", "violations-0-decision_number": "11/QĐ-XPHC"}
    data.update(extra)
    return data


def test_admin_records_inspection_and_closes_complaint(client_as, scope_of):
    scope = scope_of("canbo.thiencam")
    complaint, code, _ = complaint_services.submit_complaint(data=complaint_services.ComplaintData(
        kind="denunciation", category="counterfeit", description="Nước mắm giả ở chợ Thiên Cầm.", full_name="N",
        phone="0912345600", place_code=scope.place.pk))
    client = client_as("canbo.thiencam")
    resp = client.post(URL, _form(scope, complaints=[complaint.pk]))
    assert resp.status_code == 302, resp.content.decode()[-3000:]
    inspection = Inspection.objects.get()
    assert inspection.created_by.username == "canbo.thiencam" and inspection.violations.count() == 1
    complaint.refresh_from_db()
    assert complaint.status == "resolved" and "6.000.000" in complaint.public_outcome


def test_admin_refuses_bad_inspection(client_as, scope_of):
    from hangviet.places.models import Place

    scope = scope_of("canbo.thiencam")
    client = client_as("canbo.thiencam")
    hanoi = Place.objects.filter(level="province", name__icontains="Hà Nội").first()
    future = (timezone.localdate() + dt.timedelta(days=5)).isoformat()
    for extra, message in [
        ({"place": hanoi.code}, "phạm vi"),
        ({"inspected_on": future}, "sau hôm nay"),
        ({"violations-0-decision_number": ""}, "số quyết định"),
        ({"violations-0-fine_amount": "-1"}, "không được âm"),
        ({"team": "<script>alert(1)</script>"}, "HTML"),
    ]:
        resp = client.post(URL, _form(scope, **extra))
        assert resp.status_code == 200 and message in resp.content.decode(), extra
    assert Inspection.objects.count() == 0 and Violation.objects.count() == 0
