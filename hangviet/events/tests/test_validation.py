"""Bad input: a clear Vietnamese message, a 4xx, and nothing saved."""

import datetime as dt

import pytest

from hangviet.agencies.models import Role, User
from hangviet.businesses.models import Business
from hangviet.core.errors import DomainError, ValidationFailed
from hangviet.events import services
from hangviet.events.models import Event, GoodsCheck, Participation
from hangviet.events.services import EventData

from .conftest import at, results

pytestmark = pytest.mark.django_db


def test_event_that_ends_before_it_starts_is_refused(scope_of, place_named):
    before = Event.objects.count()
    with pytest.raises(ValidationFailed) as exc:
        services.event_create(scope=scope_of("daumoi.qltm"), data=EventData(
            title="Phiên chợ", kind="vn_goods_market", place_code=place_named("Huyện Quan Hóa").code,
            starts_at=at(5), ends_at=at(4)))
    assert "kết thúc trước khi bắt đầu" in exc.value.errors["ends_at"][0]
    assert Event.objects.count() == before


def test_api_reports_every_bad_field_in_vietnamese(api_client, place_named):
    c = api_client("daumoi.qltm")
    response = c.post("/api/v1/events/managed", {
        "title": "<script>alert(1)</script>", "kind": "party", "place_code": "nowhere",
        "starts_at": at(5).isoformat(), "ends_at": at(3).isoformat(), "channel": "press",
    }, content_type="application/json")
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    errors = response.json()["errors"]
    assert "HTML" in errors["title"][0]
    assert "Loại hoạt động" in errors["kind"][0]
    assert "địa bàn" in errors["place_code"][0]
    assert "kết thúc" in errors["ends_at"][0]
    assert errors["channel"]
    response = c.post("/api/v1/events/managed", "{bad json", content_type="application/json")
    assert response.status_code in (400, 422)
    assert not Event.objects.filter(title__contains="script").exists()


def test_booth_allocated_twice_is_refused(make_event, scope_of, business_scope):
    event = make_event()
    officer = scope_of("daumoi.qltm")
    first = services.participation_apply(scope=business_scope, event_id=event.pk, products_note="Nem chua")
    other = Business.objects.get(name="Hợp tác xã Bánh gai Tứ Trụ")
    user = User.objects.create(username="banhgai2", role=Role.BUSINESS, business=other)
    from hangviet.agencies.scope import scope_for

    second = services.participation_apply(scope=scope_for(user), event_id=event.pk, products_note="Bánh gai")
    services.participation_decide(scope=officer, participation_id=first.pk, accept=True, booth_code="a01")
    services.participation_decide(scope=officer, participation_id=second.pk, accept=True, booth_code="A02")
    with pytest.raises(DomainError) as exc:
        services.participation_allocate_booth(scope=officer, participation_id=second.pk, booth_code="A01")
    assert exc.value.status == 409
    assert "Gian hàng A01 đã được bố trí cho Công ty TNHH Nem chua" in exc.value.message
    second.refresh_from_db()
    assert second.booth_code == "A02"
    with pytest.raises(DomainError) as exc:
        services.participation_allocate_booth(scope=officer, participation_id=second.pk, booth_code="A 01;--")
    assert "Mã gian hàng" in exc.value.message


def test_business_outside_the_invitation_scope_is_refused(make_event, place_named):
    event = make_event(invite_place_code="38")
    ha_tinh = Business.objects.get(name="Hợp tác xã Kẹo cu đơ Hà Tĩnh")
    user = User.objects.create(username="cudo", role=Role.BUSINESS, business=ha_tinh)
    from hangviet.agencies.scope import scope_for

    with pytest.raises(DomainError) as exc:
        services.participation_apply(scope=scope_for(user), event_id=event.pk, products_note="Kẹo cu đơ")
    assert exc.value.status == 403
    assert "nằm ngoài phạm vi mời tham gia" in exc.value.message
    assert not Participation.objects.filter(event=event).exists()


