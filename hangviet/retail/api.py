"""/api/v1/retail: the public sale-point listing and GeoJSON feed, and the back office's outlet writes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from ninja import Query, Router, Schema, Status
from pydantic import Field

from hangviet.agencies.scope import scope_for
from hangviet.api.schemas import ERRORS, Page, paginate
from hangviet.core.ratelimit import limit_public

from . import selectors, services

PREFIX = "/retail"
router = Router(tags=["Phân phối, điểm bán hàng Việt"])


class OutletOut(Schema):
    id: int
    name: str
    kind: str
    kind_label: str
    market_class: str
    chain_name: str
    label: str
    certified_on: dt.date | None
    operator: str
    place_code: str
    place_name: str
    province_code: str | None
    address: str
    tourist_site: str
    latitude: float | None
    longitude: float | None
    status: str
    opened_on: dt.date | None
    products_note: str
    url: str


def _out(o) -> dict:
    return {"id": o.pk, "name": o.name, "kind": o.kind, "kind_label": str(o.get_kind_display()),
            "market_class": o.market_class, "chain_name": o.chain_name, "label": o.label,
            "certified_on": o.certified_on, "operator": o.operator_display, "place_code": o.place_id,
            "place_name": o.place.name, "province_code": o.place.province_id, "address": o.address,
            "tourist_site": o.tourist_site, "latitude": float(o.latitude) if o.latitude is not None else None,
            "longitude": float(o.longitude) if o.longitude is not None else None, "status": o.status,
            "opened_on": o.opened_on, "products_note": o.products_note, "url": f"/diem-ban-hang-viet/{o.pk}/"}


class OutletFilters(Schema):
    q: str | None = Field(None, max_length=200)
    province: str | None = Field(None, max_length=2)
    place: str | None = Field(None, max_length=20)
    kind: str | None = Field(None, max_length=20)
    label: str | None = Field(None, max_length=20)
    status: str | None = Field(None, max_length=12)
    market_class: str | None = Field(None, max_length=1)
    sale_points_only: bool = False
    page: int = 1
    page_size: int = 20


def _filters(f: OutletFilters) -> dict:
    return f.dict(include={"q", "province", "place", "kind", "label", "status", "market_class", "sale_points_only"})


@router.get("/sale-points", response={200: Page[OutletOut], **ERRORS}, auth=None,
            summary="Điểm bán hàng Việt, chợ, siêu thị… công khai (có bộ lọc)")
def public_list(request, filters: Query[OutletFilters]):
    limit_public(request, "retail-api", "120/60")
    items, count = paginate(selectors.public_outlet_list(**_filters(filters)), page=filters.page,
                            page_size=filters.page_size)
    return {"items": [_out(o) for o in items], "count": count}


class FeatureCollection(Schema):
    type: str
    features: list[dict]


@router.get("/sale-points.geojson", response={200: FeatureCollection, **ERRORS}, auth=None,
            summary="GeoJSON FeatureCollection của các điểm có tọa độ")
def public_geojson(request, filters: Query[OutletFilters]):
    limit_public(request, "retail-api", "120/60")
    return selectors.geojson(selectors.public_outlet_list(**_filters(filters)), base_url=settings.SITE_URL)


@router.get("/sale-points/{outlet_id}", response={200: OutletOut, **ERRORS}, auth=None, summary="Chi tiết điểm bán")
def public_detail(request, outlet_id: int):
    return _out(selectors.public_outlet_get(outlet_id=outlet_id))


@router.get("/outlets", response={200: Page[OutletOut], **ERRORS}, summary="Cơ sở phân phối trong phạm vi của tôi")
def managed_list(request, filters: Query[OutletFilters]):
    qs = selectors.outlet_list(scope=scope_for(request.user), **_filters(filters))
    items, count = paginate(qs, page=filters.page, page_size=filters.page_size)
    return {"items": [_out(o) for o in items], "count": count}


@router.get("/outlets/{outlet_id}", response={200: OutletOut, **ERRORS}, summary="Chi tiết cơ sở (cán bộ)")
def managed_detail(request, outlet_id: int):
    return _out(selectors.outlet_get(scope=scope_for(request.user), outlet_id=outlet_id))


class OutletIn(Schema):
    name: str = Field(max_length=255)
    kind: str = Field(max_length=20)
    place_code: str = Field(max_length=20)
    address: str = Field(max_length=300)
    status: str = Field("open", max_length=12)
    label: str = Field("", max_length=20)
    certified_on: dt.date | None = None
    market_class: str = Field("", max_length=1)
    chain_name: str = Field("", max_length=200)
    operator_id: int | None = None
    operator_name: str = Field("", max_length=255)
    managing_agency_id: int | None = None
    tourist_site: str = Field("", max_length=200)
    latitude: Decimal | None = Field(None, max_digits=12, decimal_places=8)
    longitude: Decimal | None = Field(None, max_digits=12, decimal_places=8)
    opened_on: dt.date | None = None
    products_note: str = Field("", max_length=5000)
    phone: str = Field("", max_length=20)
    opening_hours: str = Field("", max_length=100)
    is_public: bool = True


@router.post("/outlets", response={201: OutletOut, **ERRORS}, summary="Thêm cơ sở phân phối, điểm bán")
def create(request, payload: OutletIn):
    scope = scope_for(request.user)
    outlet = services.outlet_create(scope=scope, data=services.OutletData(**payload.dict()))
    return Status(201, _out(selectors.outlet_get(scope=scope, outlet_id=outlet.pk)))


@router.put("/outlets/{outlet_id}", response={200: OutletOut, **ERRORS}, summary="Sửa cơ sở phân phối, điểm bán")
def update(request, outlet_id: int, payload: OutletIn):
    scope = scope_for(request.user)
    services.outlet_update(scope=scope, outlet_id=outlet_id, data=services.OutletData(**payload.dict()))
    return _out(selectors.outlet_get(scope=scope, outlet_id=outlet_id))


class ArchiveIn(Schema):
    reason: str = Field(max_length=2000)


@router.post("/outlets/{outlet_id}/archive", response={200: OutletOut, **ERRORS}, summary="Lưu trữ (đã đóng cửa)")
def archive(request, outlet_id: int, payload: ArchiveIn):
    scope = scope_for(request.user)
    services.outlet_archive(scope=scope, outlet_id=outlet_id, reason=payload.reason)
    return _out(selectors.outlet_get(scope=scope, outlet_id=outlet_id))
