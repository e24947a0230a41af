"""Scope: what an actor may see. Every selector takes the actor's Scope and filters by it, so pages,
the API, exports and reports all answer from the same rule (house rule 3).

- an administrator sees everything;
- officials (leader, focal point, unit officer, coordinating officer) see records located in the
  subtree of their scope place (their own `scope_place`, or the place their agency serves) and
  records owned by their agency's subtree;
- a business account sees its own business's records only;
- anonymous visitors see nothing through a scoped selector (public selectors are separate).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from hangviet.places.models import Place
from hangviet.places.selectors import subtree_q

from .models import OFFICIAL_ROLES, Agency, Role


@dataclass(frozen=True)
class Scope:
    user: object | None
    role: str | None
    place: Place | None = None
    agency_ids: frozenset[int] = field(default_factory=frozenset)
    agency_id: int | None = None
    business_id: int | None = None

    # --- who ------------------------------------------------------------------------------------
    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def is_official(self) -> bool:
        return self.role in OFFICIAL_ROLES

    @property
    def is_business(self) -> bool:
        return self.role == Role.BUSINESS and self.business_id is not None

    @property
    def is_anonymous(self) -> bool:
        return self.role is None

    @property
    def user_id(self) -> int | None:
        return getattr(self.user, "pk", None)

    def has_role(self, *roles: str) -> bool:
        return self.is_admin or self.role in roles

    # --- filters --------------------------------------------------------------------------------
    def places_q(self, place_field: str) -> Q:
        return subtree_q(self.place, place_field)

    def agencies_q(self, agency_field: str) -> Q:
        return Q(**{f"{agency_field}__in": self.agency_ids})

    def filter(self, qs: QuerySet, *, place_field: str | None = None, agency_field: str | None = None,
               business_field: str | None = None, extra: Q | None = None) -> QuerySet:
        """Limit a queryset to what this actor may see. Name the fields that carry place, owning
        agency and business on the model; a record matches if any named path puts it in scope."""
        if self.is_admin:
            return qs
        condition = Q(pk__in=[])
        if self.is_official:
            if place_field and self.place is not None:
                condition |= self.places_q(place_field)
            if agency_field and self.agency_ids:
                condition |= self.agencies_q(agency_field)
        elif self.is_business and business_field:
            condition |= Q(**{business_field: self.business_id})
        if extra is not None and not self.is_anonymous:
            condition |= extra
        return qs.filter(condition)

    def covers_place(self, place: Place | None) -> bool:
        if self.is_admin:
            return True
        if not self.is_official or self.place is None or place is None:
            return False
        return _place_in_subtree(self.place, place)

    def covers_agency(self, agency_id: int | None) -> bool:
        return self.is_admin or (agency_id is not None and agency_id in self.agency_ids)


def _place_in_subtree(root: Place, place: Place) -> bool:
    if root.pk == place.pk:
        return True
    if root.level == "province":
        return place.province_id == root.pk
    if root.level == "district":
        return place.parent_id == root.pk or root.successors.filter(pk=place.pk).exists()
    return root.predecessors.filter(pk=place.pk).exists()


def agency_subtree_ids(agency_id: int) -> frozenset[int]:
    ids = {agency_id}
    frontier = [agency_id]
    while frontier:
        children = list(Agency.objects.filter(parent_id__in=frontier).values_list("id", flat=True))
        frontier = [c for c in children if c not in ids]
        ids.update(frontier)
    return frozenset(ids)


ANONYMOUS = Scope(user=None, role=None)


def scope_for(user) -> Scope:
    """The scope of a user (cached on the user object for the request)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return ANONYMOUS
    cached = getattr(user, "_hangviet_scope", None)
    if cached is not None:
        return cached
    if user.role == Role.BUSINESS:
        scope = Scope(user=user, role=user.role, business_id=user.business_id)
    elif user.role == Role.ADMIN:
        scope = Scope(user=user, role=user.role, agency_id=user.agency_id)
    else:
        place = user.scope_place or (user.agency.place if user.agency_id else None)
        agency_ids = agency_subtree_ids(user.agency_id) if user.agency_id else frozenset()
        scope = Scope(user=user, role=user.role, place=place, agency_ids=agency_ids, agency_id=user.agency_id)
    user._hangviet_scope = scope
    return scope
