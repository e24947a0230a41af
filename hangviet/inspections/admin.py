from django.contrib import admin

from hangviet.agencies.admin_base import ScopedAdmin
from hangviet.agencies.models import Role
from hangviet.core.admin_site import nav_model

from .models import Inspection, InspectionPlan, Violation


class ViolationInline(admin.TabularInline):
    model = Violation
    extra = 0


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


nav_model(group="consumer", model=InspectionPlan, icon="event_note", order=20)
nav_model(group="consumer", model=Inspection, icon="policy", order=30)
