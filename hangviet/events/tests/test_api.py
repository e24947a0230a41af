import pytest

from hangviet.events import services

from .conftest import at, results

pytestmark = pytest.mark.django_db


def test_public_calendar_api_filters(client, make_event, django_assert_max_num_queries):
    soon = make_event(days=5)
    later = make_event(days=40, place="Huyện Quan Hóa", kind="safe_food_market", title="Phiên chợ thực phẩm an toàn")
    make_event(days=6, publish=False, title="Nháp")
    ht = make_event(username="daumoi.camxuyen", place="Thị trấn Thiên Cầm", invite_place_code="", days=7)
    body = client.get("/api/v1/events").json()
    assert [e["id"] for e in body["items"]] == [soon.pk, ht.pk, later.pk]
    d = at(20).date().isoformat()
    assert [e["id"] for e in client.get(f"/api/v1/events?from={d}").json()["items"]] == [later.pk]
    assert [e["id"] for e in client.get(f"/api/v1/events?to={d}&province=38").json()["items"]] == [soon.pk]
    assert [e["id"] for e in client.get("/api/v1/events?kind=safe_food_market").json()["items"]] == [later.pk]
    detail = client.get(f"/api/v1/events/{soon.pk}").json()
    assert detail["target_revenue"] == 800_000_000 and detail["url"] == f"/su-kien/{soon.pk}/"
    for _ in range(5):
        make_event(days=9)
    with django_assert_max_num_queries(4):
        client.get("/api/v1/events?page_size=100")


@pytest.mark.parametrize("query, field", [
    ("kind=party", "kind"), ("province=3A", "province"), ("from=2024-13-01", "from"), ("page_size=1000", "page_size"),
    ("from=2025-05-01&to=2025-01-01", "to"), ("q=" + "x" * 300, "q"),
])
def test_public_calendar_api_bad_parameters(client, query, field):
    response = client.get(f"/api/v1/events?{query}")
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert field in (body.get("errors") or {}) or body["code"].startswith(field.replace("from", "range"))


def test_draft_and_unknown_events_are_404(client, make_event):
    draft = make_event(publish=False)
    assert client.get(f"/api/v1/events/{draft.pk}").status_code == 404
    assert client.get("/api/v1/events/999999").status_code == 404


def test_managed_list_dashboard_and_query_count(api_client, make_event, scope_of, django_assert_max_num_queries):
    event = make_event()
    services.event_record_results(scope=scope_of("daumoi.qltm"), event_id=event.pk, data=results(), now=event.ends_at)
    make_event(place="Huyện Quan Hóa")
    c = api_client("daumoi.qltm")
    body = c.get("/api/v1/events/managed").json()
    assert body["count"] == 2
    with django_assert_max_num_queries(8):
        c.get("/api/v1/events/managed?page_size=100")
    for _ in range(4):
        make_event()
    with django_assert_max_num_queries(8):
        c.get("/api/v1/events/managed?page_size=100")
    dash = c.get("/api/v1/events/dashboard").json()
    assert dash["totals"]["done"] == 1 and dash["totals"]["actual_revenue"] == 950_000_000
    assert {r["kind"] for r in dash["by_kind"]} == {"vn_goods_market"}


def test_photo_upload_endpoint(api_client, make_event, settings, tmp_path):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    event = make_event()
    png = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
           b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")
    c = api_client("daumoi.qltm")
    ok = c.post(f"/api/v1/events/managed/{event.pk}/photos",
                {"image": SimpleUploadedFile("phien-cho.png", png, "image/png"), "caption": "Khai mạc"})
    assert ok.status_code == 201, ok.content
    assert ok.json()["caption"] == "Khai mạc"
    bad = c.post(f"/api/v1/events/managed/{event.pk}/photos",
                 {"image": SimpleUploadedFile("anh.png", b"MZ\x90\x00 not an image", "image/png")})
    assert bad.status_code == 400 and "không đúng định dạng" in bad.json()["detail"]
    other = api_client("daumoi.camxuyen").post(f"/api/v1/events/managed/{event.pk}/photos",
                                               {"image": io.BytesIO(png)})
    assert other.status_code in (404, 422)
    assert event.photos.count() == 1


def test_notifications_and_history(make_event, scope_of, business_scope):
    from hangviet.core.history import entries_for
    from hangviet.core.models import Notice

    event = make_event()
    p = services.participation_apply(scope=business_scope, event_id=event.pk, products_note="Nem chua")
    assert Notice.objects.filter(user__username="daumoi.qltm", subject__contains="Đăng ký tham gia mới").exists()
    services.participation_decide(scope=scope_of("daumoi.qltm"), participation_id=p.pk, accept=False,
                                  note="Hết gian hàng")
    notice = Notice.objects.get(user__username="doanhnghiep", subject__contains="Kết quả đăng ký")
    assert "Hết gian hàng" in notice.body
    assert [e.action for e in entries_for(p)][:2] == ["decline", "apply"]
    assert {"create", "publish"} <= {e.action for e in entries_for(event)}
