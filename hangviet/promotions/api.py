"""Promotions API: the public list, the business's filings, officer review (through the shared
filing workflow), result reports, findings and statistics. Every non-public endpoint is scoped."""

from __future__ import annotations

import datetime as dt

from ninja import Query, Router, Schema, Status
from pydantic import Field

from hangviet.agencies.scope import scope_for
from hangviet.api.schemas import ERRORS, Page, paginate
from hangviet.core.ratelimit import limit_public
from hangviet.filings import services as filing_services

from . import selectors, services
from .services import ItemData, PrizeData, ProgrammeData

PREFIX = "/promotions"
router = Router(tags=["Khuyến mại"])


class PublicProgrammeOut(Schema):
    id: int
    name: str
    business: str
    forms: list[str]
    starts_on: dt.date
    ends_on: dt.date
    provinces: list[str]
    province_names: list[str]
    call_id: int | None
    reference: str | None
    receiving_agency: str | None


def _public(p) -> dict:
    provinces = list(p.provinces.all())
    return {"id": p.pk, "name": p.name, "business": p.business.name, "forms": p.forms, "starts_on": p.starts_on,
            "ends_on": p.ends_on, "provinces": [x.code for x in provinces], "province_names": [x.name for x in provinces],
            "call_id": p.call_id, "reference": p.filing.reference,
            "receiving_agency": p.filing.receiving_agency.name if p.filing.receiving_agency_id else None}


class ItemIO(Schema):
    name: str = Field(max_length=255)
    role: str = Field("promoted", max_length=10)
    unit_price: int | None = Field(None, ge=0, le=10**14)
    promo_value: int | None = Field(None, ge=0, le=10**14)
    discount_percent: int | None = Field(None, ge=1, le=100)
    quantity: int | None = Field(None, ge=0, le=10**9)
    product_id: int | None = Field(None, ge=1, description="Mã sản phẩm trong danh mục (nếu có)")


class PrizeIO(Schema):
    rank: str = Field(max_length=100)
    description: str = Field("", max_length=300)
    value: int | None = Field(None, ge=0, le=10**14)
    quantity: int = Field(1, ge=1, le=10**9)


class ProgrammeIn(Schema):
    name: str = Field(max_length=255)
    forms: list[str] = Field(max_length=9)
    procedure: str = Field("notify", max_length=10)
    addressed_to: str = Field("department", max_length=12)
    starts_on: dt.date
    ends_on: dt.date
    provinces: list[str] = Field(max_length=40)
    outlets: str = Field("", max_length=5000)
    customers: str = Field("", max_length=300)
    terms: str = Field("", max_length=20000)
    draw_date: dt.date | None = None
    draw_place: str = Field("", max_length=300)
    prize_deadline: dt.date | None = None
    call_id: int | None = None
    items: list[ItemIO] = Field(default_factory=list, max_length=100)
    prizes: list[PrizeIO] = Field(default_factory=list, max_length=100)


class ProgrammeOut(PublicProgrammeOut):
    procedure: str
    addressed_to: str
    state: str
    state_label: str
    filing_id: int
    due_date: dt.date | None
    decision_note: str
    total_value: int
    exceeds_filing: bool
    items: list[ItemIO]
    prizes: list[PrizeIO]


def _full(p) -> dict:
    return {**_public(p), "procedure": p.procedure, "addressed_to": p.addressed_to, "state": p.filing.state,
            "state_label": str(p.filing.get_state_display()), "filing_id": p.filing_id, "due_date": p.filing.due_date,
            "decision_note": p.filing.decision_note, "total_value": p.total_value, "exceeds_filing": p.exceeds_filing,
            "items": [{"name": i.name, "role": i.role, "unit_price": i.unit_price, "promo_value": i.promo_value,
                       "discount_percent": i.discount_percent, "quantity": i.quantity, "product_id": i.product_id}
                      for i in p.items.all()],
            "prizes": [{"rank": z.rank, "description": z.description, "value": z.value, "quantity": z.quantity}
                       for z in p.prizes.all()]}


