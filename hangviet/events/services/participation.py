"""Writes for participation: a business applies, the organiser accepts or declines and allocates
booths; goods checks at the event are recorded per participant."""

from __future__ import annotations

import datetime as dt
import re

from django.db import IntegrityError, transaction
from django.utils import timezone

from hangviet.agencies.scope import Scope
from hangviet.businesses.models import Business, BusinessStatus
from hangviet.core import history
from hangviet.core.errors import DomainError, NotFound, PermissionDenied
from hangviet.core.notify import notify_users
from hangviet.core.validators import clean_phone
from hangviet.places.selectors import subtree_q

from .. import policy
from ..models import Event, EventStatus, GoodsCheck, Participation, ParticipationStatus
from . import _clean
from ._clean import Errors

BOOTH_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.\-/]{0,19}$")
MAX_BOOTHS_REQUESTED = 20
MAX_PRODUCTS = 50


def _now(now):
    return _clean.aware(now) or timezone.now()


def _in_invitation(event: Event, business: Business) -> bool:
    if event.invite_place_id is None:
        return True
    return Business.objects.filter(pk=business.pk).filter(subtree_q(event.invite_place, "place")).exists()


def _clean_products(errors: Errors, business: Business, product_ids) -> list[int]:
    ids = list(dict.fromkeys(_clean.valid_id(i) or 0 for i in (product_ids or [])))
    if not ids:
        return []
    if len(ids) > MAX_PRODUCTS:
        errors.fail("product_ids", f"Chọn tối đa {MAX_PRODUCTS} sản phẩm.")
        return []
    from . import catalog_link

    owned = catalog_link.products_of(business.pk, ids)
    if len(owned) != len(ids):
        errors.fail("product_ids", "Chỉ chọn sản phẩm trong danh mục của chính doanh nghiệp bạn.")
    return owned


@transaction.atomic
def participation_apply(*, scope: Scope, event_id: int, products_note: str = "", product_ids=None,
                        booths_requested: int = 1, booth_needs: str = "", contact_name: str = "",
                        contact_phone: str = "", now: dt.datetime | None = None) -> Participation:
    """A business applies online to take part in a published event."""
    if not policy.can_apply(scope):
        raise PermissionDenied("Chỉ tài khoản doanh nghiệp được đăng ký tham gia sự kiện.")
    event = Event.objects.select_for_update().filter(pk=event_id, status__in=[EventStatus.PUBLISHED]).first()
    if event is None:
        raise NotFound("Không tìm thấy sự kiện đang nhận đăng ký.")
    business = Business.objects.get(pk=scope.business_id)
    current = _now(now)
    if not event.accepts_applications or not event.has_booths:
        raise DomainError("applications_closed", "Sự kiện này không nhận đăng ký tham gia trực tuyến.")
    if business.status != BusinessStatus.APPROVED:
        raise DomainError("business_not_approved",
                          "Doanh nghiệp chưa được duyệt tài khoản nên chưa đăng ký tham gia sự kiện được.")
    deadline = event.application_deadline or timezone.localtime(event.starts_at).date()
    if timezone.localtime(current).date() > deadline or current >= event.ends_at:
        raise DomainError("application_deadline_passed",
                          f"Đã hết hạn đăng ký tham gia (hạn cuối {deadline:%d/%m/%Y}).")
    if not _in_invitation(event, business):
        raise DomainError("outside_invitation",
                          f"Sự kiện chỉ mời doanh nghiệp trên địa bàn {event.invite_place.name}; doanh nghiệp của bạn "
                          f"({business.place.name}) nằm ngoài phạm vi mời tham gia.", status=403)
    errors = Errors()
    products_note = _clean.text(errors, "products_note", products_note, limit=3000, label="Sản phẩm mang tới",
                                multiline=True)
    booth_needs = _clean.text(errors, "booth_needs", booth_needs, limit=2000, label="Yêu cầu về gian hàng",
                              multiline=True)
    contact_name = _clean.text(errors, "contact_name", contact_name, limit=150, label="Người liên hệ")
    try:
        contact_phone = clean_phone(contact_phone, field="contact_phone") if contact_phone else ""
    except DomainError as exc:
        errors.fail("contact_phone", exc.message)
    booths = _clean.count(errors, "booths_requested", booths_requested, label="Số gian hàng đề nghị",
                          limit=MAX_BOOTHS_REQUESTED)
    if booths is not None and booths < 1:
        errors.fail("booths_requested", "Đề nghị ít nhất 1 gian hàng.")
    products = _clean_products(errors, business, product_ids)
    if not products_note and not products:
        errors.fail("products_note", "Nêu các sản phẩm sẽ mang tới sự kiện.")
    errors.raise_if_any()
    existing = Participation.objects.select_for_update().filter(event=event, business=business).first()
    if existing is not None and existing.status != ParticipationStatus.WITHDRAWN:
        raise DomainError("already_applied", "Doanh nghiệp đã đăng ký tham gia sự kiện này.", status=409)
    participation = existing or Participation(event=event, business=business)
    participation.status = ParticipationStatus.APPLIED
    participation.products_note = products_note
    participation.booths_requested = booths or 1
    participation.booth_needs = booth_needs
    participation.contact_name = contact_name
    participation.contact_phone = contact_phone
    participation.applied_by = scope.user
    participation.booth_code = ""
    participation.decision_note = ""
    participation.decided_at = None
    participation.decided_by = None
    try:
        with transaction.atomic():
            participation.save()
    except IntegrityError:
        raise DomainError("already_applied", "Doanh nghiệp đã đăng ký tham gia sự kiện này.", status=409) from None
    from . import catalog_link

    catalog_link.set_products(participation, products)
    history.record(participation, actor=scope.user, action="apply")
    organiser_staff = list(event.organiser.staff.filter(is_active=True).values_list("id", flat=True))
    notify_users(user_ids=organiser_staff, subject=f"Đăng ký tham gia mới: {event.title}"[:200],
                 body=f"{business.name} đăng ký tham gia sự kiện “{event.title}”.",
                 link=f"/quan-tri/events/participation/{participation.pk}/change/")
    return participation


