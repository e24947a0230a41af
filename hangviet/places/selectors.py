"""Reads of administrative units (public data: no scope needed to read places)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from hangviet.core.errors import NotFound
from hangviet.core.search import words_q

from .models import Level, Place


def place_list(*, level: str | None = None, parent: str | None = None, q: str | None = None,
               include_historical: bool = True) -> QuerySet[Place]:
    qs = Place.objects.select_related("parent", "province")
    if level:
        qs = qs.filter(level=level)
    if parent:
        qs = qs.filter(parent_id=parent)
    if not include_historical:
        qs = qs.filter(valid_to__isnull=True)
    if q:
        qs = qs.filter(words_q("search_key", q))
    return qs.order_by("level", "search_key", "code")


def place_get(code: str) -> Place:
    try:
        return Place.objects.select_related("parent", "province").prefetch_related("successors", "predecessors").get(code=code)
    except Place.DoesNotExist:
        raise NotFound("Không tìm thấy đơn vị hành chính với mã này.", code="place_not_found") from None


def subtree_q(root: Place | None, field: str) -> Q:
    """Q matching records whose `field` (a Place FK) lies in the subtree of `root`.

    A province covers everything that rolls up to it; a historical district covers its communes and
    the units that succeeded it; a commune covers itself and the historical communes it succeeded."""
    if root is None:
        return Q()
    if root.level == Level.PROVINCE:
        return Q(**{f"{field}__province_id": root.code})
    if root.level == Level.DISTRICT:
        heirs = list(root.successors.values_list("code", flat=True))
        return Q(**{f"{field}_id": root.code}) | Q(**{f"{field}__parent_id": root.code}) | Q(**{f"{field}_id__in": heirs})
    predecessors = list(root.predecessors.values_list("code", flat=True))
    return Q(**{f"{field}_id": root.code}) | Q(**{f"{field}_id__in": predecessors})


def provinces() -> QuerySet[Place]:
    return Place.objects.filter(level=Level.PROVINCE).order_by("search_key")
