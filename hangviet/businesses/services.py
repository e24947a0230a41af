"""Writes for businesses: registration from the portal, officer review, edits."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from hangviet.agencies.models import Role, User
from hangviet.agencies.scope import Scope
from hangviet.core import history
from hangviet.core.errors import DomainError, NotFound, PermissionDenied, ValidationFailed
from hangviet.core.text import contains_markup, normalize_text
from hangviet.core.validators import clean_phone, clean_tax_code
from hangviet.places.models import Place

from . import policy
from .models import Business, BusinessKind, BusinessStatus

_LIMITS = {"name": 255, "short_name": 120, "address": 300, "representative": 150, "sector": 200}


@dataclass
class BusinessData:
    tax_code: str
    name: str
    kind: str
    place_code: str
    address: str = ""
    short_name: str = ""
    representative: str = ""
    phone: str = ""
    email: str = ""
    sector: str = ""


def clean_business_data(data: BusinessData) -> dict:
    """Validate every field; collect all errors at once (Vietnamese, per field)."""
    errors: dict[str, list[str]] = {}
    out: dict = {}

    def fail(field, message):
        errors.setdefault(field, []).append(message)

    try:
        out["tax_code"] = clean_tax_code(data.tax_code)
    except DomainError as exc:
        fail("tax_code", exc.message)
    for field, limit in _LIMITS.items():
        value = normalize_text(getattr(data, field, ""))
        if contains_markup(value):
            fail(field, "Không được chứa mã HTML hoặc script.")
        elif len(value) > limit:
            fail(field, f"Tối đa {limit} ký tự.")
        out[field] = value
    if not out.get("name"):
        fail("name", "Tên doanh nghiệp là bắt buộc.")
    if data.kind not in BusinessKind.values:
        fail("kind", "Loại hình không hợp lệ: chọn doanh nghiệp, hợp tác xã, tổ hợp tác hoặc hộ kinh doanh.")
    out["kind"] = data.kind
    place = Place.objects.filter(pk=str(data.place_code or "")[:20]).first()
    if place is None:
        fail("place_code", "Không tìm thấy xã/phường với mã đã chọn.")
    elif place.level == "province":
        fail("place_code", "Hãy chọn xã/phường nơi đặt trụ sở, không chọn cấp tỉnh.")
    out["place"] = place
    try:
        out["phone"] = clean_phone(data.phone)
    except DomainError as exc:
        fail("phone", exc.message)
    email = normalize_text(data.email)
    if email:
        try:
            validate_email(email)
        except ValidationError:
            fail("email", "Địa chỉ thư điện tử không hợp lệ.")
    out["email"] = email.lower()
    if errors:
        raise ValidationFailed(errors)
    return out


def _refuse_duplicate(tax_code: str, exclude_pk=None):
    qs = Business.objects.filter(tax_code=tax_code)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    if qs.exists():
        raise DomainError("tax_code_duplicate",
                          f"Mã số thuế {tax_code} đã được đăng ký trong hệ thống. Nếu đây là doanh nghiệp của bạn, hãy liên hệ Sở Công Thương.",
                          field="tax_code", status=409)


def business_register(*, data: BusinessData, username: str, password: str, full_name: str) -> tuple[Business, User]:
    """Self-registration from the portal: a pending business and its account. The account can sign in
    and see its pending status; an officer's approval unlocks filings and publishing."""
    values = clean_business_data(data)
    username = normalize_text(username).lower()
    errors: dict[str, list[str]] = {}
    if not username or len(username) > 150 or not all(c.isalnum() or c in "._-@" for c in username):
        errors["username"] = ["Tên đăng nhập gồm chữ, số và . _ - @ (tối đa 150 ký tự)."]
    elif User.objects.filter(username=username).exists():
        errors["username"] = ["Tên đăng nhập đã có người dùng."]
    full_name = normalize_text(full_name)
    if contains_markup(full_name) or len(full_name) > 150:
        errors["full_name"] = ["Họ tên không hợp lệ."]
    try:
        validate_password(password or "", user=User(username=username))
    except ValidationError as exc:
        errors["password"] = [str(m) for m in exc.messages]
    if errors:
        raise ValidationFailed(errors)
    _refuse_duplicate(values["tax_code"])
    try:
        with transaction.atomic():
            business = Business.objects.create(status=BusinessStatus.PENDING, **values)
            user = User(username=username, full_name=full_name, role=Role.BUSINESS, business=business,
                        email=values["email"], phone=values["phone"], is_active=True)
            user.set_password(password)
            user.save()
            history.record(business, actor=user, action="register", note="Đăng ký từ cổng thông tin")
    except IntegrityError:
        raise DomainError("tax_code_duplicate", "Mã số thuế hoặc tên đăng nhập đã được đăng ký.", field="tax_code", status=409) from None
    return business, user


