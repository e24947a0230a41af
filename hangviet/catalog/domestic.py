"""The national domestic-goods list ("Danh mục máy móc, thiết bị, vật tư, nguyên liệu trong nước đã sản
xuất được", Circular 01/2023/TT-BKHĐT) and the province's proposals for additions.

- The list: entries are kept by officers (create, edit, deactivate; never deleted) and searched by the
  public with folded words (`core.search.words_q` on `search_key`).
- Proposals travel through the shared filing workflow (kind "domestic_goods", references "DM-…"):
  a business (for its own product) or an official of the Department of Industry and Trade drafts it,
  submits it to the Sở Công Thương of its province, the Department acknowledges, asks for changes,
  refuses, or confirms it = forwards it to the Ministry of Finance (date and document number recorded);
  an officer then records the Ministry's answer: accepted (the entry is created or linked) or rejected.

Stages shown to users: draft -> submitted -> forwarded -> accepted / rejected (and cancelled).
Writes are keyword-only services in one transaction raising DomainError with Vietnamese messages."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hangviet.agencies.models import Agency, AgencyKind, Role
from hangviet.agencies.scope import Scope
from hangviet.core import history
from hangviet.core.deadlines import today
from hangviet.core.errors import DomainError, NotFound, PermissionDenied, ValidationFailed
from hangviet.core.search import words_q
from hangviet.core.text import contains_markup, normalize_text
from hangviet.filings import policy as filing_policy
from hangviet.filings import services as filing_services
from hangviet.filings.kinds import register_kind

from .models import DomesticGoodsEntry, DomesticList, DomesticProposal, Product, ProposalOutcome

KIND = "domestic_goods"
PREFIX = "DM"
MINISTRY = "Bộ Tài chính"
DEFAULT_SOURCE = "Thông tư 01/2023/TT-BKHĐT"
NOT_FOUND = "Không tìm thấy đề xuất hoặc bạn không có quyền xem."

# Roles of the Department's staff who may draft a proposal for the province.
DRAFTER_ROLES = (Role.LEADER, Role.FOCAL, Role.OFFICER)

LIMITS = {"item_name": 300, "name": 300, "specification": 4000, "capacity": 300, "producers": 2000,
          "number": 20, "source": 120, "forward_document": 80, "note": 4000}

STAGES = {
    "draft": _("Đang soạn"),
    "submitted": _("Đã gửi Sở Công Thương"),
    "forwarded": _("Đã chuyển Bộ Tài chính"),
    "accepted": _("Được bổ sung vào danh mục"),
    "rejected": _("Không được bổ sung"),
    "cancelled": _("Đã hủy"),
}
STAGE_ORDER = ["draft", "submitted", "forwarded", "accepted"]
# The lists in the order of the circular, not alphabetically by code.
LIST_ORDER = Case(*[When(list_kind=code, then=Value(i)) for i, code in enumerate(DomesticList.values)],
                  default=Value(99), output_field=IntegerField())


# --- values ------------------------------------------------------------------------------------------
_HS_ALLOWED = re.compile(r"^[0-9.]+$")
_HS_QUERY = re.compile(r"^\s*[0-9][0-9.\s]*$")


def clean_hs_code(value: str | None, *, required: bool = False, field: str = "hs_code") -> str:
    """HS code: 4, 6, 8 or 10 digits, dots allowed between groups; returned as 8429.52.00."""
    text = re.sub(r"\s+", "", normalize_text(value))
    if not text:
        if required:
            raise DomainError("hs_code_missing", "Mã HS là bắt buộc (4 đến 10 chữ số, ví dụ 8429.52.00).", field=field)
        return ""
    digits = text.replace(".", "")
    if (not _HS_ALLOWED.match(text) or text.startswith(".") or text.endswith(".") or ".." in text
            or not 4 <= len(digits) <= 10 or len(digits) % 2):
        raise DomainError("hs_code_invalid", f"Mã HS “{text[:30]}” không hợp lệ: chỉ gồm chữ số và dấu chấm, "
                          "4, 6, 8 hoặc 10 chữ số (ví dụ 8429.52.00).", field=field)
    groups = [digits[:4]] + [digits[i:i + 2] for i in range(4, len(digits), 2)]
    return ".".join(groups)


def _text(errors: dict, data: dict, key: str, label: str, *, required: bool = False, multiline: bool = False,
          limit: int | None = None) -> str:
    value = normalize_text(data.get(key), multiline=multiline)
    limit = limit or LIMITS.get(key, 300)
    if required and not value:
        errors.setdefault(key, []).append(f"{label} là bắt buộc.")
    elif len(value) > limit:
        errors.setdefault(key, []).append(f"{label} tối đa {limit} ký tự.")
    elif contains_markup(value):
        errors.setdefault(key, []).append(f"{label} không được chứa mã HTML hoặc script.")
    return value


def _list_kind(errors: dict, data: dict, key: str = "list_kind") -> str:
    value = (data.get(key) or "").strip() if isinstance(data.get(key), str) else data.get(key)
    if not value:
        errors.setdefault(key, []).append("Chọn danh mục.")
        return ""
    if value not in DomesticList.values:
        errors.setdefault(key, []).append("Danh mục không hợp lệ.")
        return ""
    return value


def _hs(errors: dict, data: dict, *, required: bool = False) -> str:
    try:
        return clean_hs_code(data.get("hs_code"), required=required)
    except DomainError as exc:
        errors.setdefault("hs_code", []).append(exc.message)
        return ""


def _date(errors: dict, data: dict, key: str, label: str, *, not_before: dt.date | None = None,
          not_before_label: str = "") -> dt.date | None:
    value = data.get(key)
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value.strip()[:10]) if value.strip() else None
        except ValueError:
            errors.setdefault(key, []).append(f"{label} không hợp lệ.")
            return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if value is None:
        errors.setdefault(key, []).append(f"{label} là bắt buộc.")
        return None
    if value > today():
        errors.setdefault(key, []).append(f"{label} không được sau ngày hôm nay.")
    elif not_before is not None and value < not_before:
        errors.setdefault(key, []).append(f"{label} không được trước {not_before_label} ({not_before:%d/%m/%Y}).")
    return value


MAX_PK = 2**63 - 1


def _pk(value) -> int | None:
    """A positive database id, or None (never an integer the database cannot hold)."""
    try:
        pk = int(value)
    except (TypeError, ValueError):
        return None
    return pk if 0 < pk <= MAX_PK else None


def _raise(errors: dict) -> None:
    if errors:
        first = next(iter(errors.values()))[0]
        raise ValidationFailed(errors, message=first)


# --- the national list -------------------------------------------------------------------------------
def can_manage_list(scope: Scope) -> bool:
    return scope.has_role(Role.FOCAL, Role.OFFICER, Role.LEADER)


def clean_entry(data: dict[str, Any], *, entry_id: int | None = None) -> dict[str, Any]:
    """Validate one list row (all fields at once); returns clean values or raises ValidationFailed."""
    errors: dict[str, list[str]] = {}
    values = {
        "list_kind": _list_kind(errors, data),
        "number": _text(errors, data, "number", "Số thứ tự", required=True),
        "name": _text(errors, data, "name", "Tên mặt hàng", required=True),
        "hs_code": _hs(errors, data),
        "specification": _text(errors, data, "specification", "Ký hiệu quy cách, mô tả đặc tính kỹ thuật",
                               multiline=True),
        "producers": _text(errors, data, "producers", "Doanh nghiệp sản xuất", multiline=True),
        "source": _text(errors, data, "source", "Văn bản ban hành", required=True),
    }
    if not errors.get("number") and not errors.get("source") and values["list_kind"]:
        clash = DomesticGoodsEntry.objects.filter(source=values["source"], list_kind=values["list_kind"],
                                                  number=values["number"]).exclude(pk=entry_id).first()
        if clash is not None:
            errors.setdefault("number", []).append(
                f"Số thứ tự {values['number']} của danh mục này trong {values['source']} đã có: “{clash.name}”.")
    _raise(errors)
    return values


@transaction.atomic
def entry_create(*, scope: Scope, data: dict[str, Any]) -> DomesticGoodsEntry:
    if not can_manage_list(scope):
        raise PermissionDenied("Chỉ cán bộ được giao quản lý danh mục hàng trong nước được thêm mặt hàng.")
    entry = DomesticGoodsEntry.objects.create(**clean_entry(data))
    history.record(entry, actor=scope.user, action="create")
    return entry


@transaction.atomic
def entry_update(*, scope: Scope, entry_id: int, data: dict[str, Any]) -> DomesticGoodsEntry:
    if not can_manage_list(scope):
        raise PermissionDenied("Chỉ cán bộ được giao quản lý danh mục hàng trong nước được sửa mặt hàng.")
    entry = DomesticGoodsEntry.objects.select_for_update().filter(pk=entry_id).first()
    if entry is None:
        raise NotFound("Không tìm thấy mặt hàng trong danh mục.")
    before = history.snapshot(entry)
    for key, value in clean_entry(data, entry_id=entry.pk).items():
        setattr(entry, key, value)
    entry.save()
    history.record(entry, actor=scope.user, action="update", before=before)
    return entry


@transaction.atomic
def entry_set_active(*, scope: Scope, entry_id: int, active: bool, note: str = "") -> DomesticGoodsEntry:
    """Deactivate (no longer applies, e.g. replaced by a newer circular) or reactivate a row; never delete."""
    if not can_manage_list(scope):
        raise PermissionDenied("Chỉ cán bộ được giao quản lý danh mục hàng trong nước được thực hiện thao tác này.")
    entry = DomesticGoodsEntry.objects.select_for_update().filter(pk=entry_id).first()
    if entry is None:
        raise NotFound("Không tìm thấy mặt hàng trong danh mục.")
    errors: dict[str, list[str]] = {}
    note = _text(errors, {"note": note}, "note", "Ghi chú", multiline=True)
    _raise(errors)
    if entry.is_active != active:
        entry.is_active = active
        entry.save(update_fields=["is_active", "updated_at"])
        history.record(entry, actor=scope.user, action="activate" if active else "deactivate", note=note,
                       changes={"is_active": [not active, active]})
    return entry


def public_entries(*, q: str | None = None, list_kind: str | None = None) -> QuerySet[DomesticGoodsEntry]:
    """The active rows of the list, filtered by folded words and list kind (unknown kind -> error)."""
    if list_kind and list_kind not in DomesticList.values:
        raise DomainError("list_kind_invalid", "Danh mục không hợp lệ: chọn một trong các danh mục đã liệt kê.",
                          field="list_kind", status=422)
    q = (q or "")[:200]
    qs = DomesticGoodsEntry.objects.filter(is_active=True)
    if list_kind:
        qs = qs.filter(list_kind=list_kind)
    if _HS_QUERY.match(q) and len(re.sub(r"\D", "", q)) >= 4:
        # An HS code (or its start), typed with or without dots: match the code itself.
        digits = re.sub(r"\D", "", q)[:10]
        prefix = ".".join([digits[:4]] + [digits[i:i + 2] for i in range(4, len(digits), 2)])
        qs = qs.filter(hs_code__startswith=prefix)
    elif q.strip():
        qs = qs.filter(words_q("search_key", q))
    return qs.order_by(LIST_ORDER, "id")


def list_counts() -> dict[str, int]:
    from django.db.models import Count

    rows = DomesticGoodsEntry.objects.filter(is_active=True).values("list_kind").annotate(n=Count("id"))
    return {r["list_kind"]: r["n"] for r in rows}


# --- who may propose, and to whom --------------------------------------------------------------------
def department_of(province) -> Agency | None:
    """The Sở Công Thương of a province (the body that receives and forwards proposals)."""
    if province is None:
        return None
    return (Agency.objects.filter(kind=AgencyKind.DEPARTMENT, place_id=province.pk,
                                  name__startswith="Sở Công Thương").order_by("id").first())


def _province_of(place):
    if place is None:
        return None
    if place.level == "province":
        return place
    return place.province


def _official_department(scope: Scope) -> Agency | None:
    """The Department of Industry and Trade the official works in (the Department itself or one of its units)."""
    if not scope.is_official or scope.agency_id is None or not scope.has_role(*DRAFTER_ROLES):
        return None
    ancestors = filing_policy._agency_ancestors(scope.agency_id)
    return (Agency.objects.filter(pk__in=ancestors, kind=AgencyKind.DEPARTMENT, name__startswith="Sở Công Thương")
            .select_related("place").first())


def _drafting_province(scope: Scope, province_code: str | None):
    """The province a new proposal belongs to: the business's province, the official's Department's
    province, or (administrators) the province named."""
    from hangviet.places.models import Place

    if scope.is_business:
        from hangviet.businesses.models import Business

        business = Business.objects.select_related("place", "place__province").filter(pk=scope.business_id).first()
        if business is None:
            raise PermissionDenied("Tài khoản chưa gắn với doanh nghiệp.")
        return _province_of(business.place)
    if scope.is_admin:
        province = Place.objects.filter(pk=(province_code or "").strip()[:20], level="province").first()
        if province is None:
            raise DomainError("province_missing", "Chọn tỉnh, thành phố đề xuất.", field="province")
        return province
    department = _official_department(scope)
    if department is None:
        raise PermissionDenied("Chỉ doanh nghiệp hoặc cán bộ Sở Công Thương được lập đề xuất bổ sung danh mục.")
    return _province_of(department.place)


# --- proposals ---------------------------------------------------------------------------------------
@dataclass
class ProposalData:
    list_kind: str
    item_name: str
    hs_code: str = ""
    specification: str = ""
    capacity: str = ""
    product_id: int | None = None
    province: str | None = None  # administrators only; others file for their own province

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ProposalData:
        product = data.get("product_id", data.get("product"))
        if isinstance(product, Product):
            product = product.pk
        province = data.get("province")
        province = getattr(province, "pk", province)
        return cls(list_kind=data.get("list_kind") or "", item_name=data.get("item_name") or "",
                   hs_code=data.get("hs_code") or "", specification=data.get("specification") or "",
                   capacity=data.get("capacity") or "", product_id=product or None, province=province or None)


def clean_proposal(data: ProposalData, *, scope: Scope, province=None) -> dict[str, Any]:
    """Check a draft's fields (all at once). The fields needed to submit are checked on submission."""
    raw = data.__dict__
    errors: dict[str, list[str]] = {}
    values = {
        "list_kind": _list_kind(errors, raw),
        "item_name": _text(errors, raw, "item_name", "Tên mặt hàng", required=True),
        "hs_code": _hs(errors, raw),
        "specification": _text(errors, raw, "specification", "Ký hiệu quy cách, mô tả đặc tính kỹ thuật",
                               multiline=True),
        "capacity": _text(errors, raw, "capacity", "Năng lực sản xuất"),
        "product": None,
    }
    if data.product_id not in (None, ""):
        product_id = _pk(data.product_id)
        product = Product.objects.select_related("place").filter(pk=product_id).first() if product_id else None
        if product is None or not _may_link_product(scope, product, province):
            errors.setdefault("product", []).append(
                "Sản phẩm không tồn tại hoặc không thuộc doanh nghiệp, địa bàn của bạn.")
        else:
            values["product"] = product
    _raise(errors)
    return values


