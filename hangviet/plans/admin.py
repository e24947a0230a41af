"""Back office of plans: plans (with import, dashboard and exports), tasks, progress reports (with
"Chấp nhận" / "Trả lại"), legal documents, and the "Việc của tôi" page."""

from __future__ import annotations

from django.contrib import admin, messages
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from hangviet.agencies.admin_base import ReadOnlyScopedAdmin, ScopedAdmin
from hangviet.agencies.models import OFFICIAL_ROLES, Role
from hangviet.agencies.scope import scope_for
from hangviet.core import history
from hangviet.core.admin_site import nav_link, nav_model
from hangviet.core.errors import DomainError

from . import admin_views, policy, services
from .models import (
    LegalDocument,
    Plan,
    ProgressReport,
    ReportingDefault,
    ReportingPeriod,
    ReportingRule,
    ReportState,
    Target,
    Task,
    TaskAssignment,
    TaskEvidence,
    TaskOutput,
)
from .selectors.plans import reports_visible_q


class PlanScopedAdmin(ReadOnlyScopedAdmin):
    """Plans and their parts are written through services (import, reports); screens read them."""

    plan_prefix = ""

    def get_queryset(self, request):
        qs = self.model._default_manager.get_queryset()
        condition = policy.plans_visible_q(scope_for(request.user), prefix=self.plan_prefix)
        return qs if condition is None else qs.filter(condition)


class PlanPartInline(admin.TabularInline):
    """Inline parts of a plan: visible to whoever sees the plan, editable by who manages it."""

    extra = 0
    can_delete = False

    def has_view_permission(self, request, obj=None):
        return getattr(request.user, "is_official", False)

    def has_change_permission(self, request, obj=None):
        return obj is not None and policy.can_manage_plan(scope_for(request.user), obj)

    def has_add_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False


class TaskInline(PlanPartInline):
    model = Task
    fields = ["number", "title", "leads", "coordinators", "time_frame"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    ordering = ["order"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("assignments")

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("Đơn vị thực hiện"))
    def leads(self, obj):
        return ", ".join(a.name for a in obj.assignments.all() if a.role == "lead")

    @admin.display(description=_("Đơn vị phối hợp"))
    def coordinators(self, obj):
        return ", ".join(a.name for a in obj.assignments.all() if a.role == "coordinate")


class TargetInline(PlanPartInline):
    model = Target
    fields = ["indicator", "comparison", "value", "unit", "deadline_year", "applies_to", "achieved_value"]
    extra = 0
    can_delete = False


class RuleInline(PlanPartInline):
    model = ReportingRule
    fields = ["frequency", "recipient", "unit_reports", "cutoff_day", "due_day", "due_month_offset",
              "reminder_working_days", "resubmit_working_days", "source_text"]
    readonly_fields = ["source_text"]
    extra = 0
    can_delete = False


class PeriodInline(PlanPartInline):
    model = ReportingPeriod
    fields = ["code", "label", "data_from", "data_to", "due_date", "is_closed"]
    readonly_fields = ["code", "label", "data_from", "data_to", "due_date"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Plan)
class PlanAdmin(PlanScopedAdmin):
    list_display = ["title", "number_symbol", "period_label", "issuing_body", "status", "links"]
    list_filter = ["status", "level", "start_year"]
    search_fields = ["search_key", "title", "symbol"]
    list_select_related = ["place"]
    inlines = [TargetInline, RuleInline, PeriodInline, TaskInline]
    change_form_template = "admin/plans/plan_change_form.html"
    change_list_template = "admin/plans/plan_change_list.html"
    exclude = ["source_text", "legal_bases"]
    edit_roles = {Role.ADMIN, Role.FOCAL, Role.LEADER}

    def has_change_permission(self, request, obj=None):
        """Focal officers and leaders of the issuing body adjust targets, rules and periods."""
        scope = scope_for(request.user)
        if obj is None:
            return scope.has_role(Role.FOCAL, Role.LEADER)
        return policy.can_manage_plan(scope, obj)

    def get_readonly_fields(self, request, obj=None):
        editable = {"status", "targets"}
        return [f.name for f in Plan._meta.concrete_fields if f.name not in editable and f.name != "id"]

    def save_formset(self, request, form, formset, change):
        """Inline edits (targets' achieved values, reporting rules, closing periods) keep history; a rule
        change creates missing periods and moves the due dates of open ones."""
        for obj in formset.save(commit=False):
            fresh = type(obj).objects.filter(pk=obj.pk).first() if obj.pk else None
            before = history.snapshot(fresh) if fresh is not None else None
            if isinstance(obj, ReportingRule):
                obj.due_day = min(max(obj.due_day, 1), 31)
                obj.cutoff_day = min(max(obj.cutoff_day, 1), 28)
            obj.save()
            history.record(obj, actor=request.user, action="update" if before else "create", before=before)
        formset.save_m2m()
        if formset.model is ReportingRule and form.instance.pk:
            from .services.periods import generate_periods, recompute_due_dates

            generate_periods(plan=form.instance)
            recompute_due_dates(plan=form.instance)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("nhap-van-ban/", view(admin_views.import_view), name="plans_plan_import"),
            path("viec-cua-toi/", view(admin_views.my_work_view), name="plans_my_work"),
            path("<int:pk>/theo-doi/", view(admin_views.dashboard_view), name="plans_plan_dashboard"),
            path("don-vi/<int:unit_id>/", view(admin_views.unit_view), name="plans_unit_dashboard"),
            path("<int:pk>/xuat/<str:kind>/", view(admin_views.export_view), name="plans_plan_export"),
            *super().get_urls(),
        ]

    @admin.display(description=_("Số, ký hiệu"))
    def number_symbol(self, obj):
        return obj.number_symbol or "—"

    @admin.display(description=_("Thời kỳ"))
    def period_label(self, obj):
        return obj.period_label

    @admin.display(description=_("Theo dõi"))
    def links(self, obj):
        return format_html('<a class="text-primary-600 underline" href="{}">{}</a>',
                           reverse("admin:plans_plan_dashboard", args=[obj.pk]), _("Bảng theo dõi"))


