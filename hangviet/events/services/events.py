"""Writes for events: plan, edit, publish, cancel, enter results (figures, photos, agreements)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from hangviet.agencies.models import Agency
from hangviet.agencies.scope import Scope
from hangviet.core import history
from hangviet.core.errors import DomainError, NotFound, PermissionDenied
from hangviet.core.uploads import EVIDENCE_KINDS, IMAGE_KINDS, check_upload
from hangviet.places.models import Place

from .. import policy
from ..models import (
    AgreementKind,
    CommunicationChannel,
    Event,
    EventAgreement,
    EventKind,
    EventPhoto,
    EventStatus,
)
from . import _clean
from ._clean import Errors

MAX_EVENT_DAYS = 366
MAX_COORDINATORS = 50


@dataclass
class EventData:
    title: str
    kind: str
    place_code: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    organiser_id: int | None = None
    address: str = ""
    description: str = ""
    channel: str = ""
    coordinator_ids: list[int] = field(default_factory=list)
    coordinators_note: str = ""
    invite_place_code: str = ""
    accepts_applications: bool = False
    application_deadline: dt.date | None = None
    booth_count: int | None = 0
    target_booths: int | None = None
    target_businesses: int | None = None
    target_visitors: int | None = None
    target_revenue: int | None = None
    target_trainees: int | None = None
    budget: int | None = None
    task_id: int | None = None
    task_output_id: int | None = None


@dataclass
class ResultsData:
    actual_booths: int | None = None
    actual_businesses: int | None = None
    actual_visitors: int | None = None
    actual_revenue: int | None = None
    actual_trainees: int | None = None
    actual_spent: int | None = None
    evaluation: str = ""


def _now(now: dt.datetime | None) -> dt.datetime:
    return _clean.aware(now) or timezone.now()


def clean_event_data(scope: Scope, data: EventData) -> dict:
    """Validate every field at once; raise ValidationFailed with per-field Vietnamese messages."""
    errors = Errors()
    out: dict = {}
    out["title"] = _clean.text(errors, "title", data.title, limit=255, required=True, label="Tên sự kiện")
    out["address"] = _clean.text(errors, "address", data.address, limit=300, label="Địa chỉ")
    out["description"] = _clean.text(errors, "description", data.description, limit=10000, label="Nội dung",
                                     multiline=True)
    out["coordinators_note"] = _clean.text(errors, "coordinators_note", data.coordinators_note, limit=500,
                                           label="Đơn vị phối hợp khác")
    if data.kind not in EventKind.values:
        errors.fail("kind", "Loại hoạt động không hợp lệ: chọn một loại trong danh sách.")
    out["kind"] = data.kind
    channel = data.channel or ""
    if channel not in CommunicationChannel.values:
        errors.fail("channel", "Hình thức truyền thông không hợp lệ.")
    elif channel and data.kind != EventKind.COMMUNICATION:
        errors.fail("channel", "Chỉ chọn hình thức truyền thông cho hoạt động thông tin, tuyên truyền.")
    out["channel"] = channel
    place = Place.objects.filter(pk=str(data.place_code or "")[:20]).first()
    if place is None:
        errors.fail("place_code", "Không tìm thấy địa bàn (xã/phường hoặc huyện cũ) với mã đã chọn.")
    out["place"] = place
    invite = None
    if data.invite_place_code:
        invite = Place.objects.filter(pk=str(data.invite_place_code)[:20]).first()
        if invite is None:
            errors.fail("invite_place_code", "Không tìm thấy địa bàn của phạm vi mời tham gia.")
    out["invite_place"] = invite
    starts, ends = _clean.aware(data.starts_at), _clean.aware(data.ends_at)
    if starts is None:
        errors.fail("starts_at", "Thời điểm bắt đầu là bắt buộc.")
    if ends is None:
        errors.fail("ends_at", "Thời điểm kết thúc là bắt buộc.")
    if starts and ends:
        if ends < starts:
            errors.fail("ends_at", "Thời điểm kết thúc phải sau thời điểm bắt đầu: sự kiện không thể kết thúc "
                                   "trước khi bắt đầu.")
        elif ends - starts > dt.timedelta(days=MAX_EVENT_DAYS):
            errors.fail("ends_at", f"Một sự kiện kéo dài tối đa {MAX_EVENT_DAYS} ngày.")
        if not (dt.datetime(2000, 1, 1, tzinfo=dt.UTC) <= starts <= dt.datetime(2100, 1, 1, tzinfo=dt.UTC)):
            errors.fail("starts_at", "Năm tổ chức phải trong khoảng 2000-2100.")
    out["starts_at"], out["ends_at"] = starts, ends
    out["accepts_applications"] = bool(data.accepts_applications)
    deadline = data.application_deadline
    if deadline and starts and deadline > timezone.localtime(starts).date():
        errors.fail("application_deadline", "Hạn đăng ký tham gia phải trước hoặc trong ngày khai mạc.")
    out["application_deadline"] = deadline
    out["booth_count"] = _clean.count(errors, "booth_count", data.booth_count, label="Số gian hàng", limit=100000) or 0
    for name, label in [("target_booths", "Chỉ tiêu số gian hàng"), ("target_businesses", "Chỉ tiêu số doanh nghiệp"),
                        ("target_visitors", "Chỉ tiêu lượt khách"), ("target_trainees", "Chỉ tiêu số học viên")]:
        out[name] = _clean.count(errors, name, getattr(data, name), label=label)
    out["target_revenue"] = _clean.money(errors, "target_revenue", data.target_revenue, label="Chỉ tiêu doanh thu")
    out["budget"] = _clean.money(errors, "budget", data.budget, label="Kinh phí")
    organiser_id = _clean.valid_id(data.organiser_id) or scope.agency_id
    organiser = Agency.objects.filter(pk=organiser_id).first() if organiser_id else None
    if organiser is None:
        errors.fail("organiser_id", "Chọn đơn vị chủ trì.")
    elif not scope.covers_agency(organiser.pk) and not scope.covers_place(organiser.place):
        errors.fail("organiser_id", "Đơn vị chủ trì nằm ngoài phạm vi bạn phụ trách.")
    out["organiser"] = organiser
    ids = list(dict.fromkeys(_clean.valid_id(i) or 0 for i in (data.coordinator_ids or [])))
    if len(ids) > MAX_COORDINATORS:
        errors.fail("coordinator_ids", f"Tối đa {MAX_COORDINATORS} đơn vị phối hợp.")
        ids = []
    coordinators = list(Agency.objects.filter(pk__in=ids))
    if len(coordinators) != len(ids):
        errors.fail("coordinator_ids", "Có đơn vị phối hợp không tồn tại.")
    out["coordinators"] = coordinators
    out["task_id"], out["task_output_id"] = _clean_task(errors, data.task_id, data.task_output_id)
    errors.raise_if_any()
    return out


def _clean_task(errors: Errors, task_id, output_id):
    from . import plan_link

    if not task_id:
        if output_id:
            errors.fail("task_output_id", "Chọn nhiệm vụ kế hoạch trước khi chọn sản phẩm dự kiến.")
        return None, None
    if not _clean.valid_id(task_id) or not plan_link.task_exists(task_id):
        errors.fail("task_id", "Không tìm thấy nhiệm vụ kế hoạch đã chọn.")
        return None, None
    if output_id and (not _clean.valid_id(output_id) or not plan_link.output_of_task(output_id, task_id)):
        errors.fail("task_output_id", "Sản phẩm dự kiến không thuộc nhiệm vụ kế hoạch đã chọn.")
        return int(task_id), None
    return int(task_id), (int(output_id) if output_id else None)


def _apply(event: Event, values: dict) -> list:
    coordinators = values.pop("coordinators")
    for key, value in values.items():
        setattr(event, key, value)
    return coordinators


@transaction.atomic
def event_create(*, scope: Scope, data: EventData) -> Event:
    if not policy.can_plan(scope):
        raise PermissionDenied("Chỉ cán bộ đầu mối hoặc cán bộ đơn vị được lập kế hoạch sự kiện.")
    values = clean_event_data(scope, data)
    _check_place_in_scope(scope, values)
    event = Event(created_by=scope.user if scope.user_id else None)
    coordinators = _apply(event, values)
    event.save()
    event.coordinators.set(coordinators)
    history.record(event, actor=scope.user, action="create")
    return event


def _check_place_in_scope(scope: Scope, values: dict) -> None:
    """An event takes place in the actor's area; only a trade-promotion trip goes to other provinces."""
    if scope.is_admin or scope.covers_place(values["place"]):
        return
    if values["kind"] == EventKind.TRADE_TRIP and scope.covers_agency(values["organiser"].pk):
        return
    raise DomainError("place_out_of_scope", "Địa bàn tổ chức nằm ngoài phạm vi bạn phụ trách (chỉ chuyến xúc tiến "
                                            "thương mại mới được tổ chức ngoài địa bàn).", field="place_code", status=403)


