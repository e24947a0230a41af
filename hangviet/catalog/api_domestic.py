"""API of the domestic-goods list: the public list (GET, no account) and the scoped endpoints of the
proposal workflow (draft, edit, submit, the Department's review through the shared filing workflow,
forwarding to the Ministry of Finance, the Ministry's outcome).

Mounted by catalog/api.py: `router.add_router("/domestic", api_domestic.router)`, i.e. under
/api/v1/catalog/domestic/…"""

from __future__ import annotations

import datetime as dt

from ninja import Query, Router, Schema, Status
from pydantic import Field

from hangviet.agencies.scope import scope_for
from hangviet.api.schemas import ERRORS, Page, paginate
from hangviet.core.ratelimit import limit_public
from hangviet.filings import services as filing_services

from . import domestic
from .models import DomesticList

router = Router(tags=["Danh mục hàng hóa trong nước đã sản xuất được"])


class EntryOut(Schema):
    id: int
    list_kind: str
    list_label: str
    number: str
    name: str
    hs_code: str
    specification: str
    producers: str
    source: str


def _entry(e) -> dict:
    return {"id": e.pk, "list_kind": e.list_kind, "list_label": str(e.get_list_kind_display()), "number": e.number,
            "name": e.name, "hs_code": e.hs_code, "specification": e.specification, "producers": e.producers,
            "source": e.source}


class EntryFilters(Schema):
    q: str | None = Field(None, max_length=200)
    list_kind: str | None = Field(None, max_length=20)
    page: int = 1
    page_size: int = 20


@router.get("/entries", response={200: Page[EntryOut], **ERRORS}, auth=None,
            summary="Danh mục hàng hóa trong nước đã sản xuất được (công khai; tìm không cần dấu)")
def entries(request, filters: Query[EntryFilters]):
    limit_public(request, "domestic-api", "120/60")
    qs = domestic.public_entries(q=filters.q, list_kind=filters.list_kind or None)
    items, count = paginate(qs, page=filters.page, page_size=filters.page_size)
    return {"items": [_entry(e) for e in items], "count": count}


class ListKindOut(Schema):
    code: str
    label: str
    count: int


@router.get("/lists", response={200: list[ListKindOut], **ERRORS}, auth=None, summary="Các danh mục và số mặt hàng")
def lists(request):
    counts = domestic.list_counts()
    return [{"code": code, "label": str(label), "count": counts.get(code, 0)} for code, label in DomesticList.choices]


# --- proposals ---------------------------------------------------------------------------------------
class ProposalIn(Schema):
    list_kind: str = Field(max_length=20)
    item_name: str = Field(max_length=2000)
    hs_code: str = Field("", max_length=200)
    specification: str = Field("", max_length=20000)
    capacity: str = Field("", max_length=2000)
    product_id: int | None = None
    province: str | None = Field(None, max_length=20, description="Chỉ quản trị hệ thống: mã tỉnh đề xuất")


class ProposalOut(Schema):
    id: int
    filing_id: int
    reference: str | None
    stage: str
    stage_label: str
    state: str
    state_label: str
    list_kind: str
    item_name: str
    hs_code: str
    specification: str
    capacity: str
    product_id: int | None
    province: str
    province_name: str
    filer_business: str | None
    receiving_agency: str | None
    decision_note: str
    forwarded_on: dt.date | None
    forward_document: str
    outcome: str
    outcome_on: dt.date | None
    outcome_note: str
    entry_id: int | None


def _proposal(p) -> dict:
    stage = domestic.proposal_stage(p)
    f = p.filing
    return {"id": p.pk, "filing_id": f.pk, "reference": f.reference, "stage": stage,
            "stage_label": str(domestic.STAGES[stage]), "state": f.state, "state_label": str(f.get_state_display()),
            "list_kind": p.list_kind, "item_name": p.item_name, "hs_code": p.hs_code,
            "specification": p.specification, "capacity": p.capacity, "product_id": p.product_id,
            "province": p.province_id, "province_name": p.province.name,
            "filer_business": f.filer_business.name if f.filer_business_id else None,
            "receiving_agency": f.receiving_agency.name if f.receiving_agency_id else None,
            "decision_note": f.decision_note, "forwarded_on": p.forwarded_on, "forward_document": p.forward_document,
            "outcome": p.outcome, "outcome_on": p.outcome_on, "outcome_note": p.outcome_note, "entry_id": p.entry_id}


def _data(payload: ProposalIn) -> domestic.ProposalData:
    return domestic.ProposalData(**payload.dict())


class ProposalFilters(Schema):
    stage: str | None = Field(None, max_length=20)
    q: str | None = Field(None, max_length=200)
    page: int = 1
    page_size: int = 20


