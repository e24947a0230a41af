"""Text folding/normalisation and identifier validators, with property-based tests."""

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.vn import mst

from hangviet.core.errors import DomainError
from hangviet.core.text import contains_markup, fold, fold_words, normalize_text
from hangviet.core.validators import clean_phone, clean_tax_code, make_tax_code, tax_code_check_digit

VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
viet_text = st.text(alphabet=st.sampled_from(list(VIETNAMESE + VIETNAMESE.upper() + " 0123456789-.,")), max_size=60)


# --- fold / normalize_text -------------------------------------------------------------------
def test_fold_examples():
    assert fold("Kẹo cu đơ") == "keo cu do"
    assert fold("ĐÔNG SƠN") == "dong son"
    assert fold("  Hà   Tĩnh ") == "ha tinh"
    assert fold(None) == "" and fold("") == ""
    assert fold_words("Phòng KT&HT, Cẩm Xuyên") == ["phong", "kt", "ht", "cam", "xuyen"]


def test_nfd_input_folds_and_normalises_like_nfc():
    nfd = unicodedata.normalize("NFD", "Thường Xuân")
    assert nfd != "Thường Xuân"
    assert normalize_text(nfd) == "Thường Xuân"
    assert fold(nfd) == fold("Thường Xuân") == "thuong xuan"


def test_normalize_text_drops_control_chars_and_collapses_spaces():
    assert normalize_text("  Bánh\x00 gai\t\tTứ\x07 Trụ \n") == "Bánh gai Tứ Trụ"
    assert normalize_text(None) == ""
    assert normalize_text("dòng 1  \r\ndòng 2\r\n\r\n", multiline=True) == "dòng 1\ndòng 2"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_fold_is_idempotent_ascii_and_lowercase(value):
    once = fold(value)
    assert fold(once) == once
    assert once == once.lower() or not once.isascii()
    assert "đ" not in once and "Đ" not in once
    assert not any(unicodedata.combining(ch) for ch in once)
    assert once == once.strip() and "  " not in once


@settings(max_examples=300, deadline=None)
@given(viet_text)
def test_fold_of_vietnamese_is_plain_ascii(value):
    assert fold(value).isascii()
    assert fold(unicodedata.normalize("NFD", value)) == fold(value)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_normalize_text_is_idempotent_and_nfc(value):
    once = normalize_text(value)
    assert normalize_text(once) == once
    assert unicodedata.is_normalized("NFC", once)
    assert "\x00" not in once and once == once.strip()


def test_contains_markup():
    assert contains_markup("<script>alert(1)</script>")
    assert contains_markup("Công ty <b>ABC</b>")
    assert contains_markup('x" onmouseover="alert(1)')
    assert contains_markup("javascript:alert(1)")
    assert not contains_markup("Công ty TNHH A & B (Việt Nam) 3 < 5")


# --- tax codes ---------------------------------------------------------------------------------
def test_tax_code_check_digit_rule_of_domain_md():
    # weights 31 29 23 19 17 13 7 5 3, check = 10 - (sum % 11)
    nine = "010010107"
    total = sum(int(d) * w for d, w in zip(nine, (31, 29, 23, 19, 17, 13, 7, 5, 3), strict=True))
    assert tax_code_check_digit(nine) == 10 - total % 11
    code = make_tax_code("280012345") if tax_code_check_digit("280012345") < 10 else make_tax_code("280012346")
    assert clean_tax_code(code) == code
    assert mst.is_valid(code)


def test_tax_code_formats_accepted():
    code = make_tax_code("010010107")
    assert clean_tax_code(code) == code
    assert clean_tax_code(f" {code[:4]} {code[4:]} ") == code  # spaces
    assert clean_tax_code(f"{code[:3]}.{code[3:6]}.{code[6:]}") == code  # dots
    assert clean_tax_code(f"{code}-001") == f"{code}-001"  # branch with dash
    assert clean_tax_code(f"{code}001") == f"{code}-001"  # branch, 13 digits
    assert clean_tax_code(int(code)) == code  # lost leading zero (spreadsheet number)
    assert clean_tax_code(f"{int(code)}") == code
    assert clean_tax_code(f"{int(code)}002") == f"{code}-002"  # 13-digit branch that lost its zero


