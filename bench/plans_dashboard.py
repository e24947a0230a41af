"""Benchmark: the plan dashboard for a plan with 60 tasks, 25 units and 8 reporting periods.

Prints server time (selector alone and the whole back-office page through Django's test client) and
the query count, for the 60-task plan and for a 15-task plan (the count must not grow with tasks).

    DEBUG=1 DATABASE_URL=sqlite:///var/bench-plans.sqlite3 .venv/bin/python bench/plans_dashboard.py
    DEBUG=1 DATABASE_URL=postgresql://postgres@127.0.0.1:5432/hv_bench_plans .venv/bin/python bench/plans_dashboard.py
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hangviet.settings")
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{Path(__file__).resolve().parent.parent / 'var' / 'bench-plans.sqlite3'}")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def setup_db():
    call_command("migrate", interactive=False, verbosity=0)
    try:
        call_command("createcachetable", verbosity=0)
    except Exception:  # noqa: BLE001 - a cache table may already exist / redis in use
        pass
    from hangviet.agencies.models import User

    if not User.objects.filter(username="daumoi.qltm").exists():
        from hangviet.demo import foundation

        foundation.load()


def make_plan(n_tasks: int, n_units: int, title: str):
    from hangviet.agencies.models import Agency, AgencyKind, User
    from hangviet.agencies.scope import scope_for
    from hangviet.plans import services
    from hangviet.plans.models import Plan, ProgressReport

    existing = Plan.objects.filter(title=title).first()
    if existing is not None:
        return existing
    sct = Agency.objects.get(name="Sở Công Thương tỉnh Thanh Hóa")
    qltm = Agency.objects.get(name="Phòng Quản lý thương mại")
    units = []
    for i in range(n_units):
        unit, _ = Agency.objects.get_or_create(name=f"Đơn vị thử tải {i:02d}", parent=sct, place=sct.place,
                                               defaults={"kind": AgencyKind.UNIT})
        units.append(unit)
    tasks = [{"key": "II", "number": "II", "title": "NỘI DUNG KẾ HOẠCH", "is_reportable": False}]
    for i in range(n_tasks - 1):
        tasks.append({"key": f"II.{i}", "parent": "II", "number": f"2.{i + 1}", "title": f"Nhiệm vụ thử tải số {i + 1}",
                      "lead_units": [{"name": units[i % n_units].name, "agency_id": units[i % n_units].pk}],
                      "coordinating_units": [{"name": units[(i + 1) % n_units].name,
                                              "agency_id": units[(i + 1) % n_units].pk}, {"name": "các doanh nghiệp"}],
                      "outputs": [{"description": "Phiên chợ hàng Việt", "quantity": 4, "unit": "phiên"}]})
    proposal = {"header": {"issuing_body": "Sở Công Thương", "issuing_agency_id": sct.pk, "focal_unit_id": qltm.pk,
                           "title": title, "start_year": 2024, "end_year": 2025, "level": "department",
                           "place_code": sct.place_id},
                "targets": [{"indicator": "Tỷ trọng hàng Việt", "comparison": "gt", "value": 90, "unit": "%"}],
                "tasks": tasks,
                "reporting_rules": [{"frequency": "quarterly", "due_day": 25, "cutoff_day": 14}]}
    admin = scope_for(User.objects.get(username="admin"))
    plan = services.plan_create_from_proposal(scope=admin, proposal=proposal)
    reports = list(ProgressReport.objects.filter(task__plan=plan).select_related("period", "task")
                   .order_by("period__due_date", "id"))
    for i, report in enumerate(reports):
        if report.period.code in ("2025-Q3", "2025-Q4") or i % 9 == 0:
            continue
        output = report.task.outputs.first()
        services.report_submit(scope=admin, report_id=report.pk, status=["on_track", "done", "at_risk"][i % 3],
                               narrative="Kết quả thực hiện trong kỳ.",
                               quantities=[services.QuantityIn(quantity=1, output_id=output.pk)])
        if i % 4:
            services.report_review(scope=admin, report_id=report.pk, accept=i % 7 != 0, comment="Bổ sung số liệu.")
    return plan


def measure(plan, label: str, repeat: int = 15):
    from hangviet.agencies.models import User
    from hangviet.agencies.scope import scope_for
    from hangviet.plans.selectors import plan_dashboard

    user = User.objects.get(username="daumoi.qltm")
    client = Client()
    client.force_login(user)
    url = f"/quan-tri/plans/plan/{plan.pk}/theo-doi/"
    client.get(url)
    selector_times, page_times = [], []
    for _ in range(repeat):
        if hasattr(user, "_hangviet_scope"):
            del user._hangviet_scope
        start = time.perf_counter()
        plan_dashboard(scope=scope_for(user), plan_id=plan.pk)
        selector_times.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        response = client.get(url)
        page_times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    with CaptureQueriesContext(connection) as ctx_selector:
        plan_dashboard(scope=scope_for(user), plan_id=plan.pk)
    n_tasks = plan.tasks.count()
    n_units = plan.tasks.values("assignments__agency").distinct().count()
    n_periods = plan.periods.count()
    n_reports = plan.tasks.values("reports").count()
    print(f"{label}: {n_tasks} tasks, {n_units} units named, {n_periods} periods, {n_reports} reports")
    print(f"  selector plan_dashboard: median {statistics.median(selector_times):.1f} ms, "
          f"max {max(selector_times):.1f} ms, {len(ctx_selector)} queries")
    print(f"  page /theo-doi/ (whole request): median {statistics.median(page_times):.1f} ms, "
          f"p95 {sorted(page_times)[int(len(page_times) * 0.95) - 1]:.1f} ms, {len(ctx)} queries")
    return len(ctx)


if __name__ == "__main__":
    setup_db()
    print(f"database: {connection.vendor}")
    big = make_plan(60, 25, "Kế hoạch thử tải 60 nhiệm vụ")
    small = make_plan(15, 25, "Kế hoạch thử tải 15 nhiệm vụ")
    q_big = measure(big, "60-task plan")
    q_small = measure(small, "15-task plan")
    print(f"query count grows with tasks: {'NO' if q_big == q_small else 'YES'} ({q_small} vs {q_big})")
