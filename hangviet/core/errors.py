"""Typed errors: a broken business rule raises DomainError with a Vietnamese message."""


class DomainError(Exception):
    """A rule was broken. `code` is stable for clients, `message` is Vietnamese and names the rule.

    `field` names the input field at fault (forms show it next to that field, the API returns it).
    `status` is the HTTP status the API answers with.
    """

    status = 400

    def __init__(self, code: str, message: str, *, field: str | None = None, status: int | None = None,
                 errors: dict[str, list[str]] | None = None):
        super().__init__(message)
        self.code = code
        self.message = str(message)
        self.field = field
        self.errors = errors or ({field: [str(message)]} if field else {})
        if status is not None:
            self.status = status

    def __str__(self) -> str:
        return self.message

    @property
    def form_status(self) -> int:
        """The status of a page that shows the form again with this error next to its fields: a plain
        rule violation (400) is an unprocessable form (422); 403, 404, 409, 429 stay what they are."""
        return 422 if self.status == 400 else self.status


class NotFound(DomainError):
    status = 404

    def __init__(self, message: str = "Không tìm thấy bản ghi hoặc bạn không có quyền xem.", code="not_found"):
        super().__init__(code, message)


class PermissionDenied(DomainError):
    status = 403

    def __init__(self, message: str = "Bạn không có quyền thực hiện thao tác này.", code="forbidden"):
        super().__init__(code, message)


class ValidationFailed(DomainError):
    """Several fields failed at once."""

    status = 422

    def __init__(self, errors: dict[str, list[str]], message: str = "Dữ liệu không hợp lệ."):
        super().__init__("invalid", message, errors=errors)
