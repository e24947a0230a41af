"""Tasks from the outline: numbering, titles, labelled fields ("Đơn vị chủ trì: ..."), who does what.

Responsible units come from, in this order: labelled lines ("- Đơn vị thực hiện: ...", "Cơ quan chủ
trì"), an item that starts with its unit ("+ Phòng A, Phòng B tham mưu tổ chức ..."), a heading that
names the unit in plans grouped by agency ("3. UBND các xã, thị trấn" with its items beneath), and
"Giao X chủ trì, phối hợp với Y ..." sentences.
"""

from __future__ import annotations

import re

from .model import Task
from .outline import Node
from .quantities import extract_outputs
from .tables import table_tasks
from .units import _fold, split_units, starts_with_head

# Verbs that end the subject of an assignment ("Phòng A tham mưu ..."). Lower case only, so that
# "Ban Chỉ đạo" or "Phòng Quản lý thương mại" are not cut.
_CUE = re.compile(
    r"(?<![\w])(?:chủ trì|làm đầu mối|là đầu mối|là cơ quan đầu mối|là cơ quan thường trực|tham mưu|phối hợp|"
    r"chịu trách nhiệm|có trách nhiệm|thực hiện|tổ chức|triển khai|hướng dẫn|theo dõi|xây dựng|bố trí|đẩy mạnh|"
    r"tăng cường|chỉ đạo|kiểm tra|tuyên truyền|rà soát|nghiên cứu|hỗ trợ|quản lý|đôn đốc|tổng hợp|cung cấp|"
    r"thẩm định|(?<![Cc]uộc )vận động|giám sát|căn cứ|khẩn trương|tiếp tục|chủ động|đề xuất|phát động|ban hành|cập nhật|"
    r"công bố|đăng tải|phổ biến|lựa chọn|chuẩn bị|mời|kêu gọi|đăng ký|báo cáo)(?![\w])"
)
_HEADING_CUE = re.compile(
    r"(?<![\w])(?:chủ trì|làm đầu mối|là đầu mối|tham mưu|phối hợp với|chịu trách nhiệm|có trách nhiệm|"
    r"triển khai|hướng dẫn|xây dựng)(?![\w])"
)
_GIAO = re.compile(r"(?<![\w])Giao\s+")
_GIAO_VERB = re.compile(
    r"\s+(?:chịu trách nhiệm\s+|có trách nhiệm\s+)?(?:là\s+)?"
    r"(?:chủ trì|làm đầu mối|là đầu mối|là cơ quan đầu mối|cơ quan đầu mối|là cơ quan thường trực|tham mưu|"
    r"thực hiện|triển khai|tổ chức)(?![\w])"
)
_COORD = re.compile(r"^[\s,]*(?:và\s+)?(?:chủ trì\s*,?\s*)?phối hợp(?:\s+chặt chẽ)?\s+với\s+", re.IGNORECASE)
_COORD_END = re.compile(r"[.;:(]|" + _CUE.pattern)
_HEADING_PREFIX = re.compile(r"^(?:Đề nghị|Đối với|Giao|Trách nhiệm của|Nhiệm vụ của|Phân công)\s+")
_SUBJECT_PREFIX = re.compile(r"^(?:Giao|Đề nghị)\s+")
_NOT_IN_SUBJECT = re.compile(r"(?<![\w])(?:đề nghị|giao|yêu cầu)(?![\w])")

# Labelled fields: (field, test on the folded label).
_LABEL = re.compile(r"^(?P<label>[^:]{2,70}?)\s*:\s*(?P<value>.*)$", re.S)


def _label_field(folded: str) -> str | None:
    if "phoi hop" in folded and folded.startswith(("don vi", "co quan", "phoi hop", "bo phan", "cac don vi")):
        return "coordinating"
    if folded.startswith(("don vi", "co quan", "chu tri", "bo phan", "trach nhiem", "dau moi")) and \
            any(k in folded for k in ("chu tri", "thuc hien", "dau moi", "trach nhiem")):
        return "lead"
    if folded.startswith(("thoi gian", "thoi han", "tien do")):
        return "time_frame"
    if folded.startswith(("phuong thuc", "hinh thuc", "cach thuc", "phuong phap")):
        return "method"
    if folded.startswith(("noi dung", "nhiem vu", "hoat dong", "giai phap")):
        return "content"
    if folded.startswith(("kinh phi", "nguon kinh phi", "du toan")):
        return "budget"
    if folded.startswith(("san pham", "ket qua", "chi tieu", "so luong")):
        return "outputs"
    if folded.startswith(("ten goi", "ten ke hoach", "ten nhiem vu")):
        return "name"
    return None


def parse_label(text: str) -> tuple[str, str] | None:
    """("lead" | "coordinating" | "time_frame" | ..., value) for "Đơn vị chủ trì: ..." lines."""
    m = _LABEL.match(text)
    if not m or len(m.group("label").split()) > 8:
        return None
    field = _label_field(_fold(m.group("label")))
    return (field, m.group("value").strip()) if field else None