def _data(payload: ProgrammeIn) -> ProgrammeData:
    d = payload.dict()
    return ProgrammeData(
        name=d["name"], forms=d["forms"], procedure=d["procedure"], addressed_to=d["addressed_to"],
        starts_on=d["starts_on"], ends_on=d["ends_on"], province_codes=d["provinces"], outlets=d["outlets"],
        customers=d["customers"], terms=d["terms"], draw_date=d["draw_date"], draw_place=d["draw_place"],
        prize_deadline=d["prize_deadline"], call_id=d["call_id"],
        items=[ItemData(**i) for i in d["items"]], prizes=[PrizeData(**z) for z in d["prizes"]])


class PublicFilters(Schema):
    active_on: dt.date | None = None
    province: str | None = Field(None, max_length=20)
    type: str | None = Field(None, max_length=20)
    q: str | None = Field(None, max_length=200)
    page: int = 1
    page_size: int = 20


@router.get("", response={200: Page[PublicProgrammeOut], **ERRORS}, auth=None,
            summary="Chương trình khuyến mại đã xác nhận (công khai)")
def public_list(request, filters: Query[PublicFilters]):
    limit_public(request, "promotions-api", "120/60")
    qs = selectors.public_programmes(active_on=filters.active_on, province=filters.province, form=filters.type,
                                     q=filters.q)
    items, count = paginate(qs, page=filters.page, page_size=filters.page_size)
    return {"items": [_public(p) for p in items], "count": count}


class MineFilters(Schema):
    state: str | None = Field(None, max_length=20)
    q: str | None = Field(None, max_length=200)
    flagged: bool | None = None
    page: int = 1
    page_size: int = 20


@router.get("/programmes", response={200: Page[ProgrammeOut], **ERRORS},
            summary="Hồ sơ khuyến mại trong phạm vi của tôi (doanh nghiệp: của mình; cán bộ: cơ quan tiếp nhận)")
def programme_list(request, filters: Query[MineFilters]):
    qs = selectors.programme_list(scope=scope_for(request.user), state=filters.state, q=filters.q,
                                  flagged=filters.flagged).prefetch_related("items", "prizes")
    items, count = paginate(qs, page=filters.page, page_size=filters.page_size)
    return {"items": [_full(p) for p in items], "count": count}


@router.post("/programmes", response={201: ProgrammeOut, **ERRORS}, summary="Tạo hồ sơ khuyến mại (bản nháp)")
def programme_create(request, payload: ProgrammeIn):
    scope = scope_for(request.user)
    p = services.programme_create(scope=scope, data=_data(payload))
    return Status(201, _full(selectors.programme_get(scope=scope, programme_id=p.pk)))


@router.get("/programmes/{programme_id}", response={200: ProgrammeOut, **ERRORS}, summary="Chi tiết hồ sơ khuyến mại")
def programme_detail(request, programme_id: int):
    return _full(selectors.programme_get(scope=scope_for(request.user), programme_id=programme_id))


@router.put("/programmes/{programme_id}", response={200: ProgrammeOut, **ERRORS}, summary="Sửa hồ sơ (nháp hoặc được yêu cầu bổ sung)")
def programme_update(request, programme_id: int, payload: ProgrammeIn):
    scope = scope_for(request.user)
    services.programme_update(scope=scope, programme_id=programme_id, data=_data(payload))
    return _full(selectors.programme_get(scope=scope, programme_id=programme_id))


@router.post("/programmes/{programme_id}/submit", response={200: ProgrammeOut, **ERRORS},
             summary="Nộp hồ sơ: kiểm tra quy định, xác định cơ quan tiếp nhận")
def programme_submit(request, programme_id: int):
    scope = scope_for(request.user)
    services.programme_submit(scope=scope, programme_id=programme_id)
    return _full(selectors.programme_get(scope=scope, programme_id=programme_id))


class AmendIn(ProgrammeIn):
    change_note: str = Field(max_length=4000)


@router.post("/programmes/{programme_id}/amend", response={200: ProgrammeOut, **ERRORS},
             summary="Đăng ký sửa đổi chương trình đã xác nhận (nội dung cũ giữ nguyên đến khi được xác nhận)")
