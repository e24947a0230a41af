"""Back-office screens of the bulk import: the list of import jobs, the upload form (choosing what to
import), the template downloads, the row-by-row report with the user's two choices, the progress page
(polled every second with htmx) and the result page.

Only officials whose role may import (`policy.can_import`: focal points and unit officers, and
administrators) see these screens; each sees their own jobs (administrators see all)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin

from hangviet.agencies.admin_base import ScopedAdmin
from hangviet.agencies.models import Role
from hangviet.agencies.scope import scope_for
from hangviet.core.admin_site import nav_model
from hangviet.core.errors import DomainError

from . import importer, policy
from .exports import TEMPLATE_NAMES, XLSX_TYPE, template_bytes
from .models import ImportJob, ImportKind, ImportStatus

ERRORS_PER_PAGE = 50
_RUNNING = (ImportStatus.UPLOADED, ImportStatus.VALIDATING, ImportStatus.IMPORTING)


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại dữ liệu"), choices=ImportKind.choices, widget=forms.RadioSelect,
                             error_messages={"required": _("Chọn loại dữ liệu cần nhập."),
                                             "invalid_choice": _("Loại dữ liệu không hợp lệ.")})
    file = forms.FileField(label=_("Tệp dữ liệu (.xlsx hoặc .csv)"),
                           error_messages={"required": _("Chưa chọn tệp."), "empty": _("Tệp rỗng.")})


@admin.register(ImportJob)
class ImportJobAdmin(ScopedAdmin):
    list_display = ["original_name", "kind", "status", "progress", "total_rows", "valid_rows", "created_count",
                    "updated_count", "created_by", "created_at", "open_link"]
    list_filter = ["kind", "status"]
    search_fields = ["original_name"]
    list_select_related = ["created_by"]
    view_roles = {Role.ADMIN, Role.FOCAL, Role.OFFICER}
    edit_roles: set[str] = set()

    # --- rights and list ---------------------------------------------------------------------
    def get_queryset(self, request):
        qs = ModelAdmin.get_queryset(self, request)
        if getattr(request.user, "role", None) == Role.ADMIN:
            return qs
        return qs.filter(created_by=request.user)

    def _can_import(self, request) -> bool:
        return request.user.is_active and policy.can_import(scope_for(request.user))

    def has_module_permission(self, request):
        return self._can_import(request)

    def has_view_permission(self, request, obj=None):
        return self._can_import(request)

    def has_add_permission(self, request):
        return self._can_import(request)

    def has_change_permission(self, request, obj=None):
        return False

    def _require(self, request):
        if not self._can_import(request):
            raise DjangoPermissionDenied

    def _job(self, request, pk) -> ImportJob:
        self._require(request)
        job = self.get_queryset(request).filter(pk=pk).first()
        if job is None:
            raise Http404
        return job

    @admin.display(description=_("Tiến độ"))
    def progress(self, obj):
        return f"{obj.progress_percent}%"

    @admin.display(description=_("Xem"))
    def open_link(self, obj):
        return format_html('<a class="text-primary-600 underline" href="{}">{}</a>', _next_url(obj), _("Mở"))

    def add_view(self, request, form_url="", extra_context=None):
        return redirect("admin:catalog_importjob_upload")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if not str(object_id).isdigit():
            raise Http404
        return redirect(_next_url(self._job(request, int(object_id))))

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("tai-len/", view(self.upload_view), name="catalog_importjob_upload"),
            path("mau/<str:kind>/", view(self.template_view), name="catalog_importjob_template"),
            path("<int:pk>/bao-cao/", view(self.report_view), name="catalog_importjob_report"),
            path("<int:pk>/nhap/", view(self.confirm_view), name="catalog_importjob_confirm"),
            path("<int:pk>/tien-do/", view(self.progress_view), name="catalog_importjob_progress"),
            path("<int:pk>/ket-qua/", view(self.result_view), name="catalog_importjob_result"),
            *super().get_urls(),
        ]

    def _context(self, request, title, **extra):
        return {**self.admin_site.each_context(request), "title": title, "opts": self.model._meta,
                "kinds": ImportKind.choices, **extra}

    # --- views -----------------------------------------------------------------------------------
    def upload_view(self, request):
        self._require(request)
        initial_kind = request.GET.get("kind") if request.GET.get("kind") in ImportKind.values else None
        form = UploadForm(request.POST or None, request.FILES or None, initial={"kind": initial_kind})
        if request.method == "POST" and form.is_valid():
            try:
                job = importer.import_create(scope=scope_for(request.user), kind=form.cleaned_data["kind"],
                                             upload=form.cleaned_data["file"])
                return redirect(_next_url(job))
            except DomainError as exc:
                form.add_error("file" if exc.field in (None, "file") else exc.field
                               if exc.field in form.fields else None, exc.message)
        context = self._context(request, _("Nhập dữ liệu từ tệp Excel/CSV"), form=form,
                                max_rows=importer.MAX_ROWS, max_mb=importer.MAX_FILE_BYTES // (1024 * 1024))
        return TemplateResponse(request, "admin/catalog/import_upload.html", context, status=400 if form.errors else 200)

    def template_view(self, request, kind):
        self._require(request)
        if kind not in ImportKind.values:
            raise Http404
        response = HttpResponse(template_bytes(kind), content_type=XLSX_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{TEMPLATE_NAMES[kind]}"'
        return response

    def report_view(self, request, pk):
        job = self._job(request, pk)
        if job.status in _RUNNING:
            return redirect("admin:catalog_importjob_progress", job.pk)
        paginator = Paginator(job.errors or [], ERRORS_PER_PAGE)
        page = paginator.get_page(request.GET.get("trang"))
        invalid_rows = job.total_rows - job.valid_rows if job.status == ImportStatus.VALIDATED else 0
        context = self._context(request, _("Báo cáo kiểm tra: %s") % job.original_name, job=job, page=page,
                                invalid_rows=invalid_rows)
        return TemplateResponse(request, "admin/catalog/import_report.html", context)

    def confirm_view(self, request, pk):
        job = self._job(request, pk)
        if request.method != "POST":
            return redirect("admin:catalog_importjob_report", job.pk)
        try:
            job = importer.import_confirm(scope=scope_for(request.user), job=job,
                                          only_valid=request.POST.get("only_valid") == "1")
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("admin:catalog_importjob_report", job.pk)
        return redirect(_next_url(job))

    def progress_view(self, request, pk):
        job = self._job(request, pk)
        partial = request.GET.get("partial") == "1"
        if job.status not in _RUNNING:
            if partial:
                response = HttpResponse(status=204)
                response["HX-Redirect"] = _next_url(job)
                return response
            return redirect(_next_url(job))
        template = "admin/catalog/import_progress_bar.html" if partial else "admin/catalog/import_progress.html"
        return TemplateResponse(request, template, self._context(request, _("Đang xử lý: %s") % job.original_name,
                                                                 job=job))

    def result_view(self, request, pk):
        job = self._job(request, pk)
        if job.status in _RUNNING:
            return redirect("admin:catalog_importjob_progress", job.pk)
        if job.status == ImportStatus.VALIDATED:
            return redirect("admin:catalog_importjob_report", job.pk)
        paginator = Paginator(job.errors or [], ERRORS_PER_PAGE)
        page = paginator.get_page(request.GET.get("trang"))
        list_url = {ImportKind.PRODUCTS: "admin:catalog_product_changelist",
                    ImportKind.PRODUCERS: "admin:businesses_business_changelist",
                    ImportKind.CERTIFICATES: "admin:catalog_ocopcertificate_changelist"}[job.kind]
        try:
            list_url = reverse(list_url)
        except Exception:  # noqa: BLE001 - the list page may not be registered (tests, partial installs)
            list_url = ""
        context = self._context(request, _("Kết quả nhập: %s") % job.original_name, job=job, page=page,
                                list_url=list_url)
        return TemplateResponse(request, "admin/catalog/import_result.html", context)


def _next_url(job: ImportJob) -> str:
    if job.status in _RUNNING:
        return reverse("admin:catalog_importjob_progress", args=[job.pk])
    if job.status == ImportStatus.DONE:
        return reverse("admin:catalog_importjob_result", args=[job.pk])
    return reverse("admin:catalog_importjob_report", args=[job.pk])


nav_model(group="catalog", model=ImportJob, icon="upload_file", order=80)
