"""Portal pages of promotions: the public list and a programme's page, calls for promotions, and the
business's filing form (programme, goods rows and prizes added with htmx, save or save-and-submit)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from hangviet.agencies.scope import scope_for
from hangviet.core.errors import DomainError, NotFound
from hangviet.core.ratelimit import RateLimited, limit_public
from hangviet.places.selectors import provinces
from hangviet.portal.views import apply_domain_error

from . import selectors, services
from .forms import (
    ItemForm,
    ItemFormSet,
    PrizeForm,
    PrizeFormSet,
    ProgrammeForm,
    ResultReportForm,
    initial_from,
    to_data,
)
from .models import PromotionForm


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat((value or "")[:10]) if value else None
    except ValueError:
        return None


@require_GET
def public_list(request):
    try:
        limit_public(request, "promotions-list", "120/60")
    except RateLimited as exc:
        return render(request, "portal/error.html", {"code": 429, "message": exc.message}, status=429)
    q = (request.GET.get("q") or "")[:200]
    province = (request.GET.get("province") or "")[:20]
    form = request.GET.get("type") or ""
    if form not in PromotionForm.values:
        form = ""
    active_on = _date(request.GET.get("active_on"))
    qs = selectors.public_programmes(active_on=active_on, province=province or None, form=form or None, q=q or None)
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    return render(request, "promotions/public_list.html", {
        "page": page, "q": q, "province": province, "type": form, "active_on": active_on,
        "provinces": provinces().filter(valid_to__isnull=True), "forms": PromotionForm.choices,
        "calls": selectors.open_calls()[:5],
    })


@require_GET
def public_detail(request, programme_id):
    try:
        programme = selectors.public_programme_get(programme_id=programme_id)
    except NotFound:
        raise Http404 from None
    return render(request, "promotions/public_detail.html", {"p": programme})


@require_GET
def calls(request):
    return render(request, "promotions/calls.html", {"calls": selectors.public_calls()[:100]})


@require_GET
def call_detail(request, call_id):
    try:
        call = selectors.public_call_get(call_id=call_id)
    except NotFound:
        raise Http404 from None
    programmes = selectors.public_programmes(call_id=call.pk, date_from=call.starts_on)
    return render(request, "promotions/call_detail.html", {"call": call, "programmes": programmes[:200]})


def _render_form(request, form, items, prizes, programme=None, status=200, amend=False, change_error=""):
    return render(request, "promotions/programme_form.html",
                  {"form": form, "items": items, "prizes": prizes, "programme": programme, "amend": amend,
                   "change_note": request.POST.get("change_note", "") if request.method == "POST" else "",
                   "change_error": change_error}, status=status)


def _bind(request, programme=None):
    calls = selectors.open_calls()
    if request.method == "POST":
        form = ProgrammeForm(request.POST, calls=calls)
        items = ItemFormSet(request.POST, prefix="items")
        prizes = PrizeFormSet(request.POST, prefix="prizes")
    elif programme is not None:
        initial, item_rows, prize_rows = initial_from(programme)
        form = ProgrammeForm(initial=initial, calls=calls)
        items = ItemFormSet(initial=item_rows, prefix="items")
        prizes = PrizeFormSet(initial=prize_rows, prefix="prizes")
    else:
        call = request.GET.get("call", "")
        form = ProgrammeForm(calls=calls, initial={"procedure": "register", "addressed_to": "department",
                                                   "call": int(call) if call.isdigit() else None})
        items = ItemFormSet(prefix="items")
        prizes = PrizeFormSet(prefix="prizes")
    return form, items, prizes


def _show_errors(form, exc: DomainError):
    if exc.errors:
        for key, msgs in exc.errors.items():
            for msg in msgs:
                form.add_error(key if key in form.fields else None, msg)
    else:
        apply_domain_error(form, exc)


def _business_scope(request):
    scope = scope_for(request.user)
    if not scope.is_business:
        return None
    return scope


def _own_programme(request, programme_id):
    """(scope, programme) of the signed-in business's own programme, or 404."""
    scope = _business_scope(request)
    if scope is None:
        raise Http404
    try:
        return scope, selectors.programme_get(scope=scope, programme_id=programme_id)
    except NotFound:
        raise Http404 from None


def _post(request, form, items, prizes, write, *, programme=None, amend=False):
    """Validate the programme form and its rows, then `write(data)`. Returns (result, None), or
    (None, the form re-rendered with each error next to its field)."""
    if not (form.is_valid() and items.is_valid() and prizes.is_valid()):
        return None, _render_form(request, form, items, prizes, programme=programme, amend=amend, status=422)
    try:
        return write(to_data(form, items, prizes)), None
    except DomainError as exc:
        _show_errors(form, exc)
        return None, _render_form(request, form, items, prizes, programme=programme, amend=amend,
                                  change_error=exc.message if amend and exc.field == "change_note" else "",
                                  status=exc.form_status)