def _may_link_product(scope: Scope, product: Product, province) -> bool:
    if scope.is_business:
        return product.producer_id == scope.business_id
    if scope.is_admin:
        return True
    return province is not None and product.province_id == province.pk


def _locked_proposal(proposal_id) -> DomesticProposal:
    pk = _pk(proposal_id)
    if pk is None:
        raise NotFound(NOT_FOUND)
    proposal = (DomesticProposal.objects.select_for_update().filter(pk=pk).first())
    if proposal is None:
        raise NotFound(NOT_FOUND)
    return proposal


@transaction.atomic
def proposal_create(*, scope: Scope, data: ProposalData | dict) -> DomesticProposal:
    """A draft proposal of the actor (a business for its own product, or the Department's staff)."""
    if isinstance(data, dict):
        data = ProposalData.from_dict(data)
    if scope.is_anonymous:
        raise PermissionDenied("Cần đăng nhập để lập đề xuất.")
    province = _drafting_province(scope, data.province)
    if province is None:
        raise DomainError("province_missing", "Không xác định được tỉnh, thành phố của doanh nghiệp.", field="province")
    values = clean_proposal(data, scope=scope, province=province)
    filing = filing_services.filing_create(scope=scope, kind=KIND, title=values["item_name"])
    proposal = DomesticProposal.objects.create(filing=filing, province=province, **values)
    history.record(proposal, actor=scope.user, action="create")
    return proposal


