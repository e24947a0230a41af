"""Back office of the domestic-goods list: the national list's rows (officers add, edit, deactivate or
reactivate; nothing is deleted) and the proposals for additions (reviewed on the shared filing
screen; here the Department forwards a proposal to the Ministry of Finance and records the
Ministry's outcome). Imported at the end of catalog/admin.py."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from unfold.widgets import (
    UnfoldAdminIntegerFieldWidget,
    UnfoldAdminSelectWidget,
    UnfoldAdminTextareaWidget,
    UnfoldAdminTextInputWidget,
)

from hangviet.agencies.admin_base import ReadOnlyScopedAdmin, ScopedAdmin
from hangviet.agencies.models import Role
from hangviet.agencies.scope import scope_for
from hangviet.core.admin_site import nav_model
from hangviet.core.deadlines import today
from hangviet.core.errors import DomainError, ValidationFailed
from hangviet.core.search import words_q
from hangviet.filings import policy as filing_policy

from . import domestic
from .models import DomesticGoodsEntry, DomesticProposal, ProposalOutcome

LIST_KEEPERS = {Role.ADMIN, Role.LEADER, Role.FOCAL, Role.OFFICER}


def _add_errors(form, exc: DomainError) -> None:
    for field, msgs in (exc.errors or {exc.field: [exc.message]}).items():
        for message in msgs:
            form.add_error(field if field in form.fields else None, message)


@admin.register(DomesticGoodsEntry)
class DomesticGoodsEntryAdmin(ScopedAdmin):
    list_display = ["number", "name", "hs_code", "list_kind", "source", "is_active"]
    list_display_links = ["number", "name"]
    list_filter = ["list_kind", "is_active", "source"]
    search_fields = ["name"]
    search_help_text = _("Tìm theo tên, mã HS, quy cách, doanh nghiệp (gõ không dấu được).")
    fields = ["list_kind", "number", "name", "hs_code", "specification", "producers", "source", "is_active"]
    readonly_fields = ["is_active"]
    edit_roles = LIST_KEEPERS
    actions = ["deactivate_selected", "activate_selected"]

    def get_queryset(self, request):
        # The national list is public data: every official may read all of it.
        return DomesticGoodsEntry.objects.all()

    def get_ordering(self, request):
        return [domestic.LIST_ORDER.asc(), "id"]  # the lists in the circular's order

    def get_search_results(self, request, queryset, search_term):
        if not search_term:
            return queryset, False
        return queryset.filter(words_q("search_key", search_term[:200])), False

    def get_changeform_initial_data(self, request):
        return {"source": domestic.DEFAULT_SOURCE, **super().get_changeform_initial_data(request)}

    def check_form(self, request, form, data):
        try:
            cleaned = domestic.clean_entry({k: data.get(k) for k in ("list_kind", "number", "name", "hs_code",
                                                                     "specification", "producers", "source")},
                                           entry_id=form.instance.pk)
        except ValidationFailed as exc:
            # fields Django already refused keep their own message only
            errors = {k: v for k, v in exc.errors.items() if k not in form.errors}
            if errors:
                raise ValidationFailed(errors) from exc
            return
        data.update(cleaned)

    def save_with_service(self, request, obj, form, change):
        if not domestic.can_manage_list(scope_for(request.user)):
            raise DomainError("forbidden", "Bạn không có quyền sửa danh mục.", status=403)
        obj.save()

    def _set_active(self, request, queryset, active: bool):
        scope = scope_for(request.user)
        done = 0
        for entry in queryset:
            try:
                domestic.entry_set_active(scope=scope, entry_id=entry.pk, active=active)
                done += 1
            except DomainError as exc:
                messages.error(request, exc.message)
                return
        messages.success(request, _("Đã cập nhật %(n)d mặt hàng.") % {"n": done})

    @admin.action(description=_("Ngừng áp dụng các mặt hàng đã chọn"))
    def deactivate_selected(self, request, queryset):
        self._set_active(request, queryset, False)

    @admin.action(description=_("Áp dụng lại các mặt hàng đã chọn"))
    def activate_selected(self, request, queryset):
        self._set_active(request, queryset, True)

    deactivate_selected.allowed_permissions = ("change",)
    activate_selected.allowed_permissions = ("change",)


def _date_widget():
    return UnfoldAdminTextInputWidget(attrs={"type": "date"})


class ForwardForm(forms.Form):
    forwarded_on = forms.DateField(label=_("Ngày chuyển Bộ Tài chính"), required=False,
                                   widget=_date_widget())
    forward_document = forms.CharField(label=_("Số văn bản chuyển"), required=False, max_length=200,
                                       widget=UnfoldAdminTextInputWidget(), help_text=_("Ví dụ: 1234/SCT-QLCN"))
    note = forms.CharField(label=_("Ghi chú gửi tổ chức đề xuất"), required=False, max_length=4000,
                           widget=UnfoldAdminTextareaWidget(attrs={"rows": 3}))


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Kết quả của Bộ Tài chính"), required=False,
                                choices=[("", "—"), (ProposalOutcome.ACCEPTED, ProposalOutcome.ACCEPTED.label),
                                         (ProposalOutcome.REJECTED, ProposalOutcome.REJECTED.label)],
                                widget=UnfoldAdminSelectWidget())
    outcome_on = forms.DateField(label=_("Ngày có kết quả"), required=False,
                                 widget=_date_widget())
    note = forms.CharField(label=_("Ý kiến của Bộ (bắt buộc khi không được bổ sung)"), required=False,
                           max_length=20000, widget=UnfoldAdminTextareaWidget(attrs={"rows": 3}))
    entry_id = forms.IntegerField(label=_("Được bổ sung: mã dòng danh mục đã có (nếu đã nhập)"), required=False,
                                  min_value=1, widget=UnfoldAdminIntegerFieldWidget())
    entry_number = forms.CharField(label=_("Hoặc tạo dòng mới: số thứ tự trong danh mục"), required=False,
                                   max_length=200, widget=UnfoldAdminTextInputWidget())
    entry_source = forms.CharField(label=_("Văn bản ban hành dòng mới"), required=False, max_length=500,
                                   widget=UnfoldAdminTextInputWidget(), help_text=_("Ví dụ: Thông tư số …/2027/TT-BTC"))


@admin.register(DomesticProposal)
class DomesticProposalAdmin(ReadOnlyScopedAdmin):
    list_display = ["item_name", "reference", "stage_display", "list_kind", "hs_code", "province", "filer",
                    "forwarded_on", "workflow_links"]
    list_filter = ["list_kind", "outcome", "filing__state"]
    search_fields = ["item_name"]
    fields = ["reference", "stage_display", "list_kind", "item_name", "hs_code", "specification", "capacity",
              "product", "province", "filer", "receiving", "forwarded_on", "forward_document", "outcome",
              "outcome_on", "outcome_note", "entry", "workflow_links"]
    readonly_fields = fields
    list_select_related = True
    list_before_template = "catalog/domestic_admin_list_before.html"

    def get_queryset(self, request):
        return domestic.proposal_list(scope=scope_for(request.user))

    def get_search_results(self, request, queryset, search_term):
        if not search_term:
            return queryset, False
        return queryset.filter(words_q("filing__search_key", search_term[:200])), False

    def get_urls(self):
        view = self.admin_site.admin_view
        return [path("<int:pk>/chuyen-bo/", view(self.forward_view), name="catalog_domesticproposal_forward"),
                path("<int:pk>/ket-qua/", view(self.outcome_view), name="catalog_domesticproposal_outcome"),
                *super().get_urls()]

    @admin.display(description=_("Số hồ sơ"))
    def reference(self, obj):
        return obj.filing.reference or _("(chưa gửi)")

    @admin.display(description=_("Bước"))
    def stage_display(self, obj):
        return domestic.STAGES[domestic.proposal_stage(obj)]

    @admin.display(description=_("Tổ chức đề xuất"))
    def filer(self, obj):
        return obj.filing.filer_business.name if obj.filing.filer_business_id else (obj.filing.filer_user or "—")

    @admin.display(description=_("Cơ quan tiếp nhận"))
    def receiving(self, obj):
        return obj.filing.receiving_agency or "—"

    @admin.display(description=_("Thao tác"))
    def workflow_links(self, obj):
        links = [(reverse("admin:filings_filing_change", args=[obj.filing_id]), _("Hồ sơ, diễn biến"))]
        stage = domestic.proposal_stage(obj)
        if stage == "submitted":
            links.append((reverse("admin:catalog_domesticproposal_forward", args=[obj.pk]), _("Chuyển Bộ Tài chính")))
        if stage == "forwarded":
            links.append((reverse("admin:catalog_domesticproposal_outcome", args=[obj.pk]), _("Ghi kết quả của Bộ")))
        return format_html_join(" · ", '<a class="text-primary-600 underline" href="{}">{}</a>', links)

    def _proposal_or_none(self, request, pk):
        pk = domestic._pk(pk)
        proposal = self.get_queryset(request).filter(pk=pk).first() if pk else None
        if proposal is None or not filing_policy.is_reviewer(scope_for(request.user), proposal.filing):
            messages.error(request, _("Không tìm thấy đề xuất trong phạm vi bạn được xử lý."))
            return None
        return proposal

    def _render(self, request, proposal, form, title):
        context = {**self.admin_site.each_context(request), "title": title % {"name": proposal.item_name},
                   "form": form, "opts": self.model._meta, "original": proposal}
        return TemplateResponse(request, "admin/catalog/simple_form.html", context,
                                status=422 if form.errors else 200)

    def forward_view(self, request, pk):
        proposal = self._proposal_or_none(request, pk)
        if proposal is None:
            return redirect("admin:catalog_domesticproposal_changelist")
        form = ForwardForm(request.POST or None, initial={"forwarded_on": today()})
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                domestic.proposal_forward(scope=scope_for(request.user), proposal_id=pk,
                                          forwarded_on=data["forwarded_on"],
                                          forward_document=data["forward_document"], note=data["note"])
                messages.success(request, _("Đã xác nhận và ghi nhận chuyển đề xuất lên Bộ Tài chính."))
                return redirect("admin:catalog_domesticproposal_change", pk)
            except DomainError as exc:
                _add_errors(form, exc)
        return self._render(request, proposal, form, _("Chuyển Bộ Tài chính: %(name)s"))

    def outcome_view(self, request, pk):
        proposal = self._proposal_or_none(request, pk)
        if proposal is None:
            return redirect("admin:catalog_domesticproposal_changelist")
        form = OutcomeForm(request.POST or None, initial={"outcome_on": today()})
        if request.method == "POST" and form.is_valid():
            try:
                domestic.proposal_record_outcome(scope=scope_for(request.user), proposal_id=pk,
                                                 data=domestic.OutcomeData(**form.cleaned_data))
                messages.success(request, _("Đã ghi kết quả của Bộ Tài chính."))
                return redirect("admin:catalog_domesticproposal_change", pk)
            except DomainError as exc:
                _add_errors(form, exc)
        return self._render(request, proposal, form, _("Kết quả của Bộ Tài chính: %(name)s"))


nav_model(group="catalog", model=DomesticGoodsEntry, icon="factory", order=40)
nav_model(group="catalog", model=DomesticProposal, icon="playlist_add", order=45)
