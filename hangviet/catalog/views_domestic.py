"""Portal pages of the domestic-goods list: the public searchable list, and the proposal form with
which a business (or the Department's staff) drafts, edits and submits a proposal for addition.

`urlpatterns` is appended to the catalogue's urls.py (app_name "catalog")."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from hangviet.agencies.scope import scope_for
from hangviet.core.errors import DomainError, NotFound
from hangviet.core.ratelimit import RateLimited, limit_public
from hangviet.portal.views import apply_domain_error

from . import domestic
from .models import DomesticList

PAGE_SIZE = 20


@require_GET
def public_list(request):
    try:
        limit_public(request, "domestic-list", "120/60")
    except RateLimited as exc:
        return render(request, "portal/error.html", {"code": 429, "message": exc.message}, status=429)
    q = (request.GET.get("q") or "")[:200]
    list_kind = (request.GET.get("list_kind") or "")[:20]
    error = ""
    if list_kind and list_kind not in DomesticList.values:
        error = _("Danh mục “%(v)s” không có: đang hiển thị tất cả các danh mục.") % {"v": list_kind}
        list_kind = ""
    qs = domestic.public_entries(q=q, list_kind=list_kind or None)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = domestic.list_counts()
    scope = scope_for(request.user)
    return render(request, "catalog/domestic_list.html", {
        "page": page, "q": q, "list_kind": list_kind, "error": error,
        "lists": [(code, label, counts.get(code, 0)) for code, label in DomesticList.choices],
        "may_propose": domestic.may_draft(scope) and not scope.is_anonymous,
    }, status=200)


# --- the proposal form -------------------------------------------------------------------------------
class ProposalForm(forms.Form):
    """Fields are checked by the service (one set of Vietnamese messages for portal and API)."""

    required_names = ("list_kind", "item_name")
    submit_names = ("hs_code", "specification", "capacity")

    list_kind = forms.ChoiceField(label=gettext_lazy("Danh mục đề xuất"), required=False)
    item_name = forms.CharField(label=gettext_lazy("Tên mặt hàng"), required=False, max_length=300)
    hs_code = forms.CharField(label=gettext_lazy("Mã HS"), required=False, max_length=40,
                              help_text=gettext_lazy("4, 6, 8 hoặc 10 chữ số, có thể có dấu chấm, ví dụ 8429.52.00."),
                              widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    specification = forms.CharField(label=gettext_lazy("Ký hiệu quy cách, mô tả đặc tính kỹ thuật"), required=False,
                                    max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))
    capacity = forms.CharField(label=gettext_lazy("Năng lực sản xuất"), required=False, max_length=300,
                               help_text=gettext_lazy("Ví dụ: 12.000 tấn/năm; 2 dây chuyền."))
    product = forms.ChoiceField(label=gettext_lazy("Sản phẩm trong danh mục sản phẩm (nếu có)"), required=False)

    def __init__(self, *args, products=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["list_kind"].choices = [("", _("— Chọn danh mục —")), *DomesticList.choices]
        self.fields["product"].choices = [("", _("— Không chọn —")), *[(str(p.pk), p.name) for p in products]]
        self.fields["list_kind"].error_messages["invalid_choice"] = _("Danh mục không hợp lệ.")
        self.fields["product"].error_messages["invalid_choice"] = _(
            "Sản phẩm không tồn tại hoặc không thuộc doanh nghiệp, địa bàn của bạn.")
        for name in ("item_name", "hs_code", "specification", "capacity"):
            field = self.fields[name]
            field.error_messages["max_length"] = _("%(label)s tối đa %(n)d ký tự.") % {
                "label": field.label, "n": field.max_length}

    def data_for_service(self) -> domestic.ProposalData:
        d = self.cleaned_data
        return domestic.ProposalData(list_kind=d["list_kind"], item_name=d["item_name"], hs_code=d["hs_code"],
                                     specification=d["specification"], capacity=d["capacity"],
                                     product_id=int(d["product"]) if d.get("product") else None)


def _initial(proposal) -> dict:
    return {"list_kind": proposal.list_kind, "item_name": proposal.item_name, "hs_code": proposal.hs_code,
            "specification": proposal.specification, "capacity": proposal.capacity,
            "product": str(proposal.product_id) if proposal.product_id else ""}


def _drafter_scope(request):
    scope = scope_for(request.user)
    return scope if domestic.may_draft(scope) else None


def _render_form(request, form, proposal=None, status=200):
    context = {"form": form, "proposal": proposal}
    if proposal is not None:
        context.update(stage=domestic.proposal_stage(proposal), stage_label=domestic.STAGES[domestic.proposal_stage(proposal)],
                       documents=proposal.filing.documents.filter(withdrawn_at__isnull=True))
    return render(request, "catalog/domestic_form.html", context, status=status)


@login_required
@require_GET
def mine(request):
    scope = scope_for(request.user)
    if scope.is_anonymous or not domestic.may_draft(scope):
        raise Http404
    stage = request.GET.get("stage") or ""
    if stage not in domestic.STAGES:
        stage = ""
    qs = domestic.proposal_list(scope=scope, stage=stage or None)
    if not scope.is_business:
        qs = qs.filter(filing__filer_user_id=scope.user_id, filing__filer_business__isnull=True)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(p, domestic.proposal_stage(p)) for p in page]
    return render(request, "catalog/domestic_mine.html", {
        "page": page, "rows": rows, "stage": stage, "stages": list(domestic.STAGES.items()),
        "stage_labels": domestic.STAGES})


@login_required
@require_http_methods(["GET", "POST"])
def new(request):
    scope = _drafter_scope(request)
    if scope is None:
        messages.error(request, _("Chỉ doanh nghiệp hoặc cán bộ Sở Công Thương được lập đề xuất bổ sung danh mục."))
        return redirect("catalog:domestic_list")
    products = list(domestic.products_for(scope)[:500])
    if request.method != "POST":
        return _render_form(request, ProposalForm(products=products))
    form = ProposalForm(request.POST, products=products)
    if not form.is_valid():
        return _render_form(request, form, status=422)
    try:
        proposal = domestic.proposal_create(scope=scope, data=form.data_for_service())
    except DomainError as exc:
        apply_domain_error(form, exc)
        return _render_form(request, form, status=exc.status if exc.status not in (400,) else 422)
    return _after_save(request, scope, proposal, form)


def _after_save(request, scope, proposal, form):
    if request.POST.get("submit"):
        try:
            proposal = domestic.proposal_submit(scope=scope, proposal_id=proposal.pk)
        except DomainError as exc:
            apply_domain_error(form, exc)
            messages.error(request, _("Đã lưu bản nháp nhưng chưa gửi được: %(m)s") % {"m": exc.message})
            proposal = domestic.proposal_get(scope=scope, proposal_id=proposal.pk)
            return _render_form(request, form, proposal=proposal, status=422)
        messages.success(request, _("Đã gửi đề xuất %(ref)s tới %(agency)s.") % {
            "ref": proposal.filing.reference, "agency": proposal.filing.receiving_agency.name})
        return redirect("filings:detail", proposal.filing_id)
    messages.success(request, _("Đã lưu bản nháp đề xuất."))
    return redirect("catalog:domestic_edit", proposal.pk)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, proposal_id):
    scope = scope_for(request.user)
    try:
        proposal = domestic.proposal_get(scope=scope, proposal_id=proposal_id)
    except NotFound:
        raise Http404 from None
    from hangviet.filings import policy as filing_policy

    if not filing_policy.is_filer(scope, proposal.filing) or not proposal.filing.is_editable:
        stage = domestic.proposal_stage(proposal)
        return render(request, "catalog/domestic_view.html", {
            "p": proposal, "stage": stage, "stage_label": domestic.STAGES[stage],
            "steps": [(s, domestic.STAGES[s]) for s in domestic.STAGE_ORDER],
            "documents": proposal.filing.documents.filter(withdrawn_at__isnull=True)},
            status=405 if request.method == "POST" else 200)
    products = list(domestic.products_for(scope)[:500])
    if request.method != "POST":
        return _render_form(request, ProposalForm(initial=_initial(proposal), products=products), proposal=proposal)
    form = ProposalForm(request.POST, products=products)
    if not form.is_valid():
        return _render_form(request, form, proposal=proposal, status=422)
    try:
        proposal = domestic.proposal_update(scope=scope, proposal_id=proposal.pk, data=form.data_for_service())
    except DomainError as exc:
        apply_domain_error(form, exc)
        return _render_form(request, form, proposal=proposal, status=exc.form_status)
    return _after_save(request, scope, proposal, form)


@login_required
@require_GET
def by_filing(request, filing_id):
    try:
        proposal = domestic.proposal_by_filing(scope=scope_for(request.user), filing_id=filing_id)
    except NotFound:
        raise Http404 from None
    return redirect("catalog:domestic_edit", proposal.pk)


urlpatterns = [
    path("danh-muc-hang-trong-nuoc/", public_list, name="domestic_list"),
    path("danh-muc-hang-trong-nuoc/de-xuat/", mine, name="domestic_mine"),
    path("danh-muc-hang-trong-nuoc/de-xuat/moi/", new, name="domestic_new"),
    path("danh-muc-hang-trong-nuoc/de-xuat/<int:proposal_id>/", edit, name="domestic_edit"),
    path("danh-muc-hang-trong-nuoc/theo-ho-so/<int:filing_id>/", by_filing, name="domestic_by_filing"),
]
