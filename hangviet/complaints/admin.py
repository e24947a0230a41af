"""Back office for complaints: the scoped case list with due-soon/overdue filters, read-only case
facts, handling actions through the workflow service, guidance pages and the deadline rules."""

import threading

from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from hangviet.agencies.admin_base import ScopedAdmin
from hangviet.agencies.models import Role
from hangviet.agencies.scope import scope_for
from hangviet.core.admin_site import nav_link, nav_model
from hangviet.core.deadlines import due_soon_q, overdue_q
from hangviet.core.errors import DomainError

from . import admin_views, policy, selectors, services, workflow
from .models import Complaint, Evidence, GuidancePage, HandlingRule, Step

_current = threading.local()  # the request whose change page is being rendered (for complainant_info)


class DueFilter(admin.SimpleListFilter):
    title = _("Hạn xử lý")
    parameter_name = "due"

    def lookups(self, request, model_admin):
        return [("soon", _("Sắp đến hạn")), ("overdue", _("Quá hạn"))]

    def queryset(self, request, queryset):
        if self.value() == "soon":
            return queryset.filter(due_soon_q())
        if self.value() == "overdue":
            return queryset.filter(overdue_q())
        return queryset


class StepInline(admin.TabularInline):
    model = Step
    extra = 0
    can_delete = False
    fields = ["at", "status", "target", "target_name", "actor", "note", "public_note"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0
    can_delete = False
    fields = ["kind", "original_name", "content_type", "size", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Complaint)
class ComplaintAdmin(ScopedAdmin):
    list_display = ["reference", "kind", "category", "channel", "status", "business_name", "place", "received_at",
                    "due_date"]
    list_filter = ["status", "category", "channel", "case_type", DueFilter]
    search_fields = ["reference", "business_name", "product_name"]
    list_select_related = ["place"]
    scope_place_field = "place"
    scope_agency_field = "handling_agency"
    edit_roles = {Role.ADMIN, Role.LEADER, Role.FOCAL, Role.OFFICER}
    add_roles = {Role.ADMIN, Role.LEADER, Role.FOCAL, Role.OFFICER}
    readonly_fields = ["reference", "complainant_info", "kind", "case_type", "category", "channel", "status", "business", "business_name",
                       "product_name", "place", "place_detail", "occurred_on", "description", "anonymous",
                       "consent_share", "received_at", "original_documents", "handling_agency", "duplicate_of",
                       "public_outcome", "refusal_reason", "clock_started_on", "clock_working_days", "due_date",
                       "paused_since", "finished_on", "escalated_at"]
    fields = readonly_fields
    inlines = [EvidenceInline, StepInline]
    actions = ["accept_selected", "forward_to_market_surveillance", "erase_personal_data"]

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("tiep-nhan/", view(admin_views.intake_view), name="complaints_complaint_intake"),
            path("du-lieu-ca-nhan/", view(admin_views.personal_data_view), name="complaints_complaint_personal_data"),
            *super().get_urls(),
        ]

    def add_view(self, request, form_url="", extra_context=None):
        return HttpResponseRedirect(reverse("admin:complaints_complaint_intake"))

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not policy.can_manage_personal_data(scope_for(request.user)):
            actions.pop("erase_personal_data", None)
        return actions

    @admin.display(description=_("Người phản ánh (chỉ cán bộ xử lý; mỗi lần xem được ghi nhật ký)"))
    def complainant_info(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        request = getattr(_current, "request", None)
        if request is None:
            return "—"
        shown = _current.__dict__.setdefault("shown", {})
        if obj.pk in shown:  # the page renders a read-only field more than once: log one access
            return shown[obj.pk]
        shown[obj.pk] = self._complainant_html(request, obj)
        return shown[obj.pk]

    def _complainant_html(self, request, obj):
        try:
            person = selectors.complainant_view(scope=scope_for(request.user), complaint=obj, purpose="admin-view")
        except DomainError:
            return "—"
        if person.erased_at:
            return _("Đã xóa dữ liệu cá nhân ngày %s") % f"{person.erased_at:%d/%m/%Y}"
        if obj.anonymous:
            return _("Tin báo ẩn danh")
        rows = [(_("Họ tên"), person.full_name), (_("Điện thoại"), person.phone), (_("Thư điện tử"), person.email),
                (_("Địa chỉ"), person.address), (_("Số định danh"), person.id_number)]
        return format_html_join(mark_safe("<br>"), "{}: {}", ((k, v) for k, v in rows if v)) or "—"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        _current.request = request
        try:
            response = super().change_view(request, object_id, form_url, extra_context)
            if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                response.render()  # the read-only fields are computed while this request is current
            return response
        finally:
            _current.request = None
            _current.shown = {}

    def _bulk(self, request, queryset, action, **kw):
        scope = scope_for(request.user)
        done = 0
        for pk in queryset.values_list("pk", flat=True):
            try:
                workflow.act(scope=scope, complaint_id=pk, action=action, **kw)
                done += 1
            except DomainError as exc:
                messages.error(request, exc.message)
        if done:
            messages.success(request, _("Đã xử lý %(n)d hồ sơ.") % {"n": done})

    @admin.action(description=_("Thụ lý các hồ sơ đã chọn"))
    def accept_selected(self, request, queryset):
        self._bulk(request, queryset, "accept")

    @admin.action(description=_("Chuyển Quản lý thị trường"))
    def forward_to_market_surveillance(self, request, queryset):
        self._bulk(request, queryset, "forward", target="market_surveillance")

    @admin.action(description=_("Xóa dữ liệu cá nhân của người phản ánh (theo yêu cầu)"))
    def erase_personal_data(self, request, queryset):
        ids = ",".join(str(pk) for pk in queryset.values_list("pk", flat=True)[:500])
        return HttpResponseRedirect(f"{reverse('admin:complaints_complaint_personal_data')}?ids={ids}")


@admin.register(GuidancePage)
class GuidancePageAdmin(ScopedAdmin):
    list_display = ["title", "slug", "order", "published"]
    prepopulated_fields = {"slug": ["title"]}
    edit_roles = {Role.ADMIN, Role.FOCAL, Role.OFFICER}

    def get_queryset(self, request):
        return GuidancePage.objects.all()


@admin.register(HandlingRule)
class HandlingRuleAdmin(ScopedAdmin):
    list_display = ["case_type", "working_days", "legal_source", "effective_from", "effective_to"]

    def get_queryset(self, request):
        return HandlingRule.objects.all()

    def save_with_service(self, request, obj, form, change):
        obj.save()
        services.clear_rule_cache()


nav_model(group="consumer", model=Complaint, icon="report", order=10)
nav_link(group="consumer", title=_("Tiếp nhận hồ sơ (trực tiếp, điện thoại, thư)"), icon="inbox",
         url_name="admin:complaints_complaint_intake", order=11,
         permission=lambda request: policy.can_intake(scope_for(request.user)))
nav_link(group="consumer", title=_("Dữ liệu cá nhân người phản ánh"), icon="shield_person",
         url_name="admin:complaints_complaint_personal_data", order=60,
         permission=lambda request: policy.can_manage_personal_data(scope_for(request.user)))
nav_model(group="consumer", model=GuidancePage, icon="menu_book", order=40)
nav_model(group="consumer", model=HandlingRule, icon="schedule", order=50)
from . import cards  # noqa: E402,F401  (dashboard card)