def lock_event(scope: Scope, event_id: int) -> Event:
    event = Event.objects.select_for_update().filter(pk=event_id).first()
    if event is None or not policy.in_scope(scope, event):
        raise NotFound("Không tìm thấy sự kiện hoặc bạn không có quyền xem.")
    return event


@transaction.atomic
def event_update(*, scope: Scope, event_id: int, data: EventData) -> Event:
    event = lock_event(scope, event_id)
    if not policy.can_manage(scope, event):
        raise PermissionDenied()
    if event.status == EventStatus.CANCELLED:
        raise DomainError("event_cancelled", "Sự kiện đã hủy, không sửa được.")
    values = clean_event_data(scope, data)
    _check_place_in_scope(scope, values)
    before = history.snapshot(event)
    previous_task_id = event.task_id
    coordinators = _apply(event, values)
    event.save()
    event.coordinators.set(coordinators)
    history.record(event, actor=scope.user, action="update", before=before)
    _sync_plan(event, scope, previous_task_id=previous_task_id)
    return event


@transaction.atomic
def event_publish(*, scope: Scope, event_id: int) -> Event:
    event = lock_event(scope, event_id)
    if not policy.can_manage(scope, event):
        raise PermissionDenied()
    if event.status != EventStatus.PLANNED:
        raise DomainError("not_planned", "Chỉ công bố được sự kiện đang ở trạng thái chuẩn bị.")
    before = history.snapshot(event)
    event.status = EventStatus.PUBLISHED
    event.save(update_fields=["status", "updated_at"])
    history.record(event, actor=scope.user, action="publish", before=before)
    return event


