import pytest

pytestmark = pytest.mark.django_db


def test_demo_data_loads_twice_and_shows_progress(client):
    from hangviet.demo import events as demo_events
    from hangviet.demo import retail as demo_retail
    from hangviet.events.models import Event, EventStatus

    try:
        from hangviet.demo import plans as demo_plans

        demo_plans.load()
    except ImportError:  # the plans demo is another area's; events still load without it
        pass
    first = demo_events.load()
    assert first["events"] >= 10
    assert demo_events.load()["events"] == 0
    assert demo_retail.load()["outlets"] >= 6
    assert demo_retail.load()["outlets"] == 0
    sessions = Event.objects.filter(kind="vn_goods_market", status=EventStatus.DONE)
    assert sessions.count() == 3
    assert sorted(e.place.name for e in sessions) == ["Huyện Bá Thước", "Huyện Quan Hóa", "Huyện Thường Xuân"]
    feed = client.get("/events.ics").content.decode()
    assert "Miền Tây Thanh Hóa" in feed.replace("\r\n ", "")
    assert "Du lịch biển Sầm Sơn" in client.get("/su-kien/").content.decode()  # a fair confirmed via filings
    assert "Thiên Cầm" in client.get("/diem-ban-hang-viet/").content.decode()


def test_demo_market_sessions_fill_the_plan_task():
    from hangviet.demo import events as demo_events
    from hangviet.demo import plans as demo_plans
    from hangviet.events import selectors
    from hangviet.events.models import Event

    demo_plans.load()
    demo_events.load()
    event = Event.objects.filter(kind="vn_goods_market").first()

    assert event.task is not None
    rollup = selectors.task_rollup(task_id=event.task_id, output_id=event.task_output_id)

    assert rollup.done == 3
