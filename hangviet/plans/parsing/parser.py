"""parse_plan_text: the whole pipeline from plan text to a `PlanProposal`."""

from __future__ import annotations

import re

from .header import infer_from_body, parse_header_block, period_years, take_title
from .legal import extract_legal_bases
from .model import PlanParseError, PlanProposal, Target
from .normalise import DOC_TYPE_LINE, MAX_CHARS, Para, clean_lines, normalise_text, parse_marker, reflow
from .outline import Node, build_outline, count_numbered, is_task_table_header
from .quantities import extract_targets
from .reporting import extract_reporting_rules, find_focal_unit
from .tables import table_tasks
from .tail import parse_tail, split_tail
from .tasks import agency_heading_unit, build_tasks, is_assignment_section
from .units import _fold

NO_STRUCTURE = "Không nhận ra cấu trúc kế hoạch: không tìm thấy mục nào được đánh số."
NOT_A_PLAN = ("Không nhận ra cấu trúc kế hoạch: văn bản không có các phần của một kế hoạch "
              "(mục đích, nội dung, nhiệm vụ, phân công, tổ chức thực hiện).")
_PLAN_WORDS = ("kế hoạch", "mục đích", "yêu cầu", "nhiệm vụ", "tổ chức thực hiện", "nội dung", "giải pháp",
               "kinh phí", "chủ trì", "phối hợp", "triển khai", "đơn vị", "phân công", "mục tiêu")
_CLOSING = re.compile(r"^(?:Trên đây là|Yêu cầu (?:các|thủ trưởng)|Trong quá trình (?:tổ chức )?thực hiện, nếu có)")


def _section_kind(title: str) -> str:
    f = _fold(title)
    if f.startswith(("muc dich", "yeu cau")) or ("muc dich" in f and "yeu cau" in f):
        return "purposes"
    if f.startswith(("muc tieu", "chi tieu")) and "nhiem vu" not in f and "giai phap" not in f:
        return "purposes"
    if f.startswith(("kinh phi", "nguon kinh phi", "du toan kinh phi")):
        return "budget"
    if f.startswith("can cu"):
        return "legal"
    if "to chuc thuc hien" in f or f.startswith(("che do bao cao", "che do thong tin bao cao")):
        return "implementation"
    if f.startswith(("danh gia", "ket qua thuc hien", "tinh hinh")):
        return "background"
    return "tasks"


def _items(node: Node) -> list[str]:
    """Bullet items (or paragraphs) under a purposes/requirements heading, as plain text."""
    items = [p for p in node.body]
    for child in node.children:
        if child.kind == "table":
            continue
        items.append(re.sub(r"\s*\n\s*", " ", child.flat_text(with_marker=False)))
    return [i.strip() for i in items if i.strip()]


def _inner_text(node: Node) -> str:
    return node.flat_text().split("\n", 1)[1].strip() if "\n" in node.flat_text() else ""


def _first_heading(paras: list[Para]) -> int | None:
    for kinds in (("roman",), ("arabic", "dotted")):
        prev = None
        for i, para in enumerate(paras):
            if para.cells is not None:
                if is_task_table_header(para.cells) and kinds == ("arabic", "dotted"):
                    return i
                continue
            marker = parse_marker(para.text, prev)
            prev = para.text
            if marker and marker.kind in kinds:
                return i
    return None


