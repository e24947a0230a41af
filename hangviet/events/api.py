"""/api/v1/events: the public calendar (no sign-in), and the back office's writes (scoped)."""

from __future__ import annotations

import datetime as dt

from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field

from hangviet.agencies.scope import scope_for
from hangviet.api.schemas import ERRORS, Page, paginate
from hangviet.core.errors import DomainError
from hangviet.core.ratelimit import limit_public

from . import selectors, services
from .models import EventKind, EventStatus

PREFIX = "/events"
router = Router(tags=["Sự kiện xúc tiến thương mại"])


class EventOut(Schema):
    id: int
    title: str
    kind: str
    kind_label: str
    status: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    place_code: str
    place_name: str
    province_code: str | None
    address: str
    organiser: str
    url: str
    accepts_applications: bool


class EventDetailOut(EventOut):
    description: str
    channel: str
    coordinators: list[str]
    target_booths: int | None
    target_businesses: int | None
    target_visitors: int | None
    target_revenue: int | None
    target_trainees: int | None
    actual_booths: int | None
    actual_businesses: int | None
    actual_visitors: int | None
    actual_revenue: int | None
    actual_trainees: int | None
    evaluation: str


class ManagedEventOut(EventDetailOut):
    budget: int | None
    task_id: int | None
    task_output_id: int | None
    participants: int


def _out(e) -> dict:
    return {"id": e.pk, "title": e.title, "kind": e.kind, "kind_label": str(e.get_kind_display()), "status": e.status,
            "starts_at": e.starts_at, "ends_at": e.ends_at, "place_code": e.place_id, "place_name": e.place.name,
            "province_code": e.place.province_id, "address": e.address, "organiser": str(e.organiser),
            "url": f"/su-kien/{e.pk}/", "accepts_applications": e.accepts_applications}


_RESULT_FIELDS = ["description", "channel", "target_booths", "target_businesses", "target_visitors", "target_revenue",
                  "target_trainees", "actual_booths", "actual_businesses", "actual_visitors", "actual_revenue",
                  "actual_trainees", "evaluation"]


def _detail(e) -> dict:
    data = _out(e)
    data.update({f: getattr(e, f) for f in _RESULT_FIELDS})
    data["coordinators"] = [str(a) for a in e.coordinators.all()]
    return data


def _managed(e) -> dict:
    data = _detail(e)
    data.update(budget=e.budget, task_id=e.task_id, task_output_id=e.task_output_id,
                participants=getattr(e, "participants", 0) or 0)
    return data


class CalendarFilters(Schema):
    from_: dt.date | None = Field(None, alias="from")
    to: dt.date | None = None
    province: str | None = Field(None, max_length=2, pattern=r"^\d{2}$")
    kind: str | None = Field(None, max_length=30)
    q: str | None = Field(None, max_length=200)
    page: int = 1
    page_size: int = 20


def _check_kind(kind: str | None):
    if kind and kind not in EventKind.values:
        raise DomainError("kind_invalid", "Loại sự kiện không hợp lệ. Dùng một trong: " + ", ".join(EventKind.values),
                          field="kind", status=422)


def _check_range(date_from, date_to):
    if date_from and date_to and date_to < date_from:
        raise DomainError("range_invalid", "Ngày “to” phải sau hoặc bằng ngày “from”.", field="to", status=422)


@router.get("", response={200: Page[EventOut], **ERRORS}, auth=None,
            summary="Lịch sự kiện công khai (lọc theo thời gian, tỉnh, loại)")
def public_events(request, filters: Query[CalendarFilters]):
    limit_public(request, "events-api", "120/60")
    _check_kind(filters.kind)
    _check_range(filters.from_, filters.to)
    qs = selectors.public_event_list(q=filters.q, kind=filters.kind, province=filters.province,
                                     date_from=filters.from_, date_to=filters.to)
    items, count = paginate(qs, page=filters.page, page_size=filters.page_size)
    return {"items": [_out(e) for e in items], "count": count}


