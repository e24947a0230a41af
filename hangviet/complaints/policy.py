"""Who may do what with complaints."""

from __future__ import annotations

from hangviet.agencies.models import Role
from hangviet.agencies.scope import Scope

HANDLERS = (Role.LEADER, Role.FOCAL, Role.OFFICER)


def can_handle(scope: Scope) -> bool:
    return scope.has_role(*HANDLERS)


def can_intake(scope: Scope) -> bool:
    return scope.has_role(*HANDLERS)


def can_erase_personal_data(scope: Scope) -> bool:
    return scope.is_admin


def can_manage_personal_data(scope: Scope) -> bool:
    """Export or erase a complainant's data on request: administrators only."""
    return scope.is_admin


def can_view_dashboard(scope: Scope) -> bool:
    return scope.is_official
