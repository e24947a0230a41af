"""Writes of progress reports: a unit submits (status, narrative, achieved quantities, files), the
focal-point officer accepts or returns with a comment; an accepted report is locked and a correction
is a new revision that keeps the old one."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from hangviet.agencies.scope import Scope
from hangviet.core import history, workdays
from hangviet.core.deadlines import today
from hangviet.core.errors import DomainError, NotFound, PermissionDenied
from hangviet.core.notify import notify_users
from hangviet.core.text import contains_markup, normalize_text
from hangviet.core.uploads import EVIDENCE_KINDS, check_upload

from .. import policy
from ..models import (
    AchievedQuantity,
    ProgressReport,
    ReportAttachment,
    ReportingPeriod,
    ReportState,
    Task,
    TaskEvidence,
    TaskOutput,
    TaskStatus,
)

MAX_QUANTITIES = 50
MAX_NARRATIVE = 20000


@dataclass
class QuantityIn:
    quantity: Decimal | float | int | str
    description: str = ""
    unit: str = ""
    output_id: int | None = None
    evidence_ids: list[int] = field(default_factory=list)


def _load(report_id: int, *, lock: bool = True) -> ProgressReport:
    qs = ProgressReport.objects.select_related("task__plan", "period", "unit")
    if lock:
        qs = qs.select_for_update(of=("self",)) if transaction.get_connection().features.has_select_for_update_of \
            else qs.select_for_update()
    report = qs.filter(pk=report_id).first()
    if report is None:
        raise NotFound("Không tìm thấy báo cáo hoặc bạn không có quyền xem.")
    return report


def report_for(*, scope: Scope, task_id: int, period_code: str, unit_id: int | None = None) -> ProgressReport:
    """The current report of a task, period and unit (the actor's own unit by default)."""
    from ..selectors.plans import task_get

    try:
        task = task_get(scope=scope, task_id=task_id)
    except NotFound:
        raise NotFound("Không tìm thấy nhiệm vụ (mã không tồn tại hoặc ngoài phạm vi của bạn).") from None
    period = ReportingPeriod.objects.filter(plan_id=task.plan_id, code=(period_code or "").strip().upper()).first()
    if period is None:
        raise DomainError("period_unknown", f"Kế hoạch không có kỳ báo cáo {period_code}.", field="period", status=422)
    qs = ProgressReport.objects.filter(task=task, period=period, is_current=True)
    if unit_id is not None:
        qs = qs.filter(unit_id=unit_id)
    else:
        qs = qs.filter(unit_id__in=scope.agency_ids)
    report = qs.order_by("unit_id").first()
    if report is None:
        raise PermissionDenied("Đơn vị của bạn không được giao chủ trì nhiệm vụ này nên không nộp báo cáo cho nhiệm vụ này.")
    return report


def _clean_quantities(task: Task, items: list[QuantityIn]) -> list[dict]:
    if len(items) > MAX_QUANTITIES:
        raise DomainError("too_many_quantities", f"Tối đa {MAX_QUANTITIES} dòng khối lượng.", field="quantities")
    outputs = {o.pk: o for o in TaskOutput.objects.filter(task=task)}
    evidence = set(TaskEvidence.objects.filter(task=task, withdrawn_at__isnull=True).values_list("pk", flat=True))
    cleaned = []
    for i, item in enumerate(items, start=1):
        try:
            quantity = Decimal(str(item.quantity).replace(",", "."))
        except (InvalidOperation, ValueError):
            raise DomainError("quantity_invalid", f"Dòng {i}: số lượng đạt được phải là một số.",
                              field="quantities", status=422) from None
        if not quantity.is_finite():
            raise DomainError("quantity_invalid", f"Dòng {i}: số lượng không hợp lệ.", field="quantities", status=422)
        if quantity < 0:
            raise DomainError("quantity_negative", f"Dòng {i}: số lượng đạt được không được là số âm.",
                              field="quantities", status=422)
        if quantity > Decimal("999999999999"):
            raise DomainError("quantity_too_large", f"Dòng {i}: số lượng quá lớn.", field="quantities", status=422)
        output = None
        if item.output_id is not None:
            output = outputs.get(item.output_id)
            if output is None:
                raise DomainError("output_unknown", f"Dòng {i}: sản phẩm dự kiến không thuộc nhiệm vụ này.",
                                  field="quantities", status=422)
        description = normalize_text(item.description)[:300] or (output.description[:300] if output else "")
        if not description:
            raise DomainError("quantity_description", f"Dòng {i}: ghi rõ nội dung của khối lượng đạt được.",
                              field="quantities", status=422)
        if contains_markup(description) or contains_markup(item.unit):
            raise DomainError("markup", f"Dòng {i}: không được chứa mã HTML hoặc script.", field="quantities",
                              status=422)
        bad = [e for e in item.evidence_ids or [] if e not in evidence]
        if bad:
            raise DomainError("evidence_unknown", f"Dòng {i}: minh chứng {bad[0]} không thuộc nhiệm vụ này.",
                              field="quantities", status=422)
        cleaned.append(dict(output=output, description=description, quantity=quantity,
                            unit=normalize_text(item.unit)[:60] or (output.unit if output else ""),
                            evidence_ids=list(item.evidence_ids or [])))
    return cleaned


def _check_writable(scope: Scope, report: ProgressReport):
    if not policy.can_write_report(scope, report):
        raise PermissionDenied("Bạn chỉ được nộp báo cáo của đơn vị mình.")
    if report.period.is_closed:
        raise DomainError("period_closed", f"Kỳ báo cáo {report.period.label} đã khóa, không nhận báo cáo nữa.",
                          field="period", status=409)
    if not report.is_current:
        raise DomainError("not_current", "Đây là bản cũ của báo cáo; hãy sửa bản hiện hành.", status=409)
    if report.state == ReportState.ACCEPTED:
        raise DomainError("report_locked", "Báo cáo đã được chấp nhận và khóa. Muốn điều chỉnh, hãy tạo bản điều "
                          "chỉnh (lần sau).", status=409)
    if report.task.plan.status != "active":
        raise DomainError("plan_closed", "Kế hoạch đã kết thúc, không nhận báo cáo.", status=409)


@transaction.atomic
def report_submit(*, scope: Scope, report_id: int, status: str, narrative: str,
                  quantities: list[QuantityIn] | None = None) -> ProgressReport:
    report = _load(report_id)
    if not (scope.is_admin or report.unit_id in scope.agency_ids or policy.can_review_report(scope, report)):
        raise NotFound("Không tìm thấy báo cáo hoặc bạn không có quyền xem.")
    _check_writable(scope, report)
    if status not in TaskStatus.values:
        raise DomainError("status_invalid", "Tình hình thực hiện phải là: chưa triển khai, đúng tiến độ, có nguy cơ "
                          "chậm, hoàn thành hoặc hủy bỏ.", field="status", status=422)
    narrative = normalize_text(narrative, multiline=True)
    if contains_markup(narrative):
        raise DomainError("markup", "Kết quả thực hiện không được chứa mã HTML hoặc script.", field="narrative",
                          status=422)
    if len(narrative) > MAX_NARRATIVE:
        raise DomainError("narrative_too_long", f"Kết quả thực hiện tối đa {MAX_NARRATIVE} ký tự.", field="narrative",
                          status=422)
    if not narrative:
        raise DomainError("narrative_missing", "Hãy ghi kết quả thực hiện trong kỳ.", field="narrative", status=422)
    cleaned = _clean_quantities(report.task, quantities or [])
    before = history.snapshot(report)
    report.quantities.all().delete()
    for row in cleaned:
        evidence_ids = row.pop("evidence_ids")
        achieved = AchievedQuantity.objects.create(report=report, **row)
        if evidence_ids:
            achieved.evidence.set(evidence_ids)
    report.status = status
    report.narrative = narrative
    report.state = ReportState.SUBMITTED
    report.submitted_by = scope.user
    report.submitted_at = timezone.now()
    report.stop_clock(on=today())
    report.save()
    history.record(report, actor=scope.user, action="submit", before=before,
                   note=f"{len(cleaned)} dòng khối lượng")
    _notify_reviewers(report)
    return report


def _notify_reviewers(report: ProgressReport):
    from hangviet.agencies.models import Role
    from hangviet.agencies.selectors import staff_of

    plan = report.task.plan
    if plan.focal_unit_id is None:
        return
    users = list(staff_of(agency_ids=[plan.focal_unit_id], roles=[Role.FOCAL]).values_list("id", flat=True))
    notify_users(user_ids=users, subject=f"Báo cáo mới: {report.unit} - nhiệm vụ {report.task.number}",
                 body=f"{report.unit} đã nộp báo cáo {report.period.label} cho nhiệm vụ {report.task.title}.",
                 link=reverse("admin:plans_progressreport_review", args=[report.pk]))


@transaction.atomic
def report_attach(*, scope: Scope, report_id: int, upload) -> ReportAttachment:
    report = _load(report_id)
    if not (scope.is_admin or report.unit_id in scope.agency_ids):
        raise NotFound("Không tìm thấy báo cáo hoặc bạn không có quyền xem.")
    _check_writable(scope, report)
    if report.attachments.count() >= 20:
        raise DomainError("too_many_files", "Mỗi báo cáo tối đa 20 tệp minh chứng.", field="file")
    checked = check_upload(upload, allowed=EVIDENCE_KINDS, max_bytes=settings.HANGVIET_MAX_UPLOAD_BYTES)
    attachment = ReportAttachment(report=report, original_name=checked.name[:255], content_type=checked.content_type,
                                  size=checked.size, uploaded_by=scope.user)
    attachment.file.save(checked.name, upload, save=True)
    history.record(report, actor=scope.user, action="attach", note=checked.name[:200])
    return attachment


@transaction.atomic
def report_review(*, scope: Scope, report_id: int, accept: bool, comment: str = "") -> ProgressReport:
    report = _load(report_id)
    if not policy.can_review_report(scope, report):
        if scope.is_official and report.unit_id in scope.agency_ids:
            raise PermissionDenied("Chỉ cán bộ đầu mối của kế hoạch được chấp nhận hoặc trả lại báo cáo.")
        raise NotFound("Không tìm thấy báo cáo hoặc bạn không có quyền xem.")
    if report.state != ReportState.SUBMITTED:
        raise DomainError("not_submitted", "Chỉ xem xét được báo cáo đã nộp và đang chờ xem xét.", status=409)
    comment = normalize_text(comment, multiline=True)
    if contains_markup(comment) or len(comment) > 4000:
        raise DomainError("comment_invalid", "Ý kiến tối đa 4000 ký tự, không chứa mã HTML.", field="comment",
                          status=422)
    if not accept and not comment:
        raise DomainError("comment_missing", "Khi trả lại báo cáo phải ghi rõ ý kiến để đơn vị bổ sung.",
                          field="comment", status=422)
    before = history.snapshot(report)
    report.reviewed_by = scope.user
    report.reviewed_at = timezone.now()
    report.review_comment = comment
    if accept:
        report.state = ReportState.ACCEPTED
    else:
        report.state = ReportState.RETURNED
        # the unit gets a fresh (never shorter) deadline to resubmit
        rule_days = report.period.rule.resubmit_working_days if report.period.rule_id else 3
        resubmit_by = workdays.add_working_days(today(), rule_days)
        report.finished_on = None
        report.due_date = max(report.due_date or resubmit_by, resubmit_by)
    report.save()
    history.record(report, actor=scope.user, action="accept" if accept else "return", before=before, note=comment)
    from hangviet.agencies.selectors import staff_of

    users = list(staff_of(agency_ids=[report.unit_id]).values_list("id", flat=True))
    verdict = "được chấp nhận" if accept else "bị trả lại"
    notify_users(user_ids=users, subject=f"Báo cáo nhiệm vụ {report.task.number} {verdict}",
                 body=f"Báo cáo {report.period.label} của {report.unit} {verdict}." + (f" Ý kiến: {comment}" if comment else ""),
                 link=reverse("admin:plans_my_work"))
    return report


@transaction.atomic
def report_revise(*, scope: Scope, report_id: int, reason: str) -> ProgressReport:
    """Open a correction of an accepted report: a new revision (copy), the old one kept as superseded."""
    old = _load(report_id)
    if not (policy.can_write_report(scope, old) or policy.can_review_report(scope, old)):
        raise NotFound("Không tìm thấy báo cáo hoặc bạn không có quyền xem.")
    if old.state != ReportState.ACCEPTED or not old.is_current:
        raise DomainError("not_accepted", "Chỉ điều chỉnh được báo cáo đã được chấp nhận (bản hiện hành).", status=409)
    if old.period.is_closed:
        raise DomainError("period_closed", f"Kỳ báo cáo {old.period.label} đã khóa, không điều chỉnh được.",
                          field="period", status=409)
    reason = normalize_text(reason, multiline=True)
    if not reason or contains_markup(reason) or len(reason) > 2000:
        raise DomainError("reason_missing", "Ghi rõ lý do điều chỉnh báo cáo (tối đa 2000 ký tự).", field="reason",
                          status=422)
    ProgressReport.objects.filter(pk=old.pk).update(is_current=False, state=ReportState.SUPERSEDED)
    new = ProgressReport.objects.create(
        task=old.task, unit=old.unit, period=old.period, revision=old.revision + 1, is_current=True, previous=old,
        state=ReportState.RETURNED, status=old.status, narrative=old.narrative, review_comment=reason,
        clock_started_on=today(), due_date=workdays.add_working_days(
            today(), old.period.rule.resubmit_working_days if old.period.rule_id else 3))
    for q in old.quantities.prefetch_related("evidence"):
        copy = AchievedQuantity.objects.create(report=new, output=q.output, description=q.description,
                                               quantity=q.quantity, unit=q.unit)
        copy.evidence.set(q.evidence.all())
    history.record(old, actor=scope.user, action="supersede", note=reason)
    history.record(new, actor=scope.user, action="create", note=f"Bản điều chỉnh lần {new.revision}: {reason}")
    return new


@transaction.atomic
def period_close(*, scope: Scope, period_id: int, closed: bool = True) -> ReportingPeriod:
    period = ReportingPeriod.objects.select_related("plan").filter(pk=period_id).first()
    if period is None:
        raise NotFound()
    if not policy.can_manage_plan(scope, period.plan):
        raise PermissionDenied("Chỉ đơn vị đầu mối được khóa hoặc mở kỳ báo cáo.")
    before = history.snapshot(period)
    period.is_closed = closed
    period.save(update_fields=["is_closed"])
    history.record(period, actor=scope.user, action="close" if closed else "reopen", before=before)
    return period
