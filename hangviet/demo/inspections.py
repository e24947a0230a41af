"""Demo data for market inspections: a Tết inspection plan and one inspection that confirms the demo
counterfeit complaint with a fine (idempotent)."""

import datetime as dt


def load(stdout=None):
    from hangviet.agencies.models import Agency, User
    from hangviet.agencies.scope import scope_for
    from hangviet.complaints.models import Complaint
    from hangviet.inspections.models import Inspection, InspectionPlan, Period
    from hangviet.inspections.services import InspectionData, ViolationData, record_inspection

    agency = Agency.objects.filter(place__isnull=False).order_by("pk").first()
    if agency is None:
        return
    plan, _ = InspectionPlan.objects.get_or_create(
        name="Kế hoạch cao điểm chống buôn lậu, hàng giả dịp Tết Bính Ngọ 2026",
        defaults={"period": Period.TET, "starts_on": dt.date(2025, 12, 15), "ends_on": dt.date(2026, 3, 15),
                  "agency": agency, "place": agency.place})
    officer = User.objects.filter(username="daumoi.qltm", is_active=True).first()
    team = "Đội Quản lý thị trường số 1 (mẫu)"
    if officer is not None and not Inspection.objects.filter(team=team).exists():
        scope = scope_for(officer)
        complaint_ids = list(Complaint.objects.filter(description__startswith="[demo] Bán nước mắm",
                                                      place__province_id=scope.place.pk if scope.place else None)
                             .values_list("pk", flat=True)[:1])
        plan_id = plan.pk if scope.covers_place(plan.place) and scope.covers_agency(plan.agency_id) else None
        record_inspection(scope=scope, data=InspectionData(
            place_code=scope.place.pk, inspected_on=dt.date(2026, 2, 10), team=team, plan_id=plan_id,
            business_name="Cửa hàng tạp hóa Thành Công (mẫu)", place_detail="Chợ Vườn Hoa",
            result="Phát hiện nước mắm giả nhãn hiệu; lập biên bản, tạm giữ hàng.",
            follow_up="Tiêu hủy hàng giả; kiểm tra lại sau 30 ngày.", complaint_ids=complaint_ids,
            violations=[ViolationData(category="counterfeit", description="240 chai nước mắm giả nhãn hiệu",
                                      seized_value=18_000_000, fine_amount=25_000_000,
                                      decision_number="09/QĐ-XPHC")]))
    if stdout:
        stdout.write("inspections: Tết plan and a sample inspection loaded\n")
