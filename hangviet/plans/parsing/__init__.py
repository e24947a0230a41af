"""Plan-text parsing: turn a plan ("kế hoạch") into a structured, reviewable proposal.

Pure Python (no Django): the plans app calls `parse_plan_text` and shows the proposal for review.
"""

from .model import (
    Header,
    LegalBasis,
    Output,
    PlanParseError,
    PlanProposal,
    ReportingRule,
    Signer,
    Target,
    Task,
)
from .parser import parse_plan_text
from .readers import read_docx_text, read_text_bytes
from .units import expand_abbreviations, match_unit, split_units, unit_name_variants

__all__ = [
    "parse_plan_text", "read_docx_text", "read_text_bytes", "PlanParseError", "PlanProposal", "Header",
    "LegalBasis", "Target", "Task", "Output", "ReportingRule", "Signer", "expand_abbreviations",
    "unit_name_variants", "match_unit", "split_units",
]
