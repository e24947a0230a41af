"""Writes of plans: saving a reviewed import proposal (the officer's confirmed structure), linking a
task to the higher plan's task it carries out, closing a plan, editing reporting rules."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import transaction

from hangviet.agencies.models import Agency, AgencyKind
from hangviet.agencies.scope import Scope
from hangviet.core import history
from hangviet.core.errors import DomainError, NotFound, PermissionDenied, ValidationFailed
from hangviet.core.text import contains_markup, fold, normalize_text
from hangviet.places.models import Place

from .. import policy
from ..models import (
    AssignmentRole,
    Comparison,
    Frequency,
    LegalDocument,
    LegalDocumentType,
    Plan,
    PlanLegalBasis,
    PlanLevel,
    PlanStatus,
    ReportingDefault,
    ReportingRule,
    Target,
    Task,
    TaskAssignment,
    TaskOutput,
)
from .periods import generate_periods, recompute_due_dates

MAX_TASKS = 500


def _text(value, limit: int, *, field: str, errors: dict, multiline: bool = False, label: str = "") -> str:
    text = normalize_text(value if isinstance(value, str) else ("" if value is None else str(value)),
                          multiline=multiline)
    if contains_markup(text):
        errors.setdefault(field, []).append(f"{label or 'Nội dung'} không được chứa mã HTML hoặc script.")
        return ""
    if len(text) > limit:
        errors.setdefault(field, []).append(f"{label or 'Nội dung'} tối đa {limit} ký tự.")
        return text[:limit]
    return text


def _date(value, *, field: str, errors: dict, label: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    errors.setdefault(field, []).append(f"{label}: ngày không hợp lệ (dùng dd/mm/yyyy).")
    return None


def _decimal(value, *, field: str, errors: dict, label: str, allow_none: bool = True) -> Decimal | None:
    if value in (None, ""):
        if not allow_none:
            errors.setdefault(field, []).append(f"{label} là bắt buộc.")
        return None
    try:
        number = Decimal(str(value).replace(",", "."))
    except InvalidOperation:
        errors.setdefault(field, []).append(f"{label} phải là một số.")
        return None
    if not number.is_finite() or number < 0 or number > Decimal("999999999999"):
        errors.setdefault(field, []).append(f"{label} phải là số không âm.")
        return None
    return number


def _int(value, *, field: str, errors: dict, label: str, low: int, high: int) -> int | None:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        errors.setdefault(field, []).append(f"{label} phải là số nguyên.")
        return None
    if not low <= number <= high:
        errors.setdefault(field, []).append(f"{label} phải từ {low} đến {high}.")
        return None
    return number


def _resolve_units(units, *, field: str, errors: dict, known: dict[int, Agency], new_units: dict[str, Agency | None]):
    """[(name, agency or None)]: a unit is a known agency id, a name confirmed as a new unit, or kept
    as collective text (agency None)."""
    out = []
    for i, unit in enumerate(units or []):
        if isinstance(unit, str):
            unit = {"name": unit}
        name = _text(unit.get("name"), 255, field=f"{field}[{i}]", errors=errors, label="Tên đơn vị")
        agency_id = unit.get("agency_id")
        agency = None
        if agency_id not in (None, ""):
            try:
                agency = known.get(int(agency_id))
            except (TypeError, ValueError):
                agency = None
            if agency is None:
                errors.setdefault(f"{field}[{i}]", []).append(f"Không tìm thấy đơn vị có mã {agency_id}.")
                continue
        elif unit.get("create") and name:
            new_units.setdefault(fold(name), None)
            agency = fold(name)  # resolved after the new units are created
        if not name and agency is None:
            continue
        out.append((name or str(agency), agency))
    return out


def clean_proposal(proposal: dict, *, scope: Scope) -> dict:
    """Validate a reviewed proposal; every error at once, per field (Vietnamese)."""
    errors: dict[str, list[str]] = {}
    if not isinstance(proposal, dict):
        raise DomainError("proposal_invalid", "Dữ liệu kế hoạch không hợp lệ.", status=422)
    header = proposal.get("header") or {}
    out: dict = {"header": {}}
    h = out["header"]
    h["title"] = _text(header.get("title"), 500, field="title", errors=errors, label="Tên kế hoạch")
    if not h["title"]:
        errors.setdefault("title", []).append("Tên kế hoạch là bắt buộc.")
    h["summary"] = _text(header.get("summary"), 2000, field="summary", errors=errors, label="Trích yếu", multiline=True)
    h["governing_body"] = _text(header.get("governing_body"), 255, field="governing_body", errors=errors,
                                label="Cơ quan chủ quản")
    h["issuing_body"] = _text(header.get("issuing_body"), 255, field="issuing_body", errors=errors,
                              label="Cơ quan ban hành")
    if not h["issuing_body"]:
        errors.setdefault("issuing_body", []).append("Cơ quan ban hành là bắt buộc.")
    h["number"] = _text(header.get("number"), 20, field="number", errors=errors, label="Số văn bản")
    h["symbol"] = _text(header.get("symbol"), 60, field="symbol", errors=errors, label="Ký hiệu")
    h["issued_place"] = _text(header.get("issued_place"), 100, field="issued_place", errors=errors, label="Địa danh")
    h["issued_on"] = _date(header.get("issued_on"), field="issued_on", errors=errors, label="Ngày ban hành")
    start = _int(header.get("start_year"), field="start_year", errors=errors, label="Năm bắt đầu", low=2000, high=2100)
    end = _int(header.get("end_year") or header.get("start_year"), field="end_year", errors=errors,
               label="Năm kết thúc", low=2000, high=2100)
    if start and end and end < start:
        errors.setdefault("end_year", []).append("Năm kết thúc không được trước năm bắt đầu.")
    if start and end and end - start > 10:
        errors.setdefault("end_year", []).append("Thời kỳ kế hoạch tối đa 10 năm.")
    h["start_year"], h["end_year"] = start, end
    level = header.get("level") or PlanLevel.PROVINCE
    if level not in PlanLevel.values:
        errors.setdefault("level", []).append("Cấp kế hoạch không hợp lệ: tỉnh, huyện, xã hoặc sở, ngành.")
    h["level"] = level
    place = Place.objects.filter(pk=str(header.get("place_code") or "")[:20]).first()
    if place is None:
        errors.setdefault("place_code", []).append("Chọn địa bàn (tỉnh, huyện hoặc xã) của kế hoạch.")
    elif not policy.can_create_plan(scope, place):
        errors.setdefault("place_code", []).append("Địa bàn của kế hoạch nằm ngoài phạm vi bạn phụ trách.")
    h["place"] = place
    known_ids = set()
    for key in ("issuing_agency_id", "focal_unit_id"):
        if header.get(key) not in (None, ""):
            known_ids.add(header.get(key))
    for task in proposal.get("tasks") or []:
        for unit in [*(task.get("lead_units") or []), *(task.get("coordinating_units") or [])]:
            if isinstance(unit, dict) and unit.get("agency_id") not in (None, ""):
                known_ids.add(unit["agency_id"])
    try:
        known = {a.pk: a for a in Agency.objects.filter(pk__in=[int(i) for i in known_ids])}
    except (TypeError, ValueError):
        raise DomainError("agency_invalid", "Mã đơn vị phải là số.", status=422) from None
    for key, label in (("issuing_agency_id", "Cơ quan ban hành"), ("focal_unit_id", "Đơn vị đầu mối")):
        value = header.get(key)
        h[key] = None
        if value not in (None, ""):
            h[key] = known.get(int(value))
            if h[key] is None:
                errors.setdefault(key, []).append(f"{label}: không tìm thấy đơn vị.")
    for key, limit, label in (("purposes", 20000, "Mục đích"), ("requirements", 20000, "Yêu cầu"),
                              ("budget_source", 5000, "Kinh phí"), ("implementation", 30000, "Tổ chức thực hiện")):
        out[key] = _text(proposal.get(key), limit, field=key, errors=errors, label=label, multiline=True)
    recipients = proposal.get("recipients") or []
    if isinstance(recipients, str):
        recipients = recipients.splitlines()
    out["recipients"] = [r for r in (_text(x, 300, field="recipients", errors=errors, label="Nơi nhận")
                                     for x in recipients) if r]
    signer = proposal.get("signer") or {}
    out["signer_authority"] = _text(signer.get("authority"), 200, field="signer_authority", errors=errors,
                                    label="Thẩm quyền ký", multiline=True)
    out["signer_name"] = _text(signer.get("name"), 150, field="signer_name", errors=errors, label="Người ký")
    # legal bases
    out["legal_bases"] = []
    for i, doc in enumerate(proposal.get("legal_bases") or []):
        f = f"legal_bases[{i}]"
        number = _text(doc.get("number_symbol"), 80, field=f, errors=errors, label="Số, ký hiệu văn bản")
        if not number:
            errors.setdefault(f, []).append("Văn bản căn cứ phải có số, ký hiệu.")
            continue
        doc_type = doc.get("doc_type") if doc.get("doc_type") in LegalDocumentType.values else LegalDocumentType.OTHER
        out["legal_bases"].append(dict(
            number_symbol=number, doc_type=doc_type,
            issued_on=_date(doc.get("issued_on"), field=f, errors=errors, label="Ngày ban hành văn bản căn cứ"),
            issuer=_text(doc.get("issuer"), 255, field=f, errors=errors, label="Cơ quan ban hành"),
            summary=_text(doc.get("summary"), 2000, field=f, errors=errors, label="Trích yếu", multiline=True)))
    # targets
    out["targets"] = []
    for i, target in enumerate(proposal.get("targets") or []):
        f = f"targets[{i}]"
        comparison = target.get("comparison") or Comparison.GTE
        if comparison not in Comparison.values:
            errors.setdefault(f, []).append("Phép so sánh của chỉ tiêu không hợp lệ.")
        out["targets"].append(dict(
            indicator=_text(target.get("indicator"), 300, field=f, errors=errors, label="Chỉ tiêu") or "Chỉ tiêu",
            comparison=comparison,
            value=_decimal(target.get("value"), field=f, errors=errors, label="Giá trị chỉ tiêu", allow_none=False),
            unit=_text(target.get("unit"), 40, field=f, errors=errors, label="Đơn vị tính"),
            deadline_year=target.get("deadline_year") or None,
            applies_to=_text(target.get("applies_to"), 300, field=f, errors=errors, label="Phạm vi áp dụng")))
    # tasks
    tasks = proposal.get("tasks") or []
    if not tasks:
        errors.setdefault("tasks", []).append("Kế hoạch phải có ít nhất một nhiệm vụ.")
    if len(tasks) > MAX_TASKS:
        errors.setdefault("tasks", []).append(f"Tối đa {MAX_TASKS} nhiệm vụ trong một kế hoạch.")
    new_units: dict[str, Agency | None] = {}
    out["tasks"] = []
    seen_keys = set()
    for i, task in enumerate(tasks[:MAX_TASKS]):
        f = f"tasks[{i}]"
        key = str(task.get("key") or task.get("number") or i)
        if key in seen_keys:
            key = f"{key}#{i}"
        seen_keys.add(key)
        title = _text(task.get("title"), 500, field=f, errors=errors, label="Tên nhiệm vụ")
        if not title:
            errors.setdefault(f, []).append(f"Nhiệm vụ số {task.get('number') or i + 1} chưa có tên.")
        outputs = []
        for j, output in enumerate(task.get("outputs") or []):
            outputs.append(dict(
                description=_text(output.get("description"), 500, field=f, errors=errors, label="Sản phẩm") or title,
                quantity=_decimal(output.get("quantity"), field=f, errors=errors, label="Số lượng sản phẩm"),
                unit=_text(output.get("unit"), 60, field=f, errors=errors, label="Đơn vị tính"),
                lead_unit=output.get("lead_unit") or None, order=j))
        out["tasks"].append(dict(
            key=key, parent=str(task.get("parent")) if task.get("parent") not in (None, "") else None,
            number=_text(task.get("number"), 30, field=f, errors=errors, label="Số thứ tự") or str(i + 1),
            title=title,
            content=_text(task.get("content"), 20000, field=f, errors=errors, label="Nội dung", multiline=True),
            method=_text(task.get("method"), 5000, field=f, errors=errors, label="Phương thức", multiline=True),
            time_frame=_text(task.get("time_frame"), 200, field=f, errors=errors, label="Thời gian thực hiện"),
            budget=_text(task.get("budget"), 300, field=f, errors=errors, label="Kinh phí"),
            leads=_resolve_units(task.get("lead_units"), field=f, errors=errors, known=known, new_units=new_units),
            coordinators=_resolve_units(task.get("coordinating_units"), field=f, errors=errors, known=known,
                                        new_units=new_units),
            outputs=outputs, is_reportable=bool(task.get("is_reportable", True))))
    # reporting rules: numbers the text does not state come from the current ReportingDefault row
    default = ReportingDefault.current()
    base = {"cutoff_day": getattr(default, "cutoff_day", 14), "due_day": getattr(default, "due_day", 25),
            "due_month_offset": getattr(default, "due_month_offset", 0)}
    out["rule_extras"] = {"reminder_working_days": getattr(default, "reminder_working_days", 3),
                          "resubmit_working_days": getattr(default, "resubmit_working_days", 3),
                          "legal_source": getattr(default, "legal_source", "")[:300]}
    out["rule_base"] = base
    out["reporting_rules"] = []
    for i, rule in enumerate(proposal.get("reporting_rules") or []):
        rule = {**rule, **{k: v for k, v in base.items() if rule.get(k) in (None, "")}}
        f = f"reporting_rules[{i}]"
        frequency = rule.get("frequency")
        if frequency not in Frequency.values:
            errors.setdefault(f, []).append("Kỳ báo cáo phải là tháng, quý, 6 tháng hoặc năm.")
            continue
        out["reporting_rules"].append(dict(
            frequency=frequency,
            reporters=_text(rule.get("reporters"), 300, field=f, errors=errors, label="Đơn vị báo cáo"),
            recipient=_text(rule.get("recipient"), 300, field=f, errors=errors, label="Nơi nhận báo cáo"),
            unit_reports=bool(rule.get("unit_reports", True)),
            cutoff_day=_int(rule.get("cutoff_day", 14), field=f, errors=errors, label="Ngày chốt số liệu", low=1, high=28),
            due_day=_int(rule.get("due_day", 25), field=f, errors=errors, label="Ngày hạn nộp", low=1, high=31),
            due_month_offset=_int(rule.get("due_month_offset", 0), field=f, errors=errors,
                                  label="Tháng hạn nộp", low=-2, high=3),
            source_text=_text(rule.get("source_text"), 2000, field=f, errors=errors, label="Câu trong văn bản",
                              multiline=True)))
    out["new_units"] = new_units
    out["parent_plan_id"] = proposal.get("parent_plan_id") or None
    if errors:
        raise ValidationFailed(errors, message="Kế hoạch chưa lưu: có thông tin chưa hợp lệ. " +
                               "; ".join(f"{msgs[0]}" for msgs in list(errors.values())[:3]))
    return out


@transaction.atomic
def plan_create_from_proposal(*, scope: Scope, proposal: dict, source_text: str = "") -> Plan:
    """Save a plan exactly as the officer confirmed it; nothing is saved before this call."""
    data = clean_proposal(proposal, scope=scope)
    h = data["header"]
    if not policy.can_create_plan(scope, h["place"]):
        raise PermissionDenied("Bạn không có quyền tạo kế hoạch cho địa bàn này.")
    issuing = h["issuing_agency_id"]
    # unmatched names the officer confirmed as new units
    created_units: dict[str, Agency] = {}
    for key in data["new_units"]:
        name = next(n for t in data["tasks"] for n, a in [*t["leads"], *t["coordinators"]] if a == key)
        from hangviet.agencies.services import agency_save

        agency = Agency.objects.filter(search_key=fold(name)).first() or agency_save(actor=None, agency=Agency(
            name=name, kind=AgencyKind.UNIT if issuing else AgencyKind.OTHER, parent=issuing, place=h["place"]))
        history.record(agency, actor=scope.user, action="create", note="Tạo khi nhập kế hoạch")
        created_units[key] = agency
    plan = Plan.objects.create(
        governing_body=h["governing_body"], issuing_body=h["issuing_body"], issuing_agency=issuing,
        number=h["number"], symbol=h["symbol"], issued_place=h["issued_place"], issued_on=h["issued_on"],
        title=h["title"], summary=h["summary"], start_year=h["start_year"], end_year=h["end_year"], level=h["level"],
        place=h["place"], focal_unit=h["focal_unit_id"], purposes=data["purposes"], requirements=data["requirements"],
        budget_source=data["budget_source"], implementation=data["implementation"],
        recipients="\n".join(data["recipients"]), signer_authority=data["signer_authority"],
        signer_name=data["signer_name"], source_text=normalize_text(source_text, multiline=True)[:400000],
        created_by=scope.user if getattr(scope.user, "pk", None) else None, status=PlanStatus.ACTIVE)
    if data["parent_plan_id"]:
        from ..selectors.plans import plan_get

        plan.parent_plan = plan_get(scope=scope, plan_id=int(data["parent_plan_id"]))
        plan.save(update_fields=["parent_plan"])
    for order, doc in enumerate(data["legal_bases"]):
        key = LegalDocument.make_key(doc["number_symbol"], doc["issued_on"])
        document = LegalDocument.objects.filter(key=key).first()
        if document is None:
            document = LegalDocument.objects.create(**doc)
        PlanLegalBasis.objects.get_or_create(plan=plan, document=document, defaults={"order": order})
    Target.objects.bulk_create([Target(plan=plan, order=i, **t) for i, t in enumerate(data["targets"])])
    by_key: dict[str, Task] = {}
    depth_of: dict[str, int] = {}
    for order, t in enumerate(data["tasks"]):
        parent = by_key.get(t["parent"]) if t["parent"] else None
        depth = depth_of[t["parent"]] + 1 if parent is not None else 0
        task = Task.objects.create(plan=plan, parent=parent, number=t["number"], order=order, depth=depth,
                                   title=t["title"], content=t["content"], method=t["method"],
                                   time_frame=t["time_frame"], budget=t["budget"], is_reportable=t["is_reportable"])
        by_key[t["key"]] = task
        depth_of[t["key"]] = depth
        rows = []
        for role, units in ((AssignmentRole.LEAD, t["leads"]), (AssignmentRole.COORDINATE, t["coordinators"])):
            for i, (name, agency) in enumerate(units):
                if isinstance(agency, str):
                    agency = created_units.get(agency)
                rows.append(TaskAssignment(task=task, role=role, agency=agency, name=name, order=i))
        TaskAssignment.objects.bulk_create(rows)
        leads = {fold(n): a for n, a in t["leads"] if isinstance(a, Agency)}
        TaskOutput.objects.bulk_create([
            TaskOutput(task=task, description=o["description"], quantity=o["quantity"], unit=o["unit"],
                       order=o["order"], lead_agency=_output_lead(o["lead_unit"], leads, known_first=True))
            for o in t["outputs"]])
    if not data["reporting_rules"]:
        focal = h["focal_unit_id"]
        data["reporting_rules"] = [dict(frequency=Frequency.QUARTERLY, recipient=focal.name if focal else "",
                                        unit_reports=True, reporters="", source_text="", **data["rule_base"])]
    for rule in data["reporting_rules"]:
        ReportingRule.objects.create(plan=plan, recipient_agency=h["focal_unit_id"] if rule["unit_reports"] else None,
                                     **data["rule_extras"], **rule)
    history.record(plan, actor=scope.user, action="create", note=f"Nhập kế hoạch: {len(by_key)} nhiệm vụ")
    generate_periods(plan=plan)
    return plan


def _output_lead(value, leads: dict, known_first: bool = True):
    if isinstance(value, dict):
        value = value.get("agency_id") or value.get("name")
    if value in (None, ""):
        return None
    if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
        return Agency.objects.filter(pk=int(value)).first()
    return leads.get(fold(str(value)))


def _managed_plan(scope: Scope, plan_id: int) -> Plan:
    from ..selectors.plans import plan_get

    plan = plan_get(scope=scope, plan_id=plan_id)
    if not policy.can_manage_plan(scope, plan):
        raise PermissionDenied("Chỉ đơn vị đầu mối hoặc lãnh đạo cơ quan ban hành được thay đổi kế hoạch này.")
    return plan


@transaction.atomic
def task_link_delegation(*, scope: Scope, task_id: int, parent_task_id: int | None) -> Task:
    """Record that a (district) plan's task carries out a (provincial) plan's task."""
    from ..selectors.plans import task_get

    task = task_get(scope=scope, task_id=task_id)
    _managed_plan(scope, task.plan_id)
    parent = None
    if parent_task_id is not None:
        parent = task_get(scope=scope, task_id=parent_task_id)
        if parent.plan_id == task.plan_id:
            raise DomainError("delegation_same_plan", "Nhiệm vụ cấp trên phải thuộc một kế hoạch khác.",
                              field="carries_out")
    before = history.snapshot(task)
    task.carries_out = parent
    task.save(update_fields=["carries_out", "updated_at"])
    history.record(task, actor=scope.user, action="update", before=before)
    return task


@transaction.atomic
def plan_set_status(*, scope: Scope, plan_id: int, status: str) -> Plan:
    if status not in PlanStatus.values:
        raise DomainError("status_invalid", "Trạng thái kế hoạch không hợp lệ.", field="status")
    plan = _managed_plan(scope, plan_id)
    before = history.snapshot(plan)
    plan.status = status
    plan.save(update_fields=["status", "updated_at"])
    history.record(plan, actor=scope.user, action="update", before=before)
    return plan


@transaction.atomic
def rule_update(*, scope: Scope, rule_id: int, due_day: int, cutoff_day: int, due_month_offset: int = 0,
                reminder_working_days: int = 3) -> ReportingRule:
    rule = ReportingRule.objects.select_related("plan").filter(pk=rule_id).first()
    if rule is None:
        raise NotFound()
    _managed_plan(scope, rule.plan_id)
    errors: dict = {}
    values = dict(
        due_day=_int(due_day, field="due_day", errors=errors, label="Ngày hạn nộp", low=1, high=31),
        cutoff_day=_int(cutoff_day, field="cutoff_day", errors=errors, label="Ngày chốt số liệu", low=1, high=28),
        due_month_offset=_int(due_month_offset, field="due_month_offset", errors=errors, label="Tháng hạn nộp",
                              low=-2, high=3),
        reminder_working_days=_int(reminder_working_days, field="reminder_working_days", errors=errors,
                                   label="Số ngày nhắc trước", low=0, high=30))
    if errors:
        raise ValidationFailed(errors)
    before = history.snapshot(rule)
    for k, v in values.items():
        setattr(rule, k, v)
    rule.save()
    history.record(rule, actor=scope.user, action="update", before=before)
    recompute_due_dates(plan=rule.plan)
    return rule
