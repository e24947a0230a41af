"""Shared API schemas and pagination helpers."""

from __future__ import annotations

from typing import Generic, TypeVar

from ninja import Schema

from hangviet.core.errors import DomainError

T = TypeVar("T")
MAX_PAGE_SIZE = 100


class Page(Schema, Generic[T]):
    items: list[T]
    count: int


class Problem(Schema):
    type: str = "about:blank"
    title: str
    status: int
    code: str
    detail: str
    errors: dict[str, list[str]] | None = None


def paginate(queryset, *, page: int = 1, page_size: int = 20):
    """Slice a queryset: returns (items, count). Bounds are checked with Vietnamese messages."""
    if page < 1 or page > 100000:
        raise DomainError("page_invalid", "Số trang phải từ 1 trở lên.", field="page", status=422)
    if page_size < 1 or page_size > MAX_PAGE_SIZE:
        raise DomainError("page_size_invalid", f"Số bản ghi mỗi trang từ 1 đến {MAX_PAGE_SIZE}.", field="page_size", status=422)
    count = queryset.count()
    start = (page - 1) * page_size
    return list(queryset[start:start + page_size]), count


ERRORS = {400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 422: Problem, 429: Problem}
