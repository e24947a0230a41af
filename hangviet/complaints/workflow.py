"""The handling workflow: accept or refuse, assign, forward (to the business, Market Surveillance or
another agency; the clock pauses while awaiting the business's reply), resolve, withdraw, transfer.
Every step records time, officer and note; escalation to the leader when overdue."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from hangviet.agencies.models import Agency, Role, User
from hangviet.agencies.scope import Scope
from hangviet.core import history
from hangviet.core.deadlines import overdue_q
from hangviet.core.errors import DomainError, PermissionDenied
from hangviet.core.notify import notify_users
from hangviet.core.text import contains_markup, normalize_text

from . import policy
from .models import Complaint, ForwardTarget, Status, Step

ALLOWED = {
    "accept": {Status.RECEIVED},
    "refuse": {Status.RECEIVED},
    "assign": {Status.ACCEPTED, Status.ASSIGNED, Status.FORWARDED, Status.AWAITING_REPLY},
    "forward": {Status.ACCEPTED, Status.ASSIGNED, Status.FORWARDED, Status.AWAITING_REPLY},
    "reply_received": {Status.AWAITING_REPLY, Status.FORWARDED},
    "resolve": {Status.ACCEPTED, Status.ASSIGNED, Status.FORWARDED, Status.AWAITING_REPLY},
    "withdraw": {Status.RECEIVED, Status.ACCEPTED, Status.ASSIGNED, Status.FORWARDED, Status.AWAITING_REPLY},
    "transfer": {Status.RECEIVED, Status.ACCEPTED, Status.ASSIGNED, Status.FORWARDED, Status.AWAITING_REPLY},
}
LABELS = {"accept": "thụ lý", "refuse": "không thụ lý", "assign": "giao đơn vị", "forward": "chuyển xử lý",
          "reply_received": "ghi nhận phản hồi", "resolve": "kết thúc giải quyết", "withdraw": "ghi nhận rút đơn",
          "transfer": "chuyển cơ quan có thẩm quyền"}


def _text(value: str, field: str, limit: int = 5000) -> str:
    value = normalize_text(value or "", multiline=True)
    if contains_markup(value):
        raise DomainError("markup", "Không được chứa mã HTML hoặc script.", field=field)
    if len(value) > limit:
        raise DomainError("too_long", f"Tối đa {limit} ký tự.", field=field)
    return value


def _load(scope: Scope, complaint_id: int) -> Complaint:
    from .selectors import complaint_list

    if not policy.can_handle(scope):
        raise PermissionDenied()
    complaint = complaint_list(scope=scope).select_for_update(of=("self",)).filter(pk=complaint_id).first()
    if complaint is None:
        from hangviet.core.errors import NotFound
        raise NotFound()
    return complaint


def act(*, scope: Scope, complaint_id: int, action: str, note: str = "", public_note: str = "",
        reason: str = "", target: str = "", target_name: str = "", agency_id: int | None = None,
        outcome: str = "") -> Complaint:
    if action not in ALLOWED:
        raise DomainError("action_invalid", "Thao tác không hợp lệ.", field="action")
    note = _text(note, "note")
    public_note = _text(public_note, "public_note", 500)
    with transaction.atomic():
        complaint = _load(scope, complaint_id)
        if complaint.status not in ALLOWED[action]:
            raise DomainError("state", f"Không thể {LABELS[action]} hồ sơ đang ở trạng thái "
                                       f"“{complaint.get_status_display()}”.", field="status", status=409)
        before = history.snapshot(complaint)
        today = timezone.localdate()
        step = Step(complaint=complaint, actor=scope.user, note=note, public_note=public_note)
        if action == "accept":
            complaint.status = Status.ACCEPTED
        elif action == "refuse":
            reason = _text(reason, "reason")
            if not reason:
                raise DomainError("reason_required", "Nhập lý do không thụ lý.", field="reason")
            complaint.status, complaint.refusal_reason = Status.REFUSED, reason
            step.public_note = public_note or reason[:500]
            complaint.stop_clock(on=today)
        elif action == "assign":
            agency = Agency.objects.filter(pk=agency_id).first() if agency_id else None
            if agency is None or not scope.covers_agency(agency.pk):
                raise DomainError("agency_invalid", "Chọn đơn vị xử lý thuộc phạm vi của bạn.", field="agency_id")
            complaint.status, complaint.handling_agency = Status.ASSIGNED, agency
            step.target_name = agency.name
        elif action == "forward":
            if target not in ForwardTarget.values:
                raise DomainError("target_invalid", "Chọn nơi chuyển: doanh nghiệp, Quản lý thị trường hoặc cơ quan khác.",
                                  field="target")
            step.target = target
            step.target_name = _text(target_name, "target_name", 255) or (
                complaint.business_name if target == ForwardTarget.BUSINESS else "")
            if target == ForwardTarget.BUSINESS:
                complaint.status = Status.AWAITING_REPLY
                complaint.pause_clock(on=today)  # the business's reply time does not count
            else:
                complaint.status = Status.FORWARDED
        elif action == "reply_received":
            complaint.status = Status.FORWARDED
            complaint.resume_clock(on=today)
        elif action in ("resolve", "withdraw", "transfer"):
            if action == "resolve":
                outcome = _text(outcome, "outcome")
                if not outcome:
                    raise DomainError("outcome_required", "Nhập kết quả giải quyết để thông báo cho người phản ánh.",
                                      field="outcome")
                complaint.public_outcome = outcome
            complaint.status = {"resolve": Status.RESOLVED, "withdraw": Status.WITHDRAWN,
                                "transfer": Status.TRANSFERRED}[action]
            if action == "transfer":
                step.target, step.target_name = ForwardTarget.AGENCY, _text(target_name, "target_name", 255)
            complaint.stop_clock(on=today)
        step.status = complaint.status
        complaint.save()
        step.save()
        history.record(complaint, actor=scope.user, action="update", before=before, note=f"{action}: {note}"[:500])
    return complaint


def close_by_inspection(*, complaint: Complaint, actor, outcome: str) -> None:
    """Called by the inspections service inside its transaction."""
    if complaint.is_closed:
        return
    before = history.snapshot(complaint)
    complaint.status = Status.RESOLVED
    complaint.public_outcome = outcome
    complaint.stop_clock(on=timezone.localdate())
    complaint.save()
    Step.objects.create(complaint=complaint, status=Status.RESOLVED, actor=actor, note="Kết thúc theo kết quả kiểm tra",
                        public_note=outcome[:500])
    history.record(complaint, actor=actor, action="update", before=before, note="inspection result")


def escalate_overdue() -> int:
    """Notify the leaders once for every overdue open complaint; returns how many were escalated."""
    count = 0
    leaders = list(User.objects.filter(role=Role.LEADER, is_active=True).values_list("pk", flat=True))
    with transaction.atomic():
        for complaint in Complaint.objects.filter(overdue_q(), escalated_at__isnull=True).select_for_update()[:500]:
            complaint.escalated_at = timezone.now()
            complaint.save(update_fields=["escalated_at"])
            count += 1
            notify_users(user_ids=leaders, subject=f"Hồ sơ phản ánh {complaint.reference} quá hạn",
                         body=f"Hạn xử lý {complaint.due_date:%d/%m/%Y} đã qua.",
                         link=f"/quan-tri/complaints/complaint/{complaint.pk}/change/")
    return count
