"""Text clean-up before parsing: encodings, whitespace, junk lines, and re-flowing hard-wrapped lines.

Plan texts usually come from PDFs: every line is hard-wrapped (often with a blank line after each),
page numbers, URLs and digital-signature stamps are scattered about. `reflow` joins wrapped lines
back into paragraphs using the markers that start a new item ("1.", "2.1.", "a)", "- ", ...), the
line width, and sentence ends.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from hangviet.core.legacy_text import to_unicode

from .units import UPPER

MAX_CHARS = 2_000_000

# C1 controls come from text decoded as Latin-1 instead of CP1252: read them as CP1252.
_C1_TO_CP1252 = {chr(i): bytes([i]).decode("cp1252", errors="replace") for i in range(0x80, 0xA0)}
_C1_TO_CP1252 = {c: ch for c, ch in _C1_TO_CP1252.items() if ch != "\ufffd"}
_C1 = re.compile("[\x80-\x9f]")
_CLEAN = {ch: " " for ch in "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"}
_CLEAN.update({ch: "" for ch in "\u00ad\u200b\u200c\u200d\u2060\ufeff"})
_CLEAN.update({ch: "\n" for ch in "\f\v\u2028\u2029"})
_CLEAN.update({chr(i): "" for i in [*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F, *range(0x80, 0xA0)]})
_CLEAN.update({"\x0b": "\n", "\x0c": "\n"})
_CLEAN_RE = re.compile("[" + re.escape("".join(_CLEAN)) + "]")


def normalise_text(text: str) -> str:
    """Legacy encodings -> Unicode, NFC, one kind of newline and space; tabs are kept (tables)."""
    text = _C1.sub(lambda m: _C1_TO_CP1252.get(m.group(0), m.group(0)), str(text))
    text = to_unicode(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CLEAN_RE.sub(lambda m: _CLEAN[m.group(0)], text)
    return unicodedata.normalize("NFC", text)


_JUNK_LINES = [
    re.compile(r"^[-–]?\s*\d{1,3}\s*[-–]?$"),  # page numbers
    re.compile(r"^(?:Trang|trang|Page)\s+\d+(?:\s*(?:/|trên|of)\s*\d+)?$"),
    re.compile(r"^(?:https?://|www\.)\S+$"),
    re.compile(r"^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$"),
    re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2})?(?:[+-]\d{2}:?\d{2}|Z)?$"),
    re.compile(r"^(?:Ký bởi|Người ký|Signed by|Thời gian ký|Email)\s*:", re.IGNORECASE),
]


def is_junk_line(line: str) -> bool:
    s = line.strip()
    return bool(s) and any(p.match(s) for p in _JUNK_LINES)


def clean_lines(text: str) -> list[str]:
    """Lines without trailing spaces or junk (blank lines are kept: they carry layout)."""
    out = []
    for line in text.split("\n"):
        line = line.rstrip()
        if is_junk_line(line):
            continue
        out.append(line)
    return out


# --- item markers -------------------------------------------------------------------------------
_UPPER_START = "[" + UPPER + "0-9“\"'‘(]"
_ITEM_START = "[" + UPPER + "“\"'‘(]"
MARKER = re.compile(
    r"^(?:"
    r"(?P<roman>(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3}))\s*[.):/]\s*(?=" + _ITEM_START + ")"
    r"|(?P<dotted>\d{1,2}(?:\.\d{1,3}){1,3})\s*[.)]?\s+(?=" + _ITEM_START + ")"
    r"|(?P<arabic>\d{1,2})\s*[.)]\s*(?=" + _ITEM_START + ")"
    r"|(?P<letter>[a-zđ])\s*\)\s*(?=\S)"
    r"|(?P<letter2>[a-zđ])\.\s+(?=[" + UPPER + "])"
    r"|(?P<bullet>[-–—+•*▪◦●○■□➢➤✓·])\s*(?=\S)"
    r")"
)


@dataclass
class Marker:
    kind: str  # roman | arabic | dotted | letter | bullet
    number: str  # "IV", "2", "2.1", "a", "-"
    end: int  # where the text after the marker starts


def parse_marker(text: str, prev_text: str | None = None) -> Marker | None:
    """The item marker that starts `text`, if any. A "-"/"+" bullet followed by a lower-case word
    only counts after a sentence end (otherwise it is a wrapped "sản xuất - phân phối")."""
    m = MARKER.match(text)
    if not m:
        return None
    kind = m.lastgroup
    number = m.group(kind)
    if kind == "letter2":
        kind = "letter"
    if kind == "bullet":
        rest = text[m.end():]
        if not rest:
            return None
        if not re.match(_UPPER_START, rest) and prev_text is not None and not re.search(r"[.;:!?…]\W*$", prev_text):
            return None
        if number == "-" and rest[:1].isdigit() and prev_text is not None and not prev_text.endswith((".", ";", ":")):
            return None
    if kind == "arabic" and int(number) > 60:
        return None
    return Marker(kind, number, m.end())


DOC_TYPE_LINE = re.compile(
    r"^(KẾ HOẠCH(?: HÀNH ĐỘNG| LIÊN TỊCH| PHỐI HỢP| TRIỂN KHAI)?|CHƯƠNG TRÌNH(?: HÀNH ĐỘNG| PHỐI HỢP)?|"
    r"Kế hoạch|KẾ HOẠCH)\s*$"
)


# --- re-flow -------------------------------------------------------------------------------------
@dataclass
class Para:
    text: str
    line: int  # index of its first line in the input lines
    cells: list[str] | None = None  # a tab-separated table row


def _table_cells(line: str, in_table: bool) -> list[str] | None:
    """Cells of a tab-separated row; a row with one filled cell only continues a table."""
    s = line.strip(" \n")
    if "\t" not in s.strip():
        return [c.strip() for c in s.split("\t")] if in_table and s.startswith("\t") else None
    cells = [c.strip() for c in s.split("\t")]
    filled = sum(1 for c in cells if c)
    if filled < 2 and not (in_table and filled == 1):
        return None
    return cells


_TERMINAL = re.compile(r"[.;:!?…]['\"”’)]*$")
_STARTS_UPPER = re.compile(r"^[" + UPPER + r"0-9“\"‘(]")


def _width(lines: list[str]) -> tuple[int, bool]:
    """(typical full line width, whether the text is hard-wrapped)."""
    lengths = sorted(len(s.strip()) for s in lines if s.strip() and "\t" not in s.strip())
    if len(lengths) < 8:
        return 0, False
    width = lengths[int(len(lengths) * 0.9) - 1]
    if width > 130:
        return width, False
    long_open = sum(1 for s in lines if len(s.strip()) >= 0.7 * width and not _TERMINAL.search(s.strip()))
    return width, long_open >= 0.3 * len(lengths)


def _double_spaced(lines: list[str]) -> bool:
    """Blank line after (nearly) every line, as PDF-to-text tools often produce."""
    nonblank = [i for i, s in enumerate(lines) if s.strip()]
    if len(nonblank) < 6:
        return False
    single = sum(1 for a, b in zip(nonblank, nonblank[1:], strict=False) if b - a == 2)
    return single >= 0.5 * (len(nonblank) - 1)


def reflow(lines: list[str]) -> list[Para]:
    """Paragraphs from hard-wrapped lines."""
    width, wrapped = _width(lines)
    gap = 2 if _double_spaced(lines) else 1
    short = 0.72 * width
    paras: list[Para] = []
    cur: Para | None = None
    last = ""  # last raw line of `cur`
    blank = 0
    for i, raw in enumerate(lines):
        s = raw.strip()
        if not s:
            blank += 1
            continue
        hard = blank >= gap
        blank = 0
        cells = _table_cells(raw, bool(paras) and paras[-1].cells is not None and cur is None)
        if cells is not None:
            if cur:
                paras.append(cur)
            paras.append(Para(" ".join(c for c in cells if c), i, cells))
            cur, last = None, ""
            continue
        s = re.sub(r"[ \t]+", " ", s)
        if cur is None or hard or not wrapped or _starts_new(last, s, short) or DOC_TYPE_LINE.match(last):
            if cur:
                paras.append(cur)
            cur, last = Para(s, i), s
            continue
        if last.endswith("-") and len(last) > 1 and not last[-2].isspace() and not s[0].isspace():
            cur.text += s
        else:
            cur.text += " " + s
        last = s
    if cur:
        paras.append(cur)
    return paras


def _starts_new(prev: str, line: str, short: float) -> bool:
    if parse_marker(line, prev) is not None or DOC_TYPE_LINE.match(line):
        return True
    if prev.endswith("-") and len(prev) > 1 and not prev[-2].isspace():
        return False
    starts_upper = bool(_STARTS_UPPER.match(line))
    if starts_upper and len(prev) < short:
        return True
    return starts_upper and bool(_TERMINAL.search(prev))