@transaction.atomic
def proposal_update(*, scope: Scope, proposal_id: int, data: ProposalData | dict) -> DomesticProposal:
    if isinstance(data, dict):
        data = ProposalData.from_dict(data)
    proposal = _locked_proposal(proposal_id)
    filing_services.ensure_editable(scope=scope, filing=proposal.filing)
    values = clean_proposal(data, scope=scope, province=proposal.province)
    before = history.snapshot(proposal)
    for key, value in values.items():
        setattr(proposal, key, value)
    proposal.save()
    if proposal.filing.title != values["item_name"]:
        filing_services.filing_set_title(scope=scope, filing_id=proposal.filing_id, title=values["item_name"])
    history.record(proposal, actor=scope.user, action="update", before=before)
    return proposal


@transaction.atomic
def proposal_submit(*, scope: Scope, proposal_id: int) -> DomesticProposal:
    proposal = _locked_proposal(proposal_id)
    if not filing_policy.can_view(scope, proposal.filing):
        raise NotFound(NOT_FOUND)
    filing_services.filing_submit(scope=scope, filing_id=proposal.filing_id)
    proposal.refresh_from_db()
    return proposal


@transaction.atomic
def proposal_forward(*, scope: Scope, proposal_id: int, forwarded_on: dt.date | str | None,
                     forward_document: str, note: str = "") -> DomesticProposal:
    """The Department confirms the proposal by forwarding it to the Ministry of Finance: the date and
    number of the forwarding document are recorded and the filing is confirmed."""
    proposal = _locked_proposal(proposal_id)
    filing = proposal.filing
    if not filing_policy.can_view(scope, filing):
        raise NotFound(NOT_FOUND)
    if not filing_policy.is_reviewer(scope, filing):
        raise PermissionDenied("Chỉ Sở Công Thương tiếp nhận đề xuất được chuyển đề xuất lên Bộ Tài chính.")
    if filing.state not in ("submitted", "acknowledged"):
        raise DomainError("proposal_stage", "Chỉ chuyển Bộ Tài chính đề xuất đang chờ Sở xem xét (đề xuất đang ở bước "
                          f"“{STAGES[proposal_stage(proposal)]}”).", status=409)
    errors: dict[str, list[str]] = {}
    submitted = filing.submitted_at.date() if filing.submitted_at else None
    day = _date(errors, {"forwarded_on": forwarded_on}, "forwarded_on", "Ngày chuyển Bộ Tài chính",
                not_before=submitted, not_before_label="ngày nộp đề xuất")
    document = _text(errors, {"forward_document": forward_document}, "forward_document", "Số văn bản chuyển",
                     required=True)
    _raise(errors)
    proposal.forwarded_on = day
    proposal.forward_document = document
    proposal.save(update_fields=["forwarded_on", "forward_document", "updated_at"])
    note = normalize_text(note, multiline=True) or f"Đã chuyển {MINISTRY} theo văn bản số {document} ngày {day:%d/%m/%Y}."
    filing_services.filing_confirm(scope=scope, filing_id=filing.pk, note=note)
    proposal.refresh_from_db()
    return proposal


