"""The consumer-protection dashboard: complaints (by category, place, channel and month; median handling
time and on-time rate) and market inspections (count, violations, fines, seized value), hotspots by
commune, for the actor's scope. Every table can be downloaded as XLSX. It lives with inspections because
it composes both apps' selectors (inspections already depends on complaints)."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass

from django.contrib import admin
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from hangviet.agencies.scope import Scope, scope_for
from hangviet.complaints import policy as complaint_policy
from hangviet.complaints import selectors as complaint_selectors

from . import selectors
from .models import Inspection

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Table:
    slug: str
    title: str
    header: list[str]
    rows: list[list]


def data_for(*, scope: Scope, year: int | None = None) -> dict:
    complaints = complaint_selectors.dashboard(scope=scope, year=year)
    inspections = selectors.dashboard(scope=scope, year=year)
    hotspots: dict[str, dict] = {}
    for r in complaints["by_place"]:
        hotspots[r["key"]] = {"label": r["label"], "level": r["level"], "complaints": r["n"], "inspections": 0,
                              "violations": 0, "fines": 0, "seized": 0}
    for r in inspections["by_place"]:
        row = hotspots.setdefault(r["key"], {"label": r["label"], "level": r["level"], "complaints": 0})
        row.update(inspections=r["n"], violations=r["violations"], fines=r["fines"], seized=r["seized"])
    ranked = sorted(hotspots.values(), key=lambda r: (-(r["complaints"] + r["violations"]), -r["fines"], r["label"]))
    return {"year": year, "complaints": complaints, "inspections": inspections, "hotspots": ranked}


def tables(data: dict) -> list[Table]:
    c, i = data["complaints"], data["inspections"]
    b = c["buckets"]
    rate = "" if c["on_time_rate"] is None else c["on_time_rate"]
    median = "" if c["median_days"] is None else c["median_days"]
    return [
        Table("tong-hop", _("Tổng hợp"), [_("Chỉ tiêu"), _("Giá trị")], [
            [_("Phản ánh (không tính hồ sơ trùng)"), c["total"]], [_("Hồ sơ trùng đã liên kết"), c["duplicates"]],
            [_("Đang xử lý"), c["open"]], [_("Sắp đến hạn"), c["due_soon"]], [_("Quá hạn chưa xử lý xong"), c["overdue_open"]],
            [_("Hoàn thành trước hạn"), b.early], [_("Hoàn thành đúng hạn"), b.on_time],
            [_("Quá hạn (kể cả đang mở)"), b.overdue], [_("Tỷ lệ đúng hạn (%)"), rate],
            [_("Thời gian xử lý trung vị (ngày làm việc)"), median],
            [_("Cuộc kiểm tra"), i["inspections"]], [_("Cuộc kiểm tra phát hiện vi phạm"), i["with_violations"]],
            [_("Vi phạm"), i["violations"]], [_("Tiền phạt (đồng)"), i["fines"]],
            [_("Trị giá hàng tạm giữ (đồng)"), i["seized_value"]]]),
        Table("theo-nhom", _("Phản ánh theo nhóm vấn đề"), [_("Nhóm vấn đề"), _("Số phản ánh")],
              [[r["label"], r["n"]] for r in c["by_category"]]),
        Table("theo-kenh", _("Phản ánh theo kênh tiếp nhận"), [_("Kênh"), _("Số phản ánh")],
              [[r["label"], r["n"]] for r in c["by_channel"]]),
        Table("theo-thang", _("Phản ánh theo tháng"), [_("Tháng"), _("Số phản ánh")],
              [[r["label"], r["n"]] for r in c["by_month"]]),
        Table("theo-dia-ban", _("Phản ánh theo địa bàn"), [_("Địa bàn"), _("Cấp"), _("Số phản ánh")],
              [[r["label"], r["level"], r["n"]] for r in c["by_place"]]),
        Table("theo-trang-thai", _("Phản ánh theo trạng thái"), [_("Trạng thái"), _("Số phản ánh")],
              [[r["label"], r["n"]] for r in c["by_status"]]),
        Table("vi-pham", _("Vi phạm theo loại"), [_("Loại vi phạm"), _("Số vi phạm"), _("Tiền phạt (đồng)"),
                                                   _("Trị giá hàng tạm giữ (đồng)")],
              [[r["label"], r["n"], r["fines"], r["seized"]] for r in i["by_category"]]),
        Table("kiem-tra-theo-thang", _("Kiểm tra theo tháng"), [_("Tháng"), _("Cuộc kiểm tra"), _("Vi phạm"),
                                                                 _("Tiền phạt (đồng)")],
              [[r["label"], r["n"], r["violations"], r["fines"]] for r in i["by_month"]]),
        Table("diem-nong", _("Điểm nóng theo địa bàn"), [_("Địa bàn"), _("Cấp"), _("Phản ánh"), _("Cuộc kiểm tra"),
                                                         _("Vi phạm"), _("Tiền phạt (đồng)"),
                                                         _("Trị giá hàng tạm giữ (đồng)")],
              [[r["label"], r["level"], r["complaints"], r["inspections"], r["violations"], r["fines"], r["seized"]]
               for r in data["hotspots"]]),
    ]


def xlsx(selected: list[Table], *, scope_label: str, year: int | None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    for table in selected:
        sheet = book.create_sheet(table.title[:31])
        sheet.append([table.title])
        sheet["A1"].font = Font(bold=True, size=13)
        sheet.append([f"{_('Phạm vi')}: {scope_label}"
                      f"{' · ' + _('Năm') + ' ' + str(year) if year else ''}"
                      f" · {_('Xuất lúc')} {timezone.localtime():%d/%m/%Y %H:%M}"])
        sheet.append([])
        sheet.append(table.header)
        for cell in sheet[4]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append(row)
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, int) and cell.value >= 10000:
                    cell.number_format = "#,##0"
        sheet.column_dimensions["A"].width = 48
        for col in "BCDEFG":
            sheet.column_dimensions[col].width = 18
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _bar(labels, datasets, **options) -> tuple[str, str]:
    data = {"labels": labels, "datasets": datasets}
    opts = {"maxBarThickness": 40, "plugins": {"legend": {"display": len(datasets) > 1}},
            "scales": {"y": {"beginAtZero": True, "ticks": {"precision": 0}}}, **options}
    return json.dumps(data, ensure_ascii=False), json.dumps(opts)


def _scope_label(scope: Scope) -> str:
    if scope.is_admin:
        return _("Toàn hệ thống")
    return scope.place.name if scope.place is not None else _("Đơn vị của bạn")


def dashboard_view(request):
    scope = scope_for(request.user)
    if not complaint_policy.can_view_dashboard(scope):
        raise DjangoPermissionDenied
    raw_year = request.GET.get("nam") or ""
    year = int(raw_year) if raw_year.isdigit() and 2000 <= int(raw_year) <= 2100 else None
    data = data_for(scope=scope, year=year)
    all_tables = tables(data)
    wanted = request.GET.get("xlsx")
    if wanted:
        selected = all_tables if wanted == "tat-ca" else [t for t in all_tables if t.slug == wanted]
        if selected:
            name = f"so-lieu-bao-ve-nguoi-tieu-dung-{wanted}{'-' + str(year) if year else ''}.xlsx"
            response = HttpResponse(xlsx(selected, scope_label=_scope_label(scope), year=year), content_type=XLSX)
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            return response
    c, i = data["complaints"], data["inspections"]
    charts = {
        "category": _bar([r["label"] for r in c["by_category"]],
                         [{"label": _("Số phản ánh"), "data": [r["n"] for r in c["by_category"]],
                           "backgroundColor": "var(--color-primary-600)"}]),
        "channel": _bar([r["label"] for r in c["by_channel"]],
                        [{"label": _("Số phản ánh"), "data": [r["n"] for r in c["by_channel"]],
                          "backgroundColor": "#2563eb"}]),
        "month": _month_chart(c["by_month"], i["by_month"]),
        "hotspots": _bar([r["label"] for r in data["hotspots"][:12]], [
            {"label": _("Phản ánh"), "data": [r["complaints"] for r in data["hotspots"][:12]],
             "backgroundColor": "#f59e0b"},
            {"label": _("Vi phạm"), "data": [r["violations"] for r in data["hotspots"][:12]],
             "backgroundColor": "#dc2626"}]),
        "violations": _bar([r["label"] for r in i["by_category"]],
                           [{"label": _("Số vi phạm"), "data": [r["n"] for r in i["by_category"]],
                             "backgroundColor": "#dc2626"}]),
    }
    context = {**admin.site.each_context(request), "title": _("Số liệu bảo vệ người tiêu dùng"),
               "opts": Inspection._meta, "d": data, "year": year, "tables": all_tables, "charts": charts,
               "scope_label": _scope_label(scope)}
    return TemplateResponse(request, "admin/inspections/dashboard.html", context)


def _month_chart(complaint_months: list[dict], inspection_months: list[dict]) -> tuple[str, str]:
    keys = sorted({r["key"] for r in complaint_months} | {r["key"] for r in inspection_months})
    cm = {r["key"]: r["n"] for r in complaint_months}
    im = {r["key"]: r for r in inspection_months}
    labels = [f"{k[5:]}/{k[:4]}" for k in keys]
    return _bar(labels, [
        {"label": _("Phản ánh"), "data": [cm.get(k, 0) for k in keys], "backgroundColor": "#2563eb"},
        {"label": _("Cuộc kiểm tra"), "data": [im[k]["n"] if k in im else 0 for k in keys],
         "backgroundColor": "#16a34a"},
        {"label": _("Vi phạm"), "data": [im[k]["violations"] if k in im else 0 for k in keys],
         "backgroundColor": "#dc2626"}])