@transaction.atomic
def participation_withdraw(*, scope: Scope, participation_id: int) -> Participation:
    participation = Participation.objects.select_for_update().select_related("event").filter(
        pk=participation_id, business_id=scope.business_id or -1).first()
    if participation is None:
        raise NotFound("Không tìm thấy đăng ký tham gia của doanh nghiệp bạn.")
    if participation.status == ParticipationStatus.WITHDRAWN:
        raise DomainError("already_withdrawn", "Đăng ký này đã được rút.")
    if participation.event.status != EventStatus.PUBLISHED:
        raise DomainError("event_closed", "Sự kiện đã kết thúc hoặc đã hủy, không rút đăng ký được.")
    before = history.snapshot(participation)
    participation.status = ParticipationStatus.WITHDRAWN
    participation.booth_code = ""
    participation.save()
    history.record(participation, actor=scope.user, action="withdraw", before=before)
    return participation


def _lock_participation(scope: Scope, participation_id: int) -> Participation:
    participation = (Participation.objects.select_for_update().select_related("event", "business", "event__place")
                     .filter(pk=participation_id).first())
    if participation is None or not policy.in_scope(scope, participation.event):
        raise NotFound("Không tìm thấy đăng ký tham gia hoặc bạn không có quyền xem.")
    return participation


def _clean_booth(event: Event, code: str, *, exclude_pk: int) -> str:
    code = _clean.normalize_text(code).upper()
    if not code:
        return ""
    if not BOOTH_CODE.match(code):
        raise DomainError("booth_code_format", "Mã gian hàng gồm chữ, số và . - / (tối đa 20 ký tự), ví dụ A01.",
                          field="booth_code")
    taken = (Participation.objects.filter(event=event, booth_code=code).exclude(pk=exclude_pk)
             .select_related("business").first())
    if taken is not None:
        raise DomainError("booth_taken", f"Gian hàng {code} đã được bố trí cho {taken.business.name}: mỗi gian hàng "
                                         "chỉ bố trí cho một doanh nghiệp.", field="booth_code", status=409)
    return code


