
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from unfold.forms import AdminPasswordChangeForm, UserChangeForm, UserCreationForm

from hangviet.core.admin_site import nav_model

from .admin_base import ScopedAdmin
from .models import OFFICIAL_ROLES, Agency, ApiToken, Role, User


@admin.register(Agency)
class AgencyAdmin(ScopedAdmin):
    list_display = ["name", "short_name", "kind", "parent", "place", "is_focal_point"]
    list_filter = ["kind", "is_focal_point"]
    search_fields = ["name", "short_name", "abbreviations", "search_key"]
    list_select_related = ["parent", "place"]
    autocomplete_fields = ["parent", "place"]
    scope_place_field = "place"
    scope_agency_field = "pk"
    edit_roles = {Role.ADMIN}


@admin.register(User)
class UserAdmin(DjangoUserAdmin, ScopedAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    change_password_form = AdminPasswordChangeForm
    list_display = ["username", "full_name", "role", "agency", "business", "is_active", "locked_until"]
    list_filter = ["role", "is_active"]
    search_fields = ["username", "full_name", "email"]
    list_select_related = ["agency", "business"]
    autocomplete_fields = ["agency", "scope_place", "business"]
    scope_agency_field = "agency"
    edit_roles = {Role.ADMIN}
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Thông tin cá nhân"), {"fields": ("full_name", "email", "phone")}),
        (_("Vai trò và phạm vi"), {"fields": ("role", "agency", "scope_place", "business", "is_active")}),
        (_("Đăng nhập"), {"fields": ("last_login", "failed_logins", "locked_until")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("username", "password1", "password2", "role", "agency")}),)
    readonly_fields = ["last_login"]

    def has_view_permission(self, request, obj=None):
        return request.user.role in {Role.ADMIN, Role.LEADER}


@admin.register(ApiToken)
class ApiTokenAdmin(ScopedAdmin):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["user", "prefix", "created_at", "last_used_at"]
    fields = ["name", "user", "prefix", "created_at", "last_used_at", "expires_at", "revoked_at"]
    view_roles = set(OFFICIAL_ROLES)
    edit_roles = set(OFFICIAL_ROLES)

    def get_queryset(self, request):
        qs = ApiToken.objects.select_related("user")
        return qs if request.user.role == Role.ADMIN else qs.filter(user=request.user)

    def has_add_permission(self, request):
        return False  # tokens are created from "Tài khoản của tôi" so the raw value is shown once



nav_model(group="shared", model=Agency, icon="account_balance", order=20)
nav_model(group="system", model=User, icon="group", order=10)
nav_model(group="system", model=ApiToken, icon="key", order=20)
