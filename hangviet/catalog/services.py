"""Every write to the catalogue: products (a producer drafts and submits, an officer publishes),
photos and quality marks, OCOP certificates (issue, re-rating, revocation, daily status refresh with
expiry alerts). Each function takes keyword-only arguments, runs in one transaction and raises
DomainError with a Vietnamese message naming the field."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone

from hangviet.agencies.scope import Scope
from hangviet.businesses.models import Business
from hangviet.core import history
from hangviet.core.errors import DomainError, NotFound, PermissionDenied, ValidationFailed
from hangviet.core.notify import notify_users
from hangviet.core.text import contains_markup, normalize_text
from hangviet.core.uploads import IMAGE_KINDS, check_upload
from hangviet.places.models import Place

from . import policy
from .models import (
    EXPIRY_ALERT_DAYS,
    Category,
    CertificateStatus,
    IssuingLevel,
    OcopCertificate,
    OcopRules,
    Origin,
    Product,
    ProductPhoto,
    ProductStatus,
    QualityKind,
    QualityMark,
    normalise_certificate_number,
)
from .search import index_terms

MAX_PRICE = 10_000_000_000
MAX_PHOTOS = 10
PHOTO_MAX_BYTES = 5 * 1024 * 1024
TEXT_LIMITS = {"name": 255, "packaging": 200, "unit": 40, "description": 5000, "specification": 5000,
               "where_sold": 2000, "code": 40}
EDITABLE_FIELDS = ("name", "category", "origin", "place", "description", "specification", "packaging", "unit",
                   "price_vnd", "where_sold", "ecommerce_links")


# --- validation shared by forms, the API and the importer --------------------------------------

def parse_price(value: Any) -> int | None:
    """A VND amount as offices type it: 120000, 120.000, 120,000, '120.000 đ'."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if value != int(value):
            raise ValueError
        number = int(value)
    else:
        text = normalize_text(str(value)).lower().replace("vnđ", "").replace("vnd", "").replace("đồng", "")
        text = text.replace("đ", "").replace(" ", "").replace(".", "").replace(",", "")
        if not text.isdigit():
            raise ValueError
        number = int(text)
    if number < 0 or number > MAX_PRICE:
        raise ValueError
    return number


def clean_product_fields(data: dict[str, Any], *, partial: bool = False) -> dict[str, Any]:
    """Check and normalise product fields; raise ValidationFailed with every field's message."""
    errors: dict[str, list[str]] = {}
    out: dict[str, Any] = {}

    def err(field, message):
        errors.setdefault(field, []).append(message)

    for field in ("name", "packaging", "unit", "code"):
        if field in data:
            value = normalize_text(data[field])
            if len(value) > TEXT_LIMITS[field]:
                err(field, f"Quá dài: tối đa {TEXT_LIMITS[field]} ký tự.")
            elif contains_markup(value):
                err(field, "Không được chứa mã HTML hoặc mã lệnh.")
            out[field] = value
    for field in ("description", "specification", "where_sold"):
        if field in data:
            value = normalize_text(data[field], multiline=True)
            if len(value) > TEXT_LIMITS[field]:
                err(field, f"Quá dài: tối đa {TEXT_LIMITS[field]} ký tự.")
            elif contains_markup(value):
                err(field, "Không được chứa mã HTML hoặc mã lệnh.")
            out[field] = value
    if not partial or "name" in data:
        if not out.get("name"):
            err("name", "Chưa nhập tên sản phẩm.")
    if "category" in data or not partial:
        code = data.get("category")
        code = getattr(code, "pk", code)
        category = Category.objects.filter(pk=normalize_text(code or "")).first() if code else None
        if category is None:
            err("category", "Chưa chọn nhóm sản phẩm hoặc mã nhóm không có trong danh mục.")
        else:
            out["category"] = category
    if "place" in data or not partial:
        code = data.get("place")
        code = getattr(code, "pk", code)
        place = Place.objects.filter(pk=normalize_text(code or "")).select_related("province").first() if code else None
        if place is None:
            err("place", "Chưa chọn nơi sản xuất hoặc mã đơn vị hành chính không đúng.")
        else:
            out["place"] = place
    if "origin" in data:
        origin = data.get("origin") or Origin.LOCAL
        if origin not in Origin.values:
            err("origin", "Xuất xứ không hợp lệ.")
        out["origin"] = origin
    if "price_vnd" in data:
        try:
            out["price_vnd"] = parse_price(data["price_vnd"])
        except (ValueError, TypeError):
            err("price_vnd", f"Giá phải là số đồng không âm, tối đa {MAX_PRICE:,} đồng (ví dụ 120.000).".replace(",", "."))
    if "ecommerce_links" in data:
        links = data["ecommerce_links"] or []
        if isinstance(links, str):
            links = [part.strip() for part in links.replace(",", "\n").split("\n") if part.strip()]
        clean_links = []
        for link in links[:10]:
            link = normalize_text(str(link))
            if not (link.startswith("https://") or link.startswith("http://")) or len(link) > 300 or contains_markup(link):
                err("ecommerce_links", f"Liên kết “{link[:60]}” không hợp lệ: phải bắt đầu bằng https://.")
            else:
                clean_links.append(link)
        out["ecommerce_links"] = clean_links
    if errors:
        raise ValidationFailed(errors)
    return out