class ManagedFilters(CalendarFilters):
    status: str | None = Field(None, max_length=12)
    task_id: int | None = None


@router.get("/managed", response={200: Page[ManagedEventOut], **ERRORS},
            summary="Sự kiện trong phạm vi của tôi (cán bộ)")
def managed_events(request, filters: Query[ManagedFilters]):
    _check_kind(filters.kind)
    _check_range(filters.from_, filters.to)
    if filters.status and filters.status not in EventStatus.values:
        raise DomainError("status_invalid", "Trạng thái không hợp lệ.", field="status", status=422)
    qs = selectors.event_list(scope=scope_for(request.user), q=filters.q, kind=filters.kind, status=filters.status,
                              province=filters.province, date_from=filters.from_, date_to=filters.to,
                              task_id=filters.task_id).prefetch_related("coordinators")
    items, count = paginate(qs, page=filters.page, page_size=filters.page_size)
    return {"items": [_managed(e) for e in items], "count": count}


class DashboardOut(Schema):
    by_kind: list[dict]
    by_month: list[dict]
    by_place: list[dict]
    totals: dict
    participants: dict
    checks: dict


@router.get("/dashboard", response={200: DashboardOut, **ERRORS}, summary="Số liệu tổng hợp sự kiện")
def dashboard(request, year: int | None = Query(None, ge=2000, le=2100)):
    return selectors.dashboard(scope=scope_for(request.user), year=year)


class RollupOut(Schema):
    task_id: int
    planned: float | None
    done: int
    label: str
    events: list[EventOut]


@router.get("/tasks/{task_id}/rollup", response={200: RollupOut, **ERRORS},
            summary="Số sự kiện đã tổ chức so với kế hoạch của một nhiệm vụ")
def task_rollup(request, task_id: int, output_id: int | None = None):
    scope = scope_for(request.user)
    if scope.is_anonymous or scope.is_business:
        raise DomainError("forbidden", "Bạn không có quyền xem tiến độ nhiệm vụ.", status=403)
    rollup = selectors.task_rollup(task_id=task_id, output_id=output_id, scope=scope)
    return {"task_id": rollup.task_id, "planned": rollup.planned, "done": rollup.done, "label": rollup.label,
            "events": [_out(e) for e in rollup.events]}


@router.get("/{int:event_id}", response={200: EventDetailOut, **ERRORS}, auth=None, summary="Chi tiết sự kiện công khai")
def public_event(request, event_id: int):
    return _detail(selectors.public_event_get(event_id=event_id))


# --- back-office writes --------------------------------------------------------------------------------
class EventIn(Schema):
    title: str = Field(max_length=255)
    kind: str = Field(max_length=30)
    place_code: str = Field(max_length=20)
    starts_at: dt.datetime
    ends_at: dt.datetime
    organiser_id: int | None = None
    address: str = Field("", max_length=300)
    description: str = Field("", max_length=10000)
    channel: str = Field("", max_length=20)
    coordinator_ids: list[int] = Field(default_factory=list, max_length=50)
    coordinators_note: str = Field("", max_length=500)
    invite_place_code: str = Field("", max_length=20)
    accepts_applications: bool = False
    application_deadline: dt.date | None = None
    booth_count: int | None = Field(0, ge=0, le=100000)
    target_booths: int | None = Field(None, ge=0)
    target_businesses: int | None = Field(None, ge=0)
    target_visitors: int | None = Field(None, ge=0)
    target_revenue: int | None = Field(None, ge=0)
    target_trainees: int | None = Field(None, ge=0)
    budget: int | None = Field(None, ge=0)
    task_id: int | None = None
    task_output_id: int | None = None


def _event_data(payload: EventIn) -> services.EventData:
    return services.EventData(**payload.dict())


@router.post("/managed", response={201: ManagedEventOut, **ERRORS}, summary="Lập kế hoạch một sự kiện")
def create_event(request, payload: EventIn):
    scope = scope_for(request.user)
    event = services.event_create(scope=scope, data=_event_data(payload))
    return Status(201, _managed(selectors.event_list(scope=scope).get(pk=event.pk)))


