""""Việc của tôi": what is due, due soon and overdue for the actor's units, and what waits for the
actor's review as the focal point."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from hangviet.agencies.scope import Scope
from hangviet.core import workdays
from hangviet.core.deadlines import today

from .. import policy
from ..models import ProgressReport, ReportState

OPEN_STATES = (ReportState.PENDING, ReportState.RETURNED)


def my_work(*, scope: Scope, on: dt.date | None = None, soon_working_days: int = 5, horizon_days: int = 45) -> dict:
    on = on or today()
    soon_limit = workdays.add_working_days(on, soon_working_days)
    base = (ProgressReport.objects.filter(is_current=True, task__plan__status="active")
            .select_related("task", "task__plan", "unit", "period").order_by("due_date", "task__order"))
    if scope.is_admin:
        mine = base.none()
    else:
        mine = base.filter(unit_id__in=scope.agency_ids, state__in=OPEN_STATES)
    overdue = list(mine.filter(due_date__lt=on))
    due_soon = list(mine.filter(due_date__gte=on, due_date__lte=soon_limit))
    upcoming = list(mine.filter(due_date__gt=soon_limit, due_date__lte=on + dt.timedelta(days=horizon_days)))
    to_review = []
    if scope.has_role(*policy.MANAGER_ROLES):
        managed = Q() if scope.is_admin else (Q(task__plan__focal_unit_id__in=scope.agency_ids)
                                               | Q(task__plan__issuing_agency_id__in=scope.agency_ids))
        to_review = list(base.filter(managed, state=ReportState.SUBMITTED)[:200])
    return {"on": on, "overdue": overdue, "due_soon": due_soon, "upcoming": upcoming, "to_review": to_review}


def unit_work_counts(*, scope: Scope, on: dt.date | None = None) -> list[dict]:
    """Per unit in scope: overdue and due-soon obligations (for leaders)."""
    from django.db.models import Count

    from hangviet.core.deadlines import due_soon_q, overdue_q

    on = on or today()
    qs = ProgressReport.objects.filter(is_current=True, state__in=OPEN_STATES, task__plan__status="active")
    if not scope.is_admin:
        qs = qs.filter(unit_id__in=scope.agency_ids)
    return list(qs.values("unit_id", "unit__name").annotate(
        overdue=Count("id", filter=overdue_q(on)), due_soon=Count("id", filter=due_soon_q(on, 5)))
        .filter(Q(overdue__gt=0) | Q(due_soon__gt=0)).order_by("-overdue", "unit__name"))
