"""The issue's "done when": a trade officer plans the three market sessions of the seed plan in three
mountain communes, businesses apply from the portal and are accepted, goods checks are recorded,
results are entered, the plan task shows 3/03 with links to the evidence, and a phone subscribed to
the .ics feed sees the upcoming events."""

import datetime as dt

import pytest

from hangviet.agencies.models import Role, User
from hangviet.businesses.models import Business
from hangviet.events import selectors, services
from hangviet.events.models import Event, EventStatus, Participation

from .conftest import at, results

pytestmark = pytest.mark.django_db

MOUNTAIN_DISTRICTS = ["Huyện Thường Xuân", "Huyện Quan Hóa", "Huyện Bá Thước"]


def _second_business_user():
    business = Business.objects.get(name="Hợp tác xã Bánh gai Tứ Trụ")
    user = User.objects.create(username="banhgai", role=Role.BUSINESS, business=business, full_name="Lê Văn Tứ")
    return user


def test_three_market_sessions_end_to_end(api_client, client, client_as, place_named, market_task, scope_of):
    task, output = market_task
    officer = api_client("daumoi.qltm")
    ids = []
    for index, district in enumerate(MOUNTAIN_DISTRICTS):
        payload = {
            "title": f"Phiên chợ hàng Việt về miền núi năm 2024 tại {district}", "kind": "vn_goods_market",
            "place_code": place_named(district).code, "address": "Sân vận động trung tâm huyện",
            "starts_at": at(10 + 7 * index).isoformat(), "ends_at": at(12 + 7 * index, 21).isoformat(),
            "accepts_applications": True, "booth_count": 40, "target_booths": 40, "target_visitors": 5000,
            "target_revenue": 800000000, "budget": 350000000, "invite_place_code": "38",
            "coordinator_ids": [], "coordinators_note": f"UBND {district}",
            "task_id": task.pk, "task_output_id": output.pk,
        }
        response = officer.post("/api/v1/events/managed", payload, content_type="application/json")
        assert response.status_code == 201, response.content
        event_id = response.json()["id"]
        assert officer.post(f"/api/v1/events/managed/{event_id}/publish").json()["status"] == "published"
        ids.append(event_id)

    # A phone subscribed to the feed sees the upcoming sessions.
    feed = client.get("/events.ics?province=38&kind=vn_goods_market")
    assert feed.status_code == 200 and feed["Content-Type"].startswith("text/calendar")
    body = feed.content.decode()
    for event_id in ids:
        assert f"UID:event-{event_id}@" in body
    assert "Thường Xuân" in body.replace("\r\n ", "")

    # Businesses apply from the portal.
    first = client_as("doanhnghiep")
    second_user = _second_business_user()
    from django.test import Client

    second = Client()
    second.force_login(second_user)
    for event_id in ids:
        for c, products in [(first, "Nem chua, chả tôm"), (second, "Bánh gai Tứ Trụ")]:
            response = c.post(f"/su-kien/{event_id}/dang-ky/", {"products_note": products, "booths_requested": 1,
                                                                 "booth_needs": "Cần điện", "contact_phone": "0912345678"})
            assert response.status_code == 302, response.content.decode()[:2000]
    assert Participation.objects.filter(event_id__in=ids, status="applied").count() == 6

    # The organiser accepts them and allocates booths, then prints the list.
    for event_id in ids:
        listed = officer.get(f"/api/v1/events/participations/list?event_id={event_id}").json()
        assert listed["count"] == 2
        for n, item in enumerate(listed["items"], start=1):
            response = officer.post(f"/api/v1/events/participations/{item['id']}/decision",
                                    {"accept": True, "booth_code": f"A{n:02d}"}, content_type="application/json")
            assert response.status_code == 200, response.content
            assert response.json()["status"] == "accepted"
    _event, rows = selectors.printable_participants(scope=scope_of("daumoi.qltm"), event_id=ids[0])
    assert [r.booth_code for r in rows] == ["A01", "A02"]

    # Goods checks at the event and results afterwards.
    officer_scope = scope_of("daumoi.qltm")
    checker = scope_of("phoihop.mttq")
    for event_id in ids:
        event = Event.objects.get(pk=event_id)
        during = event.starts_at + dt.timedelta(hours=2)
        for p in Participation.objects.filter(event_id=event_id):
            services.goods_check_record(scope=officer_scope, participation_id=p.pk, origin_ok=True, labelling_ok=True,
                                        quality_ok=True, expiry_ok=True, goods=p.products_note, now=during)
        services.goods_check_record(scope=checker, participation_id=p.pk, origin_ok=True, labelling_ok=False,
                                    quality_ok=True, expiry_ok=True, note="Thiếu nhãn phụ tiếng Việt; đã nhắc bổ sung.",
                                    now=during)
        rollup_before = selectors.task_rollup(task_id=task.pk)
        services.event_record_results(scope=officer_scope, event_id=event_id, data=results(),
                                      now=event.ends_at + dt.timedelta(days=1))
        assert selectors.task_rollup(task_id=task.pk).done == rollup_before.done + 1

    rollup = selectors.task_rollup(task_id=task.pk, output_id=output.pk)
    assert rollup.label == "3/03"
    from hangviet.plans.models import TaskEvidence
    from hangviet.plans.services import task_achieved

    assert task_achieved(task) == 3
    evidence = TaskEvidence.objects.filter(task=task, withdrawn_at__isnull=True).order_by("occurred_on")
    assert [e.url for e in evidence] == [f"/su-kien/{i}/" for i in ids]
    assert all(e.output_id == output.pk for e in evidence)
    api_rollup = officer.get(f"/api/v1/events/tasks/{task.pk}/rollup").json()
    assert api_rollup["label"] == "3/03" and len(api_rollup["events"]) == 3

    # The public page of a session shows its results and the businesses with their booths.
    page = client.get(f"/su-kien/{ids[0]}/").content.decode()
    assert "Kết quả" in page and "6.200" in page and "Hợp tác xã Bánh gai Tứ Trụ" in page and "A02" in page
    assert Event.objects.filter(pk__in=ids, status=EventStatus.DONE).count() == 3


def test_cancelling_a_done_event_is_refused_and_evidence_follows_the_task(make_event, market_task, scope_of):
    task, output = market_task
    scope = scope_of("daumoi.qltm")
    event = make_event(task_id=task.pk, task_output_id=output.pk)
    services.event_record_results(scope=scope, event_id=event.pk, data=results(), now=event.ends_at)
    from hangviet.plans.services import task_achieved

    assert task_achieved(task) == 1
    with pytest.raises(Exception) as exc:
        services.event_cancel(scope=scope, event_id=event.pk, reason="Mưa bão")
    assert "không hủy được" in str(exc.value)
    # Moving the event to no task withdraws its evidence (kept, marked withdrawn).
    from hangviet.events.services import EventData

    event.refresh_from_db()
    data = EventData(title=event.title, kind=event.kind, place_code=event.place_id, starts_at=event.starts_at,
                     ends_at=event.ends_at, organiser_id=event.organiser_id)
    services.event_update(scope=scope, event_id=event.pk, data=data)
    assert task_achieved(task) == 0
    assert selectors.task_rollup(task_id=task.pk).label == "0/03"
