"""Back-office screens of the catalogue: products with their review (publish, return, withdraw),
OCOP certificates (issue through the service, revoke, re-rating), categories and OCOP rule versions."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from unfold.admin import TabularInline
from unfold.widgets import (
    UnfoldAdminIntegerFieldWidget,
    UnfoldAdminRadioSelectWidget,
    UnfoldAdminSelectWidget,
    UnfoldAdminTextareaWidget,
    UnfoldAdminTextInputWidget,
)

from hangviet.agencies.admin_base import ScopedAdmin
from hangviet.agencies.models import OFFICIAL_ROLES, Role
from hangviet.agencies.scope import scope_for
from hangviet.core.admin_site import nav_model
from hangviet.core.errors import DomainError

from . import policy, selectors, services
from .exports import ExportActionsMixin
from .models import (
    Category,
    CertificateStatus,
    IssuingLevel,
    OcopCertificate,
    OcopRules,
    Product,
    ProductPhoto,
    ProductStatus,
    QualityMark,
)

REVIEWERS = {Role.ADMIN, Role.FOCAL, Role.OFFICER, Role.LEADER}


class PhotoInline(TabularInline):
    model = ProductPhoto
    extra = 0
    fields = ["image", "caption", "position"]
    readonly_fields = ["image"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class QualityMarkInline(TabularInline):
    model = QualityMark
    extra = 0
    fields = ["kind", "number", "issuer", "valid_until"]


class CertificateInline(TabularInline):
    model = OcopCertificate
    fk_name = "product"
    extra = 0
    fields = ["number", "stars", "score", "decision_number", "valid_from", "valid_until", "status"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


class ProductForm(forms.ModelForm):
    class Meta:
        model = Product
        fields = ["code", "name", "category", "producer", "origin", "place", "description", "specification",
                  "packaging", "unit", "price_vnd", "where_sold", "ecommerce_links", "sale_points"]


@admin.register(Product)
class ProductAdmin(ExportActionsMixin, ScopedAdmin):
    actions_list = [*ExportActionsMixin.export_actions_list]
    form = ProductForm
    list_display = ["name", "code", "producer", "category", "place", "stars_display", "status", "review_link"]
    list_filter = ["status", "stars", "sector", "producer_kind", "origin"]
    search_fields = ["name_key", "code"]
    list_select_related = ["producer", "category", "place"]
    autocomplete_fields = ["producer", "place", "category", "sale_points"]
    readonly_fields = ["status", "stars", "review_note", "reviewed_by", "published_at"]
    inlines = [PhotoInline, QualityMarkInline, CertificateInline]
    scope_place_field = "place"
    scope_business_field = "producer_id"
    edit_roles = {Role.ADMIN, Role.FOCAL, Role.OFFICER}
    actions = ["publish_selected"]
    fieldsets = [
        (_("Sản phẩm"), {"fields": ["code", "name", "category", "producer", "origin", "place"]}),
        (_("Mô tả"), {"fields": ["description", "specification", "packaging", "unit", "price_vnd"]}),
        (_("Nơi bán"), {"fields": ["where_sold", "ecommerce_links", "sale_points"]}),
        (_("Duyệt"), {"fields": ["status", "stars", "review_note", "reviewed_by", "published_at"]}),
    ]

    def get_search_results(self, request, queryset, search_term):
        from hangviet.core.search import words_q

        if not search_term:
            return queryset, False
        return queryset.filter(words_q("name_key", search_term) | words_q("code", search_term.lower())), False

    def get_urls(self):
        return [path("<int:pk>/duyet/", self.admin_site.admin_view(self.review_view), name="catalog_product_review"),
                path("<int:pk>/cap-chung-nhan/", self.admin_site.admin_view(self.certificate_view),
                     name="catalog_product_certificate"),
                *super().get_urls()]

    @admin.display(description=_("Hạng sao"))
    def stars_display(self, obj):
        return f"{obj.stars} ★" if obj.stars else "—"

    @admin.display(description=_("Thao tác"))
    def review_link(self, obj):
        links = []
        if obj.status in (ProductStatus.PENDING, ProductStatus.DRAFT, ProductStatus.PUBLISHED):
            links.append(format_html('<a class="text-primary-600 underline" href="{}">{}</a>',
                                     reverse("admin:catalog_product_review", args=[obj.pk]), _("Duyệt")))
        links.append(format_html('<a class="text-primary-600 underline" href="{}">{}</a>',
                                 reverse("admin:catalog_product_certificate", args=[obj.pk]), _("GCN OCOP")))
        return format_html('<span class="whitespace-nowrap">' + " · ".join(["{}"] * len(links)) + "</span>", *links)

    def check_form(self, request, form, data):
        scope = scope_for(request.user)
        fields = {k: data.get(k) for k in ("name", "category", "place", "description", "specification", "packaging",
                                           "unit", "price_vnd", "where_sold", "ecommerce_links", "origin", "code")
                  if k in data}
        if "place" in fields and fields["place"] is not None:
            fields["place"] = fields["place"].pk
        if "category" in fields and fields["category"] is not None:
            fields["category"] = fields["category"].pk
        cleaned = services.clean_product_fields(fields)
        place = cleaned.get("place")
        if place is not None and not scope.covers_place(place):
            raise DomainError("out_of_scope", "Nơi sản xuất nằm ngoài địa bàn bạn phụ trách.", field="place")
        producer = data.get("producer")
        if producer is not None and not policy.can_create_for(scope, producer):
            raise DomainError("out_of_scope", "Chủ thể sản xuất nằm ngoài địa bàn bạn phụ trách.", field="producer")
        code = cleaned.get("code")
        if code and Product.objects.filter(code=code).exclude(pk=form.instance.pk).exists():
            raise DomainError("code", f"Mã sản phẩm “{code}” đã có.", field="code")
        for key, value in cleaned.items():
            data[key] = value

    def save_with_service(self, request, obj, form, change):
        if not obj.code:
            obj.code = services._new_code(obj.place)
        obj.refresh_denormalised()
        obj.save()
        services.index_terms([obj.name, obj.producer.name])

    def review_view(self, request, pk):
        scope = scope_for(request.user)
        product = self.get_queryset(request).filter(pk=pk).first()
        if product is None:
            messages.error(request, _("Không tìm thấy sản phẩm trong phạm vi của bạn."))
            return redirect("admin:catalog_product_changelist")
        form = ProductReviewForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.product_act(scope=scope, product_id=pk, action=form.cleaned_data["decision"],
                                     note=form.cleaned_data["note"])
                messages.success(request, _("Đã ghi nhận kết quả duyệt."))
                return redirect("admin:catalog_product_change", pk)
            except DomainError as exc:
                form.add_error("note" if exc.field == "note" else None, exc.message)
        context = {**self.admin_site.each_context(request), "title": _("Duyệt sản phẩm: %s") % product,
                   "form": form, "product": product, "opts": self.model._meta,
                   "certificate": selectors.current_certificate(product)}
        return TemplateResponse(request, "admin/catalog/product_review.html", context)

    def certificate_view(self, request, pk):
        scope = scope_for(request.user)
        product = self.get_queryset(request).filter(pk=pk).first()
        if product is None or not policy.can_manage_certificates(scope, product):
            messages.error(request, _("Không tìm thấy sản phẩm trong phạm vi của bạn."))
            return redirect("admin:catalog_product_changelist")
        form = CertificateForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                cert = services.certificate_issue(
                    scope=scope, product_id=pk, number=data["number"], decision_number=data["decision_number"],
                    decision_date=data["decision_date"], score_a=data["score_a"], score_b=data["score_b"],
                    score_c=data["score_c"], issuing_authority=data["issuing_authority"],
                    issuing_level=data["issuing_level"], valid_from=data.get("valid_from"))
                messages.success(request, _("Đã cấp giấy chứng nhận %(n)s: %(s)s sao, hiệu lực đến %(d)s.") % {
                    "n": cert.number, "s": cert.stars, "d": cert.valid_until.strftime("%d/%m/%Y")})
                return redirect("admin:catalog_product_change", pk)
            except DomainError as exc:
                for field, msgs in (exc.errors or {None: [exc.message]}).items():
                    for message in msgs:
                        form.add_error(field if field in form.fields else None, message)
        context = {**self.admin_site.each_context(request), "title": _("Cấp giấy chứng nhận OCOP: %s") % product,
                   "form": form, "product": product, "opts": self.model._meta,
                   "certificates": selectors.certificate_history(product)}
        return TemplateResponse(request, "admin/catalog/certificate_issue.html", context)

    @admin.action(description=_("Công bố các sản phẩm đã chọn"))
    def publish_selected(self, request, queryset):
        scope = scope_for(request.user)
        done = 0
        for product in queryset.filter(status__in=[ProductStatus.PENDING, ProductStatus.DRAFT]):
            try:
                services.product_publish(scope=scope, product_id=product.pk)
                done += 1
            except DomainError as exc:
                messages.error(request, f"{product}: {exc.message}")
        messages.success(request, _("Đã công bố %(n)s sản phẩm.") % {"n": done})


class ProductReviewForm(forms.Form):
    decision = forms.ChoiceField(label=_("Quyết định"), widget=UnfoldAdminRadioSelectWidget, choices=[
        ("publish", _("Công bố trên cổng thông tin")), ("return", _("Trả lại để chủ thể sửa")),
        ("withdraw", _("Thu hồi (ngừng hiển thị)"))])
    note = forms.CharField(label=_("Ý kiến / lý do"), required=False, max_length=2000, widget=UnfoldAdminTextareaWidget)


def _text():
    return UnfoldAdminTextInputWidget()


def _date():
    return UnfoldAdminTextInputWidget(attrs={"placeholder": "dd/mm/yyyy"})


class CertificateForm(forms.Form):
    number = forms.CharField(label=_("Số giấy chứng nhận"), max_length=60, widget=_text())
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=60, widget=_text())
    decision_date = forms.DateField(label=_("Ngày quyết định"), input_formats=["%d/%m/%Y", "%Y-%m-%d"],
                                    help_text=_("dd/mm/yyyy"), widget=_date())
    valid_from = forms.DateField(label=_("Hiệu lực từ (mặc định: ngày quyết định)"), required=False,
                                 input_formats=["%d/%m/%Y", "%Y-%m-%d"], widget=_date())
    score_a = forms.IntegerField(label=_("Điểm phần A (sản phẩm và sức mạnh cộng đồng)"), min_value=0, max_value=100,
                                  widget=UnfoldAdminIntegerFieldWidget())
    score_b = forms.IntegerField(label=_("Điểm phần B (khả năng tiếp thị và câu chuyện sản phẩm)"), min_value=0, max_value=100,
                                  widget=UnfoldAdminIntegerFieldWidget())
    score_c = forms.IntegerField(label=_("Điểm phần C (chất lượng sản phẩm)"), min_value=0, max_value=100,
                                  widget=UnfoldAdminIntegerFieldWidget())
    issuing_level = forms.ChoiceField(label=_("Cấp công nhận"), choices=IssuingLevel.choices, initial=IssuingLevel.PROVINCE,
                                      widget=UnfoldAdminSelectWidget())
    issuing_authority = forms.CharField(label=_("Cơ quan công nhận"), max_length=200,
                                        initial="Ủy ban nhân dân tỉnh", widget=_text())


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Lý do thu hồi"), max_length=2000, widget=UnfoldAdminTextareaWidget)


@admin.register(OcopCertificate)
class OcopCertificateAdmin(ExportActionsMixin, ScopedAdmin):
    actions_list = [*ExportActionsMixin.export_actions_list]
    list_display = ["number", "product", "stars", "score", "decision_number", "valid_until", "status_today", "revoke_link"]
    list_filter = ["status", "stars", "issuing_level", "rules"]
    search_fields = ["number", "number_key", "decision_number"]
    list_select_related = ["product", "rules"]
    scope_place_field = "product__place"
    scope_business_field = "product__producer_id"
    edit_roles: set[str] = set()
    readonly_fields = ["number", "product", "rules", "score_a", "score_b", "score_c", "score", "stars",
                       "decision_number", "decision_date", "issuing_level", "issuing_authority", "valid_from",
                       "valid_until", "rerating_filed_on", "status", "revoked_on", "revocation_reason", "superseded_by",
                       "alerts_sent"]

    def has_add_permission(self, request):
        return False  # issued from the product ("Cấp GCN OCOP") so that the rules are applied

    def get_urls(self):
        return [path("<int:pk>/thu-hoi/", self.admin_site.admin_view(self.revoke_view), name="catalog_ocopcertificate_revoke"),
                *super().get_urls()]

    @admin.display(description=_("Tình trạng hôm nay"))
    def status_today(self, obj):
        return CertificateStatus(obj.status_on(timezone.localdate())).label

    @admin.display(description=_("Thu hồi"))
    def revoke_link(self, obj):
        if obj.status in (CertificateStatus.REVOKED, CertificateStatus.SUPERSEDED):
            return "—"
        return format_html('<a class="text-primary-600 underline" href="{}">{}</a>',
                           reverse("admin:catalog_ocopcertificate_revoke", args=[obj.pk]), _("Thu hồi"))

    def revoke_view(self, request, pk):
        cert = self.get_queryset(request).filter(pk=pk).first()
        if cert is None:
            messages.error(request, _("Không tìm thấy giấy chứng nhận trong phạm vi của bạn."))
            return redirect("admin:catalog_ocopcertificate_changelist")
        form = RevokeForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.certificate_revoke(scope=scope_for(request.user), certificate_id=pk,
                                            reason=form.cleaned_data["reason"])
                messages.success(request, _("Đã thu hồi giấy chứng nhận."))
                return redirect("admin:catalog_ocopcertificate_change", pk)
            except DomainError as exc:
                form.add_error("reason" if exc.field == "reason" else None, exc.message)
        context = {**self.admin_site.each_context(request), "title": _("Thu hồi giấy chứng nhận %s") % cert.number,
                   "form": form, "opts": self.model._meta}
        return TemplateResponse(request, "admin/catalog/simple_form.html", context)


@admin.register(Category)
class CategoryAdmin(ScopedAdmin):
    list_display = ["code", "name", "level", "parent", "is_ocop"]
    list_filter = ["level", "is_ocop"]
    search_fields = ["search_key", "code"]
    ordering = ["position", "code"]
    view_roles = set(OFFICIAL_ROLES)
    edit_roles = {Role.ADMIN}


@admin.register(OcopRules)
class OcopRulesAdmin(ScopedAdmin):
    list_display = ["code", "effective_from", "effective_to", "max_a", "max_b", "max_c", "validity_months"]
    edit_roles = {Role.ADMIN}


nav_model(group="catalog", model=Product, icon="inventory_2", order=10)
nav_model(group="catalog", model=OcopCertificate, icon="workspace_premium", order=20)
nav_model(group="catalog", model=Category, icon="category", order=60)
nav_model(group="catalog", model=OcopRules, icon="gavel", order=70)

from . import admin_domestic, admin_import, cards  # noqa: E402,F401  (their screens and the home cards register themselves)
