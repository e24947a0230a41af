"""Reads of plans, tasks and progress reports, always within the actor's scope."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from hangviet.agencies.scope import Scope
from hangviet.core.errors import NotFound
from hangviet.core.search import words_q

from .. import policy
from ..models import (
    AchievedQuantity,
    Plan,
    PlanLegalBasis,
    ProgressReport,
    ReportingPeriod,
    Task,
    TaskAssignment,
    TaskOutput,
)


def _visible(qs: QuerySet[Plan], scope: Scope) -> QuerySet[Plan]:
    condition = policy.plans_visible_q(scope)
    return qs if condition is None else qs.filter(condition)


def plan_list(*, scope: Scope, q: str | None = None, year: int | None = None, status: str | None = None,
              place_code: str | None = None) -> QuerySet[Plan]:
    qs = _visible(Plan.objects.select_related("place", "focal_unit", "issuing_agency"), scope)
    if q:
        qs = qs.filter(words_q("search_key", q))
    if year:
        qs = qs.filter(start_year__lte=year, end_year__gte=year)
    if status:
        qs = qs.filter(status=status)
    if place_code:
        qs = qs.filter(place_id=place_code)
    return qs.order_by("-start_year", "-id")


def plan_get(*, scope: Scope, plan_id: int) -> Plan:
    plan = _visible(Plan.objects.select_related("place", "focal_unit", "issuing_agency", "parent_plan"),
                    scope).filter(pk=plan_id).first()
    if plan is None:
        raise NotFound("Không tìm thấy kế hoạch hoặc bạn không có quyền xem.", code="plan_not_found")
    return plan


def tasks_prefetched(plan_or_ids) -> QuerySet[Task]:
    qs = Task.objects.all() if plan_or_ids is None else (
        Task.objects.filter(plan=plan_or_ids) if isinstance(plan_or_ids, Plan) else Task.objects.filter(plan_id__in=plan_or_ids))
    return qs.select_related("carries_out").prefetch_related(
        Prefetch("assignments", queryset=TaskAssignment.objects.select_related("agency").order_by("role", "order")),
        Prefetch("outputs", queryset=TaskOutput.objects.order_by("order", "id")),
    ).order_by("plan_id", "order")


def plan_detail(*, scope: Scope, plan_id: int) -> Plan:
    """A plan with its legal bases, targets, tasks (assignments, outputs) and reporting rules prefetched."""
    plan = plan_get(scope=scope, plan_id=plan_id)
    plan.task_list = list(tasks_prefetched(plan))
    plan.legal_basis_list = [link.document for link in
                             PlanLegalBasis.objects.filter(plan=plan).select_related("document").order_by("order")]
    plan.target_list = list(plan.targets.all())
    plan.rule_list = list(plan.reporting_rules.all())
    plan.period_list = list(plan.periods.all())
    return plan


def task_get(*, scope: Scope, task_id: int) -> Task:
    condition = policy.plans_visible_q(scope, prefix="plan__")
    qs = Task.objects.select_related("plan", "plan__place")
    if condition is not None:
        qs = qs.filter(condition)
    task = qs.filter(pk=task_id).first()
    if task is None:
        raise NotFound("Không tìm thấy nhiệm vụ hoặc bạn không có quyền xem.", code="task_not_found")
    return task


def period_get(*, plan: Plan, code: str) -> ReportingPeriod:
    period = ReportingPeriod.objects.filter(plan=plan, code=(code or "").strip().upper()).first()
    if period is None:
        raise NotFound(f"Kế hoạch không có kỳ báo cáo {code}.", code="period_not_found")
    return period


def reports_visible_q(scope: Scope) -> Q | None:
    """Reports of the actor's own units, and every report of the plans the actor may read as a
    leader, focal officer or administrator. A unit officer reads only their units' reports."""
    if scope.is_admin:
        return None
    if not scope.is_official:
        return Q(pk__in=[])
    condition = Q(unit_id__in=scope.agency_ids)
    if scope.has_role(*policy.MANAGER_ROLES):
        plans = policy.plans_visible_q(scope, prefix="task__plan__")
        if plans is not None:
            condition |= plans
    return condition


def report_list(*, scope: Scope, plan_id: int | None = None, task_id: int | None = None, period: str | None = None,
                unit_id: int | None = None, state: str | None = None, current_only: bool = True) -> QuerySet:
    qs = ProgressReport.objects.select_related("task", "task__plan", "unit", "period", "submitted_by", "reviewed_by")
    condition = reports_visible_q(scope)
    if condition is not None:
        qs = qs.filter(condition)
    if current_only:
        qs = qs.filter(is_current=True)
    if plan_id:
        qs = qs.filter(task__plan_id=plan_id)
    if task_id:
        qs = qs.filter(task_id=task_id)
    if period:
        qs = qs.filter(period__code=period.strip().upper())
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    if state:
        qs = qs.filter(state=state)
    return qs.prefetch_related(
        Prefetch("quantities", queryset=AchievedQuantity.objects.select_related("output").prefetch_related("evidence")),
        "attachments",
    ).order_by("period__due_date", "task__order", "unit_id", "-revision")


def report_get(*, scope: Scope, report_id: int) -> ProgressReport:
    report = report_list(scope=scope, current_only=False).filter(pk=report_id).first()
    if report is None:
        raise NotFound("Không tìm thấy báo cáo hoặc bạn không có quyền xem.", code="report_not_found")
    return report


def report_revisions(*, scope: Scope, report: ProgressReport) -> list[ProgressReport]:
    return list(report_list(scope=scope, current_only=False).filter(
        task_id=report.task_id, unit_id=report.unit_id, period_id=report.period_id).order_by("-revision"))


DELEGATION_CANDIDATES = 300


def delegation_candidates(*, scope: Scope, task: Task, q: str | None = None) -> tuple[list[Task], int]:
    """Tasks of the other plans this actor may read that `task` could carry out (a higher level's
    task), optionally narrowed by words of their number or title typed without diacritics; at most
    DELEGATION_CANDIDATES, with the count of all that matched."""
    from hangviet.core.text import fold, fold_words

    condition = policy.plans_visible_q(scope, prefix="plan__")
    qs = (Task.objects.select_related("plan").filter(is_cancelled=False).exclude(plan_id=task.plan_id)
          .order_by("plan__title", "plan_id", "order"))
    if condition is not None:
        qs = qs.filter(condition)
    words = fold_words(q or "")
    found = list(qs)
    if words:
        def matches(t: Task) -> bool:
            parts = fold(f"{t.number} {t.title}").replace(".", " ").split()
            return all(any(part.startswith(w) for part in parts) for w in words)

        found = [t for t in found if matches(t)]
    return found[:DELEGATION_CANDIDATES], len(found)
