"""Portal pages of the catalogue: search with facets, product and producer pages, certificate
verification, and a producer's own products (permissions, CSRF, errors next to fields)."""

import datetime as dt
import struct
import zlib

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from hangviet.businesses.models import Business
from hangviet.catalog import qr, services
from hangviet.catalog.models import OcopCertificate, Product, ProductPhoto, ProductStatus
from hangviet.catalog.tests.conftest import ADMIN

pytestmark = pytest.mark.django_db

NEM_CHUA = "Công ty TNHH Nem chua Thanh Hóa Xứ Thanh"
CU_DO = "Hợp tác xã Kẹo cu đơ Hà Tĩnh"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def catalogue(make_product):
    cu_do = Business.objects.get(name=CU_DO)
    return {
        "gai": make_product("Bánh gai Tứ Trụ", description="Bánh gai nhân đỗ xanh, đặc sản xứ Thanh",
                            stars_score=(30, 20, 25), price_vnd="120.000", unit="hộp"),
        "do": make_product("Kẹo cu đơ Hà Tĩnh", producer=cu_do, description="Kẹo lạc mật mía kẹp bánh đa"),
        "nem": make_product("Nem chua Thanh Hóa", description="Nem chua lá ổi", category="I.3.2"),
        "draft": make_product("Bánh gai bản nháp", publish=False),
    }


def png_bytes(width=2, height=2) -> bytes:
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


# --- search page ---------------------------------------------------------------------------------

