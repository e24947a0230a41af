"""Writes of the filing workflow. Every transition is one transaction: it checks who may act and from
which state (policy.TRANSITIONS), asks the kind's hooks, moves the state, runs the working-day clock,
writes a FilingEvent and a history entry, and queues notifications (sent after commit)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from hangviet.agencies.models import User
from hangviet.agencies.scope import Scope
from hangviet.core import history
from hangviet.core.deadlines import today
from hangviet.core.errors import DomainError, NotFound, PermissionDenied
from hangviet.core.notify import notify_users
from hangviet.core.text import contains_markup, normalize_text
from hangviet.core.uploads import EVIDENCE_KINDS, check_upload

from . import policy
from .kinds import get_kind
from .models import (
    ACTION_LABELS,
    CommentVisibility,
    Filing,
    FilingComment,
    FilingDocument,
    FilingEvent,
    FilingState,
)

NOTE_REQUIRED = {"refuse": "lý do không xác nhận", "request_changes": "nội dung cần bổ sung, sửa đổi",
                 "suspend": "lý do đình chỉ"}
MAX_NOTE = 4000


def _clean_note(note: str | None, *, field: str = "note") -> str:
    note = normalize_text(note, multiline=True)
    if len(note) > MAX_NOTE:
        raise DomainError("note_too_long", f"Ý kiến tối đa {MAX_NOTE} ký tự.", field=field)
    if contains_markup(note):
        raise DomainError("note_markup", "Ý kiến không được chứa mã HTML hoặc script.", field=field)
    return note


def _locked(filing_id) -> Filing:
    try:
        pk = int(filing_id)
    except (TypeError, ValueError):
        raise NotFound("Không tìm thấy hồ sơ hoặc bạn không có quyền xem.") from None
    filing = (Filing.objects.select_for_update().filter(pk=pk).first())
    if filing is None:
        raise NotFound("Không tìm thấy hồ sơ hoặc bạn không có quyền xem.")
    return filing


def _reviewer_ids(filing: Filing) -> list[int]:
    from hangviet.agencies.scope import agency_subtree_ids

    if filing.receiving_agency_id is None:
        return []
    return list(User.objects.filter(agency_id__in=agency_subtree_ids(filing.receiving_agency_id), is_active=True,
                                    role__in=policy.REVIEWER_ROLES).values_list("id", flat=True))


def _filer_ids(filing: Filing) -> list[int]:
    if filing.filer_business_id:
        return list(User.objects.filter(business_id=filing.filer_business_id, is_active=True).values_list("id", flat=True))
    return [filing.filer_user_id] if filing.filer_user_id else []


def _link(spec, filing, *, for_filer: bool) -> str:
    fn = spec.filer_url if for_filer else spec.admin_url
    if fn is not None:
        try:
            return fn(filing)
        except Exception:  # noqa: BLE001 - a broken link must not break a transition
            return ""
    return f"/ho-so-cua-toi/{filing.pk}/" if for_filer else f"/quan-tri/filings/filing/{filing.pk}/change/"


def _record(filing: Filing, *, actor, action: str, from_state: str, note: str) -> None:
    FilingEvent.objects.create(filing=filing, actor=actor if getattr(actor, "pk", None) else None, action=action,
                               from_state=from_state, to_state=filing.state, note=note)
    history.record(filing, actor=actor, action=action, note=note,
                   changes={"state": [from_state, filing.state]} if from_state != filing.state else {})


# --- create and edit ------------------------------------------------------------------------------
@transaction.atomic
def filing_create(*, scope: Scope, kind: str, title: str, business_id: int | None = None) -> Filing:
    """A draft filing. A business account files for its own business; an official for their agency."""
    get_kind(kind)
    title = normalize_text(title)
    if not title:
        raise DomainError("title_missing", "Tên hồ sơ là bắt buộc.", field="title")
    if len(title) > 300 or contains_markup(title):
        raise DomainError("title_invalid", "Tên hồ sơ tối đa 300 ký tự, không chứa mã HTML.", field="title")
    if scope.is_business:
        business_id = scope.business_id
    elif business_id is not None and not scope.is_admin:
        raise PermissionDenied("Chỉ tài khoản của doanh nghiệp được nộp hồ sơ thay doanh nghiệp đó.")
    elif scope.is_anonymous:
        raise PermissionDenied("Cần đăng nhập để nộp hồ sơ.")
    filing = Filing.objects.create(kind=kind, title=title, filer_business_id=business_id,
                                   filer_user=scope.user if getattr(scope.user, "pk", None) else None)
    FilingEvent.objects.create(filing=filing, actor=filing.filer_user, action="create", from_state="",
                               to_state=filing.state)
    history.record(filing, actor=scope.user, action="create")
    return filing


@transaction.atomic
def filing_set_title(*, scope: Scope, filing_id: int, title: str) -> Filing:
    filing = _locked(filing_id)
    if not policy.is_filer(scope, filing):
        raise NotFound("Không tìm thấy hồ sơ hoặc bạn không có quyền xem.")
    if not filing.is_editable:
        raise DomainError("filing_locked", f"Hồ sơ đang ở trạng thái “{filing.get_state_display()}”: không sửa được.")
    title = normalize_text(title)
    if not title or len(title) > 300 or contains_markup(title):
        raise DomainError("title_invalid", "Tên hồ sơ là bắt buộc, tối đa 300 ký tự, không chứa mã HTML.", field="title")
    filing.title = title
    filing.save(update_fields=["title", "search_key", "updated_at"])
    return filing


def ensure_editable(*, scope: Scope, filing: Filing) -> None:
    """Domain apps call this before changing the typed content of a filing."""
    if not policy.is_filer(scope, filing):
        raise NotFound("Không tìm thấy hồ sơ hoặc bạn không có quyền xem.")
    if not filing.is_editable:
        raise DomainError(
            "filing_locked",
            f"Hồ sơ {filing.reference or ''} đang ở trạng thái “{filing.get_state_display()}”: không sửa được. "
            "Chỉ sửa hồ sơ nháp hoặc hồ sơ được yêu cầu bổ sung.",
        )


# --- the transition engine ----------------------------------------------------------------------
def _transition(*, scope: Scope, filing_id: int, action: str, note: str = "", reason_field: str = "note") -> Filing:
    filing = _locked(filing_id)
    if not policy.can_view(scope, filing):
        raise NotFound("Không tìm thấy hồ sơ hoặc bạn không có quyền xem.")
    states, who = policy.TRANSITIONS[action]
    if filing.state not in states:
        raise DomainError(
            "filing_state",
            f"Không thể “{ACTION_LABELS[action].lower()}” khi hồ sơ đang ở trạng thái “{filing.get_state_display()}”.",
            status=409,
        )
    if not policy.can(scope, filing, action):
        raise PermissionDenied(
            "Chỉ cơ quan tiếp nhận được thực hiện thao tác này." if who == ("reviewer",)
            else "Chỉ tổ chức nộp hồ sơ được thực hiện thao tác này.")
    note = _clean_note(note, field=reason_field)
    needs = NOTE_REQUIRED.get(action)
    if action == "cancel" and filing.state != FilingState.DRAFT:
        needs = "lý do hủy"
    if needs and not note:
        raise DomainError("reason_missing", f"Phải ghi rõ {needs}.", field=reason_field)
    spec = get_kind(filing.kind)
    if spec.check_transition is not None:
        spec.check_transition(filing, action, scope)

    from_state = filing.state
    now = timezone.now()
    day = today()
    event_action = action
    if action in ("submit", "amend"):
        if spec.resolve_receiver is not None:
            filing.receiving_agency = spec.resolve_receiver(filing)
        if filing.receiving_agency_id is None:
            raise DomainError("receiver_missing", "Không xác định được cơ quan tiếp nhận hồ sơ này.")
        if spec.validate_submission is not None:
            filing.payload = spec.validate_submission(filing) or {}
        if action == "submit" and from_state == FilingState.CHANGES_REQUESTED:
            event_action = "resubmit"
        filing.state = FilingState.SUBMITTED if action == "submit" else FilingState.AMENDED
        filing.submitted_at = now
        filing.decided_at = None
        filing.decision_note = ""
        if not filing.reference:
            filing.reference = f"{spec.prefix}-{now.year}-{filing.pk:06d}"
        working_days = spec.review_working_days(filing) if spec.review_working_days else None
        filing.start_clock(on=day, working_days=working_days)
    elif action == "acknowledge":
        filing.state = FilingState.ACKNOWLEDGED
    elif action == "request_changes":
        filing.state = FilingState.CHANGES_REQUESTED
        filing.decision_note = note
        filing.pause_clock(on=day)
    elif action == "confirm":
        filing.state = FilingState.CONFIRMED
        filing.decided_at = now
        filing.decision_note = note
        filing.stop_clock(on=day)
        filing.confirmed_payload = filing.payload
    elif action == "refuse":
        if from_state == FilingState.AMENDED:
            # A refused amendment leaves the confirmed filing as it was.
            event_action = "refuse_amendment"
            filing.state = FilingState.CONFIRMED
            filing.payload = filing.confirmed_payload or filing.payload
        else:
            filing.state = FilingState.REFUSED
        filing.decided_at = now
        filing.decision_note = note
        filing.stop_clock(on=day)
    elif action in ("suspend", "cancel", "close"):
        filing.state = {"suspend": FilingState.SUSPENDED, "cancel": FilingState.CANCELLED,
                        "close": FilingState.CLOSED}[action]
        if action != "close":
            filing.decision_note = note
        if filing.finished_on is None and filing.clock_started_on is not None:
            filing.stop_clock(on=day)
    filing.save()
    if spec.after_transition is not None:
        spec.after_transition(filing, event_action, scope)
    _record(filing, actor=scope.user, action=event_action, from_state=from_state, note=note)
    _notify(filing, spec=spec, action=event_action, note=note, by_filer=policy.is_filer(scope, filing))
    return filing


def _notify(filing: Filing, *, spec, action: str, note: str, by_filer: bool) -> None:
    label = ACTION_LABELS.get(action, action)
    subject = f"{filing.reference or ''} {label}: {filing.title}"[:200]
    body = f"Hồ sơ “{filing.title}” ({spec.label}): {label.lower()}. Trạng thái: {filing.get_state_display()}."
    if note:
        body += f"\nÝ kiến: {note}"
    if filing.due_date and filing.is_pending:
        body += f"\nHạn trả lời: {filing.due_date:%d/%m/%Y}."
    if by_filer:
        notify_users(user_ids=_reviewer_ids(filing), subject=subject, body=body, link=_link(spec, filing, for_filer=False))
    else:
        notify_users(user_ids=_filer_ids(filing), subject=subject, body=body, link=_link(spec, filing, for_filer=True))


@transaction.atomic
def filing_submit(*, scope: Scope, filing_id: int) -> Filing:
    return _transition(scope=scope, filing_id=filing_id, action="submit")


@transaction.atomic
def filing_acknowledge(*, scope: Scope, filing_id: int, note: str = "") -> Filing:
    return _transition(scope=scope, filing_id=filing_id, action="acknowledge", note=note)


@transaction.atomic
def filing_request_changes(*, scope: Scope, filing_id: int, note: str) -> Filing:
    filing = _transition(scope=scope, filing_id=filing_id, action="request_changes", note=note)
    FilingComment.objects.create(filing=filing, author=scope.user, body=filing.decision_note,
                                 visibility=CommentVisibility.FILER)
    return filing


@transaction.atomic
def filing_confirm(*, scope: Scope, filing_id: int, note: str = "") -> Filing:
    return _transition(scope=scope, filing_id=filing_id, action="confirm", note=note)


@transaction.atomic
def filing_refuse(*, scope: Scope, filing_id: int, reason: str) -> Filing:
    return _transition(scope=scope, filing_id=filing_id, action="refuse", note=reason, reason_field="reason")


@transaction.atomic
def filing_amend(*, scope: Scope, filing_id: int, note: str = "") -> Filing:
    return _transition(scope=scope, filing_id=filing_id, action="amend", note=note)


@transaction.atomic
def filing_suspend(*, scope: Scope, filing_id: int, reason: str) -> Filing:
    return _transition(scope=scope, filing_id=filing_id, action="suspend", note=reason, reason_field="reason")


@transaction.atomic
def filing_cancel(*, scope: Scope, filing_id: int, reason: str = "") -> Filing:
    return _transition(scope=scope, filing_id=filing_id, action="cancel", note=reason, reason_field="reason")


@transaction.atomic
def filing_close(*, scope: Scope, filing_id: int, note: str = "") -> Filing:
    return _transition(scope=scope, filing_id=filing_id, action="close", note=note)


ACTION_SERVICES = {
    "submit": lambda scope, fid, note: filing_submit(scope=scope, filing_id=fid),
    "acknowledge": lambda scope, fid, note: filing_acknowledge(scope=scope, filing_id=fid, note=note),
    "request_changes": lambda scope, fid, note: filing_request_changes(scope=scope, filing_id=fid, note=note),
    "confirm": lambda scope, fid, note: filing_confirm(scope=scope, filing_id=fid, note=note),
    "refuse": lambda scope, fid, note: filing_refuse(scope=scope, filing_id=fid, reason=note),
    "amend": lambda scope, fid, note: filing_amend(scope=scope, filing_id=fid, note=note),
    "suspend": lambda scope, fid, note: filing_suspend(scope=scope, filing_id=fid, reason=note),
    "cancel": lambda scope, fid, note: filing_cancel(scope=scope, filing_id=fid, reason=note),
    "close": lambda scope, fid, note: filing_close(scope=scope, filing_id=fid, note=note),
}


def filing_act(*, scope: Scope, filing_id: int, action: str, note: str = "") -> Filing:
    """Dispatch an action by name (for the generic review screen and API)."""
    service = ACTION_SERVICES.get(action)
    if service is None:
        raise DomainError("action_unknown", "Thao tác không hợp lệ.", field="action")
    return service(scope, filing_id, note)


# --- comments and documents -----------------------------------------------------------------------
@transaction.atomic
def filing_comment_add(*, scope: Scope, filing_id: int, body: str,
                       visibility: str = CommentVisibility.FILER) -> FilingComment:
    filing = _locked(filing_id)
    if not policy.can_view(scope, filing):
        raise NotFound("Không tìm thấy hồ sơ hoặc bạn không có quyền xem.")
    body = _clean_note(body, field="body")
    if not body:
        raise DomainError("body_missing", "Nội dung ý kiến là bắt buộc.", field="body")
    if visibility not in CommentVisibility.values:
        raise DomainError("visibility_invalid", "Phạm vi xem ý kiến không hợp lệ.", field="visibility")
    by_filer = policy.is_filer(scope, filing)
    if by_filer:
        visibility = CommentVisibility.FILER
    elif not policy.is_reviewer(scope, filing):
        raise PermissionDenied("Chỉ cơ quan tiếp nhận và tổ chức nộp được ghi ý kiến.")
    comment = FilingComment.objects.create(filing=filing, author=scope.user, body=body, visibility=visibility)
    history.record(filing, actor=scope.user, action="comment", note=body[:300])
    if visibility == CommentVisibility.FILER:
        spec = get_kind(filing.kind)
        subject = f"{filing.reference or ''} Ý kiến mới: {filing.title}"[:200]
        ids = _reviewer_ids(filing) if by_filer else _filer_ids(filing)
        notify_users(user_ids=ids, subject=subject, body=body, link=_link(spec, filing, for_filer=not by_filer))
    return comment


@transaction.atomic
def filing_document_add(*, scope: Scope, filing_id: int, upload, label: str = "") -> FilingDocument:
    filing = _locked(filing_id)
    if not policy.can_view(scope, filing):
        raise NotFound("Không tìm thấy hồ sơ hoặc bạn không có quyền xem.")
    if policy.is_filer(scope, filing):
        if filing.state in (FilingState.REFUSED, FilingState.CANCELLED, FilingState.CLOSED):
            raise DomainError("filing_locked", f"Hồ sơ đã ở trạng thái “{filing.get_state_display()}”: không nộp thêm tài liệu.")
    elif not policy.is_reviewer(scope, filing):
        raise PermissionDenied()
    checked = check_upload(upload, allowed=EVIDENCE_KINDS, field="file")
    label = normalize_text(label) or checked.name
    if len(label) > 200 or contains_markup(label):
        raise DomainError("label_invalid", "Tên tài liệu tối đa 200 ký tự, không chứa mã HTML.", field="label")
    document = FilingDocument(filing=filing, label=label, original_name=checked.name[:255],
                              content_type=checked.content_type, size=checked.size, uploaded_by=scope.user)
    upload.seek(0)
    document.file.save(checked.name, upload, save=False)
    document.save()
    history.record(filing, actor=scope.user, action="document_add", note=label)
    return document


@transaction.atomic
def filing_document_withdraw(*, scope: Scope, document_id: int) -> FilingDocument:
    document = FilingDocument.objects.select_related("filing").filter(pk=document_id, withdrawn_at__isnull=True).first()
    if document is None or not policy.is_filer(scope, document.filing):
        raise NotFound("Không tìm thấy tài liệu hoặc bạn không có quyền.")
    if not document.filing.is_editable:
        raise DomainError("filing_locked", "Chỉ rút tài liệu khi hồ sơ còn là bản nháp hoặc đang được yêu cầu bổ sung.")
    document.withdrawn_at = timezone.now()
    document.save(update_fields=["withdrawn_at"])
    history.record(document.filing, actor=scope.user, action="document_withdraw", note=document.label)
    return document


def filing_recompute_deadlines(*, kind: str | None = None) -> int:
    """Apply a calendar or rule change to every open filing's due date."""
    qs = Filing.objects.filter(finished_on__isnull=True, clock_working_days__isnull=False)
    if kind:
        qs = qs.filter(kind=kind)
    changed = 0
    for filing in qs.iterator():
        spec = get_kind(filing.kind, missing_ok=True)
        before = filing.due_date
        if spec and spec.review_working_days and filing.is_pending:
            filing.clock_working_days = spec.review_working_days(filing)
        filing.recompute()
        if filing.due_date != before:
            filing.save(update_fields=["clock_working_days", "due_date", "updated_at"])
            changed += 1
    return changed