def test_application_after_the_deadline_or_twice_is_refused(make_event, business_scope):
    event = make_event(application_deadline=(at(10) - dt.timedelta(days=3)).date())
    with pytest.raises(DomainError) as exc:
        services.participation_apply(scope=business_scope, event_id=event.pk, products_note="Nem chua",
                                     now=at(9))
    assert "hết hạn đăng ký" in exc.value.message
    services.participation_apply(scope=business_scope, event_id=event.pk, products_note="Nem chua")
    with pytest.raises(DomainError) as exc:
        services.participation_apply(scope=business_scope, event_id=event.pk, products_note="Nem chua")
    assert exc.value.status == 409 and "đã đăng ký" in exc.value.message
    assert Participation.objects.filter(event=event).count() == 1


def test_draft_events_take_no_applications(make_event, business_scope):
    event = make_event(publish=False)
    with pytest.raises(DomainError) as exc:
        services.participation_apply(scope=business_scope, event_id=event.pk, products_note="Nem chua")
    assert exc.value.status == 404


def test_decline_needs_a_reason_and_failed_check_needs_a_note(make_event, scope_of, business_scope):
    event = make_event()
    officer = scope_of("daumoi.qltm")
    p = services.participation_apply(scope=business_scope, event_id=event.pk, products_note="Nem chua")
    with pytest.raises(ValidationFailed) as exc:
        services.participation_decide(scope=officer, participation_id=p.pk, accept=False)
    assert "lý do" in exc.value.errors["note"][0]
    with pytest.raises(DomainError) as exc:
        services.goods_check_record(scope=officer, participation_id=p.pk, origin_ok=True, labelling_ok=True,
                                    quality_ok=True, expiry_ok=True, now=event.starts_at)
    assert "đã được chấp nhận" in exc.value.message
    services.participation_decide(scope=officer, participation_id=p.pk, accept=True)
    with pytest.raises(DomainError) as exc:
        services.goods_check_record(scope=officer, participation_id=p.pk, origin_ok=True, labelling_ok=True,
                                    quality_ok=True, expiry_ok=True, now=event.starts_at - dt.timedelta(days=5))
    assert "trước khai mạc" in exc.value.message
    with pytest.raises(ValidationFailed) as exc:
        services.goods_check_record(scope=officer, participation_id=p.pk, origin_ok=True, labelling_ok=True,
                                    quality_ok=True, expiry_ok=False, now=event.starts_at)
    assert "không đạt" in exc.value.errors["note"][0]
    assert not GoodsCheck.objects.filter(participation=p).exists()
    check = services.goods_check_record(scope=officer, participation_id=p.pk, origin_ok=True, labelling_ok=True,
                                        quality_ok=True, expiry_ok=False, note="02 hộp quá hạn, đã thu hồi",
                                        now=event.starts_at)
    assert check.passed is False


def test_results_only_after_the_event_started(make_event, scope_of):
    event = make_event()
    with pytest.raises(DomainError) as exc:
        services.event_record_results(scope=scope_of("daumoi.qltm"), event_id=event.pk, data=results())
    assert "chưa diễn ra" in exc.value.message
    with pytest.raises(ValidationFailed) as exc:
        services.event_record_results(scope=scope_of("daumoi.qltm"), event_id=event.pk,
                                      data=results(actual_visitors=-5, evaluation=""), now=event.ends_at)
    assert set(exc.value.errors) == {"actual_visitors", "evaluation"}
    event.refresh_from_db()
    assert event.status == "published" and event.actual_visitors is None


def test_photo_upload_is_checked_by_content(make_event, scope_of):
    from django.core.files.uploadedfile import SimpleUploadedFile

    event = make_event()
    fake = SimpleUploadedFile("anh.jpg", b"<html><script>alert(1)</script></html>", content_type="image/jpeg")
    with pytest.raises(DomainError) as exc:
        services.event_add_photo(scope=scope_of("daumoi.qltm"), event_id=event.pk, upload=fake)
    assert "không đúng định dạng" in exc.value.message
    assert not event.photos.exists()


def test_cancel_needs_reason_and_hides_the_event(make_event, scope_of, client):
    event = make_event()
    with pytest.raises(ValidationFailed):
        services.event_cancel(scope=scope_of("daumoi.qltm"), event_id=event.pk, reason="  ")
    services.event_cancel(scope=scope_of("daumoi.qltm"), event_id=event.pk, reason="Trùng lịch hội chợ tỉnh")
    assert client.get(f"/su-kien/{event.pk}/").status_code == 404
    assert f"event-{event.pk}@" not in client.get("/events.ics").content.decode()
