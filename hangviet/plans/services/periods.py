"""Reporting periods and the units' report obligations, derived from a plan's reporting rules.

DOMAIN 11b: data run from the day after the cut-off day of the month before the period to the cut-off
day of its last month (Decree 09/2019: the 15th to the 14th); the due day is "before day N" of the
period's last month (plus an offset in months). Both numbers live on the ReportingRule row."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from hangviet.core import workdays
from hangviet.core.errors import DomainError

from ..models import (
    AssignmentRole,
    Frequency,
    PeriodKind,
    Plan,
    ProgressReport,
    ReportingPeriod,
    ReportingRule,
    ReportState,
    Task,
)

_KIND_OF = {Frequency.MONTHLY: PeriodKind.MONTH, Frequency.QUARTERLY: PeriodKind.QUARTER,
            Frequency.HALF_YEARLY: PeriodKind.HALF, Frequency.YEARLY: PeriodKind.YEAR}
_FINENESS = [PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.HALF, PeriodKind.YEAR]
_CODE = re.compile(r"^(\d{4})(?:-(Q[1-4]|H[12]|0[1-9]|1[0-2]))?$")


def _month_shift(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _day(year: int, month: int, day: int) -> dt.date:
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def period_bounds(code: str) -> tuple[str, dt.date, dt.date, str]:
    """(kind, first day, last day, label) of a period code: 2024, 2024-H1, 2024-Q3, 2024-03."""
    match = _CODE.match((code or "").strip().upper())
    if not match:
        raise DomainError("period_invalid", "Kỳ báo cáo không hợp lệ: dùng dạng 2024, 2024-H1, 2024-Q1 đến 2024-Q4 "
                          "hoặc 2024-03.", field="period", status=422)
    year = int(match.group(1))
    if not 2000 <= year <= 2100:
        raise DomainError("period_invalid", "Năm của kỳ báo cáo phải từ 2000 đến 2100.", field="period", status=422)
    part = match.group(2)
    if part is None:
        return PeriodKind.YEAR, dt.date(year, 1, 1), dt.date(year, 12, 31), f"Năm {year}"
    if part.startswith("Q"):
        q = int(part[1])
        first_month = 3 * q - 2
        return (PeriodKind.QUARTER, dt.date(year, first_month, 1), _day(year, first_month + 2, 31),
                f"Quý {['I', 'II', 'III', 'IV'][q - 1]} năm {year}")
    if part.startswith("H"):
        h = int(part[1])
        return (PeriodKind.HALF, dt.date(year, 1 if h == 1 else 7, 1), _day(year, 6 if h == 1 else 12, 31),
                f"6 tháng {'đầu' if h == 1 else 'cuối'} năm {year}")
    month = int(part)
    return PeriodKind.MONTH, dt.date(year, month, 1), _day(year, month, 31), f"Tháng {month:02d}/{year}"


def _codes(frequency: str, year: int) -> list[str]:
    if frequency == Frequency.MONTHLY:
        return [f"{year}-{m:02d}" for m in range(1, 13)]
    if frequency == Frequency.QUARTERLY:
        return [f"{year}-Q{q}" for q in range(1, 5)]
    if frequency == Frequency.HALF_YEARLY:
        return [f"{year}-H1", f"{year}-H2"]
    return [str(year)]


def due_date_for(rule: ReportingRule, ends_on: dt.date) -> dt.date:
    """"Before day N" of the period's last month (+ offset): the day before, moved back to a working day."""
    year, month = _month_shift(ends_on.year, ends_on.month, rule.due_month_offset)
    due = _day(year, month, max(1, rule.due_day)) - dt.timedelta(days=1)
    while not workdays.is_working_day(due):
        due -= dt.timedelta(days=1)
    return due


