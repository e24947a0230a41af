"""Writes for outlets and Vietnamese-goods sale points."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction

from hangviet.agencies.models import Agency
from hangviet.agencies.scope import Scope
from hangviet.businesses.models import Business
from hangviet.core import history
from hangviet.core.errors import DomainError, NotFound, PermissionDenied, ValidationFailed
from hangviet.core.text import contains_markup, normalize_text
from hangviet.core.validators import clean_phone
from hangviet.places.models import Place

from . import policy
from .models import MarketClass, OpeningStatus, Outlet, OutletKind, SalePointLabel

# Mainland, islands and the Hoàng Sa / Trường Sa archipelagos.
LAT_RANGE = (Decimal("6"), Decimal("24"))
LON_RANGE = (Decimal("102"), Decimal("118"))


@dataclass
class OutletData:
    name: str
    kind: str
    place_code: str
    address: str
    status: str = OpeningStatus.OPEN
    label: str = ""
    certified_on: dt.date | None = None
    market_class: str = ""
    chain_name: str = ""
    operator_id: int | None = None
    operator_name: str = ""
    managing_agency_id: int | None = None
    tourist_site: str = ""
    latitude: Decimal | float | str | None = None
    longitude: Decimal | float | str | None = None
    opened_on: dt.date | None = None
    products_note: str = ""
    phone: str = ""
    opening_hours: str = ""
    is_public: bool = True


def _valid_id(value) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**63 else None


_TEXT = {"name": (255, "Tên"), "address": (300, "Địa chỉ"), "chain_name": (200, "Chuỗi"),
         "operator_name": (255, "Đơn vị vận hành"), "tourist_site": (200, "Khu, điểm du lịch"),
         "opening_hours": (100, "Giờ mở cửa")}


def _coordinate(errors, field, value, bounds, label):
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value)).quantize(Decimal("0.000001"))
    except (InvalidOperation, ValueError):
        errors.setdefault(field, []).append(f"{label} phải là số thập phân, ví dụ 18.2345.")
        return None
    if not number.is_finite() or not (bounds[0] <= number <= bounds[1]):
        errors.setdefault(field, []).append(f"{label} nằm ngoài lãnh thổ Việt Nam ({bounds[0]}–{bounds[1]}).")
        return None
    return number


def clean_outlet_data(scope: Scope, data: OutletData) -> dict:
    errors: dict[str, list[str]] = {}
    out: dict = {}
    for field, (limit, label) in _TEXT.items():
        value = normalize_text(getattr(data, field))
        if contains_markup(value):
            errors.setdefault(field, []).append(f"{label} không được chứa mã HTML hoặc script.")
        elif len(value) > limit:
            errors.setdefault(field, []).append(f"{label} tối đa {limit} ký tự.")
        out[field] = value
    for field in ("name", "address"):
        if not out[field] and field not in errors:
            errors.setdefault(field, []).append(f"{_TEXT[field][1]} là bắt buộc.")
    products = normalize_text(data.products_note, multiline=True)
    if contains_markup(products) or len(products) > 5000:
        errors.setdefault("products_note", []).append("Danh sách sản phẩm tối đa 5000 ký tự, không chứa mã HTML.")
    out["products_note"] = products
    choices = [("kind", OutletKind, "Loại hình"), ("status", OpeningStatus, "Tình trạng hoạt động"),
               ("label", SalePointLabel, "Nhãn điểm bán"), ("market_class", MarketClass, "Hạng chợ")]
    for field, enum, label in choices:
        value = getattr(data, field) or ""
        if value not in enum.values:
            errors.setdefault(field, []).append(f"{label} không hợp lệ.")
        out[field] = value
    if out["market_class"] and out["kind"] != OutletKind.MARKET:
        errors.setdefault("market_class", []).append("Chỉ chợ mới có hạng chợ.")
    if out["label"] and not data.certified_on:
        errors.setdefault("certified_on", []).append("Điểm bán hàng Việt phải có ngày công nhận.")
    if data.certified_on and not out["label"]:
        errors.setdefault("label", []).append("Có ngày công nhận thì phải chọn nhãn điểm bán hàng Việt.")
    out["certified_on"] = data.certified_on
    out["opened_on"] = data.opened_on
    place = Place.objects.filter(pk=str(data.place_code or "")[:20]).first()
    if place is None:
        errors.setdefault("place_code", []).append("Không tìm thấy xã/phường với mã đã chọn.")
    elif place.level == "province":
        errors.setdefault("place_code", []).append("Hãy chọn xã/phường (hoặc huyện cũ), không chọn cấp tỉnh.")
    elif not scope.covers_place(place):
        errors.setdefault("place_code", []).append("Xã/phường nằm ngoài địa bàn bạn phụ trách.")
    out["place"] = place
    out["latitude"] = _coordinate(errors, "latitude", data.latitude, LAT_RANGE, "Vĩ độ")
    out["longitude"] = _coordinate(errors, "longitude", data.longitude, LON_RANGE, "Kinh độ")
    if (out["latitude"] is None) != (out["longitude"] is None) and "latitude" not in errors and "longitude" not in errors:
        errors.setdefault("longitude", []).append("Nhập đủ cả vĩ độ và kinh độ, hoặc để trống cả hai.")
    out["operator"] = None
    if data.operator_id:
        out["operator"] = Business.objects.filter(pk=_valid_id(data.operator_id) or 0).first()
        if out["operator"] is None:
            errors.setdefault("operator_id", []).append("Không tìm thấy doanh nghiệp vận hành.")
    out["managing_agency"] = None
    agency_id = _valid_id(data.managing_agency_id) or scope.agency_id
    if agency_id:
        out["managing_agency"] = Agency.objects.filter(pk=agency_id).first()
    try:
        out["phone"] = clean_phone(data.phone)
    except DomainError as exc:
        errors.setdefault("phone", []).append(exc.message)
    out["is_public"] = bool(data.is_public)
    if errors:
        raise ValidationFailed(errors)
    return out


@transaction.atomic
def outlet_create(*, scope: Scope, data: OutletData) -> Outlet:
    if not policy.can_create(scope):
        raise PermissionDenied("Chỉ cán bộ đầu mối hoặc cán bộ đơn vị được thêm cơ sở phân phối, điểm bán.")
    values = clean_outlet_data(scope, data)
    outlet = Outlet.objects.create(created_by=scope.user if scope.user_id else None, **values)
    history.record(outlet, actor=scope.user, action="create")
    return outlet


def _lock(scope: Scope, outlet_id: int) -> Outlet:
    outlet = Outlet.objects.select_for_update().select_related("place").filter(pk=outlet_id).first()
    if outlet is None or not (scope.is_admin or scope.covers_place(outlet.place)
                              or scope.covers_agency(outlet.managing_agency_id)):
        raise NotFound("Không tìm thấy cơ sở hoặc bạn không có quyền xem.")
    if not policy.can_edit(scope, outlet):
        raise PermissionDenied()
    return outlet


@transaction.atomic
def outlet_update(*, scope: Scope, outlet_id: int, data: OutletData) -> Outlet:
    outlet = _lock(scope, outlet_id)
    values = clean_outlet_data(scope, data)
    before = history.snapshot(outlet)
    for key, value in values.items():
        setattr(outlet, key, value)
    outlet.save()
    history.record(outlet, actor=scope.user, action="update", before=before)
    return outlet


@transaction.atomic
def outlet_archive(*, scope: Scope, outlet_id: int, reason: str) -> Outlet:
    """Outlets are never deleted: closed ones are archived with a reason and leave the public list."""
    outlet = _lock(scope, outlet_id)
    reason = normalize_text(reason, multiline=True)
    if not reason or len(reason) > 2000:
        raise DomainError("reason_missing", "Ghi rõ lý do lưu trữ (tối đa 2000 ký tự).", field="reason")
    before = history.snapshot(outlet)
    outlet.archived = True
    outlet.status = OpeningStatus.CLOSED
    outlet.save()
    history.record(outlet, actor=scope.user, action="archive", before=before, note=reason)
    return outlet
