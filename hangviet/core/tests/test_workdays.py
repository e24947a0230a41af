"""The working-day calendar: Vietnamese holidays, official day swaps and administrator corrections."""

import datetime as dt

import pytest

from hangviet.core import workdays
from hangviet.core.models import CalendarDay

D = dt.date


@pytest.fixture
def fresh_calendar(db):
    """CalendarDay rows roll back with the test transaction; drop the per-process cache on both sides."""
    workdays.invalidate()
    yield
    workdays.invalidate()


def test_tet_2026_is_off(fresh_calendar):
    for day in range(16, 21):
        assert not workdays.is_working_day(D(2026, 2, day)), day
    assert workdays.is_working_day(D(2026, 2, 13))  # Friday before Tết
    assert workdays.is_working_day(D(2026, 2, 23))  # Monday after
    # 5 working days from Friday 13/02/2026 skip the whole Tết week
    assert workdays.add_working_days(D(2026, 2, 13), 1) == D(2026, 2, 23)
    assert workdays.add_working_days(D(2026, 2, 13), 5) == D(2026, 2, 27)


def test_hung_kings_day(fresh_calendar):
    assert not workdays.is_working_day(D(2025, 4, 7))  # 10/3 lunar, Monday 07/04/2025
    assert workdays.holiday_name(D(2025, 4, 7))
    # 2026: falls on Sunday 26/04, observed Monday 27/04
    assert not workdays.is_working_day(D(2026, 4, 27))


def test_fixed_holidays(fresh_calendar):
    for day in (D(2026, 1, 1), D(2026, 4, 30), D(2026, 5, 1), D(2026, 9, 2)):
        assert not workdays.is_working_day(day), day


def test_swapped_saturday_26_04_2025_is_a_working_day(fresh_calendar):
    assert D(2025, 4, 26).weekday() == 5
    assert workdays.is_working_day(D(2025, 4, 26))
    assert not workdays.is_working_day(D(2025, 5, 2))  # the bridge day it paid for
    assert not workdays.is_working_day(D(2025, 4, 27))  # an ordinary Sunday


def test_weekends_are_off(fresh_calendar):
    assert not workdays.is_working_day(D(2026, 3, 7))
    assert not workdays.is_working_day(D(2026, 3, 8))
    assert workdays.add_working_days(D(2026, 3, 6), 1) == D(2026, 3, 9)


def test_add_and_count_working_days(fresh_calendar):
    start = D(2026, 3, 2)  # Monday
    assert workdays.add_working_days(start, 0) == start
    assert workdays.add_working_days(D(2026, 3, 7), 0) == D(2026, 3, 9)  # Saturday -> Monday
    assert workdays.add_working_days(start, 10) == D(2026, 3, 16)
    assert workdays.add_working_days(D(2026, 3, 16), -10) == start
    assert workdays.working_days_between(start, D(2026, 3, 16)) == 10
    assert workdays.working_days_between(D(2026, 3, 16), start) == -10
    assert workdays.working_days_between(start, start) == 0


def test_non_working_days_are_named(fresh_calendar):
    named = dict(workdays.non_working_days(D(2026, 2, 14), D(2026, 2, 22)))
    assert len(named) == 9
    assert named[D(2026, 2, 14)] == "Thứ Bảy"
    assert named[D(2026, 2, 22)] == "Chủ nhật"
    assert named[D(2026, 2, 17)] != "Thứ Bảy"  # Tết has its own (Vietnamese) name


def test_holiday_names_are_vietnamese(fresh_calendar):
    name = workdays.holiday_name(D(2026, 2, 17))
    assert name and any(ch in name for ch in "ếàáảạăâđêôơư"), name


def test_administrator_calendar_day_changes_the_result(fresh_calendar):
    monday = D(2026, 3, 9)
    assert workdays.is_working_day(monday)
    assert workdays.add_working_days(D(2026, 3, 6), 1) == monday
    CalendarDay.objects.create(date=monday, is_working_day=False, name="Nghỉ bù theo quyết định của UBND tỉnh")
    assert not workdays.is_working_day(monday)
    assert workdays.holiday_name(monday) == "Nghỉ bù theo quyết định của UBND tỉnh"
    assert workdays.add_working_days(D(2026, 3, 6), 1) == D(2026, 3, 10)
    # and a Saturday made a working day
    saturday = D(2026, 3, 14)
    CalendarDay.objects.create(date=saturday, is_working_day=True, name="Làm bù")
    assert workdays.is_working_day(saturday)
    # an administrator may also correct a package holiday back to a working day
    CalendarDay.objects.create(date=D(2026, 11, 24), is_working_day=True, name="Không nghỉ")
    assert workdays.is_working_day(D(2026, 11, 24))
    CalendarDay.objects.filter(date=monday).first().delete()
    assert workdays.is_working_day(monday)


def test_calendar_change_seen_after_another_process_saved(fresh_calendar):
    """Another web process saves a CalendarDay: it bumps the version in the shared cache, and this
    process reloads its copy instead of answering from its stale per-process cache."""
    from django.core.cache import cache

    day = D(2026, 3, 11)
    assert workdays.is_working_day(day)  # fills this process's cache
    CalendarDay.objects.bulk_create([CalendarDay(date=day, is_working_day=False, name="Nghỉ đột xuất")])  # no save()
    version = cache.get(workdays._CACHE_VERSION_KEY, 0)
    cache.set(workdays._CACHE_VERSION_KEY, version + 1, None)  # what the other process's save() does
    workdays._overrides_cache["checked"] = 0  # the recheck interval (a few seconds) has passed
    assert not workdays.is_working_day(day)
