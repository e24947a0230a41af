"""Documents cited as the basis of a plan ("Căn cứ ...", "Thực hiện ...").

Each citation "<type> số <number> ngày <date> của <issuer> <summary>" becomes a `LegalBasis`;
citations without a number ("Kết luận Hội nghị UBND ngày 22/2/2024", "Luật ... ngày ...") are kept
with their name as `title`. Documents cited inside another's summary are found too; duplicates go.
"""

from __future__ import annotations

import re

from .header import parse_date
from .model import LegalBasis
from .units import UPPER, _fold, starts_with_head

# (spelling, canonical type, code); longest first so "Thông báo Kết luận" wins over "Thông báo".
_TYPES = [
    ("Thông báo Kết luận", "Thông báo Kết luận", "conclusion"),
    ("Thông báo kết luận", "Thông báo Kết luận", "conclusion"),
    ("Kế hoạch hành động", "Kế hoạch hành động", "plan"),
    ("Kế hoạch liên tịch", "Kế hoạch liên tịch", "plan"),
    ("Chương trình phối hợp", "Chương trình phối hợp", "program"),
    ("Chương trình hành động", "Chương trình hành động", "program"),
    ("Nghị quyết liên tịch", "Nghị quyết liên tịch", "resolution"),
    ("Thông tư liên tịch", "Thông tư liên tịch", "circular"),
    ("Nghị quyết", "Nghị quyết", "resolution"),
    ("Nghị định", "Nghị định", "decree"),
    ("Quyết định", "Quyết định", "decision"),
    ("Chỉ thị", "Chỉ thị", "directive"),
    ("Kết luận", "Kết luận", "conclusion"),
    ("Thông báo", "Thông báo", "notice"),
    ("Kế hoạch", "Kế hoạch", "plan"),
    ("Chương trình", "Chương trình", "program"),
    ("Thông tư", "Thông tư", "circular"),
    ("Bộ luật", "Bộ luật", "law"),
    ("Luật", "Luật", "law"),
    ("Pháp lệnh", "Pháp lệnh", "ordinance"),
    ("Công văn", "Công văn", "official_letter"),
    ("Văn bản", "Văn bản", "official_letter"),
    ("Hướng dẫn", "Hướng dẫn", "guidance"),
    ("Đề án", "Đề án", "scheme"),
    ("Quy chế", "Quy chế", "regulation"),
    ("Công điện", "Công điện", "dispatch"),
]
_CANONICAL = {spelling.lower(): (canonical, code) for spelling, canonical, code in _TYPES}


def _type_alternation() -> str:
    alts = []
    for spelling, _, _ in _TYPES:
        first = spelling[0]
        alts.append(f"[{first}{first.lower()}]" + re.escape(spelling[1:]))
    return "|".join(alts)


_TYPE = _type_alternation()
_DATE = r"\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}"
_NUM = r"\d+(?:[-–][\wĐđ]+)*(?:/[\wĐđ]+(?:[-–&.][\wĐđ]+)*)+"
_NUMBERED = re.compile(
    rf"(?<![\w])(?P<type>{_TYPE})\s+(?:số\s*:?\s*)?(?P<num>{_NUM})(?:\s*,?\s*ngày\s+(?P<date>{_DATE}))?"
)
_LAW_NUMBERED = re.compile(
    rf"(?<![\w])(?P<type>Bộ luật|Luật)\s+(?P<law>(?:[^\s,;.]+\s+){{1,10}}?)(?:số\s*:?\s*)(?P<num>{_NUM})"
    rf"(?:\s*,?\s*ngày\s+(?P<date>{_DATE}))?"
)
_NUMBERLESS = re.compile(
    rf"(?<![\w])(?P<type>{_TYPE})\s+(?P<title>(?:(?!số\s)[^\W\d][^\s,;.“”\"]*\s+){{1,10}}?)ngày\s+(?P<date>{_DATE})"
)
_ISSUER_END = re.compile(
    r"\s+(?:về|phê duyệt|ban hành|hướng dẫn|quy định|triển khai|thực hiện|tại|đã)\s|[,;.(]|\s+và\s+(?=[a-zđ])"
)
_CITATION_START = re.compile(rf"(?:{_TYPE})\s+(?:số\s+)?\d")
_SENTENCE_END = re.compile(r"\.(?:/\.)?\s+(?=[" + UPPER + r"])|\.(?:/\.)?\s*$")