@router.get("/proposals", response={200: Page[ProposalOut], **ERRORS},
            summary="Đề xuất bổ sung danh mục trong phạm vi của tôi")
def proposal_list(request, filters: Query[ProposalFilters]):
    qs = domestic.proposal_list(scope=scope_for(request.user), stage=filters.stage or None, q=filters.q)
    items, count = paginate(qs, page=filters.page, page_size=filters.page_size)
    return {"items": [_proposal(p) for p in items], "count": count}


@router.post("/proposals", response={201: ProposalOut, **ERRORS}, summary="Lập đề xuất (bản nháp)")
def proposal_create(request, payload: ProposalIn):
    scope = scope_for(request.user)
    proposal = domestic.proposal_create(scope=scope, data=_data(payload))
    return Status(201, _proposal(domestic.proposal_get(scope=scope, proposal_id=proposal.pk)))


@router.get("/proposals/{proposal_id}", response={200: ProposalOut, **ERRORS}, summary="Chi tiết đề xuất")
def proposal_detail(request, proposal_id: int):
    return _proposal(domestic.proposal_get(scope=scope_for(request.user), proposal_id=proposal_id))


@router.put("/proposals/{proposal_id}", response={200: ProposalOut, **ERRORS},
            summary="Sửa đề xuất (bản nháp hoặc được yêu cầu bổ sung)")
def proposal_update(request, proposal_id: int, payload: ProposalIn):
    scope = scope_for(request.user)
    domestic.proposal_get(scope=scope, proposal_id=proposal_id)
    domestic.proposal_update(scope=scope, proposal_id=proposal_id, data=_data(payload))
    return _proposal(domestic.proposal_get(scope=scope, proposal_id=proposal_id))


@router.post("/proposals/{proposal_id}/submit", response={200: ProposalOut, **ERRORS},
             summary="Gửi đề xuất tới Sở Công Thương của tỉnh")
def proposal_submit(request, proposal_id: int):
    scope = scope_for(request.user)
    domestic.proposal_submit(scope=scope, proposal_id=proposal_id)
    return _proposal(domestic.proposal_get(scope=scope, proposal_id=proposal_id))


class ActionIn(Schema):
    note: str = Field("", max_length=4000)


@router.post("/proposals/{proposal_id}/actions/{action}", response={200: ProposalOut, **ERRORS},
             summary="Xử lý đề xuất qua quy trình hồ sơ: acknowledge, request_changes, refuse, cancel "
                     "(xác nhận = chuyển Bộ Tài chính: dùng /forward)")
def proposal_act(request, proposal_id: int, action: str, payload: ActionIn):
    scope = scope_for(request.user)
    proposal = domestic.proposal_get(scope=scope, proposal_id=proposal_id)
    filing_services.filing_act(scope=scope, filing_id=proposal.filing_id, action=action[:30], note=payload.note)
    return _proposal(domestic.proposal_get(scope=scope, proposal_id=proposal_id))


class ForwardIn(Schema):
    forwarded_on: dt.date
    forward_document: str = Field(max_length=200)
    note: str = Field("", max_length=4000)


@router.post("/proposals/{proposal_id}/forward", response={200: ProposalOut, **ERRORS},
             summary="Sở Công Thương xác nhận và chuyển đề xuất lên Bộ Tài chính (ngày, số văn bản)")
def proposal_forward(request, proposal_id: int, payload: ForwardIn):
    scope = scope_for(request.user)
    domestic.proposal_forward(scope=scope, proposal_id=proposal_id, forwarded_on=payload.forwarded_on,
                              forward_document=payload.forward_document, note=payload.note)
    return _proposal(domestic.proposal_get(scope=scope, proposal_id=proposal_id))


class OutcomeIn(Schema):
    outcome: str = Field(max_length=20, description="accepted hoặc rejected")
    outcome_on: dt.date
    note: str = Field("", max_length=20000)
    entry_id: int | None = Field(None, description="Được bổ sung: mặt hàng đã có trong danh mục")
    entry_number: str = Field("", max_length=200, description="Được bổ sung: số thứ tự của dòng mới")
    entry_source: str = Field("", max_length=500, description="Được bổ sung: văn bản ban hành dòng mới")


@router.post("/proposals/{proposal_id}/outcome", response={200: ProposalOut, **ERRORS},
             summary="Ghi kết quả của Bộ Tài chính (được bổ sung: tạo hoặc gắn dòng danh mục)")
def proposal_outcome(request, proposal_id: int, payload: OutcomeIn):
    scope = scope_for(request.user)
    domestic.proposal_record_outcome(scope=scope, proposal_id=proposal_id,
                                     data=domestic.OutcomeData(**payload.dict()))
    return _proposal(domestic.proposal_get(scope=scope, proposal_id=proposal_id))
