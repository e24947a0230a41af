import datetime as dt

import pytest

from hangviet.complaints import selectors as complaint_selectors
from hangviet.complaints import services as complaint_services
from hangviet.core.errors import DomainError
from hangviet.inspections import selectors, services

pytestmark = pytest.mark.django_db


def test_inspection_from_complaint_closes_it_with_fine(scope_of, client):
    scope = scope_of("daumoi.camxuyen")
    place = scope.place
    c, code, _ = complaint_services.submit_complaint(data=complaint_services.ComplaintData(
        kind="denunciation", category="counterfeit", description="Bán nước mắm giả nhãn.", full_name="A",
        phone="0912345678", place_code=place.code))
    insp = services.record_inspection(scope=scope, data=services.InspectionData(
        place_code=place.code, inspected_on=dt.date(2026, 2, 10), team="Đội QLTT số 3", business_name="Cửa hàng X",
        result="Phát hiện hàng giả", complaint_ids=[c.pk],
        violations=[services.ViolationData(category="counterfeit", seized_value=12_000_000, fine_amount=15_000_000,
                                           decision_number="12/QĐ-XPHC")]))
    c.refresh_from_db()
    assert c.status == "resolved" and "15.000.000" in c.public_outcome
    status = complaint_selectors.track(code)
    assert status.inspection_results and "15.000.000" in status.inspection_results[0]
    s = selectors.stats(scope=scope)
    assert s["fines"] == 15_000_000 and s["seized_value"] == 12_000_000 and s["inspections"] == 1
    assert insp.pk in selectors.inspection_list(scope=scope).values_list("pk", flat=True)
    assert not selectors.inspection_list(scope=scope_of("canbo.qlcn")).filter(pk=insp.pk).exists()


def test_fine_without_decision_number_refused(scope_of):
    scope = scope_of("daumoi.camxuyen")
    with pytest.raises(DomainError):
        services.record_inspection(scope=scope, data=services.InspectionData(
            place_code=scope.place.code, inspected_on=dt.date(2026, 2, 10),
            violations=[services.ViolationData(category="counterfeit", fine_amount=1_000_000)]))