@dataclass
class OutcomeData:
    outcome: str
    outcome_on: dt.date | str | None
    note: str = ""
    entry_id: int | None = None  # accepted: link an existing row of the list
    entry_number: str = ""       # accepted: or create a new row with this number …
    entry_source: str = ""       # … in this document (e.g. the Ministry's new circular)


@transaction.atomic
def proposal_record_outcome(*, scope: Scope, proposal_id: int, data: OutcomeData | dict) -> DomesticProposal:
    """Record the Ministry of Finance's answer to a forwarded proposal and close the filing.
    Accepted: the proposal is linked to a row of the national list (an existing one, or one created
    from the proposal). Rejected: the Ministry's reason is required."""
    if isinstance(data, dict):
        data = OutcomeData(**{k: data.get(k) for k in OutcomeData.__dataclass_fields__ if k in data})
    proposal = _locked_proposal(proposal_id)
    filing = proposal.filing
    if not filing_policy.can_view(scope, filing):
        raise NotFound(NOT_FOUND)
    if not filing_policy.is_reviewer(scope, filing):
        raise PermissionDenied("Chỉ Sở Công Thương tiếp nhận đề xuất được ghi kết quả của Bộ Tài chính.")
    if proposal.outcome != ProposalOutcome.PENDING or filing.state != "confirmed":
        raise DomainError("proposal_stage", "Chỉ ghi kết quả cho đề xuất đã chuyển Bộ Tài chính và chưa có kết quả "
                          f"(đề xuất đang ở bước “{STAGES[proposal_stage(proposal)]}”).", status=409)
    errors: dict[str, list[str]] = {}
    outcome = data.outcome if data.outcome in (ProposalOutcome.ACCEPTED, ProposalOutcome.REJECTED) else ""
    if not outcome:
        errors["outcome"] = ["Chọn kết quả: được bổ sung hoặc không được bổ sung."]
    day = _date(errors, {"outcome_on": data.outcome_on}, "outcome_on", "Ngày có kết quả",
                not_before=proposal.forwarded_on, not_before_label="ngày chuyển Bộ Tài chính")
    note = _text(errors, {"note": data.note}, "note", "Ý kiến của Bộ", multiline=True,
                 required=outcome == ProposalOutcome.REJECTED)
    entry = None
    if outcome == ProposalOutcome.ACCEPTED:
        entry_id = data.entry_id
        if entry_id not in (None, "", 0):
            entry_pk = _pk(entry_id)
            entry = DomesticGoodsEntry.objects.filter(pk=entry_pk).first() if entry_pk else None
            if entry is None:
                errors.setdefault("entry_id", []).append("Không tìm thấy mặt hàng này trong danh mục.")
        elif not errors:
            if not proposal.hs_code:
                errors.setdefault("entry_number", []).append("Đề xuất chưa có mã HS: không tạo được dòng danh mục.")
            try:
                entry_values = clean_entry({"list_kind": proposal.list_kind, "number": data.entry_number,
                                            "name": proposal.item_name, "hs_code": proposal.hs_code,
                                            "specification": proposal.specification,
                                            "producers": _producer_names(proposal), "source": data.entry_source})
            except ValidationFailed as exc:
                for key, msgs in exc.errors.items():
                    errors.setdefault({"number": "entry_number", "source": "entry_source"}.get(key, key), []).extend(msgs)
            else:
                if not errors:
                    entry = DomesticGoodsEntry.objects.create(**entry_values)
                    history.record(entry, actor=scope.user, action="create",
                                   note=f"Bổ sung theo đề xuất {filing.reference}")
    _raise(errors)
    before = history.snapshot(proposal)
    proposal.outcome = outcome
    proposal.outcome_on = day
    proposal.outcome_note = note
    proposal.entry = entry
    proposal.save(update_fields=["outcome", "outcome_on", "outcome_note", "entry", "updated_at"])
    history.record(proposal, actor=scope.user, action="outcome", before=before)
    label = "đồng ý bổ sung vào danh mục" if outcome == ProposalOutcome.ACCEPTED else "không đồng ý bổ sung"
    summary = f"Kết quả của {MINISTRY} ngày {day:%d/%m/%Y}: {label}."
    if entry is not None:
        summary += f" Dòng số {entry.number} ({entry.get_list_kind_display()}, {entry.source})."
    if note:
        summary += f" Ý kiến: {note}"
    filing_services.filing_close(scope=scope, filing_id=filing.pk, note=summary[:4000])
    proposal.refresh_from_db()
    return proposal


