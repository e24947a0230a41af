import datetime as dt
from decimal import Decimal

import pytest

from hangviet.core.errors import DomainError, NotFound, PermissionDenied, ValidationFailed
from hangviet.core.models import HistoryEntry
from hangviet.plans import services
from hangviet.plans.models import (
    LegalDocument,
    Plan,
    ProgressReport,
    ReportingPeriod,
    ReportState,
    TaskAssignment,
)
from hangviet.plans.services import QuantityIn

from .helpers import agency, th_proposal

pytestmark = pytest.mark.django_db


def _report(plan, number, unit_name, code):
    return ProgressReport.objects.get(task__plan=plan, task__number=number, unit=agency(unit_name),
                                      period__code=code, is_current=True)


def test_confirmed_proposal_creates_plan_tasks_periods_and_obligations(th_plan):
    plan = th_plan
    assert plan.number_symbol == "123/KH-SCT"
    assert [t.number for t in plan.tasks.order_by("order")] == ["II", "2.1", "2.2", "2.5"]
    t25 = plan.tasks.get(number="2.5")
    assert t25.parent.number == "II" and t25.depth == 1
    assert {a.agency.name for a in t25.assignments.filter(role="lead")} == {
        "Trung tâm Khuyến công và Tiết kiệm năng lượng", "Phòng Quản lý thương mại"}
    assert TaskAssignment.objects.filter(task__plan=plan, agency__isnull=True, role="coordinate").count() == 2
    assert [(o.quantity, o.unit) for o in t25.outputs.all()] == [(Decimal(3), "phiên"), (Decimal(4), "phiên")]
    codes = set(plan.periods.values_list("code", flat=True))
    assert codes == {"2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4", "2024-H1", "2024-H2"}
    q1 = plan.periods.get(code="2024-Q1")
    # Decree 09 cut-off: 15/12 of the previous year to 14/03; "before the 25th": due 22/03/2024 (24th is Sunday)
    assert (q1.data_from, q1.data_to) == (dt.date(2023, 12, 15), dt.date(2024, 3, 14))
    assert q1.due_date == dt.date(2024, 3, 22)
    # the 6-month rule is the focal unit's own report: no unit obligations on it
    assert not ProgressReport.objects.filter(period__code="2024-H1", task__plan=plan).exists()
    # 4 lead pairs (2.1 QLTM, 2.2 QLCN, 2.5 TTKC + QLTM) x 4 quarters
    assert ProgressReport.objects.filter(task__plan=plan).count() == 16
    assert HistoryEntry.objects.filter(object_id=str(plan.pk), action="create").exists()


def test_same_legal_document_is_one_record(th_plan, scope_of):
    proposal = th_proposal(number="124", title="Kế hoạch khác năm 2024")
    services.plan_create_from_proposal(scope=scope_of("daumoi.qltm"), proposal=proposal)
    assert LegalDocument.objects.filter(number_symbol="264-TB/TW").count() == 1
    assert LegalDocument.objects.get(number_symbol="264-TB/TW").plans.count() == 2


def test_invalid_proposal_saves_nothing(scope_of):
    proposal = th_proposal(title="")
    proposal["tasks"][1]["lead_units"] = [{"name": "X", "agency_id": 999999}]
    before = Plan.objects.count()
    with pytest.raises(ValidationFailed) as exc:
        services.plan_create_from_proposal(scope=scope_of("daumoi.qltm"), proposal=proposal)
    assert "title" in exc.value.errors
    assert any("999999" in m for msgs in exc.value.errors.values() for m in msgs)
    assert Plan.objects.count() == before


def test_plan_outside_scope_is_refused(scope_of):
    proposal = th_proposal(place_code="42")  # Hà Tĩnh
    with pytest.raises(ValidationFailed) as exc:
        services.plan_create_from_proposal(scope=scope_of("daumoi.qltm"), proposal=proposal)
    assert "ngoài phạm vi" in exc.value.errors["place_code"][0]


def test_submit_accept_lock_and_revise(th_plan, scope_of):
    report = _report(th_plan, "2.2", "Phòng Quản lý công nghiệp", "2024-Q1")
    officer = scope_of("canbo.qlcn")
    services.report_submit(scope=officer, report_id=report.pk, status="on_track", narrative="Đã đăng tải danh mục.",
                           quantities=[QuantityIn(quantity=2, description="Lượt đăng tải", unit="lượt")])
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED and report.finished_on is not None
    focal = scope_of("daumoi.qltm")
    with pytest.raises(DomainError) as exc:
        services.report_review(scope=focal, report_id=report.pk, accept=False, comment="")
    assert "ý kiến" in exc.value.message
    services.report_review(scope=focal, report_id=report.pk, accept=True)
    report.refresh_from_db()
    assert report.state == ReportState.ACCEPTED and report.is_locked
    with pytest.raises(DomainError) as exc:
        services.report_submit(scope=officer, report_id=report.pk, status="done", narrative="Sửa")
    assert exc.value.code == "report_locked"
    new = services.report_revise(scope=officer, report_id=report.pk, reason="Bổ sung số liệu")
    assert new.revision == 2 and new.previous_id == report.pk
    report.refresh_from_db()
    assert report.state == ReportState.SUPERSEDED and not report.is_current
    assert new.quantities.get().quantity == 2
    services.report_submit(scope=officer, report_id=new.pk, status="done", narrative="Hoàn thành.")
    assert ProgressReport.objects.filter(task=report.task, unit=report.unit, period=report.period).count() == 2


