"""Writes of the plans app, split by area of work. Import from here: `plans.services.evidence_link`."""

from .evidence import evidence_link, evidence_withdraw, task_achieved
from .periods import generate_periods, period_bounds
from .plans import plan_create_from_proposal, plan_set_status, rule_update, task_link_delegation
from .reports import (
    QuantityIn,
    period_close,
    report_attach,
    report_for,
    report_review,
    report_revise,
    report_submit,
)

__all__ = [
    "evidence_link", "evidence_withdraw", "task_achieved", "generate_periods", "period_bounds",
    "plan_create_from_proposal", "plan_set_status", "rule_update", "task_link_delegation", "QuantityIn",
    "period_close", "report_attach", "report_for", "report_review", "report_revise", "report_submit",
]
