"""Back-office pages of plans beyond the model screens: plan-text import (paste/upload -> review side
by side -> confirm), the plan dashboard with charts, exports, "Việc của tôi", submitting a report and
reviewing one. Thin adapters: services and selectors decide."""

from __future__ import annotations

import json

from django.contrib import messages
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from hangviet.agencies.scope import scope_for
from hangviet.core.errors import DomainError, NotFound

from . import importing, policy, selectors, services
from .documents import exports
from .forms import ImportForm, ReviewForm, SubmitForm, quantities_from_post
from .models import ReportState, TaskEvidence, TaskOutput, TaskStatus

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _context(request, title, **extra):
    from django.contrib import admin

    return {**admin.site.each_context(request), "title": title, **extra}


def import_view(request):
    scope = scope_for(request.user)
    if not scope.has_role("focal", "leader"):
        messages.error(request, _("Chỉ cán bộ đầu mối hoặc lãnh đạo được nhập kế hoạch."))
        return redirect("admin:index")
    stage = request.POST.get("stage", "paste")
    if request.method == "POST" and stage == "confirm":
        text = request.POST.get("source_text", "")
        try:
            base = json.loads(request.POST.get("proposal_json") or "{}")
        except ValueError:
            base = {}
        proposal = importing.proposal_from_post(request.POST, base=base, scope=scope)
        try:
            plan = services.plan_create_from_proposal(scope=scope, proposal=proposal, source_text=text)
        except DomainError as exc:
            errors = [f"{msg}" for msgs in (exc.errors or {"": [exc.message]}).values() for msg in msgs]
            review = importing.review_context(proposal=proposal, scope=scope)
            return TemplateResponse(request, "admin/plans/import_review.html", _context(
                request, _("Rà soát kế hoạch trước khi lưu"), review=review, text=text, errors=errors,
                proposal_json=json.dumps(proposal, ensure_ascii=False, default=str)), status=422)
        messages.success(request, _("Đã lưu kế hoạch “%(t)s” với %(n)s nhiệm vụ và tạo các kỳ báo cáo.")
                         % {"t": plan.title, "n": plan.tasks.count()})
        return redirect("admin:plans_plan_dashboard", plan.pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            text = form.plan_text()
            result = importing.propose_from_text(scope=scope, text=text)
        except DomainError as exc:
            form.add_error("file" if exc.field == "file" else "text", exc.message)
        else:
            review = importing.review_context(proposal=result["proposal"], scope=scope)
            return TemplateResponse(request, "admin/plans/import_review.html", _context(
                request, _("Rà soát kế hoạch trước khi lưu"), review=review, text=result["text"],
                warnings=result.get("warnings", []),
                proposal_json=json.dumps(result["proposal"], ensure_ascii=False, default=str)))
    status = 422 if request.method == "POST" else 200
    return TemplateResponse(request, "admin/plans/import.html",
                            _context(request, _("Nhập kế hoạch từ văn bản"), form=form), status=status)


def dashboard_view(request, pk):
    scope = scope_for(request.user)
    try:
        data = selectors.plan_dashboard(scope=scope, plan_id=pk)
    except NotFound as exc:
        messages.error(request, exc.message)
        return redirect("admin:plans_plan_changelist")
    labels = data["status_labels"]
    status_chart = {"labels": [labels[k] for k in data["status_counts"]],
                    "datasets": [{"label": _("Số nhiệm vụ"), "data": list(data["status_counts"].values()),
                                  "backgroundColor": ["#9ca3af", "#16a34a", "#f59e0b", "#2563eb", "#6b7280"]}]}
    timeline = data["timeline"]
    timeline_chart = {"labels": [p["label"] for p in timeline], "datasets": [
        {"label": _("Đã chấp nhận"), "data": [p["accepted"] for p in timeline], "backgroundColor": "#16a34a"},
        {"label": _("Chờ xem xét"), "data": [p["submitted"] for p in timeline], "backgroundColor": "#2563eb"},
        {"label": _("Bị trả lại"), "data": [p["returned"] for p in timeline], "backgroundColor": "#f59e0b"},
        {"label": _("Quá hạn chưa nộp"), "data": [p["overdue"] for p in timeline], "backgroundColor": "#dc2626"}]}
    outputs = data["outputs"]
    output_chart = {"labels": [f"{o['task']} {o['description'][:40]}" for o in outputs], "datasets": [
        {"label": _("Kế hoạch"), "data": [float(o["planned"] or 0) for o in outputs], "backgroundColor": "#9ca3af"},
        {"label": _("Đạt được (báo cáo)"), "data": [float(o["achieved"]) for o in outputs],
         "backgroundColor": "#16a34a"}]}
    periods = [p["code"] for p in timeline]
    export_periods = sorted({*periods, *{c.split("-")[0] for c in periods},
                             *{f"{c[:4]}-H{1 if c[-1] in '12' else 2}" for c in periods if "-Q" in c}})
    return TemplateResponse(request, "admin/plans/dashboard.html", _context(
        request, _("Theo dõi: %s") % data["plan"].title, d=data, can_manage=policy.can_manage_plan(scope, data["plan"]),
        status_chart=json.dumps(status_chart, ensure_ascii=False),
        timeline_chart=json.dumps(timeline_chart, ensure_ascii=False),
        output_chart=json.dumps(output_chart, ensure_ascii=False), export_periods=export_periods,
        stacked=json.dumps({"maxBarThickness": 48, "scales": {"x": {"stacked": True},
                                                              "y": {"stacked": True, "ticks": {"precision": 0}}}}),
        plain_options=json.dumps({"maxBarThickness": 48, "plugins": {"legend": {"display": False}},
                                  "scales": {"y": {"beginAtZero": True, "ticks": {"precision": 0}}}}),
        grouped_options=json.dumps({"maxBarThickness": 36, "aspectRatio": 3, "scales": {"y": {"beginAtZero": True,
                                                                             "ticks": {"precision": 0}}}})))


def export_view(request, pk, kind):
    scope = scope_for(request.user)
    period = request.GET.get("period", "")
    try:
        if kind == "ke-hoach.docx":
            content, name = exports.plan_docx(scope=scope, plan_id=pk)
            mime = DOCX
        elif kind == "bao-cao.docx":
            content, name = exports.report_docx(scope=scope, plan_id=pk, period_code=period)
            mime = DOCX
        elif kind == "phu-luc.xlsx":
            content, name = exports.annex_xlsx(scope=scope, plan_id=pk, period_code=period)
            mime = XLSX
        else:
            raise NotFound(_("Không có loại tệp này."))
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("admin:plans_plan_changelist")
    response = HttpResponse(content, content_type=mime)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def my_work_view(request):
    scope = scope_for(request.user)
    work = selectors.my_work(scope=scope)
    units = selectors.unit_work_counts(scope=scope) if scope.has_role("leader", "focal") else []
    return TemplateResponse(request, "admin/plans/my_work.html", _context(
        request, _("Việc của tôi"), work=work, units=units))


def submit_view(request, pk):
    scope = scope_for(request.user)
    try:
        report = selectors.report_get(scope=scope, report_id=pk)
    except NotFound as exc:
        messages.error(request, exc.message)
        return redirect("admin:plans_my_work")
    if not policy.can_write_report(scope, report):
        messages.error(request, _("Bạn chỉ được nộp báo cáo của đơn vị mình."))
        return redirect("admin:plans_progressreport_change", pk)
    outputs = list(TaskOutput.objects.filter(task_id=report.task_id))
    form = SubmitForm(request.POST or None, request.FILES or None,
                      initial={"status": report.status or TaskStatus.ON_TRACK, "narrative": report.narrative})
    existing = {q.output_id: q for q in report.quantities.all()}
    linked = {e.pk for q in existing.values() for e in q.evidence.all()}
    evidence = list(TaskEvidence.objects.filter(task_id=report.task_id, withdrawn_at__isnull=True)
                    .filter(Q(period=report.period) | Q(occurred_on__range=(report.period.starts_on, report.period.ends_on)))
                    .order_by("occurred_on", "pk"))
    rows = [{"output": o, "value": existing[o.id].quantity if o.id in existing else "",
             "evidence": [{"item": e, "checked": not existing or e.pk in linked} for e in evidence
                          if e.output_id in (None, o.id)]} for o in outputs]
    if request.method == "POST" and form.is_valid():
        try:
            quantities = quantities_from_post(request.POST, outputs)
            services.report_submit(scope=scope, report_id=pk, status=form.cleaned_data["status"],
                                   narrative=form.cleaned_data["narrative"], quantities=quantities)
            for upload in request.FILES.getlist("files"):
                services.report_attach(scope=scope, report_id=pk, upload=upload)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Đã nộp báo cáo. Cán bộ đầu mối sẽ xem xét."))
            return redirect("admin:plans_my_work")
    status = 422 if request.method == "POST" else 200
    return TemplateResponse(request, "admin/plans/submit.html", _context(
        request, _("Nộp báo cáo: %s") % report, report=report, form=form, rows=rows), status=status)


def review_view(request, pk):
    scope = scope_for(request.user)
    try:
        report = selectors.report_get(scope=scope, report_id=pk)
    except NotFound as exc:
        messages.error(request, exc.message)
        return redirect("admin:plans_my_work")
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["decision"] == "revise":
                services.report_revise(scope=scope, report_id=pk, reason=form.cleaned_data["comment"])
            else:
                services.report_review(scope=scope, report_id=pk, accept=form.cleaned_data["decision"] == "accept",
                                       comment=form.cleaned_data["comment"])
        except DomainError as exc:
            form.add_error("comment" if exc.field == "comment" else None, exc.message)
        else:
            messages.success(request, _("Đã ghi nhận."))
            return redirect("admin:plans_my_work")
    revisions = selectors.report_revisions(scope=scope, report=report)
    return TemplateResponse(request, "admin/plans/review.html", _context(
        request, _("Xem xét báo cáo: %s") % report, report=report, form=form, revisions=revisions,
        can_review=policy.can_review_report(scope, report) and report.state == ReportState.SUBMITTED,
        can_revise=report.state == ReportState.ACCEPTED and report.is_current),
        status=422 if request.method == "POST" else 200)


def delegation_view(request, pk):
    """Link a task to the higher-level plan's task it carries out (or unlink it): the task's managers
    pick it from the tasks of the other plans they can read."""
    scope = scope_for(request.user)
    try:
        task = selectors.task_get(scope=scope, task_id=pk)
    except NotFound as exc:
        messages.error(request, exc.message)
        return redirect("admin:plans_task_changelist")
    back = redirect("admin:plans_task_change", task.pk)
    if not policy.can_manage_plan(scope, task.plan):
        messages.error(request, _("Chỉ đơn vị đầu mối hoặc lãnh đạo cơ quan ban hành kế hoạch được gắn nhiệm vụ cấp trên."))
        return back
    error = ""
    if request.method == "POST":
        choice = (request.POST.get("carries_out") or "").strip()
        try:
            parent_id = int(choice) if choice else None
        except ValueError:
            parent_id, error = None, _("Nhiệm vụ cấp trên đã chọn không hợp lệ.")
        if not error:
            try:
                services.task_link_delegation(scope=scope, task_id=task.pk, parent_task_id=parent_id)
            except DomainError as exc:
                error = exc.message
            else:
                messages.success(request, _("Đã gắn nhiệm vụ cấp trên.") if parent_id else
                                 _("Đã bỏ liên kết với nhiệm vụ cấp trên."))
                return back
    q = (request.GET.get("q") or "")[:200]
    candidates, total = selectors.delegation_candidates(scope=scope, task=task, q=q)
    return TemplateResponse(request, "admin/plans/delegation.html", _context(
        request, _("Nhiệm vụ cấp trên của: %s") % task, task=task, candidates=candidates, total=total, q=q,
        error=error, delegated=task.delegated_tasks.select_related("plan").order_by("plan__title", "order")),
        status=422 if error else 200)


def unit_view(request, unit_id):
    """One unit's reporting across all plans: what it must still report (overdue first), per plan, and
    its latest reports. Its own officers, the plans' managers and leaders above it see it."""
    scope = scope_for(request.user)
    try:
        data = selectors.unit_overview(scope=scope, unit_id=unit_id)
    except NotFound as exc:
        messages.error(request, exc.message)
        return redirect("admin:plans_my_work")
    own = data["unit"].pk in scope.agency_ids
    return TemplateResponse(request, "admin/plans/unit.html", _context(
        request, _("Theo dõi báo cáo của đơn vị: %s") % data["unit"].name, d=data, view_only=not own))
