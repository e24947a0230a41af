"""Bulk import: files as offices produce them, the exact row-by-row report, the two choices, idempotent
re-import, bad files, scope and permissions. Real database; huey runs the jobs immediately."""

from __future__ import annotations

import datetime as dt
import io
import unicodedata

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hangviet.businesses.models import Business
from hangviet.catalog import admin_import, importer  # noqa: F401 - catalog/admin.py imports it too
from hangviet.catalog.models import (
    ImportJob,
    ImportStatus,
    OcopCertificate,
    Product,
    ProductStatus,
    SearchTerm,
)
from hangviet.core.errors import DomainError, PermissionDenied
from hangviet.core.legacy_text import from_unicode

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PRODUCT_HEADER = ["Mã sản phẩm", "Tên sản phẩm", "Mã nhóm sản phẩm", "Mã số thuế chủ thể", "Mã xã/phường nơi sản xuất",
                  "Giá tham khảo (đồng)", "Mô tả"]


def xlsx_bytes(rows, *, before=(), merges=(), build=None) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in before:
        ws.append(list(row))
    for row in rows:
        ws.append(list(row))
    for merge in merges:
        ws.merge_cells(merge)
    if build:
        build(ws)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def to_cp1258(text: str) -> bytes:
    """Windows-1258 bytes: precomposed base letters (â, ơ, đ...) followed by a combining tone mark."""
    out = b""
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            tones = "".join(c for c in parts if c in "\u0300\u0301\u0303\u0309\u0323")
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
            out += base.encode("cp1258") + tones.encode("cp1258")
    return out


