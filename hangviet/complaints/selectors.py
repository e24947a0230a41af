"""Reads for complaints, each filtered by the actor's scope; the public tracking view carries no
personal data."""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.db.models.functions import TruncMonth

from hangviet.agencies.scope import Scope
from hangviet.core import workdays
from hangviet.core.deadlines import bucket_counts, due_soon_q, overdue_q
from hangviet.core.errors import NotFound
from hangviet.core.search import words_q
from hangviet.places.models import Level

from .models import CLOSED_STATUSES, Category, Channel, Complaint, PersonalDataAccess, Status, Step
from .services import hash_code, normalize_code


def complaint_list(*, scope: Scope, status: str | None = None, category: str | None = None,
                   q: str | None = None, due: str | None = None) -> QuerySet[Complaint]:
    if scope.is_anonymous or scope.is_business:
        return Complaint.objects.none()
    qs = scope.filter(Complaint.objects.all(), place_field="place", agency_field="handling_agency")
    qs = qs.select_related("place", "business", "handling_agency")
    if status:
        qs = qs.filter(status=status)
    if category:
        qs = qs.filter(category=category)
    if q:
        qs = qs.filter(words_q("search_key", q[:200]))
    if due == "overdue":
        qs = qs.filter(overdue_q())
    elif due == "soon":
        qs = qs.filter(due_soon_q())
    return qs


def complaint_get(*, scope: Scope, complaint_id: int) -> Complaint:
    complaint = complaint_list(scope=scope).filter(pk=complaint_id).first()
    if complaint is None:
        raise NotFound()
    return complaint


def complainant_view(*, scope: Scope, complaint: Complaint, purpose: str = "view"):
    """The complainant's identity, for officers handling the case; every view is logged."""
    from hangviet.core.errors import PermissionDenied

    from . import policy

    if not policy.can_handle(scope):
        raise PermissionDenied()
    complaint_get(scope=scope, complaint_id=complaint.pk)  # scope check
    PersonalDataAccess.objects.create(complaint=complaint, user=scope.user, purpose=purpose[:50])
    return complaint.complainant


@dataclass
class PublicStatus:
    reference: str
    kind: str
    category: str
    status: str
    status_code: str
    received_at: object
    due_date: object
    finished_on: object
    outcome: str
    business_name: str
    timeline: list[dict]
    inspection_results: list[str]


def track(code: str) -> PublicStatus:
    code = normalize_code(code)
    if not 10 <= len(code) <= 20:
        raise NotFound("Không tìm thấy hồ sơ với mã tra cứu này.")
    complaint = Complaint.objects.filter(tracking_hash=hash_code(code)).first()
    if complaint is None:
        raise NotFound("Không tìm thấy hồ sơ với mã tra cứu này.")
    steps = list(Step.objects.filter(complaint=complaint).order_by("at", "id"))
    timeline = [{"at": s.at, "status": s.get_status_display(), "status_code": s.status,
                 "target": s.get_target_display() if s.target else "", "note": s.public_note} for s in steps]
    results = []
    for insp in complaint.inspections.filter(status__in=["done", "closed"]).prefetch_related("violations"):
        violations = list(insp.violations.all())
        if violations:
            results.append(f"Kiểm tra ngày {insp.inspected_on:%d/%m/%Y}: phát hiện {len(violations)} vi phạm, "
                           f"xử phạt {sum(v.fine_amount for v in violations):,} đồng.".replace(",", "."))
        else:
            results.append(f"Kiểm tra ngày {insp.inspected_on:%d/%m/%Y}: không phát hiện vi phạm.")
    return PublicStatus(
        reference=complaint.reference, kind=complaint.get_kind_display(), category=complaint.get_category_display(),
        status=complaint.get_status_display(), status_code=complaint.status, received_at=complaint.received_at,
        due_date=complaint.due_date, finished_on=complaint.finished_on, outcome=complaint.public_outcome,
        business_name=complaint.business_name, timeline=timeline, inspection_results=results)


def stats(*, scope: Scope) -> dict:
    """Counts without personal data; linked duplicates are not counted twice."""
    qs = complaint_list(scope=scope).filter(duplicate_of__isnull=True)
    by = lambda f: list(qs.values(f).annotate(n=Count("pk")).order_by("-n"))  # noqa: E731
    buckets = bucket_counts(qs)
    return {"total": qs.count(), "by_category": by("category"), "by_channel": by("channel"),
            "by_status": by("status"), "by_province": list(qs.values("place__province__name").annotate(
                n=Count("pk")).order_by("-n")[:20]),
            "overdue": qs.filter(overdue_q()).count(), "due_soon": qs.filter(due_soon_q()).count(),
            "on_time_rate": buckets.on_time_rate, "open": qs.exclude(status__in=[
                Status.REFUSED, Status.RESOLVED, Status.WITHDRAWN, Status.TRANSFERRED]).count()}


