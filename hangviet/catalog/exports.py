"""Export of any filtered list of products, producers or OCOP certificates to XLSX and CSV, and the
import templates.

Exports stream: rows come from the queryset in chunks (`iterator`), the XLSX is written by openpyxl in
write-only mode to a temporary file that the response then streams, the CSV is generated row by row
(UTF-8 with a BOM so that Excel shows Vietnamese). The first columns carry the import template's
headers, so an exported file can be corrected and imported again.

`ExportActionsMixin` adds the "Xuất Excel" / "Xuất CSV" actions (on the selected rows, or all rows of
the current filters with "select all") and two buttons above the list that export exactly what the
list shows (its filters and search), always within the user's scope (the admin's queryset)."""

from __future__ import annotations

import csv
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import FileResponse, HttpResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from unfold.decorators import action

from .importer import COLUMNS, Column
from .models import Category, ImportKind, IssuingLevel, OcopRules, Origin

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHUNK = 2000
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _date(value) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _datetime(value) -> str:
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if value else ""


@dataclass
class ExportSpec:
    kind: str
    filename: str
    headers: list[str]
    row: Callable
    related: tuple[str, ...]

    def rows(self, queryset) -> Iterator[list]:
        qs = queryset.select_related(*self.related).order_by("pk") if self.related else queryset.order_by("pk")
        for obj in qs.iterator(chunk_size=CHUNK):
            yield self.row(obj)


def _product_row(p) -> list:
    return [p.code, p.name, p.category_id, p.producer.tax_code, p.place_id, p.get_origin_display(), p.description,
            p.specification, p.packaging, p.unit, p.price_vnd, p.where_sold, ", ".join(p.ecommerce_links or []),
            p.category.name, p.producer.name, p.place.name, p.province.name if p.province_id else "",
            p.stars or "", p.get_status_display(), _datetime(p.updated_at)]


def _producer_row(b) -> list:
    return [b.tax_code, b.name, b.short_name, b.get_kind_display(), b.place_id, b.address, b.representative, b.phone,
            b.email, b.sector, b.place.name, b.get_status_display()]


def _certificate_row(c) -> list:
    return [c.number, c.product.code, c.score_a, c.score_b, c.score_c, c.decision_number, _date(c.decision_date),
            c.get_issuing_level_display(), c.issuing_authority, _date(c.valid_from), c.rules_id, c.product.name,
            c.score, c.stars, _date(c.valid_until), c.get_status_display()]


SPECS = {
    ImportKind.PRODUCTS: ExportSpec(
        ImportKind.PRODUCTS, "san-pham",
        [c.label for c in COLUMNS[ImportKind.PRODUCTS]] + [
            "Tên nhóm sản phẩm", "Tên chủ thể", "Tên xã/phường", "Tỉnh/thành phố", "Hạng sao OCOP", "Trạng thái",
            "Cập nhật lúc"],
        _product_row, ("category", "producer", "place", "province")),
    ImportKind.PRODUCERS: ExportSpec(
        ImportKind.PRODUCERS, "chu-the-san-xuat",
        [c.label for c in COLUMNS[ImportKind.PRODUCERS]] + ["Tên xã/phường", "Trạng thái"],
        _producer_row, ("place",)),
    ImportKind.CERTIFICATES: ExportSpec(
        ImportKind.CERTIFICATES, "giay-chung-nhan-ocop",
        [c.label for c in COLUMNS[ImportKind.CERTIFICATES]] + ["Tên sản phẩm", "Tổng điểm", "Hạng sao", "Hiệu lực đến",
                                                               "Trạng thái"],
        _certificate_row, ("product",)),
}

_MODEL_KINDS = {"product": ImportKind.PRODUCTS, "business": ImportKind.PRODUCERS,
                "ocopcertificate": ImportKind.CERTIFICATES}


def kind_for_model(model) -> str:
    return _MODEL_KINDS[model._meta.model_name]


