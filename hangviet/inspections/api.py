"""Inspections API for officers: list, detail and record inspections (with violations, fines and the
complaints they answer), all scoped to the actor; and the dashboard numbers."""

from __future__ import annotations

import datetime as dt

from ninja import Query, Router, Schema, Status
from pydantic import Field

from hangviet.agencies.scope import scope_for
from hangviet.api.schemas import ERRORS, Page, paginate
from hangviet.core.errors import DomainError, PermissionDenied

from . import selectors, services
from .models import InspectionStatus

PREFIX = "/inspections"
router = Router(tags=["Kiểm tra thị trường"])


def _scope(request):
    scope = scope_for(request.auth)
    if not scope.is_official:
        raise PermissionDenied()
    return scope


class InspectionFilter(Schema):
    status: str | None = Field(None, max_length=10)
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    plan_id: int | None = None
    q: str | None = Field(None, max_length=200)
    page: int = 1
    page_size: int = 20


class InspectionRow(Schema):
    id: int
    inspected_on: dt.date
    status: str
    place_code: str
    place: str
    agency: str
    team: str
    business_id: int | None
    business_name: str
    plan_id: int | None
    violations: int
    fines: int
    seized_value: int


class ViolationSchema(Schema):
    category: str = Field(max_length=20)
    description: str = Field("", max_length=5000)
    seized_value: int = Field(0, ge=0, le=10**14)
    fine_amount: int = Field(0, ge=0, le=10**12)
    decision_number: str = Field("", max_length=60)


class InspectionOut(InspectionRow):
    place_detail: str
    result: str
    follow_up: str
    violation_list: list[ViolationSchema]
    complaints: list[str]


class InspectionIn(Schema):
    place_code: str = Field(max_length=20)
    inspected_on: dt.date
    team: str = Field("", max_length=300)
    business_id: int | None = None
    business_name: str = Field("", max_length=255)
    place_detail: str = Field("", max_length=300)
    result: str = Field("", max_length=5000)
    follow_up: str = Field("", max_length=5000)
    plan_id: int | None = None
    violations: list[ViolationSchema] = Field(default_factory=list, max_length=100)
    complaint_ids: list[int] = Field(default_factory=list, max_length=100)


def _row(i, *, violations=None, fines=None, seized=None) -> dict:
    return {"id": i.pk, "inspected_on": i.inspected_on, "status": i.status, "place_code": i.place_id,
            "place": i.place.name, "agency": str(i.agency), "team": i.team, "business_id": i.business_id,
            "business_name": i.business.name if i.business_id else i.business_name, "plan_id": i.plan_id,
            "violations": violations if violations is not None else i.violation_count,
            "fines": fines if fines is not None else (i.fines_total or 0),
            "seized_value": seized if seized is not None else (i.seized_total or 0)}


def _detail(i) -> dict:
    violations = list(i.violations.all())
    return {**_row(i, violations=len(violations), fines=sum(v.fine_amount for v in violations),
                   seized=sum(v.seized_value for v in violations)),
            "place_detail": i.place_detail, "result": i.result, "follow_up": i.follow_up,
            "violation_list": [{"category": v.category, "description": v.description, "seized_value": v.seized_value,
                                "fine_amount": v.fine_amount, "decision_number": v.decision_number}
                               for v in violations],
            "complaints": [c.reference for c in i.complaints.all()]}


@router.get("", response={200: Page[InspectionRow], **ERRORS}, summary="Danh sách cuộc kiểm tra (theo phạm vi)")
def inspections(request, filters: Query[InspectionFilter]):
    scope = _scope(request)
    if filters.status and filters.status not in InspectionStatus.values:
        raise DomainError("status_invalid", "Trạng thái không hợp lệ.", field="status", status=422)
    qs = selectors.inspection_list_with_totals(scope=scope, status=filters.status, date_from=filters.date_from,
                                               date_to=filters.date_to, q=filters.q, plan_id=filters.plan_id)
    items, count = paginate(qs, page=filters.page, page_size=filters.page_size)
    return {"items": [_row(i) for i in items], "count": count}


@router.get("/{inspection_id}", response={200: InspectionOut, **ERRORS}, summary="Chi tiết cuộc kiểm tra")
def inspection(request, inspection_id: int):
    return _detail(selectors.inspection_get(scope=_scope(request), inspection_id=inspection_id))


@router.post("", response={201: InspectionOut, **ERRORS}, summary="Ghi biên bản kiểm tra (đóng các phản ánh liên quan)")
def create(request, payload: InspectionIn):
    scope = _scope(request)
    data = services.InspectionData(**{**payload.dict(), "violations": [
        services.ViolationData(**v) for v in payload.dict()["violations"]]})
    inspection = services.record_inspection(scope=scope, data=data)
    return Status(201, _detail(selectors.inspection_get(scope=scope, inspection_id=inspection.pk)))
