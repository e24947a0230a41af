"""Demo data of plans: both seed plans imported through the plan-text import exactly as an officer
would (parse -> proposal -> confirm), then a few periods of progress: reports submitted, accepted,
returned, one revised, some late and some missing, so the dashboards show something true to life.
Idempotent: a plan already imported (same title and place) is left as it is."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from hangviet.agencies.models import User
from hangviet.agencies.scope import scope_for

SEEDS = Path(__file__).resolve().parent.parent / "plans" / "fixtures"
TH_FILE = "ke-hoach-2024-so-cong-thuong-thanh-hoa.txt"
CX_FILE = "ke-hoach-2020-2025-ubnd-cam-xuyen.txt"

# Header data a real document carries above its title (the seed texts start at the title).
TH_HEADER = {"governing_body": "UBND tỉnh Thanh Hóa", "number": "1234", "symbol": "KH-SCT",
             "issued_place": "Thanh Hóa", "issued_on": "2024-03-05"}
CX_HEADER = {"number": "298", "symbol": "KH-UBND", "issued_place": "Cẩm Xuyên", "issued_on": "2020-09-21"}

NARRATIVES = {
    "done": "Đã hoàn thành nội dung nhiệm vụ trong kỳ theo kế hoạch; kết quả cụ thể như số liệu kèm theo.",
    "on_track": "Đang triển khai đúng tiến độ: đã ban hành văn bản hướng dẫn, phối hợp với các đơn vị liên quan "
                "tổ chức thực hiện; tiếp tục triển khai trong kỳ tới.",
    "at_risk": "Triển khai chậm so với kế hoạch do chưa bố trí được kinh phí; đề xuất điều chỉnh thời gian thực hiện.",
    "not_started": "Chưa triển khai trong kỳ; dự kiến thực hiện trong quý tiếp theo.",
}


def _read(name: str) -> str:
    return (SEEDS / name).read_text(encoding="utf-8")


def import_seed(*, username: str, filename: str, header: dict):
    """Import one seed plan through the plan-text import, as the officer named would."""
    from hangviet.plans import importing, services
    from hangviet.plans.models import Plan

    user = User.objects.get(username=username)
    scope = scope_for(user)
    text = _read(filename)
    result = importing.propose_from_text(scope=scope, text=text)
    proposal = result["proposal"]
    existing = Plan.objects.filter(title=proposal["header"]["title"], place_id=proposal["header"]["place_code"]).first()
    if existing is not None:
        return existing, False
    for key, value in header.items():
        if not proposal["header"].get(key):
            proposal["header"][key] = value
    return services.plan_create_from_proposal(scope=scope, proposal=proposal, source_text=result["text"]), True


def _submit(report, *, status: str, when: dt.date, quantities=None):
    """Submit as an officer of the unit would, on a given day (the demo replays history)."""
    from hangviet.plans import services
    from hangviet.plans.models import ProgressReport

    officer = User.objects.filter(agency_id=report.unit_id, is_active=True).first() or User.objects.get(username="admin")
    services.report_submit(scope=scope_for(officer), report_id=report.pk, status=status,
                           narrative=NARRATIVES[status], quantities=quantities or [])
    ProgressReport.objects.filter(pk=report.pk).update(finished_on=when)


def _progress(plan, focal_username: str, plan_periods: list[str], pattern):
    from hangviet.plans import services
    from hangviet.plans.models import ProgressReport, ReportState

    focal = scope_for(User.objects.get(username=focal_username))
    reports = list(ProgressReport.objects.filter(task__plan=plan, is_current=True, period__code__in=plan_periods,
                                                 state=ReportState.PENDING)
                   .select_related("period", "task").order_by("period__due_date", "task__order", "unit_id"))
    for i, report in enumerate(reports):
        decision = pattern(i, report)
        if decision is None:
            continue  # missing: shows as overdue
        status, late_days, review = decision
        outputs = list(report.task.outputs.all())
        quantities = []
        for output in outputs:
            if output.lead_agency_id in (None, report.unit_id) and output.quantity:
                share = Decimal(1) if report.period.code.endswith(("Q1", "Q2")) else Decimal(2)
                quantities.append(services.QuantityIn(quantity=min(share, output.quantity), output_id=output.pk))
        _submit(report, status=status, when=report.due_date + dt.timedelta(days=late_days), quantities=quantities)
        if review == "accept":
            services.report_review(scope=focal, report_id=report.pk, accept=True)
        elif review == "return":
            services.report_review(scope=focal, report_id=report.pk, accept=False,
                                   comment="Đề nghị bổ sung số liệu cụ thể và tài liệu minh chứng.")


def _th_pattern(i, report):
    code = report.period.code
    if code == "2024-H1":
        if i % 9 == 4:
            return None  # one unit never reported: overdue
        return ("on_track" if i % 3 else "done", 3 if i % 5 == 1 else -2, "return" if i % 7 == 2 else "accept")
    if code == "2024-H2":
        if i % 4 == 3:
            return None
        return ("done" if i % 3 == 0 else ("at_risk" if i % 5 == 1 else "on_track"), 0,
                None if i % 3 == 1 else "accept")
    return None


def _cx_pattern(i, report):
    year = report.period.starts_on.year
    if i % 11 == 5 or (year == 2025 and i % 5 == 2):
        return None  # never reported: overdue
    status = "done" if (year >= 2024 and i % 3 == 0) else ("at_risk" if i % 13 == 7 else "on_track")
    review = "accept" if (year < 2025 or i % 4) else None
    if i % 17 == 3:
        review = "return"
    return (status, 2 if i % 7 == 1 else (0 if i % 3 == 0 else -3), review)


@transaction.atomic
def load(stdout=None) -> dict:
    th, th_new = import_seed(username="daumoi.qltm", filename=TH_FILE, header=TH_HEADER)
    cx, cx_new = import_seed(username="daumoi.camxuyen", filename=CX_FILE, header=CX_HEADER)
    if th_new:
        _progress(th, "daumoi.qltm", ["2024-H1", "2024-H2"], _th_pattern)
        first = th.tasks.filter(reports__state="accepted").first()
        if first is not None:
            from hangviet.plans import services

            report = first.reports.filter(state="accepted", is_current=True).first()
            leader = scope_for(User.objects.get(username="daumoi.qltm"))
            services.report_revise(scope=leader, report_id=report.pk, reason="Điều chỉnh số liệu sau rà soát cuối năm.")
        th.targets.update(achieved_value=None)
    if cx_new:
        codes = [f"{y}-Q{q}" for y in range(2020, 2026) for q in range(1, 5)][:-1]  # the last quarter is still open
        _progress(cx, "daumoi.camxuyen", codes, _cx_pattern)
        for target, value in zip(cx.targets.order_by("order"), (Decimal("91.5"), Decimal("76.2")), strict=False):
            target.achieved_value = value
            target.save(update_fields=["achieved_value"])
    if stdout:
        stdout.write(f"  Kế hoạch: {th.title[:60]}… ({th.tasks.count()} nhiệm vụ); "
                     f"{cx.title[:60]}… ({cx.tasks.count()} nhiệm vụ)\n")
    return {"plans": 2}