@transaction.atomic
def business_create(*, scope: Scope, data: BusinessData) -> Business:
    if not scope.has_role(Role.FOCAL, Role.OFFICER):
        raise PermissionDenied()
    values = clean_business_data(data)
    if not scope.covers_place(values["place"]):
        raise PermissionDenied("Xã/phường của doanh nghiệp nằm ngoài địa bàn bạn phụ trách.")
    _refuse_duplicate(values["tax_code"])
    business = Business.objects.create(status=BusinessStatus.APPROVED, **values)
    history.record(business, actor=scope.user, action="create")
    return business


@transaction.atomic
def business_update(*, scope: Scope, business_id: int, data: BusinessData) -> Business:
    business = Business.objects.select_for_update().filter(pk=business_id).first()
    if business is None or not (scope.is_admin or policy.can_edit(scope, business) or policy.can_review(scope, business)):
        raise NotFound()
    if not policy.can_edit(scope, business):
        raise PermissionDenied()
    values = clean_business_data(data)
    _refuse_duplicate(values["tax_code"], exclude_pk=business.pk)
    if not scope.is_business and not scope.covers_place(values["place"]):
        raise PermissionDenied("Xã/phường mới nằm ngoài địa bàn bạn phụ trách.")
    before = history.snapshot(business)
    for key, value in values.items():
        setattr(business, key, value)
    business.save()
    history.record(business, actor=scope.user, action="update", before=before)
    return business


@transaction.atomic
def business_review(*, scope: Scope, business_id: int, approve: bool, note: str = "") -> Business:
    business = Business.objects.select_for_update().filter(pk=business_id).first()
    if business is None or not (scope.is_admin or scope.covers_place(business.place)):
        raise NotFound()
    if not policy.can_review(scope, business):
        raise PermissionDenied("Chỉ cán bộ phụ trách địa bàn được duyệt đăng ký doanh nghiệp.")
    if business.status != BusinessStatus.PENDING:
        raise DomainError("not_pending", "Chỉ duyệt được hồ sơ đang ở trạng thái chờ duyệt.")
    note = normalize_text(note, multiline=True)
    if not approve and not note:
        raise DomainError("reason_missing", "Khi từ chối phải ghi rõ lý do.", field="note")
    if len(note) > 2000:
        raise DomainError("note_too_long", "Ý kiến tối đa 2000 ký tự.", field="note")
    before = history.snapshot(business)
    business.status = BusinessStatus.APPROVED if approve else BusinessStatus.REJECTED
    business.review_note = note
    business.reviewed_by = scope.user
    business.reviewed_at = timezone.now()
    business.save()
    history.record(business, actor=scope.user, action="approve" if approve else "reject", before=before, note=note)
    from hangviet.core.notify import notify_users

    notify_users(
        user_ids=list(business.accounts.values_list("id", flat=True)),
        subject="Kết quả duyệt đăng ký doanh nghiệp trên HangViet",
        body=("Đăng ký của doanh nghiệp đã được duyệt. Bạn có thể đăng nhập và sử dụng đầy đủ chức năng."
              if approve else f"Đăng ký của doanh nghiệp bị từ chối. Lý do: {note}"),
    )
    return business
