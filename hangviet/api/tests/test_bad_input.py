"""Hostile input to the foundation's endpoints: SQL/FTS operators, huge ids, oversized parameters,
wrong content types. Always a clear Vietnamese 4xx (or an empty result), never a 500."""

import json

import pytest

from hangviet.businesses.models import Business

pytestmark = pytest.mark.django_db

HOSTILE = ["' OR 1=1 --", '"', "*", "NEAR(a b)", "a AND b OR NOT c", "%", "_", "\\", "đ%'_*", "<script>",
           "\x00", "😀", "a" * 200, "dong son" + " x" * 50]


@pytest.mark.parametrize("q", HOSTILE)
def test_search_with_operators_is_safe(api_client, q):
    c = api_client("daumoi.qltm")
    in_scope = c.get("/api/v1/businesses").json()["count"]
    r = c.get("/api/v1/businesses", {"q": q})
    assert r.status_code in (200, 422), r.content
    if r.status_code == 200:  # no search words left: an unfiltered list, never more than the scope
        assert r.json()["count"] <= in_scope


@pytest.mark.parametrize("q", HOSTILE)
def test_places_search_with_operators_is_safe(client, q):
    r = client.get("/api/v1/places", {"q": q})
    assert r.status_code in (200, 422), r.content


def test_search_by_folded_words_finds_without_diacritics(api_client):
    body = api_client("daumoi.qltm").get("/api/v1/businesses", {"q": "nem chua xu thanh"}).json()
    assert [item["name"] for item in body["items"]] == ["Công ty TNHH Nem chua Thanh Hóa Xứ Thanh"]


def test_oversized_query_parameter_is_422(api_client):
    r = api_client("daumoi.qltm").get("/api/v1/businesses", {"q": "x" * 201})
    assert r.status_code == 422
    assert r.json()["errors"]["q"] == ["Giá trị quá dài."]


@pytest.mark.parametrize("business_id", ["0", "-1", str(2**63), str(2**70), "1e3", "1;DROP TABLE x"])
def test_strange_ids(api_client, business_id):
    r = api_client("daumoi.qltm").get(f"/api/v1/businesses/{business_id}")
    assert r.status_code in (404, 422), (business_id, r.status_code, r.content[:200])
    assert r["Content-Type"].startswith("application/problem+json")


def test_unknown_place_filter_gives_an_empty_page(api_client):
    assert api_client("daumoi.qltm").get("/api/v1/businesses", {"place": "99999"}).json()["count"] == 0


@pytest.mark.parametrize("as_form", [True, False])
def test_form_encoded_body_to_a_json_endpoint(api_client, bearer_client, as_form):
    """A form-encoded or multipart body where JSON is expected: a 4xx problem, not a 500 (the session's
    CSRF check reads request.POST, after which the body can no longer be read as JSON)."""
    before = Business.objects.count()
    c = api_client("daumoi.qltm") if as_form else bearer_client("daumoi.qltm")
    r = c.post("/api/v1/businesses", {"name": "x"})
    assert 400 <= r.status_code < 500, r.status_code
    assert r["Content-Type"].startswith("application/problem+json")
    assert Business.objects.count() == before


def test_create_with_wrong_check_digit_and_markup_saves_nothing(api_client):
    before = Business.objects.count()
    data = {"tax_code": "0100101070", "name": "<script>alert(1)</script>", "kind": "enterprise",
            "place_code": "14758"}
    r = api_client("daumoi.qltm").post("/api/v1/businesses", json.dumps(data), content_type="application/json")
    assert r.status_code == 422
    errors = r.json()["errors"]
    assert "chữ số kiểm tra" in errors["tax_code"][0]
    assert "HTML" in errors["name"][0]
    assert Business.objects.count() == before


def test_nested_and_deep_json_is_refused(api_client):
    deep = "[" * 5000 + "]" * 5000
    r = api_client("daumoi.qltm").post("/api/v1/businesses", deep, content_type="application/json")
    assert 400 <= r.status_code < 500
    assert r["Content-Type"].startswith("application/problem+json")


def test_places_unknown_code_is_404_in_vietnamese(client):
    r = client.get("/api/v1/places/KHONGCO")
    assert r.status_code == 404
    assert "Không tìm thấy đơn vị hành chính" in r.json()["detail"]
