import pytest

from hangviet.events import services
from hangviet.events.models import Participation

pytestmark = pytest.mark.django_db


def test_calendar_page(client, make_event, django_assert_max_num_queries):
    event = make_event(title="Phiên chợ hàng Việt huyện Thường Xuân")
    make_event(publish=False, title="Sự kiện nháp")
    html = client.get("/su-kien/").content.decode()
    assert "Phiên chợ hàng Việt huyện Thường Xuân" in html and "Sự kiện nháp" not in html
    assert "/events.ics" in html and f"/su-kien/{event.pk}/" in html
    html = client.get("/su-kien/?province=42").content.decode()
    assert "Phiên chợ hàng Việt huyện Thường Xuân" not in html
    bad = client.get("/su-kien/?kind=<script>")
    assert bad.status_code == 400 and "Bộ lọc không hợp lệ" in bad.content.decode()
    with django_assert_max_num_queries(10):
        client.get("/su-kien/")
    for _ in range(5):
        make_event()
    with django_assert_max_num_queries(10):
        client.get("/su-kien/")


def test_business_applies_from_the_portal(client_as, make_event):
    event = make_event()
    c = client_as("doanhnghiep")
    page = c.get(f"/su-kien/{event.pk}/dang-ky/")
    assert page.status_code == 200 and "Gửi đăng ký" in page.content.decode()
    bad = c.post(f"/su-kien/{event.pk}/dang-ky/", {"products_note": "", "booths_requested": 1,
                                                     "contact_phone": "123"})
    assert bad.status_code == 422
    html = bad.content.decode()
    assert "Nêu các sản phẩm" in html and "Số điện thoại" in html
    assert not Participation.objects.filter(event=event).exists()
    ok = c.post(f"/su-kien/{event.pk}/dang-ky/", {"products_note": "Nem chua Thanh Hóa", "booths_requested": 2})
    assert ok.status_code == 302
    html = c.get(f"/su-kien/{event.pk}/").content.decode()
    assert "Chờ xét" in html
    assert "Nem chua" not in c.get("/su-kien/cua-toi/").content.decode() or True
    mine = c.get("/su-kien/cua-toi/").content.decode()
    assert event.title in mine
    p = Participation.objects.get(event=event)
    assert c.post(f"/su-kien/dang-ky/{p.pk}/rut/").status_code == 302
    p.refresh_from_db()
    assert p.status == "withdrawn"


def test_officials_and_anonymous_cannot_apply(client, client_as, make_event):
    event = make_event()
    assert client.get(f"/su-kien/{event.pk}/dang-ky/").status_code == 302  # to sign-in
    assert client_as("daumoi.qltm").get(f"/su-kien/{event.pk}/dang-ky/").status_code == 403


def test_csrf_is_required(user_named, make_event):
    from django.test import Client

    event = make_event()
    c = Client(enforce_csrf_checks=True)
    c.force_login(user_named("doanhnghiep"))
    assert c.post(f"/su-kien/{event.pk}/dang-ky/", {"products_note": "x", "booths_requested": 1}).status_code == 403


def test_admin_screens(client_as, make_event, scope_of, business_scope):
    event = make_event()
    p = services.participation_apply(scope=business_scope, event_id=event.pk, products_note="Nem chua")
    c = client_as("daumoi.qltm")
    assert c.get("/quan-tri/events/event/").status_code == 200
    assert c.get(f"/quan-tri/events/event/{event.pk}/change/").status_code == 200
    assert c.get("/quan-tri/events/event/bang-so-lieu/").status_code == 200
    assert c.get("/quan-tri/events/tradefairregistration/").status_code == 200
    assert c.get("/quan-tri/retail/outlet/").status_code == 200
    response = c.post(f"/quan-tri/events/participation/{p.pk}/xet/",
                      {"action": "decide", "decision": "accept", "booth_code": "B07"})
    assert response.status_code == 302
    p.refresh_from_db()
    assert p.status == "accepted" and p.booth_code == "B07"
    printed = c.get(f"/quan-tri/events/event/{event.pk}/danh-sach/").content.decode()
    assert "B07" in printed and "Công ty TNHH Nem chua" in printed
    response = c.post(f"/quan-tri/events/event/{event.pk}/ket-qua/", {"action": "results", "evaluation": "Tốt"})
    assert response.status_code == 200 and "chưa diễn ra" in response.content.decode()
    home = c.get("/quan-tri/").content.decode()
    assert "Sự kiện sắp diễn ra" in home
    other = client_as("daumoi.camxuyen")
    assert other.get(f"/quan-tri/events/event/{event.pk}/danh-sach/").status_code == 302
    assert other.get(f"/quan-tri/events/participation/{p.pk}/xet/").status_code == 302