def parse_plan_text(text: str, known_unit_names=None) -> PlanProposal:
    """Parse a plan ("kế hoạch") into a reviewable structure; raises PlanParseError (Vietnamese
    message) when the text is empty, too long, or has no plan structure."""
    if not isinstance(text, str):
        raise PlanParseError("Không nhận ra cấu trúc kế hoạch: dữ liệu không phải là văn bản.")
    if len(text) > MAX_CHARS:
        raise PlanParseError(f"Văn bản quá dài ({len(text):,} ký tự); chỉ nhận tối đa 2.000.000 ký tự.".replace(",", "."))
    text = normalise_text(text)
    if not text.strip():
        raise PlanParseError("Không nhận ra cấu trúc kế hoạch: văn bản trống.")
    known = list(known_unit_names or [])
    lines = clean_lines(text)
    body, tail = split_tail(lines)
    proposal = PlanProposal()
    header = proposal.header

    doc_index = next((i for i, line in enumerate(body[:120]) if DOC_TYPE_LINE.match(line.strip())), None)
    if doc_index is not None:
        parse_header_block(body[:doc_index], header)
        header.doc_type = body[doc_index].strip().upper()
        paras = reflow(body[doc_index + 1:])
        title, used = take_title([p.text for p in paras[:3] if p.cells is None])
        header.title = title
        paras = paras[used:]
    else:
        paras = reflow(body)
    start = _first_heading(paras)
    if start is None:
        raise PlanParseError(NO_STRUCTURE)
    if doc_index is None:
        head_lines = body[:paras[start].line] if start < len(paras) else []
        parse_header_block([line for line in head_lines[:15] if not line.strip().startswith(("Căn cứ", "Thực hiện"))],
                           header)
    preamble = " ".join(p.text for p in paras[:start])
    outline_paras = paras[start:]
    closing_at = next((i for i, p in enumerate(outline_paras) if _CLOSING.match(p.text)), None)
    closing = [p.text for p in outline_paras[closing_at:]] if closing_at is not None else []
    if closing_at is not None:
        outline_paras = outline_paras[:closing_at]
    root = build_outline(outline_paras)
    full_text = "\n".join(p.text for p in paras)
    lowered = full_text[:200_000].lower()
    if count_numbered(root) < 2:
        raise PlanParseError(NO_STRUCTURE)
    if sum(1 for w in _PLAN_WORDS if w in lowered) < 3:
        raise PlanParseError(NOT_A_PLAN)

    sections = [c for c in root.children if c.kind == "roman"] or [c for c in root.children if c.kind != "table"]
    tables = [c for c in root.children if c.kind == "table"]
    task_sections: list[Node] = []
    implementation: list[str] = []
    legal_text = preamble
    for section in sections:
        kind = _section_kind(section.text)
        if kind == "purposes":
            subs = [c for c in section.children if c.kind in ("arabic", "letter", "dotted")]
            purpose = next((c for c in subs if _fold(c.text).startswith(("muc dich", "muc tieu"))), None)
            requirement = next((c for c in subs if _fold(c.text).startswith("yeu cau")), None)
            if purpose or requirement:
                proposal.purposes += _items(purpose) if purpose else []
                proposal.requirements += _items(requirement) if requirement else []
            else:
                proposal.purposes += _items(section)
        elif kind == "budget":
            proposal.budget_source = _inner_text(section)
        elif kind == "legal":
            legal_text += " " + _inner_text(section)
        elif kind == "implementation":
            implementation.append(_inner_text(section))
            if any(agency_heading_unit(c.text, is_assignment_section(section.text))
                   for c in section.children if c.kind != "bullet"):
                task_sections.append(section)
        elif kind == "tasks":
            task_sections.append(section)
    if not sections or (not task_sections and tables):
        task_sections += tables
    proposal.implementation = "\n".join(implementation + closing).strip()
    proposal.tasks = build_tasks([s for s in task_sections if s.kind != "table"], known)
    for table in (s for s in task_sections if s.kind == "table"):
        proposal.tasks += table_tasks(table.rows or [], known)
    proposal.legal_bases = extract_legal_bases(legal_text)

    outline_text = "\n".join(s.flat_text() for s in root.children if s.kind != "table")
    proposal.targets = _dedupe_targets(extract_targets(outline_text))
    proposal.reporting_rules = extract_reporting_rules([s for s in sections if s.kind != "table"], known)
    proposal.focal_unit = find_focal_unit([proposal.implementation, outline_text], known)
    proposal.recipients, proposal.signer, strays = parse_tail(tail)

    infer_from_body(header, preamble, full_text)
    start_year, end_year = period_years(header.title)
    if start_year is None and end_year is None:
        start_year, end_year = period_years(preamble[-600:])
    if end_year and not start_year and header.date:
        start_year = int(header.date[:4])
    if not start_year and not end_year and header.date:
        start_year = end_year = int(header.date[:4])
    header.period_start_year, header.period_end_year = start_year, end_year
    proposal.warnings = _warnings(proposal, strays, doc_index is not None)
    return proposal


def _dedupe_targets(targets: list[Target]) -> list[Target]:
    out, seen = [], set()
    for t in targets:
        key = (_fold(t.indicator), t.value, _fold(t.applies_to), t.comparison)
        if key not in seen:
            seen.add(key)
            out.append(t)
    return out


def _warnings(p: PlanProposal, strays: list[str], has_doc_type: bool) -> list[str]:
    h = p.header
    out: list[str] = []
    if not has_doc_type:
        out.append("Không tìm thấy tên loại văn bản (dòng “KẾ HOẠCH”).")
    if "issuer" in h.inferred:
        out.append(f"Văn bản không có phần đầu; cơ quan ban hành được suy ra từ nội dung: {h.issuer}.")
    elif not h.issuer:
        out.append("Không xác định được cơ quan ban hành.")
    if not h.number_symbol:
        out.append("Không tìm thấy số, ký hiệu văn bản (dòng “Số: …”).")
    if not h.date:
        out.append("Không tìm thấy ngày ban hành.")
    if h.period_start_year is None and h.period_end_year is None:
        out.append("Không xác định được thời gian (năm, giai đoạn) thực hiện kế hoạch.")
    if not h.level:
        out.append("Không xác định được cấp của kế hoạch (tỉnh, huyện, xã hay sở, ngành).")
    if not p.tasks:
        out.append("Không tìm thấy nhiệm vụ nào trong kế hoạch.")
    missing = [t.key for t in p.iter_tasks() if not t.children and not t.lead_units]
    if missing:
        out.append("Chưa xác định được đơn vị chủ trì của các nhiệm vụ: " + ", ".join(missing) + ".")
    if not p.reporting_rules:
        out.append("Không tìm thấy quy định về chế độ báo cáo định kỳ.")
    if not p.focal_unit:
        out.append("Không xác định được đơn vị đầu mối theo dõi, tổng hợp.")
    if not p.recipients:
        out.append("Không tìm thấy phần “Nơi nhận”.")
    if not p.signer.name:
        out.append("Không tìm thấy người ký.")
    for stray in strays:
        out.append(f"Bỏ qua dòng không rõ thuộc phần nào ở cuối văn bản: “{stray}”.")
    return out
