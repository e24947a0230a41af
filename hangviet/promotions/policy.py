"""Who may do what with promotions. Review rights are the filings policy's (receiving agency)."""

from hangviet.agencies.models import Role
from hangviet.agencies.scope import Scope


def is_filer(scope: Scope, programme) -> bool:
    return scope.is_business and programme.business_id == scope.business_id


def can_manage_calls(scope: Scope) -> bool:
    return scope.has_role(Role.LEADER, Role.FOCAL, Role.OFFICER) and (scope.is_admin or scope.place is not None)


def can_record_findings(scope: Scope) -> bool:
    return scope.has_role(Role.LEADER, Role.FOCAL, Role.OFFICER)
