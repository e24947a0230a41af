"""Exports: the plan as a DOCX, the implementation report of a plan for a period (quarter, 6 months,
year) as a DOCX in the Decree 30 layout, and the annex tables as XLSX. Content comes from selectors,
so an export shows only what the actor may read."""

from __future__ import annotations

import datetime as dt
import io
from collections import defaultdict
from decimal import Decimal

from django.db.models import Prefetch
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from hangviet.agencies.scope import Scope
from hangviet.core.deadlines import today
from hangviet.core.text import fold

from ..models import AchievedQuantity, AssignmentRole, Plan, ProgressReport, ReportState, TaskStatus
from ..selectors.plans import plan_detail, reports_visible_q
from ..services.periods import period_bounds
from .layout import OfficialDocument

STATUS_LABELS = {s.value: str(s.label) for s in TaskStatus}
DOC_TYPE_WORDS = {"resolution": "Nghị quyết", "conclusion": "Kết luận", "directive": "Chỉ thị", "decision": "Quyết định",
                  "decree": "Nghị định", "circular": "Thông tư", "law": "Luật", "plan": "Kế hoạch",
                  "programme": "Chương trình", "notice": "Thông báo", "letter": "Công văn", "other": "Văn bản"}


def _basis(doc) -> str:
    date = f" ngày {doc.issued_on:%d/%m/%Y}" if doc.issued_on else ""
    issuer = f" của {doc.issuer}" if doc.issuer else ""
    summary = f" {doc.summary}" if doc.summary else ""
    return f"Căn cứ {DOC_TYPE_WORDS.get(doc.doc_type, 'Văn bản')} số {doc.number_symbol}{date}{issuer}{summary};"


def _has_sections(plan) -> bool:
    """True when the imported tasks carry the document's own top-level sections (I, II, ...)."""
    return any(t.depth == 0 and t.number.strip(".").upper() in {"I", "II", "III", "IV", "V", "VI"}
               for t in plan.task_list)


def _qty(value) -> str:
    if value is None:
        return ""
    value = Decimal(value)
    text = f"{value:,.2f}".rstrip("0").rstrip(".").replace(",", "\u202f").replace(".", ",").replace("\u202f", ".")
    return text.zfill(2) if value == value.to_integral_value() and value < 10 else text


def _units(task, role) -> str:
    return ", ".join(a.name if not a.agency_id else (a.agency.short_name or a.agency.name)
                     for a in task.assignments.all() if a.role == role)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


def _plan_name(plan: Plan) -> str:
    """"Kế hoạch triển khai ..." whether or not the stored title repeats the document type."""
    return plan.title if fold(plan.title).startswith("ke hoach") else f"Kế hoạch {_lower_first(plan.title)}"


def _report_symbol(plan: Plan) -> str:
    tail = plan.symbol.split("-", 1)[1] if "-" in plan.symbol else ""
    return f"     /BC-{tail}" if tail else "     /BC"


