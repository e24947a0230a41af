"""Who may do what with a filing: the filer (its business accounts, or the user who filed it for an
agency) and the officers of the receiving agency (its subtree or its place)."""

from __future__ import annotations

from hangviet.agencies.models import Role
from hangviet.agencies.scope import Scope

REVIEWER_ROLES = (Role.LEADER, Role.FOCAL, Role.OFFICER)

# action -> (states it may start from, who may do it: "filer", "reviewer" or both)
TRANSITIONS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "submit": (("draft", "changes_requested"), ("filer",)),
    "acknowledge": (("submitted",), ("reviewer",)),
    "request_changes": (("submitted", "acknowledged", "amended"), ("reviewer",)),
    "confirm": (("submitted", "acknowledged", "amended"), ("reviewer",)),
    "refuse": (("submitted", "acknowledged", "amended"), ("reviewer",)),
    "amend": (("confirmed",), ("filer",)),
    "suspend": (("confirmed", "amended"), ("reviewer",)),
    "cancel": (("draft", "submitted", "acknowledged", "changes_requested", "confirmed", "amended", "suspended"),
               ("filer", "reviewer")),
    "close": (("confirmed", "suspended"), ("filer", "reviewer")),
}


def is_filer(scope: Scope, filing) -> bool:
    if scope.is_business:
        return filing.filer_business_id is not None and filing.filer_business_id == scope.business_id
    return filing.filer_business_id is None and filing.filer_user_id is not None and filing.filer_user_id == scope.user_id


def _agency_ancestors(agency_id: int | None) -> set[int]:
    from hangviet.agencies.models import Agency

    seen: set[int] = set()
    while agency_id is not None and agency_id not in seen:
        seen.add(agency_id)
        agency_id = Agency.objects.filter(pk=agency_id).values_list("parent_id", flat=True).first()
    return seen


def is_reviewer(scope: Scope, filing) -> bool:
    """An admin, or a leader/focal point/officer of the receiving agency, of one of its units, or of a
    body above it. Other officials of the same place may read (can_view) but not decide."""
    if scope.is_admin:
        return True
    if not scope.has_role(*REVIEWER_ROLES) or filing.receiving_agency_id is None:
        return False
    if scope.covers_agency(filing.receiving_agency_id):
        return True
    return filing.receiving_agency_id in _agency_ancestors(scope.agency_id)


def can_view(scope: Scope, filing) -> bool:
    if is_filer(scope, filing):
        return True
    if scope.is_official and filing.receiving_agency_id is not None:
        return scope.is_admin or scope.covers_agency(filing.receiving_agency_id) or scope.covers_place(
            filing.receiving_agency.place)
    return False


def can(scope: Scope, filing, action: str) -> bool:
    """May this actor take `action` on `filing` in its current state?"""
    spec = TRANSITIONS.get(action)
    if spec is None:
        return False
    states, who = spec
    if filing.state not in states:
        return False
    return ("filer" in who and is_filer(scope, filing)) or ("reviewer" in who and is_reviewer(scope, filing))


def available_actions(scope: Scope, filing) -> list[str]:
    return [a for a in TRANSITIONS if can(scope, filing, a)]
