"""The generic back-office review screen every filing kind reuses: the queue (scoped to the receiving
agency and its place) and one filing's page with its content, documents, comments, timeline and the
actions the officer may take. Every button calls a filings service."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from hangviet.agencies.admin_base import ScopedAdmin
from hangviet.agencies.scope import scope_for
from hangviet.core.admin_site import nav_model
from hangviet.core.deadlines import due_soon_q, overdue_q
from hangviet.core.errors import DomainError

from . import policy, selectors, services
from .forms import ActionForm, DocumentForm, ReviewerCommentForm
from .kinds import get_kind, kind_choices
from .models import ACTION_LABELS, PENDING_STATES, Filing, FilingState

REVIEWER_ACTIONS = ("acknowledge", "request_changes", "confirm", "refuse", "suspend", "cancel", "close")


class KindFilter(admin.SimpleListFilter):
    title = _("Loại hồ sơ")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return kind_choices()

    def queryset(self, request, queryset):
        return queryset.filter(kind=self.value()) if self.value() else queryset


class DueFilter(admin.SimpleListFilter):
    title = _("Hạn xử lý")
    parameter_name = "due"

    def lookups(self, request, model_admin):
        return [("soon", _("Sắp đến hạn")), ("overdue", _("Quá hạn")), ("pending", _("Đang chờ xử lý"))]

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        queryset = queryset.filter(state__in=PENDING_STATES)
        if value == "soon":
            return queryset.filter(due_soon_q())
        if value == "overdue":
            return queryset.filter(overdue_q())
        return queryset


@admin.register(Filing)
class FilingAdmin(ScopedAdmin):
    list_display = ["reference", "title_link", "kind_display", "filer_business", "receiving_agency", "state",
                    "submitted_at", "due_display"]
    list_filter = [KindFilter, "state", DueFilter]
    search_fields = ["reference", "title", "search_key"]
    list_select_related = ["filer_business", "receiving_agency"]
    scope_agency_field = "receiving_agency"
    scope_place_field = "receiving_agency__place"
    edit_roles: set[str] = set()
    ordering = ["-submitted_at", "-id"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(~Q(state=FilingState.DRAFT))

    def has_add_permission(self, request):
        return False

    def get_urls(self):
        return [path("<int:pk>/xu-ly/", self.admin_site.admin_view(self.review_view), name="filings_filing_review"),
                *super().get_urls()]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        try:
            return self.review_view(request, int(object_id))
        except (TypeError, ValueError):
            raise Http404 from None

    @admin.display(description=_("Tên hồ sơ"), ordering="title")
    def title_link(self, obj):
        return format_html('<a class="text-primary-600 underline" href="{}">{}</a>',
                           reverse("admin:filings_filing_review", args=[obj.pk]), obj.title)

    @admin.display(description=_("Loại"))
    def kind_display(self, obj):
        return obj.kind_label

    @admin.display(description=_("Hạn xử lý"), ordering="due_date")
    def due_display(self, obj):
        if not obj.is_pending or obj.due_date is None:
            return "—"
        label = {"overdue": "⚠ ", "due_soon": "⏳ "}.get(obj.outcome, "")
        return f"{label}{obj.due_date:%d/%m/%Y}"

    def review_view(self, request, pk):
        scope = scope_for(request.user)
        filing = self.get_queryset(request).filter(pk=pk).first()
        if filing is None or not self.has_view_permission(request):
            messages.error(request, _("Không tìm thấy hồ sơ trong phạm vi của bạn."))
            return redirect("admin:filings_filing_changelist")
        action_form, comment_form, document_form = ActionForm(), ReviewerCommentForm(), DocumentForm()
        status = 200
        if request.method == "POST":
            what = request.POST.get("form")
            try:
                if what == "action":
                    action_form = ActionForm(request.POST)
                    if action_form.is_valid():
                        action = action_form.cleaned_data["action"]
                        if action not in REVIEWER_ACTIONS:
                            raise DomainError("action_unknown", "Thao tác không hợp lệ.")
                        services.filing_act(scope=scope, filing_id=pk, action=action,
                                            note=action_form.cleaned_data["note"])
                        messages.success(request, _("Đã thực hiện: %(a)s.") % {"a": ACTION_LABELS[action]})
                        return redirect("admin:filings_filing_review", pk)
                elif what == "comment":
                    comment_form = ReviewerCommentForm(request.POST)
                    if comment_form.is_valid():
                        services.filing_comment_add(scope=scope, filing_id=pk, body=comment_form.cleaned_data["body"],
                                                    visibility=comment_form.cleaned_data["visibility"])
                        messages.success(request, _("Đã ghi ý kiến."))
                        return redirect("admin:filings_filing_review", pk)
                elif what == "document":
                    document_form = DocumentForm(request.POST, request.FILES)
                    if document_form.is_valid():
                        services.filing_document_add(scope=scope, filing_id=pk, upload=document_form.cleaned_data["file"],
                                                     label=document_form.cleaned_data["label"])
                        messages.success(request, _("Đã tải lên tài liệu."))
                        return redirect("admin:filings_filing_review", pk)
                status = 422
            except DomainError as exc:
                target = {"comment": comment_form, "document": document_form}.get(what, action_form)
                if exc.field in target.fields:
                    target.add_error(exc.field, exc.message)
                elif exc.field in ("reason",):
                    target.add_error("note", exc.message)
                else:
                    target.add_error(None, exc.message)
                messages.error(request, exc.message)
                status = exc.form_status
            filing = self.get_queryset(request).filter(pk=pk).first()
        spec = get_kind(filing.kind, missing_ok=True)
        actions = [(a, ACTION_LABELS[a]) for a in policy.available_actions(scope, filing) if a in REVIEWER_ACTIONS]
        context = {
            **self.admin_site.each_context(request),
            "title": f"{filing.reference or ''} · {filing.title}",
            "opts": self.model._meta,
            "filing": filing,
            "spec": spec,
            "detail_template": spec.detail_template if spec else None,
            "payload_rows": _payload_rows(filing.payload),
            "timeline": selectors.filing_timeline(scope=scope, filing=filing),
            "actions": actions,
            "action_form": action_form,
            "comment_form": comment_form,
            "document_form": document_form,
        }
        return TemplateResponse(request, "admin/filings/review.html", context, status=status)


def _payload_rows(payload, prefix: str = "") -> list[tuple[str, str]]:
    """Flatten the filed JSON into label/value rows for the generic screen."""
    rows: list[tuple[str, str]] = []
    if isinstance(payload, dict):
        for key, value in payload.items():
            label = f"{prefix}{key}"
            if isinstance(value, dict | list):
                rows.extend(_payload_rows(value, prefix=f"{label} › "))
            else:
                rows.append((label, "" if value is None else str(value)))
    elif isinstance(payload, list):
        for index, value in enumerate(payload, start=1):
            rows.extend(_payload_rows(value, prefix=f"{prefix}{index} › ") if isinstance(value, dict | list)
                        else [(f"{prefix}{index}", str(value))])
    return rows[:400]


nav_model(group="trade", model=Filing, icon="inbox", order=5)