@transaction.atomic
def participation_decide(*, scope: Scope, participation_id: int, accept: bool, note: str = "",
                         booth_code: str = "") -> Participation:
    participation = _lock_participation(scope, participation_id)
    event = participation.event
    if not policy.can_manage(scope, event):
        raise PermissionDenied("Chỉ đơn vị tổ chức được xét đăng ký tham gia.")
    if event.status not in (EventStatus.PLANNED, EventStatus.PUBLISHED):
        raise DomainError("event_closed", "Sự kiện đã kết thúc hoặc đã hủy, không xét đăng ký được.")
    if participation.status == ParticipationStatus.WITHDRAWN:
        raise DomainError("withdrawn", "Doanh nghiệp đã rút đăng ký.")
    errors = Errors()
    note = _clean.text(errors, "note", note, limit=2000, label="Ý kiến", multiline=True)
    if not accept and not note:
        errors.fail("note", "Khi không chấp nhận phải ghi rõ lý do.")
    errors.raise_if_any()
    code = _clean_booth(event, booth_code, exclude_pk=participation.pk) if accept else ""
    before = history.snapshot(participation)
    participation.status = ParticipationStatus.ACCEPTED if accept else ParticipationStatus.DECLINED
    participation.decision_note = note
    participation.booth_code = code
    participation.decided_by = scope.user if scope.user_id else None
    participation.decided_at = timezone.now()
    _save_booth(participation)
    history.record(participation, actor=scope.user, action="accept" if accept else "decline", before=before, note=note)
    _notify_business(participation,
                     subject=f"Kết quả đăng ký tham gia: {event.title}",
                     body=(f"Doanh nghiệp được chấp nhận tham gia{f', gian hàng {code}' if code else ''}."
                           if accept else f"Đăng ký tham gia không được chấp nhận. Lý do: {note}"))
    return participation


@transaction.atomic
def participation_allocate_booth(*, scope: Scope, participation_id: int, booth_code: str) -> Participation:
    participation = _lock_participation(scope, participation_id)
    if not policy.can_manage(scope, participation.event):
        raise PermissionDenied("Chỉ đơn vị tổ chức được bố trí gian hàng.")
    if participation.status != ParticipationStatus.ACCEPTED:
        raise DomainError("not_accepted", "Chỉ bố trí gian hàng cho doanh nghiệp đã được chấp nhận tham gia.",
                          field="booth_code")
    code = _clean_booth(participation.event, booth_code, exclude_pk=participation.pk)
    before = history.snapshot(participation)
    participation.booth_code = code
    _save_booth(participation)
    history.record(participation, actor=scope.user, action="booth", before=before)
    return participation


def _save_booth(participation: Participation) -> None:
    try:
        with transaction.atomic():
            participation.save()
    except IntegrityError:
        raise DomainError("booth_taken", f"Gian hàng {participation.booth_code} vừa được bố trí cho doanh nghiệp khác.",
                          field="booth_code", status=409) from None


@transaction.atomic
def goods_check_record(*, scope: Scope, participation_id: int, origin_ok: bool, labelling_ok: bool,
                       quality_ok: bool, expiry_ok: bool, goods: str = "", note: str = "",
                       now: dt.datetime | None = None) -> GoodsCheck:
    """Record a check of a participant's goods at the event: pass only when all four criteria pass."""
    participation = _lock_participation(scope, participation_id)
    event = participation.event
    if not policy.can_check_goods(scope, event):
        raise PermissionDenied("Bạn không có quyền ghi kết quả kiểm tra hàng hóa tại sự kiện này.")
    if participation.status != ParticipationStatus.ACCEPTED:
        raise DomainError("not_accepted", "Chỉ kiểm tra hàng hóa của doanh nghiệp đã được chấp nhận tham gia.")
    if event.status == EventStatus.CANCELLED:
        raise DomainError("event_cancelled", "Sự kiện đã hủy.")
    current = _now(now)
    if current < event.starts_at - dt.timedelta(days=1):
        raise DomainError("check_too_early", "Kiểm tra hàng hóa được ghi từ ngày trước khai mạc trở đi "
                                             f"(khai mạc {timezone.localtime(event.starts_at):%d/%m/%Y}).")
    errors = Errors()
    goods = _clean.text(errors, "goods", goods, limit=300, label="Hàng hóa được kiểm tra")
    note = _clean.text(errors, "note", note, limit=2000, label="Ghi chú", multiline=True)
    passed = all([origin_ok, labelling_ok, quality_ok, expiry_ok])
    if not passed and not note:
        errors.fail("note", "Hàng hóa không đạt: ghi rõ vi phạm và cách xử lý trong phần ghi chú.")
    errors.raise_if_any()
    check = GoodsCheck.objects.create(
        participation=participation, checked_at=current, checked_by=scope.user if scope.user_id else None,
        goods=goods, origin_ok=bool(origin_ok), labelling_ok=bool(labelling_ok), quality_ok=bool(quality_ok),
        expiry_ok=bool(expiry_ok), passed=passed, note=note,
    )
    history.record(check, actor=scope.user, action="create")
    return check


def _notify_business(participation: Participation, *, subject: str, body: str) -> None:
    from hangviet.agencies.models import User

    user_ids = list(User.objects.filter(business_id=participation.business_id, is_active=True).values_list("id", flat=True))
    notify_users(user_ids=user_ids, subject=subject[:200], body=body, link=f"/su-kien/{participation.event_id}/")
