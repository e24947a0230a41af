import datetime as dt

import pytest
from django.utils import timezone

from hangviet.events import services
from hangviet.events.services import EventData, ResultsData

TZ = timezone.get_current_timezone()


def at(days: int, hour: int = 7) -> dt.datetime:
    base = timezone.localdate() + dt.timedelta(days=days)
    return dt.datetime.combine(base, dt.time(hour, 0), tzinfo=TZ)


@pytest.fixture
def place_named(db):
    from hangviet.places.models import Place

    def get(name):
        return Place.objects.filter(name=name).order_by("-valid_to").first()

    return get


@pytest.fixture
def market_task(db, user_named):
    """Task 2.5 of the Thanh Hóa plan with its planned output: 03 Vietnamese-goods market sessions."""
    from hangviet.places.models import Place
    from hangviet.plans.models import Plan, Task, TaskOutput

    plan = Plan.objects.create(issuing_body="Sở Công Thương tỉnh Thanh Hóa", title="Kế hoạch Cuộc vận động năm 2024",
                               start_year=2024, end_year=2024, place=Place.objects.get(code="38"))
    task = Task.objects.create(plan=plan, number="2.5", order=5,
                               title="Tổ chức hoạt động đưa hàng Việt về nông thôn, về khu công nghiệp")
    output = TaskOutput.objects.create(task=task, description="Phiên chợ hàng Việt tại huyện nông thôn/miền núi",
                                       quantity=3, unit="phiên")
    return task, output


@pytest.fixture
def make_event(scope_of, place_named):
    def make(*, username="daumoi.qltm", place="Huyện Thường Xuân", days=10, publish=True, **extra):
        scope = scope_of(username)
        values = dict(title=f"Phiên chợ hàng Việt {place}", kind="vn_goods_market",
                      place_code=place_named(place).code, starts_at=at(days), ends_at=at(days + 2, 21),
                      address="Sân vận động trung tâm", accepts_applications=True, booth_count=40, target_booths=40,
                      target_visitors=5000, target_revenue=800_000_000, budget=350_000_000,
                      invite_place_code="38")
        values.update(extra)
        event = services.event_create(scope=scope, data=EventData(**values))
        if publish:
            services.event_publish(scope=scope, event_id=event.pk)
            event.refresh_from_db()
        return event

    return make


@pytest.fixture
def business_scope(scope_of):
    return scope_of("doanhnghiep")


def results(**kw):
    values = dict(actual_booths=38, actual_businesses=30, actual_visitors=6200, actual_revenue=950_000_000,
                  evaluation="Phiên chợ thu hút đông đảo Nhân dân, hàng hóa bảo đảm nguồn gốc.")
    values.update(kw)
    return ResultsData(**values)
