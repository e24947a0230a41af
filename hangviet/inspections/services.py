"""Writes for market inspections: record an inspection (optionally opened from complaints), its
violations with seized value and fines, and close the linked complaints with the result."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from hangviet.agencies.models import Agency, Role
from hangviet.agencies.scope import Scope
from hangviet.complaints.models import Category
from hangviet.core import history
from hangviet.core.errors import DomainError, NotFound, PermissionDenied, ValidationFailed
from hangviet.core.text import contains_markup, normalize_text
from hangviet.places.models import Place

from .models import Inspection, InspectionStatus, Violation


@dataclass
class ViolationData:
    category: str
    description: str = ""
    seized_value: int = 0
    fine_amount: int = 0
    decision_number: str = ""


@dataclass
class InspectionData:
    place_code: str
    inspected_on: dt.date
    team: str = ""
    business_id: int | None = None
    business_name: str = ""
    place_detail: str = ""
    result: str = ""
    follow_up: str = ""
    plan_id: int | None = None
    violations: list[ViolationData] = field(default_factory=list)
    complaint_ids: list[int] = field(default_factory=list)


def _text(value, name, errors, limit=5000):
    value = normalize_text(value or "", multiline=True)
    if contains_markup(value):
        errors.setdefault(name, []).append("Không được chứa mã HTML hoặc script.")
    if len(value) > limit:
        errors.setdefault(name, []).append(f"Tối đa {limit} ký tự.")
    return value


def record_inspection(*, scope: Scope, data: InspectionData) -> Inspection:
    """Record a completed inspection; linked complaints in the actor's scope are closed with its result."""
    from hangviet.complaints.selectors import complaint_list
    from hangviet.complaints.workflow import close_by_inspection

    if not scope.has_role(Role.LEADER, Role.FOCAL, Role.OFFICER):
        raise PermissionDenied()
    errors: dict[str, list[str]] = {}
    place = Place.objects.filter(pk=str(data.place_code or "")[:20]).first()
    if place is None or not scope.covers_place(place):
        errors.setdefault("place_code", []).append("Chọn địa bàn thuộc phạm vi của bạn.")
    team = _text(data.team, "team", errors, 300)
    result = _text(data.result, "result", errors)
    follow_up = _text(data.follow_up, "follow_up", errors)
    business_name = _text(data.business_name, "business_name", errors, 255)
    place_detail = _text(data.place_detail, "place_detail", errors, 300)
    if not isinstance(data.inspected_on, dt.date):
        errors.setdefault("inspected_on", []).append("Nhập ngày kiểm tra.")
    elif data.inspected_on > timezone.localdate():
        errors.setdefault("inspected_on", []).append("Ngày kiểm tra không được sau hôm nay.")
    if data.business_id:
        from hangviet.businesses.models import Business

        if not Business.objects.filter(pk=data.business_id).exists():
            errors.setdefault("business_id", []).append("Cơ sở không có trong danh bạ doanh nghiệp.")
    elif not business_name:
        errors.setdefault("business_name", []).append("Chọn cơ sở trong danh bạ hoặc nhập tên cơ sở được kiểm tra.")
    if data.plan_id:
        from .selectors import plan_list

        if not plan_list(scope=scope).filter(pk=data.plan_id).exists():
            errors.setdefault("plan_id", []).append("Kế hoạch kiểm tra không tồn tại hoặc ngoài phạm vi của bạn.")
    if len(data.violations) > 100:
        errors.setdefault("violations", []).append("Tối đa 100 vi phạm trong một biên bản.")
    for i, v in enumerate(data.violations[:100]):
        _text(v.description, f"violations[{i}].description", errors)
        _text(v.decision_number, f"violations[{i}].decision_number", errors, 60)
        if v.category not in Category.values:
            errors.setdefault(f"violations[{i}].category", []).append("Loại vi phạm không hợp lệ.")
        if v.seized_value < 0 or v.fine_amount < 0 or v.fine_amount > 10**12 or v.seized_value > 10**14:
            errors.setdefault(f"violations[{i}]", []).append("Số tiền (VND) phải là số nguyên không âm hợp lý.")
        if v.fine_amount and not (v.decision_number or "").strip():
            errors.setdefault(f"violations[{i}].decision_number", []).append("Nhập số quyết định xử phạt.")
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        complaints = list(complaint_list(scope=scope).filter(pk__in=data.complaint_ids))
        if len(complaints) != len(set(data.complaint_ids)):
            raise NotFound("Có phản ánh không tồn tại hoặc ngoài phạm vi của bạn.")
        agency = Agency.objects.get(pk=scope.agency_id) if scope.agency_id else None
        if agency is None:
            raise DomainError("agency_missing", "Tài khoản chưa gắn với cơ quan kiểm tra.", field="agency")
        inspection = Inspection.objects.create(
            plan_id=data.plan_id, agency=agency, place=place, place_detail=place_detail,
            inspected_on=data.inspected_on, team=team, business_id=data.business_id, business_name=business_name,
            status=InspectionStatus.DONE, result=result, follow_up=follow_up, created_by=scope.user)
        violations = Violation.objects.bulk_create([
            Violation(inspection=inspection, category=v.category,
                      description=normalize_text(v.description, multiline=True)[:5000],
                      seized_value=v.seized_value, fine_amount=v.fine_amount,
                      decision_number=normalize_text(v.decision_number)[:60])
            for v in data.violations])
        history.record(inspection, actor=scope.user, action="create")
        if complaints:
            inspection.complaints.set(complaints)
            for complaint in complaints:
                close_by_inspection(complaint=complaint, actor=scope.user,
                                    outcome=outcome_text(data.inspected_on, violations))
    return inspection


def outcome_text(inspected_on, violations) -> str:
    """The result a complainant reads on the tracking page (no names of officers or persons)."""
    if not violations:
        return f"Đoàn kiểm tra ngày {inspected_on:%d/%m/%Y} không phát hiện vi phạm."
    fines = sum(v.fine_amount for v in violations)
    return (f"Đoàn kiểm tra ngày {inspected_on:%d/%m/%Y} xác định có {len(violations)} vi phạm; "
            f"xử phạt {fines:,} đồng.".replace(",", "."))


def close_linked_complaints(*, scope: Scope, inspection: Inspection) -> int:
    """After an inspection recorded in the back office is done: close its open complaints (those in the
    actor's scope) with its result. Returns how many were closed."""
    from hangviet.complaints.models import CLOSED_STATUSES
    from hangviet.complaints.selectors import complaint_list
    from hangviet.complaints.workflow import close_by_inspection

    if inspection.status not in (InspectionStatus.DONE, InspectionStatus.CLOSED):
        return 0
    violations = list(inspection.violations.all())
    closed = 0
    with transaction.atomic():
        ids = inspection.complaints.values("pk")
        for complaint in complaint_list(scope=scope).filter(pk__in=ids).exclude(
                status__in=CLOSED_STATUSES).select_for_update(of=("self",)):
            close_by_inspection(complaint=complaint, actor=scope.user,
                                outcome=outcome_text(inspection.inspected_on, violations))
            closed += 1
    return closed