@admin.register(Task)
class TaskAdmin(PlanScopedAdmin):
    plan_prefix = "plan__"
    list_display = ["number", "title", "plan", "time_frame"]
    list_filter = ["plan"]
    search_fields = ["title", "number"]
    list_select_related = ["plan"]
    readonly_fields = ["plan", "parent", "number", "title", "content", "method", "time_frame", "budget", "units",
                       "outputs_list", "delegation", "progress"]
    exclude = ["order", "depth", "starts_on", "ends_on", "budget_vnd", "is_reportable", "is_cancelled", "carries_out"]

    @admin.display(description=_("Phân công"))
    def units(self, obj):
        rows = TaskAssignment.objects.filter(task=obj).select_related("agency")
        return format_html_join(mark_safe("<br>"), "{}: {}", ((a.get_role_display(), a.name) for a in rows))

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None:
            obj.hv_scope = scope_for(request.user)  # the reports shown below are those this actor may read
        return obj

    @admin.display(description=_("Tiến độ theo kỳ"))
    def progress(self, obj):
        scope = getattr(obj, "hv_scope", None)
        if scope is None:
            return "—"
        reports = ProgressReport.objects.filter(task=obj, is_current=True)
        condition = reports_visible_q(scope)
        if condition is not None:
            reports = reports.filter(condition)
        reports = list(reports.select_related("unit", "period").order_by("period__due_date", "unit_id"))
        rows = format_html_join("", '<tr><td class="pr-3">{}</td><td class="pr-3">{}</td><td class="pr-3">{}</td>'
                                '<td class="pr-3">{}</td><td><a class="underline" href="{}">{}</a></td></tr>',
                                ((r.period.code, r.unit, r.get_state_display(), r.get_status_display() or "—",
                                  reverse("admin:plans_progressreport_review", args=[r.pk]), _("Xem"))
                                 for r in reports))
        return format_html('<table class="text-sm">{}</table>', rows) if reports else "—"

    def get_urls(self):
        view = self.admin_site.admin_view
        return [path("<int:pk>/nhiem-vu-cap-tren/", view(admin_views.delegation_view), name="plans_task_delegation"),
                *super().get_urls()]

    @admin.display(description=_("Thực hiện nhiệm vụ của kế hoạch cấp trên"))
    def delegation(self, obj):
        parts = []
        if obj.carries_out_id:
            parent = obj.carries_out
            parts.append(format_html("{} {} — {}", parent.number, parent.title, parent.plan))
        lower = list(obj.delegated_tasks.select_related("plan").order_by("plan__title", "order"))
        if lower:
            parts.append(format_html("{}: {}", _("Nhiệm vụ cấp dưới thực hiện nhiệm vụ này"),
                                     "; ".join(f"{t.number} {t.title} ({t.plan})" for t in lower)))
        scope = getattr(obj, "hv_scope", None)
        if scope is not None and policy.can_manage_plan(scope, obj.plan):
            parts.append(format_html('<a class="text-primary-600 underline" href="{}">{}</a>',
                                     reverse("admin:plans_task_delegation", args=[obj.pk]),
                                     _("Gắn / đổi nhiệm vụ cấp trên")))
        return format_html_join(mark_safe("<br>"), "{}", ((p,) for p in parts)) if parts else "—"

    @admin.display(description=_("Sản phẩm dự kiến"))
    def outputs_list(self, obj):
        return "; ".join(str(o) for o in TaskOutput.objects.filter(task=obj)) or "—"


