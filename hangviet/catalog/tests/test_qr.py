"""QR codes of product and producer pages: valid SVG and PNG that carry the absolute page address."""

import io
import xml.etree.ElementTree as ET

import pytest
import segno

from hangviet.catalog import qr

pytestmark = pytest.mark.django_db


@pytest.fixture
def product(make_product):
    return make_product("Bánh gai Tứ Trụ")


def test_product_qr_svg_is_valid_and_cacheable(client, product, settings):
    settings.SITE_URL = "https://hangviet.thanhhoa.gov.vn"
    response = client.get(f"/san-pham/{product.pk}/qr.svg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert "public" in response["Cache-Control"] and "max-age=86400" in response["Cache-Control"]
    root = ET.fromstring(response.content)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert list(root.iter("{http://www.w3.org/2000/svg}path"))
    assert root.get("viewBox") and root.get("width") == root.get("height")
    assert "Bánh gai Tứ Trụ" in response.content.decode()


def test_product_qr_png_is_a_real_png(client, product):
    response = client.get(f"/san-pham/{product.pk}/qr.png")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response.content.startswith(b"\x89PNG\r\n\x1a\n") and b"IEND" in response.content[-12:]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_qr_encodes_the_absolute_product_url(product, settings):
    settings.SITE_URL = "https://hangviet.thanhhoa.gov.vn"
    url = qr.absolute_url(f"/san-pham/{product.pk}/")
    assert url == f"https://hangviet.thanhhoa.gov.vn/san-pham/{product.pk}/"
    # The same data drawn by segno directly gives the same symbol: the code carries exactly this URL.
    expected = io.BytesIO()
    segno.make(url, error=qr.ERROR_LEVEL).save(expected, kind="png", scale=10, border=4, dark="#000", light="#fff")
    assert qr.render(url, "png") == expected.getvalue()
    assert segno.make(url, error=qr.ERROR_LEVEL).designator[-1] in "MQH"  # at least 15 % can be lost


def test_producer_qr(client, product):
    for fmt, ctype in (("svg", "image/svg+xml"), ("png", "image/png")):
        response = client.get(f"/co-so/{product.producer_id}/qr.{fmt}")
        assert response.status_code == 200 and response["Content-Type"] == ctype


def test_qr_of_unknown_or_unpublished_is_404(client, make_product):
    draft = make_product("Nháp", publish=False)
    assert client.get(f"/san-pham/{draft.pk}/qr.svg").status_code == 404
    assert client.get("/san-pham/999999/qr.png").status_code == 404
    assert client.get("/co-so/999999/qr.svg").status_code == 404
    assert client.get(f"/san-pham/{draft.pk}/qr.gif").status_code == 404
