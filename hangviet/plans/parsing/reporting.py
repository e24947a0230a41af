"""Reporting duties ("báo cáo ... trước ngày 25 tháng cuối quý", "định kỳ 6 tháng, năm") and the
focal unit ("Giao Phòng Quản lý thương mại làm đầu mối")."""

from __future__ import annotations

import re

from .model import ReportingRule
from .outline import Node
from .tasks import agency_heading_unit, giao_assignment, is_assignment_section, leading_subject
from .units import HEAD, split_units

_FREQUENCIES = [
    ("monthly", re.compile(r"hằng tháng|hàng tháng|định kỳ (?:hằng |hàng |mỗi )?tháng(?! cuối)|mỗi tháng|báo cáo tháng")),
    ("quarterly", re.compile(r"tháng cuối (?:mỗi |của )?quý|hằng quý|hàng quý|định kỳ (?:hằng |hàng |mỗi |theo )?quý|"
                             r"theo quý|mỗi quý|báo cáo quý")),
    ("half_yearly", re.compile(r"(?<!\d)(?:6|06|sáu) tháng|nửa năm|sơ kết")),
    ("yearly", re.compile(r"tháng cuối năm|(?<!\d)(?:6|06|sáu) tháng\s*(?:,|và|hoặc)\s*(?:cả |hằng |hàng )?năm|"
                          r"tổng kết năm|báo cáo năm|định kỳ (?:hằng |hàng )?năm|(?:hằng|hàng) năm")),
]
_TIGHT = {"yearly": re.compile(r"^(?:hằng|hàng) năm$")}  # only right next to "báo cáo"
_REPORT = re.compile(r"báo cáo", re.IGNORECASE)
_DUE_PERIOD = re.compile(
    r"trước ngày\s+(?P<day>\d{1,2})(?:\s+(?:của\s+)?tháng\s+(?P<which>cuối|đầu)\s+(?:mỗi\s+)?(?:quý|năm|kỳ)"
    r"(?P<next>\s+(?:sau|tiếp theo|kế tiếp))?)?"
)
_DUE_DATE = re.compile(r"trước ngày\s+(?P<day>\d{1,2})\s*/\s*(?P<month>\d{1,2})(?!\s*/\s*\d)")
_MORE_DATES = re.compile(r"\s*(?:,|và|hoặc)\s*(?:ngày\s+)?(?P<day>\d{1,2})\s*/\s*(?P<month>\d{1,2})(?!\s*/\s*\d)")
_RECIPIENT_STOP = re.compile(r"\(|;|\.(?:\s|$)|\s+trước\s|\s+để\s|\s+định kỳ|\s+theo\s|\s+chậm nhất|\s+hằng\s|"
                             r"\s+hàng\s|\s+vào\s|,\s*(?:đồng thời|trong đó)")


def _sentences(text: str) -> list[str]:
    out, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif depth == 0 and (ch == ";" or ch == "\n" or (ch == "." and (i + 1 == len(text) or text[i + 1] == " "))):
            out.append(text[start:i + 1])
            start = i + 1
    out.append(text[start:])
    return [s.strip() for s in out if s.strip()]


def _recipients(after: str, known) -> list[str]:
    stop = _RECIPIENT_STOP.search(after)
    segment = after[:stop.start()] if stop else after[:200]
    segment = re.sub(r"^\s*(?:kết quả|tình hình)[^,;]*?\s+(?=(?:về|cho|gửi|lên|với)\s)", "", segment)
    m = HEAD.search(segment) or re.search(r"(?<![\w])(?:Chủ tịch|Thường trực)", segment)
    if not m:
        return []
    return split_units(segment[m.start():], known)


