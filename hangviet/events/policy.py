"""Who may do what with events, participations and goods checks (house rule 11)."""

from __future__ import annotations

from hangviet.agencies.models import Role
from hangviet.agencies.scope import Scope

PLANNERS = (Role.FOCAL, Role.OFFICER)
CHECKERS = (Role.FOCAL, Role.OFFICER, Role.COORDINATOR)


def in_scope(scope: Scope, event) -> bool:
    """The event lies in the actor's places or is organised by the actor's agency subtree."""
    if scope.is_admin:
        return True
    if not scope.is_official:
        return False
    return scope.covers_agency(event.organiser_id) or scope.covers_place(event.place)


def can_plan(scope: Scope) -> bool:
    return scope.has_role(*PLANNERS)


def can_manage(scope: Scope, event) -> bool:
    """Edit, publish, cancel, decide on applications, allocate booths, enter results."""
    return scope.has_role(*PLANNERS) and in_scope(scope, event)


def can_check_goods(scope: Scope, event) -> bool:
    return scope.has_role(*CHECKERS) and in_scope(scope, event)


def can_apply(scope: Scope) -> bool:
    return scope.is_business