@router.get("/managed/{event_id}", response={200: ManagedEventOut, **ERRORS}, summary="Chi tiết sự kiện (cán bộ)")
def get_managed(request, event_id: int):
    scope = scope_for(request.user)
    selectors.event_get(scope=scope, event_id=event_id)
    return _managed(selectors.event_list(scope=scope).get(pk=event_id))


@router.put("/managed/{event_id}", response={200: ManagedEventOut, **ERRORS}, summary="Sửa sự kiện")
def update_event(request, event_id: int, payload: EventIn):
    scope = scope_for(request.user)
    services.event_update(scope=scope, event_id=event_id, data=_event_data(payload))
    return _managed(selectors.event_list(scope=scope).get(pk=event_id))


@router.post("/managed/{event_id}/publish", response={200: ManagedEventOut, **ERRORS}, summary="Công bố sự kiện")
def publish_event(request, event_id: int):
    scope = scope_for(request.user)
    services.event_publish(scope=scope, event_id=event_id)
    return _managed(selectors.event_list(scope=scope).get(pk=event_id))


class CancelIn(Schema):
    reason: str = Field(max_length=2000)


@router.post("/managed/{event_id}/cancel", response={200: ManagedEventOut, **ERRORS}, summary="Hủy sự kiện")
def cancel_event(request, event_id: int, payload: CancelIn):
    scope = scope_for(request.user)
    services.event_cancel(scope=scope, event_id=event_id, reason=payload.reason)
    return _managed(selectors.event_list(scope=scope).get(pk=event_id))


class ResultsIn(Schema):
    actual_booths: int | None = Field(None, ge=0)
    actual_businesses: int | None = Field(None, ge=0)
    actual_visitors: int | None = Field(None, ge=0)
    actual_revenue: int | None = Field(None, ge=0)
    actual_trainees: int | None = Field(None, ge=0)
    actual_spent: int | None = Field(None, ge=0)
    evaluation: str = Field(max_length=5000)


@router.post("/managed/{event_id}/results", response={200: ManagedEventOut, **ERRORS},
             summary="Nhập kết quả sau sự kiện")
def record_results(request, event_id: int, payload: ResultsIn):
    scope = scope_for(request.user)
    services.event_record_results(scope=scope, event_id=event_id, data=services.ResultsData(**payload.dict()))
    return _managed(selectors.event_list(scope=scope).get(pk=event_id))


# --- participation ---------------------------------------------------------------------------------------
class ParticipationOut(Schema):
    id: int
    event_id: int
    event_title: str
    business_id: int
    business_name: str
    status: str
    booth_code: str
    booths_requested: int
    products_note: str
    booth_needs: str
    decision_note: str
    checks: int
    failed_checks: int


def _part(p) -> dict:
    return {"id": p.pk, "event_id": p.event_id, "event_title": p.event.title, "business_id": p.business_id,
            "business_name": p.business.name, "status": p.status, "booth_code": p.booth_code,
            "booths_requested": p.booths_requested, "products_note": p.products_note, "booth_needs": p.booth_needs,
            "decision_note": p.decision_note, "checks": getattr(p, "checks", 0) or 0,
            "failed_checks": getattr(p, "failed_checks", 0) or 0}


class ApplyIn(Schema):
    products_note: str = Field("", max_length=3000)
    product_ids: list[int] = Field(default_factory=list, max_length=50)
    booths_requested: int = Field(1, ge=1, le=20)
    booth_needs: str = Field("", max_length=2000)
    contact_name: str = Field("", max_length=150)
    contact_phone: str = Field("", max_length=20)


@router.post("/{int:event_id}/participations", response={201: ParticipationOut, **ERRORS},
             summary="Doanh nghiệp đăng ký tham gia sự kiện")
