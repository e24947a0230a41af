"""Reads of the plans app, every one filtered by the actor's scope."""

from .dashboard import plan_dashboard, scope_summary, task_dashboard, unit_dashboard, unit_overview
from .plans import (
    delegation_candidates,
    period_get,
    plan_detail,
    plan_get,
    plan_list,
    report_get,
    report_list,
    report_revisions,
    task_get,
    tasks_prefetched,
)
from .work import my_work, unit_work_counts

__all__ = ["plan_dashboard", "scope_summary", "task_dashboard", "unit_dashboard", "unit_overview", "period_get", "plan_detail",
           "delegation_candidates", "plan_get", "plan_list", "report_get", "report_list", "report_revisions", "task_get", "tasks_prefetched",
           "my_work", "unit_work_counts"]
