"""A person's rights over their data (Personal Data Protection Law 91/2025/QH15): an administrator
finds every case where the person is the complainant (by phone or e-mail), exports those data (JSON or
XLSX), or erases them: name, contact and ID number are replaced by a marker and the person's own papers
(original letter, ID copies) are deleted, while the case facts and the evidence of the violation stay.
Cases still being handled are not erased (the officers need the contact to finish them); they are
reported back so the administrator can answer the request. Every export and erasure is logged."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from hangviet.agencies.scope import Scope
from hangviet.core import history
from hangviet.core.errors import DomainError, PermissionDenied, ValidationFailed
from hangviet.core.text import contains_markup, normalize_text
from hangviet.core.validators import clean_phone

from . import policy
from .models import (
    CLOSED_STATUSES,
    ERASED_MARK,
    PERSONAL_FILE_KINDS,
    Complainant,
    Complaint,
    Evidence,
    PersonalDataAccess,
)

PERSONAL_FIELDS = ("full_name", "phone", "email", "address", "id_number")


@dataclass
class Person:
    phone: str = ""
    email: str = ""

    @property
    def label(self) -> str:
        return " / ".join(v for v in (self.phone, self.email) if v)


@dataclass
class ErasureResult:
    erased: list[str] = field(default_factory=list)  # references
    skipped_open: list[str] = field(default_factory=list)
    files_deleted: int = 0


def clean_person(*, phone: str = "", email: str = "") -> Person:
    errors: dict[str, list[str]] = {}
    canonical_phone = ""
    if phone and str(phone).strip():
        try:
            canonical_phone = clean_phone(phone)
        except DomainError as exc:
            errors["phone"] = [exc.message]
    canonical_email = normalize_text(email or "").lower()
    if canonical_email:
        try:
            validate_email(canonical_email)
        except ValidationError:
            errors["email"] = ["Địa chỉ thư điện tử không hợp lệ."]
    if not errors and not canonical_phone and not canonical_email:
        errors["phone"] = ["Nhập số điện thoại hoặc thư điện tử của người yêu cầu."]
    if errors:
        raise ValidationFailed(errors)
    return Person(phone=canonical_phone, email=canonical_email)


def _require_admin(scope: Scope) -> None:
    if not policy.can_manage_personal_data(scope):
        raise PermissionDenied("Chỉ quản trị hệ thống được xuất hoặc xóa dữ liệu cá nhân theo yêu cầu.")


def person_cases(*, scope: Scope, person: Person) -> QuerySet[Complaint]:
    """Every case where this person is the complainant (erased records no longer match)."""
    _require_admin(scope)
    condition = Q(pk__in=[])
    if person.phone:
        condition |= Q(complainant__phone=person.phone)
    if person.email:
        condition |= Q(complainant__email__iexact=person.email)
    return (Complaint.objects.filter(condition, complainant__erased_at__isnull=True)
            .select_related("complainant", "place", "business").prefetch_related("steps", "evidence")
            .order_by("received_at", "pk"))


def _case_dict(complaint: Complaint) -> dict:
    person = complaint.complainant
    return {
        "reference": complaint.reference,
        "received_at": timezone.localtime(complaint.received_at).isoformat(),
        "channel": complaint.get_channel_display(),
        "kind": complaint.get_kind_display(),
        "category": complaint.get_category_display(),
        "status": complaint.get_status_display(),
        "business_name": complaint.business_name,
        "product_name": complaint.product_name,
        "place": complaint.place.name if complaint.place_id else "",
        "place_detail": complaint.place_detail,
        "occurred_on": complaint.occurred_on.isoformat() if complaint.occurred_on else None,
        "description": complaint.description,
        "consent_share": complaint.consent_share,
        "outcome": complaint.public_outcome,
        "complainant": {name: getattr(person, name) for name in PERSONAL_FIELDS},
        "timeline": [{"at": timezone.localtime(s.at).isoformat(), "status": s.get_status_display(),
                      "note": s.public_note} for s in complaint.steps.all()],
        "files": [{"name": e.original_name, "kind": e.get_kind_display(), "size": e.size,
                   "sha256": e.sha256} for e in complaint.evidence.all()],
    }


def export_person(*, scope: Scope, person: Person) -> dict:
    """The person's data across all their cases; logged as an access and in each case's history."""
    _require_admin(scope)
    cases = list(person_cases(scope=scope, person=person))
    with transaction.atomic():
        PersonalDataAccess.objects.bulk_create(
            [PersonalDataAccess(complaint=c, user=scope.user, purpose="export-request") for c in cases])
        for complaint in cases:
            history.record(complaint, actor=scope.user, action="personal-data-export",
                           note="Xuất dữ liệu cá nhân theo yêu cầu của người phản ánh")
    return {"generated_at": timezone.localtime().isoformat(), "person": {"phone": person.phone, "email": person.email},
            "cases": [_case_dict(c) for c in cases]}


def export_json(*, scope: Scope, person: Person) -> bytes:
    return json.dumps(export_person(scope=scope, person=person), ensure_ascii=False, indent=2).encode()


def export_xlsx(*, scope: Scope, person: Person) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    data = export_person(scope=scope, person=person)
    book = Workbook()
    sheet = book.active
    sheet.title = "Hồ sơ"
    header = ["Số hồ sơ", "Ngày tiếp nhận", "Kênh", "Hình thức", "Nhóm vấn đề", "Trạng thái", "Cơ sở kinh doanh",
              "Sản phẩm", "Địa bàn", "Nội dung", "Kết quả", "Họ và tên", "Điện thoại", "Thư điện tử", "Địa chỉ",
              "Số định danh"]
    sheet.append(header)
    for case in data["cases"]:
        p = case["complainant"]
        sheet.append([case["reference"], case["received_at"][:10], case["channel"], case["kind"], case["category"],
                      case["status"], case["business_name"], case["product_name"], case["place"],
                      case["description"], case["outcome"], p["full_name"], p["phone"], p["email"], p["address"],
                      p["id_number"]])
    steps = book.create_sheet("Các bước xử lý")
    steps.append(["Số hồ sơ", "Thời điểm", "Trạng thái", "Ghi chú"])
    for case in data["cases"]:
        for s in case["timeline"]:
            steps.append([case["reference"], s["at"][:16].replace("T", " "), s["status"], s["note"]])
    files = book.create_sheet("Tệp đính kèm")
    files.append(["Số hồ sơ", "Tên tệp", "Loại", "Dung lượng (byte)"])
    for case in data["cases"]:
        for f in case["files"]:
            files.append([case["reference"], f["name"], f["kind"], f["size"]])
    for ws in book.worksheets:
        for cell in ws[1]:
            cell.font = Font(bold=True)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _erase_one(complainant: Complainant, complaint: Complaint, *, scope: Scope, reason: str) -> int:
    before = {name: bool(getattr(complainant, name)) for name in PERSONAL_FIELDS}
    for name in PERSONAL_FIELDS:
        if getattr(complainant, name):
            setattr(complainant, name, ERASED_MARK if name != "email" else "")
    complainant.identity_key = ""
    complainant.erased_at = timezone.now()
    complainant.save()
    deleted = 0
    for evidence in Evidence.objects.filter(complaint=complaint, kind__in=PERSONAL_FILE_KINDS):
        name = evidence.file.name
        evidence.delete()
        transaction.on_commit(lambda name=name, storage=evidence.file.storage: storage.delete(name))
        deleted += 1
    history.record(complaint, actor=scope.user, action="personal-data-erase",
                   note=f"Xóa dữ liệu cá nhân theo yêu cầu: {reason}"[:500],
                   changes={"erased_fields": [k for k, had in before.items() if had], "files_deleted": deleted})
    return deleted


def _reason(reason: str) -> str:
    reason = normalize_text(reason or "", multiline=True)
    if len(reason) < 5:
        raise ValidationFailed({"reason": ["Ghi căn cứ xóa (số, ngày đơn yêu cầu của người phản ánh)."]})
    if len(reason) > 500:
        raise ValidationFailed({"reason": ["Tối đa 500 ký tự."]})
    if contains_markup(reason):
        raise ValidationFailed({"reason": ["Không được chứa mã HTML hoặc script."]})
    return reason


def _erase(scope: Scope, complaints: QuerySet[Complaint], reason: str) -> ErasureResult:
    result = ErasureResult()
    with transaction.atomic():
        rows = list(complaints.select_for_update(of=("self",)).select_related("complainant"))
        for complaint in rows:
            person = getattr(complaint, "complainant", None)
            if person is None or person.erased_at is not None:
                continue
            if complaint.status not in CLOSED_STATUSES:
                result.skipped_open.append(complaint.reference)
                continue
            result.files_deleted += _erase_one(person, complaint, scope=scope, reason=reason)
            result.erased.append(complaint.reference)
    return result


def erase_person(*, scope: Scope, person: Person, reason: str) -> ErasureResult:
    """Erase the person's data from all their closed cases; open cases are reported, not touched."""
    _require_admin(scope)
    reason = _reason(reason)
    ids = list(person_cases(scope=scope, person=person).values_list("pk", flat=True))
    return _erase(scope, Complaint.objects.filter(pk__in=ids), reason)


def erase_cases(*, scope: Scope, complaint_ids: list[int], reason: str) -> ErasureResult:
    """Erase the complainant's data on the chosen cases (the back-office action)."""
    _require_admin(scope)
    reason = _reason(reason)
    return _erase(scope, Complaint.objects.filter(pk__in=complaint_ids), reason)
