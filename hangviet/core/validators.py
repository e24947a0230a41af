"""Identifier validators: tax code (mã số thuế), personal ID, Vietnamese phone numbers."""

import re

from .errors import DomainError

_TAX_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)
_MOBILE_PREFIXES = ("03", "05", "07", "08", "09")


def tax_code_check_digit(first_nine: str) -> int:
    total = sum(int(d) * w for d, w in zip(first_nine, _TAX_WEIGHTS, strict=True))
    return 10 - (total % 11)


def clean_tax_code(value: str | int | None, *, field: str = "tax_code") -> str:
    """Return the canonical tax code (10 digits, or 10+'-'+3 for a branch, or a 12-digit personal ID).

    Accepts spaces, dots and a dash before the branch suffix; a number that lost its leading zero
    (as spreadsheets do) gets it back when it is 9 or 11 digits long.
    """
    if value is None or str(value).strip() == "":
        raise DomainError("tax_code_missing", "Mã số thuế là bắt buộc.", field=field)
    text = str(value).strip()
    if isinstance(value, float) or re.fullmatch(r"\d+\.0", text):
        text = text[:-2]  # a spreadsheet number such as 100101078.0
    raw = re.sub(r"[\s.]", "", text)
    if not re.fullmatch(r"\d{9,13}(-\d{3})?", raw):
        raise DomainError("tax_code_format", "Mã số thuế chỉ gồm chữ số: 10 số, 13 số (chi nhánh, có thể viết 10 số-3 số) hoặc 12 số định danh cá nhân.", field=field)
    digits = raw.replace("-", "")
    if len(digits) == 9 or (len(digits) == 12 and not digits.startswith("0")):
        digits = "0" + digits  # a spreadsheet dropped the leading zero
    if len(digits) == 12:
        # personal identification number (starts with the 0xx province code) used as tax code by
        # household businesses from 01/07/2025
        return digits
    if len(digits) == 11:
        return "0" + digits  # a 12-digit personal ID (always 0xx…) that lost its leading zero
    if len(digits) not in (10, 13):
        raise DomainError("tax_code_format", "Mã số thuế phải có 10 hoặc 13 chữ số (hoặc 12 số định danh cá nhân).", field=field)
    if tax_code_check_digit(digits[:9]) % 10 != int(digits[9]) or tax_code_check_digit(digits[:9]) == 10:
        raise DomainError("tax_code_checksum", "Mã số thuế không hợp lệ: chữ số kiểm tra (chữ số thứ 10) không khớp.", field=field)
    if len(digits) == 13:
        if digits[10:] == "000":
            raise DomainError("tax_code_branch", "Mã số thuế chi nhánh có 3 số cuối từ 001 đến 999.", field=field)
        return f"{digits[:10]}-{digits[10:]}"
    return digits


def make_tax_code(first_nine: str) -> str:
    """Build a valid 10-digit tax code from nine digits (demo and tests); the nine must give a check < 10."""
    check = tax_code_check_digit(first_nine)
    if check == 10:
        raise ValueError("These nine digits have no valid check digit")
    return first_nine + str(check % 10 if check != 11 else 0)


def clean_phone(value: str | None, *, field: str = "phone", required: bool = False) -> str:
    """Canonical Vietnamese phone: mobile 0xxxxxxxxx (10 digits) or landline 02xxxxxxxxx (11 digits)."""
    if value is None or str(value).strip() == "":
        if required:
            raise DomainError("phone_missing", "Số điện thoại là bắt buộc.", field=field)
        return ""
    raw = re.sub(r"[\s.\-()]", "", str(value))
    if raw.startswith("+84"):
        raw = "0" + raw[3:]
    elif raw.startswith("84") and len(raw) in (11, 12):
        raw = "0" + raw[2:]
    if not raw.isdigit():
        raise DomainError("phone_format", "Số điện thoại chỉ gồm chữ số (có thể bắt đầu bằng +84).", field=field)
    if len(raw) == 10 and raw[:2] in _MOBILE_PREFIXES:
        return raw
    if len(raw) == 11 and raw.startswith("02"):
        return raw
    if raw in ("18006838",) or (len(raw) in (8, 10) and raw.startswith(("1800", "1900"))):
        return raw
    raise DomainError(
        "phone_format",
        "Số điện thoại không hợp lệ: di động 10 số bắt đầu bằng 03, 05, 07, 08, 09; cố định 11 số bắt đầu bằng 02.",
        field=field,
    )
