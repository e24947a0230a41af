"""Writes for complaints: public submission (idempotent, files durable before the answer), officer
intake from every channel, the handling workflow on the working-day clock, and personal-data erasure."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from hangviet.core import history
from hangviet.core.errors import DomainError, ValidationFailed
from hangviet.core.notify import notify_email
from hangviet.core.text import contains_markup, fold, normalize_text
from hangviet.core.uploads import EVIDENCE_KINDS, check_upload
from hangviet.core.validators import clean_phone
from hangviet.places.models import Place

from .models import (
    CLOSED_STATUSES,
    CaseType,
    Category,
    Channel,
    Complainant,
    Complaint,
    Evidence,
    HandlingRule,
    Kind,
    Status,
    Step,
)

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
CODE_LENGTH = 14  # 70 bits
MAX_FILES = 5
MAX_FILE_BYTES = 10 * 1024 * 1024
KIND_TO_CASE = {Kind.FEEDBACK: CaseType.FEEDBACK, Kind.REQUEST: CaseType.NEGOTIATION,
                Kind.DENUNCIATION: CaseType.DENUNCIATION}
ANONYMOUS_CATEGORIES = {Category.COUNTERFEIT, Category.SMUGGLED, Category.IP}
OFFICER_CHANNELS = {c for c in Channel.values if c not in (Channel.PORTAL, Channel.API)}


@dataclass
class ComplaintData:
    kind: str
    category: str
    description: str
    business_id: int | None = None
    business_name: str = ""
    product_name: str = ""
    place_code: str = ""
    place_detail: str = ""
    occurred_on: dt.date | None = None
    full_name: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    anonymous: bool = False
    consent_share: bool = False
    files: list = field(default_factory=list)


def normalize_code(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def hash_code(code: str) -> str:
    return hashlib.sha256(normalize_code(code).encode()).hexdigest()


def _code_from_key(key: str) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), f"complaint-track:{key}".encode(), hashlib.sha256).digest()
    return "".join(ALPHABET[b % 32] for b in digest[:CODE_LENGTH])


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def format_code(code: str) -> str:
    code = normalize_code(code)
    return "-".join(code[i:i + 7] for i in range(0, len(code), 7))


def working_days_for(case_type: str, on: dt.date) -> int:
    rule = (HandlingRule.objects.filter(case_type=case_type, effective_from__lte=on)
            .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=on)).order_by("-effective_from").first())
    if rule is None:
        raise DomainError("rule_missing", f"Chưa cấu hình thời hạn xử lý cho loại vụ việc “{case_type}”.")
    return rule.working_days


def _clean(data: ComplaintData, *, officer: bool) -> dict:
    errors: dict[str, list[str]] = {}
    text = {}
    limits = {"business_name": 255, "product_name": 255, "place_detail": 300, "full_name": 200, "address": 300,
              "description": 10000}
    for name, limit in limits.items():
        value = normalize_text(getattr(data, name) or "", multiline=name == "description")
        if len(value) > limit:
            errors.setdefault(name, []).append(f"Tối đa {limit} ký tự.")
        if contains_markup(value):
            errors.setdefault(name, []).append("Không được chứa mã HTML hoặc script.")
        text[name] = value
    if data.kind not in Kind.values:
        errors.setdefault("kind", []).append("Chọn hình thức: phản ánh, kiến nghị hoặc tố cáo.")
    if data.category not in Category.values:
        errors.setdefault("category", []).append("Chọn nhóm vấn đề trong danh sách.")
    if len(text["description"]) < 10:
        errors.setdefault("description", []).append("Mô tả sự việc (ít nhất 10 ký tự).")
    business = None
    if data.business_id:
        from hangviet.businesses.selectors import public_business_list
        business = public_business_list().filter(pk=data.business_id).first()
        if business is None:
            errors.setdefault("business_id", []).append("Doanh nghiệp không có trong danh bạ.")
    place = None
    if data.place_code:
        place = Place.objects.filter(pk=str(data.place_code)[:20]).first()
        if place is None:
            errors.setdefault("place_code", []).append("Địa bàn không tồn tại.")
    if place is None and business is not None:
        place = business.place
    if data.occurred_on and data.occurred_on > timezone.localdate():
        errors.setdefault("occurred_on", []).append("Ngày xảy ra không được sau hôm nay.")
    phone = ""
    if data.phone:
        try:
            phone = clean_phone(data.phone)
        except DomainError as exc:
            errors.setdefault("phone", []).append(exc.message)
    email = normalize_text(data.email or "").lower()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors.setdefault("email", []).append("Địa chỉ thư điện tử không hợp lệ.")
    anonymous = bool(data.anonymous)
    if anonymous and data.category not in ANONYMOUS_CATEGORIES:
        errors.setdefault("anonymous", []).append(
            "Chỉ tin báo về hàng giả, hàng lậu, vi phạm sở hữu trí tuệ mới được gửi ẩn danh.")
    if not anonymous and not officer:
        if not text["full_name"]:
            errors.setdefault("full_name", []).append("Nhập họ và tên (hoặc chọn gửi ẩn danh với tin báo hàng giả).")
        if not phone and not email:
            errors.setdefault("phone", []).append("Nhập số điện thoại hoặc thư điện tử để liên hệ.")
    files = [f for f in (data.files or []) if f]
    if len(files) > MAX_FILES:
        errors.setdefault("files", []).append(f"Tối đa {MAX_FILES} tệp.")
    checked = []
    for upload in files[:MAX_FILES]:
        try:
            checked.append((upload, check_upload(upload, allowed=EVIDENCE_KINDS, max_bytes=MAX_FILE_BYTES,
                                                 field="files")))
        except DomainError as exc:
            errors.setdefault("files", []).append(exc.message)
    if errors:
        raise ValidationFailed(errors)
    return {**text, "business": business, "place": place, "phone": phone if not anonymous else "",
            "email": email if not anonymous else "", "anonymous": anonymous, "files": checked}


def _payload_fingerprint(data: ComplaintData) -> str:
    parts = [data.kind, data.category, normalize_text(data.description or ""), data.phone or "", data.email or "",
             str(data.business_id or ""), data.business_name or ""]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _save_file(complaint: Complaint, upload, checked) -> Evidence:
    upload.seek(0)
    sha = hashlib.sha256()
    for chunk in iter(lambda: upload.read(65536), b""):
        sha.update(chunk)
    upload.seek(0)
    ext = os.path.splitext(checked.name)[1].lower()
    evidence = Evidence(complaint=complaint, original_name=checked.name[:255], content_type=checked.content_type,
                        size=checked.size, sha256=sha.hexdigest())
    evidence.file.save(f"{secrets.token_hex(8)}{ext}", upload, save=False)
    _fsync(evidence.file.name)
    evidence.save()
    return evidence


def _fsync(name: str) -> None:
    """Make a stored file durable before the database commit acknowledges it."""
    try:
        path = default_storage.path(name)
    except NotImplementedError:  # object storage: the PUT is durable when it returns
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    dir_fd = os.open(os.path.dirname(path), os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def _identity_key(cleaned: dict) -> str:
    return cleaned["phone"] or cleaned["email"] or ""


def _find_duplicate(cleaned: dict, category: str) -> Complaint | None:
    identity = _identity_key(cleaned)
    if not identity:
        return None
    qs = Complaint.objects.filter(complainant__identity_key=identity, category=category, duplicate_of__isnull=True)
    if cleaned["business"] is not None:
        qs = qs.filter(business=cleaned["business"])
    elif cleaned["business_name"]:
        qs = qs.filter(business__isnull=True, search_key__startswith=fold(cleaned["business_name"]) + " |")
    else:
        return None
    return qs.exclude(status__in=CLOSED_STATUSES).order_by("received_at").first()


def submit_complaint(*, data: ComplaintData, channel: str = Channel.PORTAL, idempotency_key: str | None = None,
                     actor=None, received_at: dt.datetime | None = None, original_documents: str = "",
                     ) -> tuple[Complaint, str, bool]:
    """Create a complaint. Returns (complaint, tracking code, created). With an idempotency key a retry
    returns the same complaint and code; the same key with different content is refused."""
    officer = channel in OFFICER_CHANNELS
    if channel not in Channel.values:
        raise DomainError("channel_invalid", "Kênh tiếp nhận không hợp lệ.", field="channel")
    key = None
    if idempotency_key:
        key = normalize_text(idempotency_key)[:80]
        if len(key) < 8:
            raise DomainError("idempotency_key", "Khóa chống gửi trùng (Idempotency-Key) phải có ít nhất 8 ký tự.",
                              field="idempotency_key")
        key = hashlib.sha256(f"{key}|{_payload_fingerprint(data)}".encode()).hexdigest()
        existing = Complaint.objects.filter(idempotency_key=key).first()
        if existing is not None:
            return existing, _code_from_key(key), False
    cleaned = _clean(data, officer=officer)
    code = _code_from_key(key) if key else new_code()
    now = timezone.now()
    received = received_at or now
    try:
        with transaction.atomic():
            complaint = _create(cleaned, data, channel=channel, key=key, code=code, received=received, actor=actor,
                                original_documents=original_documents)
    except IntegrityError:
        if key:
            existing = Complaint.objects.filter(idempotency_key=key).first()
            if existing is not None:
                return existing, code, False
        raise
    if cleaned["email"]:
        notify_email(address=cleaned["email"], subject=f"Đã tiếp nhận phản ánh {complaint.reference}",
                     body=(f"Sở Công Thương đã tiếp nhận phản ánh của bạn.\nMã tra cứu: {format_code(code)}\n"
                           f"Theo dõi tại: /khieu-nai/tra-cuu/{code}/\nHạn xử lý: {complaint.due_date:%d/%m/%Y}"))
    return complaint, code, True


def _create(cleaned, data, *, channel, key, code, received, actor, original_documents) -> Complaint:
    case_type = KIND_TO_CASE[data.kind]
    day = timezone.localdate(received)
    complaint = Complaint(
        tracking_hash=hash_code(code), reference=f"PA{day:%y%m%d}-{secrets.token_hex(3).upper()}",
        idempotency_key=key, kind=data.kind, case_type=case_type, category=data.category, channel=channel,
        business=cleaned["business"], business_name=cleaned["business_name"] or (
            cleaned["business"].name if cleaned["business"] else ""),
        product_name=cleaned["product_name"], place=cleaned["place"], place_detail=cleaned["place_detail"],
        occurred_on=data.occurred_on, description=cleaned["description"], anonymous=cleaned["anonymous"],
        consent_share=bool(data.consent_share) and not cleaned["anonymous"], received_at=received,
        original_documents=normalize_text(original_documents or "", multiline=True)[:5000],
    )
    complaint.search_key = " ".join([fold(complaint.business_name), "|", fold(complaint.product_name),
                                     fold(complaint.description)])[:4000]
    complaint.duplicate_of = _find_duplicate(cleaned, data.category)
    complaint.start_clock(on=day, working_days=working_days_for(case_type, day))
    complaint.save()
    Complainant.objects.create(complaint=complaint, full_name="" if cleaned["anonymous"] else cleaned["full_name"],
                               phone=cleaned["phone"], email=cleaned["email"],
                               address="" if cleaned["anonymous"] else cleaned["address"],
                               identity_key=_identity_key(cleaned))
    for upload, checked in cleaned["files"]:
        _save_file(complaint, upload, checked)
    Step.objects.create(complaint=complaint, status=Status.RECEIVED, actor=actor if getattr(actor, "pk", None) else None,
                        note=f"Kênh: {complaint.get_channel_display()}")
    history.record(complaint, actor=actor, action="create")
    return complaint