def _producer_names(proposal: DomesticProposal) -> str:
    if proposal.product_id:
        return proposal.product.producer.name
    if proposal.filing.filer_business_id:
        return proposal.filing.filer_business.name
    return ""


# --- reads -------------------------------------------------------------------------------------------
def proposal_stage(proposal: DomesticProposal) -> str:
    """The model's stage, plus "cancelled" for a withdrawn proposal."""
    if proposal.outcome == ProposalOutcome.PENDING and proposal.filing.state == "cancelled":
        return "cancelled"
    return proposal.stage


def stage_q(stage: str) -> Q:
    pending = Q(outcome=ProposalOutcome.PENDING)
    return {
        "draft": pending & Q(filing__state__in=("draft", "changes_requested")),
        "submitted": pending & Q(filing__state__in=("submitted", "acknowledged", "amended")),
        "forwarded": pending & Q(filing__state__in=("confirmed", "suspended", "closed")),
        "accepted": Q(outcome=ProposalOutcome.ACCEPTED),
        "rejected": Q(outcome=ProposalOutcome.REJECTED) | (pending & Q(filing__state="refused")),
        "cancelled": pending & Q(filing__state="cancelled"),
    }.get(stage, Q(pk__in=[]))


def proposal_list(*, scope: Scope, stage: str | None = None, q: str | None = None) -> QuerySet[DomesticProposal]:
    """Proposals the actor may see: a business its own; officials those received by agencies in their
    scope (or located in their area) and their own drafts; administrators all."""
    qs = DomesticProposal.objects.select_related("filing", "filing__receiving_agency", "filing__filer_business",
                                                 "province", "product", "entry")
    if scope.is_anonymous:
        return qs.none()
    if scope.is_business:
        qs = qs.filter(filing__filer_business_id=scope.business_id)
    elif not scope.is_admin:
        own = Q(filing__filer_user_id=scope.user_id, filing__filer_business__isnull=True)
        seen = Q(pk__in=[])
        if scope.agency_ids:
            seen |= Q(filing__receiving_agency_id__in=scope.agency_ids)
        if scope.place is not None:
            seen |= scope.places_q("province") & Q(filing__receiving_agency__isnull=False)
        qs = qs.filter(own | seen) if scope.is_official else qs.none()
    if stage:
        if stage not in STAGES:
            raise DomainError("stage_invalid", "Bước xử lý không hợp lệ.", field="stage", status=422)
        qs = qs.filter(stage_q(stage))
    if q:
        qs = qs.filter(words_q("filing__search_key", q[:200]))
    return qs.order_by("-created_at", "-id")


