"""The numbered outline of a plan: roman sections, 1., 2.1., a), "-"/"+" items, and task tables."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .normalise import Para, parse_marker
from .units import _fold

_BULLET_RANK = {"-": 50, "–": 50, "—": 50, "•": 52, "●": 52, "·": 52, "▪": 54, "◦": 54, "○": 54, "■": 54,
                "□": 54, "➢": 54, "➤": 54, "✓": 54, "*": 56, "+": 60}


@dataclass
class Node:
    kind: str  # root | roman | arabic | dotted | letter | bullet | table
    number: str = ""
    text: str = ""
    rank: int = -1
    body: list[str] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)
    rows: list[list[str]] | None = None  # table: header row first

    @property
    def label(self) -> str:
        if self.kind == "bullet":
            return self.number
        if self.kind == "letter":
            return f"{self.number})"
        return f"{self.number}."

    def flat_text(self, with_marker: bool = True) -> str:
        """The node and everything under it as plain lines."""
        lines = [f"{self.label} {self.text}" if with_marker and self.kind != "root" else self.text]
        lines += self.body
        for child in self.children:
            if child.kind == "table":
                lines += ["\t".join(r) for r in child.rows or []]
            else:
                lines.append(child.flat_text())
        return "\n".join(line for line in lines if line)


def _rank(kind: str, number: str) -> int:
    if kind == "roman":
        return 0
    if kind == "arabic":
        return 10
    if kind == "dotted":
        return 10 + 10 * number.count(".")
    if kind == "letter":
        return 45
    return _BULLET_RANK.get(number, 56)


_HEADER_CONTENT = re.compile(r"^(?:noi dung|nhiem vu|hoat dong|ten nhiem vu|cong viec|nhiem vu giai phap)")


def is_task_table_header(cells: list[str]) -> bool:
    folded = [_fold(c) for c in cells]
    return any(f in ("stt", "tt", "so tt", "so thu tu") for f in folded) and \
        any(_HEADER_CONTENT.match(f) for f in folded)


def build_outline(paras: list[Para]) -> Node:
    root = Node("root")
    stack = [root]
    prev_text: str | None = None
    table: Node | None = None
    for para in paras:
        if para.cells is not None:
            if table is not None:
                table.rows.append(para.cells)
                continue
            if is_task_table_header(para.cells):
                table = Node("table", rows=[para.cells])
                stack[-1].children.append(table)
                continue
        table = None
        marker = parse_marker(para.text, prev_text)
        prev_text = para.text
        if marker is None:
            stack[-1].body.append(para.text)
            continue
        node = Node(marker.kind, marker.number, para.text[marker.end:].strip(), _rank(marker.kind, marker.number))
        while len(stack) > 1 and stack[-1].rank >= node.rank:
            stack.pop()
        stack[-1].children.append(node)
        stack.append(node)
    return root


def count_numbered(root: Node) -> int:
    total = 0
    for child in root.children:
        if child.kind in ("roman", "arabic", "dotted"):
            total += 1
        if child.kind == "table":
            total += max(0, len(child.rows or []) - 1)
        total += count_numbered(child)
    return total