@transaction.atomic
def event_cancel(*, scope: Scope, event_id: int, reason: str) -> Event:
    event = lock_event(scope, event_id)
    if not policy.can_manage(scope, event):
        raise PermissionDenied()
    errors = Errors()
    reason = _clean.text(errors, "reason", reason, limit=2000, required=True, label="Lý do hủy", multiline=True)
    errors.raise_if_any()
    if event.status == EventStatus.CANCELLED:
        raise DomainError("already_cancelled", "Sự kiện đã được hủy trước đó.")
    if event.status == EventStatus.DONE:
        raise DomainError("already_done", "Sự kiện đã tổ chức và có kết quả, không hủy được.")
    before = history.snapshot(event)
    event.status = EventStatus.CANCELLED
    event.cancel_reason = reason
    event.save(update_fields=["status", "cancel_reason", "updated_at"])
    history.record(event, actor=scope.user, action="cancel", before=before, note=reason)
    _sync_plan(event, scope)
    _notify_participants(event, subject=f"Sự kiện “{event.title}” đã bị hủy", body=f"Lý do: {reason}")
    return event


@transaction.atomic
def event_record_results(*, scope: Scope, event_id: int, data: ResultsData, now: dt.datetime | None = None) -> Event:
    """Enter (or correct) the results once the event has started; the event becomes done."""
    event = lock_event(scope, event_id)
    if not policy.can_manage(scope, event):
        raise PermissionDenied()
    if event.status == EventStatus.CANCELLED:
        raise DomainError("event_cancelled", "Sự kiện đã hủy, không nhập kết quả được.")
    current = _now(now)
    if current < event.starts_at:
        raise DomainError("not_started", "Sự kiện chưa diễn ra: chỉ nhập kết quả từ khi sự kiện bắt đầu.",
                          field="evaluation")
    errors = Errors()
    values = {}
    for name, label in [("actual_booths", "Số gian hàng"), ("actual_businesses", "Số doanh nghiệp"),
                        ("actual_visitors", "Lượt khách"), ("actual_trainees", "Số học viên")]:
        values[name] = _clean.count(errors, name, getattr(data, name), label=label)
    values["actual_revenue"] = _clean.money(errors, "actual_revenue", data.actual_revenue, label="Doanh thu")
    values["actual_spent"] = _clean.money(errors, "actual_spent", data.actual_spent, label="Kinh phí thực chi")
    values["evaluation"] = _clean.text(errors, "evaluation", data.evaluation, limit=5000, required=True,
                                       label="Đánh giá kết quả", multiline=True)
    errors.raise_if_any()
    before = history.snapshot(event)
    for key, value in values.items():
        setattr(event, key, value)
    event.status = EventStatus.DONE
    event.results_at = current
    event.results_by = scope.user if scope.user_id else None
    event.save()
    history.record(event, actor=scope.user, action="results", before=before)
    _sync_plan(event, scope)
    return event


