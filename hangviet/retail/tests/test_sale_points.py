import datetime as dt
import json

import pytest

from hangviet.core.errors import DomainError, PermissionDenied, ValidationFailed
from hangviet.retail import services
from hangviet.retail.models import Outlet
from hangviet.retail.services import OutletData

pytestmark = pytest.mark.django_db


@pytest.fixture
def thien_cam(db):
    from hangviet.places.models import Place

    return Place.objects.filter(name="Thị trấn Thiên Cầm").first()


@pytest.fixture
def ocop_shop(scope_of, thien_cam):
    return services.outlet_create(scope=scope_of("daumoi.camxuyen"), data=OutletData(
        name="Cửa hàng OCOP Thiên Cầm", kind="ocop_shop", place_code=thien_cam.code,
        address="Đường Nguyễn Đình Liễn, khu du lịch biển", tourist_site="Khu du lịch biển Thiên Cầm",
        label="proud_vn", certified_on=dt.date(2024, 6, 1), latitude="18.2556", longitude="106.1097",
        products_note="Kẹo cu đơ\nNấm sạch Cẩm Bình"))


def test_public_listing_with_filters(client, ocop_shop, scope_of, django_assert_max_num_queries):
    from hangviet.places.models import Place

    commune = Place.objects.filter(parent_id="38", level="commune").first()
    market = services.outlet_create(scope=scope_of("daumoi.qltm"), data=OutletData(
        name="Chợ Vườn Hoa", kind="market", market_class="1", place_code=commune.code, address="Phố Lê Lợi"))
    page = client.get("/diem-ban-hang-viet/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Cửa hàng OCOP Thiên Cầm" in html and "Tự hào hàng Việt Nam" in html
    assert "Chợ Vườn Hoa" not in html  # only labelled sale points by default
    html = client.get("/diem-ban-hang-viet/?tat_ca=1&kind=market&province=38").content.decode()
    assert "Chợ Vườn Hoa" in html and "Thiên Cầm" not in html.split("<ul class=\"sp-list\">")[1]
    html = client.get("/diem-ban-hang-viet/?q=thien cam").content.decode()
    assert "Cửa hàng OCOP Thiên Cầm" in html
    assert client.get(f"/diem-ban-hang-viet/{market.pk}/").status_code == 200
    response = client.get("/diem-ban-hang-viet/?kind=casino")
    assert response.status_code == 400 and "Loại hình không hợp lệ" in response.content.decode()
    for i in range(5):
        services.outlet_create(scope=scope_of("daumoi.qltm"), data=OutletData(
            name=f"Điểm bán {i}", kind="vn_goods_store", place_code=commune.code, address="Số 1",
            label="vn_goods_point", certified_on=dt.date(2024, 1, 1)))
    with django_assert_max_num_queries(10):
        client.get("/diem-ban-hang-viet/")


def test_geojson_feed(client, ocop_shop):
    response = client.get("/diem-ban-hang-viet.geojson?province=42")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    data = json.loads(response.content)
    assert data["type"] == "FeatureCollection"
    feature = data["features"][0]
    assert feature["geometry"] == {"type": "Point", "coordinates": [106.1097, 18.2556]}
    assert feature["properties"]["name"] == "Cửa hàng OCOP Thiên Cầm"
    assert feature["properties"]["tourist_site"] == "Khu du lịch biển Thiên Cầm"
    assert client.get("/diem-ban-hang-viet.geojson?province=38").json()["features"] == []
    api = client.get("/api/v1/retail/sale-points.geojson?label=proud_vn").json()
    assert [f["id"] for f in api["features"]] == [ocop_shop.pk]
    bad = client.get("/diem-ban-hang-viet.geojson?q=" + "x" * 500)
    assert bad.status_code == 400 and "quá dài" in bad.json()["detail"]


def test_api_listing_and_bad_filters(client, ocop_shop):
    body = client.get("/api/v1/retail/sale-points?sale_points_only=true&province=42").json()
    assert body["count"] == 1 and body["items"][0]["label"] == "proud_vn"
    assert body["items"][0]["latitude"] == 18.2556
    response = client.get("/api/v1/retail/sale-points?label=fake")
    assert response.status_code == 422 and "Nhãn điểm bán" in response.json()["detail"]


def test_bad_input_saves_nothing(scope_of, thien_cam):
    before = Outlet.objects.count()
    with pytest.raises(ValidationFailed) as exc:
        services.outlet_create(scope=scope_of("daumoi.camxuyen"), data=OutletData(
            name="<b>X</b>", kind="market", place_code=thien_cam.code, address="", market_class="9",
            label="proud_vn", latitude="91", longitude="abc"))
    errors = exc.value.errors
    assert {"name", "address", "market_class", "certified_on", "latitude", "longitude"} <= set(errors)
    assert "lãnh thổ Việt Nam" in errors["latitude"][0]
    assert Outlet.objects.count() == before


def test_scope(scope_of, ocop_shop, api_client):
    from hangviet.places.models import Place

    th_commune = Place.objects.filter(parent_id="38", level="commune").first()
    with pytest.raises(ValidationFailed) as exc:
        services.outlet_create(scope=scope_of("daumoi.camxuyen"), data=OutletData(
            name="Siêu thị", kind="supermarket", place_code=th_commune.code, address="Số 2"))
    assert "ngoài địa bàn" in exc.value.errors["place_code"][0]
    with pytest.raises(PermissionDenied):
        services.outlet_create(scope=scope_of("doanhnghiep"), data=OutletData(
            name="Siêu thị", kind="supermarket", place_code=th_commune.code, address="Số 2"))
    other = api_client("daumoi.qltm")
    assert other.get(f"/api/v1/retail/outlets/{ocop_shop.pk}").status_code == 404
    assert other.get("/api/v1/retail/outlets").json()["count"] == 0
    assert api_client("daumoi.camxuyen").get("/api/v1/retail/outlets").json()["count"] == 1
    payload = {"name": "Hack", "kind": "market", "place_code": ocop_shop.place_id, "address": "x"}
    assert other.put(f"/api/v1/retail/outlets/{ocop_shop.pk}", payload,
                     content_type="application/json").status_code == 404
    ocop_shop.refresh_from_db()
    assert ocop_shop.name == "Cửa hàng OCOP Thiên Cầm"


def test_archive_removes_from_public_list(client, scope_of, ocop_shop):
    with pytest.raises(DomainError):
        services.outlet_archive(scope=scope_of("daumoi.camxuyen"), outlet_id=ocop_shop.pk, reason="")
    services.outlet_archive(scope=scope_of("daumoi.camxuyen"), outlet_id=ocop_shop.pk, reason="Ngừng kinh doanh")
    assert "Cửa hàng OCOP Thiên Cầm" not in client.get("/diem-ban-hang-viet/").content.decode()
    assert Outlet.objects.filter(pk=ocop_shop.pk).exists()
