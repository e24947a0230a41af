"""The document header: governing body, issuer, number, place and date, type, title, period, level.

The header block of an administrative document has two columns (issuer on the left; the national
motto, place and date on the right) which text extraction puts on the same lines or one after the
other. When the block is missing (a PDF cut to the body) what can be is inferred from the body.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

from .model import Header
from .units import UPPER, _fold

_CELL_SPLIT = re.compile(r"\t+|\s{2,}")
_MOTTO = re.compile(r"CỘNG H(?:ÒA|OÀ)|Độc lập|ĐỘC LẬP|Tự do|Hạnh phúc", re.IGNORECASE)
_SEPARATOR_CELL = re.compile(r"^[-_=*.~–—\s]{2,}$")
_NUMBER_ANYWHERE = re.compile(r"\bSố\s*:?\s*(?P<num>[\w.\-–&]*\s*/\s*[\w\-–&./]*[\w])")
_DATE_ANYWHERE = re.compile(
    r"(?P<place>[" + UPPER + r"][\w.]*(?:\s+[" + UPPER + r"][\w]*){0,3}),\s*ngày\s*(?P<d>\d{1,2}|[.…\s]*?)\s*"
    r"tháng\s*(?P<m>\d{1,2}|[.…\s]*?)\s*năm\s+(?P<y>\d{4})"
)
_DATE_DMY = re.compile(r"(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})\s*/\s*(?P<y>\d{4})")
_DATE_WORDS = re.compile(r"(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>\d{4})")
_LOCALITY_START = re.compile(r"^(TỈNH|HUYỆN|XÃ|THÀNH PHỐ|THỊ XÃ|QUẬN|PHƯỜNG|THỊ TRẤN)\b")


def iso_date(day: int | str, month: int | str, year: int | str) -> str | None:
    try:
        return date(int(year), int(month), int(day)).isoformat()
    except (TypeError, ValueError):
        return None


def parse_date(text: str) -> str | None:
    """The first date in `text` ("31/7/2009" or "ngày 12 tháng 01 năm 2025") as ISO."""
    m = _DATE_DMY.search(text) or _DATE_WORDS.search(text)
    return iso_date(m.group("d"), m.group("m"), m.group("y")) if m else None


def _is_org_cell(cell: str) -> bool:
    letters = [c for c in cell if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def parse_header_block(lines: list[str], header: Header) -> None:
    """Fill governing body, issuer, number and place/date from the lines above the document type."""
    orgs: list[str] = []
    for line in lines:
        m = _NUMBER_ANYWHERE.search(line)
        if m and not header.number_symbol:
            header.number_symbol = re.sub(r"\s+", "", m.group("num"))
            line = line[:m.start()] + "  " + line[m.end():]
        m = _DATE_ANYWHERE.search(line)
        if m and not header.place:
            words = m.group("place").split()
            while len(words) > 1 and words[0].isupper():  # "SCT Hà Tĩnh" after "Số: 45/KH-SCT"
                words.pop(0)
            header.place = " ".join(words)
            if m.group("d").isdigit() and m.group("m").isdigit():
                header.date = iso_date(m.group("d"), m.group("m"), m.group("y"))
            line = line[:m.start()] + "  " + line[m.end():]
        for cell in _CELL_SPLIT.split(line.strip()):
            cell = cell.strip()
            if not cell or _SEPARATOR_CELL.match(cell) or _MOTTO.search(cell) or not _is_org_cell(cell):
                continue
            orgs.append(cell)
    # "ỦY BAN NHÂN DÂN" / "TỈNH THANH HÓA" is one name over two lines.
    merged: list[str] = []
    for org in orgs:
        if merged and _LOCALITY_START.match(org) and not _LOCALITY_START.search(merged[-1].split()[-1]):
            merged[-1] = f"{merged[-1]} {org}"
        else:
            merged.append(org)
    if len(merged) >= 2:
        header.governing_body, header.issuer = merged[0], merged[1]
    elif merged:
        header.issuer = merged[0]


_PERIOD_RANGE = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*[-–—]\s*((?:19|20)\d{2})(?!\d)")
_PERIOD_YEAR = re.compile(r"\bnăm\s+((?:19|20)\d{2})\b")
_PERIOD_UNTIL = re.compile(r"\bđến năm\s+((?:19|20)\d{2})\b")


def period_years(text: str) -> tuple[int | None, int | None]:
    m = _PERIOD_RANGE.search(text)
    if m:
        return int(m.group(1)), int(m.group(2))
    m = _PERIOD_YEAR.search(text)
    if m:
        until = _PERIOD_UNTIL.search(text)
        if until and until.start() < m.start() + 4:
            return None, int(until.group(1))
        return int(m.group(1)), int(m.group(1))
    return None, None


def guess_level(issuer: str, governing_body: str = "") -> str | None:
    f = _fold(issuer)
    if not f:
        return None
    if f.startswith(("so ", "phong ", "chi cuc ", "cuc ", "ban quan ly ")):
        return "department"
    if re.search(r"\b(xa|phuong|thi tran)\b", f) and not re.search(r"\bthi xa\b", f):
        return "commune"
    if re.search(r"\b(huyen|quan|thi xa)\b", f):
        return "district"
    if re.search(r"\bthanh pho\b", f):
        return "district" if re.search(r"\btinh\b", _fold(governing_body)) else "province"
    if re.search(r"\btinh\b", f):
        return "province"
    return None


_ISSUER_IN_BODY = re.compile(
    r"(?P<org>(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân|Sở|Ban Chỉ đạo|Ban chỉ đạo|Ban Thường trực|Phòng)"
    r"(?:\s+[^\s,.;:“”\"]+){0,8}?)\s+(?:thống nhất\s+)?(?:ban hành|xây dựng|triển khai|đề ra)\s+"
    r"(?:Kế hoạch|kế hoạch|Chương trình|chương trình)"
)
_NAMED_PLACE = r"((?:[" + UPPER + r"][\w]*)(?:\s+[" + UPPER + r"][\w]*){0,2})"
_PROVINCE = re.compile(r"\btỉnh\s+" + _NAMED_PLACE)
_DISTRICT = re.compile(r"\b(?:huyện|thị xã|quận)\s+" + _NAMED_PLACE)
_COMMUNE = re.compile(r"\b(?:xã|phường|thị trấn)\s+" + _NAMED_PLACE)
_AREA = re.compile(r"trên địa bàn\s+" + _NAMED_PLACE)


def _most_common(pattern: re.Pattern, text: str) -> str:
    found = [m.group(1) for m in pattern.finditer(text)]
    if not found:
        return ""
    counts = Counter(_fold(f) for f in found)
    key = counts.most_common(1)[0][0]
    spellings = Counter(f for f in found if _fold(f) == key)
    return spellings.most_common(1)[0][0]


def infer_from_body(header: Header, preamble: str, body: str) -> None:
    """Issuer, province, place and governing body from the text when the header block lacks them."""
    if not header.province:
        header.province = _province_from(header.governing_body) or _province_from(header.issuer) or \
            _most_common(_PROVINCE, body)
    if not header.issuer:
        found = list(_ISSUER_IN_BODY.finditer(preamble)) or list(_ISSUER_IN_BODY.finditer(body[-3000:]))
        if found:
            org = found[-1].group("org").strip()
            kind = re.search(r"\b(huyện|tỉnh|xã|thị xã|thành phố)$", org)
            if kind:
                pattern = {"huyện": _DISTRICT, "thị xã": _DISTRICT, "xã": _COMMUNE, "tỉnh": _PROVINCE}.get(kind.group(1))
                name = _most_common(pattern, body) if pattern else ""
                if name:
                    org = f"{org} {name}"
            header.issuer = org
            header.inferred.append("issuer")
    if not header.level:
        header.level = guess_level(header.issuer, header.governing_body)
    if not header.governing_body and header.level == "department" and header.province:
        header.governing_body = f"UBND tỉnh {header.province}"
        header.inferred.append("governing_body")
    if not header.place:
        if header.level == "district" or header.level == "commune":
            m = re.search(r"\b(?:huyện|thị xã|quận|thành phố|xã|phường|thị trấn)\s+" + _NAMED_PLACE + r"$",
                          header.issuer)
            header.place = m.group(1) if m else _most_common(_AREA, header.title)
        else:
            header.place = header.province
        if header.place:
            header.inferred.append("place")


def _province_from(org: str) -> str:
    m = re.search(r"\b(?:TỈNH|tỉnh|Tỉnh)\s+(.+)$", org or "")
    if not m:
        return ""
    name = m.group(1).strip()
    return name.title() if name.isupper() else name


_TITLE_STOP = re.compile(
    r"^(?:Căn cứ|Theo|Xét|Nhằm|Để|Trên cơ sở|Ngày|Thi hành"
    r"|(?:Thực hiện|Triển khai(?: thực hiện)?)\s+(?:ý kiến|chỉ đạo|(?:[^\s]+\s+){0,4}?số\s+\d|(?:[^\s]+\s+){0,4}?\d+[-/]))"
)


def take_title(paras: list[str]) -> tuple[str, int]:
    """The title (the summary lines after "KẾ HOẠCH") and how many paragraphs it used."""
    from .normalise import parse_marker

    parts: list[str] = []
    for para in paras[:3]:
        text = para.strip()
        if _TITLE_STOP.match(text) or parse_marker(text) is not None or _SEPARATOR_CELL.match(text):
            break
        if parts and (text.endswith((".", ";", ":")) or len(text) > 250):
            break
        parts.append(text)
    title = " ".join(parts)
    title = re.sub(r"^(?:V/v|Về việc)\s*:?\s*", "", title).strip(" .")
    return re.sub(r"\s+", " ", title), len(parts)