def proposal_get(*, scope: Scope, proposal_id) -> DomesticProposal:
    pk = _pk(proposal_id)
    if pk is None:
        raise NotFound(NOT_FOUND)
    proposal = (DomesticProposal.objects.select_related("filing", "filing__receiving_agency",
                                                        "filing__receiving_agency__place", "filing__filer_business",
                                                        "province", "product", "entry").filter(pk=pk).first())
    if proposal is None or not filing_policy.can_view(scope, proposal.filing):
        raise NotFound(NOT_FOUND)
    return proposal


def proposal_by_filing(*, scope: Scope, filing_id) -> DomesticProposal:
    pk = _pk(filing_id)
    if pk is None:
        raise NotFound(NOT_FOUND)
    proposal = DomesticProposal.objects.filter(filing_id=pk).values_list("pk", flat=True).first()
    if proposal is None:
        raise NotFound(NOT_FOUND)
    return proposal_get(scope=scope, proposal_id=proposal)


def products_for(scope: Scope) -> QuerySet[Product]:
    """Catalogue products a proposal may point to: the business's own; for officials, their province's."""
    qs = Product.objects.exclude(status="withdrawn").order_by("name_key", "id")
    if scope.is_business:
        return qs.filter(producer_id=scope.business_id)
    if scope.is_admin:
        return qs
    department = _official_department(scope)
    if department is None:
        return qs.none()
    province = _province_of(department.place)
    return qs.filter(province_id=province.pk) if province else qs.none()


