"""The parsed structure of a plan ("kế hoạch"): plain dataclasses, JSON-serialisable via to_dict().

Nothing here is saved: a `PlanProposal` is what an officer reviews and corrects before the plan is
created. Dates are ISO strings ("2024-03-05"); missing values are "" / None / [].
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


class PlanParseError(Exception):
    """The text has no recognisable plan structure. `message_vi` is shown to the officer."""

    def __init__(self, message_vi: str):
        super().__init__(message_vi)
        self.message_vi = message_vi


@dataclass
class Header:
    governing_body: str = ""  # "UBND TỈNH THANH HÓA"
    issuer: str = ""  # "SỞ CÔNG THƯƠNG"
    number_symbol: str = ""  # "123/KH-SCT"
    place: str = ""  # "Thanh Hóa" (from "Thanh Hóa, ngày 05 tháng 3 năm 2024" or inferred)
    date: str | None = None  # ISO
    doc_type: str = ""  # "KẾ HOẠCH"
    title: str = ""
    period_start_year: int | None = None
    period_end_year: int | None = None
    level: str | None = None  # "province" | "district" | "commune" | "department"
    province: str = ""  # "Thanh Hóa": the province the plan is about
    inferred: list[str] = field(default_factory=list)  # fields guessed from the body text


@dataclass
class LegalBasis:
    doc_type: str  # "Quyết định", "Thông báo Kết luận", ...
    doc_type_code: str  # "decision", "conclusion", ...
    number_symbol: str = ""  # "386/QĐ-TTg"
    date: str | None = None
    issuer: str = ""  # "Thủ tướng Chính phủ"
    summary: str = ""  # "về việc ..." / "phê duyệt Đề án ..."
    title: str = ""  # a name between type and date when there is no number ("Hội nghị UBND", a law)
    text: str = ""  # the citation as written


@dataclass
class Target:
    indicator: str
    comparison: str  # "gt" | "gte" | "lt" | "lte" | "eq"
    value: float | int
    unit: str = "%"
    deadline_year: int | None = None
    applies_to: str = ""
    text: str = ""


@dataclass
class Output:
    quantity: int
    unit: str  # "phiên chợ", "lớp", ...
    description: str = ""


@dataclass
class Task:
    number: str  # "II", "2", "2.4", "a", "+" (a bullet)
    title: str
    key: str = ""  # unique path within the plan: "II.2.2.4.+1"
    kind: str = ""  # "roman" | "arabic" | "dotted" | "letter" | "bullet" | "row"
    content: str = ""
    lead_units: list[str] = field(default_factory=list)
    coordinating_units: list[str] = field(default_factory=list)
    method: str = ""
    time_frame: str = ""
    outputs: list[Output] = field(default_factory=list)
    budget: str = ""
    children: list[Task] = field(default_factory=list)

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class ReportingRule:
    frequency: str  # "monthly" | "quarterly" | "half_yearly" | "yearly"
    due_day: int | None = None
    due_month: int | None = None  # absolute month ("trước ngày 15/6")
    due_month_offset: str | None = None  # "last_month_of_period" | "first_month_of_next_period"
    recipients: list[str] = field(default_factory=list)
    reporters: list[str] = field(default_factory=list)
    text: str = ""


@dataclass
class Signer:
    authority_lines: list[str] = field(default_factory=list)  # ["TM. UỶ BAN NHÂN DÂN", "KT. CHỦ TỊCH", ...]
    position: str = ""  # the last authority line: "PHÓ CHỦ TỊCH"
    name: str = ""


@dataclass
class PlanProposal:
    header: Header = field(default_factory=Header)
    legal_bases: list[LegalBasis] = field(default_factory=list)
    purposes: list[str] = field(default_factory=list)
    requirements: list[str] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    reporting_rules: list[ReportingRule] = field(default_factory=list)
    focal_unit: str = ""
    budget_source: str = ""
    implementation: str = ""
    recipients: list[str] = field(default_factory=list)
    signer: Signer = field(default_factory=Signer)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def iter_tasks(self):
        """Every task, depth first, in document order."""
        for task in self.tasks:
            yield from task.walk()

    def find_task(self, number: str) -> Task | None:
        """The first task numbered `number` (e.g. "2.5")."""
        return next((t for t in self.iter_tasks() if t.number == number), None)
