"""Dashboards: per plan, per unit and per task. Status counts, overdue items, outputs and targets
against achieved values, a timeline by period. A fixed number of queries, whatever the task count."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal

from django.db.models import Count, Q, Sum

from hangviet.agencies.scope import Scope
from hangviet.core.deadlines import bucket_counts, due_soon_q, overdue_q, today

from ..models import (
    AchievedQuantity,
    AssignmentRole,
    Plan,
    ProgressReport,
    ReportState,
    Task,
    TaskAssignment,
    TaskEvidence,
    TaskOutput,
    TaskStatus,
)
from .plans import plan_get, reports_visible_q

OPEN_STATES = (ReportState.PENDING, ReportState.RETURNED)
COUNTED_STATES = (ReportState.SUBMITTED, ReportState.ACCEPTED)


def _reports(scope: Scope, **filters):
    qs = ProgressReport.objects.filter(is_current=True, **filters)
    condition = reports_visible_q(scope)
    return qs if condition is None else qs.filter(condition)


def _overdue(row: dict, on: dt.date) -> bool:
    """An open obligation past its due date (the same rule as deadlines.overdue_q), without touching
    the calendar: comparing dates needs no working-day lookups, so no queries per row."""
    return row["finished_on"] is None and row["paused_since"] is None and row["due_date"] is not None \
        and row["due_date"] < on


def plan_dashboard(*, scope: Scope, plan_id: int, on: dt.date | None = None) -> dict:
    on = on or today()
    plan = plan_get(scope=scope, plan_id=plan_id)  # 1 query (+ scope subquery inline)
    reports = _reports(scope, task__plan=plan)
    tasks = list(Task.objects.filter(plan=plan).only("id", "number", "title", "depth", "parent_id", "order",
                                                      "is_reportable", "is_cancelled").order_by("order"))
    rows = list(reports.values("id", "task_id", "unit_id", "unit__short_name", "unit__name", "period_id",
                               "period__code", "period__label", "period__due_date", "period__ends_on", "state",
                               "status", "due_date", "finished_on", "paused_since"))
    buckets = bucket_counts(reports, on=on)
    # latest reported status of each task: its most recent period with a submitted/accepted report
    latest: dict[int, tuple] = {}
    for r in rows:
        if r["state"] in COUNTED_STATES and r["status"]:
            key = (r["period__ends_on"], r["id"])
            if r["task_id"] not in latest or key > latest[r["task_id"]][0]:
                latest[r["task_id"]] = (key, r["status"])
    status_counts = Counter(v[1] for v in latest.values())
    reportable = [t for t in tasks if t.is_reportable and not t.is_cancelled]
    reported_tasks = {r["task_id"] for r in rows}
    status_counts[TaskStatus.NOT_STARTED] += sum(1 for t in reportable if t.id in reported_tasks and t.id not in latest)
    # timeline: per period, submitted / accepted / returned / pending / overdue
    periods: dict[int, dict] = {}
    for r in rows:
        p = periods.setdefault(r["period_id"], {"code": r["period__code"], "label": r["period__label"],
                                                "due_date": r["period__due_date"], "expected": 0, "submitted": 0,
                                                "accepted": 0, "returned": 0, "overdue": 0})
        p["expected"] += 1
        if r["state"] == ReportState.SUBMITTED:
            p["submitted"] += 1
        elif r["state"] == ReportState.ACCEPTED:
            p["accepted"] += 1
        elif r["state"] == ReportState.RETURNED:
            p["returned"] += 1
        if _overdue(r, on):
            p["overdue"] += 1
    timeline = sorted(periods.values(), key=lambda p: p["due_date"])
    # per unit
    units: dict[int, dict] = {}
    for r in rows:
        u = units.setdefault(r["unit_id"], {"id": r["unit_id"], "name": r["unit__short_name"] or r["unit__name"],
                                            "expected": 0, "done": 0, "overdue": 0, "open": 0})
        u["expected"] += 1
        if r["finished_on"] is not None:
            u["done"] += 1
        elif _overdue(r, on):
            u["overdue"] += 1
        else:
            u["open"] += 1
    # outputs: planned vs achieved (reported in submitted/accepted reports) vs evidence linked
    outputs = list(TaskOutput.objects.filter(task__plan=plan).select_related("task").order_by("task__order", "order"))
    achieved = dict(AchievedQuantity.objects.filter(report__in=reports.filter(state__in=COUNTED_STATES),
                                                    output__isnull=False)
                    .values_list("output_id").annotate(total=Sum("quantity")).values_list("output_id", "total"))
    evidence = dict(TaskEvidence.objects.filter(task__plan=plan, withdrawn_at__isnull=True, output__isnull=False)
                    .values_list("output_id").annotate(total=Sum("quantity")).values_list("output_id", "total"))
    output_rows = [{"task": o.task.number, "task_id": o.task_id, "description": o.description, "unit": o.unit,
                    "planned": o.quantity, "achieved": achieved.get(o.id, Decimal(0)),
                    "evidence": evidence.get(o.id, Decimal(0))} for o in outputs]
    targets = list(plan.targets.all())
    overdue_items = [r for r in rows if r["finished_on"] is None and r["due_date"] and r["due_date"] < on
                     and r["paused_since"] is None]
    overdue_items.sort(key=lambda r: r["due_date"])
    task_names = {t.id: t for t in tasks}
    for r in overdue_items:
        t = task_names.get(r["task_id"])
        r["task_label"] = f"{t.number} {t.title}" if t else ""
    per_task = {}
    for r in rows:
        d = per_task.setdefault(r["task_id"], {"expected": 0, "done": 0, "overdue": 0})
        d["expected"] += 1
        d["done"] += r["finished_on"] is not None
        d["overdue"] += r["finished_on"] is None and r["due_date"] is not None and r["due_date"] < on
    task_rows = [{"id": t.id, "number": t.number, "title": t.title, "depth": t.depth,
                  "status": latest.get(t.id, (None, ""))[1], **per_task.get(t.id, {"expected": 0, "done": 0, "overdue": 0})}
                 for t in tasks]
    return {
        "plan": plan, "on": on, "buckets": buckets, "task_count": len(tasks), "reportable_count": len(reportable),
        "status_counts": {s.value: status_counts.get(s.value, 0) for s in TaskStatus},
        "status_labels": {s.value: str(s.label) for s in TaskStatus},
        "timeline": timeline, "units": sorted(units.values(), key=lambda u: (-u["overdue"], u["name"])),
        "outputs": output_rows, "targets": targets, "overdue_items": overdue_items[:50],
        "overdue_count": len(overdue_items), "tasks": task_rows,
    }


def unit_dashboard(*, scope: Scope, unit_id: int, on: dt.date | None = None) -> dict:
    on = on or today()
    reports = _reports(scope, unit_id=unit_id)
    buckets = bucket_counts(reports, on=on)
    by_plan = list(reports.values("task__plan_id", "task__plan__title").annotate(
        expected=Count("id"), done=Count("id", filter=Q(finished_on__isnull=False)),
        overdue=Count("id", filter=overdue_q(on))).order_by("task__plan_id"))
    return {"buckets": buckets, "plans": by_plan}


def unit_overview(*, scope: Scope, unit_id, on: dt.date | None = None) -> dict:
    """One unit's reporting across every plan this actor may read: the deadline buckets, a row per plan,
    its open obligations (overdue first) and its latest reports. NotFound when the unit is neither the
    actor's own nor one whose reports the actor may read."""
    from hangviet.agencies.models import Agency
    from hangviet.core.errors import NotFound

    on = on or today()
    try:
        unit = Agency.objects.get(pk=int(unit_id))
    except (TypeError, ValueError, Agency.DoesNotExist):
        raise NotFound("Không tìm thấy đơn vị.") from None
    reports = _reports(scope, unit_id=unit.pk)
    if not (scope.is_admin or unit.pk in scope.agency_ids or reports.exists()):
        raise NotFound("Không tìm thấy đơn vị trong phạm vi của bạn.")
    data = unit_dashboard(scope=scope, unit_id=unit.pk, on=on)
    related = reports.select_related("task", "task__plan", "period", "unit").order_by("due_date", "task__plan_id", "task__order")
    open_items = list(related.filter(state__in=OPEN_STATES, task__plan__status="active")[:200])
    for item in open_items:
        item.is_overdue = item.due_date is not None and item.due_date < on and item.paused_since is None
    open_items.sort(key=lambda r: (not r.is_overdue, r.due_date or on))
    latest = list(related.filter(state__in=COUNTED_STATES).order_by("-submitted_at")[:15])
    return {"unit": unit, "on": on, **data, "open_items": open_items, "latest": latest}


def task_dashboard(*, scope: Scope, task_id: int) -> dict:
    from .plans import report_list, task_get

    task = task_get(scope=scope, task_id=task_id)
    reports = list(report_list(scope=scope, task_id=task.id))
    leads = list(TaskAssignment.objects.filter(task=task, role=AssignmentRole.LEAD).select_related("agency"))
    evidence = list(TaskEvidence.objects.filter(task=task, withdrawn_at__isnull=True).select_related("period"))
    return {"task": task, "reports": reports, "leads": leads, "evidence": evidence}


def scope_summary(scope: Scope, on: dt.date | None = None) -> dict:
    """Numbers for the back-office home card."""
    on = on or today()
    reports = _reports(scope)
    mine = reports.filter(unit_id__in=scope.agency_ids) if not scope.is_admin else reports
    return {
        "overdue": mine.filter(overdue_q(on), state__in=OPEN_STATES).count(),
        "due_soon": mine.filter(due_soon_q(on, 5), state__in=OPEN_STATES).count(),
        "to_review": reports.filter(state=ReportState.SUBMITTED).count() if scope.has_role("focal", "leader") else 0,
        "plans": Plan.objects.filter(pk__in=reports.values("task__plan_id")).count(),
    }