def upload(content: bytes, name="du-lieu.xlsx", content_type=XLSX):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploaded files of the tests go to a temporary folder, not to var/media."""
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def officer(scope_of):
    return scope_of("canbo.qlcn")  # unit officer of the Department of Thanh Hóa


@pytest.fixture
def th_producer(db):
    return Business.objects.get(name="Hợp tác xã Bánh gai Tứ Trụ")


@pytest.fixture
def ht_producer(db):
    return Business.objects.get(name="Hợp tác xã Kẹo cu đơ Hà Tĩnh")


def run(scope, kind, content, name="du-lieu.xlsx", content_type=XLSX):
    return importer.import_create(scope=scope, kind=kind, upload=upload(content, name, content_type))


def confirm(scope, job, only_valid=False):
    return importer.import_confirm(scope=scope, job=job, only_valid=only_valid)


# --- the report and the two choices ------------------------------------------------------------

@pytest.mark.django_db
def test_real_looking_file_with_bad_rows_gives_an_exact_report_and_imports_only_valid_rows(officer, th_producer,
                                                                                           ht_producer):
    tax = th_producer.tax_code
    rows = [
        PRODUCT_HEADER,
        ["TH-001", "Bánh gai Tứ Trụ", "I.3.1", tax, th_producer.place_id, "25.000", "Bánh gai nhân đỗ xanh"],
        ["TH-002", "", "I.3.1", tax, th_producer.place_id, "30000", ""],                      # row 3: no name
        ["TH-003", "Nem chua", "X.9.9", tax, th_producer.place_id, "40.000", ""],              # row 4: bad category
        ["TH-004", "Kẹo lạc", "I.3.1", tax, th_producer.place_id, "bốn mươi nghìn", ""],       # row 5: bad price
        ["TH-005", "Kẹo cu đơ", "I.3.1", ht_producer.tax_code, "", "35.000", ""],              # row 6: other province
        ["TH-006", "Chè xanh", "I.3.1", "0123456789", th_producer.place_id, "", ""],           # row 7: bad tax code
        ["TH-007", "Mật ong", "I.3.1", tax, th_producer.place_id, "1.234.000", "Ngon"],
    ]
    job = run(officer, "products", xlsx_bytes(rows))
    assert job.status == ImportStatus.VALIDATED
    assert (job.total_rows, job.valid_rows) == (7, 2)
    assert Product.objects.filter(code__startswith="TH-").count() == 0  # nothing saved before the choice
    report = {(e["row"], e["column"]): (e["value"], e["message"]) for e in job.errors}
    assert set(report) == {(3, "Tên sản phẩm"), (4, "Mã nhóm sản phẩm"), (5, "Giá tham khảo (đồng)"),
                           (6, "Mã số thuế chủ thể"), (7, "Mã số thuế chủ thể")}
    assert report[(3, "Tên sản phẩm")] == ("", "Chưa nhập tên sản phẩm.")
    assert report[(4, "Mã nhóm sản phẩm")][0] == "X.9.9"
    assert "không có trong danh mục" in report[(4, "Mã nhóm sản phẩm")][1]
    assert report[(5, "Giá tham khảo (đồng)")][0] == "bốn mươi nghìn"
    assert report[(5, "Giá tham khảo (đồng)")][1].startswith("Giá phải là số đồng")
    assert "ngoài địa bàn" in report[(6, "Mã số thuế chủ thể")][1] and "Hà Tĩnh" in report[(6, "Mã số thuế chủ thể")][1]
    assert report[(7, "Mã số thuế chủ thể")] == ("0123456789", "Mã số thuế không hợp lệ: chữ số kiểm tra (chữ số thứ 10) "
                                                               "không khớp.")

    with pytest.raises(DomainError) as err:
        confirm(officer, job, only_valid=False)
    assert "sửa tệp" in err.value.message
    assert not Product.objects.filter(code__startswith="TH-").exists()

    job = confirm(officer, job, only_valid=True)
    assert job.status == ImportStatus.DONE
    assert (job.created_count, job.updated_count, job.processed_rows) == (2, 0, 7)
    assert sorted(Product.objects.filter(code__startswith="TH-").values_list("code", flat=True)) == ["TH-001", "TH-007"]
    honey = Product.objects.get(code="TH-007")
    assert honey.price_vnd == 1_234_000
    assert honey.status == ProductStatus.PUBLISHED and honey.published_at is not None
    # The same denormalisation as the services and the same search vocabulary.
    expected = Product.objects.get(pk=honey.pk)
    expected.refresh_denormalised()
    assert (honey.name_key, honey.search_text, honey.province_id, honey.sector, honey.producer_kind) == (
        expected.name_key, expected.search_text, expected.province_id, expected.sector, expected.producer_kind)
    assert SearchTerm.objects.filter(term="mat").exists()
    from hangviet.catalog.search import SearchQuery, search

    assert honey.pk in search(SearchQuery(q="mat ong")).ids  # the full-text index follows


@pytest.mark.django_db
def test_reimport_updates_and_never_duplicates(officer, th_producer):
    tax = th_producer.tax_code
    rows = [PRODUCT_HEADER, ["TH-100", "Bánh gai", "I.3.1", tax, th_producer.place_id, "20.000", "Cũ"],
            ["TH-101", "Kẹo lạc", "I.3.1", tax, th_producer.place_id, "15.000", ""]]
    job = confirm(officer, run(officer, "products", xlsx_bytes(rows)))
    assert (job.created_count, job.updated_count) == (2, 0)
    again = confirm(officer, run(officer, "products", xlsx_bytes(rows)))
    assert (again.created_count, again.updated_count) == (0, 0)
    rows[1][1], rows[1][6] = "Bánh gai Tứ Trụ", "Mới"
    third = confirm(officer, run(officer, "products", xlsx_bytes(rows)))
    assert (third.created_count, third.updated_count) == (0, 1)
    assert Product.objects.filter(code__in=["TH-100", "TH-101"]).count() == 2
    product = Product.objects.get(code="TH-100")
    assert (product.name, product.description, product.name_key) == ("Bánh gai Tứ Trụ", "Mới", "banh gai tu tru")
    from hangviet.catalog.search import SearchQuery, search

    assert product.pk in search(SearchQuery(q="tu tru")).ids


@pytest.mark.django_db
def test_duplicate_code_in_one_file_is_reported(officer, th_producer):
    tax = th_producer.tax_code
    rows = [PRODUCT_HEADER, ["D-1", "A", "I.3.1", tax, "", "", ""], ["D-1", "B", "I.3.1", tax, "", "", ""]]
    job = run(officer, "products", xlsx_bytes(rows))
    assert job.valid_rows == 1
    assert job.errors == [{"row": 3, "column": "Mã sản phẩm", "value": "D-1",
                           "message": "Mã sản phẩm trùng với dòng 2 trong cùng tệp."}]


# --- files as offices make them ----------------------------------------------------------------

@pytest.mark.django_db
def test_merged_title_and_two_row_header_text_dates_and_lost_zero(officer, th_producer):
    product = Product.objects.create(
        code="TH-CERT", name="Bánh gai", category_id="I.3.1", producer=th_producer, place=th_producer.place,
        province_id=th_producer.place.province_id, status="published")
    header_top = ["DANH SÁCH SẢN PHẨM OCOP NĂM 2024", None, None, None, None, None, None, None, None]
    title2 = ["(Kèm theo Quyết định số 12/QĐ-UBND)", None, None, None, None, None, None, None, None]
    head1 = ["Số giấy chứng nhận", "Mã sản phẩm", "Điểm đánh giá", None, None, "Số quyết định", "Ngày quyết định",
             "Cơ quan công nhận", "Cấp công nhận"]
    head2 = [None, None, "Phần A", "Phần B", "Phần C", None, None, None, None]
    numbers = ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)", "(9)"]
    rows = [["125/GCN", "TH-CERT", 30, "20", 25, "12/QĐ-UBND", "15/03/2024", "UBND tỉnh Thanh Hóa", "Tỉnh"],
            ["126/GCN", "TH-CERT", 30, 20, 25, "13/QĐ-UBND", dt.datetime(2024, 3, 16), "UBND tỉnh Thanh Hóa", ""],
            ["127/GCN", "TH-CERT", 30, 20, 25, "14/QĐ-UBND", 45370, "UBND tỉnh Thanh Hóa", ""],
            ["128/GCN", "TH-CERT", 30, 20, 25, "15/QĐ-UBND", "32/13/2024", "UBND tỉnh Thanh Hóa", ""]]
    content = xlsx_bytes([head1, head2, numbers] + rows, before=[header_top, title2],
                         merges=["A1:I1", "A2:I2", "A3:A4", "B3:B4", "C3:E3", "F3:F4", "G3:G4", "H3:H4", "I3:I4"])
    job = run(officer, "certificates", content)
    assert job.status == ImportStatus.VALIDATED, job.message
    assert job.total_rows == 4 and job.valid_rows == 3
    assert job.errors == [{"row": 9, "column": "Ngày quyết định", "value": "32/13/2024",
                           "message": "Ngày không hợp lệ: viết theo dạng ngày/tháng/năm, ví dụ 15/03/2024."}]
    confirm(officer, job, only_valid=True)
    certs = {c.number: c for c in OcopCertificate.objects.filter(product=product)}
    assert certs["125/GCN"].decision_date == dt.date(2024, 3, 15)
    assert certs["126/GCN"].decision_date == dt.date(2024, 3, 16)
    assert certs["127/GCN"].decision_date == dt.date(2024, 3, 19)  # Excel serial day 45370
    assert certs["125/GCN"].stars == 4 and certs["125/GCN"].valid_until == dt.date(2027, 3, 14)
    # The newest certificate of the product is in force; the older ones are superseded.
    assert certs["127/GCN"].status != "superseded"
    assert {certs["125/GCN"].status, certs["126/GCN"].status} == {"superseded"}


@pytest.mark.django_db
def test_producers_tax_code_lost_zero_nfd_tcvn3_and_update_by_tax_code(officer, th_producer):
    place = th_producer.place_id
    nfd = unicodedata.normalize("NFD", "Hợp tác xã Nước mắm Hải Tiến")
    legacy = from_unicode("Công ty TNHH Chế biến nông sản Đông Sơn", "tcvn3")
    rows = [["Mã số thuế", "Tên chủ thể", "Loại hình", "Mã xã/phường", "Điện thoại", "Địa chỉ"],
            [100109106, nfd, "", int(place), 912345678, "Thôn 1"],
            ["0101243150", legacy, "Doanh nghiệp", place, "0912345678", from_unicode("Thôn Đông", "tcvn3")]]
    job = confirm(officer, run(officer, "producers", xlsx_bytes(rows)))
    assert job.status == ImportStatus.DONE, (job.message, job.errors)
    first = Business.objects.get(tax_code="0100109106")
    assert first.name == "Hợp tác xã Nước mắm Hải Tiến" and unicodedata.is_normalized("NFC", first.name)
    assert first.kind == "cooperative" and first.phone == "0912345678" and first.place_id == place
    second = Business.objects.get(tax_code="0101243150")
    assert second.name == "Công ty TNHH Chế biến nông sản Đông Sơn" and second.address == "Thôn Đông"
    rows[1][1] = "HTX Nước mắm Hải Tiến"
    again = confirm(officer, run(officer, "producers", xlsx_bytes(rows)))
    assert (again.created_count, again.updated_count) == (0, 1)
    assert Business.objects.filter(tax_code="0100109106").count() == 1
    assert Business.objects.get(tax_code="0100109106").name == "HTX Nước mắm Hải Tiến"


@pytest.mark.django_db
def test_csv_utf8_bom_semicolons_and_cp1252_tcvn3(officer, th_producer):
    tax = th_producer.tax_code
    text = ("Mã sản phẩm;Tên sản phẩm;Mã nhóm sản phẩm;Mã số thuế chủ thể;Giá tham khảo (đồng)\n"
            f"CSV-1;Bánh gai Tứ Trụ;I.3.1;{tax};\"1.234.000\"\n")
    job = confirm(officer, run(officer, "products", ("\ufeff" + text).encode("utf-8"), "sp.csv", "text/csv"))
    assert job.status == ImportStatus.DONE, job.message
    assert Product.objects.get(code="CSV-1").price_vnd == 1_234_000
    legacy = ("Mã sản phẩm,Tên sản phẩm,Mã nhóm sản phẩm,Mã số thuế chủ thể\n"
              f"CSV-2,Kẹo lạc Nga Sơn đặc biệt,I.3.1,{tax}\n")
    raw = from_unicode(legacy, "tcvn3").encode("latin-1")
    job = confirm(officer, run(officer, "products", raw, "sp2.csv", "text/csv"))
    assert job.status == ImportStatus.DONE, (job.message, job.errors)
    assert Product.objects.get(code="CSV-2").name == "Kẹo lạc Nga Sơn đặc biệt"
    windows = ("Mã sản phẩm,Tên sản phẩm,Mã nhóm sản phẩm,Mã số thuế chủ thể\n"
               f"CSV-3,Chè Thường Xuân,I.3.1,{tax}\n")
    windows = to_cp1258(windows)
    job = confirm(officer, run(officer, "products", windows, "sp3.csv", "text/csv"))
    assert Product.objects.get(code="CSV-3").name == "Chè Thường Xuân"


# --- bad files: a clear message, nothing saved --------------------------------------------------

@pytest.mark.django_db
@pytest.mark.parametrize("name,content,content_type", [
    ("virus.xlsx", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200, XLSX),
    ("trang.csv", b"<html><body><script>alert(1)</script><table><tr><td>x</td></tr></table></body></html>", "text/csv"),
    ("anh.xlsx", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, XLSX),
])
def test_files_that_are_not_what_they_claim_are_refused(officer, name, content, content_type):
    products = Product.objects.count()
    try:
        job = run(officer, "products", content, name, content_type)
    except DomainError as exc:  # refused at the door by the content check
        assert "không đúng định dạng" in exc.message
        assert not ImportJob.objects.exists()
    else:  # text that passes as CSV: the reader refuses it
        assert job.status == ImportStatus.FAILED and "HTML" in job.message
        with pytest.raises(DomainError):
            confirm(officer, job, only_valid=True)
    assert Product.objects.count() == products


@pytest.mark.django_db
def test_html_renamed_csv_is_a_clear_failure(officer):
    content = b"<!DOCTYPE html><html><body><table><tr><td>x</td></tr></table></body></html>"
    job = run(officer, "products", content, "bang.csv", "text/csv")
    assert job.status == ImportStatus.FAILED
    assert "HTML" in job.message


@pytest.mark.django_db
def test_wrong_columns_lists_the_expected_columns(officer):
    job = run(officer, "products", xlsx_bytes([["Họ tên", "Ngày sinh"], ["A", "01/01/2000"]]))
    assert job.status == ImportStatus.FAILED
    assert "Mã sản phẩm" in job.message and "Tên sản phẩm" in job.message and "Mã nhóm sản phẩm" in job.message
    job = run(officer, "products", xlsx_bytes([["Mã sản phẩm", "Tên sản phẩm"], ["A", "B"]]))
    assert job.status == ImportStatus.FAILED
    assert job.message.startswith("Tệp thiếu cột bắt buộc: “Mã nhóm sản phẩm”, “Mã số thuế chủ thể”")
    with pytest.raises(DomainError):
        confirm(officer, job, only_valid=True)


@pytest.mark.django_db
def test_too_many_rows_refused_without_reading_everything(officer, th_producer, monkeypatch):
    # A sheet that declares a million rows is refused at once.
    def declare(ws):
        ws["A1000000"] = "x"

    job = run(officer, "products", xlsx_bytes([PRODUCT_HEADER], build=declare))
    assert job.status == ImportStatus.FAILED
    assert "quá giới hạn 200.000 dòng" in job.message
    # A CSV is counted while streaming and stops at the limit.
    monkeypatch.setattr(importer, "MAX_ROWS", 50)
    lines = ["Mã sản phẩm,Tên sản phẩm,Mã nhóm sản phẩm,Mã số thuế chủ thể"]
    lines += [f"R-{i},Sản phẩm {i},I.3.1,{th_producer.tax_code}" for i in range(60)]
    job = run(officer, "products", "\n".join(lines).encode(), "nhieu.csv", "text/csv")
    assert job.status == ImportStatus.FAILED
    assert "hơn 50 dòng" in job.message
    assert not Product.objects.filter(code__startswith="R-").exists()


@pytest.mark.django_db
def test_formulas_cached_values_and_missing_values(officer, th_producer, tmp_path):
    tax = th_producer.tax_code
    content = xlsx_bytes([PRODUCT_HEADER, ["F-1", "Bánh", "I.3.1", tax, "", "=1000*25", ""],
                          ["F-2", "Kẹo", "I.3.1", tax, "", 5000, ""]])
    # openpyxl writes formulas without a cached value, as a generator program would.
    job = run(officer, "products", content)
    assert job.valid_rows == 1
    assert job.errors[0]["row"] == 2 and job.errors[0]["column"] == "Giá tham khảo (đồng)"
    assert "công thức" in job.errors[0]["message"]
    # A formula saved by Excel carries its value: the value is read.
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<f>1000*25</f><v></v>", b"<f>1000*25</f><v>25000</v>").replace(
                    b"<f>1000*25</f><v />", b"<f>1000*25</f><v>25000</v>")
                if b"<v>25000</v>" not in data:
                    data = data.replace(b"<f>1000*25</f>", b"<f>1000*25</f><v>25000</v>")
            target.writestr(item, data)
    job = confirm(officer, run(officer, "products", out.getvalue()))
    assert job.status == ImportStatus.DONE, job.errors
    assert Product.objects.get(code="F-1").price_vnd == 25000


@pytest.mark.django_db
def test_html_and_script_in_cells_are_errors(officer, th_producer):
    tax = th_producer.tax_code
    rows = [PRODUCT_HEADER, ["H-1", "<script>alert(1)</script>", "I.3.1", tax, "", "", ""],
            ["H-2", "Bánh", "I.3.1", tax, "", "", '<img src=x onerror="alert(1)">']]
    job = run(officer, "products", xlsx_bytes(rows))
    assert job.valid_rows == 0
    assert [(e["row"], e["column"]) for e in job.errors] == [(2, "Tên sản phẩm"), (3, "Mô tả")]
    assert all("HTML" in e["message"] for e in job.errors)
    with pytest.raises(DomainError):
        confirm(officer, job, only_valid=True)
    assert not Product.objects.filter(code__startswith="H-").exists()


# --- permissions and scope ---------------------------------------------------------------------

@pytest.mark.django_db
@pytest.mark.parametrize("username", ["doanhnghiep", "phoihop.mttq", "lanhdao.sct"])
def test_only_focal_points_officers_and_admins_may_import(scope_of, username, th_producer):
    content = xlsx_bytes([PRODUCT_HEADER, ["P-1", "Bánh", "I.3.1", th_producer.tax_code, "", "", ""]])
    with pytest.raises(PermissionDenied):
        run(scope_of(username), "products", content)
    assert not ImportJob.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["doanhnghiep", "phoihop.mttq"])
def test_import_screens_refuse_business_and_coordinator(client_as, username, th_producer):
    client = client_as(username)
    content = xlsx_bytes([PRODUCT_HEADER, ["P-1", "Bánh", "I.3.1", th_producer.tax_code, "", "", ""]])
    for url in (reverse("admin:catalog_importjob_upload"), reverse("admin:catalog_importjob_template", args=["products"])):
        assert client.get(url).status_code in (302, 403, 404)
    response = client.post(reverse("admin:catalog_importjob_upload"),
                           {"kind": "products", "file": upload(content)})
    assert response.status_code in (302, 403, 404)
    if response.status_code == 302:
        assert "/login" in response["Location"]
    assert not ImportJob.objects.exists()


@pytest.mark.django_db
def test_other_officers_job_is_not_found(client_as, officer, th_producer, scope_of):
    job = run(officer, "products", xlsx_bytes([PRODUCT_HEADER, ["P-1", "Bánh", "I.3.1", th_producer.tax_code, "", "", ""]]))
    client = client_as("daumoi.camxuyen")
    assert client.get(reverse("admin:catalog_importjob_report", args=[job.pk])).status_code == 404
    assert client.post(reverse("admin:catalog_importjob_confirm", args=[job.pk]), {"only_valid": "1"}).status_code == 404
    with pytest.raises(PermissionDenied):
        importer.import_confirm(scope=scope_of("daumoi.camxuyen"), job=job, only_valid=True)
    assert not Product.objects.filter(code="P-1").exists()


@pytest.mark.django_db
def test_ha_tinh_officer_cannot_import_thanh_hoa_products(scope_of, th_producer, ht_producer):
    scope = scope_of("daumoi.camxuyen")
    rows = [PRODUCT_HEADER, ["X-1", "Bánh gai", "I.3.1", th_producer.tax_code, "", "", ""],
            ["X-2", "Nấm", "I.1.1", ht_producer.tax_code, th_producer.place_id, "", ""]]
    job = run(scope, "products", xlsx_bytes(rows))
    assert job.valid_rows == 0
    assert [(e["row"], e["column"]) for e in job.errors] == [(2, "Mã số thuế chủ thể"), (3, "Mã xã/phường nơi sản xuất")]


# --- the screens ---------------------------------------------------------------------------------

@pytest.mark.django_db
def test_upload_report_confirm_progress_result_through_the_admin(client_as, th_producer):
    client = client_as("daumoi.qltm")
    template = client.get(reverse("admin:catalog_importjob_template", args=["products"]))
    assert template.status_code == 200
    wb = openpyxl.load_workbook(io.BytesIO(template.content))
    assert [c.value for c in wb["Dữ liệu"][1]][:3] == ["Mã sản phẩm (*)", "Tên sản phẩm (*)", "Mã nhóm sản phẩm (*)"]
    assert wb["Dữ liệu"].max_row == 2
    codes = [row[0] for row in wb["Hướng dẫn"].iter_rows(values_only=True)]
    assert "I.3.1" in codes and "G01" in codes
    page = client.get(reverse("admin:catalog_importjob_upload"))
    assert page.status_code == 200 and "Tải lên và kiểm tra" in page.content.decode()

    bad = client.post(reverse("admin:catalog_importjob_upload"), {"kind": "products", "file": upload(b"MZ" + b"\x00" * 50)})
    assert bad.status_code == 400 and "không đúng định dạng" in bad.content.decode()
    missing = client.post(reverse("admin:catalog_importjob_upload"), {"kind": "products"})
    assert missing.status_code == 400 and "Chưa chọn tệp" in missing.content.decode()

    # The template itself, filled in: the example row replaced by two rows, one of them wrong.
    ws = wb["Dữ liệu"]
    ws.delete_rows(2)
    ws.append(["T-1", "Bánh gai", "I.3.1", th_producer.tax_code])
    ws.append(["T-2", "Kẹo", "nhóm lạ", th_producer.tax_code])
    buffer = io.BytesIO()
    wb.save(buffer)
    response = client.post(reverse("admin:catalog_importjob_upload"),
                           {"kind": "products", "file": upload(buffer.getvalue(), "mau.xlsx")})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("admin:catalog_importjob_report", args=[job.pk])
    report = client.get(response["Location"]).content.decode()
    assert "nhóm lạ" in report and "Chỉ nhập 1 dòng hợp lệ" in report and "Sửa tệp và tải lên lại" in report
    done = client.post(reverse("admin:catalog_importjob_confirm", args=[job.pk]), {"only_valid": "1"})
    assert done["Location"] == reverse("admin:catalog_importjob_result", args=[job.pk])
    result = client.get(done["Location"]).content.decode()
    assert "Đã nhập xong: 1 bản ghi mới" in result
    assert list(Product.objects.filter(code__startswith="T-").values_list("code", flat=True)) == ["T-1"]
    partial = client.get(reverse("admin:catalog_importjob_progress", args=[job.pk]) + "?partial=1")
    assert partial.status_code == 204 and partial["HX-Redirect"].endswith("/ket-qua/")
    assert client.get(reverse("admin:catalog_importjob_changelist")).status_code == 200
    # A second confirmation does nothing.
    client.post(reverse("admin:catalog_importjob_confirm", args=[job.pk]), {"only_valid": "1"})
    assert Product.objects.filter(code__startswith="T-").count() == 1


@pytest.mark.django_db
def test_progress_page_polls_while_running(client_as, scope_of, th_producer):
    user = scope_of("daumoi.qltm").user
    job = ImportJob.objects.create(kind="products", original_name="a.xlsx", created_by=user,
                                   status=ImportStatus.IMPORTING, total_rows=200, processed_rows=50)
    client = client_as("daumoi.qltm")
    page = client.get(reverse("admin:catalog_importjob_progress", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in page and "25%" in page
    partial = client.get(reverse("admin:catalog_importjob_progress", args=[job.pk]) + "?partial=1")
    assert partial.status_code == 200 and "50 / 200" in partial.content.decode()


def test_parsers():
    assert importer.parse_date("15/03/2024") == dt.date(2024, 3, 15)
    assert importer.parse_date("5-3-2024") == dt.date(2024, 3, 5)
    assert importer.parse_date("2024-03-15") == dt.date(2024, 3, 15)
    assert importer.parse_date("ngày 15 tháng 3 năm 2024") == dt.date(2024, 3, 15)
    assert importer.parse_date(45366) == dt.date(2024, 3, 15)
    for bad in ("31/02/2024", "hôm qua", "", 12):
        with pytest.raises((ValueError, TypeError)):
            importer.parse_date(bad)
    assert importer.parse_int("1.234") == 1234 and importer.parse_int(35.0) == 35 and importer.parse_int("20,0") == 20
    assert importer.fix_text(unicodedata.normalize("NFD", "Đặc sản")) == "Đặc sản"
    assert importer.fix_text(from_unicode("Bánh gai Tứ Trụ", "tcvn3")) == "Bánh gai Tứ Trụ"
    assert importer.fix_text("Bánh mì") == "Bánh mì"
    assert importer.decode_csv_bytes(to_cp1258("Nước mắm")) == "Nước mắm"


@pytest.mark.django_db
def test_bulk_denormalisation_equals_the_model_method(th_producer):
    from hangviet.catalog.models import Category
    from hangviet.core.text import fold

    samples = ["Kẹo cu đơ  HÀ TĨNH", unicodedata.normalize("NFD", "Đặc sản Xứ Thanh"), "ĐÔNG\tSơn\n mắm", "Ø ð ß İ ﬁ",
               "Ά ά ѐ ӂ ก้ ढ़", ""]
    def reference(value):  # the definition: drop every combining mark, đ/ð -> d, collapse spaces
        text = unicodedata.normalize("NFD", value.lower())
        text = "".join(ch for ch in text if not unicodedata.combining(ch)).replace("đ", "d").replace("ð", "d")
        return " ".join(text.split())

    for text in samples:
        assert fold(text) == reference(text)
    product = Product(code="DN-1", name=samples[0], description=samples[1], specification=samples[2],
                      packaging="Hộp", category=Category.objects.get(pk="I.3.1"), producer=th_producer,
                      place=th_producer.place)
    importer.denormalise(product)
    ours = (product.province_id, product.sector, product.producer_kind, product.name_key, product.search_text)
    product.refresh_denormalised()
    assert ours == (product.province_id, product.sector, product.producer_kind, product.name_key, product.search_text)


@pytest.mark.django_db
def test_a_code_of_another_producers_product_is_an_error(officer, th_producer):
    other = Business.objects.get(name="Cơ sở Kẹo lạc Nga Sơn")
    rows = [PRODUCT_HEADER, ["OWN-1", "Kẹo lạc", "I.3.1", other.tax_code, "", "", ""]]
    confirm(officer, run(officer, "products", xlsx_bytes(rows)))
    rows[1][3] = th_producer.tax_code
    job = run(officer, "products", xlsx_bytes(rows))
    assert job.valid_rows == 0
    assert job.errors[0]["column"] == "Mã sản phẩm"
    assert job.errors[0]["message"] == ("Mã sản phẩm OWN-1 đã dùng cho sản phẩm “Kẹo lạc” của chủ thể khác "
                                        "(Cơ sở Kẹo lạc Nga Sơn).")
    assert Product.objects.get(code="OWN-1").producer == other
