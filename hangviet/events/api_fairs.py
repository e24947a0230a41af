"""/api/v1/events/fairs: trade-fair filings on the shared filing workflow. The organiser drafts, submits,
amends, cancels and reports here; the Department's review (acknowledge, ask for changes, confirm,
refuse) goes through the filings workflow's own screens and endpoints."""

from __future__ import annotations

import datetime as dt

from ninja import Schema, Status
from pydantic import Field

from hangviet.agencies.scope import scope_for
from hangviet.api.schemas import ERRORS, Page, paginate

from . import selectors
from .api import router
from .services import fairs

TAGS = ["Đăng ký hội chợ, triển lãm"]


class FairOut(Schema):
    id: int
    filing_id: int | None
    reference: str | None
    state: str
    due_date: dt.date | None
    event_id: int | None
    organiser_name: str
    organiser_tax_code: str
    name: str
    theme: str
    opens_on: dt.date
    closes_on: dt.date
    place_code: str
    venue: str
    expected_booths: int
    shows_comparison_goods: bool
    filed_on: dt.date
    legal_source: str


def _out(r) -> dict:
    f = r.filing
    return {"id": r.pk, "filing_id": r.filing_id, "reference": f.reference if f else None,
            "state": f.state if f else "", "due_date": f.due_date if f else None, "event_id": r.event_id,
            "organiser_name": r.organiser_name, "organiser_tax_code": r.organiser_tax_code, "name": r.name,
            "theme": r.theme, "opens_on": r.opens_on, "closes_on": r.closes_on, "place_code": r.place_id,
            "venue": r.venue, "expected_booths": r.expected_booths, "shows_comparison_goods": r.shows_comparison_goods,
            "filed_on": r.filed_on, "legal_source": r.rule.legal_source if r.rule_id else ""}


class FairIn(Schema):
    name: str = Field(max_length=255)
    opens_on: dt.date
    closes_on: dt.date
    place_code: str = Field(max_length=20)
    venue: str = Field(max_length=300)
    expected_booths: int = Field(ge=0, le=100000)
    theme: str = Field("", max_length=300)
    organiser_name: str = Field("", max_length=255)
    organiser_address: str = Field("", max_length=300)
    organiser_tax_code: str = Field("", max_length=20)
    shows_comparison_goods: bool = False
    comparison_note: str = Field("", max_length=2000)
    quality_title_evidence: str = Field("", max_length=2000)
    change_note: str = Field("", max_length=3000)


class ReasonIn(Schema):
    reason: str = Field(max_length=4000)


class ReportIn(Schema):
    actual_booths: int | None = Field(None, ge=0)
    actual_businesses: int | None = Field(None, ge=0)
    actual_visitors: int | None = Field(None, ge=0)
    actual_revenue: int | None = Field(None, ge=0)
    report_text: str = Field(max_length=10000)


def _data(payload: FairIn) -> fairs.FairData:
    return fairs.FairData(**payload.dict())


def _fresh(request, registration_id: int) -> dict:
    return _out(selectors.fair_filing_get(scope=scope_for(request.user), registration_id=registration_id))


@router.post("/fairs", tags=TAGS, response={201: FairOut, **ERRORS}, summary="Lập hồ sơ đăng ký hội chợ (bản nháp)")
def create_fair(request, payload: FairIn):
    reg = fairs.fair_create(scope=scope_for(request.user), data=_data(payload))
    return Status(201, _fresh(request, reg.pk))


@router.get("/fairs", tags=TAGS, response={200: Page[FairOut], **ERRORS}, summary="Hồ sơ hội chợ trong phạm vi của tôi")
def list_fairs(request, page: int = 1, page_size: int = 20):
    items, count = paginate(selectors.fair_filing_list(scope=scope_for(request.user)), page=page, page_size=page_size)
    return {"items": [_out(r) for r in items], "count": count}


@router.get("/fairs/{int:registration_id}", tags=TAGS, response={200: FairOut, **ERRORS}, summary="Chi tiết hồ sơ hội chợ")
def get_fair(request, registration_id: int):
    return _fresh(request, registration_id)


@router.put("/fairs/{int:registration_id}", tags=TAGS, response={200: FairOut, **ERRORS},
            summary="Sửa hồ sơ (bản nháp hoặc khi được yêu cầu bổ sung)")
def update_fair(request, registration_id: int, payload: FairIn):
    fairs.fair_update(scope=scope_for(request.user), registration_id=registration_id, data=_data(payload))
    return _fresh(request, registration_id)


@router.post("/fairs/{int:registration_id}/submit", tags=TAGS, response={200: FairOut, **ERRORS}, summary="Nộp hồ sơ")
def submit_fair(request, registration_id: int):
    fairs.fair_submit(scope=scope_for(request.user), registration_id=registration_id)
    return _fresh(request, registration_id)


@router.post("/fairs/{int:registration_id}/amend", tags=TAGS, response={200: FairOut, **ERRORS},
             summary="Đăng ký thay đổi hội chợ đã được xác nhận")
def amend_fair(request, registration_id: int, payload: FairIn):
    fairs.fair_amend(scope=scope_for(request.user), registration_id=registration_id, data=_data(payload))
    return _fresh(request, registration_id)


@router.post("/fairs/{int:registration_id}/cancel", tags=TAGS, response={200: FairOut, **ERRORS},
             summary="Hủy hội chợ")
def cancel_fair(request, registration_id: int, payload: ReasonIn):
    fairs.fair_cancel(scope=scope_for(request.user), registration_id=registration_id, reason=payload.reason)
    return _fresh(request, registration_id)


@router.post("/fairs/{int:registration_id}/report", tags=TAGS, response={200: FairOut, **ERRORS},
             summary="Báo cáo kết quả sau hội chợ (kết thúc hồ sơ)")
def report_fair(request, registration_id: int, payload: ReportIn):
    fairs.fair_report(scope=scope_for(request.user), registration_id=registration_id,
                      report=fairs.FairReportData(**payload.dict()))
    return _fresh(request, registration_id)