# --- writers ------------------------------------------------------------------------------------

def _xlsx_value(value):
    if isinstance(value, str):
        return _ILLEGAL.sub("", value)
    return value


def write_xlsx(handle, headers: list[str], rows: Iterable[list], *, title: str = "Dữ liệu") -> None:
    """Write rows to an open binary file with openpyxl in write-only mode (constant memory)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title[:31])
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(ws, value=header)
        cell.font = bold
        header_cells.append(cell)
    ws.append(header_cells)
    for row in rows:
        out = []
        for value in row:
            value = _xlsx_value(value)
            if isinstance(value, str) and value.startswith("="):
                cell = WriteOnlyCell(ws, value=value)
                cell.data_type = "s"  # text that looks like a formula stays text
                out.append(cell)
            else:
                out.append(value)
        ws.append(out)
    wb.save(handle)


def _csv_value(value) -> str:
    if value is None:
        return ""
    text = str(value)
    if text[:1] in ("=", "+", "-", "@") and not re.fullmatch(r"[+-]?\d+", text):
        return "'" + text  # no formula injection when Excel opens it
    return text


class _Echo:
    def write(self, value):
        return value


def csv_stream(headers: list[str], rows: Iterable[list]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(headers)
    for row in rows:
        yield writer.writerow([_csv_value(v) for v in row])


def _filename(spec: ExportSpec, ext: str) -> str:
    return f"{spec.filename}-{timezone.localdate():%Y%m%d}.{ext}"


def export_response(queryset, *, kind: str, fmt: str) -> HttpResponse:
    """The XLSX or CSV download of a queryset (already scoped and filtered by the caller)."""
    spec = SPECS[kind]
    if fmt == "csv":
        response = StreamingHttpResponse(csv_stream(spec.headers, spec.rows(queryset)),
                                         content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{_filename(spec, "csv")}"'
        return response
    handle = tempfile.TemporaryFile()
    write_xlsx(handle, spec.headers, spec.rows(queryset))
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=_filename(spec, "xlsx"), content_type=XLSX_TYPE)


# --- the import templates ------------------------------------------------------------------------

def template_bytes(kind: str) -> bytes:
    """The XLSX template of an import: the header row in Vietnamese, one example row, and a second
    sheet that explains each column and lists the allowed codes."""
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    columns: list[Column] = COLUMNS[kind]
    wb = Workbook()
    ws = wb.active
    ws.title = "Dữ liệu"
    ws.append([c.header for c in columns])
    ws.append([c.example for c in columns])
    fill = PatternFill("solid", fgColor="FDE9D9")
    for index, column in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=index)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        if column.required:
            cell.fill = fill
        ws.column_dimensions[cell.column_letter].width = max(14, min(40, len(column.header) + 4))
        example = ws.cell(row=2, column=index)
        example.number_format = "@"  # codes stay text (leading zeros)
    ws.freeze_panes = "A2"

    guide = wb.create_sheet("Hướng dẫn")
    guide.append(["Cột", "Bắt buộc", "Cách ghi"])
    for cell in guide[1]:
        cell.font = Font(bold=True)
    for column in columns:
        guide.append([column.label, "Có" if column.required else "", column.help])
    guide.append([])
    guide.append(["Dòng 2 của trang “Dữ liệu” là dòng ví dụ: hãy xóa hoặc ghi đè trước khi nhập."])
    guide.append(["Ngày viết theo dạng ngày/tháng/năm (15/03/2024) hoặc định dạng ngày của Excel; số tiền có thể "
                  "viết 1.234.000."])
    guide.append(["Nhập lại cùng tệp sẽ cập nhật, không tạo bản ghi trùng (theo mã số thuế, mã sản phẩm, số giấy "
                  "chứng nhận)."])
    guide.column_dimensions["A"].width = 32
    guide.column_dimensions["B"].width = 10
    guide.column_dimensions["C"].width = 100
    guide.append([])
    if kind == ImportKind.PRODUCTS:
        guide.append(["Mã nhóm sản phẩm được dùng", "Cấp", "Tên nhóm"])
        guide[guide.max_row][0].font = Font(bold=True)
        for category in Category.objects.order_by("position", "code"):
            guide.append([category.code, category.get_level_display(), category.name])
        guide.append([])
        guide.append(["Xuất xứ", "", ", ".join(str(label) for label in Origin.labels)])
    elif kind == ImportKind.PRODUCERS:
        guide.append(["Loại hình", "", "Doanh nghiệp, Hợp tác xã, Tổ hợp tác, Hộ kinh doanh"])
    else:
        guide.append(["Cấp công nhận", "", ", ".join(str(label) for label in IssuingLevel.labels)])
        guide.append(["Quy định áp dụng", "", ", ".join(OcopRules.objects.values_list("code", flat=True))])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


TEMPLATE_NAMES = {ImportKind.PRODUCERS: "mau-nhap-chu-the.xlsx", ImportKind.PRODUCTS: "mau-nhap-san-pham.xlsx",
                  ImportKind.CERTIFICATES: "mau-nhap-giay-chung-nhan-ocop.xlsx"}


# --- the admin mixin --------------------------------------------------------------------------------

class ExportActionsMixin:
    """Add to a ModelAdmin of Product, Business or OcopCertificate (before the admin base class):
    the actions "Xuất Excel" / "Xuất CSV" on the selection, and the list buttons that export the
    current filtered list (add `*ExportActionsMixin.export_actions_list` to `actions_list`)."""

    export_actions_list = ["export_list_xlsx", "export_list_csv"]

    def get_actions(self, request):
        actions = super().get_actions(request)
        if self.has_view_permission(request):
            for name in ("export_xlsx", "export_csv"):
                actions[name] = self.get_action(name)
        return actions

    def _export(self, request, queryset, fmt):
        if not self.has_view_permission(request):
            raise DjangoPermissionDenied
        # The admin's own queryset keeps the user's scope whatever the posted selection says.
        scoped = self.get_queryset(request).filter(pk__in=queryset.values("pk"))
        return export_response(scoped, kind=kind_for_model(self.model), fmt=fmt)

    def export_xlsx(self, request, queryset):
        return self._export(request, queryset, "xlsx")

    export_xlsx.short_description = _("Xuất Excel")

    def export_csv(self, request, queryset):
        return self._export(request, queryset, "csv")

    export_csv.short_description = _("Xuất CSV")

    def filtered_queryset(self, request, query: str):
        """The changelist's queryset for a query string (filters, search, ordering), in scope."""
        original = request.GET
        request.GET = QueryDict(query)
        try:
            changelist = self.get_changelist_instance(request)
            return changelist.get_queryset(request)
        finally:
            request.GET = original

    def _export_list(self, request, fmt):
        if not self.has_view_permission(request):
            raise DjangoPermissionDenied
        query = request.GET.urlencode()
        if not query:
            referer = urlsplit(request.META.get("HTTP_REFERER", ""))
            if referer.path == request.path.rsplit("/", 2)[0] + "/":
                query = referer.query
        try:
            queryset = self.filtered_queryset(request, query)
        except IncorrectLookupParameters:
            messages.error(request, _("Bộ lọc không hợp lệ: không xuất được danh sách."))
            meta = self.model._meta
            return redirect(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        return export_response(queryset, kind=kind_for_model(self.model), fmt=fmt)

    @action(description=_("Xuất Excel"), url_path="xuat-excel", icon="download")
    def export_list_xlsx(self, request):
        return self._export_list(request, "xlsx")

    @action(description=_("Xuất CSV"), url_path="xuat-csv", icon="download")
    def export_list_csv(self, request):
        return self._export_list(request, "csv")
