"""Complaints API: public submission (rate-limited, idempotent, returns the tracking code), public
tracking with no personal data, and officer endpoints scoped to the actor."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field

from hangviet.agencies.scope import scope_for
from hangviet.api.schemas import ERRORS, Page, paginate
from hangviet.core.ratelimit import limit_public

from . import personal_data, selectors, services, workflow
from .services import ComplaintData, format_code

PREFIX = "/complaints"
router = Router(tags=["Phản ánh, khiếu nại"])


class ComplaintIn(Schema):
    kind: str = Field(max_length=20)
    category: str = Field(max_length=20)
    description: str = Field(max_length=10000)
    business_id: int | None = None
    business_name: str = Field("", max_length=255)
    product_name: str = Field("", max_length=255)
    product_id: int | None = Field(None, ge=1, description="Mã sản phẩm trong danh mục (nếu chọn từ danh mục)")
    place_code: str = Field("", max_length=20)
    place_detail: str = Field("", max_length=300)
    occurred_on: dt.date | None = None
    full_name: str = Field("", max_length=200)
    phone: str = Field("", max_length=20)
    email: str = Field("", max_length=254)
    address: str = Field("", max_length=300)
    anonymous: bool = False
    consent_share: bool = False


class SubmittedOut(Schema):
    tracking_code: str
    reference: str
    status_url: str
    due_date: dt.date | None
    created: bool


class StepOut(Schema):
    at: dt.datetime
    status: str
    status_code: str
    target: str
    note: str


class TrackOut(Schema):
    reference: str
    kind: str
    category: str
    status: str
    status_code: str
    received_at: dt.datetime
    due_date: dt.date | None
    finished_on: dt.date | None
    outcome: str
    business_name: str
    timeline: list[StepOut]
    inspection_results: list[str]


@router.post("", response={201: SubmittedOut, 200: SubmittedOut, **ERRORS}, auth=None,
             summary="Gửi phản ánh (công khai, không cần tài khoản)")
def submit(request, payload: Form[ComplaintIn], files: list[UploadedFile] = File(None)):  # noqa: B008
    limit_public(request, "complaints-submit", getattr(settings, "RATELIMIT_PUBLIC_FORMS", None))
    data = ComplaintData(**payload.dict(), files=list(files or []))
    complaint, code, created = services.submit_complaint(
        data=data, channel="api", idempotency_key=request.headers.get("Idempotency-Key"))
    body = {"tracking_code": format_code(code), "reference": complaint.reference,
            "status_url": f"/khieu-nai/tra-cuu/{code}/", "due_date": complaint.due_date, "created": created}
    return Status(201 if created else 200, body)


@router.get("/track/{code}", response={200: TrackOut, **ERRORS}, auth=None,
            summary="Tra cứu tiến độ bằng mã (không có dữ liệu cá nhân)")
def track(request, code: str):
    limit_public(request, "complaints-track", "120/60")
    return selectors.track(code[:40]).__dict__


class OfficerFilter(Schema):
    status: str | None = Field(None, max_length=20)
    category: str | None = Field(None, max_length=20)
    q: str | None = Field(None, max_length=200)
    due: str | None = Field(None, max_length=10)
    page: int = 1
    page_size: int = 20


class ComplaintOut(Schema):
    id: int
    reference: str
    kind: str
    case_type: str
    category: str
    channel: str
    status: str
    business_name: str
    product_name: str
    place: str | None
    description: str
    received_at: dt.datetime
    due_date: dt.date | None
    outcome: str
    duplicate_of: int | None


def _out(c) -> dict:
    return {"id": c.pk, "reference": c.reference, "kind": c.kind, "case_type": c.case_type, "category": c.category,
            "channel": c.channel, "status": c.status, "business_name": c.business_name, "product_name": c.product_name,
            "place": c.place.name if c.place_id else None, "description": c.description,
            "received_at": c.received_at, "due_date": c.due_date, "outcome": c.public_outcome,
            "duplicate_of": c.duplicate_of_id}


@router.get("/cases", response={200: Page[ComplaintOut], **ERRORS}, summary="Danh sách hồ sơ (cán bộ, theo phạm vi)")
def cases(request, filters: Query[OfficerFilter]):
    qs = selectors.complaint_list(scope=scope_for(request.auth), status=filters.status, category=filters.category,
                                  q=filters.q, due=filters.due)
    items, count = paginate(qs, page=filters.page, page_size=filters.page_size)
    return {"items": [_out(c) for c in items], "count": count}


@router.get("/cases/{complaint_id}", response={200: ComplaintOut, **ERRORS}, summary="Chi tiết hồ sơ")
def case(request, complaint_id: int):
    return _out(selectors.complaint_get(scope=scope_for(request.auth), complaint_id=complaint_id))


class ActionIn(Schema):
    action: str = Field(max_length=20)
    note: str = Field("", max_length=5000)
    public_note: str = Field("", max_length=500)
    reason: str = Field("", max_length=5000)
    target: str = Field("", max_length=30)
    target_name: str = Field("", max_length=255)
    agency_id: int | None = None
    outcome: str = Field("", max_length=5000)


@router.post("/cases/{complaint_id}/actions", response={200: ComplaintOut, **ERRORS}, summary="Xử lý hồ sơ")
def action(request, complaint_id: int, payload: ActionIn):
    complaint = workflow.act(scope=scope_for(request.auth), complaint_id=complaint_id, **payload.dict())
    return _out(complaint)


# --- officer intake from the other channels -----------------------------------------------------
class IntakeIn(ComplaintIn):
    channel: str = Field(max_length=30)
    received_on: dt.date
    original_documents: str = Field("", max_length=5000)
    id_number: str = Field("", max_length=20)


class IntakeOut(ComplaintOut):
    tracking_code: str
    created: bool


@router.post("/cases", response={201: IntakeOut, 200: IntakeOut, **ERRORS},
             summary="Cán bộ tiếp nhận hồ sơ từ kênh khác (trực tiếp, điện thoại, bưu chính, thư điện tử, cơ quan chuyển)")
def intake(request, payload: Form[IntakeIn], files: list[UploadedFile] = File(None),  # noqa: B008
           documents: list[UploadedFile] = File(None)):  # noqa: B008
    fields = payload.dict()
    channel, received_on, docs_text = fields.pop("channel"), fields.pop("received_on"), fields.pop("original_documents")
    data = ComplaintData(**fields, files=list(files or []))
    complaint, code, created = services.intake_complaint(
        scope=scope_for(request.auth), data=data, channel=channel, received_at=received_on,
        original_documents=docs_text, documents=list(documents or []),
        idempotency_key=request.headers.get("Idempotency-Key"))
    return Status(201 if created else 200, {**_out(complaint), "tracking_code": format_code(code), "created": created})


# --- dashboards and open data -------------------------------------------------------------------
class CountRow(Schema):
    key: str | None
    label: str
    n: int


class StatsOut(Schema):
    year: int | None
    total: int
    duplicates: int
    open: int
    due_soon: int
    overdue_open: int
    early: int
    on_time: int
    overdue: int
    on_time_rate: float | None
    median_days: float | None
    by_category: list[CountRow]
    by_channel: list[CountRow]
    by_status: list[CountRow]
    by_month: list[CountRow]
    by_place: list[CountRow]


class YearFilter(Schema):
    year: int | None = Field(None, ge=2000, le=2100)


@router.get("/stats", response={200: StatsOut, **ERRORS}, summary="Số liệu phản ánh theo phạm vi của cán bộ")
def stats(request, filters: Query[YearFilter]):
    from hangviet.core.errors import PermissionDenied

    from . import policy

    scope = scope_for(request.auth)
    if not policy.can_view_dashboard(scope):
        raise PermissionDenied()
    d = selectors.dashboard(scope=scope, year=filters.year)
    b = d["buckets"]
    return {**d, "early": b.early, "on_time": b.on_time, "overdue": b.overdue}


class OpenDataOut(Schema):
    year: int | None
    total: int
    on_time_rate: float | None
    early: int
    on_time: int
    overdue: int
    open: int
    by_category: list[CountRow]
    by_channel: list[CountRow]
    by_status: list[CountRow]
    by_month: list[CountRow]
    by_province: list[CountRow]


@router.get("/open-data", response={200: OpenDataOut, **ERRORS}, auth=None,
            summary="Dữ liệu mở: thống kê phản ánh (chỉ số đếm, không có dữ liệu cá nhân)")
def open_data(request, filters: Query[YearFilter]):
    limit_public(request, "complaints-open-data", "120/60")
    return selectors.open_data(year=filters.year)


# --- personal data requests (administrators) ---------------------------------------------------
def _admin_scope(request):
    from hangviet.core.errors import PermissionDenied

    from . import policy

    scope = scope_for(request.auth)
    if not policy.can_manage_personal_data(scope):
        raise PermissionDenied("Chỉ quản trị hệ thống được xuất hoặc xóa dữ liệu cá nhân theo yêu cầu.")
    return scope


class PersonQuery(Schema):
    phone: str = Field("", max_length=20)
    email: str = Field("", max_length=254)


class ErasureIn(PersonQuery):
    reason: str = Field(max_length=500)


class ErasureOut(Schema):
    erased: list[str]
    skipped_open: list[str]
    files_deleted: int


@router.get("/personal-data", response={200: dict, **ERRORS},
            summary="Xuất dữ liệu cá nhân của một người phản ánh (quản trị hệ thống)")
def personal_data_export(request, person: Query[PersonQuery]):
    scope = _admin_scope(request)
    return personal_data.export_person(scope=scope, person=personal_data.clean_person(**person.dict()))


@router.post("/personal-data/erase", response={200: ErasureOut, **ERRORS},
             summary="Xóa dữ liệu cá nhân của một người phản ánh, giữ nội dung vụ việc (quản trị hệ thống)")
def personal_data_erase(request, payload: ErasureIn):
    scope = _admin_scope(request)
    fields = payload.dict()
    reason = fields.pop("reason")
    result = personal_data.erase_person(scope=scope, person=personal_data.clean_person(**fields), reason=reason)
    return result.__dict__
