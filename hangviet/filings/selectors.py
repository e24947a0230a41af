"""Reads of filings: the reviewer's queue (scoped to the receiving agency and its place), the filer's
own filings, one filing with its timeline."""

from __future__ import annotations

from django.db.models import QuerySet

from hangviet.agencies.scope import Scope
from hangviet.core.deadlines import due_soon_q, overdue_q
from hangviet.core.errors import DomainError, NotFound
from hangviet.core.search import words_q

from . import policy
from .models import PENDING_STATES, CommentVisibility, Filing, FilingComment, FilingDocument, FilingState

DUE_FILTERS = ("soon", "overdue", "pending")


def _base() -> QuerySet[Filing]:
    return Filing.objects.select_related("filer_business", "filer_user", "receiving_agency",
                                         "receiving_agency__place")


def reviewer_filings(*, scope: Scope, kind: str | None = None, state: str | None = None, due: str | None = None,
                     q: str | None = None) -> QuerySet[Filing]:
    """Filings received by an agency in the actor's scope (drafts are never shown to reviewers)."""
    if not scope.is_official:
        return Filing.objects.none()
    qs = scope.filter(_base(), agency_field="receiving_agency", place_field="receiving_agency__place")
    qs = qs.exclude(state=FilingState.DRAFT)
    if kind:
        qs = qs.filter(kind=kind)
    if state:
        if state not in FilingState.values:
            raise DomainError("state_invalid", "Trạng thái hồ sơ không hợp lệ.", field="state", status=422)
        qs = qs.filter(state=state)
    if due:
        if due not in DUE_FILTERS:
            raise DomainError("due_invalid", "Bộ lọc hạn chỉ nhận: soon, overdue, pending.", field="due", status=422)
        qs = qs.filter(state__in=PENDING_STATES)
        if due == "soon":
            qs = qs.filter(due_soon_q())
        elif due == "overdue":
            qs = qs.filter(overdue_q())
    if q:
        qs = qs.filter(words_q("search_key", q))
    return qs.order_by("due_date", "-submitted_at", "-id") if due else qs.order_by("-submitted_at", "-id")


def filer_filings(*, scope: Scope, kind: str | None = None, state: str | None = None) -> QuerySet[Filing]:
    """The filings of the actor's business (a business account) or filed by the actor (an official)."""
    if scope.is_business:
        qs = _base().filter(filer_business_id=scope.business_id)
    elif scope.user_id is not None:
        qs = _base().filter(filer_business__isnull=True, filer_user_id=scope.user_id)
    else:
        return Filing.objects.none()
    if kind:
        qs = qs.filter(kind=kind)
    if state and state in FilingState.values:
        qs = qs.filter(state=state)
    return qs.order_by("-created_at", "-id")


def filing_get(*, scope: Scope, filing_id) -> Filing:
    """One filing the actor may see (as filer or reviewer); others get the same 404."""
    try:
        pk = int(filing_id)
    except (TypeError, ValueError):
        raise NotFound("Không tìm thấy hồ sơ hoặc bạn không có quyền xem.") from None
    filing = _base().filter(pk=pk).first()
    if filing is None or not policy.can_view(scope, filing):
        raise NotFound("Không tìm thấy hồ sơ hoặc bạn không có quyền xem.")
    return filing


def filing_timeline(*, scope: Scope, filing: Filing) -> dict:
    """Events, comments the actor may read, and current documents of a filing."""
    comments = FilingComment.objects.filter(filing=filing).select_related("author")
    if not (policy.is_reviewer(scope, filing) or (scope.is_official and not policy.is_filer(scope, filing))):
        comments = comments.filter(visibility=CommentVisibility.FILER)
    return {
        "events": list(filing.events.select_related("actor").order_by("at", "id")),
        "comments": list(comments.order_by("created_at", "id")),
        "documents": list(FilingDocument.objects.filter(filing=filing, withdrawn_at__isnull=True)
                          .select_related("uploaded_by").order_by("uploaded_at", "id")),
    }


def document_get(*, scope: Scope, document_id) -> FilingDocument:
    try:
        pk = int(document_id)
    except (TypeError, ValueError):
        raise NotFound("Không tìm thấy tài liệu.") from None
    document = FilingDocument.objects.select_related("filing", "filing__receiving_agency__place").filter(
        pk=pk, withdrawn_at__isnull=True).first()
    if document is None or not policy.can_view(scope, document.filing):
        raise NotFound("Không tìm thấy tài liệu hoặc bạn không có quyền xem.")
    return document


def queue_counts(*, scope: Scope, kind: str | None = None) -> dict:
    """Pending / due soon / overdue counts of the actor's review queue (for dashboard cards)."""
    from django.db.models import Count

    qs = reviewer_filings(scope=scope, kind=kind).filter(state__in=PENDING_STATES)
    return qs.aggregate(pending=Count("pk"), soon=Count("pk", filter=due_soon_q()),
                        overdue=Count("pk", filter=overdue_q()))


__all__ = ["reviewer_filings", "filer_filings", "filing_get", "filing_timeline", "document_get", "queue_counts"]
