"""Export of filtered lists to XLSX and CSV: content, Vietnamese in Excel (BOM), no formula injection,
the admin actions and list buttons honouring filters and scope, and an exported file imports back."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory

from hangviet.agencies.admin_base import ScopedAdmin
from hangviet.businesses.models import Business
from hangviet.catalog import exports, importer
from hangviet.catalog.models import OcopCertificate, Product

XLSX = exports.XLSX_TYPE


class ProductExportAdmin(exports.ExportActionsMixin, ScopedAdmin):
    scope_place_field = "place"
    list_filter = ["status"]
    search_fields = ["name_key"]
    actions_list = exports.ExportActionsMixin.export_actions_list


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploaded files of the tests go to a temporary folder, not to var/media."""
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def products(make_product):
    th = Business.objects.get(name="Hợp tác xã Bánh gai Tứ Trụ")
    ht = Business.objects.get(name="Tổ hợp tác Nấm sạch Cẩm Bình")  # in the Cẩm Xuyên officer's scope
    return {
        "gai": make_product("Bánh gai Tứ Trụ", producer=th, description="Đặc sản xứ Thanh", price_vnd="25.000",
                            stars_score=(30, 20, 25)),
        "formula": make_product("=HYPERLINK(\"http://x\")", producer=th, publish=False),
        "do": make_product("Kẹo cu đơ", producer=ht, ecommerce_links="https://shop.example.vn/keo"),
    }


def _read_xlsx(response) -> list[list]:
    content = b"".join(response.streaming_content)
    wb = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    return [list(row) for row in wb.active.iter_rows(values_only=True)]


def _read_csv(response) -> tuple[str, list[list[str]]]:
    text = b"".join(response.streaming_content).decode("utf-8")
    return text, list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


@pytest.mark.django_db
def test_products_xlsx_has_the_import_headers_and_the_values(products):
    response = exports.export_response(Product.objects.filter(pk=products["gai"].pk), kind="products", fmt="xlsx")
    assert response["Content-Type"] == XLSX
    assert 'filename="san-pham-' in response["Content-Disposition"]
    rows = _read_xlsx(response)
    header = rows[0]
    assert header[:5] == ["Mã sản phẩm", "Tên sản phẩm", "Mã nhóm sản phẩm", "Mã số thuế chủ thể",
                          "Mã xã/phường nơi sản xuất"]
    record = dict(zip(header, rows[1], strict=True))
    gai = products["gai"]
    assert record["Mã sản phẩm"] == gai.code and record["Tên sản phẩm"] == "Bánh gai Tứ Trụ"
    assert record["Giá tham khảo (đồng)"] == 25000 and record["Hạng sao OCOP"] == 4
    assert record["Mã số thuế chủ thể"] == gai.producer.tax_code and record["Trạng thái"] == "Đã công bố"
    assert len(rows) == 2


@pytest.mark.django_db
def test_csv_has_a_bom_keeps_vietnamese_and_defuses_formulas(products):
    response = exports.export_response(Product.objects.filter(pk__in=[p.pk for p in products.values()]),
                                       kind="products", fmt="csv")
    assert response["Content-Type"].startswith("text/csv")
    text, rows = _read_csv(response)
    assert text.startswith("\ufeffMã sản phẩm,")
    names = [r[1] for r in rows[1:]]
    assert "Bánh gai Tứ Trụ" in names and "Kẹo cu đơ" in names
    assert "'=HYPERLINK(\"http://x\")" in names  # Excel shows it as text, never runs it
    links = {r[1]: r[12] for r in rows[1:]}
    assert links["Kẹo cu đơ"] == "https://shop.example.vn/keo"


