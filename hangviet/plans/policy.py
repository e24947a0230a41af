"""Who may do what with plans, tasks and progress reports (house rule 11)."""

from __future__ import annotations

from django.db.models import Q

from hangviet.agencies.models import Role
from hangviet.agencies.scope import Scope

MANAGER_ROLES = (Role.FOCAL, Role.LEADER)
REPORTER_ROLES = (Role.OFFICER, Role.FOCAL, Role.LEADER)


def plans_visible_q(scope: Scope, prefix: str = "") -> Q | None:
    """Q over Plan (or a path to it via `prefix`) of the plans this actor may read; None = all."""
    if scope.is_admin:
        return None
    if not scope.is_official:
        return Q(pk__in=[])
    p = prefix
    condition = Q(**{f"{p}issuing_agency_id__in": scope.agency_ids}) | Q(**{f"{p}focal_unit_id__in": scope.agency_ids})
    if scope.place is not None:
        condition |= scope.places_q(f"{p}place")
    if scope.agency_ids:
        from .models import TaskAssignment

        assigned = TaskAssignment.objects.filter(agency_id__in=scope.agency_ids).values("task__plan_id")
        condition |= Q(**{f"{p}pk__in": assigned}) if p == "" else Q(**{f"{p}id__in": assigned})
    return condition


def can_manage_plan(scope: Scope, plan) -> bool:
    """Create, import, edit a plan and review its reports: the focal unit and the issuing body's leaders."""
    if scope.is_admin:
        return True
    if not scope.has_role(*MANAGER_ROLES):
        return False
    return bool({plan.focal_unit_id, plan.issuing_agency_id} & set(scope.agency_ids))


def can_create_plan(scope: Scope, place) -> bool:
    return scope.is_admin or (scope.has_role(*MANAGER_ROLES) and scope.covers_place(place))


def can_review_report(scope: Scope, report) -> bool:
    return can_manage_plan(scope, report.task.plan)


def can_write_report(scope: Scope, report) -> bool:
    """A unit's officers write their own unit's reports only (leaders of a body: its units too)."""
    if scope.is_admin:
        return True
    return scope.has_role(*REPORTER_ROLES) and report.unit_id in scope.agency_ids
