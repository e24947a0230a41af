"""Public portal pages of events: the calendar, an event's page, the businesses' application form,
a business's own participations, and the iCalendar feed. Thin: parse, call a service or selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hangviet.agencies.scope import scope_for
from hangviet.core.errors import DomainError
from hangviet.core.ratelimit import limit_public
from hangviet.filings.models import PENDING_STATES
from hangviet.places.selectors import provinces
from hangviet.portal.views import apply_domain_error

from . import ics, selectors, services
from .forms import (
    ApplicationForm,
    CalendarFilterForm,
    FairAmendmentForm,
    FairCancelForm,
    FairRegistrationForm,
    FairReportForm,
)
from .models import EventStatus
from .services import catalog_link


@require_GET
def calendar(request):
    form = CalendarFilterForm(request.GET or None)
    status = 200
    upcoming, past = [], []
    page = None
    if form.is_bound and not form.is_valid():
        status = 400
    else:
        data = form.cleaned_data if form.is_bound else {}
        filters = {"province": data.get("province") or None, "kind": data.get("kind") or None, "q": data.get("q") or None}
        paginator = Paginator(selectors.public_event_list(upcoming=True, **filters), 30)
        page = paginator.get_page(request.GET.get("page"))
        upcoming = list(page.object_list)
        past = list(selectors.public_event_list(**filters).filter(status=EventStatus.DONE,
                                                                  ends_at__lt=timezone.now()).order_by("-starts_at")[:12])
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "events/calendar.html", {
        "form": form, "upcoming": upcoming, "past": past, "page": page, "provinces": provinces(),
        "ics_query": query.urlencode(), "query": query.urlencode(),
    }, status=status)


@require_GET
def detail(request, event_id: int):
    try:
        event = selectors.public_event_get(event_id=event_id)
    except DomainError:
        return render(request, "portal/error.html", {"code": 404, "message": _("Không tìm thấy sự kiện.")}, status=404)
    scope = scope_for(request.user)
    mine = selectors.my_participation(scope=scope, event_id=event.pk)
    return render(request, "events/detail.html", {"event": event, "mine": mine, "scope": scope,
                                                  "now": timezone.now()})


@login_required
@require_http_methods(["GET", "POST"])
def apply(request, event_id: int):
    scope = scope_for(request.user)
    try:
        event = selectors.public_event_get(event_id=event_id)
    except DomainError:
        return render(request, "portal/error.html", {"code": 404, "message": _("Không tìm thấy sự kiện.")}, status=404)
    if not scope.is_business:
        return render(request, "portal/error.html", {"code": 403, "message": _(
            "Chỉ tài khoản doanh nghiệp được đăng ký tham gia sự kiện.")}, status=403)
    choices = catalog_link.product_choices(scope.business_id)
    form = ApplicationForm(request.POST or None, product_choices=choices,
                           initial={"contact_name": request.user.full_name, "contact_phone": request.user.phone})
    status = 200
    if request.method == "POST":
        try:
            limit_public(request, "event-apply")
            if form.is_valid():
                data = form.cleaned_data
                services.participation_apply(
                    scope=scope, event_id=event.pk, products_note=data["products_note"],
                    product_ids=data.get("products") or [], booths_requested=data["booths_requested"],
                    booth_needs=data["booth_needs"], contact_name=data["contact_name"],
                    contact_phone=data["contact_phone"])
                messages.success(request, _("Đã gửi đăng ký tham gia. Đơn vị tổ chức sẽ xem xét và báo kết quả."))
                return redirect("events:detail", event.pk)
            status = 422
        except DomainError as exc:
            apply_domain_error(form, exc)
            status = exc.form_status
    return render(request, "events/apply.html", {"event": event, "form": form}, status=status)


@login_required
@require_GET
def my_participations(request):
    scope = scope_for(request.user)
    if not scope.is_business:
        return render(request, "portal/error.html", {"code": 403, "message": _(
            "Trang này dành cho tài khoản doanh nghiệp.")}, status=403)
    items = selectors.participation_list(scope=scope)[:200]
    return render(request, "events/mine.html", {"items": items})


@login_required
@require_POST
def withdraw(request, participation_id: int):
    try:
        participation = services.participation_withdraw(scope=scope_for(request.user), participation_id=participation_id)
        messages.success(request, _("Đã rút đăng ký tham gia."))
        return redirect("events:detail", participation.event_id)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("events:mine")


@login_required
@require_http_methods(["GET", "POST"])
def fair_new(request):
    """A business drafts its fair registration; documents and submission follow on the filing's page."""
    from .services import fairs

    scope = scope_for(request.user)
    if not scope.is_business:
        return render(request, "portal/error.html", {"code": 403, "message": _(
            "Chỉ tài khoản doanh nghiệp (thương nhân tổ chức) đăng ký hội chợ tại đây.")}, status=403)
    form = FairRegistrationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        try:
            limit_public(request, "fair-new")
            if form.is_valid():
                reg = fairs.fair_create(scope=scope, data=fairs.FairData(**form.cleaned_data))
                messages.success(request, _("Đã lập hồ sơ nháp. Hãy đính kèm tài liệu rồi bấm “Nộp hồ sơ”."))
                return redirect("filings:detail", reg.filing_id)
            status = 422
        except DomainError as exc:
            apply_domain_error(form, exc)
            status = exc.form_status
    return render(request, "events/fair_new.html", {"form": form}, status=status)


