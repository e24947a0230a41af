"""Who may do what with outlets and sale points."""

from __future__ import annotations

from hangviet.agencies.models import Role
from hangviet.agencies.scope import Scope


def can_create(scope: Scope) -> bool:
    return scope.has_role(Role.FOCAL, Role.OFFICER)


def can_edit(scope: Scope, outlet) -> bool:
    return scope.has_role(Role.FOCAL, Role.OFFICER) and (
        scope.covers_place(outlet.place) or scope.covers_agency(outlet.managing_agency_id))
