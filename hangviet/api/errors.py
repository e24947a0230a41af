"""Errors as application/problem+json (RFC 9457) with a Vietnamese `detail`, mapped once."""

from __future__ import annotations

import json

from django.http import Http404, HttpResponse
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from hangviet.core.errors import DomainError
from hangviet.core.ratelimit import RateLimited

_TITLES = {400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed",
           409: "Conflict", 413: "Payload Too Large", 415: "Unsupported Media Type", 422: "Unprocessable Content",
           429: "Too Many Requests", 500: "Internal Server Error", 503: "Service Unavailable"}

_FIELD_MESSAGES = {
    "missing": "Thiếu trường bắt buộc.",
    "string_too_long": "Giá trị quá dài.",
    "string_too_short": "Giá trị quá ngắn.",
    "int_parsing": "Phải là số nguyên.",
    "int_type": "Phải là số nguyên.",
    "float_parsing": "Phải là số.",
    "date_from_datetime_parsing": "Ngày không hợp lệ (định dạng YYYY-MM-DD).",
    "date_parsing": "Ngày không hợp lệ (định dạng YYYY-MM-DD).",
    "datetime_parsing": "Thời điểm không hợp lệ.",
    "bool_parsing": "Phải là true hoặc false.",
    "literal_error": "Giá trị không nằm trong danh sách cho phép.",
    "enum": "Giá trị không nằm trong danh sách cho phép.",
    "greater_than_equal": "Giá trị quá nhỏ.",
    "less_than_equal": "Giá trị quá lớn.",
    "greater_than": "Giá trị quá nhỏ.",
    "less_than": "Giá trị quá lớn.",
    "json_invalid": "Nội dung JSON không hợp lệ.",
    "model_attributes_type": "Dữ liệu phải là một đối tượng JSON.",
    "dict_type": "Dữ liệu phải là một đối tượng JSON.",
    "list_type": "Phải là một danh sách.",
    "string_type": "Phải là chuỗi ký tự.",
    "too_long": "Danh sách quá dài.",
    "value_error": "Giá trị không hợp lệ.",
    "string_pattern_mismatch": "Sai định dạng.",
}


def problem(status: int, detail: str, *, code: str = "error", errors: dict | None = None, headers: dict | None = None) -> HttpResponse:
    body = {"type": "about:blank", "title": _TITLES.get(status, "Error"), "status": status, "code": code, "detail": detail}
    if errors:
        body["errors"] = errors
    response = HttpResponse(json.dumps(body, ensure_ascii=False), status=status, content_type="application/problem+json")
    for key, value in (headers or {}).items():
        response[key] = value
    return response


def _field_name(loc) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "payload", "form", "data")]
    return ".".join(parts) or "body"


def install(api) -> None:
    @api.exception_handler(DomainError)
    def domain_error(request, exc: DomainError):
        headers = {"Retry-After": str(exc.retry_after)} if isinstance(exc, RateLimited) else None
        return problem(exc.status, exc.message, code=exc.code, errors=exc.errors or None, headers=headers)

    @api.exception_handler(NinjaValidationError)
    def validation_error(request, exc: NinjaValidationError):
        errors: dict[str, list[str]] = {}
        for err in exc.errors:
            kind = err.get("type", "value_error")
            message = _FIELD_MESSAGES.get(kind)
            if message is None:
                ctx_msg = err.get("ctx", {}).get("error")
                message = str(ctx_msg) if ctx_msg else "Giá trị không hợp lệ."
            errors.setdefault(_field_name(err.get("loc", [])), []).append(message)
        return problem(422, "Dữ liệu gửi lên không hợp lệ: xem chi tiết từng trường.", code="invalid", errors=errors)

    @api.exception_handler(AuthenticationError)
    def auth_error(request, exc):
        return problem(401, "Cần đăng nhập hoặc mã truy cập API hợp lệ.", code="unauthenticated")

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return problem(404, "Không tìm thấy.", code="not_found")

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        detail = str(exc) if any(ord(c) > 127 for c in str(exc)) else {
            405: "Phương thức không được hỗ trợ.", 403: "Bạn không có quyền thực hiện thao tác này.",
            400: "Yêu cầu không hợp lệ.",
        }.get(exc.status_code, "Yêu cầu không hợp lệ.")
        return problem(exc.status_code, detail, code="http_error")

    @api.exception_handler(json.JSONDecodeError)
    def bad_json(request, exc):
        return problem(400, "Nội dung JSON không hợp lệ.", code="json_invalid")
