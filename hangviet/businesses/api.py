from __future__ import annotations

from ninja import Query, Router, Schema, Status
from pydantic import Field

from hangviet.agencies.scope import scope_for
from hangviet.api.schemas import ERRORS, Page, paginate
from hangviet.core.ratelimit import limit_public

from . import selectors, services
from .services import BusinessData

PREFIX = "/businesses"
router = Router(tags=["Doanh nghiệp"])


class BusinessOut(Schema):
    id: int
    tax_code: str
    name: str
    short_name: str
    kind: str
    address: str
    place_code: str
    province_code: str | None
    representative: str
    phone: str
    email: str
    sector: str
    status: str


def _out(b) -> dict:
    return {"id": b.pk, "tax_code": b.tax_code, "name": b.name, "short_name": b.short_name, "kind": b.kind,
            "address": b.address, "place_code": b.place_id, "province_code": b.place.province_id,
            "representative": b.representative, "phone": b.phone, "email": b.email, "sector": b.sector,
            "status": b.status}


class BusinessIn(Schema):
    tax_code: str = Field(max_length=20)
    name: str = Field(max_length=255)
    kind: str = Field(max_length=20)
    place_code: str = Field(max_length=20)
    address: str = Field("", max_length=300)
    short_name: str = Field("", max_length=120)
    representative: str = Field("", max_length=150)
    phone: str = Field("", max_length=20)
    email: str = Field("", max_length=254)
    sector: str = Field("", max_length=200)


class RegistrationIn(BusinessIn):
    username: str = Field(max_length=150)
    password: str = Field(max_length=128)
    full_name: str = Field("", max_length=150)


class ReviewIn(Schema):
    approve: bool
    note: str = Field("", max_length=2000)


class BusinessFilters(Schema):
    q: str | None = Field(None, max_length=200)
    status: str | None = Field(None, max_length=20)
    kind: str | None = Field(None, max_length=20)
    place: str | None = Field(None, max_length=20)
    page: int = 1
    page_size: int = 20


def _data(payload: BusinessIn) -> BusinessData:
    return BusinessData(**payload.dict(include=set(BusinessData.__dataclass_fields__)))


@router.get("", response={200: Page[BusinessOut], **ERRORS}, summary="Doanh nghiệp trong phạm vi của tôi")
def list_businesses(request, filters: Query[BusinessFilters]):
    qs = selectors.business_list(scope=scope_for(request.user), q=filters.q, status=filters.status,
                                 kind=filters.kind, place_code=filters.place)
    items, count = paginate(qs, page=filters.page, page_size=filters.page_size)
    return {"items": [_out(b) for b in items], "count": count}


@router.get("/{int:business_id}", response={200: BusinessOut, **ERRORS}, summary="Chi tiết doanh nghiệp")
def get_business(request, business_id: int):
    return _out(selectors.business_get(scope=scope_for(request.user), business_id=business_id))


@router.post("", response={201: BusinessOut, **ERRORS}, summary="Thêm doanh nghiệp (cán bộ)")
def create_business(request, payload: BusinessIn):
    return Status(201, _out(services.business_create(scope=scope_for(request.user), data=_data(payload))))


@router.put("/{int:business_id}", response={200: BusinessOut, **ERRORS}, summary="Sửa thông tin doanh nghiệp")
def update_business(request, business_id: int, payload: BusinessIn):
    return _out(services.business_update(scope=scope_for(request.user), business_id=business_id, data=_data(payload)))


@router.post("/register", response={201: BusinessOut, **ERRORS}, auth=None,
             summary="Doanh nghiệp tự đăng ký (chờ cán bộ duyệt)")
def register(request, payload: RegistrationIn):
    limit_public(request, "business-register")
    business, _user = services.business_register(data=_data(payload), username=payload.username,
                                                 password=payload.password, full_name=payload.full_name)
    return Status(201, _out(business))


@router.post("/{int:business_id}/review", response={200: BusinessOut, **ERRORS}, summary="Duyệt hoặc từ chối đăng ký")
def review(request, business_id: int, payload: ReviewIn):
    return _out(services.business_review(scope=scope_for(request.user), business_id=business_id,
                                         approve=payload.approve, note=payload.note))
