"""Reads of agencies and users, and unit-name matching for plan import."""

from __future__ import annotations

from django.db.models import QuerySet

from hangviet.core.search import words_q

from .models import Agency, ApiToken, User
from .scope import Scope


def agency_list(*, scope: Scope | None = None, q: str | None = None, place_code: str | None = None) -> QuerySet[Agency]:
    qs = Agency.objects.select_related("parent", "place")
    if place_code:
        qs = qs.filter(place_id=place_code)
    if q:
        qs = qs.filter(words_q("search_key", q))
    return qs.order_by("search_key")


def agency_names_index(*, province_code: str | None = None) -> dict[int, list[str]]:
    """id -> every name an agency is known by (for matching unit names in plan texts)."""
    qs = Agency.objects.all()
    if province_code:
        qs = qs.filter(place__province_id=province_code)
    return {a.pk: a.all_names() for a in qs.only("id", "name", "short_name", "abbreviations")}


def user_tokens(*, user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at")


def staff_of(*, agency_ids, roles=None) -> QuerySet[User]:
    qs = User.objects.filter(agency_id__in=agency_ids, is_active=True)
    if roles:
        qs = qs.filter(role__in=roles)
    return qs