def plan_docx(*, scope: Scope, plan_id: int) -> tuple[bytes, str]:
    plan = plan_detail(scope=scope, plan_id=plan_id)
    doc = OfficialDocument()
    doc.header(governing_body=plan.governing_body, issuing_body=plan.issuing_body, number_symbol=plan.number_symbol,
               place=plan.issued_place, on=plan.issued_on)
    doc.title("Kế hoạch", plan.title)
    for basis in plan.legal_basis_list:
        doc.para(_basis(basis))
    sectioned = _has_sections(plan)
    body = plan.purposes + ("\n" + plan.requirements if plan.requirements else "")
    if body.strip():
        doc.heading("I. MỤC ĐÍCH, YÊU CẦU")
        for line in body.split("\n"):
            if line.strip():
                doc.para(line.strip())
    if plan.target_list:
        doc.heading("Chỉ tiêu")
        for t in plan.target_list:
            where = f" tại {t.applies_to}" if t.applies_to else ""
            year = f" đến năm {t.deadline_year}" if t.deadline_year else ""
            doc.para(f"- {t.indicator}{where}{year}: {t.get_comparison_display()} {_qty(t.value)}{t.unit}.")
    if not sectioned:
        doc.heading("II. NỘI DUNG VÀ PHÂN CÔNG THỰC HIỆN")
    for task in plan.task_list:
        if sectioned and task.depth == 0 and fold(task.title).startswith("muc dich"):
            continue
        doc.heading(f"{task.number} {task.title}" if task.depth else f"{task.number}. {task.title}",
                    level=min(task.depth + 1, 3))
        leads, coords = _units(task, AssignmentRole.LEAD), _units(task, AssignmentRole.COORDINATE)
        if leads:
            doc.para(leads + ".", bold_prefix="- Đơn vị thực hiện: ")
        if coords:
            doc.para(coords + ".", bold_prefix="- Đơn vị phối hợp: ")
        if task.content:
            doc.para(task.content, bold_prefix="- Nội dung: ")
        if task.method:
            doc.para(task.method, bold_prefix="- Phương thức thực hiện: ")
        if task.time_frame:
            doc.para(task.time_frame, bold_prefix="- Thời gian: ")
        for output in task.outputs.all():
            doc.para(f"{_qty(output.quantity)} {output.unit} {output.description}".strip(), bold_prefix="- Sản phẩm: ")
    titles = {fold(t.title) for t in plan.task_list if t.depth == 0}
    if plan.budget_source and "kinh phi" not in titles:
        doc.heading("KINH PHÍ")
        doc.para(plan.budget_source)
    if plan.implementation and "to chuc thuc hien" not in titles:
        doc.heading("TỔ CHỨC THỰC HIỆN")
        for line in plan.implementation.split("\n"):
            if line.strip():
                doc.para(line.strip())
    doc.closing(recipients=[r for r in plan.recipients.split("\n") if r.strip()], authority=plan.signer_authority,
                signer_name=plan.signer_name)
    return doc.render(), f"ke-hoach-{plan.pk}.docx"


def report_content(*, scope: Scope, plan_id: int, period_code: str) -> dict:
    """Everything the implementation report of a plan for a period says, from the units' reports
    whose periods fall inside the requested one (a 6-month report sums its two quarters)."""
    kind, starts_on, ends_on, label = period_bounds(period_code)
    plan = plan_detail(scope=scope, plan_id=plan_id)
    if not (plan.start_year <= starts_on.year <= plan.end_year):
        from hangviet.core.errors import DomainError

        raise DomainError("period_outside_plan", f"Kỳ {label} nằm ngoài thời kỳ của kế hoạch ({plan.period_label}).",
                          field="period", status=422)
    reports = ProgressReport.objects.filter(task__plan=plan, is_current=True, period__starts_on__gte=starts_on,
                                            period__ends_on__lte=ends_on,
                                            state__in=(ReportState.SUBMITTED, ReportState.ACCEPTED))
    condition = reports_visible_q(scope)
    if condition is not None:
        reports = reports.filter(condition)
    reports = list(reports.select_related("unit", "period").prefetch_related(
        Prefetch("quantities", queryset=AchievedQuantity.objects.select_related("output"))).order_by(
        "period__ends_on", "unit_id"))
    by_task = defaultdict(list)
    for r in reports:
        by_task[r.task_id].append(r)
    rows = []
    for task in plan.task_list:
        task_reports = by_task.get(task.id, [])
        totals: dict[tuple, Decimal] = defaultdict(Decimal)
        for r in task_reports:
            for q in r.quantities.all():
                key = (q.output_id, q.output.description if q.output else q.description, q.unit)
                totals[key] += q.quantity
        latest_status = task_reports[-1].status if task_reports else ""
        planned = {o.id: o for o in task.outputs.all()}
        quantities = []
        for (output_id, description, unit), total in totals.items():
            output = planned.get(output_id)
            quantities.append({"description": description, "unit": unit, "achieved": total,
                               "planned": output.quantity if output else None})
        for output in planned.values():
            if not any(k[0] == output.id for k in totals):
                quantities.append({"description": output.description, "unit": output.unit, "achieved": Decimal(0),
                                   "planned": output.quantity})
        rows.append({"task": task, "reports": task_reports, "status": latest_status,
                     "status_label": STATUS_LABELS.get(latest_status, "Chưa có báo cáo"), "quantities": quantities,
                     "leads": _units(task, AssignmentRole.LEAD)})
    return {"plan": plan, "label": label, "kind": kind, "starts_on": starts_on, "ends_on": ends_on, "rows": rows,
            "report_count": len(reports)}