def may_draft(scope: Scope) -> bool:
    return scope.is_business or scope.is_admin or _official_department(scope) is not None


# --- the filing kind ---------------------------------------------------------------------------------
def _proposal(filing) -> DomesticProposal:
    return filing.domestic_proposal


def resolve_receiver(filing) -> Agency:
    proposal = _proposal(filing)
    department = department_of(proposal.province)
    if department is None:
        raise DomainError("receiver_unavailable",
                          f"Sở Công Thương {proposal.province.name} chưa tiếp nhận đề xuất trên HangViet: hãy gửi "
                          "văn bản trực tiếp cho Sở.", field="province")
    return department


def validate_submission(filing) -> dict:
    proposal = _proposal(filing)
    errors: dict[str, list[str]] = {}
    raw = {"list_kind": proposal.list_kind, "item_name": proposal.item_name, "hs_code": proposal.hs_code,
           "specification": proposal.specification, "capacity": proposal.capacity}
    _list_kind(errors, raw)
    _text(errors, raw, "item_name", "Tên mặt hàng", required=True)
    _hs(errors, raw, required=True)
    _text(errors, raw, "specification", "Ký hiệu quy cách, mô tả đặc tính kỹ thuật", required=True, multiline=True)
    _text(errors, raw, "capacity", "Năng lực sản xuất", required=True)
    _raise(errors)
    return {
        "Danh mục đề xuất": str(proposal.get_list_kind_display()),
        "Tên mặt hàng": proposal.item_name,
        "Mã HS": proposal.hs_code,
        "Ký hiệu quy cách, mô tả đặc tính kỹ thuật": proposal.specification,
        "Năng lực sản xuất": proposal.capacity,
        "Sản phẩm trong danh mục": proposal.product.name if proposal.product_id else "",
        "Tỉnh đề xuất": proposal.province.name,
        "Tổ chức đề xuất": filing.filer_business.name if filing.filer_business_id else str(filing.filer_user or ""),
    }


