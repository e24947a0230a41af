"""The one deadline clock shared by plan reports, complaints and filings.

A clocked record stores when its clock started, how many working days it allows, pauses (waiting
for the business, for more documents) and when it was finished. From these the due date is derived;
an administrator's calendar change or a rule change is applied by `recompute`. Outcomes fall into
the three buckets OpenCPS reports: early, on time, overdue (an open item past its due date is
overdue)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import workdays


def today() -> dt.date:
    return timezone.localdate()


class Outcome(models.TextChoices):
    OPEN = "open", _("Đang xử lý, còn hạn")
    DUE_SOON = "due_soon", _("Sắp đến hạn")
    EARLY = "early", _("Hoàn thành trước hạn")
    ON_TIME = "on_time", _("Hoàn thành đúng hạn")
    OVERDUE = "overdue", _("Quá hạn")
    PAUSED = "paused", _("Tạm dừng tính hạn")


class DeadlineClock(models.Model):
    """Abstract mixin: fields and behaviour of a record that runs on a working-day clock."""

    clock_started_on = models.DateField(_("Bắt đầu tính hạn"), null=True, blank=True)
    clock_working_days = models.PositiveIntegerField(_("Số ngày làm việc được phép"), null=True, blank=True)
    due_date = models.DateField(_("Hạn xử lý"), null=True, blank=True, db_index=True)
    paused_since = models.DateField(_("Tạm dừng từ"), null=True, blank=True)
    paused_working_days = models.PositiveIntegerField(_("Số ngày làm việc đã tạm dừng"), default=0)
    finished_on = models.DateField(_("Hoàn thành ngày"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("Đã báo lãnh đạo lúc"), null=True, blank=True)

    class Meta:
        abstract = True

    # --- clock operations (called from services, inside their transaction) -------------------
    def start_clock(self, *, on: dt.date, working_days: int | None = None, due_date: dt.date | None = None):
        """Start counting: either n working days from `on`, or a fixed due date set by a rule."""
        self.clock_started_on = on
        self.clock_working_days = working_days
        self.paused_since = None
        self.paused_working_days = 0
        self.finished_on = None
        self.escalated_at = None
        self.due_date = due_date if due_date is not None else self.compute_due_date()

    def compute_due_date(self) -> dt.date | None:
        if self.clock_started_on is None or self.clock_working_days is None:
            return self.due_date
        return workdays.add_working_days(self.clock_started_on, self.clock_working_days + self.paused_working_days)

    def pause_clock(self, *, on: dt.date):
        if self.paused_since is None and self.finished_on is None:
            self.paused_since = on

    def resume_clock(self, *, on: dt.date):
        if self.paused_since is not None:
            self.paused_working_days += max(0, workdays.working_days_between(self.paused_since, on))
            self.paused_since = None
            self.due_date = self.compute_due_date()

    def stop_clock(self, *, on: dt.date):
        if self.paused_since is not None:
            self.resume_clock(on=on)
        self.finished_on = on

    def recompute(self):
        """Apply a calendar or rule change to an item whose due date comes from working days."""
        if self.clock_working_days is not None:
            self.due_date = self.compute_due_date()

    @property
    def outcome(self) -> str:
        return classify(self.due_date, self.finished_on, paused=self.paused_since is not None)

    @property
    def working_days_left(self) -> int | None:
        if self.due_date is None or self.finished_on is not None:
            return None
        return workdays.working_days_between(today(), self.due_date)


def classify(due: dt.date | None, finished: dt.date | None, *, paused: bool = False,
             on: dt.date | None = None, soon_working_days: int = 3) -> str:
    on = on or today()
    if finished is not None:
        if due is None or finished <= due:
            return Outcome.EARLY if due is not None and finished < due else Outcome.ON_TIME
        return Outcome.OVERDUE
    if paused:
        return Outcome.PAUSED
    if due is None:
        return Outcome.OPEN
    if on > due:
        return Outcome.OVERDUE
    if workdays.working_days_between(on, due) <= soon_working_days:
        return Outcome.DUE_SOON
    return Outcome.OPEN


@dataclass
class BucketCounts:
    early: int = 0
    on_time: int = 0
    overdue: int = 0
    open: int = 0

    @property
    def on_time_rate(self) -> float | None:
        done = self.early + self.on_time + self.overdue
        return None if done == 0 else round(100 * (self.early + self.on_time) / done, 1)


def bucket_counts(queryset, *, on: dt.date | None = None) -> BucketCounts:
    """Early / on-time / overdue / open counts in one query; open items past due count as overdue."""
    on = on or today()
    row = queryset.aggregate(
        early=Count("pk", filter=Q(finished_on__isnull=False, due_date__isnull=False, finished_on__lt=models.F("due_date"))),
        on_time=Count("pk", filter=Q(finished_on__isnull=False) & (Q(due_date__isnull=True) | Q(finished_on=models.F("due_date")))),
        overdue=Count(
            "pk",
            filter=Q(finished_on__isnull=False, finished_on__gt=models.F("due_date"))
            | Q(finished_on__isnull=True, paused_since__isnull=True, due_date__lt=on),
        ),
        open=Count("pk", filter=Q(finished_on__isnull=True) & (Q(due_date__isnull=True) | Q(due_date__gte=on) | Q(paused_since__isnull=False))),
    )
    return BucketCounts(**row)


def overdue_q(on: dt.date | None = None) -> Q:
    on = on or today()
    return Q(finished_on__isnull=True, paused_since__isnull=True, due_date__lt=on)


def due_soon_q(on: dt.date | None = None, working_days: int = 3) -> Q:
    on = on or today()
    return Q(finished_on__isnull=True, paused_since__isnull=True, due_date__gte=on,
             due_date__lte=workdays.add_working_days(on, working_days))


__all__ = ["DeadlineClock", "Outcome", "classify", "bucket_counts", "overdue_q", "due_soon_q"]