def _quote_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"“[^”]*”|\"[^\"]*\"", text)]


def _outside(pos: int, spans) -> bool:
    return not any(a < pos < b for a, b in spans)


def _issuer_and_summary(rest: str, *, numbered_laws: bool = False) -> tuple[str, str, int]:
    """Split what follows the number/date into (issuer, summary, consumed length)."""
    spans = _quote_spans(rest[:800])
    issuer = ""
    pos = 0
    m = re.match(r"\s*,?\s*(của|giữa|do)\s+", rest)
    if m:
        pos = m.end()
        allow_and = m.group(1) == "giữa"
        end = len(rest)
        for b in _ISSUER_END.finditer(rest, pos):
            if not _outside(b.start(), spans):
                continue
            if allow_and and b.group(0).strip() == "và":
                continue
            end = b.start()
            break
        issuer = rest[pos:end].strip()
        pos = end
    # Summary: to the end of the clause.
    end = len(rest)
    for b in re.finditer(r";|\n|,\s+|\.(?:/\.)?(?:\s+|$)", rest[pos:]):
        at = pos + b.start()
        if not _outside(at, spans):
            continue
        token = b.group(0)
        if token.startswith(","):
            after = rest[pos + b.end():]
            if _CITATION_START.match(after) or (starts_with_head(after) and after[:1].isupper()):
                end = at
                break
            continue
        if token.startswith(".") and not (_SENTENCE_END.match(rest, at)):
            continue
        end = at
        break
    summary = rest[pos:end].strip(" ,")
    return issuer, summary, end


def extract_legal_bases(text: str) -> list[LegalBasis]:
    """Every document cited in `text` (normally the preamble), first citation of each kept."""
    found: list[tuple[int, LegalBasis]] = []
    covered: list[tuple[int, int]] = []
    matches = list(_NUMBERED.finditer(text))
    for m in _LAW_NUMBERED.finditer(text):
        if not any(o.start() <= m.start() < o.end() or m.start() <= o.start() < m.end() for o in matches):
            matches.append(m)
    for m in matches:
        law = (m.groupdict().get("law") or "").strip()
        canonical, code = _CANONICAL[m.group("type").lower()]
        rest = text[m.end():]
        issuer, summary, used = _issuer_and_summary(rest)
        date = parse_date(m.group("date")) if m.group("date") else None
        citation = text[m.start():m.end() + used].strip(" ,;")
        found.append((m.start(), LegalBasis(doc_type=canonical, doc_type_code=code,
                                            number_symbol=m.group("num"), date=date, issuer=issuer,
                                            summary=summary, title=law, text=citation)))
        covered.append((m.start(), m.end()))
    for m in _NUMBERLESS.finditer(text):
        if any(a <= m.start() < b or a < m.end() <= b for a, b in covered):
            continue
        canonical, code = _CANONICAL[m.group("type").lower()]
        title = m.group("title").strip()
        if "số" in title.split():
            continue
        rest = text[m.end():]
        issuer, summary, used = _issuer_and_summary(rest)
        found.append((m.start(), LegalBasis(doc_type=canonical, doc_type_code=code, number_symbol="",
                                            date=parse_date(m.group("date")), issuer=issuer, summary=summary,
                                            title=title, text=text[m.start():m.end() + used].strip(" ,;"))))
    found.sort(key=lambda item: item[0])
    out: list[LegalBasis] = []
    seen: set[str] = set()
    for _, basis in found:
        key = _fold(basis.number_symbol) if basis.number_symbol else \
            f"{basis.doc_type_code}|{basis.date}|{_fold(basis.title)}"
        if key in seen:
            continue
        seen.add(key)
        out.append(basis)
    return out