def rules_from_sentence(sentence: str, reporters: list[str], known=None) -> list[ReportingRule]:
    if not _REPORT.search(sentence):
        return []
    anchors = [m.start() for m in _REPORT.finditer(sentence)]
    rules: list[ReportingRule] = []
    for frequency, pattern in _FREQUENCIES:
        for m in pattern.finditer(sentence):
            before = [a for a in anchors if a < m.start()]
            after = [a for a in anchors if a > m.start()]
            if frequency in _TIGHT and _TIGHT[frequency].match(m.group(0)):
                near = (before and m.start() - (before[-1] + 7) <= 12) or (after and after[0] - m.end() <= 3)
            else:
                near = (before and m.start() - before[-1] <= 160) or (after and after[0] - m.end() <= 40)
            if not near:
                continue
            anchor = before[-1] if before else after[0]
            rule = ReportingRule(frequency=frequency, reporters=list(reporters), text=sentence)
            dates = _due_dates(sentence) if frequency in ("half_yearly", "yearly") else []
            if dates:
                rule.due_day, rule.due_month = dates[-1] if frequency == "yearly" else dates[0]
            else:
                due = _DUE_PERIOD.search(sentence)
                if due and not _DUE_DATE.match(sentence, due.start()):
                    rule.due_day = int(due.group("day"))
                    if due.group("which"):
                        rule.due_month_offset = "first_month_of_next_period" if due.group("which") == "đầu" \
                            else "last_month_of_period"
            rule.recipients = _recipients(sentence[anchor + len("báo cáo"):], known)
            rules.append(rule)
            break
    return rules


def _due_dates(sentence: str) -> list[tuple[int, int]]:
    """(day, month) of "trước ngày 15/6 và 15/12" (absolute due dates), in order."""
    out = []
    for m in _DUE_DATE.finditer(sentence):
        out.append((int(m.group("day")), int(m.group("month"))))
        pos = m.end()
        while True:
            more = _MORE_DATES.match(sentence, pos)
            if not more:
                break
            out.append((int(more.group("day")), int(more.group("month"))))
            pos = more.end()
    return out


def _dedupe(rules: list[ReportingRule]) -> list[ReportingRule]:
    out, seen = [], set()
    for rule in rules:
        key = (rule.frequency, tuple(rule.recipients), tuple(rule.reporters))
        if key not in seen:
            seen.add(key)
            out.append(rule)
    return out


def extract_reporting_rules(sections: list[Node], known=None) -> list[ReportingRule]:
    """Reporting rules anywhere in the outline; reporters are the units the sentence assigns, else
    the unit of the enclosing agency heading."""
    rules: list[ReportingRule] = []

    def visit(node: Node, context: list[str], in_assignment: bool) -> None:
        heading = agency_heading_unit(node.text, in_assignment) if node.kind != "bullet" else None
        if heading:
            context = split_units(heading, known)
        for text in [node.text] + node.body:
            if "báo cáo" not in text.lower():
                continue
            own = giao_assignment(text, known)
            subject = leading_subject(text, known) if not own else None
            reporters = own[0] if own else subject[0] if subject else context
            for sentence in _sentences(text):
                rules.extend(rules_from_sentence(sentence, reporters, known))
        for child in node.children:
            if child.kind != "table":
                visit(child, context, in_assignment)

    for section in sections:
        visit(section, [], is_assignment_section(section.text))
    return _dedupe(rules)


_FOCAL = re.compile(r"\s+(?:làm|là)\s+(?:cơ quan\s+|đơn vị\s+)?(?:đầu mối|thường trực)(?![\w])")
_CLAUSE_START = re.compile(r"(?:^|Giao\s+|[,;.:]\s+|-\s+|\n)")


def find_focal_unit(texts: list[str], known=None) -> str:
    """The unit named "đầu mối" (focal point) for the plan, if any."""
    for text in texts:
        for m in _FOCAL.finditer(text):
            before = text[max(0, m.start() - 160):m.start()]
            starts = [c.end() for c in _CLAUSE_START.finditer(before)]
            clause = before[starts[-1]:] if starts else before
            head = HEAD.search(clause)
            if not head:
                continue
            candidate = clause[head.start():].strip()
            if len(candidate.split()) > 12:
                continue
            units = split_units(candidate, known)
            if units:
                return units[0]
    return ""