class ReportScopedAdmin(ReadOnlyScopedAdmin):
    def get_queryset(self, request):
        qs = super(ScopedAdmin, self).get_queryset(request)
        condition = reports_visible_q(scope_for(request.user))
        return qs if condition is None else qs.filter(condition)


@admin.register(ProgressReport)
class ProgressReportAdmin(ReportScopedAdmin):
    list_display = ["task_label", "unit", "period", "state", "status", "due_date", "revision", "action_links"]
    list_filter = ["state", "status", "period__kind", "task__plan"]
    search_fields = ["task__title", "unit__name", "narrative"]
    list_select_related = ["task", "unit", "period"]
    actions = ["accept_selected", "return_selected"]
    readonly_fields = ["task", "unit", "period", "revision", "state", "status", "narrative", "quantities_list",
                       "files", "due_date", "finished_on", "submitted_by", "submitted_at", "reviewed_by",
                       "reviewed_at", "review_comment", "previous"]
    fields = readonly_fields
    change_form_template = "admin/plans/report_change_form.html"

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.resolver_match and request.resolver_match.url_name == "plans_progressreport_changelist":
            qs = qs.filter(is_current=True)
        return qs

    def get_urls(self):
        view = self.admin_site.admin_view
        return [path("<int:pk>/nop/", view(admin_views.submit_view), name="plans_progressreport_submit"),
                path("<int:pk>/xem-xet/", view(admin_views.review_view), name="plans_progressreport_review"),
                *super().get_urls()]

    @admin.display(description=_("Nhiệm vụ"))
    def task_label(self, obj):
        return f"{obj.task.number} {obj.task.title}"[:90]

    @admin.display(description=_("Khối lượng đạt được"))
    def quantities_list(self, obj):
        return "; ".join(str(q) for q in obj.quantities.all()) or "—"

    @admin.display(description=_("Tệp minh chứng"))
    def files(self, obj):
        return ", ".join(a.original_name for a in obj.attachments.all()) or "—"

    @admin.display(description=_("Thao tác"))
    def action_links(self, obj):
        if obj.state in (ReportState.PENDING, ReportState.RETURNED):
            return format_html('<a class="text-primary-600 underline" href="{}">{}</a>',
                               reverse("admin:plans_progressreport_submit", args=[obj.pk]), _("Nộp báo cáo"))
        if obj.state == ReportState.SUBMITTED:
            return format_html('<a class="text-primary-600 underline" href="{}">{}</a>',
                               reverse("admin:plans_progressreport_review", args=[obj.pk]), _("Xem xét"))
        return "—"

    def _review(self, request, queryset, accept: bool):
        scope = scope_for(request.user)
        done = 0
        for report in queryset.filter(state=ReportState.SUBMITTED):
            try:
                services.report_review(scope=scope, report_id=report.pk, accept=accept,
                                       comment="" if accept else str(_("Đề nghị bổ sung, làm rõ kết quả và số liệu.")))
                done += 1
            except DomainError as exc:
                messages.error(request, f"{report}: {exc.message}")
        messages.success(request, _("Đã xử lý %(n)s báo cáo.") % {"n": done})

    @admin.action(description=_("Chấp nhận"))
    def accept_selected(self, request, queryset):
        self._review(request, queryset, True)

    @admin.action(description=_("Trả lại"))
    def return_selected(self, request, queryset):
        self._review(request, queryset, False)


