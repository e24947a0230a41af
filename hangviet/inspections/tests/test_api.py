"""Officer endpoints for inspections: list, detail, create; scope, bad input, query counts."""

import datetime as dt

import pytest
from django.utils import timezone

from hangviet.complaints import services as complaint_services
from hangviet.complaints.models import Complaint
from hangviet.inspections.models import Inspection, InspectionPlan, Period, Violation

pytestmark = pytest.mark.django_db


def _payload(place_code, **extra):
    data = {"place_code": place_code, "inspected_on": (timezone.localdate() - dt.timedelta(days=1)).isoformat(),
            "team": "Đội QLTT số 2", "business_name": "Cửa hàng tạp hóa Minh Anh", "result": "Phát hiện hàng giả",
            "violations": [{"category": "counterfeit", "seized_value": 5_000_000, "fine_amount": 7_500_000,
                            "decision_number": "21/QĐ-XPHC", "description": "Dầu gội giả nhãn hiệu"}]}
    data.update(extra)
    return data


def test_create_list_detail_closes_complaint(bearer_client, scope_of):
    scope = scope_of("canbo.thiencam")
    complaint, code, _ = complaint_services.submit_complaint(data=complaint_services.ComplaintData(
        kind="denunciation", category="counterfeit", description="Bán dầu gội giả ở Thiên Cầm.", full_name="M",
        phone="0912345670", place_code=scope.place.pk))
    api = bearer_client("canbo.thiencam")
    r = api.post("/api/v1/inspections", _payload(scope.place.pk, complaint_ids=[complaint.pk]),
                 content_type="application/json")
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["violations"] == 1 and body["fines"] == 7_500_000 and body["complaints"] == [complaint.reference]
    complaint.refresh_from_db()
    assert complaint.status == "resolved" and "7.500.000" in complaint.public_outcome
    listing = api.get("/api/v1/inspections").json()
    assert listing["count"] == 1 and listing["items"][0]["fines"] == 7_500_000
    detail = api.get(f"/api/v1/inspections/{body['id']}").json()
    assert detail["violation_list"][0]["decision_number"] == "21/QĐ-XPHC"
    assert api.get("/api/v1/inspections", {"date_from": "2000-01-01", "date_to": "2000-12-31"}).json()["count"] == 0


def test_scope_other_commune_404_and_create_refused(bearer_client, scope_of):
    from hangviet.places.models import Place

    admin = bearer_client("admin")
    hanoi = Place.objects.filter(level="province", name__icontains="Hà Nội").first()
    from hangviet.agencies.models import User

    user = User.objects.get(username="admin")
    if user.agency_id is None:  # the administrator records as the provincial department
        from hangviet.agencies.models import Agency

        user.agency = Agency.objects.get(name="Sở Công Thương tỉnh Thanh Hóa")
        user.save()
    r = admin.post("/api/v1/inspections", _payload(hanoi.code), content_type="application/json")
    assert r.status_code == 201, r.content
    officer = bearer_client("canbo.thiencam")
    assert officer.get(f"/api/v1/inspections/{r.json()['id']}").status_code == 404
    assert officer.get("/api/v1/inspections").json()["count"] == 0
    refused = officer.post("/api/v1/inspections", _payload(hanoi.code), content_type="application/json")
    assert refused.status_code == 422 and "place_code" in refused.json()["errors"]
    assert Inspection.objects.count() == 1


def test_bad_input_saves_nothing(bearer_client, scope_of):
    place = scope_of("canbo.thiencam").place.pk
    api = bearer_client("canbo.thiencam")
    future = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    cases = [
        _payload(place, inspected_on=future),
        _payload(place, team="<script>alert(1)</script>"),
        _payload(place, violations=[{"category": "không-có", "fine_amount": 1}]),
        _payload(place, violations=[{"category": "counterfeit", "fine_amount": 1_000_000}]),  # no decision number
        _payload(place, violations=[{"category": "counterfeit", "fine_amount": -5}]),
        _payload(place, business_name="", business_id=None),
        _payload(place, business_id=999999),
        _payload(place, plan_id=999999),
        _payload(place, complaint_ids=[999999]),
        {"place_code": place},
    ]
    for payload in cases:
        r = api.post("/api/v1/inspections", payload, content_type="application/json")
        assert r.status_code in (400, 404, 422), (payload, r.content)
        assert r.headers["Content-Type"].startswith("application/problem+json") or r.status_code == 422
    assert Inspection.objects.count() == 0 and Violation.objects.count() == 0


def test_permissions(bearer_client, client, scope_of):
    place = scope_of("canbo.thiencam").place.pk
    assert client.get("/api/v1/inspections").status_code in (401, 403)
    assert bearer_client("doanhnghiep").get("/api/v1/inspections").status_code == 403
    r = bearer_client("phoihop.mttq").post("/api/v1/inspections", _payload(place), content_type="application/json")
    assert r.status_code == 403
    assert Inspection.objects.count() == 0


def test_plan_in_scope_accepted(bearer_client, scope_of):
    scope = scope_of("canbo.thiencam")
    from hangviet.agencies.models import Agency

    plan = InspectionPlan.objects.create(name="Cao điểm Tết", period=Period.TET, starts_on=dt.date(2026, 1, 1),
                                         ends_on=dt.date(2026, 12, 31), agency=Agency.objects.get(pk=scope.agency_id),
                                         place=scope.place)
    r = bearer_client("canbo.thiencam").post("/api/v1/inspections", _payload(scope.place.pk, plan_id=plan.pk),
                                             content_type="application/json")
    assert r.status_code == 201 and r.json()["plan_id"] == plan.pk
    assert bearer_client("canbo.thiencam").get("/api/v1/inspections", {"plan_id": plan.pk}).json()["count"] == 1


def test_list_query_count(bearer_client, scope_of, django_assert_max_num_queries):
    scope = scope_of("canbo.thiencam")
    api = bearer_client("canbo.thiencam")
    for i in range(6):
        r = api.post("/api/v1/inspections", _payload(scope.place.pk, business_name=f"Cơ sở {i}"),
                     content_type="application/json")
        assert r.status_code == 201
    with django_assert_max_num_queries(8):
        r = api.get("/api/v1/inspections")
    assert r.json()["count"] == 6 and all(item["violations"] == 1 for item in r.json()["items"])
    assert Complaint.objects.count() == 0
