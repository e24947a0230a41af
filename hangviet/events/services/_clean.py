"""Input cleaning shared by the event services: Vietnamese messages that name the field and the rule."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from hangviet.core.text import contains_markup, normalize_text

MAX_COUNT = 10_000_000
MAX_MONEY = 10**15  # one million billion VND: anything above is a typing error


class Errors:
    def __init__(self):
        self.errors: dict[str, list[str]] = {}

    def fail(self, field: str, message: str) -> None:
        self.errors.setdefault(field, []).append(message)

    def __bool__(self) -> bool:
        return bool(self.errors)

    def raise_if_any(self):
        if self.errors:
            from hangviet.core.errors import ValidationFailed

            raise ValidationFailed(self.errors)


def text(errors: Errors, field: str, value, *, limit: int, required: bool = False, label: str = "",
         multiline: bool = False) -> str:
    out = normalize_text(value, multiline=multiline)
    if required and not out:
        errors.fail(field, f"{label or 'Trường này'} là bắt buộc.")
    elif contains_markup(out):
        errors.fail(field, f"{label or 'Nội dung'} không được chứa mã HTML hoặc script.")
    elif len(out) > limit:
        errors.fail(field, f"{label or 'Nội dung'} tối đa {limit} ký tự.")
    return out


def count(errors: Errors, field: str, value, *, label: str, limit: int = MAX_COUNT) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        errors.fail(field, f"{label} phải là số nguyên.")
        return None
    if number < 0:
        errors.fail(field, f"{label} không được âm.")
    elif number > limit:
        errors.fail(field, f"{label} quá lớn (tối đa {limit:,}).".replace(",", "."))
    return number


def money(errors: Errors, field: str, value, *, label: str) -> int | None:
    return count(errors, field, value, label=label, limit=MAX_MONEY)


def aware(value: dt.datetime | None) -> dt.datetime | None:
    if value is None:
        return None
    if timezone.is_naive(value):
        return timezone.make_aware(value)
    return value


MAX_ID = 2**63 - 1


def valid_id(value) -> int | None:
    """An integer primary key in the database's range, or None for anything else."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number <= MAX_ID else None
