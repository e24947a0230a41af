"""Bulk import of producers, products and OCOP certificates from XLSX and CSV files.

The flow (issue 4, point 5):

1. `import_create` checks the upload by its bytes, stores an ImportJob and queues `validate_job`.
2. `validate_job` reads the file as offices produce it (the header row found wherever it is, merged
   header cells, dates as text or Excel dates, '1.234.000' numbers, tax codes that lost their leading
   zero, NFD or TCVN3/VNI text, UTF-8 or Windows code-page CSV) and writes a row-by-row report (row,
   column, value, reason) into `ImportJob.errors`. Nothing is saved.
3. The user fixes the file and uploads it again, or `import_confirm`s the import of the valid rows;
   `import_job` then re-reads and re-checks the file and saves it in batches (bulk_create /
   bulk_update for products), updating `processed_rows` for the progress bar.

Saving is idempotent: producers are matched by tax code, products by product code and certificates by
their number, so a second import of the same file updates (or leaves alone) and never duplicates.
Each batch commits on its own so that the progress page sees it; an interrupted import is finished by
running it again. One history entry is recorded per job (on the job), not one per row.

Products are saved with the same denormalisation as `Product.refresh_denormalised` and their words go
to the same search vocabulary (`search.index_terms`); the SQLite full-text index follows by trigger."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import json
import os
import re
import secrets
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from hangviet.agencies.scope import Scope, scope_for
from hangviet.businesses.models import Business, BusinessKind, BusinessStatus
from hangviet.businesses.services import BusinessData, clean_business_data
from hangviet.core import history
from hangviet.core.errors import DomainError, PermissionDenied, ValidationFailed
from hangviet.core.legacy_text import detect_legacy_encoding, is_vietnamese_syllable, to_unicode
from hangviet.core.text import contains_markup, fold, fold_words, normalize_text
from hangviet.core.uploads import SPREADSHEET_KINDS, check_upload
from hangviet.core.validators import clean_tax_code
from hangviet.places.models import Place

from . import policy
from .models import (
    Category,
    CertificateStatus,
    ImportJob,
    ImportKind,
    ImportStatus,
    IssuingLevel,
    OcopCertificate,
    OcopRules,
    Origin,
    Product,
    ProductStatus,
    normalise_certificate_number,
)
from .search import index_terms

MAX_ROWS = 200_000
MAX_FILE_BYTES = 60 * 1024 * 1024
HEADER_SCAN_ROWS = 30
MAX_SHEETS = 5
BATCH_SIZE = 2000
MAX_REPORTED_ERRORS = 10_000
MAX_CELL_CHARS = 5000
LEGACY_SAMPLE_ROWS = 200


class ImportFileError(DomainError):
    """The whole file is unusable (wrong kind, wrong columns, too many rows): one clear message."""

    def __init__(self, message: str, code: str = "import_file"):
        super().__init__(code, message, field="file")


# --- columns ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Column:
    key: str
    label: str
    required: bool = False
    help: str = ""
    example: Any = ""
    aliases: tuple[str, ...] = ()

    @property
    def header(self) -> str:
        return f"{self.label} (*)" if self.required else self.label


PRODUCER_COLUMNS = [
    Column("tax_code", "Mã số thuế", True, "10 số (doanh nghiệp, HTX), 13 số hoặc 10 số-3 số (chi nhánh), 12 số định danh "
           "(hộ kinh doanh). Số bị mất chữ số 0 ở đầu vẫn được nhận.", "0100109106",
           ("mst", "ma so thue chu the", "ma so doanh nghiep", "ma so thue doanh nghiep")),
    Column("name", "Tên chủ thể", True, "Tên đầy đủ của doanh nghiệp, hợp tác xã, tổ hợp tác hoặc hộ kinh doanh.",
           "Hợp tác xã Bánh gai Tứ Trụ", ("ten doanh nghiep", "ten co so", "ten chu the san xuat", "ten", "ten don vi")),
    Column("short_name", "Tên viết tắt", False, "Không bắt buộc.", "HTX Bánh gai Tứ Trụ", ("ten giao dich",)),
    Column("kind", "Loại hình", False, "Doanh nghiệp, Hợp tác xã, Tổ hợp tác hoặc Hộ kinh doanh. Để trống: đoán theo tên.",
           "Hợp tác xã", ("loai hinh chu the", "loai hinh doanh nghiep")),
    Column("place_code", "Mã xã/phường", True, "Mã đơn vị hành chính cấp xã nơi đặt trụ sở (5 chữ số, xem trang Đơn vị "
           "hành chính).", "15943", ("ma xa", "ma xa phuong", "ma don vi hanh chinh", "ma xa phuong dac khu")),
    Column("address", "Địa chỉ", False, "Số nhà, thôn, xóm.", "Thôn Tứ Trụ", ("dia chi tru so",)),
    Column("representative", "Người đại diện", False, "", "Lê Văn Tứ", ("nguoi dai dien theo phap luat", "dai dien")),
    Column("phone", "Điện thoại", False, "Di động 10 số hoặc cố định 11 số; số mất chữ số 0 ở đầu vẫn được nhận.",
           "0912345678", ("so dien thoai", "dien thoai lien he", "sdt")),
    Column("email", "Thư điện tử", False, "", "htxbanhgai@example.vn", ("email", "e mail")),
    Column("sector", "Ngành nghề", False, "", "Bánh kẹo truyền thống", ("nganh nghe kinh doanh", "linh vuc")),
]

PRODUCT_COLUMNS = [
    Column("code", "Mã sản phẩm", True, "Mã riêng của sản phẩm (tối đa 40 ký tự). Nhập lại cùng mã thì cập nhật, "
           "không tạo bản trùng.", "TH-BG-001", ("ma sp",)),
    Column("name", "Tên sản phẩm", True, "Tối đa 255 ký tự.", "Bánh gai Tứ Trụ", ("ten sp", "ten hang hoa")),
    Column("category", "Mã nhóm sản phẩm", True, "Mã nhóm trong danh mục (xem bảng mã nhóm bên dưới), hoặc đúng tên nhóm.",
           "I.3.1", ("nhom san pham", "ma nhom", "phan nhom", "ma nhom ocop", "nhom")),
    Column("producer", "Mã số thuế chủ thể", True, "Mã số thuế của chủ thể sản xuất đã có trong hệ thống (nhập danh sách "
           "chủ thể trước).", "0100109106", ("ma so thue", "mst", "mst chu the", "ma so thue chu the san xuat")),
    Column("place", "Mã xã/phường nơi sản xuất", False, "Để trống: lấy xã/phường của chủ thể.", "15943",
           ("ma xa phuong", "ma xa", "noi san xuat", "ma noi san xuat")),
    Column("origin", "Xuất xứ", False, "Sản xuất tại tỉnh (mặc định), Sản xuất trong nước (tỉnh khác) hoặc Nhập khẩu.",
           "Sản xuất tại tỉnh", ("nguon goc", "xuat xu hang hoa")),
    Column("description", "Mô tả", False, "Tối đa 5.000 ký tự.", "Bánh gai nhân đỗ xanh, đặc sản xứ Thanh.",
           ("mo ta san pham", "gioi thieu")),
    Column("specification", "Thành phần, quy cách", False, "", "Lá gai, gạo nếp, đỗ xanh, mật mía",
           ("thanh phan", "quy cach", "thanh phan quy cach")),
    Column("packaging", "Bao bì, đóng gói", False, "", "Hộp giấy 10 chiếc", ("bao bi", "dong goi", "quy cach dong goi")),
    Column("unit", "Đơn vị tính", False, "", "hộp", ("dvt", "don vi")),
    Column("price_vnd", "Giá tham khảo (đồng)", False, "Số đồng, có thể viết 120.000.", "120.000",
           ("gia", "gia tham khao", "gia ban", "gia vnd", "don gia", "gia dong", "gia ban le")),
    Column("where_sold", "Nơi bán", False, "Cửa hàng, điểm bán.", "Cửa hàng OCOP Thanh Hóa", ("dia diem ban", "diem ban")),
    Column("ecommerce_links", "Liên kết thương mại điện tử", False, "Các địa chỉ https://, cách nhau bằng dấu phẩy.",
           "https://example.vn/banh-gai", ("lien ket tmdt", "link tmdt", "san tmdt", "link")),
]

CERTIFICATE_COLUMNS = [
    Column("number", "Số giấy chứng nhận", True, "Nhập lại cùng số thì cập nhật, không tạo bản trùng.", "125/GCN-UBND",
           ("so gcn", "so chung nhan", "so giay chung nhan ocop")),
    Column("product", "Mã sản phẩm", True, "Mã của sản phẩm đã có trong hệ thống.", "TH-BG-001", ("ma sp",)),
    Column("score_a", "Điểm phần A", True, "Số nguyên từ 0 đến điểm tối đa của phần A.", 30, ("phan a", "diem a")),
    Column("score_b", "Điểm phần B", True, "Số nguyên từ 0 đến điểm tối đa của phần B.", 20, ("phan b", "diem b")),
    Column("score_c", "Điểm phần C", True, "Số nguyên từ 0 đến điểm tối đa của phần C.", 25, ("phan c", "diem c")),
    Column("decision_number", "Số quyết định", True, "", "1234/QĐ-UBND", ("so qd", "quyet dinh so")),
    Column("decision_date", "Ngày quyết định", True, "Ngày/tháng/năm, ví dụ 15/03/2024.", "15/03/2024",
           ("ngay qd", "ngay ky quyet dinh", "ngay ban hanh")),
    Column("issuing_level", "Cấp công nhận", False, "Tỉnh hoặc Trung ương (5 sao); Huyện cho quyết định trước 01/07/2025. "
           "Để trống: theo hạng sao.", "Tỉnh", ("cap", "cap danh gia")),
    Column("issuing_authority", "Cơ quan công nhận", True, "", "UBND tỉnh Thanh Hóa", ("co quan cap", "don vi cap")),
    Column("valid_from", "Hiệu lực từ", False, "Để trống: từ ngày quyết định.", "15/03/2024", ("ngay hieu luc",)),
    Column("rules", "Quy định áp dụng", False, "Mã phiên bản quy định OCOP; để trống: theo ngày quyết định.", "",
           ("quy dinh", "bo tieu chi")),
]

COLUMNS: dict[str, list[Column]] = {
    ImportKind.PRODUCERS: PRODUCER_COLUMNS,
    ImportKind.PRODUCTS: PRODUCT_COLUMNS,
    ImportKind.CERTIFICATES: CERTIFICATE_COLUMNS,
}


def _header_key(value: Any) -> str:
    words = fold_words(str(value or ""))
    while words and words[-1] in ("bat", "buoc") and len(words) > 1:
        words = words[:-1]
    return " ".join(words)


def _header_index(columns: list[Column]) -> dict[str, str]:
    index: dict[str, str] = {}
    for column in columns:
        for name in (column.label, *column.aliases):
            index.setdefault(_header_key(name), column.key)
    return index


# --- reading ------------------------------------------------------------------------------------

class _NoCachedValue:
    """A formula cell saved without its computed value."""

    def __repr__(self) -> str:
        return "<công thức>"


NO_CACHED_VALUE = _NoCachedValue()


class CellError(str):
    """An Excel error value (#N/A, #REF!, #DIV/0!) cached for a formula."""


_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_ROW, _CELL, _VALUE, _FORMULA, _INLINE = (f"{_MAIN}{t}" for t in ("row", "c", "v", "f", "is"))
_TEXT, _RUN, _PHONETIC = (f"{_MAIN}{t}" for t in ("t", "r", "rPh"))
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="(?:[A-Z]+\d+:)?[A-Z]+(\d+)"')
_LETTERS = re.compile(r"[A-Z]+")
# Built-in number formats that Excel shows as dates (14-22 and the East Asian 27-36, 50-58).
_BUILTIN_DATES = set(range(14, 23)) | set(range(27, 37)) | set(range(45, 48)) | set(range(50, 59))
MAX_COLUMNS = 200
MAX_UNPACKED_BYTES = 1024 * 1024 * 1024  # a zip bomb is refused before it is read


_COLUMNS_BY_LETTERS: dict[str, int] = {}


def _column_index(ref: str) -> int:
    """1-based column of a cell reference ("B12" -> 2)."""
    key = ref.rstrip("0123456789")
    index = _COLUMNS_BY_LETTERS.get(key)
    if index is None:
        index = 0
        for ch in key:
            if not "A" <= ch <= "Z":
                raise ValueError(ref)
            index = index * 26 + ord(ch) - 64
        _COLUMNS_BY_LETTERS[key] = index
    return index


def _rich_text(element) -> str:
    """The text of a shared or inline string (runs joined, phonetic hints left out)."""
    if len(element) == 1 and element[0].tag == _TEXT:
        return element[0].text or ""
    parts = []
    for child in element:
        if child.tag == _TEXT:
            parts.append(child.text or "")
        elif child.tag == _RUN:
            for t in child.iter(_TEXT):
                parts.append(t.text or "")
    return "".join(parts)


class XlsxSource:
    """Rows of an XLSX sheet streamed straight from its XML (lxml iterparse; constant memory, cached
    formula values, Excel dates by their cell style). A formula cell saved without its value reads as
    NO_CACHED_VALUE, an Excel error value as CellError."""

    def __init__(self, path: str):
        from lxml import etree

        self.etree = etree
        try:
            self.zip = zipfile.ZipFile(path)
            names = set(self.zip.namelist())
            parser = etree.XMLParser(resolve_entities=False, no_network=True)
            workbook = etree.fromstring(self.zip.read("xl/workbook.xml"), parser)
            rels = etree.fromstring(self.zip.read("xl/_rels/workbook.xml.rels"), parser)
        except (KeyError, zipfile.BadZipFile, etree.XMLSyntaxError, OSError) as exc:
            raise ImportFileError("Không đọc được tệp Excel: tệp bị hỏng hoặc không phải tệp .xlsx thật "
                                  "(hãy mở bằng Excel và lưu lại dạng “Excel Workbook (*.xlsx)”).") from exc
        unpacked = sum(info.file_size for info in self.zip.infolist())
        if unpacked > MAX_UNPACKED_BYTES:
            raise ImportFileError(f"Tệp Excel giải nén ra quá lớn (trên {MAX_UNPACKED_BYTES // 1024 ** 2:,} MB): "
                                  .replace(",", ".") + "hãy chia thành nhiều tệp nhỏ hơn.", code="too_large")
        pr = workbook.find(f"{_MAIN}workbookPr")
        self.epoch = dt.date(1904, 1, 1) if pr is not None and pr.get("date1904") in ("1", "true") else dt.date(1899, 12, 30)
        targets = {r.get("Id"): r.get("Target") for r in rels}
        self.sheets = []
        for sheet in workbook.iter(f"{_MAIN}sheet"):
            target = targets.get(sheet.get(_REL_ID), "")
            target = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            if target in names:
                self.sheets.append(target)
        self.sheets = self.sheets[:MAX_SHEETS]
        if not self.sheets:
            raise ImportFileError("Tệp Excel không có trang tính nào.")
        try:
            self.strings = self._shared_strings(names)
            self.date_styles = self._date_styles(names, parser)
        except (etree.XMLSyntaxError, ValueError, KeyError) as exc:
            raise ImportFileError("Không đọc được tệp Excel: phần dữ liệu chữ hoặc định dạng của tệp bị hỏng.") from exc

    def _shared_strings(self, names) -> list[str]:
        if "xl/sharedStrings.xml" not in names:
            return []
        strings = []
        with self.zip.open("xl/sharedStrings.xml") as src:
            for _event, si in self.etree.iterparse(src, events=("end",), tag=f"{_MAIN}si", resolve_entities=False):
                strings.append(_rich_text(si))
                si.clear()
        return strings

    def _date_styles(self, names, parser) -> set[int]:
        from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format

        if "xl/styles.xml" not in names:
            return set()
        styles = self.etree.fromstring(self.zip.read("xl/styles.xml"), parser)
        custom = {int(n.get("numFmtId")): n.get("formatCode") or "" for n in styles.iter(f"{_MAIN}numFmt")}
        dates = set()
        xfs = styles.find(f"{_MAIN}cellXfs")
        for index, xf in enumerate(xfs if xfs is not None else []):
            fmt = int(xf.get("numFmtId") or 0)
            code = custom.get(fmt, BUILTIN_FORMATS.get(fmt, ""))
            if fmt in _BUILTIN_DATES or (code and is_date_format(code)):
                dates.add(index)
        return dates

    def declared_rows(self) -> int | None:
        """The row count the first sheet declares (its dimension), read from the first bytes only."""
        with self.zip.open(self.sheets[0]) as src:
            head = src.read(4096)
        match = _DIMENSION.search(head)
        return int(match.group(1)) if match else None

    def _value(self, cell):
        kind = cell.get("t", "n")
        if kind == "inlineStr":
            for child in cell:
                if child.tag == _INLINE:
                    return _rich_text(child)
            return None
        raw = None
        formula = False
        for child in cell:
            tag = child.tag
            if tag == _VALUE:
                raw = child.text
            elif tag == _FORMULA:
                formula = True
        if raw is None or raw == "":
            return NO_CACHED_VALUE if formula else None
        if kind == "s":
            return self.strings[int(raw)]
        if kind == "str":
            return raw
        if kind == "b":
            return raw in ("1", "true")
        if kind == "e":
            return CellError(raw)
        if kind == "d":
            return raw  # an ISO date as text: parsed (or reported) by the column's check
        number = float(raw)
        if number.is_integer() and "." not in raw and "E" not in raw.upper():
            number = int(raw)
        style = cell.get("s")
        if style and int(style) in self.date_styles and 0 < number < 2958466:
            moment = dt.datetime.combine(self.epoch, dt.time()) + dt.timedelta(days=float(number))
            return moment.date() if moment.time() == dt.time() else moment
        return number

    def rows(self, sheet=None) -> Iterator[tuple[int, list]]:
        etree = self.etree
        try:
            with self.zip.open(sheet or self.sheets[0]) as src:
                counter = 0
                for _event, row in etree.iterparse(src, events=("end",), tag=_ROW, resolve_entities=False):
                    ref = row.get("r")
                    counter = int(ref) if ref else counter + 1
                    values: list = []
                    column = 0
                    for cell in row.iterchildren(_CELL):
                        ref = cell.get("r")
                        column = _column_index(ref) if ref else column + 1
                        if column > MAX_COLUMNS:
                            break
                        value = self._value(cell)
                        if value is not None:
                            if column > len(values):
                                values.extend([None] * (column - len(values)))
                            values[column - 1] = value
                    row.clear()
                    parent = row.getparent()
                    if parent is not None:
                        while row.getprevious() is not None:
                            del parent[0]
                    if values:
                        yield counter, values
        except (etree.XMLSyntaxError, zipfile.BadZipFile, ValueError, IndexError, KeyError, OSError) as exc:
            raise ImportFileError("Không đọc được tệp Excel: nội dung trang tính bị hỏng.") from exc

    def close(self) -> None:
        try:
            self.zip.close()
        except Exception:  # noqa: BLE001
            pass


def decode_csv_bytes(data: bytes) -> str:
    """UTF-8 (with or without BOM); otherwise legacy TCVN3/VNI read through CP1252, or Windows-1258."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return unicodedata.normalize("NFC", data.decode("utf-16"))
    try:
        return unicodedata.normalize("NFC", data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    # Bytes CP1252 leaves undefined are read as Latin-1, as the legacy converters expect.
    latin = _cp1252(data)
    encoding = detect_legacy_encoding(latin)
    if encoding:
        return to_unicode(latin, encoding)
    return unicodedata.normalize("NFC", data.decode("cp1258", errors="replace"))


def _cp1252(data: bytes) -> str:
    return data.decode("cp1252", errors="_hangviet_latin1")


def _latin1_fallback(error: UnicodeDecodeError):
    bad = error.object[error.start:error.end]
    return bad.decode("latin-1"), error.end


codecs.register_error("_hangviet_latin1", _latin1_fallback)


class CsvSource:
    def __init__(self, path: str):
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
        if b"\x00" in data[:8192]:
            raise ImportFileError("Tệp CSV không phải văn bản thuần (có byte rỗng): hãy lưu lại dạng “CSV UTF-8”.")
        self.text = decode_csv_bytes(data)
        sample = self.text[:65536]
        head = sample.lstrip().lower()
        if head.startswith(("<!doctype", "<html", "<?xml", "<table", "<script")):
            raise ImportFileError("Tệp .csv này thật ra là trang HTML/XML, không phải bảng dữ liệu CSV: hãy xuất lại "
                                  "từ Excel bằng “Lưu thành CSV UTF-8”.")
        try:
            self.dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
        except csv.Error:
            self.dialect = csv.excel
        self.sheets = [None]

    def declared_rows(self) -> int | None:
        return None

    def rows(self, sheet=None) -> Iterator[tuple[int, list]]:
        reader = csv.reader(io.StringIO(self.text, newline=""), self.dialect)
        try:
            for index, values in enumerate(reader, start=1):
                if values:
                    yield index, values
        except csv.Error as exc:
            raise ImportFileError(f"Tệp CSV sai cấu trúc ở dòng {reader.line_num}: {exc}.") from exc

    def close(self) -> None:
        self.text = ""


def open_source(path: str, name: str):
    if os.path.splitext(name)[1].lower() == ".csv":
        return CsvSource(path)
    if not zipfile.is_zipfile(path):
        raise ImportFileError("Tệp không phải tệp Excel .xlsx thật.")
    return XlsxSource(path)


# --- cells ----------------------------------------------------------------------------------------

_HIGH_LATIN1 = re.compile("[\u00a0-\u00ff]")
_VN_ONLY = re.compile("[ăĂđĐĩĨũŨơƠưƯ\u1ea0-\u1ef9]")
_WORDS = re.compile(r"[^\W\d_]+")
_COLUMN_NUMBER = re.compile(r"^\(?[0-9]{1,2}\)?$|^\(?[a-zA-Z]\)?$")


def _looks_legacy(text: str, encoding: str) -> bool:
    """For a short cell in a file known to be legacy-encoded: does the legacy reading make valid
    Vietnamese where the Unicode reading does not?"""
    words = [w for w in _WORDS.findall(text) if not w.isascii()]
    if not words:
        return False
    as_is = sum(is_vietnamese_syllable(w) for w in words)
    converted = [w for w in _WORDS.findall(to_unicode(text, encoding)) if not w.isascii()]
    return sum(is_vietnamese_syllable(w) for w in converted) > as_is


def fix_text(value: str, file_encoding: str | None = None) -> str:
    """NFC text; legacy TCVN3/VNI text (as typed in the old fonts) converted to Unicode."""
    if value.isascii():
        return value
    text = unicodedata.normalize("NFC", value)
    if not _HIGH_LATIN1.search(text) or _VN_ONLY.search(text):
        return text
    encoding = detect_legacy_encoding(text)
    if encoding:
        return to_unicode(text, encoding)
    if file_encoding and _looks_legacy(text, file_encoding):
        return to_unicode(text, file_encoding)
    return text


def cell_text(value: Any) -> str:
    """A cell as text: integral floats without '.0', dates as dd/mm/yyyy."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


_DATE_PATTERNS = (
    re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$"),
)
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")


def parse_date(value: Any) -> dt.date:
    """A date as offices write it: an Excel date, an Excel serial number, 15/03/2024, 15-3-2024,
    15.03.2024, 2024-03-15 or 'ngày 15 tháng 3 năm 2024'. Raises ValueError."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 20000 <= value <= 80000:  # an Excel serial day number (1954-2119)
            return dt.date(1899, 12, 30) + dt.timedelta(days=int(value))
        raise ValueError
    text = normalize_text(str(value or ""))
    if not text:
        raise ValueError
    folded = fold(text)
    match = re.fullmatch(r"(?:ngay\s*)?(\d{1,2})\s*thang\s*(\d{1,2})\s*nam\s*(\d{4})", folded)
    if match:
        day, month, year = (int(g) for g in match.groups())
        return dt.date(year, month, day)
    match = _DATE_PATTERNS[0].match(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        return dt.date(year, month, day)
    match = _ISO_DATE.match(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
        return dt.date(year, month, day)
    if text.replace(".", "").isdigit():
        return parse_date(float(text))
    raise ValueError


def parse_int(value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError
        return int(value)
    text = normalize_text(str(value)).replace(" ", "")
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+", text):
        text = text.replace(".", "")
    if re.fullmatch(r"-?\d+[.,]0+", text):
        text = re.split(r"[.,]", text)[0]
    if not re.fullmatch(r"-?\d+", text):
        raise ValueError
    return int(text)


# --- table ---------------------------------------------------------------------------------------

@dataclass
class Table:
    """The header found in a file and its data rows as {column key: value}."""

    source: Any
    kind: str
    sheet_index: int
    header_rows: tuple[int, ...]
    positions: dict[str, int]  # column key -> 0-based position
    skip_rows: set[int] = field(default_factory=set)
    legacy_encoding: str | None = None
    _memo: dict[str, str] = field(default_factory=dict)

    @property
    def columns(self) -> list[Column]:
        return [c for c in COLUMNS[self.kind] if c.key in self.positions]

    def labels(self) -> dict[str, str]:
        return {c.key: c.label for c in COLUMNS[self.kind]}

    def data_rows(self) -> Iterator[tuple[int, dict[str, Any]]]:
        """Non-empty data rows after the header; stops with ImportFileError past MAX_ROWS."""
        sheet = self.source.sheets[self.sheet_index]
        last_header = max(self.header_rows)
        count = 0
        buffered: list[tuple[int, dict[str, Any]]] = []
        detected = False
        for index, values in self.source.rows(sheet):
            if index <= last_header or index in self.skip_rows:
                continue
            row = {}
            empty = True
            for key, position in self.positions.items():
                value = values[position] if position < len(values) else None
                if isinstance(value, str):
                    value = value.strip()
                    if not value:
                        value = None
                if value is not None:
                    empty = False
                row[key] = value
            if empty:
                continue
            count += 1
            if count > MAX_ROWS:
                raise ImportFileError(f"Tệp có hơn {MAX_ROWS:,} dòng dữ liệu: quá giới hạn một lần nhập. "
                                      "Hãy chia thành nhiều tệp nhỏ hơn.".replace(",", "."), code="too_many_rows")
            if not detected:
                buffered.append((index, row))
                if len(buffered) >= LEGACY_SAMPLE_ROWS:
                    detected = True
                    self._detect_legacy(buffered)
                    for item in buffered:
                        yield self._fixed(item)
                    buffered = []
                continue
            yield self._fixed((index, row))
        if not detected:
            self._detect_legacy(buffered)
            for item in buffered:
                yield self._fixed(item)

    def _detect_legacy(self, rows) -> None:
        if self.legacy_encoding is not None or isinstance(self.source, CsvSource):
            return
        sample = " ".join(v for _i, row in rows for v in row.values() if isinstance(v, str) and not v.isascii())
        self.legacy_encoding = detect_legacy_encoding(sample) if sample else None

    def _fixed(self, item):
        index, row = item
        memo = self._memo
        for key, value in row.items():
            if value.__class__ is str and not value.isascii():
                fixed = memo.get(value)
                if fixed is None:
                    fixed = fix_text(value, self.legacy_encoding)
                    if len(memo) < 200_000:
                        memo[value] = fixed
                row[key] = fixed
        return index, row


def _match_row(values: list, index: dict[str, str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for position, value in enumerate(values):
        if value is None or not isinstance(value, str):
            continue
        key = index.get(_header_key(fix_text(value)))
        if key and key not in found:
            found[key] = position
    return found


def find_table(source, kind: str) -> Table:
    """Find the header row (not necessarily the first; merged cells and two-row headers allowed)."""
    columns = COLUMNS[kind]
    index = _header_index(columns)
    best: tuple[int, int, int, tuple[int, ...], dict[str, int]] | None = None
    for sheet_index, sheet in enumerate(source.sheets):
        head: list[tuple[int, list]] = []
        for row_index, values in source.rows(sheet):
            if row_index > HEADER_SCAN_ROWS:
                break
            head.append((row_index, values))
        matched = [(row_index, values, _match_row(values, index)) for row_index, values in head]
        for pos, (row_index, _values, found) in enumerate(matched):
            candidates = [((row_index,), found)]
            if pos + 1 < len(matched) and matched[pos + 1][0] == row_index + 1:
                below = matched[pos + 1][2]
                combined = dict(found)
                for key, column in below.items():
                    if key not in combined and column not in combined.values():
                        combined[key] = column
                candidates.append(((row_index, row_index + 1), combined))
            for rows, positions in candidates:
                required = sum(1 for c in columns if c.required and c.key in positions)
                score = (len(positions), required, -len(rows))
                if best is None or score > best[:3]:
                    best = (score[0], score[1], score[2], rows, {**positions, "__sheet__": sheet_index})
    labels = ", ".join(f"“{c.label}”" for c in columns)
    if best is None or best[0] == 0:
        raise ImportFileError(f"Không tìm thấy dòng tiêu đề của bảng trong {HEADER_SCAN_ROWS} dòng đầu. "
                              f"Tệp cần có các cột: {labels}. Hãy tải tệp mẫu và dùng đúng tên cột.",
                              code="wrong_columns")
    positions = dict(best[4])
    sheet_index = positions.pop("__sheet__")
    missing = [c.label for c in columns if c.required and c.key not in positions]
    if missing:
        raise ImportFileError("Tệp thiếu cột bắt buộc: " + ", ".join(f"“{m}”" for m in missing)
                              + f". Các cột của mẫu: {labels} (cột có dấu * là bắt buộc).", code="wrong_columns")
    table = Table(source=source, kind=kind, sheet_index=sheet_index, header_rows=best[3], positions=positions)
    # A row of column numbers ((1), (2), (3) ...) right under the header, as official tables have.
    last = max(best[3])
    for row_index, values in source.rows(source.sheets[sheet_index]):
        if row_index <= last:
            continue
        cells = [cell_text(v).strip() for v in values if v is not None and cell_text(v).strip()]
        if len(cells) >= 3 and all(_COLUMN_NUMBER.match(c) for c in cells):
            table.skip_rows.add(row_index)
        break
    return table


# --- validation -----------------------------------------------------------------------------------

@dataclass
class RowOutcome:
    row: int
    data: dict[str, Any]
    errors: list[dict[str, Any]]


def _report_value(value: Any) -> str:
    if value is NO_CACHED_VALUE:
        return "(công thức)"
    return cell_text(value)[:200]


class Validator:
    """Checks rows of one kind in batches (one query per batch for the records they refer to)."""

    def __init__(self, kind: str, scope: Scope, table: Table):
        self.kind = kind
        self.scope = scope
        self.table = table
        self.labels = table.labels()
        self.present = set(table.positions)
        self.seen: dict[str, int] = {}
        self._taxes: dict = {}
        # Columns whose markup check the shared product validation (clean_product_fields) makes.
        self.service_checked = ({"code", "name", "packaging", "unit", "description", "specification", "where_sold",
                                 "ecommerce_links"} if kind == ImportKind.PRODUCTS else set())
        self._covers: dict[str, bool] = {}
        self._places: dict[str, Place | None] = {}
        if kind == ImportKind.PRODUCTS:
            self.categories = {c.code: c for c in Category.objects.all()}
            by_name: dict[str, list[Category]] = {}
            for category in self.categories.values():
                by_name.setdefault(fold(category.name), []).append(category)
            self.categories_by_name = {k: v[0] for k, v in by_name.items() if len(v) == 1}
            self.categories_upper = {c.upper(): cat for c, cat in self.categories.items()}
        if kind == ImportKind.CERTIFICATES:
            self.rules = {r.code: r for r in OcopRules.objects.all()}

    # helpers
    def load_places(self, codes) -> None:
        """Read the places a batch names (and their zero-padded forms) in one query."""
        wanted = set()
        for code in codes:
            code = str(code or "").strip()
            if code and code not in self._places:
                wanted.add(code)
                if code.isdigit():
                    wanted.update((code.zfill(5), code.zfill(2)))
        if wanted:
            found = {p.pk: p for p in Place.objects.filter(pk__in=wanted).select_related("province")}
            for code in wanted:
                self._places[code] = found.get(code)

    def place(self, code: str) -> Place | None:
        """A place by its code; codes typed as numbers get their leading zeros back (4 -> "00004")."""
        code = code.strip()
        if code not in self._places:
            self.load_places([code])
        found = self._places.get(code)
        if found is None and code.isdigit():
            found = self._places.get(code.zfill(5)) or self._places.get(code.zfill(2))
        return found

    def covers(self, place: Place) -> bool:
        if place.pk not in self._covers:
            self._covers[place.pk] = self.scope.covers_place(place)
        return self._covers[place.pk]

    def outside(self, place: Place) -> str:
        province = place.province.name if place.province_id and place.province else place.name
        return f"Nơi này ({place.name}, {province}) nằm ngoài địa bàn bạn phụ trách: không được nhập."

    # the pass over a batch
    def check_batch(self, rows: list[tuple[int, dict[str, Any]]]) -> list[RowOutcome]:
        outcomes = []
        prepared = []
        for row_number, raw in rows:
            errors: list[dict[str, Any]] = []
            clean: dict[str, Any] = {}
            for key, value in raw.items():
                message = None
                if value is NO_CACHED_VALUE:
                    message = ("Ô có công thức nhưng tệp không lưu giá trị đã tính: hãy mở tệp bằng Excel, "
                               "lưu lại rồi tải lên, hoặc dán giá trị thay cho công thức.")
                elif isinstance(value, CellError):
                    message = f"Ô có lỗi công thức ({value}): hãy sửa công thức hoặc nhập giá trị."
                elif isinstance(value, str) and key not in self.service_checked and contains_markup(value):
                    message = "Ô chứa mã HTML hoặc mã lệnh (script): không được phép."
                elif isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                    message = f"Ô quá dài: tối đa {MAX_CELL_CHARS:,} ký tự.".replace(",", ".")
                if message:
                    errors.append(self.error(row_number, key, value, message))
                    clean[key] = None
                    clean.setdefault("__bad__", set()).add(key)
                else:
                    clean[key] = value
            prepared.append((row_number, clean, errors))
        self.prefetch([clean for _n, clean, _e in prepared])
        for row_number, clean, errors in prepared:
            bad = clean.pop("__bad__", set())
            data: dict[str, Any] = {}
            try:
                data = self.check_row(row_number, clean, errors, bad)
            except DomainError as exc:  # a rule outside a single cell
                errors.append({"row": row_number, "column": "", "value": "", "message": exc.message})
            outcomes.append(RowOutcome(row_number, data, self._dedupe(errors)))
        return outcomes

    @staticmethod
    def _dedupe(errors):
        seen, out = set(), []
        for error in errors:
            key = (error["row"], error["column"])
            if key not in seen:
                seen.add(key)
                out.append(error)
        return out

    def error(self, row: int, key: str, value: Any, message: str) -> dict[str, Any]:
        return {"row": row, "column": self.labels.get(key, key), "value": _report_value(value), "message": message}

    def prefetch(self, rows: list[dict[str, Any]]) -> None:
        getattr(self, f"prefetch_{self.kind}")(rows)

    def check_row(self, row_number, clean, errors, bad) -> dict[str, Any]:
        return getattr(self, f"check_{self.kind}")(row_number, clean, errors, bad)

    def _tax(self, value) -> str | None:
        try:
            return self.tax(value)
        except DomainError:
            return None

    def tax(self, value) -> str:
        """clean_tax_code, remembered per raw value (a producer's code repeats on many rows)."""
        key = (value.__class__, value)
        cached = self._taxes.get(key)
        if cached is None:
            try:
                cached = clean_tax_code(value)
            except DomainError as exc:
                cached = (exc.code, exc.message)
            if len(self._taxes) < 100_000:
                self._taxes[key] = cached
        if isinstance(cached, tuple):
            raise DomainError(cached[0], cached[1], field="tax_code")
        return cached

    def duplicate(self, row_number: int, key: str, identity: str, value, errors, label: str) -> bool:
        first = self.seen.get(identity)
        if first is not None and first != row_number:
            errors.append(self.error(row_number, key, value, f"{label} trùng với dòng {first} trong cùng tệp."))
            return True
        self.seen[identity] = row_number
        return False

    # producers
    def prefetch_producers(self, rows):
        codes = {self._tax(r.get("tax_code")) for r in rows} - {None}
        self.existing = {b.tax_code: b for b in Business.objects.filter(tax_code__in=codes).select_related("place")}

    def check_producers(self, row_number, clean, errors, bad):
        text = {k: cell_text(v) for k, v in clean.items()}
        kind = self._kind(text.get("kind", ""), text.get("name", ""))
        if kind is None:
            errors.append(self.error(row_number, "kind", clean.get("kind"),
                                     "Loại hình không hợp lệ: ghi Doanh nghiệp, Hợp tác xã, Tổ hợp tác hoặc Hộ kinh doanh."))
            kind = BusinessKind.ENTERPRISE
        place_code = text.get("place_code", "").strip()
        place = self.place(place_code) if place_code else None
        if place is not None:
            place_code = place.pk
        data = BusinessData(tax_code=clean.get("tax_code") if "tax_code" not in bad else "", name=text.get("name", ""),
                            kind=kind, place_code=place_code, address=text.get("address", ""),
                            short_name=text.get("short_name", ""), representative=text.get("representative", ""),
                            phone=_phone(text.get("phone", "")), email=text.get("email", ""), sector=text.get("sector", ""))
        values: dict[str, Any] = {}
        try:
            values = clean_business_data(data)
        except ValidationFailed as exc:
            names = {"place_code": "place_code", "tax_code": "tax_code"}
            for name, messages in exc.errors.items():
                key = names.get(name, name)
                if key in bad:
                    continue
                errors.append(self.error(row_number, key, clean.get(key), messages[0]))
            return {}
        if values["place"] is not None and not self.covers(values["place"]):
            errors.append(self.error(row_number, "place_code", clean.get("place_code"), self.outside(values["place"])))
        existing = self.existing.get(values["tax_code"])
        if existing is not None and not (self.scope.is_admin or self.covers(existing.place)):
            errors.append(self.error(row_number, "tax_code", clean.get("tax_code"),
                                     f"Mã số thuế {values['tax_code']} thuộc chủ thể ngoài địa bàn bạn phụ trách."))
        self.duplicate(row_number, "tax_code", values["tax_code"], clean.get("tax_code"), errors, "Mã số thuế")
        values["present"] = {k for k in self.present}
        return values

    @staticmethod
    def _kind(text: str, name: str) -> str | None:
        folded = fold(text)
        if folded:
            for kind, words in ((BusinessKind.COOPERATIVE_GROUP, ("to hop tac", "tht", "cooperative_group")),
                                (BusinessKind.COOPERATIVE, ("hop tac xa", "htx", "cooperative")),
                                (BusinessKind.HOUSEHOLD, ("ho kinh doanh", "hkd", "ho gia dinh", "co so", "household")),
                                (BusinessKind.ENTERPRISE, ("doanh nghiep", "cong ty", "dn", "enterprise"))):
                if any(folded == w or folded.startswith(w + " ") for w in words):
                    return kind
            return None
        folded_name = fold(name)
        if folded_name.startswith(("to hop tac", "tht ")):
            return BusinessKind.COOPERATIVE_GROUP
        if folded_name.startswith(("hop tac xa", "htx ")):
            return BusinessKind.COOPERATIVE
        if folded_name.startswith(("ho kinh doanh", "co so", "hkd ", "ho ")):
            return BusinessKind.HOUSEHOLD
        return BusinessKind.ENTERPRISE

    # products
    def prefetch_products(self, rows):
        codes = {normalize_text(cell_text(r.get("code"))) for r in rows} - {""}
        self.existing = {row["code"]: row for row in Product.objects.filter(code__in=codes).values(
            "code", "name", "producer_id", "place_id", "producer__name")}
        taxes = {self._tax(r.get("producer")) for r in rows} - {None}
        missing = taxes - set(getattr(self, "producers", {}))
        if not hasattr(self, "producers"):
            self.producers: dict[str, Business] = {}
        if missing:
            for business in Business.objects.filter(tax_code__in=missing).select_related("place"):
                self.producers[business.tax_code] = business
        if len(self.producers) > 50_000:
            self.producers = {k: v for k, v in self.producers.items() if k in taxes}
        self.load_places([cell_text(r.get("place")) for r in rows] + [e["place_id"] for e in self.existing.values()])

    def check_products(self, row_number, clean, errors, bad):
        from .services import clean_product_fields

        fields = {k: cell_text(clean.get(k)) for k in ("code", "name", "description", "specification", "packaging",
                                                         "unit", "where_sold") if k in self.present and k not in bad}
        if "price_vnd" in self.present and "price_vnd" not in bad:
            fields["price_vnd"] = clean.get("price_vnd")
            if isinstance(fields["price_vnd"], str):
                fields["price_vnd"] = fields["price_vnd"].strip()
        if "ecommerce_links" in self.present and "ecommerce_links" not in bad:
            fields["ecommerce_links"] = cell_text(clean.get("ecommerce_links")).replace(";", ",")
        if "name" not in fields:
            fields["name"] = ""
        data: dict[str, Any] = {}
        try:
            data = clean_product_fields(fields, partial=True)
        except ValidationFailed as exc:
            for name, messages in exc.errors.items():
                errors.append(self.error(row_number, name, clean.get(name), messages[0]))
        if "name" in bad:
            errors[:] = [e for e in errors if not (e["column"] == self.labels["name"] and e["message"].startswith("Chưa"))]
        code = data.get("code") or normalize_text(cell_text(clean.get("code")))
        if not code and "code" not in bad:
            errors.append(self.error(row_number, "code", clean.get("code"),
                                     "Chưa nhập mã sản phẩm (cần để nhập lại không tạo bản trùng)."))
        # category
        category = None
        if "category" not in bad:
            raw = normalize_text(cell_text(clean.get("category")))
            category = (self.categories.get(raw) or self.categories_upper.get(raw.upper())
                        or self.categories_by_name.get(fold(raw)))
            if category is None:
                errors.append(self.error(row_number, "category", clean.get("category"),
                                         "Mã nhóm sản phẩm không có trong danh mục (xem trang Hướng dẫn của tệp mẫu)."
                                         if raw else "Chưa nhập mã nhóm sản phẩm."))
        # producer
        producer = None
        if "producer" not in bad:
            raw = clean.get("producer")
            try:
                tax = self.tax(raw)
                producer = self.producers.get(tax)
                if producer is None:
                    errors.append(self.error(row_number, "producer", raw,
                                             f"Chưa có chủ thể sản xuất mã số thuế {tax} trong hệ thống: hãy nhập "
                                             "danh sách chủ thể trước."))
            except DomainError as exc:
                errors.append(self.error(row_number, "producer", raw, exc.message))
        # place
        place = None
        place_key = "producer"
        raw_place = normalize_text(cell_text(clean.get("place"))) if "place" in self.present else ""
        if "place" in bad:
            pass
        elif raw_place:
            place_key = "place"
            place = self.place(raw_place)
            if place is None:
                errors.append(self.error(row_number, "place", clean.get("place"),
                                         "Mã xã/phường không đúng (mã đơn vị hành chính 5 chữ số)."))
            elif place.level == "province":
                errors.append(self.error(row_number, "place", clean.get("place"),
                                         "Hãy ghi mã xã/phường nơi sản xuất, không ghi mã tỉnh."))
                place = None
        elif producer is not None:
            place = producer.place
        if place is not None and not self.covers(place):
            errors.append(self.error(row_number, place_key, clean.get(place_key), self.outside(place)))
        # origin
        origin = Origin.LOCAL
        if "origin" in self.present and "origin" not in bad and clean.get("origin") is not None:
            origin = _origin(cell_text(clean.get("origin")))
            if origin is None:
                errors.append(self.error(row_number, "origin", clean.get("origin"),
                                         "Xuất xứ không hợp lệ: ghi Sản xuất tại tỉnh, Sản xuất trong nước hoặc Nhập khẩu."))
        if code:
            existing = self.existing.get(code)
            if existing is not None:
                existing_place = self.place(existing["place_id"])
                if producer is not None and existing["producer_id"] != producer.pk:
                    errors.append(self.error(row_number, "code", clean.get("code"),
                                             f"Mã sản phẩm {code} đã dùng cho sản phẩm “{existing['name']}” của chủ "
                                             f"thể khác ({existing['producer__name']})."))
                elif existing_place is None or not self.covers(existing_place):
                    errors.append(self.error(row_number, "code", clean.get("code"),
                                             f"Mã sản phẩm {code} thuộc sản phẩm ngoài địa bàn bạn phụ trách."))
            self.duplicate(row_number, "code", code.upper(), clean.get("code"), errors, "Mã sản phẩm")
        if errors:
            return {}
        data.update(code=code, category=category, producer=producer, place=place, origin=origin)
        return data

    def recheck_products(self, rows: list[tuple[int, dict[str, Any]]]) -> list[RowOutcome]:
        """At import time, rows checked when the file was validated (kept in the job's side file) are
        checked again against the database only: their producer, category and place still exist, the
        place is in scope, and an existing product with the code still belongs to that producer."""
        existing = {row["code"]: row for row in Product.objects.filter(code__in=[d["code"] for _n, d in rows])
                    .values("code", "producer_id", "place_id")}
        taxes = {d["producer"] for _n, d in rows} - set(getattr(self, "producers", {}))
        if not hasattr(self, "producers"):
            self.producers = {}
        if taxes:
            for business in Business.objects.filter(tax_code__in=taxes).select_related("place"):
                self.producers[business.tax_code] = business
        self.load_places([d["place"] for _n, d in rows] + [e["place_id"] for e in existing.values()])
        outcomes = []
        for row_number, portable in rows:
            errors: list[dict[str, Any]] = []
            data = dict(portable)
            producer = self.producers.get(portable["producer"])
            category = self.categories.get(portable["category"])
            place = self.place(portable["place"]) if portable["place"] else None
            if producer is None:
                errors.append(self.error(row_number, "producer", portable["producer"],
                                         "Chủ thể sản xuất không còn trong hệ thống."))
            if category is None:
                errors.append(self.error(row_number, "category", portable["category"],
                                         "Nhóm sản phẩm không còn trong danh mục."))
            if place is None or not self.covers(place):
                errors.append(self.error(row_number, "place", portable["place"],
                                         self.outside(place) if place else "Mã xã/phường không còn trong danh mục."))
            current = existing.get(portable["code"])
            current_place = self.place(current["place_id"]) if current else None
            if current is not None and producer is not None and (
                    current["producer_id"] != producer.pk or current_place is None or not self.covers(current_place)):
                errors.append(self.error(row_number, "code", portable["code"],
                                         f"Mã sản phẩm {portable['code']} vừa được dùng cho sản phẩm khác."))
            data.update(producer=producer, category=category, place=place)
            outcomes.append(RowOutcome(row_number, {} if errors else data, errors))
        return outcomes

    # certificates
    def prefetch_certificates(self, rows):
        codes = {normalize_text(cell_text(r.get("product"))) for r in rows} - {""}
        self.products = {p.code: p for p in Product.objects.filter(code__in=codes).select_related("place")}
        numbers = {normalise_certificate_number(cell_text(r.get("number"))) for r in rows} - {""}
        self.existing = {c.number_key: c for c in OcopCertificate.objects.filter(number_key__in=numbers)}

    def check_certificates(self, row_number, clean, errors, bad):
        from .services import rules_on

        text = {k: normalize_text(cell_text(v)) for k, v in clean.items()}
        number = text.get("number", "")
        if "number" not in bad:
            if not number:
                errors.append(self.error(row_number, "number", clean.get("number"), "Chưa nhập số giấy chứng nhận."))
            elif len(number) > 60:
                errors.append(self.error(row_number, "number", clean.get("number"), "Số giấy chứng nhận tối đa 60 ký tự."))
        product = None
        if "product" not in bad:
            product = self.products.get(text.get("product", ""))
            if product is None:
                errors.append(self.error(row_number, "product", clean.get("product"),
                                         "Không có sản phẩm với mã này trong hệ thống: hãy nhập sản phẩm trước."))
            elif not policy.can_manage_certificates(self.scope, product):
                errors.append(self.error(row_number, "product", clean.get("product"), self.outside(product.place)))
        decision_date = None
        if "decision_date" not in bad:
            try:
                decision_date = parse_date(clean.get("decision_date"))
                if decision_date > timezone.localdate():
                    errors.append(self.error(row_number, "decision_date", clean.get("decision_date"),
                                             "Ngày quyết định không được ở tương lai."))
                    decision_date = None
            except (ValueError, TypeError, OverflowError):
                errors.append(self.error(row_number, "decision_date", clean.get("decision_date"),
                                         "Ngày không hợp lệ: viết theo dạng ngày/tháng/năm, ví dụ 15/03/2024."))
        valid_from = None
        if "valid_from" in self.present and clean.get("valid_from") is not None and "valid_from" not in bad:
            try:
                valid_from = parse_date(clean.get("valid_from"))
            except (ValueError, TypeError, OverflowError):
                errors.append(self.error(row_number, "valid_from", clean.get("valid_from"),
                                         "Ngày không hợp lệ: viết theo dạng ngày/tháng/năm, ví dụ 15/03/2024."))
        for key, limit, label in (("decision_number", 60, "Số quyết định"), ("issuing_authority", 200, "Cơ quan công nhận")):
            if key in bad:
                continue
            if not text.get(key):
                errors.append(self.error(row_number, key, clean.get(key), f"Chưa nhập {label.lower()}."))
            elif len(text[key]) > limit:
                errors.append(self.error(row_number, key, clean.get(key), f"{label} tối đa {limit} ký tự."))
        rules = None
        if text.get("rules"):
            rules = self.rules.get(text["rules"])
            if rules is None:
                errors.append(self.error(row_number, "rules", clean.get("rules"),
                                         "Không có phiên bản quy định OCOP này; để trống để lấy theo ngày quyết định."))
        elif decision_date is not None:
            try:
                rules = rules_on(decision_date)
            except DomainError as exc:
                errors.append(self.error(row_number, "decision_date", clean.get("decision_date"), exc.message))
        scores = {}
        for key, top_name in (("score_a", "max_a"), ("score_b", "max_b"), ("score_c", "max_c")):
            if key in bad:
                continue
            top = getattr(rules, top_name) if rules else 100
            try:
                value = parse_int(clean.get(key))
                if value < 0 or value > top:
                    raise ValueError
                scores[key] = value
            except (ValueError, TypeError):
                errors.append(self.error(row_number, key, clean.get(key),
                                         f"Điểm phải là số nguyên từ 0 đến {top}" + (f" theo {rules.code}." if rules else ".")))
        level = None
        if "issuing_level" not in bad and text.get("issuing_level"):
            level = _issuing_level(text["issuing_level"])
            if level is None:
                errors.append(self.error(row_number, "issuing_level", clean.get("issuing_level"),
                                         "Cấp công nhận không hợp lệ: ghi Tỉnh, Trung ương hoặc Huyện."))
        if rules is not None and len(scores) == 3:
            score = sum(scores.values())
            stars = rules.stars_for(score)
            if stars < 3:
                errors.append(self.error(row_number, "score_a", clean.get("score_a"),
                                         f"Tổng điểm {score} chỉ đạt {stars} sao: chỉ sản phẩm từ 3 sao trở lên mới "
                                         "được cấp giấy chứng nhận."))
            if level is None and "issuing_level" not in bad:
                level = IssuingLevel.CENTRAL if stars == 5 else IssuingLevel.PROVINCE
            if stars == 5 and level != IssuingLevel.CENTRAL:
                errors.append(self.error(row_number, "issuing_level", clean.get("issuing_level"),
                                         "Sản phẩm 5 sao do Bộ Nông nghiệp và Môi trường công nhận (cấp Trung ương)."))
            elif stars < 5 and level == IssuingLevel.CENTRAL:
                errors.append(self.error(row_number, "issuing_level", clean.get("issuing_level"),
                                         "Sản phẩm 3, 4 sao do Ủy ban nhân dân cấp tỉnh công nhận."))
        key = normalise_certificate_number(number) if number else ""
        if key:
            existing = self.existing.get(key)
            if existing is not None and product is not None and existing.product_id != product.pk:
                errors.append(self.error(row_number, "number", clean.get("number"),
                                         f"Số giấy chứng nhận {number} đã cấp cho sản phẩm khác."))
            self.duplicate(row_number, "number", key, clean.get("number"), errors, "Số giấy chứng nhận")
        if errors:
            return {}
        return {"number": number, "product": product, "rules": rules, **scores, "decision_number": text["decision_number"],
                "decision_date": decision_date, "issuing_level": level, "issuing_authority": text["issuing_authority"],
                "valid_from": valid_from or decision_date}


def _phone(text: str) -> str:
    digits = re.sub(r"[\s.\-()]", "", text)
    if digits.isdigit() and ((len(digits) == 9 and digits[0] in "35789") or (len(digits) == 10 and digits[0] == "2")):
        return "0" + digits  # a spreadsheet dropped the leading zero
    return text


_ORIGINS: dict[str, str | None] = {}


def _origin(text: str) -> str | None:
    if text in _ORIGINS:
        return _ORIGINS[text]
    value = _origin_of(text)
    if len(_ORIGINS) < 1000:
        _ORIGINS[text] = value
    return value


def _origin_of(text: str) -> str | None:
    folded = fold(text)
    if not folded:
        return Origin.LOCAL
    if folded in Origin.values:
        return folded
    if "nhap khau" in folded or folded in ("nk", "nuoc ngoai"):
        return Origin.IMPORTED
    if "tinh khac" in folded or "trong nuoc" in folded or "ngoai tinh" in folded:
        return Origin.DOMESTIC
    if "tai tinh" in folded or "trong tinh" in folded or folded in ("dia phuong", "tinh"):
        return Origin.LOCAL
    return None


def _issuing_level(text: str) -> str | None:
    folded = fold(text)
    if folded in IssuingLevel.values:
        return folded
    if "trung uong" in folded or folded.startswith("bo") or folded == "tw":
        return IssuingLevel.CENTRAL
    if "huyen" in folded:
        return IssuingLevel.DISTRICT
    if "tinh" in folded:
        return IssuingLevel.PROVINCE
    return None


# --- saving -------------------------------------------------------------------------------------

_SECTORS: dict[str, str] = {}
_WORD_SPLIT = re.compile(r"[^0-9a-z]+")


def _insert(model, objects: list[dict[str, Any]], now) -> None:
    """INSERT many new rows: what bulk_create does, without compiling a new statement for every few
    dozen rows (SQLite allows 999 parameters per statement, so bulk_create would build one per 37
    products). Values go through each field's own database preparation where it has one (dates,
    JSON); the table's triggers (the SQLite FTS index) fire as usual."""
    from django.db import connection
    from django.db import models as djmodels

    fields = [f for f in model._meta.local_concrete_fields if not f.primary_key]
    qn = connection.ops.quote_name
    prepared = (djmodels.DateTimeField, djmodels.DateField, djmodels.JSONField, djmodels.DecimalField,
                djmodels.TimeField, djmodels.UUIDField)
    plan = [(f.attname, f if isinstance(f, prepared) else None) for f in fields]
    defaults = {f.attname: f.get_default() for f in fields}
    defaults.update(created_at=now, updated_at=now)
    rows = []
    memo: dict = {}  # the same timestamp on every row is prepared once

    def prepare(field, value):
        if isinstance(value, (dt.date, dt.datetime)):
            key = (field.attname, value)
            if key not in memo:
                memo[key] = field.get_db_prep_save(value, connection)
            return memo[key]
        return field.get_db_prep_save(value, connection)

    for obj in objects:
        values = {**defaults, **obj}
        rows.append([values[name] if field is None else prepare(field, values[name]) for name, field in plan])
    column_list = ", ".join(qn(f.column) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    if connection.vendor == "postgresql":
        # COPY streams the rows in one command: no per-row statement, parse or round trip.
        with connection.cursor() as cursor:
            with cursor.cursor.copy(f"COPY {qn(model._meta.db_table)} ({column_list}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        return
    if connection.vendor != "sqlite":
        with connection.cursor() as cursor:
            for start in range(0, len(rows), 1000):
                cursor.executemany(f"INSERT INTO {qn(model._meta.db_table)} ({column_list}) VALUES ({placeholders})",
                                   rows[start:start + 1000])
        return
    # SQLite: the rows go to a bare temporary table first, then into the real table with one INSERT ...
    # SELECT: the table's triggers (full-text index, facet table) then run inside one statement, about
    # four times faster than one trigger run per executemany step.
    stage = qn("hv_import_stage")
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {stage}")
        cursor.execute(f"CREATE TEMPORARY TABLE {stage} AS SELECT {column_list} FROM {qn(model._meta.db_table)} "
                       "WHERE 1 = 0")
        stage_sql = f"INSERT INTO {stage} ({column_list}) VALUES ({placeholders})"
        for start in range(0, len(rows), 1000):
            cursor.executemany(stage_sql, rows[start:start + 1000])
        cursor.execute(f"INSERT INTO {qn(model._meta.db_table)} ({column_list}) SELECT {column_list} FROM {stage}")
        cursor.execute(f"DROP TABLE {stage}")


def denormalised_values(*, name: str, code: str, description: str, specification: str, packaging: str, place: Place,
                        category: Category, producer: Business) -> dict[str, Any]:
    """What `Product.refresh_denormalised` computes, with the fast fold and the sector cached per
    category (the tests check both give the same values)."""
    sector = _SECTORS.get(category.pk)
    if sector is None:
        sector = _SECTORS[category.pk] = category.sector_code
    parts = [name, code, description, specification, packaging, producer.name, place.name, category.name]
    return {"province_id": place.province_id or place.pk, "sector": sector, "producer_kind": producer.kind,
            "name_key": fold(name)[:300], "search_text": fold(" ".join(p for p in parts if p))[:20000]}


def denormalise(product: Product) -> None:
    for key, value in denormalised_values(
            name=product.name, code=product.code, description=product.description,
            specification=product.specification, packaging=product.packaging, place=product.place,
            category=product.category, producer=product.producer).items():
        setattr(product, key, value)


_DENORMALISED_ATTNAMES = ("province_id", "sector", "producer_kind", "name_key", "search_text")


class Saver:
    def __init__(self, job: ImportJob, scope: Scope, table: Table):
        self.job = job
        self.scope = scope
        self.table = table
        self.present = set(table.positions)
        self.now = timezone.now()
        self.created = 0
        self.updated = 0
        self.touched_products: set[int] = set()

    def save(self, rows: list[RowOutcome]) -> None:
        getattr(self, f"save_{self.job.kind}")([r.data for r in rows])

    # producers: one save() each (the model computes its search key), inside the batch transaction
    def save_producers(self, rows):
        taxes = [r["tax_code"] for r in rows]
        existing = {b.tax_code: b for b in Business.objects.filter(tax_code__in=taxes)}
        column_fields = {"name": "name", "short_name": "short_name", "kind": "kind", "place_code": "place",
                         "address": "address", "representative": "representative", "phone": "phone", "email": "email",
                         "sector": "sector"}
        for data in rows:
            business = existing.get(data["tax_code"])
            if business is None:
                fields = {f: data[f] for f in ("name", "short_name", "kind", "place", "address", "representative", "phone",
                                               "email", "sector")}
                business = Business(tax_code=data["tax_code"], status=BusinessStatus.APPROVED, **fields)
                business.save()
                existing[business.tax_code] = business
                self.created += 1
                continue
            changed = False
            for column, attr in column_fields.items():
                if column not in self.present and column != "kind":
                    continue
                if column == "kind" and "kind" not in self.present:
                    continue
                value = data[attr]
                if getattr(business, attr) != value:
                    setattr(business, attr, value)
                    changed = True
            if changed:
                business.save()
                self.updated += 1
        index_terms(r["name"] for r in rows)

    # products: bulk_create / bulk_update with the model's own denormalisation
    def save_products(self, rows):
        """New products in one prepared INSERT, changed ones with bulk_update, unchanged ones left alone.
        Columns absent from the file keep the product's current values."""
        text_fields = [f for f in ("name", "origin", "description", "specification", "packaging", "unit", "price_vnd",
                                   "where_sold", "ecommerce_links") if f in self.present]
        compared = ["category_id", "producer_id", "place_id", *text_fields, *_DENORMALISED_ATTNAMES]
        existing = {row["code"]: row for row in Product.objects.filter(code__in=[r["code"] for r in rows]).values(
            "id", "code", "name", "description", "specification", "packaging", *compared)}
        creates, updates = [], []
        # The vocabulary gets the folded words themselves (what index_terms would extract from the names).
        terms: set[str] = set()
        seen_names: set = set()
        user_id = self.job.created_by_id
        for data in rows:
            place, category, producer = data["place"], data["category"], data["producer"]
            values = {"category_id": category.pk, "producer_id": producer.pk, "place_id": place.pk}
            for name in text_fields:
                values[name] = data[name]
            old = existing.get(data["code"])
            merged = {**(old or {}), **values}
            values.update(denormalised_values(
                name=merged.get("name") or "", code=data["code"], description=merged.get("description") or "",
                specification=merged.get("specification") or "", packaging=merged.get("packaging") or "",
                place=place, category=category, producer=producer))
            if old is None:
                creates.append({**values, "code": data["code"], "status": ProductStatus.PUBLISHED,
                                "published_at": self.now, "reviewed_by_id": user_id, "review_note": "Nhập từ tệp"})
            elif any(old[key] != value for key, value in values.items()):
                product = Product(pk=old["id"], updated_at=self.now)
                for key, value in values.items():
                    setattr(product, key, value)
                updates.append(product)
            terms.update(_WORD_SPLIT.split(values["name_key"]))
            for other in (producer, category, place):
                if (type(other), other.pk) not in seen_names:
                    seen_names.add((type(other), other.pk))
                    terms.update(_WORD_SPLIT.split(fold(other.name)))
        if creates:
            _insert(Product, creates, self.now)
        if updates:
            Product.objects.bulk_update(updates, [*compared, "updated_at"], batch_size=500)
        self.created += len(creates)
        self.updated += len(updates)
        terms.discard("")
        index_terms(terms)

    # certificates: the same outcome as services.certificate_issue (status, superseding, stars)
    def save_certificates(self, rows):
        from .services import add_months

        today = timezone.localdate()
        numbers = [normalise_certificate_number(r["number"]) for r in rows]
        existing = {c.number_key: c for c in OcopCertificate.objects.filter(number_key__in=numbers)}
        for data in rows:
            rules = data["rules"]
            score = data["score_a"] + data["score_b"] + data["score_c"]
            values = {"product": data["product"], "rules": rules, "score_a": data["score_a"], "score_b": data["score_b"],
                      "score_c": data["score_c"], "score": score, "stars": rules.stars_for(score),
                      "decision_number": data["decision_number"], "decision_date": data["decision_date"],
                      "issuing_level": data["issuing_level"], "issuing_authority": data["issuing_authority"],
                      "valid_from": data["valid_from"],
                      "valid_until": add_months(data["valid_from"], rules.validity_months) - dt.timedelta(days=1)}
            cert = existing.get(normalise_certificate_number(data["number"]))
            if cert is None:
                cert = OcopCertificate(number=data["number"], **values)
                cert.status = cert.status_on(today)
                cert.save()
                self.created += 1
            else:
                changed = [k for k, v in values.items() if getattr(cert, k) != v]
                if not changed:
                    continue
                for key in changed:
                    setattr(cert, key, values[key])
                if cert.status not in (CertificateStatus.REVOKED, CertificateStatus.SUPERSEDED):
                    cert.status = cert.status_on(today)
                cert.save()
                self.updated += 1
            self.touched_products.add(data["product"].pk)

    def finish(self) -> None:
        if self.job.kind != ImportKind.CERTIFICATES or not self.touched_products:
            return
        from .services import refresh_product_stars

        in_force = [CertificateStatus.VALID, CertificateStatus.EXPIRING, CertificateStatus.EXPIRED]
        for product in Product.objects.filter(pk__in=self.touched_products):
            with transaction.atomic():
                certs = list(product.certificates.filter(status__in=in_force).order_by("-valid_from", "-decision_date",
                                                                                      "-id"))
                if len(certs) > 1:
                    newest = certs[0]
                    for old in certs[1:]:
                        old.status = CertificateStatus.SUPERSEDED
                        old.superseded_by = newest
                        old.save(update_fields=["status", "superseded_by", "updated_at"])
                refresh_product_stars(product)


# --- the job ------------------------------------------------------------------------------------

def _batches(rows: Iterator[tuple[int, dict]], size: int):
    batch = []
    for item in rows:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _open(job: ImportJob):
    path = job.file.path
    source = open_source(path, job.original_name)
    declared = source.declared_rows()
    if declared is not None and declared > MAX_ROWS + HEADER_SCAN_ROWS:
        source.close()
        raise ImportFileError(f"Tệp có khoảng {declared:,} dòng, quá giới hạn {MAX_ROWS:,} dòng một lần nhập. "
                              .replace(",", ".") + "Hãy chia thành nhiều tệp nhỏ hơn.", code="too_many_rows")
    try:
        table = find_table(source, job.kind)
    except Exception:
        source.close()
        raise
    return source, table, declared


def _job_scope(job: ImportJob) -> Scope:
    scope = scope_for(job.created_by)
    if not policy.can_import(scope):
        raise PermissionDenied("Tài khoản không còn quyền nhập dữ liệu.")
    return scope


def _fail(job: ImportJob, message: str) -> ImportJob:
    job.status = ImportStatus.FAILED
    job.message = message
    job.save(update_fields=["status", "message", "updated_at"])
    return job


def _side_path(job: ImportJob) -> str:
    return f"{job.file.path}.checked.jsonl"


def _portable(data: dict[str, Any]) -> dict[str, Any]:
    """A checked product row as plain JSON values (model instances by their keys)."""
    out = {k: v for k, v in data.items() if k not in ("category", "producer", "place")}
    out["category"] = data["category"].pk
    out["producer"] = data["producer"].tax_code
    out["place"] = data["place"].pk if data["place"] is not None else ""
    return out


def _side_batches(path: str) -> Iterator[list[tuple[int, dict[str, Any]]]]:
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            yield [(row, data) for row, data in json.loads(line)]


def validate_job(job_id: int) -> ImportJob:
    """Check every row; store the report in job.errors. Saves nothing but the job."""
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    if job.status not in (ImportStatus.UPLOADED, ImportStatus.VALIDATING):
        return job
    job.status = ImportStatus.VALIDATING
    job.processed_rows = 0
    job.save(update_fields=["status", "processed_rows", "updated_at"])
    try:
        scope = _job_scope(job)
        source, table, declared = _open(job)
    except DomainError as exc:
        return _fail(job, exc.message)
    if declared:
        job.total_rows = max(0, declared - max(table.header_rows))
    errors: list[dict] = []
    error_count = invalid = total = 0
    side = None
    if job.kind == ImportKind.PRODUCTS:
        side = open(_side_path(job), "w", encoding="utf-8")  # noqa: SIM115 - closed in `finally`
    try:
        validator = Validator(job.kind, scope, table)
        for batch in _batches(table.data_rows(), BATCH_SIZE):
            checked = []
            for outcome in validator.check_batch(batch):
                total += 1
                if outcome.errors:
                    invalid += 1
                    error_count += len(outcome.errors)
                    room = MAX_REPORTED_ERRORS - len(errors)
                    if room > 0:
                        errors.extend(outcome.errors[:room])
                elif side is not None:
                    checked.append([outcome.row, _portable(outcome.data)])
            if side is not None and checked:
                side.write(json.dumps(checked, ensure_ascii=False, separators=(",", ":")) + "\n")
            job.processed_rows = total
            ImportJob.objects.filter(pk=job.pk).update(processed_rows=total, total_rows=max(total, job.total_rows))
    except DomainError as exc:
        if side is not None:
            side.close()
            os.unlink(side.name)
            side = None
        return _fail(job, exc.message)
    finally:
        source.close()
        if side is not None:
            side.close()
    if total == 0:
        if job.kind == ImportKind.PRODUCTS and os.path.exists(_side_path(job)):
            os.unlink(_side_path(job))
        return _fail(job, "Tệp không có dòng dữ liệu nào dưới dòng tiêu đề.")
    job.total_rows = total
    job.processed_rows = total
    job.valid_rows = total - invalid
    job.errors = errors
    job.status = ImportStatus.VALIDATED
    parts = [f"Đã kiểm tra {total:,} dòng: {job.valid_rows:,} dòng hợp lệ, {invalid:,} dòng có lỗi.".replace(",", ".")]
    if error_count > len(errors):
        parts.append(f"Báo cáo liệt kê {len(errors):,} lỗi đầu tiên trong tổng số {error_count:,} lỗi."
                     .replace(",", "."))
    columns = ", ".join(c.label for c in table.columns)
    parts.append(f"Các cột đọc được: {columns}.")
    job.message = " ".join(parts)
    job.save(update_fields=["status", "total_rows", "processed_rows", "valid_rows", "errors", "message", "updated_at"])
    return job


def import_job(job_id: int) -> ImportJob:
    """Save the valid rows (the file is read and checked again: the database may have changed)."""
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    if job.status != ImportStatus.IMPORTING:
        return job
    try:
        scope = _job_scope(job)
        source, table, _declared = _open(job)
    except DomainError as exc:
        return _fail(job, exc.message)
    saver = Saver(job, scope, table)
    skipped = 0
    late_errors: list[dict] = []
    processed = 0
    side = _side_path(job) if job.kind == ImportKind.PRODUCTS else ""
    use_side = bool(side) and os.path.exists(side) and os.path.getmtime(side) >= os.path.getmtime(job.file.path)
    try:
        validator = Validator(job.kind, scope, table)
        if use_side:
            batches = _side_batches(side)
            processed = job.total_rows - job.valid_rows  # rows refused by the validation, counted as done
        else:
            batches = _batches(table.data_rows(), BATCH_SIZE)
        for batch in batches:
            outcomes = validator.recheck_products(batch) if use_side else validator.check_batch(batch)
            good = [o for o in outcomes if not o.errors]
            bad = [o for o in outcomes if o.errors]
            skipped += len(bad)
            if bad and len(late_errors) < MAX_REPORTED_ERRORS:
                late_errors.extend(e for o in bad for e in o.errors)
            if good:
                with transaction.atomic():
                    saver.save(good)
            processed += len(outcomes)
            ImportJob.objects.filter(pk=job.pk).update(processed_rows=processed, created_count=saver.created,
                                                       updated_count=saver.updated)
        saver.finish()
    except DomainError as exc:
        job.created_count, job.updated_count, job.processed_rows = saver.created, saver.updated, processed
        job.save(update_fields=["created_count", "updated_count", "processed_rows"])
        return _fail(job, exc.message)
    finally:
        source.close()
        if side and os.path.exists(side):
            os.unlink(side)
    if use_side:
        skipped += job.total_rows - job.valid_rows
    job.status = ImportStatus.DONE
    job.processed_rows = processed
    job.total_rows = max(job.total_rows, processed)
    job.created_count = saver.created
    job.updated_count = saver.updated
    unchanged = processed - skipped - saver.created - saver.updated
    job.message = (f"Đã nhập xong: {saver.created:,} bản ghi mới, {saver.updated:,} bản ghi được cập nhật, "
                   f"{unchanged:,} bản ghi không thay đổi, {skipped:,} dòng có lỗi không được nhập.").replace(",", ".")
    if late_errors and not job.errors:
        job.errors = late_errors[:MAX_REPORTED_ERRORS]
    job.save(update_fields=["status", "processed_rows", "total_rows", "created_count", "updated_count", "message",
                            "errors", "updated_at"])
    history.record(job, actor=job.created_by, action="import", note=job.message)
    return job


# --- the entry points the admin (and scripts) use ----------------------------------------------------

def import_create(*, scope: Scope, kind: str, upload) -> ImportJob:
    """Check the upload by its content, store it as a job and queue its validation."""
    if not policy.can_import(scope):
        raise PermissionDenied("Chỉ cán bộ đầu mối và cán bộ đơn vị được nhập dữ liệu từ tệp.")
    if kind not in ImportKind.values:
        raise DomainError("kind", "Chọn loại dữ liệu cần nhập.", field="kind")
    checked = check_upload(upload, allowed=SPREADSHEET_KINDS, max_bytes=MAX_FILE_BYTES, field="file")
    name = normalize_text(checked.name)[:200]
    if contains_markup(name):
        name = "tep" + os.path.splitext(name)[1]
    ext = os.path.splitext(name)[1].lower()
    job = ImportJob(kind=kind, original_name=name, created_by=scope.user, status=ImportStatus.UPLOADED)
    upload.seek(0)
    job.file.save(f"{timezone.now():%Y%m%d-%H%M%S}-{secrets.token_hex(4)}{ext}", upload, save=False)
    job.save()
    from . import tasks

    tasks.validate_import(job.pk)
    job.refresh_from_db()
    return job


def import_confirm(*, scope: Scope, job: ImportJob, only_valid: bool) -> ImportJob:
    """The user's choice after the report: import (everything, or only the valid rows)."""
    if not policy.can_import(scope) or (job.created_by_id != scope.user_id and not scope.is_admin):
        raise PermissionDenied()
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job.pk)
        if job.status != ImportStatus.VALIDATED:
            raise DomainError("import_state", "Lượt nhập này không ở bước chờ xác nhận.", status=409)
        if job.valid_rows == 0:
            raise DomainError("import_empty", "Không có dòng hợp lệ nào để nhập: hãy sửa tệp và tải lên lại.")
        if job.valid_rows < job.total_rows and not only_valid:
            raise DomainError("import_has_errors", "Tệp còn dòng có lỗi: hãy sửa tệp và tải lên lại, hoặc chọn chỉ nhập "
                                                   "các dòng hợp lệ.")
        job.only_valid = only_valid
        job.status = ImportStatus.IMPORTING
        job.processed_rows = 0
        job.save(update_fields=["only_valid", "status", "processed_rows", "updated_at"])
    from . import tasks

    tasks.run_import(job.pk)
    job.refresh_from_db()
    return job


def run_sync(*, scope: Scope, kind: str, path: str, user, only_valid: bool = True) -> ImportJob:
    """Validate and import a file from disk without the upload form (the benchmark, the shell)."""
    from django.core.files import File

    with open(path, "rb") as handle:
        job = ImportJob(kind=kind, original_name=os.path.basename(path), created_by=user)
        job.file.save(f"{secrets.token_hex(4)}-{os.path.basename(path)}", File(handle), save=False)
        job.save()
    validate_job(job.pk)
    job.refresh_from_db()
    if job.status == ImportStatus.VALIDATED and job.valid_rows:
        job.status = ImportStatus.IMPORTING
        job.only_valid = only_valid
        job.save(update_fields=["status", "only_valid"])
        import_job(job.pk)
        job.refresh_from_db()
    return job
