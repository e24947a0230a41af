"""Scope: an officer of one place cannot read or change another place's events by id, list or export;
a business sees only its own participations."""

import pytest

from hangviet.core.errors import NotFound, PermissionDenied
from hangviet.events import selectors, services
from hangviet.events.models import Event

pytestmark = pytest.mark.django_db


def test_officer_of_another_province_cannot_read_or_change(api_client, make_event, business_scope, scope_of):
    event = make_event(publish=False)
    other = api_client("daumoi.camxuyen")
    assert other.get(f"/api/v1/events/managed/{event.pk}").status_code == 404
    assert other.get("/api/v1/events/managed").json()["count"] == 0
    assert other.post(f"/api/v1/events/managed/{event.pk}/publish").status_code == 404
    response = other.post(f"/api/v1/events/managed/{event.pk}/cancel", {"reason": "x"}, content_type="application/json")
    assert response.status_code == 404
    event.refresh_from_db()
    assert event.status == "planned"
    services.event_publish(scope=scope_of("daumoi.qltm"), event_id=event.pk)
    p = services.participation_apply(scope=business_scope, event_id=event.pk, products_note="Nem chua")
    assert other.get(f"/api/v1/events/participations/list?event_id={event.pk}").json()["count"] == 0
    response = other.post(f"/api/v1/events/participations/{p.pk}/decision", {"accept": True},
                          content_type="application/json")
    assert response.status_code == 404
    with pytest.raises(NotFound):
        selectors.printable_participants(scope=scope_of("daumoi.camxuyen"), event_id=event.pk)


def test_outside_officer_cannot_plan_in_another_province(scope_of, place_named):
    from hangviet.core.errors import DomainError
    from hangviet.events.services import EventData

    from .conftest import at

    before = Event.objects.count()
    with pytest.raises(DomainError) as exc:
        services.event_create(scope=scope_of("daumoi.camxuyen"), data=EventData(
            title="Phiên chợ", kind="vn_goods_market", place_code=place_named("Huyện Quan Hóa").code,
            starts_at=at(3), ends_at=at(4)))
    assert exc.value.status == 403 and "ngoài phạm vi" in exc.value.message
    assert Event.objects.count() == before


def test_business_sees_only_its_own_participations(api_client, make_event, business_scope):
    from hangviet.agencies.models import Role, User
    from hangviet.agencies.scope import scope_for
    from hangviet.businesses.models import Business

    event = make_event()
    mine = services.participation_apply(scope=business_scope, event_id=event.pk, products_note="Nem chua")
    other_user = User.objects.create(username="banhgai3", role=Role.BUSINESS,
                                     business=Business.objects.get(name="Hợp tác xã Bánh gai Tứ Trụ"))
    services.participation_apply(scope=scope_for(other_user), event_id=event.pk, products_note="Bánh gai")
    c = api_client("doanhnghiep")
    body = c.get("/api/v1/events/participations/list").json()
    assert [p["id"] for p in body["items"]] == [mine.pk]
    assert c.post(f"/api/v1/events/participations/{mine.pk}/decision", {"accept": True},
                  content_type="application/json").status_code in (403, 404)
    assert c.get("/api/v1/events/managed").json()["count"] == 0
    assert c.get("/api/v1/events/dashboard").json()["totals"]["events"] == 0


def test_roles(make_event, scope_of, business_scope):
    event = make_event()
    p = services.participation_apply(scope=business_scope, event_id=event.pk, products_note="Nem chua")
    with pytest.raises(PermissionDenied):
        services.participation_decide(scope=scope_of("phoihop.mttq"), participation_id=p.pk, accept=True)
    with pytest.raises(PermissionDenied):
        services.event_create(scope=business_scope, data=None)
    with pytest.raises(PermissionDenied):
        services.participation_apply(scope=scope_of("daumoi.qltm"), event_id=event.pk, products_note="x")
    services.participation_decide(scope=scope_of("daumoi.qltm"), participation_id=p.pk, accept=True)
    check = services.goods_check_record(scope=scope_of("phoihop.mttq"), participation_id=p.pk, origin_ok=True,
                                        labelling_ok=True, quality_ok=True, expiry_ok=True, now=event.starts_at)
    assert check.passed


def test_anonymous_api_writes_need_sign_in(client, make_event):
    event = make_event()
    assert client.post(f"/api/v1/events/{event.pk}/participations", {}, content_type="application/json").status_code == 401
    assert client.get("/api/v1/events/managed").status_code == 401


def test_trade_trip_may_go_to_another_province(scope_of):
    from hangviet.events.services import EventData
    from hangviet.places.models import Place

    from .conftest import at

    event = services.event_create(scope=scope_of("daumoi.qltm"), data=EventData(
        title="Chuyến xúc tiến thương mại tại Thành phố Hà Nội", kind="trade_trip",
        place_code=Place.objects.get(name="Thành phố Hà Nội").code, starts_at=at(30), ends_at=at(33)))
    assert event.place.name == "Thành phố Hà Nội"
    assert event.organiser.name == "Phòng Quản lý thương mại"