def report_docx(*, scope: Scope, plan_id: int, period_code: str, on: dt.date | None = None) -> tuple[bytes, str]:
    data = report_content(scope=scope, plan_id=plan_id, period_code=period_code)
    plan, label = data["plan"], data["label"]
    focal = plan.focal_unit
    doc = OfficialDocument()
    doc.header(governing_body=plan.governing_body if plan.governing_body else "",
               issuing_body=plan.issuing_body, number_symbol=_report_symbol(plan), place=plan.issued_place,
               on=on or today())
    doc.title("Báo cáo", f"Kết quả thực hiện {_plan_name(plan)}\n{label}")
    ref = f"Kế hoạch số {plan.number_symbol}" if plan.number_symbol else "Kế hoạch"
    if plan.issued_on:
        ref += f" ngày {plan.issued_on:%d/%m/%Y}"
    doc.para(f"Thực hiện {ref} của {plan.issuing_body} về {_lower_first(plan.title)}, "
             f"{focal.name if focal else plan.issuing_body} tổng hợp kết quả thực hiện {label.lower()} "
             f"(số liệu từ ngày {data['starts_on']:%d/%m/%Y} đến ngày {data['ends_on']:%d/%m/%Y}) như sau:")
    doc.heading("PHẦN I. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ")
    for row in data["rows"]:
        task = row["task"]
        if task.number.strip() in ("+", "-") and not task.is_reportable:
            continue  # an item of its task: its outputs are reported on the task
        doc.heading(f"{task.number} {task.title}" if task.depth else f"{task.number}. {task.title}",
                    level=min(task.depth + 1, 3))
        if not task.is_reportable or not (row["reports"] or row["quantities"] or row["leads"]):
            continue
        if row["leads"]:
            doc.para(row["leads"] + ".", bold_prefix="- Đơn vị thực hiện: ")
        if row["reports"] or any(a.agency_id for a in task.assignments.all() if a.role == AssignmentRole.LEAD):
            doc.para(row["status_label"] + ".", bold_prefix="- Tình hình thực hiện: ")
        for r in row["reports"]:
            doc.para(r.narrative, bold_prefix=f"- {r.unit.short_name or r.unit.name} ({r.period.label}): ")
        for q in row["quantities"]:
            planned = f" / kế hoạch {_qty(q['planned'])}" if q["planned"] is not None else ""
            doc.para(f"{q['description']}: đạt {_qty(q['achieved'])} {q['unit']}{planned}.".replace("  ", " "),
                     bold_prefix="- Kết quả: ")
    if plan.target_list:
        doc.heading("PHẦN II. KẾT QUẢ THỰC HIỆN CHỈ TIÊU")
        for t in plan.target_list:
            achieved = _qty(t.achieved_value) + t.unit if t.achieved_value is not None else "chưa có số liệu"
            doc.para(f"- {t.indicator}{' tại ' + t.applies_to if t.applies_to else ''}: chỉ tiêu "
                     f"{t.get_comparison_display()} {_qty(t.value)}{t.unit}; đạt {achieved}.")
    doc.heading("PHẦN III. ĐÁNH GIÁ CHUNG VÀ PHƯƠNG HƯỚNG KỲ TỚI")
    counts = defaultdict(int)
    for row in data["rows"]:
        if row["status"]:
            counts[row["status"]] += 1
    summary = "; ".join(f"{STATUS_LABELS[s]}: {n:02d} nhiệm vụ" for s, n in counts.items()) or "chưa có báo cáo"
    doc.para(f"Tổng hợp {data['report_count']} báo cáo của các đơn vị. {summary}.")
    doc.para("Các đơn vị tiếp tục triển khai các nhiệm vụ theo Kế hoạch, báo cáo đúng thời hạn quy định.")
    focal_names = {fold(n) for n in (focal.all_names() if focal else [])}
    recipients = [r.recipient for r in plan.rule_list
                  if r.recipient and not r.recipient.isdigit() and fold(r.recipient) not in focal_names]
    if focal is not None and plan.issuing_agency_id and focal.pk != plan.issuing_agency_id:
        recipients.insert(0, f"Lãnh đạo {plan.issuing_body} (báo cáo)")
    archive = f"Lưu: VT, {focal.short_name or focal.name}." if focal else "Lưu: VT."
    recipients = [*dict.fromkeys(recipients), archive]
    doc.closing(recipients=recipients, authority=plan.signer_authority, signer_name=plan.signer_name)
    return doc.render(), f"bao-cao-{plan.pk}-{period_code.upper()}.docx"


