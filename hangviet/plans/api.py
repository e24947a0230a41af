"""API of plans: list and detail (with tasks), plan-text parsing (saves nothing), confirming an
import, progress reports read and write, review, exports. Thin: services and selectors decide."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from ninja import File, Query, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field

from hangviet.agencies.scope import scope_for
from hangviet.api.schemas import ERRORS, Page, paginate
from hangviet.core.errors import DomainError, PermissionDenied

from . import selectors, services
from .documents import exports
from .models import AssignmentRole

PREFIX = "/plans"
router = Router(tags=["Kế hoạch"])

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_TEXT = 400_000


class UnitOut(Schema):
    name: str
    agency_id: int | None


class OutputOut(Schema):
    id: int
    description: str
    quantity: Decimal | None
    unit: str


class TaskOut(Schema):
    id: int
    number: str
    title: str
    parent_id: int | None
    depth: int
    content: str
    method: str
    time_frame: str
    budget: str
    lead_units: list[UnitOut]
    coordinating_units: list[UnitOut]
    outputs: list[OutputOut]
    carries_out_id: int | None


class PlanOut(Schema):
    id: int
    title: str
    number_symbol: str
    issuing_body: str
    issued_on: str | None
    start_year: int
    end_year: int
    level: str
    place_code: str
    focal_unit_id: int | None
    status: str


class LegalBasisOut(Schema):
    doc_type: str
    number_symbol: str
    issued_on: str | None
    issuer: str
    summary: str


class TargetOut(Schema):
    indicator: str
    comparison: str
    value: Decimal
    unit: str
    deadline_year: int | None
    applies_to: str
    achieved_value: Decimal | None


class PeriodOut(Schema):
    code: str
    label: str
    data_from: str
    data_to: str
    due_date: str
    is_closed: bool


class PlanDetailOut(PlanOut):
    governing_body: str
    issued_place: str
    purposes: str
    requirements: str
    budget_source: str
    implementation: str
    recipients: list[str]
    signer_authority: str
    signer_name: str
    legal_bases: list[LegalBasisOut]
    targets: list[TargetOut]
    periods: list[PeriodOut]
    tasks: list[TaskOut]


def _plan_out(p) -> dict:
    return {"id": p.pk, "title": p.title, "number_symbol": p.number_symbol, "issuing_body": p.issuing_body,
            "issued_on": p.issued_on.isoformat() if p.issued_on else None, "start_year": p.start_year,
            "end_year": p.end_year, "level": p.level, "place_code": p.place_id, "focal_unit_id": p.focal_unit_id,
            "status": p.status}


def _units(task, role) -> list[dict]:
    return [{"name": a.name, "agency_id": a.agency_id} for a in task.assignments.all() if a.role == role]


def _task_out(t) -> dict:
    return {"id": t.pk, "number": t.number, "title": t.title, "parent_id": t.parent_id, "depth": t.depth,
            "content": t.content, "method": t.method, "time_frame": t.time_frame, "budget": t.budget,
            "lead_units": _units(t, AssignmentRole.LEAD), "coordinating_units": _units(t, AssignmentRole.COORDINATE),
            "outputs": [{"id": o.pk, "description": o.description, "quantity": o.quantity, "unit": o.unit}
                        for o in t.outputs.all()], "carries_out_id": t.carries_out_id}


class PlanFilters(Schema):
    q: str | None = Field(None, max_length=200)
    year: int | None = Field(None, ge=2000, le=2100)
    status: str | None = Field(None, max_length=10)
    page: int = 1
    page_size: int = 20


@router.get("", response={200: Page[PlanOut], **ERRORS}, summary="Kế hoạch trong phạm vi của tôi")
def list_plans(request, filters: Query[PlanFilters]):
    qs = selectors.plan_list(scope=scope_for(request.user), q=filters.q, year=filters.year, status=filters.status)
    items, count = paginate(qs, page=filters.page, page_size=filters.page_size)
    return {"items": [_plan_out(p) for p in items], "count": count}


class ParseIn(Schema):
    text: str = Field(max_length=MAX_TEXT)


@router.post("/parse", response={200: dict[str, Any], **ERRORS},
             summary="Phân tích văn bản kế hoạch thành cấu trúc đề xuất (không lưu gì)")
def parse_plan(request, payload: ParseIn):
    from .importing import propose_from_text

    scope = scope_for(request.user)
    if not scope.is_official:
        raise PermissionDenied()
    return propose_from_text(scope=scope, text=payload.text)


class ConfirmIn(Schema):
    proposal: dict[str, Any]
    source_text: str = Field("", max_length=MAX_TEXT)


@router.post("", response={201: PlanDetailOut, **ERRORS}, summary="Lưu kế hoạch đã rà soát (xác nhận nhập)")
def confirm_plan(request, payload: ConfirmIn):
    scope = scope_for(request.user)
    plan = services.plan_create_from_proposal(scope=scope, proposal=payload.proposal, source_text=payload.source_text)
    return Status(201, _plan_detail_out(selectors.plan_detail(scope=scope, plan_id=plan.pk)))


# --- progress reports (before /{plan_id} so the literal paths win) ----------------------------------
class QuantityInSchema(Schema):
    quantity: Decimal
    description: str = Field("", max_length=300)
    unit: str = Field("", max_length=60)
    output_id: int | None = None
    evidence_ids: list[int] = Field(default_factory=list, max_length=50)


class QuantityOut(Schema):
    output_id: int | None
    description: str
    quantity: Decimal
    unit: str
    evidence_ids: list[int]


class ReportOut(Schema):
    id: int
    plan_id: int
    task_id: int
    task_number: str
    unit_id: int
    unit: str
    period: str
    revision: int
    is_current: bool
    state: str
    status: str
    narrative: str
    due_date: str | None
    submitted_at: str | None
    review_comment: str
    quantities: list[QuantityOut]
    files: list[str]


def _report_out(r) -> dict:
    return {"id": r.pk, "plan_id": r.task.plan_id, "task_id": r.task_id, "task_number": r.task.number,
            "unit_id": r.unit_id, "unit": str(r.unit), "period": r.period.code, "revision": r.revision,
            "is_current": r.is_current, "state": r.state, "status": r.status, "narrative": r.narrative,
            "due_date": r.due_date.isoformat() if r.due_date else None,
            "submitted_at": r.submitted_at.isoformat() if r.submitted_at else None,
            "review_comment": r.review_comment,
            "quantities": [{"output_id": q.output_id, "description": q.description, "quantity": q.quantity,
                            "unit": q.unit, "evidence_ids": [e.pk for e in q.evidence.all()]}
                           for q in r.quantities.all()],
            "files": [a.original_name for a in r.attachments.all()]}


class ReportFilters(Schema):
    plan: int | None = None
    task: int | None = None
    period: str | None = Field(None, max_length=10)
    unit: int | None = None
    state: str | None = Field(None, max_length=12)
    page: int = 1
    page_size: int = 50


@router.get("/reports", response={200: Page[ReportOut], **ERRORS}, summary="Báo cáo tiến độ trong phạm vi của tôi")
def list_reports(request, filters: Query[ReportFilters]):
    qs = selectors.report_list(scope=scope_for(request.user), plan_id=filters.plan, task_id=filters.task,
                               period=filters.period, unit_id=filters.unit, state=filters.state)
    items, count = paginate(qs, page=filters.page, page_size=filters.page_size)
    return {"items": [_report_out(r) for r in items], "count": count}


@router.get("/reports/{report_id}", response={200: ReportOut, **ERRORS}, summary="Chi tiết báo cáo tiến độ")
def get_report(request, report_id: int):
    return _report_out(selectors.report_get(scope=scope_for(request.user), report_id=report_id))


class SubmitIn(Schema):
    status: str = Field(max_length=12)
    narrative: str = Field(max_length=20000)
    quantities: list[QuantityInSchema] = Field(default_factory=list, max_length=50)


class NewReportIn(SubmitIn):
    task_id: int
    period: str = Field(max_length=10)
    unit_id: int | None = None


def _quantities(items) -> list:
    return [services.QuantityIn(**q.dict()) for q in items]


@router.post("/reports", response={200: ReportOut, **ERRORS}, summary="Nộp báo cáo của đơn vị cho nhiệm vụ và kỳ")
def submit_new(request, payload: NewReportIn):
    scope = scope_for(request.user)
    report = services.report_for(scope=scope, task_id=payload.task_id, period_code=payload.period,
                                 unit_id=payload.unit_id)
    services.report_submit(scope=scope, report_id=report.pk, status=payload.status, narrative=payload.narrative,
                           quantities=_quantities(payload.quantities))
    return _report_out(selectors.report_get(scope=scope, report_id=report.pk))


@router.put("/reports/{report_id}", response={200: ReportOut, **ERRORS}, summary="Nộp / nộp lại báo cáo")
def submit(request, report_id: int, payload: SubmitIn):
    scope = scope_for(request.user)
    services.report_submit(scope=scope, report_id=report_id, status=payload.status, narrative=payload.narrative,
                           quantities=_quantities(payload.quantities))
    return _report_out(selectors.report_get(scope=scope, report_id=report_id))


class ReviewIn(Schema):
    accept: bool
    comment: str = Field("", max_length=4000)


@router.post("/reports/{report_id}/review", response={200: ReportOut, **ERRORS},
             summary="Chấp nhận hoặc trả lại báo cáo (cán bộ đầu mối)")
def review(request, report_id: int, payload: ReviewIn):
    scope = scope_for(request.user)
    services.report_review(scope=scope, report_id=report_id, accept=payload.accept, comment=payload.comment)
    return _report_out(selectors.report_get(scope=scope, report_id=report_id))


class ReviseIn(Schema):
    reason: str = Field(max_length=2000)


@router.post("/reports/{report_id}/revise", response={201: ReportOut, **ERRORS},
             summary="Mở bản điều chỉnh của báo cáo đã chấp nhận")
def revise(request, report_id: int, payload: ReviseIn):
    scope = scope_for(request.user)
    new = services.report_revise(scope=scope, report_id=report_id, reason=payload.reason)
    return Status(201, _report_out(selectors.report_get(scope=scope, report_id=new.pk)))


@router.post("/reports/{report_id}/files", response={201: ReportOut, **ERRORS}, summary="Đính kèm tệp minh chứng")
def attach(request, report_id: int, file: File[UploadedFile]):
    scope = scope_for(request.user)
    services.report_attach(scope=scope, report_id=report_id, upload=file)
    return Status(201, _report_out(selectors.report_get(scope=scope, report_id=report_id)))


@router.get("/my-work", response={200: dict[str, Any], **ERRORS}, summary="Việc của tôi: đến hạn, sắp đến hạn, quá hạn")
def my_work(request):
    work = selectors.my_work(scope=scope_for(request.user))

    def item(r):
        return {"report_id": r.pk, "plan_id": r.task.plan_id, "task": f"{r.task.number} {r.task.title}",
                "unit": str(r.unit), "period": r.period.code, "due_date": r.due_date.isoformat() if r.due_date else None,
                "state": r.state}

    return {k: [item(r) for r in work[k]] for k in ("overdue", "due_soon", "upcoming", "to_review")}


# --- one plan ------------------------------------------------------------------------------------
def _plan_detail_out(p) -> dict:
    return {**_plan_out(p), "governing_body": p.governing_body, "issued_place": p.issued_place,
            "purposes": p.purposes, "requirements": p.requirements, "budget_source": p.budget_source,
            "implementation": p.implementation, "recipients": [r for r in p.recipients.split("\n") if r],
            "signer_authority": p.signer_authority, "signer_name": p.signer_name,
            "legal_bases": [{"doc_type": d.doc_type, "number_symbol": d.number_symbol,
                             "issued_on": d.issued_on.isoformat() if d.issued_on else None, "issuer": d.issuer,
                             "summary": d.summary} for d in p.legal_basis_list],
            "targets": [{"indicator": t.indicator, "comparison": t.comparison, "value": t.value, "unit": t.unit,
                         "deadline_year": t.deadline_year, "applies_to": t.applies_to,
                         "achieved_value": t.achieved_value} for t in p.target_list],
            "periods": [{"code": x.code, "label": x.label, "data_from": x.data_from.isoformat(),
                         "data_to": x.data_to.isoformat(), "due_date": x.due_date.isoformat(),
                         "is_closed": x.is_closed} for x in p.period_list],
            "tasks": [_task_out(t) for t in p.task_list]}


@router.get("/{plan_id}", response={200: PlanDetailOut, **ERRORS}, summary="Chi tiết kế hoạch và các nhiệm vụ")
def get_plan(request, plan_id: int):
    return _plan_detail_out(selectors.plan_detail(scope=scope_for(request.user), plan_id=plan_id))


@router.get("/{plan_id}/dashboard", response={200: dict[str, Any], **ERRORS}, summary="Số liệu theo dõi kế hoạch")
def plan_dashboard(request, plan_id: int):
    data = selectors.plan_dashboard(scope=scope_for(request.user), plan_id=plan_id)
    b = data["buckets"]
    return {"plan_id": plan_id, "tasks": data["task_count"], "status_counts": data["status_counts"],
            "buckets": {"early": b.early, "on_time": b.on_time, "overdue": b.overdue, "open": b.open},
            "overdue_count": data["overdue_count"],
            "timeline": [{**p, "due_date": p["due_date"].isoformat()} for p in data["timeline"]],
            "units": data["units"],
            "outputs": [{**o, "planned": str(o["planned"]) if o["planned"] is not None else None,
                         "achieved": str(o["achieved"]), "evidence": str(o["evidence"])} for o in data["outputs"]]}


def _file(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@router.get("/{plan_id}/plan.docx", response={200: None, **ERRORS}, summary="Tải kế hoạch (DOCX)")
def plan_docx(request, plan_id: int):
    return _file(*exports.plan_docx(scope=scope_for(request.user), plan_id=plan_id), DOCX)


@router.get("/{plan_id}/report.docx", response={200: None, **ERRORS},
            summary="Báo cáo kết quả thực hiện (DOCX) cho kỳ: 2024-Q1..Q4, 2024-H1, 2024-H2, 2024")
def report_docx(request, plan_id: int, period: str = Query(..., max_length=10)):
    return _file(*exports.report_docx(scope=scope_for(request.user), plan_id=plan_id, period_code=period), DOCX)


@router.get("/{plan_id}/annex.xlsx", response={200: None, **ERRORS}, summary="Phụ lục số liệu (XLSX) cho kỳ")
def annex_xlsx(request, plan_id: int, period: str = Query(..., max_length=10)):
    return _file(*exports.annex_xlsx(scope=scope_for(request.user), plan_id=plan_id, period_code=period), XLSX)


@router.get("/units/{unit_id}/dashboard", response={200: dict[str, Any], **ERRORS},
            summary="Số liệu theo dõi của một đơn vị (theo kế hoạch)")
def unit_dashboard(request, unit_id: int):
    data = selectors.unit_dashboard(scope=scope_for(request.user), unit_id=unit_id)
    b = data["buckets"]
    return {"unit_id": unit_id, "buckets": {"early": b.early, "on_time": b.on_time, "overdue": b.overdue, "open": b.open},
            "plans": [{"plan_id": p["task__plan_id"], "title": p["task__plan__title"], "expected": p["expected"],
                       "done": p["done"], "overdue": p["overdue"]} for p in data["plans"]]}


@router.get("/tasks/{task_id}/dashboard", response={200: dict[str, Any], **ERRORS},
            summary="Tiến độ của một nhiệm vụ: báo cáo theo kỳ, khối lượng, minh chứng")
def task_dashboard(request, task_id: int):
    data = selectors.task_dashboard(scope=scope_for(request.user), task_id=task_id)
    return {"task_id": task_id, "number": data["task"].number, "title": data["task"].title,
            "reports": [_report_out(r) for r in data["reports"]],
            "evidence": [{"label": e.label, "quantity": str(e.quantity), "url": e.url,
                          "period": e.period.code if e.period_id else None} for e in data["evidence"]]}


class DelegationIn(Schema):
    carries_out_task_id: int | None


@router.put("/tasks/{task_id}/delegation", response={200: TaskOut, **ERRORS},
            summary="Gắn nhiệm vụ với nhiệm vụ của kế hoạch cấp trên mà nó thực hiện")
def link_delegation(request, task_id: int, payload: DelegationIn):
    scope = scope_for(request.user)
    task = services.task_link_delegation(scope=scope, task_id=task_id, parent_task_id=payload.carries_out_task_id)
    return _task_out(selectors.tasks_prefetched(task.plan).get(pk=task.pk))


__all__ = ["router", "PREFIX", "DomainError"]
