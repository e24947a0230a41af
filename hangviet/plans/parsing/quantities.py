"""Numbers a plan commits to: outputs of a task ("03 phiên chợ hàng Việt") and targets
("doanh thu hàng Việt Nam tại các siêu thị chiếm trên 90%")."""

from __future__ import annotations

import re

from .model import Output, Target

_OUTPUT_UNITS = sorted(
    (u.strip() for u in """phiên chợ|hội chợ|triển lãm|hội nghị|hội thảo|diễn đàn|lớp tập huấn|lớp bồi dưỡng|lớp đào tạo|lớp|
    chuyến|đoàn|điểm bán hàng Việt|điểm bán hàng|điểm bán|cuộc kiểm tra|cuộc thi|cuộc|đợt|tin bài|tin, bài|
    bài viết|bài|chương trình|gian hàng|mô hình|buổi|lượt|sản phẩm|doanh nghiệp|hợp tác xã|cửa hàng|ấn phẩm|
    phóng sự|pano|băng rôn|tờ rơi|video|clip|chuyên mục|tuần hàng|tuần lễ|ngày hội|chợ|siêu thị|tour|
    cơ sở|hộ|xã|làng nghề|chuỗi""".split("|")),
    key=len, reverse=True,
)
_UNIT_ALT = "|".join(re.escape(u) for u in _OUTPUT_UNITS)
_OUTPUT = re.compile(
    r"(?<![\w/.,%-])(?P<n>\d{1,4})\s+[“\"]?(?P<unit>" + _UNIT_ALT + r")(?![\w])",
    re.IGNORECASE,
)
_DESC_END = re.compile(r"[,;.:]|\s+(?:để|nhằm|giúp|góp phần|với mục đích)\s")
# Places and counts that are not outputs when they follow a number.
_NOT_OUTPUT_AFTER = {"xã", "cơ sở", "hộ"}


def extract_outputs(text: str) -> list[Output]:
    """Counted outputs in a task's text: "04 “Phiên chợ thực phẩm an toàn” tại ..." -> 4 phiên chợ."""
    outputs: list[Output] = []
    for m in _OUTPUT.finditer(text or ""):
        unit = m.group("unit").lower().replace(", ", " ")
        before = text[max(0, m.start() - 12):m.start()].lower()
        if re.search(r"(?:tại|về|ở|cho|của|trong)\s+$", before):
            continue  # "tại 03 huyện": a place, not an output
        if unit in _NOT_OUTPUT_AFTER and not re.search(r"(?:tổ chức|hỗ trợ|xây dựng|phấn đấu|có)\s+$", before):
            continue
        start = m.start("unit")
        rest = text[start:start + 300]
        end = _DESC_END.search(rest)
        description = rest[:end.start()] if end else rest
        description = re.sub(r"[“”\"]", "", description).strip()
        outputs.append(Output(quantity=int(m.group("n")), unit=unit, description=description))
    return outputs


# --- targets -------------------------------------------------------------------------------------
_PERCENT = re.compile(r"(?P<val>\d{1,3}(?:[.,]\d+)?)\s*%")
_COMPARATOR = re.compile(
    r"(?P<cmp>trên|hơn|vượt|ít nhất(?: là)?|tối thiểu(?: là)?|không dưới|không thấp hơn|từ|đạt(?: trên| từ| ít nhất| tối thiểu)?|"
    r"dưới|không quá|tối đa|khoảng|bằng)\s*$"
)
_CMP_CODES = [("trên", "gt"), ("hơn", "gt"), ("vượt", "gt"), ("không thấp hơn", "gte"), ("không dưới", "gte"),
              ("ít nhất", "gte"), ("tối thiểu", "gte"), ("từ", "gte"), ("đạt trên", "gt"), ("đạt", "gte"),
              ("dưới", "lt"), ("không quá", "lte"), ("tối đa", "lte")]
_VERB_TAIL = re.compile(r"\s*(?:chiếm|đạt|là|bằng|tăng|đạt tỷ lệ|chiếm tỷ lệ|chiếm tỷ trọng)\s*$")
_LEAD_IN = re.compile(r"^[\s,;:.–-]*(?:và\s+)?(?:phấn đấu\s*)?(?:(?:đến|tới|trước|vào)\s+(?:hết\s+)?năm\s+\d{4}\s*,?\s*)?",
                      re.IGNORECASE)
_DEADLINE = re.compile(r"(?:đến|tới|trước|vào|trong)\s+(?:hết\s+|cuối\s+)?năm\s+((?:19|20)\d{2})", re.IGNORECASE)
_TARGET_CUE = re.compile(r"chiếm|đạt|phấn đấu|trên\s+\d|ít nhất|tối thiểu|tỷ lệ|tỷ trọng", re.IGNORECASE)
_SENTENCES = re.compile(r"[^.;]+(?:\.\d+[^.;]*)*")


def _comparison(cmp: str) -> str:
    cmp = (cmp or "").lower()
    for word, code in _CMP_CODES:
        if cmp.startswith(word):
            return code
    return "eq"


def extract_targets(text: str) -> list[Target]:
    """Percentage targets: indicator, comparison, value, deadline year and where they apply."""
    targets: list[Target] = []
    for paragraph in (text or "").split("\n"):
        year = None  # a deadline carries over to the next clauses of the same paragraph
        for sentence in re.split(r"(?<=[.;])\s+", paragraph):
            deadline = _DEADLINE.search(sentence)
            year = int(deadline.group(1)) if deadline else year
            if "%" in sentence and _TARGET_CUE.search(sentence):
                targets.extend(_sentence_targets(sentence, year))
    return targets


def _sentence_targets(sentence: str, year: int | None) -> list[Target]:
    targets: list[Target] = []
    indicator = ""
    prev_end = 0
    for m in _PERCENT.finditer(sentence):
        window = sentence[prev_end:m.start()]
        prev_end = m.end()
        cmp_m = _COMPARATOR.search(window)
        comparison = _comparison(cmp_m.group("cmp")) if cmp_m else "eq"
        if cmp_m:
            window = window[:cmp_m.start()]
        window = _VERB_TAIL.sub("", window)
        window = _LEAD_IN.sub("", window).strip(" ,;:")
        applies_to = ""
        places = list(re.finditer(r"(?:^|\s)(?:tại|đối với)\s+", window))
        at = places[-1] if places else None
        if at is not None:
            applies_to = window[at.end():].strip(" ,")
            window = window[:at.start()].strip(" ,")
            if applies_to[:4].lower() == "các ":
                applies_to = applies_to[4:]
        if window:
            indicator = window
        if not indicator:
            continue
        value = float(m.group("val").replace(",", "."))
        targets.append(Target(indicator=indicator, comparison=comparison,
                              value=int(value) if value.is_integer() else value, unit="%",
                              deadline_year=year, applies_to=applies_to, text=sentence.strip()))
    return targets