def test_return_gives_comment_and_new_deadline(th_plan, scope_of):
    report = _report(th_plan, "2.2", "Phòng Quản lý công nghiệp", "2024-Q2")
    services.report_submit(scope=scope_of("canbo.qlcn"), report_id=report.pk, status="at_risk", narrative="Chậm.")
    services.report_review(scope=scope_of("daumoi.qltm"), report_id=report.pk, accept=False,
                           comment="Bổ sung số liệu cụ thể.")
    report.refresh_from_db()
    assert report.state == ReportState.RETURNED and report.finished_on is None
    assert report.review_comment == "Bổ sung số liệu cụ thể."


@pytest.mark.parametrize("bad, code", [
    (dict(quantities=[QuantityIn(quantity=-1, description="x")]), "quantity_negative"),
    (dict(status="unknown"), "status_invalid"),
    (dict(narrative="<script>alert(1)</script>"), "markup"),
])
def test_bad_report_input_changes_nothing(th_plan, scope_of, bad, code):
    report = _report(th_plan, "2.2", "Phòng Quản lý công nghiệp", "2024-Q1")
    args = dict(status="on_track", narrative="Đúng tiến độ.", quantities=[])
    args.update(bad)
    with pytest.raises(DomainError) as exc:
        services.report_submit(scope=scope_of("canbo.qlcn"), report_id=report.pk, **args)
    assert exc.value.code == code
    report.refresh_from_db()
    assert report.state == ReportState.PENDING and not report.quantities.exists()


def test_closed_period_refuses_reports(th_plan, scope_of):
    report = _report(th_plan, "2.2", "Phòng Quản lý công nghiệp", "2024-Q1")
    services.period_close(scope=scope_of("daumoi.qltm"), period_id=report.period_id)
    with pytest.raises(DomainError) as exc:
        services.report_submit(scope=scope_of("canbo.qlcn"), report_id=report.pk, status="done", narrative="Xong.")
    assert exc.value.code == "period_closed" and "đã khóa" in exc.value.message


def test_unit_officer_cannot_write_another_units_report(th_plan, scope_of):
    report = _report(th_plan, "2.1", "Phòng Quản lý thương mại", "2024-Q1")
    with pytest.raises((PermissionDenied, NotFound)):
        services.report_submit(scope=scope_of("canbo.qlcn"), report_id=report.pk, status="done", narrative="Xong.")
    with pytest.raises((PermissionDenied, NotFound)):
        services.report_submit(scope=scope_of("daumoi.camxuyen"), report_id=report.pk, status="done", narrative="X")
    report.refresh_from_db()
    assert report.state == ReportState.PENDING


def test_unit_officer_cannot_accept(th_plan, scope_of):
    report = _report(th_plan, "2.2", "Phòng Quản lý công nghiệp", "2024-Q1")
    services.report_submit(scope=scope_of("canbo.qlcn"), report_id=report.pk, status="done", narrative="Xong.")
    with pytest.raises(PermissionDenied):
        services.report_review(scope=scope_of("canbo.qlcn"), report_id=report.pk, accept=True)


def test_evidence_link_counts_towards_task_and_is_idempotent(th_plan):
    task = th_plan.tasks.get(number="2.5")
    output = task.outputs.first()
    obj = agency("Báo Thanh Hóa")  # any saved record stands in for an event
    link = services.evidence_link(task_id=task.pk, obj=obj, quantity=1, label="Phiên chợ Như Xuân",
                                  output_id=output.pk, occurred_on=dt.date(2024, 5, 10))
    assert link.period.code == "2024-Q2"
    services.evidence_link(task_id=task.pk, obj=obj, quantity=2, label="Phiên chợ Như Xuân")
    assert services.task_achieved(task) == 2
    services.evidence_withdraw(task_id=task.pk, obj=obj)
    assert services.task_achieved(task) == 0
    with pytest.raises(NotFound):
        services.evidence_link(task_id=99999999, obj=obj)


def test_reminders_before_and_after_due_once(th_plan):
    from hangviet.core.models import Notice
    from hangviet.plans.services.reminders import send_reminders

    q2 = ReportingPeriod.objects.get(plan=th_plan, code="2024-Q2")
    before = Notice.objects.count()
    assert send_reminders(on=q2.due_date - dt.timedelta(days=1)) == 4
    assert send_reminders(on=q2.due_date - dt.timedelta(days=1)) == 0
    assert Notice.objects.count() > before
    assert send_reminders(on=q2.due_date + dt.timedelta(days=1)) == 4  # missed