def _valid_units(text: str, known) -> list[str] | None:
    if not text or len(text.split()) > 24 or not starts_with_head(text):
        return None
    units = split_units(text, known)
    return units or None


def leading_subject(text: str, known=None) -> tuple[list[str], str] | None:
    """([units], rest) when `text` starts with the units that carry it out, e.g.
    "Phòng A, Phòng B tham mưu tổ chức ..." -> (["Phòng A", "Phòng B"], "tham mưu tổ chức ...")."""
    body = _SUBJECT_PREFIX.sub("", text.strip())
    if not starts_with_head(body):
        return None
    for cue in _CUE.finditer(body[:300]):
        subject = body[:cue.start()].rstrip()
        if subject.endswith(","):
            continue  # "các đoàn thể, tổ chức hội": a noun in a list, not the verb
        if len(subject.split()) < 2:
            continue
        if ":" in subject or len(subject.split()) > 24 or _NOT_IN_SUBJECT.search(subject):
            return None
        units = _valid_units(subject, known)
        if units:
            return units, body[cue.start():]
        return None
    return None


def coordination_after(text: str, known=None) -> list[str]:
    """Units after "phối hợp với" at the start of `text`, up to the next verb or clause end."""
    m = _COORD.match(text)
    if not m:
        return []
    rest = text[m.end():]
    end = _COORD_END.search(rest)
    span = rest[:end.start()] if end else rest[:200]
    return split_units(span, known) if starts_with_head(span) else []


def giao_assignment(text: str, known=None) -> tuple[list[str], list[str]] | None:
    """(lead, coordinating) from "Giao X chủ trì, phối hợp với Y thực hiện ..."."""
    for giao in _GIAO.finditer(text):
        for verb in _GIAO_VERB.finditer(text, giao.end(), giao.end() + 240):
            lead_text = text[giao.end():verb.start()].strip()
            if lead_text.endswith(","):
                continue  # "các đoàn thể, tổ chức hội": a noun, not the verb
            if len(lead_text.split()) > 14 or _NOT_IN_SUBJECT.search(lead_text):
                break
            lead = _valid_units(lead_text, known)
            if lead:
                return lead, coordination_after(text[verb.end():], known)
            break
    return None


def agency_heading_unit(text: str, in_assignment_section: bool) -> str | None:
    """The unit a heading names in plans grouped by agency ("2. Đối với các phòng, ban, ngành")."""
    t = text.strip().rstrip(":").strip()
    m = _HEADING_PREFIX.match(t)
    if not m and not in_assignment_section:
        return None
    rest = t[m.end():] if m else t
    if len(rest.split()) > 16 or rest.endswith(".") or not starts_with_head(rest) or _HEADING_CUE.search(rest):
        return None
    return rest


def shorten(text: str, limit: int = 160) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    first = re.split(r"(?<=[.;:])\s+", text, maxsplit=1)[0].rstrip(" .;:")
    if len(first) <= limit:
        return first
    cut = first[:limit - 10].rsplit(" ", 1)[0].rstrip(" ,;")
    return cut + "…"


def is_assignment_section(title: str) -> bool:
    f = _fold(title)
    return any(k in f for k in ("to chuc thuc hien", "phan cong", "trach nhiem", "nhiem vu cua", "giao nhiem vu"))


_TIME_INLINE = re.compile(
    r"(?:Thời gian(?: thực hiện| hoàn thành)?|Thời hạn(?: hoàn thành)?|Tiến độ)\s*:\s*(?P<tf>[^.;\n]+)"
    r"|\((?P<paren>thường xuyên|trong năm(?: \d{4})?|hằng năm|hàng năm|cả năm|Quý [IV]{1,3}(?:\s*/\s*\d{4}| năm \d{4})?)\)"
    r"|(?P<quarter>Quý [IV]{1,3}\s*(?:/\s*\d{4}|năm \d{4}))",
    re.IGNORECASE,
)


def _time_from_text(text: str) -> str:
    m = _TIME_INLINE.search(text)
    if not m:
        return ""
    return (m.group("tf") or m.group("paren") or m.group("quarter") or "").strip()


def _add(units: list[str], new: list[str]) -> None:
    for unit in new:
        if unit not in units:
            units.append(unit)