def period_values(rule: ReportingRule, code: str) -> dict:
    kind, starts_on, ends_on, label = period_bounds(code)
    cut = max(1, min(rule.cutoff_day, 28))
    y, m = _month_shift(starts_on.year, starts_on.month, -1)
    data_from = _day(y, m, cut) + dt.timedelta(days=1)
    data_to = _day(ends_on.year, ends_on.month, cut)
    return dict(kind=kind, label=label, starts_on=starts_on, ends_on=ends_on, data_from=data_from, data_to=data_to,
                due_date=due_date_for(rule, ends_on))


def generate_periods(*, plan: Plan) -> list[ReportingPeriod]:
    """Create the periods of every rule of the plan (idempotent) and the unit obligations for them.
    A period code shared by two rules (the Q4 and the year) is created once, with the earlier due date."""
    wanted: dict[str, tuple[ReportingRule, dict]] = {}
    for rule in plan.reporting_rules.all():
        for year in range(plan.start_year, plan.end_year + 1):
            for code in _codes(rule.frequency, year):
                values = period_values(rule, code)
                if plan.issued_on and values["ends_on"] < plan.issued_on:
                    continue  # a period over before the plan was issued has nothing to report
                values["unit_reports"] = rule.unit_reports
                if code not in wanted or values["due_date"] < wanted[code][1]["due_date"]:
                    wanted[code] = (rule, values)
    existing = {p.code: p for p in plan.periods.all()}
    created = []
    for code, (rule, values) in wanted.items():
        if code in existing:
            continue
        created.append(ReportingPeriod(plan=plan, rule=rule, code=code, **values))
    ReportingPeriod.objects.bulk_create(created)
    periods = list(plan.periods.all())
    # If no rule asks units for per-task reports, units report on every period so the focal unit
    # can compose its own report from theirs.
    if not any(p.unit_reports for p in periods) and periods:
        finest = min((p.kind for p in periods), key=_FINENESS.index)
        ReportingPeriod.objects.filter(plan=plan, kind=finest).update(unit_reports=True)
        periods = list(plan.periods.all())
    create_obligations(plan=plan, periods=[p for p in periods if p.unit_reports])
    return periods


def reporting_pairs(plan: Plan) -> list[tuple[int, int]]:
    """(task id, unit id) of every reportable task and each of its lead units known as an agency."""
    pairs = []
    tasks = Task.objects.filter(plan=plan, is_reportable=True, is_cancelled=False).prefetch_related("assignments")
    for task in tasks:
        for a in task.assignments.all():
            if a.role == AssignmentRole.LEAD and a.agency_id and (task.id, a.agency_id) not in pairs:
                pairs.append((task.id, a.agency_id))
    return pairs


def create_obligations(*, plan: Plan, periods: list[ReportingPeriod]) -> int:
    """A pending report (the obligation) per reportable task, lead unit and period, each on the clock."""
    pairs = reporting_pairs(plan)
    have = set(ProgressReport.objects.filter(period__plan=plan, is_current=True)
               .values_list("task_id", "unit_id", "period_id"))
    rows = []
    for period in periods:
        for task_id, unit_id in pairs:
            if (task_id, unit_id, period.id) in have:
                continue
            report = ProgressReport(task_id=task_id, unit_id=unit_id, period=period, state=ReportState.PENDING)
            report.start_clock(on=period.starts_on, due_date=period.due_date)
            rows.append(report)
    ProgressReport.objects.bulk_create(rows, batch_size=500)
    return len(rows)


def recompute_due_dates(*, plan: Plan) -> int:
    """Apply a change of a reporting rule (or of the calendar) to its open periods and obligations."""
    changed = 0
    for period in plan.periods.select_related("rule").filter(is_closed=False):
        if period.rule is None:
            continue
        due = due_date_for(period.rule, period.ends_on)
        if due != period.due_date:
            period.due_date = due
            period.save(update_fields=["due_date"])
            changed += ProgressReport.objects.filter(period=period, finished_on__isnull=True,
                                                     state=ReportState.PENDING).update(due_date=due)
    return changed