def annex_xlsx(*, scope: Scope, plan_id: int, period_code: str) -> tuple[bytes, str]:
    data = report_content(scope=scope, plan_id=plan_id, period_code=period_code)
    wb = Workbook()
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    ws = wb.active
    ws.title = "Phu luc 1 - Nhiem vu"
    title = f"PHỤ LỤC: KẾT QUẢ THỰC HIỆN NHIỆM VỤ - {data['label'].upper()}"
    ws.append([title])
    ws.append([data["plan"].title])
    ws.append([])
    headers = ["STT", "Nhiệm vụ", "Đơn vị thực hiện", "Tình hình thực hiện", "Sản phẩm", "Kế hoạch", "Đạt được",
               "Đơn vị tính", "Số báo cáo"]
    ws.append(headers)
    for row in data["rows"]:
        quantities = row["quantities"] or [None]
        for i, q in enumerate(quantities):
            ws.append([row["task"].number if i == 0 else "", row["task"].title if i == 0 else "",
                       row["leads"] if i == 0 else "", row["status_label"] if i == 0 else "",
                       q["description"] if q else "", float(q["planned"]) if q and q["planned"] is not None else None,
                       float(q["achieved"]) if q else None, q["unit"] if q else "",
                       len(row["reports"]) if i == 0 else None])
    _style(ws, header_row=4, widths=[8, 50, 35, 22, 40, 10, 10, 14, 10], border=border)
    ws2 = wb.create_sheet("Phu luc 2 - Chi tieu")
    ws2.append(["Chỉ tiêu", "Phạm vi áp dụng", "So sánh", "Giá trị", "Đơn vị", "Năm", "Đạt được"])
    for t in data["plan"].target_list:
        ws2.append([t.indicator, t.applies_to, t.get_comparison_display(), float(t.value), t.unit, t.deadline_year,
                    float(t.achieved_value) if t.achieved_value is not None else None])
    _style(ws2, header_row=1, widths=[50, 40, 10, 10, 10, 8, 10], border=border)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue(), f"phu-luc-{data['plan'].pk}-{period_code.upper()}.xlsx"


def _style(ws, *, header_row: int, widths: list[int], border):
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    for row in ws.iter_rows(min_row=1):
        for cell in row:
            cell.font = Font(name="Times New Roman", size=12, bold=cell.row in (1, header_row))
            if cell.row >= header_row:
                cell.border = border
                cell.alignment = Alignment(wrap_text=True, vertical="top")
