"""Who may do what with businesses."""

from hangviet.agencies.models import Role
from hangviet.agencies.scope import Scope


def can_review(scope: Scope, business) -> bool:
    return scope.has_role(Role.FOCAL, Role.OFFICER, Role.LEADER) and scope.covers_place(business.place)


def can_edit(scope: Scope, business) -> bool:
    if scope.is_business:
        return scope.business_id == business.pk
    return scope.has_role(Role.FOCAL, Role.OFFICER) and scope.covers_place(business.place)