def test_district_task_carries_out_provincial_task(th_plan, scope_of):
    from hangviet.plans.models import Task

    from .helpers import th_proposal

    # a second Thanh Hóa plan (e.g. a district's) whose task carries out the department's task 2.5
    child = services.plan_create_from_proposal(scope=scope_of("daumoi.qltm"),
                                               proposal=th_proposal(title="Kế hoạch cấp dưới năm 2024"))
    task = child.tasks.get(number="2.5")
    parent = th_plan.tasks.get(number="2.5")
    services.task_link_delegation(scope=scope_of("daumoi.qltm"), task_id=task.pk, parent_task_id=parent.pk)
    assert list(parent.delegated_tasks.all()) == [task]
    with pytest.raises(DomainError):
        services.task_link_delegation(scope=scope_of("daumoi.qltm"), task_id=task.pk,
                                      parent_task_id=child.tasks.get(number="2.1").pk)
    with pytest.raises((PermissionDenied, NotFound)):
        services.task_link_delegation(scope=scope_of("canbo.qlcn"), task_id=task.pk, parent_task_id=None)
    assert Task.objects.get(pk=task.pk).carries_out_id == parent.pk


def test_rule_change_moves_open_due_dates(th_plan, scope_of):
    rule = th_plan.reporting_rules.get(frequency="quarterly")
    services.rule_update(scope=scope_of("daumoi.qltm"), rule_id=rule.pk, due_day=20, cutoff_day=14)
    q3 = ReportingPeriod.objects.get(plan=th_plan, code="2024-Q3")
    assert q3.due_date == dt.date(2024, 9, 19)
    assert set(ProgressReport.objects.filter(period=q3).values_list("due_date", flat=True)) == {dt.date(2024, 9, 19)}


def test_achieved_quantity_points_at_evidence(th_plan, scope_of):
    task = th_plan.tasks.get(number="2.5")
    output = task.outputs.get(unit="phiên", quantity=3)
    link = services.evidence_link(task_id=task.pk, obj=agency("Báo Thanh Hóa"), label="Phiên chợ Như Xuân",
                                  output_id=output.pk)
    report = _report(th_plan, "2.5", "Trung tâm Khuyến công và Tiết kiệm năng lượng", "2024-Q2")
    services.report_submit(scope=scope_of("admin"), report_id=report.pk, status="on_track", narrative="01 phiên.",
                           quantities=[QuantityIn(quantity=1, output_id=output.pk, evidence_ids=[link.pk])])
    assert list(report.quantities.get().evidence.all()) == [link]
    other = th_plan.tasks.get(number="2.2")
    foreign = services.evidence_link(task_id=other.pk, obj=agency("Báo Thanh Hóa"), label="x")
    with pytest.raises(DomainError) as exc:
        services.report_submit(scope=scope_of("admin"), report_id=report.pk, status="on_track", narrative="x",
                               quantities=[QuantityIn(quantity=1, evidence_ids=[foreign.pk], description="x")])
    assert exc.value.code == "evidence_unknown"


def test_periodic_reminder_task_runs(th_plan):
    from hangviet.plans.tasks import plan_report_reminders

    assert plan_report_reminders.call_local() == 0  # 2024 is long past: nothing within the grace window


def test_unmatched_unit_confirmed_as_new_is_created_once(scope_of):
    from hangviet.agencies.models import Agency

    proposal = th_proposal()
    proposal["tasks"][1]["coordinating_units"].append({"name": "Phòng Kỹ thuật an toàn và môi trường", "create": True})
    proposal["tasks"][2]["coordinating_units"] = [{"name": "Phòng Kỹ thuật an toàn và môi trường", "create": True}]
    plan = services.plan_create_from_proposal(scope=scope_of("daumoi.qltm"), proposal=proposal)
    created = Agency.objects.get(name="Phòng Kỹ thuật an toàn và môi trường")
    assert created.parent.name == "Sở Công Thương tỉnh Thanh Hóa"
    assert TaskAssignment.objects.filter(task__plan=plan, agency=created).count() == 2
    assert HistoryEntry.objects.filter(object_id=str(created.pk), note__contains="nhập kế hoạch").exists()


def test_rule_numbers_not_in_the_text_come_from_the_reporting_default(scope_of):
    from hangviet.plans.models import ReportingDefault

    default = ReportingDefault.current()
    assert default.cutoff_day == 14 and "09/2019" in default.legal_source
    default.due_day = 20
    default.save()
    proposal = th_proposal()
    proposal["reporting_rules"] = [{"frequency": "quarterly"}]
    plan = services.plan_create_from_proposal(scope=scope_of("daumoi.qltm"), proposal=proposal)
    rule = plan.reporting_rules.get()
    assert (rule.cutoff_day, rule.due_day) == (14, 20) and "09/2019" in rule.legal_source
    assert plan.periods.get(code="2024-Q3").due_date == dt.date(2024, 9, 19)
