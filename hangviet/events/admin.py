"""Back office of trade promotion: events (plan, publish, results), participations (decide, booths,
goods checks), the printable list of participants, and the dashboard with charts."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from hangviet.agencies.admin_base import ReadOnlyScopedAdmin, ScopedAdmin
from hangviet.agencies.models import OFFICIAL_ROLES, Role
from hangviet.agencies.scope import scope_for
from hangviet.core.admin_site import nav_link, nav_model
from hangviet.core.errors import DomainError

from . import policy, selectors, services
from .admin_forms import AgreementForm, CancelForm, DecisionForm, GoodsCheckForm, PhotoForm, ResultsForm
from .models import (
    Event,
    EventStatus,
    FairLeadTimeRule,
    GoodsCheck,
    Participation,
    ParticipationStatus,
    TradeFairRegistration,
)

PLANNER_ROLES = {Role.ADMIN, Role.FOCAL, Role.OFFICER}


def _apply_error(form, exc: DomainError):
    from hangviet.portal.views import apply_domain_error

    apply_domain_error(form, exc)


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 0
    can_delete = False
    fields = ["business", "status", "booth_code", "booths_requested", "products_note", "review"]
    readonly_fields = fields
    verbose_name_plural = _("Doanh nghiệp đăng ký tham gia")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("business")

    @admin.display(description=_("Xét / kiểm tra"))
    def review(self, obj):
        return format_html('<a class="underline" href="{}">{}</a>',
                           reverse("admin:events_participation_review", args=[obj.pk]), _("Mở"))


@admin.register(Event)
class EventAdmin(ScopedAdmin):
    list_display = ["title", "kind", "status", "place", "starts_at", "participants_count", "links"]
    list_filter = ["kind", "status"]
    search_fields = ["search_key", "title"]
    date_hierarchy = "starts_at"
    list_select_related = ["place"]
    autocomplete_fields = ["place", "invite_place", "organiser", "coordinators"]
    raw_id_fields = ["task", "task_output"]
    scope_place_field = "place"
    scope_agency_field = "organiser"
    edit_roles = PLANNER_ROLES
    inlines = [ParticipationInline]
    actions = ["publish_selected"]
    readonly_fields = ["status", "actual_booths", "actual_businesses", "actual_visitors", "actual_revenue",
                       "actual_trainees", "actual_spent", "evaluation", "results_at", "cancel_reason"]
    fieldsets = [
        (None, {"fields": ["title", "kind", "channel", "status", "description", "task", "task_output"]}),
        (_("Đơn vị"), {"fields": ["organiser", "organiser_business", "coordinators", "coordinators_note"]}),
        (_("Thời gian, địa điểm"), {"fields": ["place", "address", "starts_at", "ends_at"]}),
        (_("Đăng ký tham gia"), {"fields": ["accepts_applications", "application_deadline", "invite_place",
                                            "booth_count"]}),
        (_("Chỉ tiêu, kinh phí"), {"fields": ["target_booths", "target_businesses", "target_visitors",
                                              "target_revenue", "target_trainees", "budget"]}),
        (_("Kết quả"), {"fields": ["actual_booths", "actual_businesses", "actual_visitors", "actual_revenue",
                                   "actual_trainees", "actual_spent", "evaluation", "results_at", "cancel_reason"]}),
    ]

    def get_queryset(self, request):
        from django.db.models import Count, Q

        return super().get_queryset(request).annotate(
            n_participants=Count("participations", filter=Q(participations__status=ParticipationStatus.ACCEPTED)))

    @admin.display(description=_("Doanh nghiệp"), ordering="n_participants")
    def participants_count(self, obj):
        return obj.n_participants

    @admin.display(description=_("Thao tác"))
    def links(self, obj):
        return format_html(
            '<a class="underline" href="{}">{}</a> · <a class="underline" href="{}">{}</a>',
            reverse("admin:events_event_results", args=[obj.pk]), _("Kết quả"),
            reverse("admin:events_event_print", args=[obj.pk]), _("In danh sách"))

    def save_model(self, request, obj, form, change):
        scope = scope_for(request.user)
        data = services.EventData(
            title=obj.title, kind=obj.kind, place_code=obj.place_id, starts_at=obj.starts_at, ends_at=obj.ends_at,
            organiser_id=obj.organiser_id, address=obj.address, description=obj.description, channel=obj.channel,
            coordinator_ids=[a.pk for a in form.cleaned_data.get("coordinators") or []],
            coordinators_note=obj.coordinators_note, invite_place_code=obj.invite_place_id or "",
            accepts_applications=obj.accepts_applications, application_deadline=obj.application_deadline,
            booth_count=obj.booth_count, target_booths=obj.target_booths, target_businesses=obj.target_businesses,
            target_visitors=obj.target_visitors, target_revenue=obj.target_revenue,
            target_trainees=obj.target_trainees, budget=obj.budget, task_id=obj.task_id,
            task_output_id=obj.task_output_id)
        try:
            saved = (services.event_update(scope=scope, event_id=obj.pk, data=data) if change
                     else services.event_create(scope=scope, data=data))
        except DomainError as exc:
            raise DjangoPermissionDenied(exc.message) from exc
        obj.pk = saved.pk
        obj._state.adding = False

    @admin.action(description=_("Công bố các sự kiện đã chọn (hiện trên lịch công khai)"))
    def publish_selected(self, request, queryset):
        scope = scope_for(request.user)
        done = 0
        for event in queryset.filter(status=EventStatus.PLANNED):
            try:
                services.event_publish(scope=scope, event_id=event.pk)
                done += 1
            except DomainError as exc:
                messages.error(request, f"{event}: {exc.message}")
        messages.success(request, _("Đã công bố %(n)s sự kiện.") % {"n": done})

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/ket-qua/", view(self.results_view), name="events_event_results"),
            path("<int:pk>/huy/", view(self.cancel_view), name="events_event_cancel"),
            path("<int:pk>/danh-sach/", view(self.print_view), name="events_event_print"),
            path("bang-so-lieu/", view(self.dashboard_view), name="events_event_dashboard"),
            *super().get_urls(),
        ]

    def _event_or_redirect(self, request, pk):
        event = self.get_queryset(request).filter(pk=pk).first()
        if event is None:
            messages.error(request, _("Không tìm thấy sự kiện trong phạm vi của bạn."))
        return event

    def results_view(self, request, pk):
        event = self._event_or_redirect(request, pk)
        if event is None:
            return redirect("admin:events_event_changelist")
        scope = scope_for(request.user)
        if not policy.can_manage(scope, event):
            raise DjangoPermissionDenied
        initial = {f: getattr(event, f) for f in ResultsForm.base_fields}
        action = request.POST.get("action") if request.method == "POST" else None
        form = ResultsForm(request.POST if action == "results" else None, initial=initial)
        photo_form = PhotoForm(request.POST if action == "photo" else None, request.FILES if action == "photo" else None)
        agreement_form = AgreementForm(request.POST if action == "agreement" else None,
                                       request.FILES if action == "agreement" else None)
        try:
            if action == "results" and form.is_valid():
                services.event_record_results(scope=scope, event_id=pk, data=services.ResultsData(**form.cleaned_data))
                messages.success(request, _("Đã ghi nhận kết quả; sự kiện chuyển sang “Đã tổ chức”."))
                return redirect("admin:events_event_results", pk)
            if action == "photo" and photo_form.is_valid():
                services.event_add_photo(scope=scope, event_id=pk, upload=photo_form.cleaned_data["image"],
                                         caption=photo_form.cleaned_data["caption"])
                messages.success(request, _("Đã thêm ảnh."))
                return redirect("admin:events_event_results", pk)
            if action == "agreement" and agreement_form.is_valid():
                services.event_add_agreement(scope=scope, event_id=pk, **agreement_form.cleaned_data)
                messages.success(request, _("Đã ghi nhận hợp đồng / biên bản ghi nhớ."))
                return redirect("admin:events_event_results", pk)
        except DomainError as exc:
            _apply_error({"results": form, "photo": photo_form, "agreement": agreement_form}[action], exc)
        context = {**self.admin_site.each_context(request), "title": _("Kết quả: %s") % event, "event": event,
                   "form": form, "photo_form": photo_form, "agreement_form": agreement_form, "opts": self.model._meta,
                   "photos": event.photos.all(), "agreements": event.agreements.all()}
        return TemplateResponse(request, "admin/events/results.html", context)

    def cancel_view(self, request, pk):
        event = self._event_or_redirect(request, pk)
        if event is None:
            return redirect("admin:events_event_changelist")
        form = CancelForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.event_cancel(scope=scope_for(request.user), event_id=pk, reason=form.cleaned_data["reason"])
                messages.success(request, _("Đã hủy sự kiện."))
                return redirect("admin:events_event_change", pk)
            except DomainError as exc:
                _apply_error(form, exc)
        context = {**self.admin_site.each_context(request), "title": _("Hủy sự kiện: %s") % event, "form": form,
                   "opts": self.model._meta, "event": event}
        return TemplateResponse(request, "admin/events/cancel.html", context)

    def print_view(self, request, pk):
        try:
            event, rows = selectors.printable_participants(scope=scope_for(request.user), event_id=pk)
        except DomainError:
            messages.error(request, _("Không tìm thấy sự kiện trong phạm vi của bạn."))
            return redirect("admin:events_event_changelist")
        return TemplateResponse(request, "admin/events/print.html", {"event": event, "rows": rows,
                                                                      "printed_at": timezone.localtime()})

    def dashboard_view(self, request):
        if not self.has_view_permission(request):
            raise DjangoPermissionDenied
        year = request.GET.get("nam") or ""
        year = int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else None
        data = selectors.dashboard(scope=scope_for(request.user), year=year)
        chart = {"kinds": {"labels": [r["label"] for r in data["by_kind"]], "total": [r["total"] for r in data["by_kind"]],
                           "done": [r["done"] for r in data["by_kind"]]},
                 "months": {"labels": [r["month"] for r in data["by_month"]], "total": [r["total"] for r in data["by_month"]]},
                 "places": {"labels": [r["place__name"] for r in data["by_place"]],
                            "total": [r["total"] for r in data["by_place"]]}}
        context = {**self.admin_site.each_context(request), "title": _("Số liệu xúc tiến thương mại"),
                   "data": data, "chart": chart, "year": year,
                   "opts": self.model._meta}
        return TemplateResponse(request, "admin/events/dashboard.html", context)


@admin.register(Participation)
class ParticipationAdmin(ScopedAdmin):
    list_display = ["business", "event", "status", "booth_code", "booths_requested", "review_link"]
    list_filter = ["status"]
    search_fields = ["business__search_key", "event__search_key"]
    list_select_related = ["business", "event"]
    scope_place_field = "event__place"
    scope_agency_field = "event__organiser"
    edit_roles = set()
    view_roles = set(OFFICIAL_ROLES)
    readonly_fields = ["event", "business", "status", "products_note", "booths_requested", "booth_needs",
                       "contact_name", "contact_phone", "booth_code", "decision_note", "decided_by", "decided_at"]
    actions = ["accept_selected"]

    @admin.display(description=_("Xét / kiểm tra hàng hóa"))
    def review_link(self, obj):
        return format_html('<a class="underline" href="{}">{}</a>',
                           reverse("admin:events_participation_review", args=[obj.pk]), _("Mở"))

    @admin.action(description=_("Chấp nhận các đăng ký đã chọn"))
    def accept_selected(self, request, queryset):
        scope = scope_for(request.user)
        done = 0
        for p in queryset.filter(status=ParticipationStatus.APPLIED):
            try:
                services.participation_decide(scope=scope, participation_id=p.pk, accept=True)
                done += 1
            except DomainError as exc:
                messages.error(request, f"{p}: {exc.message}")
        messages.success(request, _("Đã chấp nhận %(n)s đăng ký.") % {"n": done})

    def get_urls(self):
        return [path("<int:pk>/xet/", self.admin_site.admin_view(self.review_view), name="events_participation_review"),
                *super().get_urls()]

    def review_view(self, request, pk):
        participation = self.get_queryset(request).filter(pk=pk).select_related("event", "business").first()
        if participation is None:
            messages.error(request, _("Không tìm thấy đăng ký trong phạm vi của bạn."))
            return redirect("admin:events_participation_changelist")
        scope = scope_for(request.user)
        action = request.POST.get("action") if request.method == "POST" else None
        decision = DecisionForm(request.POST if action == "decide" else None,
                                initial={"booth_code": participation.booth_code})
        check = GoodsCheckForm(request.POST if action == "check" else None)
        try:
            if action == "decide" and decision.is_valid():
                d = decision.cleaned_data
                services.participation_decide(scope=scope, participation_id=pk, accept=d["decision"] == "accept",
                                              note=d["note"], booth_code=d["booth_code"])
                messages.success(request, _("Đã ghi nhận quyết định."))
                return redirect("admin:events_participation_review", pk)
            if action == "check" and check.is_valid():
                services.goods_check_record(scope=scope, participation_id=pk, **check.cleaned_data)
                messages.success(request, _("Đã ghi kết quả kiểm tra hàng hóa."))
                return redirect("admin:events_participation_review", pk)
        except DomainError as exc:
            _apply_error(decision if action == "decide" else check, exc)
        context = {**self.admin_site.each_context(request), "title": _("Đăng ký tham gia: %s") % participation,
                   "p": participation, "decision": decision, "check": check, "opts": self.model._meta,
                   "checks": participation.goods_checks.select_related("checked_by")}
        return TemplateResponse(request, "admin/events/participation_review.html", context)


@admin.register(GoodsCheck)
class GoodsCheckAdmin(ReadOnlyScopedAdmin):
    list_display = ["participation", "checked_at", "passed", "origin_ok", "labelling_ok", "quality_ok", "expiry_ok",
                    "note"]
    list_filter = ["passed"]
    list_select_related = ["participation__business", "participation__event"]
    scope_place_field = "participation__event__place"
    scope_agency_field = "participation__event__organiser"


@admin.register(FairLeadTimeRule)
class FairLeadTimeRuleAdmin(ScopedAdmin):
    """Legal lead times are data: an administrator edits them when a new decree applies."""

    list_display = ["name", "max_days_before", "min_days_before", "change_min_days_before", "review_working_days",
                    "legal_source", "effective_from", "effective_to"]

    def get_queryset(self, request):
        return self.model.objects.all()


def _has_trade_view(request):
    return getattr(request.user, "role", None) in OFFICIAL_ROLES


nav_model(group="trade", model=Event, icon="event", order=10)
nav_model(group="trade", model=Participation, icon="how_to_reg", order=12)
nav_model(group="trade", model=GoodsCheck, icon="fact_check", order=14)
nav_link(group="trade", title=_("Số liệu xúc tiến thương mại"), icon="monitoring",
         url_name="admin:events_event_dashboard", permission=_has_trade_view, order=16)
nav_model(group="system", model=FairLeadTimeRule, icon="gavel", order=60)

from . import cards  # noqa: E402,F401  (registers the home cards)


@admin.register(TradeFairRegistration)
class TradeFairRegistrationAdmin(ReadOnlyScopedAdmin):
    """The typed content of fair filings; the review itself happens on the filing (Hồ sơ tiếp nhận)."""

    list_display = ["name", "filing_kind", "organiser_name", "opens_on", "closes_on", "place", "filing_link",
                    "event_link", "change_state"]
    list_filter = ["filing_kind", "change_state"]
    search_fields = ["name", "organiser_name", "organiser_tax_code"]
    list_select_related = ["place", "filing", "event"]
    scope_place_field = "place"
    scope_business_field = "organiser_business"

    @admin.display(description=_("Hồ sơ"))
    def filing_link(self, obj):
        if not obj.filing_id:
            return "—"
        return format_html('<a class="underline" href="/quan-tri/filings/filing/{}/change/">{} · {}</a>',
                           obj.filing_id, obj.filing.reference or _("nháp"), obj.filing.get_state_display())

    @admin.display(description=_("Trên lịch"))
    def event_link(self, obj):
        if not obj.event_id:
            return "—"
        return format_html('<a class="underline" href="{}">{}</a>',
                           reverse("admin:events_event_change", args=[obj.event_id]), obj.event.get_status_display())


nav_model(group="trade", model=TradeFairRegistration, icon="assignment", order=20)
