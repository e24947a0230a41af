"""Writes for complaints: public submission (idempotent, files durable before the answer), officer
intake from every channel, the handling workflow on the working-day clock, and personal-data erasure."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import os
import secrets
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from hangviet.core import history
from hangviet.core.errors import DomainError, PermissionDenied, ValidationFailed
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
    EvidenceKind,
    HandlingRule,
    Kind,
    Status,
    Step,
)

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
CODE_LENGTH = 14  # 70 bits
MAX_FILES = 5
MAX_DOCUMENTS = 10
REFERENCE_ATTEMPTS = 3
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
    product_id: int | None = None  # a published product of the catalogue
    place_code: str = ""
    place_detail: str = ""
    occurred_on: dt.date | None = None
    full_name: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    anonymous: bool = False
    consent_share: bool = False
    id_number: str = ""
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


_RULE_TTL_SECONDS = 60
_rule_cache: dict[str, tuple[float, list[tuple[dt.date, dt.date | None, int]]]] = {}


def clear_rule_cache() -> None:
    """Forget the cached handling rules (called when an administrator edits one)."""
    _rule_cache.clear()


def working_days_for(case_type: str, on: dt.date) -> int:
    """Working days allowed for a case type on a date. The rules are read once a minute per process:
    they change a few times a decade, and every submission needs them."""
    now = time.monotonic()
    cached = _rule_cache.get(case_type)
    if cached is None or cached[0] < now:
        rows = list(HandlingRule.objects.filter(case_type=case_type).order_by("-effective_from")
                    .values_list("effective_from", "effective_to", "working_days"))
        cached = (now + _RULE_TTL_SECONDS, rows)
        _rule_cache[case_type] = cached
    for effective_from, effective_to, days in cached[1]:
        if effective_from <= on and (effective_to is None or effective_to >= on):
            return days
    raise DomainError("rule_missing", f"Chưa cấu hình thời hạn xử lý cho loại vụ việc “{case_type}”.")


def _clean(data: ComplaintData, *, officer: bool, documents=()) -> dict:
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
    product = None
    if data.product_id:
        from hangviet.catalog.models import Product

        product = (Product.objects.filter(pk=data.product_id, status="published").select_related("producer", "place")
                   .first() if str(data.product_id).isdigit() and int(data.product_id) < 2**63 else None)
        if product is None:
            errors.setdefault("product_id", []).append("Sản phẩm không có trong danh mục sản phẩm đã công bố.")
        else:
            text["product_name"] = text["product_name"] or product.name
            if business is None and product.producer.status == "approved":
                business = product.producer
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
    id_number = normalize_text(data.id_number or "").replace(" ", "")
    if id_number and not (id_number.isdigit() and len(id_number) in (9, 12)):
        errors.setdefault("id_number", []).append("Số định danh cá nhân gồm 12 chữ số (CMND cũ: 9 chữ số).")
    anonymous = bool(data.anonymous)
    if anonymous and data.category not in ANONYMOUS_CATEGORIES:
        errors.setdefault("anonymous", []).append(
            "Chỉ tin báo về hàng giả, hàng lậu, vi phạm sở hữu trí tuệ mới được gửi ẩn danh.")
    if not anonymous and not officer:
        if not text["full_name"]:
            errors.setdefault("full_name", []).append("Nhập họ và tên (hoặc chọn gửi ẩn danh với tin báo hàng giả).")
        if not phone and not email:
            errors.setdefault("phone", []).append("Nhập số điện thoại hoặc thư điện tử để liên hệ.")
    checked = []
    for name, uploads, limit, kind in (("files", data.files, MAX_FILES, EvidenceKind.EVIDENCE),
                                       ("documents", documents, MAX_DOCUMENTS, EvidenceKind.ORIGINAL)):
        files = [f for f in (uploads or []) if f]
        if len(files) > limit:
            errors.setdefault(name, []).append(f"Tối đa {limit} tệp.")
        for upload in files[:limit]:
            try:
                checked.append((upload, check_upload(upload, allowed=EVIDENCE_KINDS, max_bytes=MAX_FILE_BYTES,
                                                     field=name), kind))
            except DomainError as exc:
                errors.setdefault(name, []).append(exc.message)
    if errors:
        raise ValidationFailed(errors)
    return {**text, "business": business, "product": product, "place": place, "phone": phone if not anonymous else "",
            "email": email if not anonymous else "", "id_number": id_number if not anonymous else "",
            "anonymous": anonymous, "files": checked}


def _payload_fingerprint(data: ComplaintData) -> str:
    parts = [data.kind, data.category, normalize_text(data.description or ""), data.phone or "", data.email or "",
             str(data.business_id or ""), data.business_name or ""]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _save_file(complaint: Complaint, upload, checked, kind: str = EvidenceKind.EVIDENCE) -> Evidence:
    upload.seek(0)
    sha = hashlib.sha256()
    for chunk in iter(lambda: upload.read(65536), b""):
        sha.update(chunk)
    upload.seek(0)
    ext = os.path.splitext(checked.name)[1].lower()
    evidence = Evidence(complaint=complaint, kind=kind, original_name=checked.name[:255],
                        content_type=checked.content_type, size=checked.size, sha256=sha.hexdigest())
    evidence.file.save(f"{secrets.token_hex(8)}{ext}", upload, save=False)
    _fsync(evidence.file.name)
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


def _find_duplicate_id(cleaned: dict, category: str) -> int | None:
    """The earliest open complaint by the same person about the same business in the same category, if any.

    One query driven by the person's identity key (indexed, a handful of rows per person); the other
    conditions are checked here, so the plan does not depend on table statistics being fresh."""
    identity = _identity_key(cleaned)
    if not identity or (cleaned["business"] is None and not cleaned["business_name"]):
        return None
    business_id = cleaned["business"].pk if cleaned["business"] is not None else None
    name_key = fold(cleaned["business_name"])
    rows = (Complainant.objects.filter(identity_key=identity)
            .values_list("complaint_id", "complaint__category", "complaint__business_id",
                         "complaint__business_name", "complaint__duplicate_of_id", "complaint__status")
            .order_by("complaint__received_at", "complaint_id")[:500])
    for complaint_id, row_category, row_business, row_name, duplicate_of, status in rows:
        if row_category != category or duplicate_of is not None or status in CLOSED_STATUSES:
            continue
        if business_id is not None:
            if row_business == business_id:
                return complaint_id
        elif row_business is None and fold(row_name) == name_key:
            return complaint_id
    return None


def _idempotency_hash(idempotency_key: str | None, data: ComplaintData) -> str | None:
    if not idempotency_key:
        return None
    key = normalize_text(idempotency_key)[:80]
    if len(key) < 8:
        raise DomainError("idempotency_key", "Khóa chống gửi trùng (Idempotency-Key) phải có ít nhất 8 ký tự.",
                          field="idempotency_key")
    return hashlib.sha256(f"{key}|{_payload_fingerprint(data)}".encode()).hexdigest()


def submit_complaint(*, data: ComplaintData, channel: str = Channel.PORTAL, idempotency_key: str | None = None,
                     actor=None, received_at: dt.datetime | None = None, original_documents: str = "",
                     documents=(), handling_agency_id: int | None = None) -> tuple[Complaint, str, bool]:
    """Create a complaint from any channel. Returns (complaint, tracking code, created).

    With an idempotency key a retry returns the same complaint and code (the unique key decides, so a
    first submission costs no extra lookup). Evidence files are written and fsynced inside the
    transaction, so an acknowledged submission survives a crash complete with its files. The
    confirmation e-mail is queued after the commit."""
    if channel not in Channel.values:
        raise DomainError("channel_invalid", "Kênh tiếp nhận không hợp lệ.", field="channel")
    officer = channel in OFFICER_CHANNELS
    key = _idempotency_hash(idempotency_key, data)
    cleaned = _clean(data, officer=officer, documents=documents)
    code = _code_from_key(key) if key else new_code()
    received = received_at or timezone.now()
    for attempt in range(REFERENCE_ATTEMPTS):
        try:
            with transaction.atomic():
                complaint = _create(cleaned, data, channel=channel, key=key, code=code, received=received,
                                    actor=actor, original_documents=original_documents,
                                    handling_agency_id=handling_agency_id)
            break
        except IntegrityError:
            if key:
                existing = Complaint.objects.filter(idempotency_key=key).first()
                if existing is not None:
                    return existing, code, False
            if attempt == REFERENCE_ATTEMPTS - 1:
                raise
            # a random reference (or an unkeyed tracking code) collided: draw again
            if not key:
                code = new_code()
    if cleaned["email"]:
        notify_email(address=cleaned["email"], subject=f"Đã tiếp nhận phản ánh {complaint.reference}",
                     body=(f"Sở Công Thương đã tiếp nhận phản ánh của bạn.\nMã tra cứu: {format_code(code)}\n"
                           f"Theo dõi tại: {settings.SITE_URL}/khieu-nai/tra-cuu/{code}/\n"
                           f"Hạn xử lý: {complaint.due_date:%d/%m/%Y}"))
    return complaint, code, True


def _create(cleaned, data, *, channel, key, code, received, actor, original_documents,
            handling_agency_id=None) -> Complaint:
    case_type = KIND_TO_CASE[data.kind]
    day = timezone.localdate(received)
    complaint = Complaint(
        tracking_hash=hash_code(code), reference=f"PA{day:%y%m%d}-{secrets.token_hex(4).upper()}",
        idempotency_key=key, kind=data.kind, case_type=case_type, category=data.category, channel=channel,
        business=cleaned["business"], business_name=cleaned["business_name"] or (
            cleaned["business"].name if cleaned["business"] else ""),
        product_name=cleaned["product_name"], product=cleaned["product"], place=cleaned["place"], place_detail=cleaned["place_detail"],
        occurred_on=data.occurred_on, description=cleaned["description"], anonymous=cleaned["anonymous"],
        consent_share=bool(data.consent_share) and not cleaned["anonymous"], received_at=received,
        original_documents=normalize_text(original_documents or "", multiline=True)[:5000],
        handling_agency_id=handling_agency_id,
    )
    complaint.search_key = " ".join([fold(complaint.business_name), "|", fold(complaint.product_name),
                                     fold(complaint.description)])[:4000]
    complaint.duplicate_of_id = _find_duplicate_id(cleaned, data.category)
    complaint.start_clock(on=day, working_days=working_days_for(case_type, day))
    complaint.save(force_insert=True)
    Complainant.objects.create(complaint=complaint, full_name="" if cleaned["anonymous"] else cleaned["full_name"],
                               phone=cleaned["phone"], email=cleaned["email"],
                               address="" if cleaned["anonymous"] else cleaned["address"],
                               id_number=cleaned["id_number"], identity_key=_identity_key(cleaned))
    files = [_save_file(complaint, upload, checked, kind) for upload, checked, kind in cleaned["files"]]
    if files:
        Evidence.objects.bulk_create(files)
    note = f"Kênh: {complaint.get_channel_display()}"
    if channel in OFFICER_CHANNELS:
        note += f"; ngày tiếp nhận {timezone.localtime(received):%d/%m/%Y}"
    Step.objects.create(complaint=complaint, status=Status.RECEIVED, actor=actor if getattr(actor, "pk", None) else None,
                        note=note)
    history.record(complaint, actor=actor, action="create")
    return complaint


# --- officer intake from the other channels ----------------------------------------------------
DOCUMENT_CHANNELS = {Channel.POST, Channel.EMAIL, Channel.AGENCY, Channel.MARKET_SURVEILLANCE}


def _received_at(value) -> dt.datetime:
    """A date or datetime from the officer: a date means the start of the office day."""
    if value is None or value == "":
        raise ValidationFailed({"received_at": ["Nhập ngày tiếp nhận."]})
    if isinstance(value, dt.datetime):
        moment = value if timezone.is_aware(value) else timezone.make_aware(value)
    elif isinstance(value, dt.date):
        moment = timezone.make_aware(dt.datetime.combine(value, dt.time(7, 30)))
    else:
        raise ValidationFailed({"received_at": ["Ngày tiếp nhận không hợp lệ."]})
    now = timezone.now()
    if timezone.localdate(moment) > timezone.localdate(now):
        raise ValidationFailed({"received_at": ["Ngày tiếp nhận không được sau hôm nay."]})
    if moment < now - dt.timedelta(days=366 * 5):
        raise ValidationFailed({"received_at": ["Ngày tiếp nhận quá 5 năm trước; kiểm tra lại."]})
    return moment


def intake_complaint(*, scope, data: ComplaintData, channel: str, received_at, original_documents: str = "",
                     documents=(), idempotency_key: str | None = None) -> tuple[Complaint, str, bool]:
    """An officer records a complaint received in person, by hotline, post or e-mail, or forwarded by
    another agency or by Market Surveillance, with the date it was received and the original
    documents. Goes through the same submission as the public form; the clock starts on the date
    received; the case is placed in the officer's area and unit."""
    from . import policy

    if not policy.can_intake(scope):
        raise PermissionDenied()
    errors: dict[str, list[str]] = {}
    if channel not in OFFICER_CHANNELS:
        errors["channel"] = ["Chọn kênh tiếp nhận: trực tiếp, đường dây nóng, bưu chính, thư điện tử, "
                             "cơ quan khác hoặc Quản lý thị trường chuyển đến."]
    try:
        received = _received_at(received_at)
    except ValidationFailed as exc:
        errors.update(exc.errors)
        received = None
    docs_text = normalize_text(original_documents or "", multiline=True)
    if len(docs_text) > 5000:
        errors.setdefault("original_documents", []).append("Tối đa 5000 ký tự.")
    if contains_markup(docs_text):
        errors.setdefault("original_documents", []).append("Không được chứa mã HTML hoặc script.")
    if channel in DOCUMENT_CHANNELS and not docs_text and not [d for d in documents or [] if d]:
        errors.setdefault("original_documents", []).append(
            "Hồ sơ nhận qua bưu chính, thư điện tử hoặc do cơ quan chuyển đến phải ghi tài liệu gốc "
            "(số, ngày văn bản, nơi gửi) hoặc đính kèm bản quét.")
    place_code = data.place_code
    if not place_code and scope.place is not None:
        place_code = scope.place.pk
    if place_code and not scope.is_admin:
        place = Place.objects.filter(pk=str(place_code)[:20]).first()
        if place is not None and not scope.covers_place(place):
            errors.setdefault("place_code", []).append("Địa bàn ngoài phạm vi của bạn.")
    if errors:
        # report the remaining field errors together with these
        try:
            _clean(data, officer=True, documents=documents)
        except ValidationFailed as exc:
            for name, messages in exc.errors.items():
                errors.setdefault(name, []).extend(messages)
        raise ValidationFailed(errors)
    data.place_code = place_code or ""
    return submit_complaint(data=data, channel=channel, idempotency_key=idempotency_key, actor=scope.user,
                            received_at=received, original_documents=docs_text, documents=documents,
                            handling_agency_id=scope.agency_id)
