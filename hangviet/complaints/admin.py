"""Back office for complaints: the scoped case list with due-soon/overdue filters, read-only case
facts, handling actions through the workflow service, guidance pages and the deadline rules."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from hangviet.agencies.admin_base import ScopedAdmin
from hangviet.agencies.models import Role
from hangviet.agencies.scope import scope_for
from hangviet.core.admin_site import nav_model
from hangviet.core.deadlines import due_soon_q, overdue_q
from hangviet.core.errors import DomainError

from . import workflow
from .models import Complaint, GuidancePage, HandlingRule, Step


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
    add_roles = set()
    readonly_fields = ["reference", "kind", "case_type", "category", "channel", "status", "business", "business_name",
                       "product_name", "place", "place_detail", "occurred_on", "description", "anonymous",
                       "consent_share", "received_at", "original_documents", "handling_agency", "duplicate_of",
                       "public_outcome", "refusal_reason", "clock_started_on", "clock_working_days", "due_date",
                       "paused_since", "finished_on", "escalated_at"]
    fields = readonly_fields
    inlines = [StepInline]
    actions = ["accept_selected", "forward_to_market_surveillance"]

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


nav_model(group="consumer", model=Complaint, icon="report", order=10)
nav_model(group="consumer", model=GuidancePage, icon="menu_book", order=40)
nav_model(group="consumer", model=HandlingRule, icon="schedule", order=50)
from . import cards  # noqa: E402,F401  (dashboard card)