def test_tax_code_from_a_spreadsheet_float_keeps_its_digits():
    """Excel exports 0100101078 as 100101078.0: the '.0' must go before the dots are stripped."""
    code = make_tax_code("010010107")
    assert clean_tax_code(f"{int(code)}.0") == code
    assert clean_tax_code(float(code)) == code


def test_personal_identification_number_is_accepted():
    assert clean_tax_code("042190001234") == "042190001234"
    assert clean_tax_code("038 090 012 345") == "038090012345"


def test_personal_identification_number_that_lost_its_leading_zero():
    """A 12-digit personal ID always starts with 0 (province code 001-096); a spreadsheet drops it."""
    assert clean_tax_code("42190001234") == "042190001234"
    assert clean_tax_code(42190001234) == "042190001234"


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("", "tax_code_missing"),
        (None, "tax_code_missing"),
        ("abc1234567", "tax_code_format"),
        ("12345", "tax_code_format"),
        ("12345678901234", "tax_code_format"),
        ("0100101070", "tax_code_checksum"),  # wrong check digit
        ("<script>", "tax_code_format"),
        ("0100101079' OR 1=1 --", "tax_code_format"),
    ],
)
def test_tax_code_rejected_with_vietnamese_message(value, code):
    with pytest.raises(DomainError) as info:
        clean_tax_code(value)
    assert info.value.code == code
    assert info.value.field == "tax_code"
    assert "Mã số thuế" in info.value.message


def test_wrong_check_digit_message_names_the_tenth_digit():
    code = make_tax_code("010010107")
    wrong = code[:9] + str((int(code[9]) + 1) % 10)
    with pytest.raises(DomainError) as info:
        clean_tax_code(wrong)
    assert "chữ số kiểm tra" in info.value.message


def test_branch_suffix_000_refused():
    code = make_tax_code("010010107")
    with pytest.raises(DomainError) as info:
        clean_tax_code(code + "000")
    assert info.value.code == "tax_code_branch"


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_tax_code_agrees_with_python_stdnum(nine):
    for last in "0123456789":
        candidate = nine + last
        try:
            ours = clean_tax_code(candidate) == candidate
        except DomainError:
            ours = False
        assert ours == mst.is_valid(candidate), candidate


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30))
def test_clean_tax_code_never_crashes(value):
    try:
        result = clean_tax_code(value)
    except DomainError as exc:
        assert exc.message and exc.field == "tax_code"
    else:
        assert result.replace("-", "").isdigit() and len(result.replace("-", "")) in (10, 12, 13)


# --- phones ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("0912345678", "0912345678"),
        ("091 234 5678", "0912345678"),
        ("091.234.5678", "0912345678"),
        ("+84 912 345 678", "0912345678"),
        ("84912345678", "0912345678"),
        ("0398-765-432", "0398765432"),
        ("(0237) 385 2345", "02373852345"),
        ("02393855123", "02393855123"),
        ("1800 6838", "18006838"),
        ("", ""),
    ],
)
def test_phone_formats_accepted(raw, clean):
    assert clean_phone(raw) == clean


@pytest.mark.parametrize("raw", ["0123456789", "091234567", "09123456789", "abc", "0912<b>345678", "0212345678", "+1 202 555 0100"])
def test_phone_formats_refused(raw):
    with pytest.raises(DomainError) as info:
        clean_phone(raw)
    assert info.value.field == "phone"
    assert "Số điện thoại" in info.value.message


def test_phone_required():
    with pytest.raises(DomainError) as info:
        clean_phone("", required=True)
    assert info.value.code == "phone_missing"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=25))
def test_clean_phone_never_crashes(value):
    try:
        result = clean_phone(value)
    except DomainError as exc:
        assert exc.field == "phone" and exc.message
    else:
        assert result == "" or result.isdigit()