class _Builder:
    def __init__(self, known_unit_names=None):
        self.known = list(known_unit_names or [])

    # -- entry points -------------------------------------------------------------------------
    def section(self, node: Node) -> Task:
        return self.task(node, in_assignment=is_assignment_section(node.text))

    def task(self, node: Node, *, in_assignment: bool = False, inherited: list[str] | None = None) -> Task:
        title_text = node.text
        task = Task(number=node.number, title="", kind=node.kind)
        content: list[str] = []
        heading_unit = None if node.kind == "bullet" else agency_heading_unit(title_text, in_assignment)
        if heading_unit:
            task.lead_units = split_units(heading_unit, self.known)
        subject = None if heading_unit else leading_subject(title_text, self.known)
        if node.kind in ("bullet",) or len(title_text) > 160 or subject:
            task.title = shorten(title_text)
            content.append(title_text)
        else:
            task.title = title_text.rstrip(" .:;")
        if subject:
            _add(task.lead_units, subject[0])
            rest = subject[1]
            _add(task.coordinating_units, coordination_after(rest[rest.find("phối hợp"):], self.known)
                 if "phối hợp" in rest[:60] else [])
        for para in node.body:
            self._paragraph(task, para, content)
        for child in node.children:
            self._child(task, child, content, in_assignment, bool(heading_unit))
        if not task.lead_units:
            found = giao_assignment("\n".join([title_text] + node.body), self.known)
            if found:
                task.lead_units, coord = found
                _add(task.coordinating_units, coord)
        if not task.lead_units and node.body and not heading_unit:
            body_subject = leading_subject(node.body[0], self.known)
            if body_subject:
                task.lead_units = body_subject[0]
                rest = body_subject[1]
                if "phối hợp" in rest[:60]:
                    _add(task.coordinating_units, coordination_after(rest[rest.find("phối hợp"):], self.known))
        if not task.lead_units and inherited:
            task.lead_units = list(inherited)
        if task.lead_units and not subject:
            _add(task.coordinating_units, coordination_after(title_text, self.known))
        task.content = "\n".join(c for c in content if c).strip()
        if not task.time_frame:
            task.time_frame = _time_from_text(title_text + "\n" + "\n".join(node.body))
        source = task.content if title_text in content else f"{title_text}\n{task.content}"
        task.outputs = extract_outputs(source)
        return task

    # -- pieces -------------------------------------------------------------------------------
    def _paragraph(self, task: Task, text: str, content: list[str]) -> None:
        label = parse_label(text)
        if label:
            self._field(task, label[0], label[1], content)
            return
        if task.lead_units and re.match(r"^(?:Chủ trì\s*,?\s*)?phối hợp", text, re.IGNORECASE):
            _add(task.coordinating_units, coordination_after(text, self.known))
        content.append(text)

    def _field(self, task: Task, field: str, value: str, content: list[str]) -> None:
        value = value.strip()
        if field == "lead":
            _add(task.lead_units, split_units(value, self.known))
        elif field == "coordinating":
            _add(task.coordinating_units, split_units(value, self.known))
        elif field == "time_frame":
            task.time_frame = value.rstrip(" .;")
        elif field == "method":
            task.method = value.rstrip(" ;")
        elif field == "budget":
            task.budget = value.rstrip(" .;")
        elif value:
            content.append(value)

    def _child(self, task: Task, child: Node, content: list[str], in_assignment: bool, under_agency: bool) -> None:
        if child.kind == "table":
            task.children.extend(table_tasks(child.rows or [], self.known))
            return
        if child.kind != "bullet":
            task.children.append(self.task(child, in_assignment=in_assignment,
                                           inherited=task.lead_units if under_agency else None))
            return
        label = parse_label(child.text)
        if label:
            field, value = label
            if field in ("lead", "coordinating"):
                self._field(task, field, " ".join([value] + child.body), content)
                for grandchild in child.children:
                    content.append(grandchild.flat_text())
                return
            self._field(task, field, value, content)
            for para in child.body:
                if field in ("time_frame", "method", "budget"):
                    self._field(task, field, getattr(task, field) + " " + para, content)
                else:
                    self._paragraph(task, para, content)
            for grandchild in child.children:
                self._child(task, grandchild, content, in_assignment, under_agency)
            return
        if under_agency or self._is_assignment(child):
            task.children.append(self.task(child, in_assignment=in_assignment,
                                           inherited=task.lead_units if under_agency else None))
            return
        content.append(child.flat_text())

    def _is_assignment(self, node: Node) -> bool:
        if leading_subject(node.text, self.known):
            return True
        return bool(_GIAO.match(node.text) and giao_assignment(node.text, self.known))


def build_tasks(sections: list[Node], known_unit_names=None) -> list[Task]:
    builder = _Builder(known_unit_names)
    tasks = [builder.section(node) for node in sections]
    assign_keys(tasks)
    return tasks


def assign_keys(tasks: list[Task], prefix: str = "") -> None:
    seen: set[str] = set()
    bullets = 0
    for task in tasks:
        if task.kind == "bullet" or not task.number:
            bullets += 1
            part = f"{task.number or '-'}{bullets}"
        else:
            part = task.number
        key = f"{prefix}.{part}" if prefix else part
        base, n = key, 2
        while key in seen:
            key, n = f"{base}#{n}", n + 1
        seen.add(key)
        task.key = key
        assign_keys(task.children, key)
