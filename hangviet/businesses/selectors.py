"""Reads of businesses, always through the actor's scope."""

from __future__ import annotations

from django.db.models import QuerySet

from hangviet.agencies.scope import Scope
from hangviet.core.errors import NotFound
from hangviet.core.search import words_q

from .models import Business


def business_list(*, scope: Scope, q: str | None = None, status: str | None = None, kind: str | None = None,
                  place_code: str | None = None) -> QuerySet[Business]:
    qs = scope.filter(Business.objects.select_related("place", "place__province"), place_field="place",
                      business_field="pk")
    if q:
        qs = qs.filter(words_q("search_key", q))
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if place_code:
        qs = qs.filter(place_id=place_code)
    return qs.order_by("search_key", "pk")


def business_get(*, scope: Scope, business_id: int) -> Business:
    business = business_list(scope=scope).filter(pk=business_id).first()
    if business is None:
        raise NotFound("Không tìm thấy doanh nghiệp hoặc bạn không có quyền xem.")
    return business


def public_business_list(*, q: str | None = None) -> QuerySet[Business]:
    """Approved businesses as the public may see them (no personal contact data is exposed by callers)."""
    qs = Business.objects.filter(status="approved").select_related("place", "place__province")
    if q:
        qs = qs.filter(words_q("search_key", q))
    return qs.order_by("search_key")
