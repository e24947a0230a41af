import pytest

pytestmark = pytest.mark.django_db


def test_today_units_are_loaded(client):
    provinces = client.get("/api/v1/places?level=province&page_size=100").json()
    assert provinces["count"] == 34
    communes = client.get("/api/v1/places?level=commune&page_size=1").json()
    historical_communes = client.get("/api/v1/places?level=commune&parent=H42011").json()["count"]
    assert communes["count"] == 3321 + historical_communes + 1  # + Thị trấn Thường Xuân (historical)


def test_search_ignores_diacritics_and_d(client):
    body = client.get("/api/v1/places?level=province&q=ha tinh").json()
    assert [p["name"] for p in body["items"]] == ["Tỉnh Hà Tĩnh"]
    body = client.get("/api/v1/places?q=dong son").json()
    assert any(p["name"] == "Huyện Đông Sơn" for p in body["items"])


def test_historical_unit_rolls_up_to_todays_province(client):
    body = client.get("/api/v1/places?level=district&q=cam xuyen").json()
    assert body["count"] == 1
    district = body["items"][0]
    assert district["is_historical"] and district["valid_to"] == "2025-06-30"
    assert district["province_code"] == "42"
    detail = client.get(f"/api/v1/places/{district['code']}").json()
    assert detail["full_name"] == "Huyện Cẩm Xuyên, Tỉnh Hà Tĩnh"


def test_unknown_place_is_404_problem(client):
    response = client.get("/api/v1/places/99999")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert "Không tìm thấy" in response.json()["detail"]


def test_bad_filters_are_422(client):
    response = client.get("/api/v1/places?level=village")
    assert response.status_code == 422
    assert response.json()["errors"]["level"]
    response = client.get("/api/v1/places?page_size=100000")
    assert response.status_code == 422