_FAIR_FIELDS = ("name", "theme", "opens_on", "closes_on", "place_code", "venue", "expected_booths",
                "shows_comparison_goods", "comparison_note", "quality_title_evidence")


def _fair_initial(reg) -> dict:
    return {name: (reg.place_id if name == "place_code" else getattr(reg, name)) for name in _FAIR_FIELDS}


@login_required
@require_http_methods(["GET", "POST"])
def fair_manage(request, registration_id):
    """The organiser's page of one fair registration: edit it while it is a draft or sent back, file a
    change or cancel it once confirmed, report the results after it closes. Documents, submission and
    the timeline stay on the filing's page, linked from here."""
    from .services import fairs

    scope = scope_for(request.user)
    reg = selectors.fair_for_filer(scope=scope, registration_id=registration_id)
    if reg is None:
        return render(request, "portal/error.html", {"code": 404, "message": _(
            "Không tìm thấy hồ sơ hội chợ của bạn.")}, status=404)
    filing = reg.filing
    state = filing.state
    editable = filing.is_editable
    confirmed = state == "confirmed"
    report_open = state in ("confirmed", "amended") and timezone.localdate() >= reg.closes_on
    pending_change = fairs.pending_amendment(reg)
    forms_ = {
        "edit": FairRegistrationForm(initial=_fair_initial(reg)) if editable else None,
        "amend": FairAmendmentForm(initial=_fair_initial(reg)) if confirmed and not pending_change else None,
        "cancel": FairCancelForm() if state in ("draft", "submitted", "acknowledged", "changes_requested",
                                                "confirmed", "amended") else None,
        "report": FairReportForm() if report_open else None,
    }
    status = 200
    if request.method == "POST":
        what = request.POST.get("form")
        form_class = {"edit": FairRegistrationForm, "amend": FairAmendmentForm, "cancel": FairCancelForm,
                      "report": FairReportForm}.get(what)
        if form_class is None or forms_.get(what) is None:
            messages.error(request, _("Thao tác này không áp dụng cho hồ sơ ở trạng thái hiện tại."))
            return redirect("events:fair_manage", reg.pk)
        form = forms_[what] = form_class(request.POST)
        try:
            limit_public(request, "fair-manage")
            if form.is_valid():
                data = form.cleaned_data
                if what == "edit":
                    fairs.fair_update(scope=scope, registration_id=reg.pk, data=fairs.FairData(**data))
                    messages.success(request, _("Đã lưu nội dung hồ sơ."))
                elif what == "amend":
                    fairs.fair_amend(scope=scope, registration_id=reg.pk, data=fairs.FairData(**data))
                    messages.success(request, _("Đã nộp nội dung thay đổi; Sở Công Thương sẽ xác nhận."))
                elif what == "cancel":
                    fairs.fair_cancel(scope=scope, registration_id=reg.pk, reason=data["reason"])
                    messages.success(request, _("Đã hủy hồ sơ hội chợ."))
                else:
                    fairs.fair_report(scope=scope, registration_id=reg.pk, report=fairs.FairReportData(**data))
                    messages.success(request, _("Đã nộp báo cáo kết quả; hồ sơ đã kết thúc."))
                return redirect("events:fair_manage", reg.pk)
            status = 422
        except DomainError as exc:
            apply_domain_error(form, exc)
            status = exc.form_status
    context = {"reg": reg, "filing": filing, "forms": forms_, "pending_change": pending_change,
               "reports": selectors.fair_reports(reg), "awaiting": state in PENDING_STATES}
    return render(request, "events/fair_manage.html", context, status=status)


@require_GET
def ics_feed(request):
    """/events.ics?province=38&kind=vn_goods_market: a feed phones and Outlook can subscribe to."""
    try:
        limit_public(request, "events-ics", "120/60")
        filters = ics.parse_filters(request.GET)
    except DomainError as exc:
        response = HttpResponse(exc.message, status=exc.status, content_type="text/plain; charset=utf-8")
        if getattr(exc, "retry_after", None):
            response["Retry-After"] = str(exc.retry_after)
        return response
    body = ics.render_calendar(ics.feed_events(filters), host=request.get_host().split(":")[0])
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="hangviet-su-kien.ics"'
    response["Cache-Control"] = "public, max-age=900"
    return response