def test_search_finds_products_typed_without_diacritics(client, catalogue):
    html = client.get("/san-pham/", {"q": "banh gai"}).content.decode()
    assert "Bánh gai Tứ Trụ" in html and "Bánh gai bản nháp" not in html and "Kẹo cu đơ" not in html
    assert f'href="/san-pham/{catalogue["gai"].pk}/"' in html
    response = client.get("/san-pham/", {"q": "keo cu do"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Kẹo cu đơ Hà Tĩnh" in html and "Bánh gai Tứ Trụ" not in html
    assert CU_DO in html and "1 sản phẩm" in html


def test_result_cards_show_stars_producer_place_and_price(client, catalogue):
    html = client.get("/san-pham/", {"q": "banh gai"}).content.decode()
    assert "★★★★" in html and "OCOP 4 sao" in html
    assert NEM_CHUA in html
    assert "120.000 đồng/hộp" in html
    assert catalogue["gai"].place.name in html


def test_facets_render_counts_and_filter_links(client, catalogue):
    html = client.get("/san-pham/").content.decode()
    assert "Lọc theo" in html and "Tỉnh/thành phố" in html and "Hạng sao OCOP" in html and "Loại hình chủ thể" in html
    assert "Nhóm sản phẩm" in html and "Xã/phường" in html
    # Thanh Hóa has the two published Thanh Hóa products, Hà Tĩnh one.
    th = catalogue["gai"].province
    assert f"province={th.pk}" in html
    assert f'{th.name}</span>\n          <span class="cat-facet-count">2</span>' in html
    assert '4 sao</span>\n          <span class="cat-facet-count">1</span>' in html
    def shown(html, key):
        return f'href="/san-pham/{catalogue[key].pk}/"' in html

    filtered = client.get("/san-pham/", {"province": th.pk}).content.decode()
    assert not shown(filtered, "do") and shown(filtered, "nem") and shown(filtered, "gai")
    assert "2 sản phẩm" in filtered and "Bỏ bộ lọc" in filtered
    starred = client.get("/san-pham/", {"stars": "4"}).content.decode()
    assert shown(starred, "gai") and not shown(starred, "nem")
    kind = client.get("/san-pham/", {"producer_kind": "cooperative"}).content.decode()
    assert shown(kind, "do") and not shown(kind, "gai")
    group = client.get("/san-pham/", {"category": "I.3.2"}).content.decode()
    assert shown(group, "nem") and not shown(group, "gai")
    sector = client.get("/san-pham/", {"category": "I"}).content.decode()
    assert shown(sector, "nem") and shown(sector, "gai") and "3 sản phẩm" in sector


def test_sort_and_pagination(client, make_product):
    for i in range(23):
        make_product(f"Sản phẩm mẫu {i:02d}", price_vnd=1000 * (i + 1))
    first = client.get("/san-pham/", {"sort": "-price"}).content.decode()
    assert "Sản phẩm mẫu 22" in first and "Trang 1/2" in first and "page=2" in first
    second = client.get("/san-pham/", {"sort": "-price", "page": "2"}).content.decode()
    assert "Sản phẩm mẫu 00" in second and "Sản phẩm mẫu 22" not in second and "Trang 2/2" in second


def test_a_faulty_filter_is_not_carried_into_the_next_search(client, catalogue):
    html = client.get("/san-pham/", {"q": "banh", "stars": "9", "province": catalogue["gai"].province_id}).content.decode()
    form = html.split('id="cat-search"')[1].split("</form>")[0]
    assert 'name="stars"' not in form and f'name="province" value="{catalogue["gai"].province_id}"' in form


def test_a_page_past_the_results_links_back_to_the_first(client, catalogue):
    response = client.get("/san-pham/", {"q": "banh", "page": "40"})
    html = response.content.decode()
    assert response.status_code == 200 and "Trang này không có sản phẩm" in html and 'href="/san-pham/?q=banh"' in html


def test_typo_shows_the_corrected_words(client, catalogue):
    html = client.get("/san-pham/", {"q": "keo cu dp"}).content.decode()
    assert "Kẹo cu đơ Hà Tĩnh" in html
    assert "đang hiện kết quả cho" in html and "<strong>keo cu do</strong>" in html


def test_no_result_gives_a_helpful_message(client, catalogue):
    html = client.get("/san-pham/", {"q": "xyzzyqwv"}).content.decode()
    assert "Không tìm thấy sản phẩm phù hợp" in html


@pytest.mark.parametrize("params, message", [
    ({"province": "99999"}, "Không có tỉnh/thành phố mã"),
    ({"stars": "7"}, "Hạng sao phải là 3, 4 hoặc 5"),
    ({"stars": "abc"}, "Hạng sao phải là 3, 4 hoặc 5"),
    ({"category": "<script>"}, "Không có nhóm sản phẩm mã"),
    ({"sort": "drop table"}, "Cách sắp xếp không hợp lệ"),
    ({"page": "0"}, "Trang phải là số từ 1 đến 500"),
    ({"page": "99999999999999999999"}, "Trang phải là số từ 1 đến 500"),
    ({"q": "x" * 300}, "quá dài"),
    ({"q": "banh\x00gai"}, "ký tự không hợp lệ"),
    ({"producer_kind": "alien"}, "Loại hình chủ thể không hợp lệ"),
])
def test_bad_parameters_give_a_vietnamese_message_not_a_500(client, catalogue, params, message):
    response = client.get("/san-pham/", params)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html and "Xóa bộ lọc" in html
    assert "<script>" not in html.split('id="cat-results"')[1]


@pytest.mark.parametrize("q", ['"', "*", "NEAR(a b)", "a OR b", "' OR 1=1 --", "^", "(", "a:b", "-x", "🙂", "đ" * 200])
def test_operators_and_odd_text_are_inert(client, catalogue, q):
    assert client.get("/san-pham/", {"q": q}).status_code == 200


def test_htmx_request_gets_the_results_partial(client, catalogue):
    response = client.get("/san-pham/", {"q": "keo cu do"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and "Kẹo cu đơ Hà Tĩnh" in html
    assert "<html" not in html and 'id="cat-search"' not in html
    assert 'id="cat-status"' in html and 'hx-swap-oob="true"' in html and "Tìm thấy 1 sản phẩm." in html
    assert "HX-Request" in response["Vary"]
    bad = client.get("/san-pham/", {"stars": "9"}, HTTP_HX_REQUEST="true")
    assert bad.status_code == 200 and "Hạng sao phải là 3, 4 hoặc 5" in bad.content.decode()
    restore = client.get("/san-pham/", {"q": "keo cu do"}, HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true")
    assert 'id="cat-search"' in restore.content.decode()
    full = client.get("/san-pham/", {"q": "keo cu do"}).content.decode()
    assert 'hx-get="/san-pham/"' in full and 'hx-target="#cat-results"' in full and "<script>" not in full


def test_list_page_query_count_is_bounded(client, make_product, django_assert_max_num_queries):
    make_product("Bánh gai một")
    with django_assert_max_num_queries(12):
        client.get("/san-pham/", {"q": "banh"})
    cu_do = Business.objects.get(name=CU_DO)
    for i in range(25):
        make_product(f"Bánh gai số {i}", producer=cu_do if i % 2 else None, stars_score=(30, 20, 25) if i % 3 == 0 else None)
    with django_assert_max_num_queries(12):
        html = client.get("/san-pham/", {"q": "banh"}).content.decode()
    assert "26 sản phẩm" in html
    with django_assert_max_num_queries(12):
        client.get("/san-pham/")


# --- product and producer pages --------------------------------------------------------------------

def test_product_page_shows_public_fields_certificate_and_qr(client, catalogue):
    product = catalogue["gai"]
    services.quality_mark_add(scope=ADMIN, product_id=product.pk, kind="vietgap", number="VG-123", issuer="Trung tâm QA")
    services.product_update(scope=ADMIN, product_id=product.pk, data={
        "where_sold": "Chợ Tứ Trụ", "ecommerce_links": ["https://shop.example.vn/banh-gai"],
        "specification": "Bột nếp, lá gai, đỗ xanh"})
    response = client.get(f"/san-pham/{product.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Bánh gai Tứ Trụ" in html and "Sản phẩm OCOP 4 sao" in html and "★★★★" in html
    cert = OcopCertificate.objects.get(product=product)
    assert cert.number in html and f"/san-pham/xac-minh/?so={cert.number}" in html
    assert "VietGAP" in html and "VG-123" in html
    assert "Chợ Tứ Trụ" in html and 'href="https://shop.example.vn/banh-gai" rel="nofollow noopener noreferrer"' in html
    assert "Bột nếp, lá gai, đỗ xanh" in html and "120.000 đồng/hộp" in html
    assert f"/san-pham/{product.pk}/qr.svg" in html and f"/san-pham/{product.pk}/qr.png" in html
    assert f"/co-so/{product.producer_id}/" in html
    assert "Lịch sử đánh giá" in html and "Còn hiệu lực" in html
    # No personal data of the producer.
    assert "0912345678" not in html and "Nguyễn Thị Mai" not in html
    assert f'property="og:url" content="{qr.absolute_url(f"/san-pham/{product.pk}/")}"' in html


def test_product_page_hides_stars_of_an_expired_certificate(client, catalogue):
    product = catalogue["gai"]
    # The certificate lapsed today and the daily refresh has not run yet: the page still hides the stars.
    OcopCertificate.objects.filter(product=product).update(valid_until=dt.date.today() - dt.timedelta(days=1))
    html = client.get(f"/san-pham/{product.pk}/").content.decode()
    assert "Sản phẩm OCOP 4 sao" not in html and "★★★★" not in html
    assert "không có giấy chứng nhận OCOP còn hiệu lực" in html
    assert "Hết hiệu lực" in html  # the history tells the truth


def test_product_page_hides_stars_of_a_revoked_certificate(client, catalogue):
    product = catalogue["gai"]
    cert = OcopCertificate.objects.get(product=product)
    services.certificate_revoke(scope=ADMIN, certificate_id=cert.pk, reason="Vi phạm tiêu chuẩn chất lượng")
    html = client.get(f"/san-pham/{product.pk}/").content.decode()
    assert "★★★★" not in html and "Bị thu hồi" in html
    listing = client.get("/san-pham/", {"q": "banh gai"}).content.decode()
    assert "★★★★" not in listing


def test_unpublished_and_unknown_products_are_404(client, catalogue):
    assert client.get(f"/san-pham/{catalogue['draft'].pk}/").status_code == 404
    response = client.get("/san-pham/99999999/")
    assert response.status_code == 404 and "Không tìm thấy sản phẩm" in response.content.decode()
    assert client.get(f"/san-pham/{catalogue['draft'].pk}/qr.svg").status_code == 404


def test_producer_page_shows_public_data_only(client, catalogue):
    producer = catalogue["gai"].producer
    response = client.get(f"/co-so/{producer.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert NEM_CHUA in html and "Doanh nghiệp" in html and producer.place.name in html
    assert "Bánh gai Tứ Trụ" in html and "Nem chua Thanh Hóa" in html and "Bánh gai bản nháp" not in html
    assert f"/co-so/{producer.pk}/qr.svg" in html
    for private in (producer.phone, producer.representative, producer.email or "@", producer.tax_code):
        if private:
            assert private not in html
    # A business without a published product has no public page.
    other = Business.objects.get(name="Công ty TNHH Du lịch Thiên Cầm Xanh")
    assert client.get(f"/co-so/{other.pk}/").status_code == 404


# --- certificate verification ------------------------------------------------------------------------

def test_verify_a_valid_certificate(client, catalogue):
    cert = OcopCertificate.objects.get(product=catalogue["gai"])
    page = client.get("/san-pham/xac-minh/")
    assert page.status_code == 200 and "Số giấy chứng nhận OCOP" in page.content.decode()
    response = client.get("/san-pham/xac-minh/", {"so": f"  {cert.number.lower()} "})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Còn hiệu lực" in html and "Giấy chứng nhận còn hiệu lực." in html
    assert "Bánh gai Tứ Trụ" in html and "4 sao (75 điểm)" in html and "UBND tỉnh Thanh Hóa" in html
    assert f'href="/san-pham/{catalogue["gai"].pk}/"' in html
    assert cert.valid_until.strftime("%d/%m/%Y") in html
    assert response["Cache-Control"] == "no-store"


def test_verify_expired_revoked_superseded_and_unknown(client, catalogue, make_product):
    cert = OcopCertificate.objects.get(product=catalogue["gai"])
    OcopCertificate.objects.filter(pk=cert.pk).update(valid_until=dt.date.today() - dt.timedelta(days=3))
    html = client.get("/san-pham/xac-minh/", {"so": cert.number}).content.decode()
    assert "Hết hiệu lực" in html and "không còn hiệu lực" in html

    product = make_product("Mật ong bạc hà", stars_score=(30, 20, 25))
    first = OcopCertificate.objects.get(product=product)
    services.certificate_issue(scope=ADMIN, product_id=product.pk, number="GCN-NANG-HANG", decision_number="9/QĐ",
                               decision_date=dt.date(2026, 7, 1), score_a=35, score_b=20, score_c=30,
                               issuing_authority="UBND tỉnh Thanh Hóa")
    html = client.get("/san-pham/xac-minh/", {"so": first.number}).content.decode()
    assert "Đã được thay thế" in html and "GCN-NANG-HANG" in html

    new = OcopCertificate.objects.get(number="GCN-NANG-HANG")
    services.certificate_revoke(scope=ADMIN, certificate_id=new.pk, reason="Sản phẩm không duy trì chất lượng")
    html = client.get("/san-pham/xac-minh/", {"so": "gcn-nang-hang"}).content.decode()
    assert "Bị thu hồi" in html and "Sản phẩm không duy trì chất lượng" in html

    missing = client.get("/san-pham/xac-minh/", {"so": "KHONG-CO-123"})
    assert missing.status_code == 404 and "Không tìm thấy giấy chứng nhận" in missing.content.decode()


@pytest.mark.parametrize("number", ["", "x" * 81, "<script>alert(1)</script>", "' OR 1=1 --"])
def test_verify_bad_input(client, catalogue, number):
    response = client.get("/san-pham/xac-minh/", {"so": number})
    assert response.status_code in (400, 404)
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html


def test_verify_is_rate_limited(client, catalogue, settings):
    settings.RATELIMIT_PUBLIC_FORMS = "3/60"
    for _ in range(3):
        assert client.get("/san-pham/xac-minh/", {"so": "ABC"}).status_code == 404
    response = client.get("/san-pham/xac-minh/", {"so": "ABC"})
    assert response.status_code == 429 and "Bạn gửi quá nhiều yêu cầu" in response.content.decode()


# --- a producer's own products -----------------------------------------------------------------------

@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def product_data(**extra):
    from hangviet.places.models import Place

    producer = Business.objects.get(name=NEM_CHUA)
    place = Place.objects.filter(parent_id=producer.place.province_id, level="commune", valid_to__isnull=True).first()
    return {"name": "Chả tôm Sầm Sơn", "category": "I.3.2", "origin": "local", "place": place.pk,
            "description": "Chả tôm tươi", "price_vnd": "150.000", "unit": "kg",
            "ecommerce_links": "https://shop.example.vn/cha-tom", **extra}


def test_pages_need_a_business_account(client, client_as):
    assert client.get("/san-pham/cua-toi/").status_code == 302
    officer = client_as("daumoi.qltm")
    response = officer.get("/san-pham/cua-toi/")
    assert response.status_code == 403 and "tài khoản doanh nghiệp" in response.content.decode()
    assert officer.get("/san-pham/cua-toi/them/").status_code == 403


def test_producer_adds_edits_uploads_and_submits(client_as, media):
    c = client_as("doanhnghiep")
    form = c.get("/san-pham/cua-toi/them/")
    html = form.content.decode()
    assert form.status_code == 200 and "Bánh, kẹo, mứt" in html and "Nơi sản xuất (xã/phường)" in html
    response = c.post("/san-pham/cua-toi/them/", product_data())
    assert response.status_code == 302
    product = Product.objects.get(name="Chả tôm Sầm Sơn")
    assert product.status == ProductStatus.DRAFT and product.producer.name == NEM_CHUA
    assert product.price_vnd == 150000 and product.ecommerce_links == ["https://shop.example.vn/cha-tom"]
    assert response["Location"] == f"/san-pham/cua-toi/{product.pk}/"

    mine = c.get("/san-pham/cua-toi/").content.decode()
    assert "Chả tôm Sầm Sơn" in mine and "Bản nháp" in mine and "Gửi duyệt" in mine

    edit = c.get(f"/san-pham/cua-toi/{product.pk}/").content.decode()
    assert 'value="150.000"' in edit and "Tải ảnh lên" in edit
    assert c.post(f"/san-pham/cua-toi/{product.pk}/", product_data(name="Chả tôm Sầm Sơn loại 1")).status_code == 302
    product.refresh_from_db()
    assert product.name == "Chả tôm Sầm Sơn loại 1"

    photo = SimpleUploadedFile("cha-tom.png", png_bytes(), content_type="image/png")
    assert c.post(f"/san-pham/cua-toi/{product.pk}/anh/", {"image": photo, "caption": "Chả tôm"}).status_code == 302
    assert ProductPhoto.objects.filter(product=product).count() == 1

    assert c.post(f"/san-pham/cua-toi/{product.pk}/gui-duyet/").status_code == 302
    product.refresh_from_db()
    assert product.status == ProductStatus.PENDING
    again = c.post(f"/san-pham/cua-toi/{product.pk}/gui-duyet/", follow=True).content.decode()
    assert "Chỉ gửi duyệt được sản phẩm ở trạng thái bản nháp" in again


def test_editing_a_published_product_sends_it_back_to_review(client_as, make_product):
    product = make_product("Nem chua lá ổi")
    c = client_as("doanhnghiep")
    page = c.get(f"/san-pham/cua-toi/{product.pk}/").content.decode()
    assert "chuyển lại trạng thái chờ duyệt" in page
    data = product_data(name="Nem chua lá ổi đặc biệt", place=product.place_id, category=product.category_id)
    response = c.post(f"/san-pham/cua-toi/{product.pk}/", data, follow=True)
    assert "chuyển lại chờ cán bộ duyệt" in response.content.decode()
    product.refresh_from_db()
    assert product.status == ProductStatus.PENDING
    assert Client().get(f"/san-pham/{product.pk}/").status_code == 404


@pytest.mark.parametrize("changes, field_message", [
    ({"name": ""}, "Chưa nhập tên sản phẩm"),
    ({"name": "<script>alert(1)</script>"}, "Không được chứa mã HTML"),
    ({"name": "x" * 256}, "255"),
    ({"category": "NOPE"}, "Hãy chọn một lựa chọn hợp lệ"),
    ({"place": "99999"}, "Hãy chọn một lựa chọn hợp lệ"),
    ({"price_vnd": "mười nghìn"}, "Giá phải là số đồng không âm"),
    ({"price_vnd": "-5"}, "Giá phải là số đồng không âm"),
    ({"ecommerce_links": "javascript:alert(1)"}, "không hợp lệ: phải bắt đầu bằng https://"),
    ({"description": "<img src=x onerror=alert(1)>"}, "Không được chứa mã HTML"),
])
def test_bad_product_input_shows_errors_next_to_fields_and_saves_nothing(client_as, changes, field_message):
    c = client_as("doanhnghiep")
    before = Product.objects.count()
    response = c.post("/san-pham/cua-toi/them/", product_data(**changes))
    assert response.status_code == 422
    html = response.content.decode()
    assert field_message in html and 'class="field has-error"' in html
    assert Product.objects.count() == before
    assert "<script>alert(1)</script>" not in html.replace("&lt;script&gt;", "")


def test_bad_edit_changes_nothing(client_as, make_product):
    product = make_product("Kẹo lạc Nga Sơn", publish=False)
    c = client_as("doanhnghiep")
    response = c.post(f"/san-pham/cua-toi/{product.pk}/", product_data(name="Kẹo mới", price_vnd="abc"))
    assert response.status_code == 422 and "Giá phải là số đồng không âm" in response.content.decode()
    product.refresh_from_db()
    assert product.name == "Kẹo lạc Nga Sơn"


def test_bad_photo_is_refused(client_as, make_product, media):
    product = make_product("Kẹo lạc", publish=False)
    c = client_as("doanhnghiep")
    fake = SimpleUploadedFile("anh.png", b"<?php echo 1; ?>", content_type="image/png")
    response = c.post(f"/san-pham/cua-toi/{product.pk}/anh/", {"image": fake})
    assert response.status_code == 422
    assert 'class="field has-error"' in response.content.decode()
    assert not ProductPhoto.objects.filter(product=product).exists()
    missing = c.post(f"/san-pham/cua-toi/{product.pk}/anh/", {})
    assert missing.status_code == 422 and not ProductPhoto.objects.filter(product=product).exists()


def test_producer_cannot_touch_another_producers_product(client_as, make_product, media):
    other = make_product("Kẹo cu đơ bà Tính", producer=Business.objects.get(name=CU_DO), publish=False)
    published = make_product("Kẹo cu đơ Thiên Cầm", producer=Business.objects.get(name=CU_DO))
    c = client_as("doanhnghiep")
    for product in (other, published):
        assert c.get(f"/san-pham/cua-toi/{product.pk}/").status_code == 404
        assert c.post(f"/san-pham/cua-toi/{product.pk}/", product_data(name="Chiếm quyền")).status_code == 404
        photo = SimpleUploadedFile("a.png", png_bytes(), content_type="image/png")
        assert c.post(f"/san-pham/cua-toi/{product.pk}/anh/", {"image": photo}).status_code == 404
        assert c.post(f"/san-pham/cua-toi/{product.pk}/gui-duyet/").status_code == 404
        product.refresh_from_db()
        assert product.name.startswith("Kẹo cu đơ") and not product.photos.exists()
    other.refresh_from_db()
    assert other.status == ProductStatus.DRAFT
    assert "Kẹo cu đơ" not in c.get("/san-pham/cua-toi/").content.decode()


def test_forms_need_the_csrf_token(user_named, make_product):
    product = make_product("Nem chua", publish=False)
    c = Client(enforce_csrf_checks=True)
    c.force_login(user_named("doanhnghiep"))
    before = Product.objects.count()
    assert c.post("/san-pham/cua-toi/them/", product_data()).status_code == 403
    assert c.post(f"/san-pham/cua-toi/{product.pk}/", product_data(name="Đổi tên")).status_code == 403
    assert c.post(f"/san-pham/cua-toi/{product.pk}/gui-duyet/").status_code == 403
    assert Product.objects.count() == before
    product.refresh_from_db()
    assert product.name == "Nem chua" and product.status == ProductStatus.DRAFT
    page = c.get("/san-pham/cua-toi/them/").content.decode()
    assert 'name="csrfmiddlewaretoken"' in page


def test_withdrawn_product_is_read_only_for_its_producer(client_as, make_product):
    product = make_product("Nem nướng")
    services.product_withdraw(scope=ADMIN, product_id=product.pk, note="Nhãn sai quy định")
    c = client_as("doanhnghiep")
    page = c.get(f"/san-pham/cua-toi/{product.pk}/")
    html = page.content.decode()
    assert page.status_code == 200 and "đã bị thu hồi" in html and "Lưu thay đổi" not in html and "Nhãn sai quy định" in html
    assert c.post(f"/san-pham/cua-toi/{product.pk}/", product_data()).status_code == 409


def test_producer_and_own_list_pages_have_bounded_queries(client, client_as, make_product, django_assert_max_num_queries):
    first = make_product("Nem chua một")
    c = client_as("doanhnghiep")
    with django_assert_max_num_queries(6):
        client.get(f"/co-so/{first.producer_id}/")
    with django_assert_max_num_queries(12):
        c.get("/san-pham/cua-toi/")
    for i in range(12):
        make_product(f"Nem chua số {i}", publish=i % 2 == 0, stars_score=(30, 20, 25) if i % 4 == 0 and i % 2 == 0 else None)
    with django_assert_max_num_queries(6):
        html = client.get(f"/co-so/{first.producer_id}/").content.decode()
    assert "Nem chua số 10" in html and "Nem chua số 11" not in html
    with django_assert_max_num_queries(12):
        html = c.get("/san-pham/cua-toi/").content.decode()
    assert "Nem chua số 11" in html
    with django_assert_max_num_queries(10):
        client.get(f"/san-pham/{first.pk}/")
