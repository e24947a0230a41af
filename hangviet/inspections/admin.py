from django import forms
from django.contrib import admin, messages
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from unfold.admin import TabularInline

from hangviet.agencies.admin_base import ScopedAdmin
from hangviet.agencies.models import Role
from hangviet.agencies.scope import scope_for
from hangviet.complaints import policy as complaint_policy
from hangviet.complaints.selectors import complaint_list
from hangviet.core.admin_site import nav_link, nav_model
from hangviet.core.errors import ValidationFailed
from hangviet.core.text import contains_markup

from . import dashboard, services
from .models import Inspection, InspectionPlan, Violation


class ViolationForm(forms.ModelForm):
    class Meta:
        model = Violation
        fields = ["category", "description", "seized_value", "fine_amount", "decision_number"]

    def clean(self):
        data = super().clean()
        for name in ("seized_value", "fine_amount"):
            if (data.get(name) or 0) < 0:
                self.add_error(name, _("Số tiền (VND) không được âm."))
        if data.get("fine_amount") and not (data.get("decision_number") or "").strip():
            self.add_error("decision_number", _("Nhập số quyết định xử phạt."))
        for name in ("description", "decision_number"):
            if contains_markup(data.get(name)):
                self.add_error(name, _("Không được chứa mã HTML hoặc script."))
        return data


class ViolationInline(TabularInline):
    model = Violation
    form = ViolationForm
    extra = 1
    can_delete = False

    def _may_edit(self, request):
        return request.user.is_active and getattr(request.user, "role", None) in InspectionAdmin.edit_roles

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and getattr(request.user, "role", None) in InspectionAdmin.view_roles

    def has_add_permission(self, request, obj=None):
        return self._may_edit(request)

    def has_change_permission(self, request, obj=None):
        return self._may_edit(request)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(InspectionPlan)
class InspectionPlanAdmin(ScopedAdmin):
    list_display = ["name", "period", "starts_on", "ends_on", "agency", "place"]
    list_filter = ["period"]
    list_select_related = ["agency", "place"]
    scope_place_field = "place"
    scope_agency_field = "agency"
    edit_roles = {Role.ADMIN, Role.LEADER, Role.FOCAL}
    autocomplete_fields = ["place"]


@admin.register(Inspection)
class InspectionAdmin(ScopedAdmin):
    list_display = ["inspected_on", "business_name", "business", "place", "team", "status"]
    list_filter = ["status"]
    list_select_related = ["place", "business"]
    scope_place_field = "place"
    scope_agency_field = "agency"
    edit_roles = {Role.ADMIN, Role.LEADER, Role.FOCAL, Role.OFFICER}
    autocomplete_fields = ["place", "business", "complaints"]
    inlines = [ViolationInline]
    readonly_fields = ["created_by"]

    def get_urls(self):
        return [path("bang-so-lieu/", self.admin_site.admin_view(dashboard.dashboard_view),
                     name="inspections_dashboard"), *super().get_urls()]

    def check_form(self, request, form, data):
        """The place, agency and complaints must lie in the officer's scope; no inspection in the future."""
        scope = self.scope(request)
        errors: dict[str, list[str]] = {}
        if data.get("place") is not None and not scope.covers_place(data["place"]):
            errors["place"] = [_("Chọn địa bàn thuộc phạm vi của bạn.")]
        if data.get("agency") is not None and not scope.covers_agency(data["agency"].pk):
            errors["agency"] = [_("Chọn cơ quan kiểm tra thuộc phạm vi của bạn.")]
        if data.get("inspected_on") and data["inspected_on"] > timezone.localdate():
            errors["inspected_on"] = [_("Ngày kiểm tra không được sau hôm nay.")]
        complaints = data.get("complaints")
        if complaints is not None and complaints.exists():
            visible = complaint_list(scope=scope).filter(pk__in=complaints.values("pk")).count()
            if visible != complaints.count():
                errors["complaints"] = [_("Có phản ánh ngoài phạm vi của bạn.")]
        for name in ("team", "business_name", "place_detail", "result", "follow_up"):
            if contains_markup(data.get(name)):
                errors.setdefault(name, []).append(_("Không được chứa mã HTML hoặc script."))
        if errors:
            raise ValidationFailed(errors)

    def save_with_service(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.save()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        closed = services.close_linked_complaints(scope=self.scope(request), inspection=form.instance)
        if closed:
            messages.success(request, _("Đã kết thúc %(n)d phản ánh liên quan theo kết quả kiểm tra.") % {"n": closed})


nav_model(group="consumer", model=InspectionPlan, icon="event_note", order=20)
nav_model(group="consumer", model=Inspection, icon="policy", order=30)
nav_link(group="consumer", title=_("Số liệu bảo vệ người tiêu dùng"), icon="monitoring",
         url_name="admin:inspections_dashboard", order=35,
         permission=lambda request: complaint_policy.can_view_dashboard(scope_for(request.user)))
from . import cards  # noqa: E402,F401  (dashboard card)
