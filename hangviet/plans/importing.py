"""Plan-text import: the parser's result turned into the proposal an officer reviews (header, legal
bases, purposes, targets, numbered tasks with units matched to known agencies, outputs, reporting
rules, recipients, signer), the review form's context and the reviewed form read back. Nothing is
saved here: `services.plan_create_from_proposal` saves the confirmed proposal."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from typing import Any

from hangviet.agencies.models import Agency
from hangviet.agencies.scope import Scope
from hangviet.core.errors import DomainError
from hangviet.core.text import fold, normalize_text
from hangviet.places.models import Place

from .models import Comparison, Frequency, LegalDocumentType, PlanLevel

MAX_TEXT = 400_000


# --- generic access to the parser's result (dataclasses, pydantic models or dicts) -----------------
def plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if hasattr(value, "model_dump"):
        return plain(value.model_dump())
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if hasattr(value, "value") and hasattr(value, "name") and not isinstance(value, str | int):  # Enum
        return value.value
    return value


def pick(data: dict | None, *names: str, default: Any = None) -> Any:
    if not isinstance(data, dict):
        return default
    for name in names:
        if name in data and data[name] not in (None, "", [], {}):
            return data[name]
    return default


def _iso(value) -> str | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


# --- unit matching --------------------------------------------------------------------------------
_COLLECTIVE = re.compile(r"(^|\s)cac\s|lien quan$")


class UnitMatcher:
    """Match unit names to agencies ignoring diacritics and case and understanding abbreviations
    (the parser's `match_unit`); candidates are the agencies of the plan's province (and national)."""

    def __init__(self, province_code: str | None):
        qs = Agency.objects.select_related("parent").only("id", "name", "short_name", "abbreviations", "parent__name",
                                                            "place__province_id")
        if province_code:
            from django.db.models import Q

            qs = qs.filter(Q(place__province_id=province_code) | Q(place__isnull=True))
        self.agencies = list(qs)
        self.by_id = {a.pk: a for a in self.agencies}
        self.candidates = {a.pk: a.all_names() for a in self.agencies}
        self._cache: dict[str, Agency | None] = {}
        self._index: dict[str, int] | None = None

    def match(self, name: str) -> Agency | None:
        key = fold(name)
        if key in self._cache:
            return self._cache[key]
        agency = None
        if _COLLECTIVE.search(key):
            # "UBND các huyện", "các sở, ngành liên quan": a group, never one agency
            self._cache[key] = None
            return None
        try:
            from .parsing.units import match_unit, unit_name_variants

            if self._index is None:  # exact keys first: one dictionary lookup instead of a fuzzy scan
                self._index = {v: pk for pk, names in self.candidates.items() for n in names
                               for v in unit_name_variants(n)}
            hit = next((self._index[v] for v in unit_name_variants(name) if v in self._index), None)
            agency = self.by_id.get(hit) if hit is not None else _as_agency(match_unit(name, self.candidates),
                                                                             self.by_id)
        except ImportError:  # parser not installed yet: exact folded names
            names = {fold(n): a for a in self.agencies for n in a.all_names()}
            agency = names.get(key)
        self._cache[key] = agency
        return agency


def _as_agency(result, by_id: dict[int, Agency]) -> Agency | None:
    if result is None:
        return None
    if isinstance(result, Agency):
        return result
    if isinstance(result, int):
        return by_id.get(result)
    if isinstance(result, tuple | list) and result:
        return _as_agency(result[0], by_id)
    for attr in ("agency", "candidate", "unit"):
        if hasattr(result, attr):
            return _as_agency(getattr(result, attr), by_id)
    for attr in ("agency_id", "id", "pk"):
        if hasattr(result, attr):
            return by_id.get(getattr(result, attr))
    if isinstance(result, dict):
        return _as_agency(pick(result, "agency", "agency_id", "id"), by_id)
    return None


# --- the proposal ----------------------------------------------------------------------------------
_YEARS = re.compile(r"(20\d\d)\s*[-–]\s*(20\d\d)")
_YEAR = re.compile(r"\bnăm\s+(20\d\d)\b", re.IGNORECASE)


def _years_from(text: str) -> tuple[int | None, int | None]:
    match = _YEARS.search(text or "")
    if match:
        return int(match.group(1)), int(match.group(2))
    match = _YEAR.search(text or "")
    return (int(match.group(1)), int(match.group(1))) if match else (None, None)


def propose_from_text(*, scope: Scope, text: str) -> dict:
    """Parse a plan text into a proposal. Raises DomainError (422) with a clear Vietnamese message when
    the text has no recognisable plan structure. Saves nothing."""
    if not isinstance(text, str) or not text.strip():
        raise DomainError("text_missing", "Hãy dán nội dung kế hoạch.", field="text", status=422)
    if len(text) > MAX_TEXT:
        raise DomainError("text_too_long", f"Văn bản quá dài: tối đa {MAX_TEXT:,} ký tự.".replace(",", "."),
                          field="text", status=422)
    from .parsing import PlanParseError, parse_plan_text

    matcher = UnitMatcher(scope.place.province_id if scope.place is not None else None)
    # names the parser must not cut at a comma or "và" ("Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch")
    known = sorted({n for names in matcher.candidates.values() for n in names
                    if len(n.split()) > 1 and ("," in n or " và " in n or "&" in n)})
    try:
        parsed = parse_plan_text(text, known_unit_names=known)
    except PlanParseError as exc:
        message = getattr(exc, "message_vi", "") or str(exc)
        raise DomainError("plan_unrecognised", message or "Không nhận ra cấu trúc kế hoạch trong văn bản.",
                          field="text", status=422) from None
    data = plain(parsed)
    proposal = to_proposal(data, scope=scope, matcher=matcher)
    if not any(t.get("is_reportable") for t in proposal["tasks"]):
        raise DomainError("plan_unrecognised", "Không nhận ra nhiệm vụ nào được đánh số (I, II, 1, 2.1 …) trong văn "
                          "bản: chưa thể đề xuất kế hoạch. Hãy kiểm tra lại nội dung dán vào.", field="text",
                          status=422)
    normalized = pick(data, "text", "normalized_text", default=None) or normalize_text(text, multiline=True)
    return {"proposal": proposal, "text": normalized, "warnings": [str(w) for w in pick(data, "warnings",
                                                                                          default=[]) or []]}


def _unit_list(values, matcher: UnitMatcher) -> list[dict]:
    out = []
    for value in values or []:
        if isinstance(value, dict):
            name = pick(value, "name", "text", "raw", default="")
        else:
            name = str(value)
        name = normalize_text(name).strip(" ;.,")
        if not name:
            continue
        agency = matcher.match(name)
        out.append({"name": name, "agency_id": agency.pk if agency else None})
    return out


def _flatten_tasks(tasks, parent_key=None) -> list[dict]:
    out = []
    for task in tasks or []:
        children = pick(task, "children", "subtasks", "items", default=[])
        task = dict(task)
        key = pick(task, "key", "path", "full_number", default=None) or (
            f"{parent_key}.{pick(task, 'number', default=len(out))}" if parent_key else str(pick(task, "number",
                                                                                                     default=len(out))))
        task["_key"] = key
        task["_parent"] = pick(task, "parent", "parent_key", "parent_number", default=parent_key)
        out.append(task)
        if children and isinstance(children, list) and isinstance(children[0], dict):
            out.extend(_flatten_tasks(children, key))
    return out


def to_proposal(data: dict, *, scope: Scope, matcher: UnitMatcher | None = None) -> dict:
    header = pick(data, "header", default=None) or data
    matcher = matcher or UnitMatcher(scope.place.province_id if scope.place is not None else None)
    issuing_name = pick(header, "issuing_body", "issuer", "agency", default="") or ""
    issuing = matcher.match(issuing_name) if issuing_name else None
    if issuing is None and getattr(scope.user, "agency", None) is not None:
        issuing = scope.user.agency
        while issuing.parent_id and issuing.kind in ("unit", "center"):
            issuing = issuing.parent
        issuing_name = issuing_name or issuing.short_name or issuing.name
    place = issuing.place if issuing is not None else scope.place
    province_name = pick(header, "province", default="")
    if place is None and province_name:
        place = Place.objects.filter(level="province", search_key__endswith=fold(province_name)).first()
    period = pick(header, "period", default=None) or pick(data, "period", default={}) or {}
    if isinstance(period, str | int):
        first, last = _years_from(str(period)) if "-" in str(period) or "–" in str(period) else (None, None)
        period = {"start": first or (int(period) if str(period).isdigit() else None), "end": last}
    elif isinstance(period, list | tuple) and period:
        period = {"start": period[0], "end": period[-1]}
    start_year = (pick(header, "period_start_year", "start_year", "year_from", default=None)
                  or pick(period, "start", "from", "start_year"))
    end_year = (pick(header, "period_end_year", "end_year", "year_to", default=None)
                or pick(period, "end", "to", "end_year") or start_year)
    level = pick(header, "level", default=None)
    if level not in PlanLevel.values:
        level = {"province": PlanLevel.PROVINCE, "district": PlanLevel.DISTRICT,
                 "commune": PlanLevel.COMMUNE}.get(getattr(place, "level", ""), PlanLevel.PROVINCE)
        if issuing is not None and issuing.kind == "department":
            level = PlanLevel.DEPARTMENT
    focal_name = pick(data, "focal_unit", "focal_point", default=None) or pick(header, "focal_unit", default=None)
    if isinstance(focal_name, dict):
        focal_name = pick(focal_name, "name", default="")
    focal = matcher.match(focal_name) if focal_name else None
    user_agency = getattr(scope.user, "agency", None)
    if focal is None and user_agency is not None and user_agency.is_focal_point:
        focal = user_agency
    if not start_year:
        start_year, end_year = _years_from(pick(header, "title", default="") or pick(data, "title", default=""))
    signer = pick(data, "signer", default={}) or {}
    if isinstance(signer, str):
        signer = {"name": signer}
    number_symbol = pick(header, "number_symbol", "document_number", default="") or ""
    number = pick(header, "number", default="") or (number_symbol.split("/", 1)[0] if "/" in number_symbol else "")
    symbol = pick(header, "symbol", default="") or (number_symbol.split("/", 1)[1] if "/" in number_symbol else "")
    proposal = {
        "header": {
            "governing_body": pick(header, "governing_body", "parent_body", default=""),
            "issuing_body": issuing_name, "issuing_agency_id": issuing.pk if issuing else None,
            "focal_unit_id": focal.pk if focal else None, "focal_unit_name": focal_name or "",
            "number": str(number or ""), "symbol": symbol,
            "issued_place": pick(header, "place", "issued_place", "place_name", default=""),
            "issued_on": _iso(pick(header, "date", "issued_on", default=None)),
            "title": pick(header, "title", default="") or pick(data, "title", default=""),
            "summary": pick(header, "summary", "subtitle", default=""),
            "start_year": start_year, "end_year": end_year, "level": level,
            "place_code": place.pk if place else "",
        },
        "legal_bases": [], "targets": [], "tasks": [], "reporting_rules": [],
        "purposes": _join(pick(data, "purposes", "purpose", default="")),
        "requirements": _join(pick(data, "requirements", "requirement", default="")),
        "budget_source": _join(pick(data, "budget_source", "budget", "funding", default="")),
        "implementation": _join(pick(data, "implementation", "organisation", "organization", default="")),
        "recipients": [normalize_text(str(r if not isinstance(r, dict) else pick(r, "name", "text", default="")))
                       for r in pick(data, "recipients", default=[]) or []],
        "signer": {"authority": _join(pick(signer, "authority_lines", "authority", "title", "position", default=""),
                                      sep=" / "),
                   "name": pick(signer, "name", default="")},
    }
    for doc in pick(data, "legal_bases", "legal_basis", "bases", default=[]) or []:
        doc_type = pick(doc, "doc_type_code", "doc_type", "type", "kind", default="other")
        number_symbol = pick(doc, "number_symbol", "number", "symbol", default="") or pick(doc, "title", default="")
        if not number_symbol:
            continue  # a citation without number or name cannot be one shared record
        proposal["legal_bases"].append({
            "doc_type": doc_type if doc_type in LegalDocumentType.values else _doc_type(doc_type),
            "number_symbol": str(number_symbol)[:80],
            "issued_on": _iso(pick(doc, "issued_on", "date", default=None)),
            "issuer": pick(doc, "issuer", "issuing_body", default=""), "summary": pick(doc, "summary", default="")})
    for target in pick(data, "targets", default=[]) or []:
        comparison = pick(target, "comparison", "operator", default="gt")
        proposal["targets"].append({
            "indicator": pick(target, "indicator", "name", default=""),
            "comparison": comparison if comparison in Comparison.values else {">": "gt", ">=": "gte", "<": "lt",
                                                                               "<=": "lte", "=": "eq"}.get(comparison, "gte"),
            "value": pick(target, "value", "target_value", default=None), "unit": pick(target, "unit", default=""),
            "deadline_year": pick(target, "deadline_year", "year", "deadline", default=None),
            "applies_to": _join(pick(target, "applies_to", "scope", "place", "channel", default=""), sep=", ")})
    local_committees = _local_committees(issuing)
    for task in _flatten_tasks(pick(data, "tasks", default=[])):
        leads = _expand_collective(_unit_list(pick(task, "lead_units", "leads", "lead", default=[]), matcher),
                                   local_committees)
        coords = _unit_list(pick(task, "coordinating_units", "coordinators", "coordinate", default=[]), matcher)
        outputs = []
        for o in pick(task, "outputs", "quantities", default=[]) or []:
            lead = pick(o, "lead_unit", "lead", default=None)
            lead_agency = matcher.match(lead if isinstance(lead, str) else pick(lead, "name", default="")) if lead else None
            outputs.append({"description": pick(o, "description", "text", "name", default=""),
                            "quantity": pick(o, "quantity", "value", "count", default=None),
                            "unit": pick(o, "unit", default=""), "lead_unit": lead_agency.pk if lead_agency else None})
        reportable = pick(task, "is_reportable", default=None)
        if reportable is None:
            reportable = bool(leads) and not _GENERAL_INFO.match(fold(pick(task, "title", default="")))
        proposal["tasks"].append({
            "key": task["_key"], "parent": task["_parent"], "number": str(pick(task, "number", default="")),
            "title": pick(task, "title", "heading", default=""),
            "content": _join(pick(task, "content", "body", default="")),
            "method": _join(pick(task, "method", default="")),
            "time_frame": _join(pick(task, "time_frame", "timeframe", "time", default=""), sep="; "),
            "budget": _join(pick(task, "budget", default=""), sep="; "),
            "lead_units": leads, "coordinating_units": coords, "outputs": outputs, "is_reportable": reportable,
            "is_item": pick(task, "kind", default="") == "bullet" or str(pick(task, "number", default="")) in ("+", "-")})
    _roll_up_items(proposal["tasks"])
    for rule in pick(data, "reporting_rules", "reporting", default=[]) or []:
        frequencies = pick(rule, "frequencies", default=None) or [pick(rule, "frequency", "period", default="")]
        for frequency in frequencies:
            frequency = _frequency(frequency)
            if frequency is None:
                continue
            proposal["reporting_rules"].append({
                "frequency": frequency, "reporters": _join(pick(rule, "reporters", "from", default=""), sep=", "),
                "recipient": _join(pick(rule, "recipient", "recipients", "to", default=""), sep=", "),
                "unit_reports": bool(pick(rule, "unit_reports", default=frequency == Frequency.QUARTERLY)),
                "cutoff_day": pick(rule, "cutoff_day", default=None),  # None: the current ReportingDefault
                "due_day": pick(rule, "due_day", "before_day", "day", default=None),
                "due_month_offset": _month_offset(pick(rule, "due_month_offset", default=None)),
                "source_text": pick(rule, "source_text", "text", default="")})
    return proposal


_GENERAL_INFO = re.compile(r"^(thong tin chung|muc dich|yeu cau)")


_COMMUNES = re.compile(r"^(ubnd|uy ban nhan dan) cac (xa|phuong|thi tran)")


def _local_committees(issuing: Agency | None) -> list[Agency]:
    """The commune people's committees under the issuing people's committee."""
    if issuing is None or issuing.kind != "peoples_committee":
        return []
    return list(Agency.objects.filter(parent=issuing, kind="peoples_committee").order_by("name"))


def _expand_collective(units: list[dict], committees: list[Agency]) -> list[dict]:
    """"UBND các xã, thị trấn" as a lead: keep the name as written and add each commune committee
    known under the issuing body, so each reports on its part."""
    out = list(units)
    for unit in units:
        if unit.get("agency_id") is None and _COMMUNES.match(fold(unit["name"])):
            for agency in committees:
                if all(u.get("agency_id") != agency.pk for u in out):
                    out.append({"name": agency.name, "agency_id": agency.pk})
    return out


def _roll_up_items(tasks: list[dict]) -> None:
    """A "+" item under a reportable task is part of that task: its outputs become the task's outputs
    (led by the item's unit) and it has no report of its own, so a unit reports once per task."""
    by_key = {t["key"]: t for t in tasks}
    for task in tasks:
        if not task.get("is_item"):
            continue
        parent = by_key.get(task.get("parent"))
        while parent is not None and not parent.get("is_reportable"):
            parent = by_key.get(parent.get("parent"))
        if parent is None:
            continue
        mine = {u["agency_id"] for u in task["lead_units"] if u.get("agency_id")}
        theirs = {u["agency_id"] for u in parent["lead_units"] if u.get("agency_id")}
        if mine - theirs:
            continue  # the item names its own unit (e.g. "Phòng KT&HT làm đầu mối ..."): it reports itself
        task["is_reportable"] = False
        lead = next((u["agency_id"] for u in task["lead_units"] if u.get("agency_id")), None)
        for output in task["outputs"]:
            parent["outputs"].append({**output, "lead_unit": output.get("lead_unit") or lead})
        task["outputs"] = []


def _join(value, sep: str = "\n") -> str:
    if value in (None, ""):
        return ""
    if isinstance(value, list | tuple):
        return sep.join(normalize_text(str(v if not isinstance(v, dict) else pick(v, "text", "name", default="")),
                                       multiline=True) for v in value if v)
    return normalize_text(str(value), multiline=True)


def _doc_type(value: str) -> str:
    key = fold(str(value or ""))
    for choice, label in LegalDocumentType.choices:
        if key and (key == fold(label) or key.startswith(fold(label).split(" /")[0])):
            return choice
    table = {"thong bao": "notice", "ket luan": "conclusion", "chi thi": "directive", "quyet dinh": "decision",
             "ke hoach": "plan", "chuong trinh": "programme", "nghi quyet": "resolution", "nghi dinh": "decree",
             "thong tu": "circular", "luat": "law", "cong van": "letter"}
    return next((v for k, v in table.items() if key.startswith(k)), "other")


def _month_offset(value) -> int | None:
    if value is None or isinstance(value, int):
        return value
    return {"last_month_of_period": 0, "first_month_of_next_period": 1}.get(str(value), None)


def _frequency(value) -> str | None:
    if value in Frequency.values:
        return value
    key = fold(str(value or ""))
    for needle, frequency in (("quarter", "quarterly"), ("quy", "quarterly"), ("6 thang", "half_yearly"),
                              ("half", "half_yearly"), ("month", "monthly"), ("thang", "monthly"),
                              ("year", "yearly"), ("annual", "yearly"), ("nam", "yearly")):
        if needle in key:
            return frequency
    return None


# --- the review form -------------------------------------------------------------------------------
def review_context(*, proposal: dict, scope: Scope) -> dict:
    h = proposal.get("header", {})
    agencies = {a.pk: a for a in Agency.objects.filter(pk__in=[
        u["agency_id"] for t in proposal.get("tasks", []) for u in [*t.get("lead_units", []),
                                                                   *t.get("coordinating_units", [])]
        if u.get("agency_id")])}
    unmatched: list[str] = []
    tasks = []
    for t in proposal.get("tasks", []):
        def units(items):
            out = []
            for u in items:
                agency = agencies.get(u.get("agency_id"))
                out.append({"name": u["name"], "agency_id": u.get("agency_id"),
                            "agency_label": agency.name if agency else ""})
                if agency is None and u["name"] not in unmatched:
                    unmatched.append(u["name"])
            return out

        depth = str(t.get("key", "")).count(".")
        tasks.append({**t, "leads": units(t.get("lead_units", [])), "coords": units(t.get("coordinating_units", [])),
                      "reportable": t.get("is_reportable", True), "indent": min(depth, 3)})
    levels = [(v, str(label)) for v, label in PlanLevel.choices]
    header = [
        {"name": "title", "label": "Tên kế hoạch", "value": h.get("title"), "wide": True},
        {"name": "issuing_body", "label": "Cơ quan ban hành", "value": h.get("issuing_body")},
        {"name": "governing_body", "label": "Cơ quan chủ quản", "value": h.get("governing_body")},
        {"name": "number", "label": "Số", "value": h.get("number")},
        {"name": "symbol", "label": "Ký hiệu", "value": h.get("symbol")},
        {"name": "issued_place", "label": "Địa danh", "value": h.get("issued_place")},
        {"name": "issued_on", "label": "Ngày ban hành (dd/mm/yyyy)", "value": _vn_date(h.get("issued_on"))},
        {"name": "start_year", "label": "Từ năm", "value": h.get("start_year")},
        {"name": "end_year", "label": "Đến năm", "value": h.get("end_year")},
        {"name": "level", "label": "Cấp", "value": h.get("level"), "choices": levels},
        {"name": "place_code", "label": "Mã địa bàn", "value": h.get("place_code")},
        {"name": "focal_unit", "label": "Đơn vị đầu mối", "value": _agency_name(h.get("focal_unit_id"))
         or h.get("focal_unit_name", "")},
        {"name": "signer_authority", "label": "Thẩm quyền ký", "value": proposal.get("signer", {}).get("authority")},
        {"name": "signer_name", "label": "Người ký", "value": proposal.get("signer", {}).get("name")},
    ]
    from .documents.exports import DOC_TYPE_WORDS as doc_labels
    comparison_labels = dict(Comparison.choices)
    return {
        "header": header, "tasks": tasks, "unmatched": unmatched, "recipients": proposal.get("recipients", []),
        "legal_bases": [{**d, "doc_type_label": doc_labels.get(d.get("doc_type"), "Văn bản"),
                         "issued_on": _vn_date(d.get("issued_on"))} for d in proposal.get("legal_bases", [])],
        "targets": [{**t, "comparison_label": comparison_labels.get(t.get("comparison"), "")}
                    for t in proposal.get("targets", [])],
        "rules": [{"label": f"{dict(Frequency.choices)[r['frequency']]}: "
                   + (f"trước ngày {r['due_day']} tháng cuối kỳ" if r.get("due_day") else "hạn nộp theo quy định mặc định")
                   + (f", gửi {r['recipient']}" if r.get("recipient") else "")} for r in proposal.get("reporting_rules", [])],
    }


def _vn_date(value) -> str:
    if not value:
        return ""
    try:
        return dt.date.fromisoformat(str(value)).strftime("%d/%m/%Y")
    except ValueError:
        return str(value)


def _agency_name(agency_id) -> str:
    agency = Agency.objects.filter(pk=agency_id).first() if agency_id else None
    return agency.name if agency else ""


def proposal_from_post(post, *, base: dict, scope: Scope) -> dict:
    """Read the review form back: header, tasks (number, title, units, outputs, time frame), new units,
    recipients. Units are matched again, so a corrected name finds its agency."""
    proposal = dict(base) if isinstance(base, dict) else {}
    header = dict(proposal.get("header") or {})
    for name in ("title", "issuing_body", "governing_body", "number", "symbol", "issued_place", "issued_on",
                 "start_year", "end_year", "level", "place_code"):
        if f"h_{name}" in post:
            header[name] = post.get(f"h_{name}", "")
    place = Place.objects.filter(pk=str(header.get("place_code") or "")[:20]).first()
    matcher = UnitMatcher(place.province_id if place else None)
    if "h_focal_unit" in post:
        focal = matcher.match(post["h_focal_unit"]) if post["h_focal_unit"].strip() else None
        header["focal_unit_id"] = focal.pk if focal else None
    if "h_issuing_body" in post and post["h_issuing_body"].strip():
        issuing = matcher.match(post["h_issuing_body"])
        if issuing is not None:
            header["issuing_agency_id"] = issuing.pk
    proposal["header"] = header
    proposal["signer"] = {"authority": post.get("h_signer_authority", (proposal.get("signer") or {}).get("authority", "")),
                          "name": post.get("h_signer_name", (proposal.get("signer") or {}).get("name", ""))}
    new_units = {fold(n) for n in post.getlist("new_unit")} if hasattr(post, "getlist") else set()

    def units(raw: str) -> list[dict]:
        out = []
        for line in raw.splitlines():
            name = normalize_text(line).strip(" ;.,")
            if not name:
                continue
            agency = matcher.match(name)
            out.append({"name": name, "agency_id": agency.pk if agency else None,
                        "create": agency is None and fold(name) in new_units})
        return out

    tasks = []
    for i, task in enumerate(proposal.get("tasks") or []):
        prefix = f"t{i}_"
        if post.get(prefix + "drop"):
            continue
        task = dict(task)
        if prefix + "number" in post:
            task["number"] = post.get(prefix + "number", "")
            task["title"] = post.get(prefix + "title", "")
            task["is_reportable"] = bool(post.get(prefix + "report"))
        if prefix + "leads" in post:
            task["lead_units"] = units(post.get(prefix + "leads", ""))
            task["coordinating_units"] = units(post.get(prefix + "coords", ""))
            task["time_frame"] = post.get(prefix + "time_frame", "")
            task["outputs"] = _outputs(post.get(prefix + "outputs", ""), task.get("outputs") or [])
        tasks.append(task)
    kept = {t.get("key") for t in tasks}
    for task in tasks:
        if task.get("parent") not in kept:
            task["parent"] = None
    proposal["tasks"] = tasks
    if "recipients" in post:
        proposal["recipients"] = [r for r in (normalize_text(x) for x in post.get("recipients", "").splitlines()) if r]
    return proposal


def _outputs(raw: str, previous: list[dict]) -> list[dict]:
    out = []
    leads = {fold(o.get("description", "")): o.get("lead_unit") for o in previous}
    for line in raw.splitlines():
        parts = [p.strip() for p in line.split("|")]
        if not any(parts):
            continue
        if len(parts) < 3:
            parts = ["", "", parts[-1]]
        quantity, unit, description = parts[0], parts[1], " | ".join(parts[2:])
        out.append({"quantity": quantity or None, "unit": unit, "description": description,
                    "lead_unit": leads.get(fold(description))})
    return out