def apply(request, event_id: int, payload: ApplyIn):
    scope = scope_for(request.user)
    p = services.participation_apply(scope=scope, event_id=event_id, **payload.dict())
    return Status(201, _part(selectors.participation_get(scope=scope, participation_id=p.pk)))


class ParticipationFilters(Schema):
    event_id: int | None = None
    status: str | None = Field(None, max_length=12)
    page: int = 1
    page_size: int = 20


@router.get("/participations/list", response={200: Page[ParticipationOut], **ERRORS},
            summary="Đăng ký tham gia trong phạm vi của tôi (doanh nghiệp: của mình)")
def participations(request, filters: Query[ParticipationFilters]):
    qs = selectors.participation_list(scope=scope_for(request.user), event_id=filters.event_id, status=filters.status)
    items, count = paginate(qs, page=filters.page, page_size=filters.page_size)
    return {"items": [_part(p) for p in items], "count": count}


class DecisionIn(Schema):
    accept: bool
    note: str = Field("", max_length=2000)
    booth_code: str = Field("", max_length=20)


@router.post("/participations/{participation_id}/decision", response={200: ParticipationOut, **ERRORS},
             summary="Chấp nhận hoặc không chấp nhận đăng ký tham gia")
def decide(request, participation_id: int, payload: DecisionIn):
    scope = scope_for(request.user)
    services.participation_decide(scope=scope, participation_id=participation_id, **payload.dict())
    return _part(selectors.participation_get(scope=scope, participation_id=participation_id))


class BoothIn(Schema):
    booth_code: str = Field(max_length=20)


@router.post("/participations/{participation_id}/booth", response={200: ParticipationOut, **ERRORS},
             summary="Bố trí gian hàng")
def allocate_booth(request, participation_id: int, payload: BoothIn):
    scope = scope_for(request.user)
    services.participation_allocate_booth(scope=scope, participation_id=participation_id,
                                          booth_code=payload.booth_code)
    return _part(selectors.participation_get(scope=scope, participation_id=participation_id))


class GoodsCheckIn(Schema):
    origin_ok: bool
    labelling_ok: bool
    quality_ok: bool
    expiry_ok: bool
    goods: str = Field("", max_length=300)
    note: str = Field("", max_length=2000)


class GoodsCheckOut(Schema):
    id: int
    participation_id: int
    checked_at: dt.datetime
    passed: bool
    origin_ok: bool
    labelling_ok: bool
    quality_ok: bool
    expiry_ok: bool
    goods: str
    note: str


@router.post("/participations/{participation_id}/goods-checks", response={201: GoodsCheckOut, **ERRORS},
             summary="Ghi kết quả kiểm tra hàng hóa của doanh nghiệp tham gia")
def goods_check(request, participation_id: int, payload: GoodsCheckIn):
    check = services.goods_check_record(scope=scope_for(request.user), participation_id=participation_id,
                                        **payload.dict())
    return Status(201, {"id": check.pk, "participation_id": check.participation_id, "checked_at": check.checked_at,
                        "passed": check.passed, "origin_ok": check.origin_ok, "labelling_ok": check.labelling_ok,
                        "quality_ok": check.quality_ok, "expiry_ok": check.expiry_ok, "goods": check.goods,
                        "note": check.note})




# --- evidence of results: photos ---------------------------------------------------------------------------
class PhotoOut(Schema):
    id: int
    url: str
    caption: str


@router.post("/managed/{event_id}/photos", response={201: PhotoOut, **ERRORS}, summary="Tải ảnh kết quả sự kiện")
def upload_photo(request, event_id: int, image: File[UploadedFile], caption: Form[str] = ""):
    if len(caption) > 300:
        raise DomainError("caption_too_long", "Chú thích tối đa 300 ký tự.", field="caption", status=422)
    photo = services.event_add_photo(scope=scope_for(request.user), event_id=event_id, upload=image, caption=caption)
    return Status(201, {"id": photo.pk, "url": photo.image.url, "caption": photo.caption})


from . import api_fairs  # noqa: E402,F401  (registers the /fairs routes on this router)
