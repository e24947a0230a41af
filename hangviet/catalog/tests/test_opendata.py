"""Open data downloads: published rows only, no personal data, ETag/Last-Modified and 304."""

import csv
import io
import json

import pytest
from django.utils.http import http_date

from hangviet.businesses.models import Business
from hangviet.catalog import opendata, services
from hangviet.catalog.models import OcopCertificate
from hangviet.catalog.tests.conftest import ADMIN

pytestmark = pytest.mark.django_db

FILES = [f"/du-lieu-mo/{name}.{fmt}" for name in ("san-pham", "co-so", "giay-chung-nhan") for fmt in ("csv", "json")]


@pytest.fixture
def catalogue(make_product):
    cu_do = Business.objects.get(name="Hợp tác xã Kẹo cu đơ Hà Tĩnh")
    return {
        "gai": make_product("Bánh gai Tứ Trụ", stars_score=(30, 20, 25), price_vnd=120000),
        "do": make_product("Kẹo cu đơ Hà Tĩnh", producer=cu_do),
        "draft": make_product("Bánh gai bản nháp", publish=False, stars_score=(30, 20, 25)),
    }


def body(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8")


def rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(body(response).lstrip("\ufeff"))))


def test_index_lists_the_downloads(client, catalogue):
    html = client.get("/du-lieu-mo/").content.decode()
    for path in FILES:
        assert path in html
    assert "không chứa thông tin cá nhân" in html


def test_products_csv_and_json_hold_published_rows_only(client, catalogue):
    response = client.get("/du-lieu-mo/san-pham.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert response.streaming
    data = rows(response)
    names = {r["ten"] for r in data}
    assert names == {"Bánh gai Tứ Trụ", "Kẹo cu đơ Hà Tĩnh"}
    assert list(data[0]) == list(opendata.PRODUCT_COLUMNS)
    gai = next(r for r in data if r["ten"] == "Bánh gai Tứ Trụ")
    assert gai["hang_sao_ocop"] == "4" and gai["gia_tham_khao_vnd"] == "120000"
    assert gai["url"].endswith(f"/san-pham/{catalogue['gai'].pk}/")
    response = client.get("/du-lieu-mo/san-pham.json")
    assert response["Content-Type"].startswith("application/json")
    payload = json.loads(body(response))
    assert {item["ten"] for item in payload["items"]} == names
    assert payload["dataset"] == "san-pham"


def test_producers_and_certificates(client, catalogue):
    producers = rows(client.get("/du-lieu-mo/co-so.csv"))
    assert list(producers[0]) == list(opendata.PRODUCER_COLUMNS)
    assert list(rows(client.get("/du-lieu-mo/giay-chung-nhan.csv"))[0]) == list(opendata.CERTIFICATE_COLUMNS)
    assert {r["ten"] for r in producers} == {"Công ty TNHH Nem chua Thanh Hóa Xứ Thanh", "Hợp tác xã Kẹo cu đơ Hà Tĩnh"}
    certs = json.loads(body(client.get("/du-lieu-mo/giay-chung-nhan.json")))["items"]
    assert [c["san_pham"] for c in certs] == ["Bánh gai Tứ Trụ"]  # the draft's certificate is not published
    assert certs[0]["hang_sao"] == 4 and certs[0]["trang_thai"] == "valid"


def test_no_personal_data(client, catalogue):
    businesses = Business.objects.filter(products__status="published").distinct()
    private = set()
    for b in businesses:
        private |= {b.phone, b.email, b.representative, b.tax_code}
    private.discard("")
    assert private
    for path in FILES:
        text = body(client.get(path))
        for value in private:
            assert value not in text, (path, value)
        for column in ("phone", "email", "representative", "tax_code", "dien_thoai", "nguoi_dai_dien", "ma_so_thue"):
            assert column not in text


def test_etag_last_modified_and_304(client, catalogue):
    for path in FILES:
        response = client.get(path)
        assert response.status_code == 200
        etag, modified = response["ETag"], response["Last-Modified"]
        assert etag.startswith('"') and response["Cache-Control"] == "public, max-age=300"
        assert response["Access-Control-Allow-Origin"] == "*"
        not_modified = client.get(path, HTTP_IF_NONE_MATCH=etag)
        assert not_modified.status_code == 304 and not_modified["ETag"] == etag and not not_modified.content
        assert client.get(path, HTTP_IF_NONE_MATCH=f'W/{etag}, "other"').status_code == 304
        assert client.get(path, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
        assert client.get(path, HTTP_IF_MODIFIED_SINCE=http_date(0)).status_code == 200
        assert client.get(path, HTTP_IF_NONE_MATCH='"stale"').status_code == 200
        head = client.head(path)
        assert head.status_code == 200 and head["ETag"] == etag and not head.content


def test_etag_changes_when_published_data_changes(client, catalogue, make_product):
    products = client.get("/du-lieu-mo/san-pham.csv")["ETag"]
    certs = client.get("/du-lieu-mo/giay-chung-nhan.csv")["ETag"]
    make_product("Nem chua lá ổi")
    assert client.get("/du-lieu-mo/san-pham.csv")["ETag"] != products
    products = client.get("/du-lieu-mo/san-pham.csv")["ETag"]
    # Revoking a certificate changes the products' stars without touching the product row.
    cert = OcopCertificate.objects.get(product=catalogue["gai"])
    services.certificate_revoke(scope=ADMIN, certificate_id=cert.pk, reason="Vi phạm")
    assert client.get("/du-lieu-mo/giay-chung-nhan.csv")["ETag"] != certs
    response = client.get("/du-lieu-mo/san-pham.csv", HTTP_IF_NONE_MATCH=products)
    assert response.status_code == 200
    gai = next(r for r in rows(response) if r["ten"] == "Bánh gai Tứ Trụ")
    assert gai["hang_sao_ocop"] == ""


def test_unknown_files_and_methods(client, catalogue):
    assert client.get("/du-lieu-mo/nguoi-dung.csv").status_code == 404
    assert client.get("/du-lieu-mo/san-pham.xml").status_code == 404
    assert client.post("/du-lieu-mo/san-pham.csv").status_code in (403, 405)


def test_empty_catalogue_still_answers(client):
    text = body(client.get("/du-lieu-mo/san-pham.csv"))
    assert text.startswith("\ufeffid,ma_san_pham,ten,") and text.count("\n") == 1
    assert json.loads(body(client.get("/du-lieu-mo/co-so.json")))["items"] == []