def check_transition(filing, action, scope) -> None:
    proposal = _proposal(filing)
    if action == "confirm" and not (proposal.forward_document and proposal.forwarded_on):
        raise DomainError("forward_missing", "Xác nhận đề xuất là chuyển đề xuất lên Bộ Tài chính: hãy dùng nút "
                          "“Chuyển Bộ Tài chính” ở trang đề xuất và ghi ngày, số văn bản chuyển.", field="note")
    if action == "amend":
        raise DomainError("amend_unavailable", "Đề xuất đã chuyển Bộ Tài chính: không sửa đổi được. Nếu cần, hãy lập "
                          "đề xuất mới hoặc liên hệ Sở Công Thương.")
    if action == "suspend":
        raise DomainError("suspend_unavailable", "Đề xuất bổ sung danh mục không có bước đình chỉ.")
    if action == "cancel" and filing.state == "confirmed":
        raise DomainError("cancel_forwarded", "Đề xuất đã chuyển Bộ Tài chính: không hủy được trên HangViet.")
    if action == "close" and proposal.outcome == ProposalOutcome.PENDING:
        raise DomainError("outcome_missing", "Ghi kết quả của Bộ Tài chính (được bổ sung hoặc không) trước khi kết "
                          "thúc hồ sơ.")


def filer_url(filing) -> str:
    return reverse("catalog:domestic_by_filing", args=[filing.pk])


def register() -> None:
    register_kind(KIND, _("Đề xuất bổ sung danh mục hàng trong nước"), prefix=PREFIX,
                  resolve_receiver=resolve_receiver, validate_submission=validate_submission,
                  check_transition=check_transition, filer_url=filer_url,
                  detail_template="catalog/domestic_review_detail.html")
