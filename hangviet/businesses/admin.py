from django import forms
from django.contrib import admin, messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
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
    list_display = ["name", "tax_code", "kind", "place", "status", "phone", "review_link"]
    list_filter = ["status", "kind"]
    search_fields = ["name", "tax_code", "search_key"]
    list_select_related = ["place"]
    autocomplete_fields = ["place"]
    readonly_fields = ["status", "review_note", "reviewed_by", "reviewed_at"]
    scope_place_field = "place"
    edit_roles = {Role.ADMIN, Role.FOCAL, Role.OFFICER}
    actions = ["approve_selected"]
    change_form_template = "admin/businesses/business_change_form.html"

    def get_urls(self):
        return [path("<int:pk>/duyet/", self.admin_site.admin_view(self.review_view), name="businesses_business_review"),
                *super().get_urls()]

    def review_view(self, request, pk):
        """Approve or reject a pending registration, with the reason typed by the officer."""
        business = self.get_queryset(request).filter(pk=pk).first()
        if business is None:
            messages.error(request, _("Không tìm thấy doanh nghiệp trong phạm vi của bạn."))
            return redirect("admin:businesses_business_changelist")
        form = ReviewForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.business_review(scope=scope_for(request.user), business_id=pk,
                                         approve=form.cleaned_data["decision"] == "approve",
                                         note=form.cleaned_data["note"])
                messages.success(request, _("Đã ghi nhận kết quả duyệt."))
                return redirect("admin:businesses_business_change", pk)
            except DomainError as exc:
                form.add_error("note" if exc.field == "note" else None, exc.message)
        context = {**self.admin_site.each_context(request), "title": _("Duyệt đăng ký: %s") % business,
                   "form": form, "business": business, "opts": self.model._meta}
        return TemplateResponse(request, "admin/businesses/review.html", context)

    def check_form(self, request, form, data):
        if data.get("tax_code"):
            data["tax_code"] = clean_tax_code(data["tax_code"])
            services._refuse_duplicate(data["tax_code"], exclude_pk=form.instance.pk)
        data["phone"] = clean_phone(data.get("phone"))
        place = data.get("place")
        if place is not None and not scope_for(request.user).covers_place(place):
            raise DomainError("out_of_scope", "Xã/phường nằm ngoài địa bàn bạn phụ trách.", field="place")

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

    @admin.display(description=_("Duyệt"))
    def review_link(self, obj):
        if obj.status != BusinessStatus.PENDING:
            return "—"
        return format_html('<a class="text-primary-600 underline" href="{}">{}</a>',
                           reverse("admin:businesses_business_review", args=[obj.pk]), _("Duyệt / từ chối"))


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(label=_("Quyết định"), choices=[("approve", _("Duyệt")), ("reject", _("Từ chối"))],
                                 widget=forms.RadioSelect)
    note = forms.CharField(label=_("Ý kiến / lý do từ chối"), required=False, max_length=2000, widget=forms.Textarea)


nav_model(group="shared", model=Business, icon="storefront", order=30)
