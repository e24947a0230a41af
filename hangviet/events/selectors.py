"""Reads of events and participations: the back office through the actor's scope; the public calendar
through its own selectors (published and done events only, no personal data)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from hangviet.agencies.scope import Scope
from hangviet.core.errors import NotFound
from hangviet.core.search import words_q

from .models import (
    PUBLIC_STATUSES,
    Event,
    EventKind,
    EventStatus,
    FairFilingKind,
    GoodsCheck,
    Participation,
    ParticipationStatus,
    TradeFairRegistration,
)

_EVENT_RELATED = ("place", "place__province", "place__parent", "organiser", "invite_place")


def _scoped_events(scope: Scope) -> QuerySet[Event]:
    return scope.filter(Event.objects.select_related(*_EVENT_RELATED), place_field="place",
                        agency_field="organiser")


def event_list(*, scope: Scope, q: str | None = None, kind: str | None = None, status: str | None = None,
               province: str | None = None, date_from: dt.date | None = None, date_to: dt.date | None = None,
               task_id: int | None = None) -> QuerySet[Event]:
    qs = _scoped_events(scope)
    qs = _filter(qs, q=q, kind=kind, province=province, date_from=date_from, date_to=date_to)
    if status:
        qs = qs.filter(status=status)
    if task_id:
        qs = qs.filter(task_id=task_id)
    return qs.annotate(
        participants=Count("participations", filter=Q(participations__status=ParticipationStatus.ACCEPTED), distinct=True),
    ).order_by("-starts_at", "-pk")


def event_get(*, scope: Scope, event_id: int) -> Event:
    event = (_scoped_events(scope).prefetch_related("coordinators", "photos", "agreements")
             .filter(pk=event_id).first())
    if event is None:
        raise NotFound("Không tìm thấy sự kiện hoặc bạn không có quyền xem.")
    return event


def _filter(qs, *, q=None, kind=None, province=None, date_from=None, date_to=None):
    if q:
        qs = qs.filter(words_q("search_key", q))
    if kind:
        qs = qs.filter(kind=kind)
    if province:
        qs = qs.filter(place__province_id=province)
    tz = timezone.get_current_timezone()
    if date_from:
        qs = qs.filter(ends_at__gte=dt.datetime.combine(date_from, dt.time.min, tzinfo=tz))
    if date_to:
        qs = qs.filter(starts_at__lt=dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time.min, tzinfo=tz))
    return qs


# --- public ------------------------------------------------------------------------------------------
def public_event_list(*, q: str | None = None, kind: str | None = None, province: str | None = None,
                      date_from: dt.date | None = None, date_to: dt.date | None = None,
                      upcoming: bool = False) -> QuerySet[Event]:
    """Events the public may see: published (upcoming, running) and done ones; never drafts or cancelled."""
    qs = Event.objects.filter(status__in=PUBLIC_STATUSES).select_related("place", "place__province", "organiser")
    qs = _filter(qs, q=q, kind=kind, province=province, date_from=date_from, date_to=date_to)
    if upcoming:
        qs = qs.filter(ends_at__gte=timezone.now())
    return qs.order_by("starts_at", "pk")


def public_event_get(*, event_id: int) -> Event:
    event = (Event.objects.filter(status__in=PUBLIC_STATUSES, pk=event_id)
             .select_related("place", "place__province", "place__parent", "organiser", "invite_place")
             .prefetch_related("coordinators", "photos", "agreements",
                               Prefetch("participations", queryset=Participation.objects.filter(
                                   status=ParticipationStatus.ACCEPTED).select_related("business")
                                   .order_by("booth_code", "business__search_key")))
             .first())
    if event is None:
        raise NotFound("Không tìm thấy sự kiện.")
    return event


# --- participations ----------------------------------------------------------------------------------
def participation_list(*, scope: Scope, event_id: int | None = None, status: str | None = None) -> QuerySet[Participation]:
    qs = scope.filter(Participation.objects.select_related("business", "business__place", "event", "event__place"),
                      place_field="event__place", agency_field="event__organiser", business_field="business")
    if event_id:
        qs = qs.filter(event_id=event_id)
    if status:
        qs = qs.filter(status=status)
    return qs.annotate(
        checks=Count("goods_checks", distinct=True),
        failed_checks=Count("goods_checks", filter=Q(goods_checks__passed=False), distinct=True),
    ).order_by("event_id", "booth_code", "business__search_key", "pk")


def participation_get(*, scope: Scope, participation_id: int) -> Participation:
    item = participation_list(scope=scope).filter(pk=participation_id).first()
    if item is None:
        raise NotFound("Không tìm thấy đăng ký tham gia hoặc bạn không có quyền xem.")
    return item


def my_participation(*, scope: Scope, event_id: int) -> Participation | None:
    if not scope.is_business:
        return None
    return Participation.objects.filter(event_id=event_id, business_id=scope.business_id).first()


def goods_check_list(*, scope: Scope, event_id: int | None = None) -> QuerySet[GoodsCheck]:
    qs = scope.filter(GoodsCheck.objects.select_related("participation__business", "participation__event",
                                                        "checked_by"),
                      place_field="participation__event__place", agency_field="participation__event__organiser",
                      business_field="participation__business")
    if event_id:
        qs = qs.filter(participation__event_id=event_id)
    return qs


def printable_participants(*, scope: Scope, event_id: int) -> tuple[Event, list[Participation]]:
    """The organiser's list of accepted participants with their booths, for printing."""
    event = event_get(scope=scope, event_id=event_id)
    rows = list(participation_list(scope=scope, event_id=event_id, status=ParticipationStatus.ACCEPTED))
    return event, rows


