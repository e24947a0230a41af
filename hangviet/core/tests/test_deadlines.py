"""The deadline clock: pause/resume, stop, recompute, and the early / on-time / overdue buckets."""

import datetime as dt

import pytest

from hangviet.core import workdays
from hangviet.core.deadlines import DeadlineClock, Outcome, bucket_counts, classify, due_soon_q, overdue_q
from hangviet.core.models import CalendarDay

D = dt.date


class Clocked(DeadlineClock):
    """An in-memory clocked record (no table needed for the clock arithmetic)."""

    class Meta:
        app_label = "core"
        managed = False


@pytest.fixture
def fresh_calendar(db):
    workdays.invalidate()
    yield
    workdays.invalidate()


def test_start_clock_counts_working_days(fresh_calendar):
    item = Clocked()
    item.start_clock(on=D(2026, 2, 12), working_days=5)  # Thursday before Tết 2026
    # 13/02 (Fri), then Tết 16-20/02 off: 23, 24, 25, 26/02
    assert item.due_date == D(2026, 2, 26)


def test_start_clock_with_fixed_due_date(fresh_calendar):
    item = Clocked()
    item.start_clock(on=D(2026, 3, 2), due_date=D(2026, 3, 25))
    assert item.due_date == D(2026, 3, 25)
    item.recompute()
    assert item.due_date == D(2026, 3, 25)


def test_pause_and_resume_move_the_due_date_by_the_paused_working_days(fresh_calendar):
    item = Clocked()
    item.start_clock(on=D(2026, 3, 2), working_days=10)
    assert item.due_date == D(2026, 3, 16)
    item.pause_clock(on=D(2026, 3, 4))
    assert classify(item.due_date, item.finished_on, paused=True, on=D(2026, 3, 20)) == Outcome.PAUSED
    item.pause_clock(on=D(2026, 3, 5))  # a second pause does not restart the pause
    assert item.paused_since == D(2026, 3, 4)
    item.resume_clock(on=D(2026, 3, 9))  # Wed 04 -> Mon 09: 3 working days (05, 06, 09)
    assert item.paused_working_days == 3
    assert item.paused_since is None
    assert item.due_date == D(2026, 3, 19)
    item.stop_clock(on=D(2026, 3, 18))
    assert item.outcome == Outcome.EARLY


def test_stop_while_paused_resumes_first(fresh_calendar):
    item = Clocked()
    item.start_clock(on=D(2026, 3, 2), working_days=2)
    item.pause_clock(on=D(2026, 3, 3))
    item.stop_clock(on=D(2026, 3, 5))
    assert item.paused_since is None and item.finished_on == D(2026, 3, 5)
    assert item.paused_working_days == 2
    assert item.due_date == D(2026, 3, 6)


def test_recompute_after_an_administrator_adds_a_holiday(fresh_calendar):
    item = Clocked()
    item.start_clock(on=D(2026, 3, 2), working_days=10)
    assert item.due_date == D(2026, 3, 16)
    CalendarDay.objects.create(date=D(2026, 3, 10), is_working_day=False, name="Nghỉ theo quyết định")
    item.recompute()
    assert item.due_date == D(2026, 3, 17)


def test_classify_buckets(fresh_calendar):
    due = D(2026, 3, 16)
    assert classify(due, D(2026, 3, 10)) == Outcome.EARLY
    assert classify(due, due) == Outcome.ON_TIME
    assert classify(due, D(2026, 3, 17)) == Outcome.OVERDUE
    assert classify(due, None, on=D(2026, 3, 17)) == Outcome.OVERDUE  # open and past due
    assert classify(due, None, on=D(2026, 3, 12)) == Outcome.DUE_SOON
    assert classify(due, None, on=D(2026, 3, 2)) == Outcome.OPEN
    assert classify(None, None) == Outcome.OPEN
    assert classify(None, D(2026, 3, 1)) == Outcome.ON_TIME


@pytest.fixture
def four_reports(scope_of):
    """Four clocked rows of a real model (plan progress reports) in the test database."""
    from hangviet.plans import services
    from hangviet.plans.models import ProgressReport
    from hangviet.plans.tests.helpers import th_proposal

    services.plan_create_from_proposal(scope=scope_of("daumoi.qltm"), proposal=th_proposal(), source_text="KẾ HOẠCH")
    ids = list(ProgressReport.objects.order_by("pk").values_list("pk", flat=True)[:5])
    assert len(ids) == 5
    return ProgressReport, ids


def test_bucket_counts_in_one_query(four_reports, django_assert_num_queries):
    model, ids = four_reports
    today = D(2026, 3, 20)
    due = D(2026, 3, 16)
    model.objects.filter(pk=ids[0]).update(due_date=due, finished_on=D(2026, 3, 10), paused_since=None)  # early
    model.objects.filter(pk=ids[1]).update(due_date=due, finished_on=due, paused_since=None)  # on time
    model.objects.filter(pk=ids[2]).update(due_date=due, finished_on=D(2026, 3, 18), paused_since=None)  # late
    model.objects.filter(pk=ids[3]).update(due_date=due, finished_on=None, paused_since=None)  # open, past due
    model.objects.filter(pk=ids[4]).update(due_date=D(2026, 3, 30), finished_on=None, paused_since=None)  # open
    qs = model.objects.filter(pk__in=ids)
    with django_assert_num_queries(1):
        counts = bucket_counts(qs, on=today)
    assert (counts.early, counts.on_time, counts.overdue, counts.open) == (1, 1, 2, 1)
    assert counts.on_time_rate == 50.0  # the open past-due item counts against the rate
    assert set(qs.filter(overdue_q(today)).values_list("pk", flat=True)) == {ids[3]}
    assert set(qs.filter(due_soon_q(D(2026, 3, 25))).values_list("pk", flat=True)) == {ids[4]}
    # a paused item past its date is not overdue
    model.objects.filter(pk=ids[3]).update(paused_since=D(2026, 3, 12))
    counts = bucket_counts(qs, on=today)
    assert (counts.overdue, counts.open) == (1, 2)


def test_on_time_rate_without_finished_items():
    from hangviet.core.deadlines import BucketCounts

    assert BucketCounts(open=3).on_time_rate is None
