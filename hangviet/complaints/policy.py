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