@pytest.mark.django_db
def test_formula_looking_text_stays_text_in_xlsx(products):
    rows = _read_xlsx(exports.export_response(Product.objects.filter(pk=products["formula"].pk), kind="products",
                                              fmt="xlsx"))
    assert rows[1][1] == "=HYPERLINK(\"http://x\")"
    content = b"".join(exports.export_response(Product.objects.filter(pk=products["formula"].pk), kind="products",
                                               fmt="xlsx").streaming_content)
    wb = openpyxl.load_workbook(io.BytesIO(content))
    assert wb.active["B2"].data_type == "s"


@pytest.mark.django_db
def test_producers_and_certificates_exports(products):
    rows = _read_xlsx(exports.export_response(Business.objects.filter(name__startswith="Hợp tác xã"), kind="producers",
                                              fmt="xlsx"))
    assert rows[0][:2] == ["Mã số thuế", "Tên chủ thể"]
    assert {r[1] for r in rows[1:]} >= {"Hợp tác xã Bánh gai Tứ Trụ", "Hợp tác xã Kẹo cu đơ Hà Tĩnh"}
    _text, cert_rows = _read_csv(exports.export_response(OcopCertificate.objects.all(), kind="certificates", fmt="csv"))
    assert cert_rows[0][:3] == ["Số giấy chứng nhận", "Mã sản phẩm", "Điểm phần A"]
    assert cert_rows[1][1] == products["gai"].code and cert_rows[1][-3] == "4"


def _request(user, path="/quan-tri/catalog/product/xuat-excel/", **get):
    request = RequestFactory().get(path, get)
    request.user = user
    return request


@pytest.mark.django_db
def test_admin_actions_honour_filters_and_scope(products, user_named):
    model_admin = ProductExportAdmin(Product, admin.site)
    ht_officer = user_named("daumoi.camxuyen")
    # The action on a selection that includes a product outside the officer's scope exports only the in-scope one.
    request = _request(ht_officer)
    response = model_admin.export_xlsx(request, Product.objects.all())
    codes = [r[0] for r in _read_xlsx(response)[1:]]
    assert codes == [products["do"].code]
    assert "export_xlsx" in model_admin.get_actions(request) and "export_csv" in model_admin.get_actions(request)

    th_officer = user_named("daumoi.qltm")
    # The list button exports what the list shows: its filter (published only) within the scope (Thanh Hóa).
    response = model_admin.export_list_csv(_request(th_officer, "/quan-tri/catalog/product/xuat-csv/",
                                                    status__exact="published"))
    _text, rows = _read_csv(response)
    assert [r[0] for r in rows[1:]] == [products["gai"].code]
    # Without a query string the filters come from the list page the button was pressed on.
    request = _request(th_officer, "/quan-tri/catalog/product/xuat-csv/")
    request.META["HTTP_REFERER"] = "http://testserver/quan-tri/catalog/product/?status__exact=draft"
    _text, rows = _read_csv(model_admin.export_list_csv(request))
    assert [r[0] for r in rows[1:]] == [products["formula"].code]


@pytest.mark.django_db
def test_business_account_cannot_export(products, user_named):
    from django.core.exceptions import PermissionDenied

    model_admin = ProductExportAdmin(Product, admin.site)
    request = _request(user_named("doanhnghiep"))
    with pytest.raises(PermissionDenied):
        model_admin.export_xlsx(request, Product.objects.all())
    with pytest.raises(PermissionDenied):
        model_admin.export_list_xlsx(request)


@pytest.mark.django_db
def test_an_exported_file_imports_back_unchanged(products, scope_of):
    th_products = Product.objects.filter(producer__name="Hợp tác xã Bánh gai Tứ Trụ").exclude(pk=products["formula"].pk)
    content = b"".join(exports.export_response(th_products, kind="products", fmt="xlsx").streaming_content)
    officer = scope_of("daumoi.qltm")
    job = importer.import_create(scope=officer, kind="products",
                                 upload=SimpleUploadedFile("xuat.xlsx", content, content_type=XLSX))
    assert job.errors == [] and job.valid_rows == th_products.count()
    job = importer.import_confirm(scope=officer, job=job, only_valid=False)
    assert (job.created_count, job.updated_count) == (0, 0)
