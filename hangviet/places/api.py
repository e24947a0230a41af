from __future__ import annotations

from typing import Literal

from ninja import Query, Router, Schema

from hangviet.api.schemas import ERRORS, Page, paginate

from . import selectors

PREFIX = "/places"
router = Router(tags=["Địa bàn"])


class PlaceOut(Schema):
    code: str
    name: str
    level: str
    division_type: str
    parent_code: str | None
    province_code: str | None
    valid_from: str | None
    valid_to: str | None
    is_historical: bool

    @staticmethod
    def from_place(p) -> dict:
        return {
            "code": p.code, "name": p.name, "level": p.level, "division_type": p.division_type,
            "parent_code": p.parent_id, "province_code": p.province_id,
            "valid_from": p.valid_from.isoformat() if p.valid_from else None,
            "valid_to": p.valid_to.isoformat() if p.valid_to else None, "is_historical": p.valid_to is not None,
        }


class PlaceDetail(PlaceOut):
    full_name: str
    successors: list[str]
    predecessors: list[str]


class PlaceFilters(Schema):
    level: Literal["province", "district", "commune"] | None = None
    parent: str | None = None
    q: str | None = None
    page: int = 1
    page_size: int = 50


@router.get("", response={200: Page[PlaceOut], **ERRORS}, auth=None, summary="Danh sách đơn vị hành chính")
def list_places(request, filters: Query[PlaceFilters]):
    if filters.q and len(filters.q) > 200:
        filters.q = filters.q[:200]
    qs = selectors.place_list(level=filters.level, parent=(filters.parent or "")[:20] or None, q=filters.q)
    items, count = paginate(qs, page=filters.page, page_size=filters.page_size)
    return {"items": [PlaceOut.from_place(p) for p in items], "count": count}


@router.get("/{code}", response={200: PlaceDetail, **ERRORS}, auth=None, summary="Chi tiết đơn vị hành chính")
def get_place(request, code: str):
    place = selectors.place_get(code[:20])
    data = PlaceOut.from_place(place)
    data.update(full_name=place.full_name, successors=[s.code for s in place.successors.all()],
                predecessors=[s.code for s in place.predecessors.all()])
    return data
