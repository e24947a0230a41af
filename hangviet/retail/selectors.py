"""Reads of outlets and sale points: the back office through the actor's scope; the public listing and
its GeoJSON feed through their own selectors (public, not archived; no personal data)."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from hangviet.agencies.scope import Scope
from hangviet.core.errors import DomainError, NotFound
from hangviet.core.search import words_q

from .models import MarketClass, OpeningStatus, Outlet, OutletKind, SalePointLabel

_RELATED = ("place", "place__province", "place__parent", "operator")


def _filters(qs, *, q=None, province=None, place=None, kind=None, label=None, status=None, market_class=None,
             sale_points_only=False):
    checks = [("kind", kind, OutletKind, "Loại hình"), ("label", label, SalePointLabel, "Nhãn điểm bán"),
              ("status", status, OpeningStatus, "Tình trạng"), ("market_class", market_class, MarketClass, "Hạng chợ")]
    for field, value, enum, name in checks:
        if value and value not in enum.values:
            raise DomainError(f"{field}_invalid", f"{name} không hợp lệ: chọn một giá trị trong danh sách.",
                              field=field, status=422)
    if province and not (len(province) == 2 and province.isdigit()):
        raise DomainError("province_invalid", "Mã tỉnh/thành phố gồm 2 chữ số.", field="province", status=422)
    if q:
        qs = qs.filter(words_q("search_key", q))
    if province:
        qs = qs.filter(place__province_id=province)
    if place:
        from hangviet.places.models import Place
        from hangviet.places.selectors import subtree_q

        root = Place.objects.filter(pk=str(place)[:20]).first()
        if root is None:
            raise DomainError("place_invalid", "Không tìm thấy địa bàn với mã đã chọn.", field="place", status=422)
        qs = qs.filter(subtree_q(root, "place"))
    if kind:
        qs = qs.filter(kind=kind)
    if label:
        qs = qs.filter(label=label)
    if sale_points_only:
        qs = qs.exclude(label="")
    if status:
        qs = qs.filter(status=status)
    if market_class:
        qs = qs.filter(market_class=market_class)
    return qs


def outlet_list(*, scope: Scope, include_archived: bool = False, **filters) -> QuerySet[Outlet]:
    qs = scope.filter(Outlet.objects.select_related(*_RELATED), place_field="place",
                      agency_field="managing_agency", business_field="operator")
    if not include_archived:
        qs = qs.filter(archived=False)
    return _filters(qs, **filters).order_by("search_key", "pk")


def outlet_get(*, scope: Scope, outlet_id: int) -> Outlet:
    outlet = outlet_list(scope=scope, include_archived=True).filter(pk=outlet_id).first()
    if outlet is None:
        raise NotFound("Không tìm thấy cơ sở hoặc bạn không có quyền xem.")
    return outlet


def public_outlet_list(**filters) -> QuerySet[Outlet]:
    qs = Outlet.objects.filter(is_public=True, archived=False).select_related(*_RELATED)
    return _filters(qs, **filters).order_by("search_key", "pk")


def public_outlet_get(*, outlet_id: int) -> Outlet:
    outlet = public_outlet_list().filter(pk=outlet_id).first()
    if outlet is None:
        raise NotFound("Không tìm thấy điểm bán.")
    return outlet


def feature(outlet: Outlet, *, base_url: str = "") -> dict:
    """One GeoJSON Feature (RFC 7946: longitude first)."""
    return {
        "type": "Feature",
        "id": outlet.pk,
        "geometry": {"type": "Point", "coordinates": [float(outlet.longitude), float(outlet.latitude)]},
        "properties": {
            "name": outlet.name, "kind": outlet.kind, "kind_label": str(outlet.get_kind_display()),
            "label": outlet.label, "label_text": str(outlet.get_label_display()) if outlet.label else "",
            "market_class": outlet.market_class, "status": outlet.status,
            "status_label": str(outlet.get_status_display()), "address": outlet.address,
            "place": outlet.place.name, "province_code": outlet.place.province_id,
            "operator": outlet.operator_display, "tourist_site": outlet.tourist_site,
            "certified_on": outlet.certified_on.isoformat() if outlet.certified_on else None,
            "url": f"{base_url}/diem-ban-hang-viet/{outlet.pk}/",
        },
    }


MAX_FEATURES = 5000


def geojson(qs: QuerySet[Outlet], *, base_url: str = "") -> dict:
    located = qs.filter(latitude__isnull=False, longitude__isnull=False)[:MAX_FEATURES]
    return {"type": "FeatureCollection", "features": [feature(o, base_url=base_url) for o in located]}


def summary(*, scope: Scope) -> dict:
    qs = outlet_list(scope=scope)
    by_kind = list(qs.values("kind").annotate(total=Count("pk"), labelled=Count("pk", filter=~Q(label="")))
                   .order_by("kind"))
    labels = dict(OutletKind.choices)
    for row in by_kind:
        row["label"] = str(labels.get(row["kind"], row["kind"]))
    totals = qs.aggregate(total=Count("pk"), sale_points=Count("pk", filter=~Q(label="")),
                          open=Count("pk", filter=Q(status=OpeningStatus.OPEN)))
    return {"by_kind": by_kind, "totals": totals}