def _new_code(place: Place) -> str:
    prefix = (place.province_id or place.pk)[:6]
    for _attempt in range(10):
        code = f"SP-{prefix}-{secrets.token_hex(3).upper()}"
        if not Product.objects.filter(code=code).exists():
            return code
    raise DomainError("code", "Không tạo được mã sản phẩm, vui lòng thử lại.")


def _save(product: Product) -> None:
    product.refresh_denormalised()
    product.save()
    index_terms([product.name, product.producer.name, product.category.name, product.place.name])


def _reviewer_ids(product: Product) -> list[int]:
    from hangviet.agencies.models import Role, User

    province = product.province_id
    return list(User.objects.filter(is_active=True, role__in=[Role.FOCAL, Role.OFFICER],
                                    agency__place_id__in=[province, product.place_id])
                .values_list("id", flat=True)[:20])


def _producer_ids(product: Product) -> list[int]:
    from hangviet.agencies.models import Role, User

    return list(User.objects.filter(is_active=True, role=Role.BUSINESS, business_id=product.producer_id)
                .values_list("id", flat=True))


def _get_product(product_id, *, lock: bool = False) -> Product:
    qs = Product.objects.select_related("place", "producer", "category")
    if lock:
        qs = qs.select_for_update()
    try:
        return qs.get(pk=int(product_id))
    except (Product.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


# --- products ----------------------------------------------------------------------------------

@transaction.atomic
def product_create(*, scope: Scope, producer_id: int, data: dict[str, Any]) -> Product:
    producer = Business.objects.filter(pk=producer_id).select_related("place").first()
    if producer is None or not policy.can_create_for(scope, producer):
        raise PermissionDenied("Bạn chỉ có thể thêm sản phẩm cho cơ sở thuộc phạm vi của mình.")
    fields = clean_product_fields({"origin": Origin.LOCAL, "place": producer.place_id, **data})
    code = fields.pop("code", "") or _new_code(fields["place"])
    if Product.objects.filter(code=code).exists():
        raise ValidationFailed({"code": [f"Mã sản phẩm “{code}” đã có trong danh mục."]})
    product = Product(code=code, producer=producer, status=ProductStatus.DRAFT, **fields)
    _save(product)
    history.record(product, actor=scope.user, action="create")
    return product


@transaction.atomic
def product_update(*, scope: Scope, product_id: int, data: dict[str, Any]) -> Product:
    product = _get_product(product_id, lock=True)
    if not policy.can_view(scope, product) and not policy.can_edit(scope, product):
        raise NotFound()
    if not policy.can_edit(scope, product):
        raise PermissionDenied("Bạn không có quyền sửa sản phẩm này.")
    fields = clean_product_fields({k: v for k, v in data.items() if k in EDITABLE_FIELDS}, partial=True)
    before = history.snapshot(product)
    for key, value in fields.items():
        setattr(product, key, value)
    note = ""
    if policy.owns(scope, product) and product.status == ProductStatus.PUBLISHED:
        # A producer's change to a published product goes back to the officer before the public sees it.
        product.status = ProductStatus.PENDING
        note = "Sản phẩm đã công bố được chủ thể sửa: chuyển lại chờ duyệt."
    _save(product)
    history.record(product, actor=scope.user, action="update", before=before, note=note)
    if note:
        notify_users(user_ids=_reviewer_ids(product), subject=f"Sản phẩm cần duyệt lại: {product.name}",
                     body=note, link=f"/quan-tri/catalog/product/{product.pk}/change/")
    return product


@transaction.atomic
def product_submit(*, scope: Scope, product_id: int) -> Product:
    product = _get_product(product_id, lock=True)
    if not policy.can_edit(scope, product):
        raise NotFound()
    if product.status not in (ProductStatus.DRAFT, ProductStatus.WITHDRAWN) or (
            product.status == ProductStatus.WITHDRAWN and not policy.can_review(scope, product)):
        raise DomainError("product_state", "Chỉ gửi duyệt được sản phẩm ở trạng thái bản nháp.", status=409)
    product.status = ProductStatus.PENDING
    product.save(update_fields=["status", "updated_at"])
    history.record(product, actor=scope.user, action="submit", changes={"status": ["draft", "pending"]})
    notify_users(user_ids=_reviewer_ids(product), subject=f"Sản phẩm chờ duyệt: {product.name}",
                 body=f"{product.producer.name} gửi sản phẩm “{product.name}” để công bố trên cổng thông tin.",
                 link=f"/quan-tri/catalog/product/{product.pk}/change/")
    return product


def _review(scope: Scope, product_id: int, *, to: str, allowed_from: tuple[str, ...], note: str, action: str,
            need_note: bool) -> Product:
    product = _get_product(product_id, lock=True)
    if not policy.can_review(scope, product):
        if policy.can_view(scope, product):
            raise PermissionDenied("Chỉ cán bộ phụ trách địa bàn mới được duyệt sản phẩm này.")
        raise NotFound()
    note = normalize_text(note, multiline=True)
    if need_note and not note:
        raise DomainError("note_required", "Cần ghi rõ lý do.", field="note")
    if len(note) > 2000 or contains_markup(note):
        raise DomainError("note_invalid", "Ý kiến quá dài (tối đa 2.000 ký tự) hoặc chứa mã HTML.", field="note")
    if product.status not in allowed_from:
        raise DomainError("product_state", f"Không thể {action_label(action)} sản phẩm đang ở trạng thái "
                                           f"“{product.get_status_display()}”.", status=409)
    before = product.status
    product.status = to
    product.review_note = note
    product.reviewed_by = scope.user if getattr(scope.user, "pk", None) else None
    if to == ProductStatus.PUBLISHED:
        product.published_at = timezone.now()
    product.save(update_fields=["status", "review_note", "reviewed_by", "published_at", "updated_at"])
    history.record(product, actor=scope.user, action=action, note=note, changes={"status": [before, to]})
    notify_users(user_ids=_producer_ids(product), subject=f"Sản phẩm “{product.name}”: {action_label(action)}",
                 body=note or f"Sản phẩm đã được {action_label(action)}.", link="/san-pham/cua-toi/")
    return product


def action_label(action: str) -> str:
    return {"publish": "công bố", "return": "trả lại để sửa", "withdraw": "thu hồi"}.get(action, action)


@transaction.atomic
def product_publish(*, scope: Scope, product_id: int, note: str = "") -> Product:
    return _review(scope, product_id, to=ProductStatus.PUBLISHED, allowed_from=(ProductStatus.PENDING, ProductStatus.DRAFT,
                   ProductStatus.WITHDRAWN), note=note, action="publish", need_note=False)


@transaction.atomic
def product_return(*, scope: Scope, product_id: int, note: str) -> Product:
    return _review(scope, product_id, to=ProductStatus.DRAFT, allowed_from=(ProductStatus.PENDING,), note=note,
                   action="return", need_note=True)


@transaction.atomic
def product_withdraw(*, scope: Scope, product_id: int, note: str) -> Product:
    return _review(scope, product_id, to=ProductStatus.WITHDRAWN, allowed_from=(ProductStatus.PUBLISHED,
                   ProductStatus.PENDING), note=note, action="withdraw", need_note=True)


PRODUCT_ACTIONS = {"submit": product_submit, "publish": product_publish, "return": product_return,
                   "withdraw": product_withdraw}


def product_act(*, scope: Scope, product_id: int, action: str, note: str = "") -> Product:
    if action not in PRODUCT_ACTIONS:
        raise DomainError("action", "Thao tác không hợp lệ.", field="action")
    if action == "submit":
        return product_submit(scope=scope, product_id=product_id)
    return PRODUCT_ACTIONS[action](scope=scope, product_id=product_id, note=note)


@transaction.atomic
def photo_add(*, scope: Scope, product_id: int, upload, caption: str = "") -> ProductPhoto:
    product = _get_product(product_id, lock=True)
    if not policy.can_edit(scope, product):
        raise NotFound()
    check_upload(upload, allowed=IMAGE_KINDS, max_bytes=PHOTO_MAX_BYTES, field="image")
    if product.photos.count() >= MAX_PHOTOS:
        raise DomainError("photos_full", f"Mỗi sản phẩm có tối đa {MAX_PHOTOS} ảnh.", field="image")
    caption = normalize_text(caption)[:200]
    if contains_markup(caption):
        raise DomainError("caption", "Chú thích không được chứa mã HTML.", field="caption")
    photo = ProductPhoto(product=product, caption=caption, position=product.photos.count())
    photo.image.save(f"{secrets.token_hex(8)}{_ext(upload.name)}", upload, save=False)
    photo.save()
    history.record(product, actor=scope.user, action="photo_add", note=caption or photo.image.name)
    return photo


def _ext(name: str) -> str:
    import os

    return os.path.splitext(name or "")[1].lower()[:6]


@transaction.atomic
def quality_mark_add(*, scope: Scope, product_id: int, kind: str, number: str = "", issuer: str = "",
                     valid_until: dt.date | None = None) -> QualityMark:
    product = _get_product(product_id, lock=True)
    if not policy.can_edit(scope, product):
        raise NotFound()
    if kind not in QualityKind.values:
        raise DomainError("kind", "Loại chứng nhận không hợp lệ.", field="kind")
    mark = QualityMark.objects.create(product=product, kind=kind, number=normalize_text(number)[:80],
                                      issuer=normalize_text(issuer)[:200], valid_until=valid_until)
    history.record(product, actor=scope.user, action="quality_mark_add", note=str(mark))
    return mark


# --- OCOP certificates ---------------------------------------------------------------------------

def rules_on(day: dt.date) -> OcopRules:
    rules = (OcopRules.objects.filter(effective_from__lte=day).order_by("-effective_from").first()
             or OcopRules.objects.order_by("effective_from").first())
    if rules is None:
        raise DomainError("ocop_rules", "Chưa có quy định OCOP nào trong hệ thống.")
    return rules


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    import calendar

    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def refresh_product_stars(product: Product, *, today: dt.date | None = None) -> None:
    """The stars a product shows: the best certificate that is in force today, or none."""
    today = today or timezone.localdate()
    best = None
    for cert in product.certificates.select_related("rules").all():
        if cert.shows_stars_on(today) and (best is None or cert.stars > best):
            best = cert.stars
    if product.stars != best:
        Product.objects.filter(pk=product.pk).update(stars=best, updated_at=timezone.now())
        product.stars = best


@transaction.atomic
def certificate_issue(*, scope: Scope, product_id: int, number: str, decision_number: str,
                      decision_date: dt.date, score_a: int, score_b: int, score_c: int,
                      issuing_authority: str, issuing_level: str = IssuingLevel.PROVINCE,
                      valid_from: dt.date | None = None, rules_code: str | None = None) -> OcopCertificate:
    product = _get_product(product_id, lock=True)
    if not policy.can_manage_certificates(scope, product):
        raise NotFound() if not policy.can_view(scope, product) else PermissionDenied(
            "Chỉ cán bộ phụ trách OCOP của địa bàn mới được cấp giấy chứng nhận.")
    errors: dict[str, list[str]] = {}
    number = normalize_text(number)
    decision_number = normalize_text(decision_number)
    issuing_authority = normalize_text(issuing_authority)
    if not number or len(number) > 60 or contains_markup(number):
        errors["number"] = ["Số giấy chứng nhận bắt buộc, tối đa 60 ký tự."]
    elif OcopCertificate.objects.filter(number_key=normalise_certificate_number(number)).exists():
        errors["number"] = [f"Số giấy chứng nhận “{number}” đã có."]
    if not decision_number or len(decision_number) > 60:
        errors["decision_number"] = ["Số quyết định bắt buộc, tối đa 60 ký tự."]
    if not issuing_authority or len(issuing_authority) > 200:
        errors["issuing_authority"] = ["Cơ quan công nhận bắt buộc, tối đa 200 ký tự."]
    if issuing_level not in IssuingLevel.values:
        errors["issuing_level"] = ["Cấp công nhận không hợp lệ."]
    if not isinstance(decision_date, dt.date):
        errors["decision_date"] = ["Ngày quyết định không hợp lệ."]
    elif decision_date > timezone.localdate():
        errors["decision_date"] = ["Ngày quyết định không được ở tương lai."]
    try:
        rules = OcopRules.objects.get(pk=rules_code) if rules_code else rules_on(
            decision_date if isinstance(decision_date, dt.date) else timezone.localdate())
    except OcopRules.DoesNotExist:
        errors["rules"] = ["Không có phiên bản quy định OCOP này."]
        rules = None
    if rules is not None:
        for part, value, top in (("score_a", score_a, rules.max_a), ("score_b", score_b, rules.max_b),
                                 ("score_c", score_c, rules.max_c)):
            if not isinstance(value, int) or isinstance(value, bool) or value < 0 or value > top:
                errors[part] = [f"Điểm phải là số nguyên từ 0 đến {top} theo {rules.code}."]
    if errors:
        raise ValidationFailed(errors)
    score = score_a + score_b + score_c
    stars = rules.stars_for(score)
    if stars < 3:
        raise ValidationFailed({"score_a": [f"Tổng điểm {score} chỉ đạt {stars} sao: chỉ sản phẩm từ 3 sao trở lên "
                                            "mới được cấp quyết định và giấy chứng nhận."]})
    if stars == 5 and issuing_level != IssuingLevel.CENTRAL:
        raise ValidationFailed({"issuing_level": ["Sản phẩm 5 sao do Bộ Nông nghiệp và Môi trường công nhận (cấp trung ương)."]})
    if stars < 5 and issuing_level == IssuingLevel.CENTRAL:
        raise ValidationFailed({"issuing_level": ["Sản phẩm 3, 4 sao do Ủy ban nhân dân cấp tỉnh công nhận."]})
    start = valid_from or decision_date
    cert = OcopCertificate.objects.create(
        number=number, product=product, rules=rules, score_a=score_a, score_b=score_b, score_c=score_c, score=score,
        stars=stars, decision_number=decision_number, decision_date=decision_date, issuing_level=issuing_level,
        issuing_authority=issuing_authority, valid_from=start, valid_until=add_months(start, rules.validity_months) - dt.timedelta(days=1))
    cert.status = cert.status_on(timezone.localdate())
    cert.save(update_fields=["status"])
    # A new certificate for the product supersedes the ones still in force (re-rating, upgrade).
    for old in product.certificates.exclude(pk=cert.pk).filter(status__in=[CertificateStatus.VALID, CertificateStatus.EXPIRING, CertificateStatus.EXPIRED]):
        old.status = CertificateStatus.SUPERSEDED
        old.superseded_by = cert
        old.save(update_fields=["status", "superseded_by", "updated_at"])
        history.record(old, actor=scope.user, action="supersede", note=f"Thay thế bởi {cert.number}")
    history.record(cert, actor=scope.user, action="create")
    refresh_product_stars(product)
    index_terms([product.name])
    return cert


def _get_certificate(certificate_id, *, lock=False) -> OcopCertificate:
    qs = OcopCertificate.objects.select_related("product__place", "rules")
    if lock:
        qs = qs.select_for_update()
    try:
        return qs.get(pk=int(certificate_id))
    except (OcopCertificate.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


@transaction.atomic
def certificate_revoke(*, scope: Scope, certificate_id: int, reason: str, revoked_on: dt.date | None = None) -> OcopCertificate:
    cert = _get_certificate(certificate_id, lock=True)
    if not policy.can_manage_certificates(scope, cert.product):
        raise NotFound()
    reason = normalize_text(reason, multiline=True)
    if not reason or len(reason) > 2000 or contains_markup(reason):
        raise DomainError("reason", "Cần ghi lý do thu hồi (tối đa 2.000 ký tự, không chứa mã HTML).", field="reason")
    if cert.status in (CertificateStatus.REVOKED, CertificateStatus.SUPERSEDED):
        raise DomainError("certificate_state", "Giấy chứng nhận đã bị thu hồi hoặc đã được thay thế.", status=409)
    before = history.snapshot(cert)
    cert.status = CertificateStatus.REVOKED
    cert.revoked_on = revoked_on or timezone.localdate()
    cert.revocation_reason = reason
    cert.save()
    history.record(cert, actor=scope.user, action="revoke", before=before, note=reason)
    refresh_product_stars(cert.product)
    notify_users(user_ids=_producer_ids(cert.product), subject=f"Thu hồi giấy chứng nhận OCOP {cert.number}",
                 body=reason, link=f"/san-pham/{cert.product_id}/")
    return cert


@transaction.atomic
def certificate_record_rerating(*, scope: Scope, certificate_id: int, filed_on: dt.date) -> OcopCertificate:
    """The producer filed for re-rating: the certificate stays in force until the decision, at most
    the rules' grace days past expiry."""
    cert = _get_certificate(certificate_id, lock=True)
    if not policy.can_manage_certificates(scope, cert.product):
        raise NotFound()
    if not isinstance(filed_on, dt.date) or filed_on > timezone.localdate():
        raise DomainError("filed_on", "Ngày nộp hồ sơ đánh giá lại không hợp lệ.", field="filed_on")
    if filed_on < cert.valid_until - dt.timedelta(days=180):
        raise DomainError("filed_on", "Hồ sơ đánh giá lại nộp trong khoảng 180 đến 120 ngày trước khi hết hạn; "
                                      "ngày nộp này còn quá sớm.", field="filed_on")
    before = history.snapshot(cert)
    cert.rerating_filed_on = filed_on
    cert.status = cert.status_on(timezone.localdate())
    cert.save()
    history.record(cert, actor=scope.user, action="rerating_filed", before=before)
    refresh_product_stars(cert.product)
    return cert


def certificates_refresh(*, today: dt.date | None = None) -> dict[str, int]:
    """Daily: move certificates to expiring/expired, send the 90- and 30-day alerts once each, and
    clear the stars of products whose certificate lapsed."""
    today = today or timezone.localdate()
    counts = {"changed": 0, "alerts": 0}
    horizon = today + dt.timedelta(days=EXPIRY_ALERT_DAYS[0])
    candidates = (OcopCertificate.objects.select_related("product__producer", "product__place", "rules")
                  .filter(status__in=[CertificateStatus.VALID, CertificateStatus.EXPIRING, CertificateStatus.EXPIRED])
                  .filter(valid_until__lte=horizon + dt.timedelta(days=1)))
    touched_products = set()
    for cert in candidates.iterator(chunk_size=500):
        with transaction.atomic():
            new_status = cert.status_on(today)
            updates = []
            if new_status != cert.status:
                cert.status = new_status
                updates.append("status")
                counts["changed"] += 1
                touched_products.add(cert.product_id)
            days_left = (cert.valid_until - today).days
            for threshold in EXPIRY_ALERT_DAYS:
                if 0 <= days_left <= threshold and threshold not in cert.alerts_sent:
                    cert.alerts_sent = sorted(set(cert.alerts_sent) | {threshold}
                                              | {t for t in EXPIRY_ALERT_DAYS if t > threshold})
                    updates.append("alerts_sent")
                    counts["alerts"] += 1
                    product = cert.product
                    body = (f"Giấy chứng nhận OCOP số {cert.number} của sản phẩm “{product.name}” hết hiệu lực ngày "
                            f"{cert.valid_until:%d/%m/%Y} (còn {days_left} ngày). Hồ sơ đánh giá lại nộp từ 180 đến "
                            "120 ngày trước khi hết hạn.")
                    notify_users(user_ids=_producer_ids(product) + _reviewer_ids(product),
                                 subject=f"Giấy chứng nhận OCOP sắp hết hạn: {product.name}", body=body,
                                 link=f"/san-pham/{product.pk}/")
                    break
            if updates:
                cert.save(update_fields=sorted(set(updates)) + ["updated_at"])
    for product in Product.objects.filter(pk__in=touched_products):
        refresh_product_stars(product, today=today)
    # Products whose stars no longer match a certificate in force (e.g. an expiry today).
    for product in Product.objects.filter(stars__isnull=False).exclude(
            certificates__status__in=[CertificateStatus.VALID, CertificateStatus.EXPIRING]).distinct():
        refresh_product_stars(product, today=today)
    return counts
