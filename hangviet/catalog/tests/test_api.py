"""The catalogue API: public search shape, detail, certificate verification, producer/officer
endpoints, bad input as problem+json, no N+1."""

import pytest

from hangviet.businesses.models import Business
from hangviet.catalog.models import Product, ProductStatus


@pytest.fixture
def catalogue(make_product):
    return {
        "gai": make_product("Bánh gai Tứ Trụ", description="Đặc sản xứ Thanh", stars_score=(30, 20, 25)),
        "do": make_product("Kẹo cu đơ Hà Tĩnh", producer=Business.objects.get(name="Hợp tác xã Kẹo cu đơ Hà Tĩnh")),
        "draft": make_product("Bánh gai nháp", publish=False),
    }


@pytest.mark.django_db
def test_search_shape_and_folding(client, catalogue):
    body = client.get("/api/v1/catalog/products", {"q": "banh gai"}).json()
    assert body["count"] == 1 and body["items"][0]["name"] == "Bánh gai Tứ Trụ"
    assert body["items"][0]["stars"] == 4
    assert set(body["facets"]) == {"province", "commune", "category", "sector", "stars", "producer_kind"}
    assert body["facets"]["province"] == [{"value": "38", "label": "Thanh Hóa", "count": 1}] or \
        body["facets"]["province"][0]["count"] == 1
    assert client.get("/api/v1/catalog/products", {"q": "keo cu do"}).json()["items"][0]["id"] == catalogue["do"].pk
    body = client.get("/api/v1/catalog/products", {"q": "", "province": "42"}).json()
    assert [i["id"] for i in body["items"]] == [catalogue["do"].pk]
    only = client.get("/api/v1/catalog/products", {"q": "keo", "facets": "province,stars"}).json()
    assert set(only["facets"]) == {"province", "stars"}


@pytest.mark.django_db
@pytest.mark.parametrize("params,field", [
    ({"q": "x" * 300}, "q"), ({"stars": "9"}, "stars"), ({"province": "XX"}, "province"), ({"category": "<b>"}, "category"),
    ({"page": "abc"}, "page"), ({"sort": "evil"}, "sort"), ({"facets": "password"}, "facets"), ({"page_size": "1000"}, "page_size"),
])
def test_search_bad_parameters_are_problems(client, catalogue, params, field):
    response = client.get("/api/v1/catalog/products", params)
    assert response.status_code in (400, 422)
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json()["detail"]


@pytest.mark.django_db
@pytest.mark.parametrize("q", ['"', "*", "NEAR(x y)", "a OR b", "' OR 1=1 --", "banh\" gai", "%", "\\", "🙂", "\x00"])
def test_search_operators_never_500(client, catalogue, q):
    assert client.get("/api/v1/catalog/products", {"q": q}).status_code == 200


@pytest.mark.django_db
def test_detail_and_drafts_are_hidden(client, catalogue):
    body = client.get(f"/api/v1/catalog/products/{catalogue['gai'].pk}").json()
    assert body["certificate"]["stars"] == 4 and body["certificate"]["status"] == "valid"
    assert "phone" not in str(body) and "representative" not in body
    assert client.get(f"/api/v1/catalog/products/{catalogue['draft'].pk}").status_code == 404
    assert client.get("/api/v1/catalog/products/999999").status_code == 404


@pytest.mark.django_db
def test_certificate_verification(client, catalogue):
    cert = catalogue["gai"].certificates.get()
    body = client.get(f"/api/v1/catalog/certificates/{cert.number}").json()
    assert body["stars"] == 4 and body["product_name"] == "Bánh gai Tứ Trụ" and body["status"] == "valid"
    assert client.get("/api/v1/catalog/certificates/KHONG-CO").status_code == 404


@pytest.mark.django_db
def test_list_query_count_is_bounded(client, make_product, django_assert_max_num_queries):
    for n in range(15):
        make_product(f"Bánh gai số {n}")
    with django_assert_max_num_queries(12):
        body = client.get("/api/v1/catalog/products", {"q": "banh gai"}).json()
    assert body["count"] == 15


@pytest.mark.django_db
def test_producer_creates_and_submits_through_the_api(api_client, catalogue):
    client = api_client("doanhnghiep")
    response = client.post("/api/v1/catalog/manage/products", {"name": "Nem chua lá ổi", "category": "I.3.2",
                                                                "price_vnd": 50000}, content_type="application/json")
    assert response.status_code == 201, response.content
    pid = response.json()["id"]
    assert response.json()["status"] == "draft"
    assert client.post(f"/api/v1/catalog/manage/products/{pid}/submit", {}, content_type="application/json").json()["status"] == "pending"
    # A business cannot publish its own product.
    assert client.post(f"/api/v1/catalog/manage/products/{pid}/publish", {}, content_type="application/json").status_code == 403
    officer = api_client("daumoi.qltm")
    assert officer.post(f"/api/v1/catalog/manage/products/{pid}/publish", {}, content_type="application/json").json()["status"] == "published"
    # Another producer's product is invisible.
    assert client.put(f"/api/v1/catalog/manage/products/{catalogue['do'].pk}",
                      {"name": "X", "category": "I.3.1"}, content_type="application/json").status_code == 403


@pytest.mark.django_db
def test_manage_endpoints_need_sign_in_and_csrf(client, catalogue):
    assert client.get("/api/v1/catalog/manage/products").status_code == 401
    from django.test import Client

    from hangviet.agencies.models import User

    c = Client(enforce_csrf_checks=True)
    c.force_login(User.objects.get(username="doanhnghiep"))
    before = Product.objects.count()
    response = c.post("/api/v1/catalog/manage/products", {"name": "X", "category": "I.3.2"}, content_type="application/json")
    assert response.status_code in (401, 403)
    assert Product.objects.count() == before


@pytest.mark.django_db
def test_officer_issues_certificate_through_the_api(api_client, catalogue):
    officer = api_client("daumoi.qltm")
    pid = catalogue["draft"].pk
    response = officer.post(f"/api/v1/catalog/manage/products/{pid}/certificates", {
        "number": "55/GCN", "decision_number": "55/QĐ-UBND", "decision_date": "2026-08-01", "score_a": 31, "score_b": 20,
        "score_c": 26, "issuing_authority": "UBND tỉnh Thanh Hóa"}, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["stars"] == 4
    bad = officer.post(f"/api/v1/catalog/manage/products/{pid}/certificates", {
        "number": "56/GCN", "decision_number": "x", "decision_date": "2026-08-01", "score_a": 50, "score_b": 20,
        "score_c": 26, "issuing_authority": "UBND"}, content_type="application/json")
    assert bad.status_code == 422
    assert Product.objects.get(pk=pid).status == ProductStatus.DRAFT
