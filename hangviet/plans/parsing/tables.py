"""Tasks laid out as a table (one row per task, tab-separated): STT | Nội dung | Đơn vị chủ trì |
Đơn vị phối hợp | Thời gian | Sản phẩm | Kinh phí ... in any order, under any of the usual names."""

from __future__ import annotations

import re

from .model import Task
from .quantities import extract_outputs
from .units import _fold, split_units

_ROMAN = re.compile(r"^(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3})$")


def _column(header: str) -> str | None:
    f = _fold(header)
    if f in ("stt", "tt", "so tt", "so thu tu"):
        return "number"
    if "phoi hop" in f:
        return "coordinating"
    if "chu tri" in f or f.startswith(("don vi thuc hien", "co quan thuc hien", "don vi thuc hien")) or \
            f in ("don vi", "co quan", "trach nhiem"):
        return "lead"
    if f.startswith(("noi dung", "nhiem vu", "hoat dong", "ten nhiem vu", "cong viec", "giai phap")):
        return "content"
    if f.startswith(("thoi gian", "thoi han", "tien do")):
        return "time_frame"
    if f.startswith(("san pham", "ket qua", "chi tieu")):
        return "outputs"
    if f.startswith(("kinh phi", "nguon kinh phi", "du toan")):
        return "budget"
    if f.startswith(("phuong thuc", "hinh thuc", "cach thuc")):
        return "method"
    return None


def _number_kind(number: str) -> tuple[str, int]:
    if _ROMAN.match(number):
        return "roman", 0
    if re.fullmatch(r"\d{1,3}", number):
        return "arabic", 10
    if re.fullmatch(r"\d{1,3}(?:\.\d{1,3})+", number):
        return "dotted", 10 + 10 * number.count(".")
    if re.fullmatch(r"[a-zđ]", number):
        return "letter", 45
    return "bullet", 50


def table_tasks(rows: list[list[str]], known_unit_names=None) -> list[Task]:
    """Task tree from a table whose first row is its header."""
    if not rows:
        return []
    columns = [_column(cell) for cell in rows[0]]
    roots: list[Task] = []
    stack: list[tuple[int, Task]] = []
    last: Task | None = None
    for cells in rows[1:]:
        cells = list(cells) + [""] * (len(columns) - len(cells))
        values: dict[str, str] = {}
        for column, cell in zip(columns, cells, strict=False):
            if column and cell:
                values[column] = f"{values[column]} {cell}" if column in values else cell
        number = values.get("number", "").strip().rstrip(".)")
        content = values.get("content", "").strip()
        if not number and last is not None and not any(values.get(k) for k in ("lead", "coordinating")):
            if content:  # a row continuing the previous one
                last.content = f"{last.content}\n{content}".strip()
                last.outputs.extend(extract_outputs(content))
            continue
        if not content and not number:
            continue
        kind, rank = _number_kind(number) if number else ("row", 50)
        task = Task(number=number or "-", title=content.rstrip(" .;:"), kind=kind if number else "row")
        if len(content) > 160:
            task.title = re.split(r"(?<=[.;:])\s+", content, maxsplit=1)[0][:150].rstrip(" .;:")
            task.content = content
        task.lead_units = split_units(values.get("lead", ""), known_unit_names)
        task.coordinating_units = split_units(values.get("coordinating", ""), known_unit_names)
        task.time_frame = values.get("time_frame", "").rstrip(" .;")
        task.budget = values.get("budget", "")
        task.method = values.get("method", "")
        task.outputs = extract_outputs(content) + extract_outputs(values.get("outputs", ""))
        if values.get("outputs"):
            task.content = f"{task.content}\n{values['outputs']}".strip() if task.content else values["outputs"]
        while stack and stack[-1][0] >= rank:
            stack.pop()
        (stack[-1][1].children if stack else roots).append(task)
        stack.append((rank, task))
        last = task
    return roots
