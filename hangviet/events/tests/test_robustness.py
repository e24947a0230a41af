"""Hostile ids and parameters never give a 500."""

import pytest

pytestmark = pytest.mark.django_db

HUGE = "9" * 30


@pytest.mark.parametrize("url", [
    f"/su-kien/{HUGE}/", f"/su-kien/{HUGE}/dang-ky/", f"/api/v1/events/{HUGE}", f"/diem-ban-hang-viet/{HUGE}/",
    f"/api/v1/retail/sale-points/{HUGE}", "/api/v1/events?page=0", "/api/v1/events?page=99999999999999999999",
    "/su-kien/?page=99999999999999999999", "/diem-ban-hang-viet/?page=abc", "/api/v1/events?from=0000-00-00",
    "/api/v1/events?q=%00%27%22;--", "/su-kien/?q=%00<script>", "/diem-ban-hang-viet/?q=a%20OR%201=1",
])
def test_no_server_error(client, url):
    response = client.get(url)
    assert response.status_code < 500, (url, response.status_code)


@pytest.mark.parametrize("url", [f"/api/v1/events/managed/{HUGE}", f"/api/v1/events/participations/{HUGE}/decision",
                                 f"/api/v1/retail/outlets/{HUGE}", f"/api/v1/events/tasks/{HUGE}/rollup"])
def test_no_server_error_signed_in(api_client, url):
    c = api_client("daumoi.qltm")
    response = c.get(url) if "decision" not in url else c.post(url, {"accept": True}, content_type="application/json")
    assert response.status_code < 500, (url, response.status_code)


def test_huge_ids_in_bodies_are_field_errors(api_client, place_named):
    from .conftest import at

    c = api_client("daumoi.qltm")
    response = c.post("/api/v1/events/managed", {
        "title": "Phiên chợ", "kind": "vn_goods_market", "place_code": place_named("Huyện Quan Hóa").code,
        "starts_at": at(5).isoformat(), "ends_at": at(6).isoformat(), "coordinator_ids": [int(HUGE)],
        "task_id": int(HUGE), "organiser_id": int(HUGE)}, content_type="application/json")
    assert response.status_code == 422
    assert {"coordinator_ids", "task_id"} <= set(response.json()["errors"])
