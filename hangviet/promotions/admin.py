"""Back office of promotions: rules (shared), calls, programmes (reviewed on the shared filing screen),
findings, result reports, statistics. Writes go through services."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from hangviet.agencies.admin_base import ReadOnlyScopedAdmin, ScopedAdmin
from hangviet.agencies.models import Role
from hangviet.agencies.scope import scope_for
from hangviet.core.admin_site import nav_link, nav_model
from hangviet.core.errors import DomainError
from hangviet.filings.services import filing_recompute_deadlines

from . import selectors, services
from .models import Finding, Programme, PromotionCall, PromotionRule, ResultReport

OFFICERS = {Role.ADMIN, Role.LEADER, Role.FOCAL, Role.OFFICER}


@admin.register(PromotionRule)
class PromotionRuleAdmin(ScopedAdmin):
    list_display = ["form", "procedure", "lead_time_working_days", "max_value_percent", "holiday_max_value_percent",
                    "max_duration_days", "review_working_days", "effective_from", "effective_to"]
    list_filter = ["form", "procedure"]
    edit_roles = {Role.ADMIN}

    def get_queryset(self, request):
        return PromotionRule.objects.all()

    def save_with_service(self, request, obj, form, change):
        obj.save()
        filing_recompute_deadlines(kind="promotion")


@admin.register(PromotionCall)
class PromotionCallAdmin(ScopedAdmin):
    list_display = ["title", "starts_on", "ends_on", "status", "agency", "concentrated_max_percent"]
    list_filter = ["status"]
    search_fields = ["title", "search_key"]
    list_select_related = ["agency", "place"]
    fields = ["title", "description", "starts_on", "ends_on", "concentrated_max_percent", "legal_source", "place",
              "status"]
    autocomplete_fields = ["place"]
    scope_place_field = "place"
    scope_agency_field = "agency"
    edit_roles = OFFICERS
    actions = ["publish", "close"]

    def save_with_service(self, request, obj, form, change):
        scope = scope_for(request.user)
        saved = services.call_save(scope=scope, call_id=obj.pk if change else None,
                                   publish=obj.status == "published", data=services.CallData(
                                       title=obj.title, starts_on=obj.starts_on, ends_on=obj.ends_on,
                                       description=obj.description, concentrated_max_percent=obj.concentrated_max_percent,
                                       legal_source=obj.legal_source, place_code=obj.place_id))
        obj.pk = saved.pk

    def _set(self, request, queryset, status):
        scope = scope_for(request.user)
        for call in queryset:
            try:
                services.call_set_status(scope=scope, call_id=call.pk, status=status)
            except DomainError as exc:
                messages.error(request, f"{call}: {exc.message}")

    @admin.action(description=_("Phát động các đợt đã chọn"))
    def publish(self, request, queryset):
        self._set(request, queryset, "published")

    @admin.action(description=_("Kết thúc các đợt đã chọn"))
    def close(self, request, queryset):
        self._set(request, queryset, "closed")


class FindingInline(admin.TabularInline):
    model = Finding
    extra = 0
    can_delete = False
    fields = ["found_on", "description", "exceeds_filing", "action_taken", "inspector"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Programme)
class ProgrammeAdmin(ReadOnlyScopedAdmin):
    list_display = ["name", "business", "reference", "state", "starts_on", "ends_on", "exceeds_filing", "review_link"]
    list_filter = ["filing__state", "exceeds_filing", "procedure"]
    search_fields = ["name", "search_key", "filing__reference"]
    list_select_related = ["business", "filing"]
    scope_agency_field = "filing__receiving_agency"
    scope_place_field = "filing__receiving_agency__place"
    exclude = ["provinces", "forms_key", "search_key"]
    inlines = [FindingInline]

    def get_queryset(self, request):
        return super().get_queryset(request).exclude(filing__state="draft")

    def get_urls(self):
        return [path("thong-ke/", self.admin_site.admin_view(self.stats_view), name="promotions_programme_stats"),
                path("<int:pk>/kiem-tra/", self.admin_site.admin_view(self.finding_view), name="promotions_programme_finding"),
                *super().get_urls()]

    @admin.display(description=_("Số hồ sơ"), ordering="filing__reference")
    def reference(self, obj):
        return obj.filing.reference

    @admin.display(description=_("Trạng thái"), ordering="filing__state")
    def state(self, obj):
        return obj.filing.get_state_display()

    @admin.display(description=_("Xử lý"))
    def review_link(self, obj):
        return format_html('<a class="text-primary-600 underline" href="{}">{}</a> · <a class="underline" href="{}">{}</a>',
                           reverse("admin:filings_filing_review", args=[obj.filing_id]), _("Xem, xử lý hồ sơ"),
                           reverse("admin:promotions_programme_finding", args=[obj.pk]), _("Ghi kết quả kiểm tra"))

    def stats_view(self, request):
        scope = scope_for(request.user)
        if not scope.is_official:
            raise DjangoPermissionDenied
        try:
            year = int(request.GET.get("year") or 0) or None
            data = selectors.statistics(scope=scope, year=year)
        except (ValueError, DomainError):
            data = selectors.statistics(scope=scope)
        context = {**self.admin_site.each_context(request), "title": _("Thống kê khuyến mại năm %s") % data["year"],
                   "stats": data, "opts": self.model._meta}
        return TemplateResponse(request, "admin/promotions/stats.html", context)

    def finding_view(self, request, pk):
        from django import forms

        class FindingForm(forms.Form):
            found_on = forms.DateField(label=_("Ngày kiểm tra"), widget=forms.DateInput(attrs={"type": "date"}))
            description = forms.CharField(label=_("Nội dung phát hiện"), widget=forms.Textarea, max_length=5000)
            exceeds_filing = forms.BooleanField(label=_("Thực hiện vượt nội dung đã thông báo, đăng ký"), required=False)
            action_taken = forms.CharField(label=_("Biện pháp xử lý"), widget=forms.Textarea, required=False, max_length=5000)

        scope = scope_for(request.user)
        programme = self.get_queryset(request).filter(pk=pk).first()
        if programme is None:
            raise DjangoPermissionDenied
        form = FindingForm(request.POST or None)
        status = 200
        if request.method == "POST":
            if form.is_valid():
                try:
                    services.finding_add(scope=scope, programme_id=pk, **form.cleaned_data)
                    messages.success(request, _("Đã ghi kết quả kiểm tra."))
                    return TemplateResponse(request, "admin/promotions/finding.html", {
                        **self.admin_site.each_context(request), "title": str(programme), "form": FindingForm(),
                        "programme": programme, "opts": self.model._meta, "saved": True})
                except DomainError as exc:
                    for key, msgs in (exc.errors or {None: [exc.message]}).items():
                        for msg in msgs:
                            form.add_error(key if key in form.fields else None, msg)
            status = 422
        return TemplateResponse(request, "admin/promotions/finding.html", {
            **self.admin_site.each_context(request), "title": _("Kết quả kiểm tra: %s") % programme, "form": form,
            "programme": programme, "opts": self.model._meta}, status=status)


@admin.register(ResultReport)
class ResultReportAdmin(ReadOnlyScopedAdmin):
    list_display = ["programme", "awarded_value", "unawarded_value", "budget_amount", "due_on", "created_at"]
    list_select_related = ["programme"]
    scope_agency_field = "programme__filing__receiving_agency"
    scope_place_field = "programme__filing__receiving_agency__place"


nav_model(group="shared", model=PromotionRule, icon="gavel", order=60)
nav_model(group="trade", model=PromotionCall, icon="campaign", order=40)
nav_model(group="trade", model=Programme, icon="sell", order=41)
nav_model(group="trade", model=ResultReport, icon="emoji_events", order=43)
nav_link(group="trade", title=_("Thống kê khuyến mại"), icon="bar_chart", url_name="admin:promotions_programme_stats",
         permission=lambda request: getattr(request.user, "is_official", False), order=44)

from . import cards  # noqa: E402,F401  (dashboard card)
