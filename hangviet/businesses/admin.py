from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from hangviet.agencies.admin_base import ScopedAdmin
from hangviet.agencies.models import Role
from hangviet.agencies.scope import scope_for
from hangviet.core.admin_site import nav_model
from hangviet.core.errors import DomainError
from hangviet.core.validators import clean_phone, clean_tax_code

from . import services
from .models import Business, BusinessStatus


@admin.register(Business)
class BusinessAdmin(ScopedAdmin):
    list_display = ["name", "tax_code", "kind", "place", "status", "phone"]
    list_filter = ["status", "kind"]
    search_fields = ["name", "tax_code", "search_key"]
    list_select_related = ["place"]
    autocomplete_fields = ["place"]
    readonly_fields = ["status", "review_note", "reviewed_by", "reviewed_at"]
    scope_place_field = "place"
    edit_roles = {Role.ADMIN, Role.FOCAL, Role.OFFICER}
    actions = ["approve_selected", "reject_selected"]

    def save_with_service(self, request, obj, form, change):
        obj.tax_code = clean_tax_code(obj.tax_code)
        obj.phone = clean_phone(obj.phone)
        services._refuse_duplicate(obj.tax_code, exclude_pk=obj.pk)
        if not scope_for(request.user).covers_place(obj.place):
            raise DomainError("out_of_scope", "Xã/phường nằm ngoài địa bàn bạn phụ trách.")
        obj.save()

    def _review(self, request, queryset, approve):
        scope = scope_for(request.user)
        done = 0
        for business in queryset.filter(status=BusinessStatus.PENDING):
            try:
                services.business_review(scope=scope, business_id=business.pk, approve=approve,
                                         note="" if approve else "Thông tin đăng ký chưa đầy đủ hoặc chưa chính xác.")
                done += 1
            except DomainError as exc:
                messages.error(request, f"{business}: {exc.message}")
        messages.success(request, _("Đã xử lý %(n)s hồ sơ.") % {"n": done})

    @admin.action(description=_("Duyệt các đăng ký đã chọn"))
    def approve_selected(self, request, queryset):
        self._review(request, queryset, True)

    @admin.action(description=_("Từ chối các đăng ký đã chọn"))
    def reject_selected(self, request, queryset):
        self._review(request, queryset, False)


nav_model(group="shared", model=Business, icon="storefront", order=30)