@login_required
@require_http_methods(["GET", "POST"])
def new(request):
    scope = _business_scope(request)
    if scope is None:
        messages.error(request, _("Chỉ tài khoản doanh nghiệp được nộp hồ sơ khuyến mại."))
        return redirect("promotions:public_list")
    form, items, prizes = _bind(request)
    if request.method == "POST":
        programme, failed = _post(request, form, items, prizes,
                                  lambda data: services.programme_create(scope=scope, data=data))
        return failed or _after_save(request, scope, programme, form, items, prizes)
    return _render_form(request, form, items, prizes)


def _after_save(request, scope, programme, form, items, prizes):
    if request.POST.get("submit"):
        try:
            programme = services.programme_submit(scope=scope, programme_id=programme.pk)
        except DomainError as exc:
            _show_errors(form, exc)
            messages.error(request, _("Đã lưu bản nháp nhưng chưa nộp được: %(m)s") % {"m": exc.message})
            return _render_form(request, form, items, prizes, programme=programme, status=422)
        messages.success(request, _("Đã nộp hồ sơ %(ref)s. Hạn trả lời: %(due)s.") % {
            "ref": programme.filing.reference,
            "due": programme.filing.due_date.strftime("%d/%m/%Y") if programme.filing.due_date else "—"})
        return redirect("filings:detail", programme.filing_id)
    messages.success(request, _("Đã lưu bản nháp."))
    return redirect("promotions:edit", programme.pk)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, programme_id):
    scope, programme = _own_programme(request, programme_id)
    if not programme.filing.is_editable:
        return render(request, "promotions/programme_view.html", {"p": programme, "report_form": _report_form(programme)})
    form, items, prizes = _bind(request, programme)
    if request.method == "POST":
        saved, failed = _post(request, form, items, prizes, programme=programme, write=lambda data: (
            services.programme_update(scope=scope, programme_id=programme.pk, data=data)))
        return failed or _after_save(request, scope, saved, form, items, prizes)
    return _render_form(request, form, items, prizes, programme=programme)


@login_required
@require_http_methods(["GET", "POST"])
def amend(request, programme_id):
    """File a change of a confirmed programme: the same form, prefilled, plus what changes and why."""
    scope, programme = _own_programme(request, programme_id)
    if programme.filing.state != "confirmed":
        messages.error(request, _("Chỉ đăng ký sửa đổi chương trình đã được xác nhận và chưa có sửa đổi đang chờ."))
        return redirect("promotions:edit", programme.pk)
    form, items, prizes = _bind(request, programme)
    if request.method == "POST":
        _done, failed = _post(request, form, items, prizes, programme=programme, amend=True, write=lambda data: (
            services.programme_amend(scope=scope, programme_id=programme.pk, data=data,
                                     note=request.POST.get("change_note", ""))))
        if failed:
            return failed
        messages.success(request, _("Đã nộp đăng ký sửa đổi. Chương trình đã xác nhận giữ nguyên cho đến khi "
                                    "cơ quan tiếp nhận xác nhận nội dung sửa đổi."))
        return redirect("filings:detail", programme.filing_id)
    return _render_form(request, form, items, prizes, programme=programme, amend=True)


@login_required
@require_GET
def edit_by_filing(request, filing_id):
    scope = _business_scope(request)
    programme = selectors.programme_list(scope=scope).filter(filing_id=filing_id).first() if scope else None
    if programme is None:
        raise Http404
    return redirect("promotions:edit", programme.pk)


@login_required
@require_GET
def item_row(request):
    index = _row_index(request)
    return render(request, "promotions/_item_row.html", {"f": ItemForm(prefix=f"items-{index}")})


@login_required
@require_GET
def prize_row(request):
    index = _row_index(request)
    return render(request, "promotions/_prize_row.html", {"f": PrizeForm(prefix=f"prizes-{index}")})


def _row_index(request) -> int:
    try:
        index = int(request.GET.get("i", "0"))
    except ValueError:
        index = 0
    return max(0, min(index, 99))


def _report_form(programme, data=None):
    from hangviet.core.deadlines import today

    if ("lucky_draws" not in programme.forms or programme.filing.state not in ("confirmed", "closed")
            or today() < programme.ends_on or hasattr(programme, "result_report")):
        return None
    return ResultReportForm(data)


@login_required
@require_http_methods(["POST"])
def result_report(request, programme_id):
    scope = _business_scope(request)
    if scope is None:
        raise Http404
    try:
        programme = selectors.programme_get(scope=scope, programme_id=programme_id)
    except NotFound:
        raise Http404 from None
    form = _report_form(programme, request.POST) or ResultReportForm(request.POST)
    if form.is_valid():
        try:
            services.result_report_file(scope=scope, programme_id=programme.pk, **form.cleaned_data)
            messages.success(request, _("Đã nộp báo cáo kết quả chương trình."))
            return redirect("promotions:edit", programme.pk)
        except DomainError as exc:
            _show_errors(form, exc)
    return render(request, "promotions/programme_view.html", {"p": programme, "report_form": form}, status=422)
