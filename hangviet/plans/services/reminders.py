"""Deadline reminders: by e-mail and in the back-office inbox, a configurable number of working days
before the due date (ReportingRule.reminder_working_days) and on the day after it is missed.
Idempotent: one ReminderSent row per report, kind and due date."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db import IntegrityError, transaction
from django.urls import reverse

from hangviet.core import workdays
from hangviet.core.deadlines import today
from hangviet.core.notify import notify_users

from ..models import ProgressReport, ReminderKind, ReminderSent, ReportState

MISSED_GRACE_DAYS = 7  # if the job was down, still tell about a miss of the last week, not older ones


def _recipients(unit_ids: set[int]) -> dict[int, list[int]]:
    from hangviet.agencies.models import Role, User

    out: dict[int, list[int]] = defaultdict(list)
    for uid, agency_id in User.objects.filter(agency_id__in=unit_ids, is_active=True,
                                              role__in=[Role.OFFICER, Role.FOCAL, Role.LEADER]).values_list("id", "agency_id"):
        out[agency_id].append(uid)
    return out


def due_reminders(*, on: dt.date | None = None) -> list[tuple[ProgressReport, str]]:
    on = on or today()
    candidates = (ProgressReport.objects.filter(
        is_current=True, state__in=(ReportState.PENDING, ReportState.RETURNED), finished_on__isnull=True,
        task__plan__status="active", period__is_closed=False,
        due_date__gte=on - dt.timedelta(days=MISSED_GRACE_DAYS), due_date__lte=on + dt.timedelta(days=45))
        .select_related("task__plan", "period__rule", "unit"))
    sent = set(ReminderSent.objects.filter(report__in=candidates).values_list("report_id", "kind", "due_date"))
    out = []
    for report in candidates:
        days = report.period.rule.reminder_working_days if report.period.rule_id else 3
        if report.due_date < on:
            if (report.pk, ReminderKind.MISSED, report.due_date) not in sent:
                out.append((report, ReminderKind.MISSED))
        elif days and workdays.add_working_days(report.due_date, -days) <= on:
            if (report.pk, ReminderKind.BEFORE, report.due_date) not in sent:
                out.append((report, ReminderKind.BEFORE))
    return out


def send_reminders(*, on: dt.date | None = None) -> int:
    """Send what is due today; returns the number of reports reminded about."""
    on = on or today()
    items = due_reminders(on=on)
    if not items:
        return 0
    focal_ids = {r.task.plan.focal_unit_id for r, kind in items if kind == ReminderKind.MISSED and r.task.plan.focal_unit_id}
    people = _recipients({r.unit_id for r, _ in items} | focal_ids)
    per_user: dict[int, list[str]] = defaultdict(list)
    done = 0
    with transaction.atomic():
        for report, kind in items:
            try:
                with transaction.atomic():
                    ReminderSent.objects.create(report=report, kind=kind, due_date=report.due_date)
            except IntegrityError:
                continue
            done += 1
            line = (f"- Nhiệm vụ {report.task.number} {report.task.title[:120]} ({report.unit}), "
                    f"{report.period.label}: hạn {report.due_date:%d/%m/%Y}"
                    + (" — ĐÃ QUÁ HẠN" if kind == ReminderKind.MISSED else ""))
            for uid in people.get(report.unit_id, []):
                per_user[uid].append(line)
            if kind == ReminderKind.MISSED:
                for uid in people.get(report.task.plan.focal_unit_id, []):
                    per_user[uid].append(line)
        for uid, lines in per_user.items():
            overdue = any("QUÁ HẠN" in x for x in lines)
            notify_users(user_ids=[uid],
                         subject="Báo cáo kế hoạch quá hạn" if overdue else "Nhắc hạn nộp báo cáo kế hoạch",
                         body="Các báo cáo tiến độ cần nộp:\n" + "\n".join(dict.fromkeys(lines)),
                         link=reverse("admin:plans_my_work"))
    return done
