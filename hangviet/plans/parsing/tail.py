"""The end of a plan: the "Nơi nhận:" list and the signature block, which text extraction from a
two-column layout puts on the same lines ("Nơi nhận:  GIÁM ĐỐC")."""

from __future__ import annotations

import re

from .model import Signer
from .normalise import is_junk_line

_RECIPIENTS_START = re.compile(r"^\s*Nơi nhận\s*:?", re.IGNORECASE)
_CELLS = re.compile(r"\t+|\s{2,}")
_ITEM = re.compile(r"^[-–—+•*]\s*")
_AUTHORITY_WORDS = re.compile(
    r"^(?:TM|KT|Q|TL|TUQ|TM\s*-\s*KT)\s*\.|CHỦ TỊCH|GIÁM ĐỐC|TRƯỞNG|PHÓ|ỦY BAN|UỶ BAN|BAN |SỞ |THỦ TRƯỞNG|CHÁNH|"
    r"BÍ THƯ|ĐẠI DIỆN|TỔNG CỤC|CỤC TRƯỞNG|UBND"
)
_SIGNED = re.compile(r"^\(?\s*(?:đã ký|ký(?:,| và)? (?:ghi rõ|đóng dấu)[^)]*|ký tên[^)]*)\s*\)?$", re.IGNORECASE)
_SURNAMES = set(
    "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đào Đinh Lâm Mai Trương Hà Cao Lương "
    "Tạ Trịnh Đoàn Chu Quách Tô Lưu Thái Hứa Kiều Vương Tống Triệu Khúc Lại Mạc Nông Hầu Tăng Văn Doãn Âu Bạch "
    "Châu Giang Kim La Lò Lục Mã Nghiêm Ninh Ông Quan Thân Tôn Từ Vi Viên Bế Cù Diệp Đàm Khổng Khương Lã Phùng".split()
)


def is_authority(cell: str) -> bool:
    letters = [c for c in cell if c.isalpha()]
    return 2 <= len(letters) <= 60 and all(c.isupper() for c in letters) and bool(_AUTHORITY_WORDS.search(cell))


def is_person_name(cell: str, *, after_authority: bool) -> bool:
    words = cell.split()
    if not 2 <= len(words) <= 5 or not all(w.isalpha() for w in words):
        return False
    title_case = all(w[0].isupper() and (w[1:].islower() or not w[1:]) for w in words)
    upper = all(w.isupper() for w in words)
    if not (title_case or upper):
        return False
    return after_authority or words[0].title() in _SURNAMES


def split_tail(lines: list[str]) -> tuple[list[str], list[str]]:
    """(body lines, tail lines): the tail starts at "Nơi nhận:" or at the signature lines."""
    start = None
    for i in range(len(lines) - 1, -1, -1):
        if _RECIPIENTS_START.match(lines[i]):
            start = i
            break
    if start is None:
        start = len(lines)
    # Signature lines placed just before "Nơi nhận" (or at the very end) belong to the tail too.
    i = start - 1
    seen_authority = False
    while i >= 0:
        s = lines[i].strip()
        if not s or is_junk_line(s) or _SIGNED.match(s):
            i -= 1
            continue
        cells = [c for c in _CELLS.split(s) if c]
        if cells and all(is_authority(c) or is_person_name(c, after_authority=True) for c in cells):
            seen_authority = seen_authority or any(is_authority(c) for c in cells)
            start = i
            i -= 1
            continue
        break
    if not seen_authority and start < len(lines) and not _RECIPIENTS_START.match(lines[start]):
        # Only names without an authority line: not a signature block.
        first = next((j for j in range(start, len(lines)) if _RECIPIENTS_START.match(lines[j])), len(lines))
        start = first
    return lines[:start], lines[start:]


def parse_tail(lines: list[str]) -> tuple[list[str], Signer, list[str]]:
    """(recipients, signer, stray lines)."""
    recipients: list[str] = []
    signer = Signer()
    strays: list[str] = []
    open_list = False
    for raw in lines:
        s = raw.strip()
        if not s or is_junk_line(s):
            continue
        m = _RECIPIENTS_START.match(s)
        if m:
            open_list = True
            s = s[m.end():].strip()
            if not s:
                continue
        cells = [c.strip() for c in _CELLS.split(s) if c.strip()]
        # Re-join cells that are one text broken by a double space.
        merged: list[str] = []
        for cell in cells:
            if merged and not (is_authority(cell) or is_person_name(cell, after_authority=bool(signer.authority_lines))
                               or _SIGNED.match(cell)) and not _ITEM.match(cell):
                merged[-1] = f"{merged[-1]} {cell}"
            else:
                merged.append(cell)
        for cell in merged:
            if _SIGNED.match(cell):
                continue
            if is_authority(cell) and not _ITEM.match(cell):
                signer.authority_lines.append(cell)
                continue
            if not signer.name and is_person_name(cell, after_authority=bool(signer.authority_lines)):
                signer.name = cell
                open_list = False
                continue
            if _ITEM.match(cell) and open_list:
                recipients.append(_ITEM.sub("", cell))
                continue
            if open_list and recipients:
                recipients[-1] = f"{recipients[-1]} {cell}"
                continue
            strays.append(cell)
    recipients = [r.strip().rstrip(";,.").strip() for r in recipients]
    signer.position = signer.authority_lines[-1] if signer.authority_lines else ""
    return [r for r in recipients if r], signer, strays