@transaction.atomic
def event_add_photo(*, scope: Scope, event_id: int, upload, caption: str = "") -> EventPhoto:
    event = lock_event(scope, event_id)
    if not policy.can_manage(scope, event):
        raise PermissionDenied()
    check_upload(upload, allowed=IMAGE_KINDS, field="image")
    errors = Errors()
    caption = _clean.text(errors, "caption", caption, limit=300, label="Chú thích")
    errors.raise_if_any()
    photo = EventPhoto.objects.create(event=event, image=upload, caption=caption,
                                      uploaded_by=scope.user if scope.user_id else None)
    history.record(event, actor=scope.user, action="photo", note=caption or photo.image.name)
    return photo


@transaction.atomic
def event_add_agreement(*, scope: Scope, event_id: int, kind: str, title: str, parties: str,
                        value: int | None = None, signed_on: dt.date | None = None, document=None) -> EventAgreement:
    event = lock_event(scope, event_id)
    if not policy.can_manage(scope, event):
        raise PermissionDenied()
    errors = Errors()
    if kind not in AgreementKind.values:
        errors.fail("kind", "Loại văn bản phải là hợp đồng hoặc biên bản ghi nhớ.")
    title = _clean.text(errors, "title", title, limit=300, required=True, label="Nội dung")
    parties = _clean.text(errors, "parties", parties, limit=500, required=True, label="Các bên ký kết")
    value = _clean.money(errors, "value", value, label="Giá trị")
    errors.raise_if_any()
    if document:
        check_upload(document, allowed=EVIDENCE_KINDS, field="document")
    agreement = EventAgreement.objects.create(event=event, kind=kind, title=title, parties=parties, value=value,
                                              signed_on=signed_on, document=document or "",
                                              recorded_by=scope.user if scope.user_id else None)
    history.record(event, actor=scope.user, action="agreement", note=title)
    return agreement


def _notify_participants(event: Event, *, subject: str, body: str) -> None:
    from hangviet.agencies.models import User
    from hangviet.core.notify import notify_users

    from ..models import ParticipationStatus

    business_ids = event.participations.exclude(status=ParticipationStatus.WITHDRAWN).values_list("business_id", flat=True)
    user_ids = list(User.objects.filter(business_id__in=business_ids, is_active=True).values_list("id", flat=True))
    notify_users(user_ids=user_ids, subject=subject[:200], body=body, link=f"/su-kien/{event.pk}/")


def _sync_plan(event: Event, scope: Scope, previous_task_id: int | None = None) -> None:
    from . import plan_link

    plan_link.sync_event(event, actor=scope.user if scope.user_id else None, previous_task_id=previous_task_id)