def programme_amend(request, programme_id: int, payload: AmendIn):
    scope = scope_for(request.user)
    services.programme_amend(scope=scope, programme_id=programme_id, data=_data(payload), note=payload.change_note)
    return _full(selectors.programme_get(scope=scope, programme_id=programme_id))


class ActionIn(Schema):
    note: str = Field("", max_length=4000)


@router.post("/programmes/{programme_id}/actions/{action}", response={200: ProgrammeOut, **ERRORS},
             summary="Xử lý hồ sơ: acknowledge, request_changes, confirm, refuse, amend, suspend, cancel, close")
def programme_act(request, programme_id: int, action: str, payload: ActionIn):
    scope = scope_for(request.user)
    programme = selectors.programme_get(scope=scope, programme_id=programme_id)
    filing_services.filing_act(scope=scope, filing_id=programme.filing_id, action=action[:30], note=payload.note)
    return _full(selectors.programme_get(scope=scope, programme_id=programme_id))


class ResultIn(Schema):
    awarded_value: int = Field(ge=0, le=10**14)
    unawarded_value: int = Field(ge=0, le=10**14)
    winners: str = Field("", max_length=20000)


class ResultOut(Schema):
    awarded_value: int
    unawarded_value: int
    budget_amount: int
    due_on: dt.date | None


@router.post("/programmes/{programme_id}/result-report", response={201: ResultOut, **ERRORS},
             summary="Báo cáo kết quả chương trình may rủi")
def result_report(request, programme_id: int, payload: ResultIn):
    r = services.result_report_file(scope=scope_for(request.user), programme_id=programme_id,
                                    awarded_value=payload.awarded_value, unawarded_value=payload.unawarded_value,
                                    winners=payload.winners)
    return Status(201, {"awarded_value": r.awarded_value, "unawarded_value": r.unawarded_value,
                        "budget_amount": r.budget_amount, "due_on": r.due_on})


class FindingIn(Schema):
    found_on: dt.date
    description: str = Field(max_length=5000)
    exceeds_filing: bool = False
    action_taken: str = Field("", max_length=5000)


@router.post("/programmes/{programme_id}/findings", response={201: dict, **ERRORS}, summary="Ghi kết quả kiểm tra")
def finding(request, programme_id: int, payload: FindingIn):
    f = services.finding_add(scope=scope_for(request.user), programme_id=programme_id, found_on=payload.found_on,
                             description=payload.description, exceeds_filing=payload.exceeds_filing,
                             action_taken=payload.action_taken)
    return Status(201, {"id": f.pk})


class StatsFilters(Schema):
    year: int | None = None


@router.get("/stats", response={200: dict, **ERRORS}, summary="Thống kê khuyến mại theo tháng, hình thức, ngành hàng")
def stats(request, filters: Query[StatsFilters]):
    scope = scope_for(request.user)
    if not scope.is_official:
        from hangviet.core.errors import PermissionDenied

        raise PermissionDenied("Chỉ cán bộ được xem thống kê khuyến mại.")
    return selectors.statistics(scope=scope, year=filters.year)


class CallOut(Schema):
    id: int
    title: str
    description: str
    agency: str
    starts_on: dt.date
    ends_on: dt.date
    status: str
    concentrated_max_percent: int | None
    confirmed_programmes: int


@router.get("/calls", response={200: list[CallOut], **ERRORS}, auth=None, summary="Các đợt khuyến mại (công khai)")
def calls(request):
    limit_public(request, "promotions-api", "120/60")
    return [{"id": c.pk, "title": c.title, "description": c.description, "agency": c.agency.name,
             "starts_on": c.starts_on, "ends_on": c.ends_on, "status": c.status,
             "concentrated_max_percent": c.concentrated_max_percent, "confirmed_programmes": c.confirmed}
            for c in selectors.public_calls()[:200]]


@router.get("/{programme_id}", response={200: PublicProgrammeOut, **ERRORS}, auth=None,
            summary="Một chương trình khuyến mại đã xác nhận (công khai)")
def public_detail(request, programme_id: int):
    return _public(selectors.public_programme_get(programme_id=programme_id))