# --- dashboards and open data -------------------------------------------------------------------
def _labelled(rows, key: str, choices) -> list[dict]:
    labels = dict(choices)
    return [{"key": r[key], "label": str(labels.get(r[key], r[key] or "—")), "n": r["n"]} for r in rows]


def _by_month(qs, field: str = "received_at") -> list[dict]:
    rows = (qs.annotate(month=TruncMonth(field)).values("month").annotate(n=Count("pk")).order_by("month"))
    out = []
    for r in rows:
        month = r["month"]
        if month is None:
            continue
        out.append({"key": f"{month:%Y-%m}", "label": f"{month:%m/%Y}", "n": r["n"]})
    return out


def _median_working_days(qs) -> float | None:
    """Median net handling time in working days (paused days while awaiting the business excluded)."""
    seen: dict[tuple, int] = {}
    values = []
    for start, finished, paused in qs.filter(finished_on__isnull=False, clock_started_on__isnull=False).values_list(
            "clock_started_on", "finished_on", "paused_working_days").iterator():
        pair = (start, finished)
        if pair not in seen:
            seen[pair] = max(0, workdays.working_days_between(start, finished))
        values.append(max(0, seen[pair] - (paused or 0)))
    return float(statistics.median(values)) if values else None


def dashboard(*, scope: Scope, year: int | None = None) -> dict:
    """Complaint numbers for the actor's scope: totals, deadline buckets, median handling time, and
    counts by category, channel, month and place. Linked duplicates are counted once. No personal data."""
    qs = complaint_list(scope=scope)
    if year:
        qs = qs.filter(received_at__year=year)
    duplicates = qs.filter(duplicate_of__isnull=False).count()
    qs = qs.filter(duplicate_of__isnull=True)
    buckets = bucket_counts(qs)
    by = lambda f: list(qs.values(f).annotate(n=Count("pk")).order_by("-n", f))  # noqa: E731
    places = list(qs.values("place_id", "place__name", "place__level").annotate(n=Count("pk")).order_by("-n")[:30])
    level_labels = dict(Level.choices)
    return {
        "year": year,
        "total": buckets.early + buckets.on_time + buckets.overdue + buckets.open,
        "duplicates": duplicates,
        "open": qs.exclude(status__in=CLOSED_STATUSES).count(),
        "due_soon": qs.filter(due_soon_q()).count(),
        "overdue_open": qs.filter(overdue_q()).count(),
        "buckets": buckets,
        "on_time_rate": buckets.on_time_rate,
        "median_days": _median_working_days(qs),
        "by_category": _labelled(by("category"), "category", Category.choices),
        "by_channel": _labelled(by("channel"), "channel", Channel.choices),
        "by_status": _labelled(by("status"), "status", Status.choices),
        "by_month": _by_month(qs),
        "by_place": [{"key": r["place_id"] or "", "label": r["place__name"] or "Chưa xác định địa bàn",
                      "level": str(level_labels.get(r["place__level"], "")), "n": r["n"]} for r in places],
    }


def open_data(*, year: int | None = None) -> dict:
    """Public statistics (open data): counts only, by category, channel, status, month and province.
    Nothing that names or identifies a complainant, and no free text."""
    qs = Complaint.objects.filter(duplicate_of__isnull=True)
    if year:
        qs = qs.filter(received_at__year=year)
    buckets = bucket_counts(qs)
    by = lambda f: list(qs.values(f).annotate(n=Count("pk")).order_by("-n", f))  # noqa: E731
    provinces = qs.values("place__province__name").annotate(n=Count("pk")).order_by("-n")
    return {
        "year": year,
        "total": qs.count(),
        "on_time_rate": buckets.on_time_rate,
        "early": buckets.early, "on_time": buckets.on_time, "overdue": buckets.overdue, "open": buckets.open,
        "by_category": _labelled(by("category"), "category", Category.choices),
        "by_channel": _labelled(by("channel"), "channel", Channel.choices),
        "by_status": _labelled(by("status"), "status", Status.choices),
        "by_month": _by_month(qs),
        "by_province": [{"key": "", "label": r["place__province__name"] or "Chưa xác định", "n": r["n"]}
                        for r in provinces],
    }