# --- roll-up into plans ----------------------------------------------------------------------------------
@dataclass
class TaskRollup:
    task_id: int
    planned: float | None
    done: int
    events: list[Event]

    @property
    def label(self) -> str:
        if self.planned is None:
            return str(self.done)
        return f"{self.done}/{int(self.planned):02d}" if float(self.planned).is_integer() else f"{self.done}/{self.planned}"


def task_rollup(*, task_id: int, output_id: int | None = None, scope: Scope | None = None) -> TaskRollup:
    """Done events carrying out a plan task, against the planned quantity of the task's output
    (a task planning 03 market sessions shows 2/03 once two are done)."""
    from hangviet.plans.models import TaskOutput

    if not (0 < int(task_id) < 2**63) or (output_id is not None and not (0 < int(output_id) < 2**63)):
        raise NotFound("Không tìm thấy nhiệm vụ của kế hoạch.")
    qs = Event.objects.filter(task_id=task_id).exclude(status=EventStatus.CANCELLED)
    if output_id:
        qs = qs.filter(task_output_id=output_id)
    if scope is not None:
        qs = scope.filter(qs, place_field="place", agency_field="organiser")
    events = list(qs.select_related("place").order_by("starts_at", "pk"))
    done = [e for e in events if e.status == EventStatus.DONE]
    outputs = TaskOutput.objects.filter(task_id=task_id)
    if output_id:
        outputs = outputs.filter(pk=output_id)
    quantities = [o.quantity for o in outputs if o.quantity is not None]
    planned = float(sum(quantities)) if quantities else None
    return TaskRollup(task_id=task_id, planned=planned, done=len(done), events=events)


# --- dashboards ----------------------------------------------------------------------------------------
def dashboard(*, scope: Scope, year: int | None = None) -> dict:
    """Events by kind, place and month; participants; revenue and visitors against targets."""
    qs = scope.filter(Event.objects.all(), place_field="place", agency_field="organiser").exclude(
        status=EventStatus.CANCELLED)
    if year:
        qs = qs.filter(starts_at__year=year)
    kinds = dict(EventKind.choices)
    by_kind = [{"kind": r["kind"], "label": str(kinds.get(r["kind"], r["kind"])), "total": r["total"], "done": r["done"]}
               for r in qs.values("kind").annotate(total=Count("pk"), done=Count("pk", filter=Q(status=EventStatus.DONE)))
               .order_by("kind")]
    by_month = [{"month": r["month"].strftime("%m/%Y") if r["month"] else "", "total": r["total"]}
                for r in qs.annotate(month=TruncMonth("starts_at")).values("month").annotate(total=Count("pk"))
                .order_by("month")]
    by_place = list(qs.values("place__name").annotate(total=Count("pk")).order_by("-total", "place__name")[:15])
    totals = qs.aggregate(
        events=Count("pk"), done=Count("pk", filter=Q(status=EventStatus.DONE)),
        target_revenue=Sum("target_revenue", filter=Q(status=EventStatus.DONE)),
        actual_revenue=Sum("actual_revenue"),
        target_visitors=Sum("target_visitors", filter=Q(status=EventStatus.DONE)),
        actual_visitors=Sum("actual_visitors"),
        target_booths=Sum("target_booths", filter=Q(status=EventStatus.DONE)), actual_booths=Sum("actual_booths"),
        budget=Sum("budget"), spent=Sum("actual_spent"),
    )
    participants = Participation.objects.filter(event__in=qs).aggregate(
        applied=Count("pk"), accepted=Count("pk", filter=Q(status=ParticipationStatus.ACCEPTED)),
        businesses=Count("business", filter=Q(status=ParticipationStatus.ACCEPTED), distinct=True))
    checks = GoodsCheck.objects.filter(participation__event__in=qs).aggregate(
        total=Count("pk"), failed=Count("pk", filter=Q(passed=False)))
    return {"by_kind": by_kind, "by_month": by_month, "by_place": by_place, "totals": totals,
            "participants": participants, "checks": checks}


# --- trade-fair filings ---------------------------------------------------------------------------------
def fair_filing_list(*, scope: Scope, filing_kind: str | None = None):
    from .models import TradeFairRegistration

    qs = scope.filter(TradeFairRegistration.objects.select_related("place", "place__province", "event", "filing",
                                                                   "rule"),
                      place_field="place", business_field="organiser_business")
    return qs.filter(filing_kind=filing_kind or "registration").order_by("-filed_on", "-pk")


def fair_filing_get(*, scope: Scope, registration_id: int):
    item = fair_filing_list(scope=scope).filter(pk=registration_id).first()
    if item is None:
        raise NotFound("Không tìm thấy hồ sơ hội chợ hoặc bạn không có quyền xem.")
    return item


def fair_for_filer(*, scope: Scope, registration_id) -> TradeFairRegistration | None:
    """A fair registration as its organiser sees it (None for anyone else: the page answers 404)."""
    from hangviet.filings import policy as filing_policy

    try:
        pk = int(registration_id)
    except (TypeError, ValueError):
        return None
    reg = (TradeFairRegistration.objects.select_related("filing", "place", "rule", "event")
           .filter(pk=pk, filing_kind=FairFilingKind.REGISTRATION).first())
    if reg is None or reg.filing is None or not filing_policy.is_filer(scope, reg.filing):
        return None
    return reg


def fair_reports(reg: TradeFairRegistration) -> list[TradeFairRegistration]:
    """The changes filed for a fair and its results report, newest first."""
    return list(reg.follow_ups.order_by("-filed_on", "-pk"))