def filing_escalate_overdue(*, on=None) -> int:
    """Tell the leaders of the receiving agency (and its reviewers) about filings past their due date,
    once per filing (the clock's `escalated_at`). Returns how many were escalated."""
    from hangviet.agencies.models import Role
    from hangviet.agencies.scope import agency_subtree_ids
    from hangviet.core.deadlines import overdue_q

    count = 0
    overdue = Filing.objects.filter(overdue_q(on), state__in=("submitted", "acknowledged", "amended"),
                                    escalated_at__isnull=True).select_related("receiving_agency")
    for filing in overdue:
        with transaction.atomic():
            locked = Filing.objects.select_for_update().get(pk=filing.pk)
            if locked.escalated_at is not None:
                continue
            locked.escalated_at = timezone.now()
            locked.save(update_fields=["escalated_at", "updated_at"])
            agency_ids = set(agency_subtree_ids(locked.receiving_agency_id)) if locked.receiving_agency_id else set()
            if locked.receiving_agency and locked.receiving_agency.parent_id:
                agency_ids.add(locked.receiving_agency.parent_id)
            leaders = list(User.objects.filter(agency_id__in=agency_ids, role=Role.LEADER, is_active=True)
                           .values_list("id", flat=True))
            spec = get_kind(locked.kind, missing_ok=True)
            notify_users(user_ids=sorted(set(leaders) | set(_reviewer_ids(locked))),
                         subject=f"Quá hạn xử lý: {locked.reference} {locked.title}"[:200],
                         body=f"Hồ sơ {locked.reference} ({spec.label if spec else locked.kind}) quá hạn xử lý từ "
                              f"{locked.due_date:%d/%m/%Y}.",
                         link=_link(spec, locked, for_filer=False) if spec else "")
            history.record(locked, action="escalate", note="Quá hạn xử lý: đã báo lãnh đạo")
            count += 1
    return count

