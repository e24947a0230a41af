"""The catalogue's back-office screens: scoped lists, the review page and the certificate form."""

import pytest

from hangviet.businesses.models import Business
from hangviet.catalog.models import OcopCertificate, Product, ProductStatus


@pytest.mark.django_db
def test_product_list_is_scoped(client_as, make_product):
    mine = make_product("Bánh gai Tứ Trụ")
    other = make_product("Kẹo cu đơ", producer=Business.objects.get(name="Hợp tác xã Kẹo cu đơ Hà Tĩnh"))
    page = client_as("daumoi.qltm").get("/quan-tri/catalog/product/")
    assert page.status_code == 200
    assert mine.name in page.content.decode() and other.name not in page.content.decode()
    assert client_as("daumoi.qltm").get(f"/quan-tri/catalog/product/{other.pk}/duyet/").status_code == 302
    assert client_as("doanhnghiep").get("/quan-tri/catalog/product/").status_code in (302, 403)


@pytest.mark.django_db
def test_officer_reviews_and_returns_with_reason(client_as, make_product):
    product = make_product("Nem chua", publish=False)
    client = client_as("daumoi.qltm")
    url = f"/quan-tri/catalog/product/{product.pk}/duyet/"
    assert "Nem chua" in client.get(url).content.decode()
    response = client.post(url, {"decision": "withdraw", "note": ""})
    assert response.status_code == 200 and "lý do" in response.content.decode()
    assert client.post(url, {"decision": "publish", "note": "Đạt yêu cầu"}).status_code == 302
    assert Product.objects.get(pk=product.pk).status == ProductStatus.PUBLISHED


@pytest.mark.django_db
def test_certificate_form_applies_the_rules(client_as, make_product):
    product = make_product("Kẹo lạc Nga Sơn")
    client = client_as("daumoi.qltm")
    url = f"/quan-tri/catalog/product/{product.pk}/cap-chung-nhan/"
    form = {"number": "77/GCN", "decision_number": "77/QĐ-UBND", "decision_date": "01/06/2026", "score_a": "20",
            "score_b": "10", "score_c": "10", "issuing_level": "province", "issuing_authority": "UBND tỉnh Thanh Hóa"}
    response = client.post(url, form)
    assert response.status_code == 200 and "3 sao" in response.content.decode()
    assert not OcopCertificate.objects.exists()
    response = client.post(url, {**form, "score_a": "30", "score_b": "20", "score_c": "25"})
    assert response.status_code == 302
    cert = OcopCertificate.objects.get()
    assert cert.stars == 4 and cert.valid_until.isoformat() == "2029-05-31"
    assert client.get(f"/quan-tri/catalog/ocopcertificate/{cert.pk}/thu-hoi/").status_code == 200


@pytest.mark.django_db
def test_home_cards_count_pending_products_in_scope(client_as, make_product):
    from hangviet.catalog import services

    from .conftest import ADMIN

    product = make_product("Bánh gai chờ duyệt", publish=False)
    services.product_submit(scope=ADMIN, product_id=product.pk)
    page = client_as("daumoi.qltm").get("/quan-tri/").content.decode()
    assert "Sản phẩm chờ duyệt" in page
