"""Writes for agencies, users and API tokens."""

from __future__ import annotations

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from hangviet.core import history
from hangviet.core.errors import DomainError, NotFound, PermissionDenied
from hangviet.core.text import contains_markup, normalize_text

from .models import Agency, ApiToken, User

TOKEN_PREFIX = "hv_"


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a personal token; the raw value is returned once and never stored."""
    name = normalize_text(name)
    if not name:
        raise DomainError("token_name_missing", "Tên gợi nhớ của mã truy cập là bắt buộc.", field="name")
    if len(name) > 100 or contains_markup(name):
        raise DomainError("token_name_invalid", "Tên gợi nhớ tối đa 100 ký tự và không chứa mã HTML.", field="name")
    if user.api_tokens.filter(revoked_at__isnull=True).count() >= 20:
        raise DomainError("token_limit", "Mỗi người dùng có tối đa 20 mã truy cập đang hoạt động.")
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, prefix=raw[:10], key_hash=hash_token(raw))
    history.record(token, actor=user, action="create", note="Tạo mã truy cập API")
    return token, raw


@transaction.atomic
def api_token_revoke(*, user: User, token_id: int) -> ApiToken:
    token = ApiToken.objects.select_for_update().filter(pk=token_id).first()
    if token is None or token.user_id != user.pk:
        raise NotFound("Không tìm thấy mã truy cập.")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        history.record(token, actor=user, action="revoke", note="Thu hồi mã truy cập API")
    return token


def api_token_authenticate(raw: str) -> User | None:
    if not raw or not raw.startswith(TOKEN_PREFIX) or len(raw) > 200:
        return None
    token = ApiToken.objects.select_related("user").filter(key_hash=hash_token(raw)).first()
    if token is None or not token.is_active or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def agency_save(*, actor: User | None, agency: Agency) -> Agency:
    """Validate and save an agency (admin and import use this)."""
    agency.name = normalize_text(agency.name)
    agency.short_name = normalize_text(agency.short_name)
    agency.abbreviations = normalize_text(agency.abbreviations)
    for field in ("name", "short_name", "abbreviations"):
        if contains_markup(getattr(agency, field)):
            raise DomainError("markup", "Tên cơ quan không được chứa mã HTML hoặc script.", field=field)
    if not agency.name:
        raise DomainError("agency_name_missing", "Tên chính thức của cơ quan là bắt buộc.", field="name")
    if actor is not None and getattr(actor, "role", None) != "admin":
        raise PermissionDenied("Chỉ quản trị hệ thống được sửa danh mục cơ quan, đơn vị.")
    before = history.snapshot(Agency.objects.get(pk=agency.pk)) if agency.pk else None
    with transaction.atomic():
        agency.save()
        history.record(agency, actor=actor, action="update" if before else "create", before=before)
    return agency