@admin.register(LegalDocument)
class LegalDocumentAdmin(ScopedAdmin):
    list_display = ["number_symbol", "doc_type", "issued_on", "issuer", "plan_count"]
    list_filter = ["doc_type"]
    search_fields = ["number_symbol", "summary", "issuer"]
    edit_roles = {Role.ADMIN}
    view_roles = set(OFFICIAL_ROLES)
    exclude = ["key"]

    def get_queryset(self, request):
        from django.db.models import Count

        return LegalDocument.objects.annotate(n_plans=Count("plan_links"))

    @admin.display(description=_("Số kế hoạch trích dẫn"))
    def plan_count(self, obj):
        return obj.n_plans


@admin.register(ReportingDefault)
class ReportingDefaultAdmin(ScopedAdmin):
    list_display = ["name", "legal_source", "valid_from", "valid_to", "cutoff_day", "due_day",
                    "reminder_working_days"]
    edit_roles = {Role.ADMIN}
    view_roles = {Role.ADMIN, Role.LEADER, Role.FOCAL}

    def get_queryset(self, request):
        return ReportingDefault.objects.all()  # national rules: everyone who may view sees them


@admin.register(TaskEvidence)
class TaskEvidenceAdmin(PlanScopedAdmin):
    plan_prefix = "task__plan__"
    list_display = ["label", "task", "quantity", "period", "occurred_on", "withdrawn_at"]
    list_select_related = ["task", "period"]
    list_filter = ["withdrawn_at"]


nav_model(group="plans", model=Plan, icon="assignment", order=10)
nav_link(group="plans", title=_("Việc của tôi"), icon="task_alt", url_name="admin:plans_my_work", order=5,
         permission=lambda request: getattr(request.user, "is_official", False))
nav_link(group="plans", title=_("Nhập kế hoạch từ văn bản"), icon="upload_file", url_name="admin:plans_plan_import",
         order=15, permission=lambda request: scope_for(request.user).has_role(Role.FOCAL, Role.LEADER))
nav_model(group="plans", model=ProgressReport, icon="fact_check", order=20)
nav_model(group="plans", model=Task, icon="checklist", order=30)
nav_model(group="plans", model=LegalDocument, icon="gavel", order=40)
nav_model(group="plans", model=TaskEvidence, icon="link", order=50)
nav_model(group="plans", model=ReportingDefault, icon="event_repeat", order=60)


def _dashboard_card(scope):
    if not scope.is_official:
        return []
    from .selectors.dashboard import scope_summary

    s = scope_summary(scope)
    cards = [{"title": str(_("Báo cáo kế hoạch quá hạn")), "value": s["overdue"],
              "footer": str(_("của đơn vị bạn, chưa nộp")), "link": reverse("admin:plans_my_work")},
             {"title": str(_("Báo cáo sắp đến hạn")), "value": s["due_soon"],
              "footer": str(_("trong 5 ngày làm việc tới")), "link": reverse("admin:plans_my_work")}]
    if s["to_review"]:
        cards.append({"title": str(_("Báo cáo chờ xem xét")), "value": s["to_review"],
                      "footer": str(_("cần chấp nhận hoặc trả lại")),
                      "link": reverse("admin:plans_progressreport_changelist") + "?state__exact=submitted"})
    return cards


from hangviet.reports.dashboard import register_card  # noqa: E402

register_card(20, _dashboard_card)
