"""Writes of promotion programmes (the business's filing content), calls, result reports, findings.
The review workflow itself is hangviet.filings; `kind.py` plugs the legal checks into it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction

from hangviet.agencies.models import Role
from hangviet.agencies.scope import Scope
from hangviet.catalog.models import Product, ProductStatus
from hangviet.core import history
from hangviet.core.deadlines import today
from hangviet.core.errors import DomainError, NotFound, PermissionDenied, ValidationFailed
from hangviet.core.text import contains_markup, fold, normalize_text
from hangviet.filings import services as filing_services
from hangviet.filings.models import FilingState
from hangviet.places.models import Place

from . import policy
from .models import (
    CallStatus,
    ChangeState,
    Finding,
    ItemRole,
    Prize,
    Procedure,
    Programme,
    ProgrammeChange,
    ProgrammeItem,
    PromotionCall,
    PromotionForm,
    ResultReport,
)

KIND = "promotion"
MAX_ROWS = 100
MAX_VND = 10**14


@dataclass
class ItemData:
    name: str
    role: str = ItemRole.PROMOTED
    unit_price: int | None = None
    promo_value: int | None = None
    discount_percent: int | None = None
    quantity: int | None = None
    product_id: int | None = None  # a catalogue product, when the goods are in the catalogue


@dataclass
class PrizeData:
    rank: str
    description: str
    value: int | None
    quantity: int = 1


@dataclass
class ProgrammeData:
    name: str
    forms: list[str]
    starts_on: dt.date | None
    ends_on: dt.date | None
    province_codes: list[str]
    procedure: str = Procedure.NOTIFY
    addressed_to: str = "department"
    outlets: str = ""
    customers: str = ""
    terms: str = ""
    draw_date: dt.date | None = None
    draw_place: str = ""
    prize_deadline: dt.date | None = None
    call_id: int | None = None
    items: list[ItemData] = field(default_factory=list)
    prizes: list[PrizeData] = field(default_factory=list)


def _text(value, limit: int, field_name: str, errors: dict, *, multiline: bool = False, label: str = "") -> str:
    value = normalize_text(value, multiline=multiline)
    if contains_markup(value):
        errors.setdefault(field_name, []).append(f"{label or 'Nội dung'} không được chứa mã HTML hoặc script.")
    elif len(value) > limit:
        errors.setdefault(field_name, []).append(f"{label or 'Nội dung'} tối đa {limit} ký tự.")
    return value


def _money(value, field_name: str, label: str, errors: dict, *, allow_none: bool = True) -> int | None:
    if value in (None, ""):
        if not allow_none:
            errors.setdefault(field_name, []).append(f"{label}: bắt buộc, ghi bằng đồng.")
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        errors.setdefault(field_name, []).append(f"{label}: phải là số nguyên (đồng).")
        return None
    if number < 0 or number > MAX_VND:
        errors.setdefault(field_name, []).append(f"{label}: phải từ 0 đến {MAX_VND:,} đồng.".replace(",", "."))
        return None
    return number


def clean_programme(data: ProgrammeData) -> dict:
    """Shape checks (every field at once). The legal rules are checked on submission (rules.py)."""
    errors: dict[str, list[str]] = {}
    out: dict = {}
    out["name"] = _text(data.name, 255, "name", errors, label="Tên chương trình")
    if not out["name"]:
        errors.setdefault("name", []).append("Tên chương trình là bắt buộc.")
    forms = [f for f in dict.fromkeys(data.forms or [])]
    if not forms:
        errors.setdefault("forms", []).append("Chọn ít nhất một hình thức khuyến mại.")
    elif any(f not in PromotionForm.values for f in forms):
        errors.setdefault("forms", []).append("Hình thức khuyến mại không hợp lệ.")
    out["forms"] = forms
    if data.procedure not in (Procedure.NOTIFY, Procedure.REGISTER):
        errors.setdefault("procedure", []).append("Chọn thủ tục: thông báo hoặc đăng ký.")
    out["procedure"] = data.procedure
    if data.addressed_to not in ("department", "ministry"):
        errors.setdefault("addressed_to", []).append("Chọn cơ quan nhận: Sở Công Thương hoặc Bộ Công Thương.")
    out["addressed_to"] = data.addressed_to
    if not data.starts_on:
        errors.setdefault("starts_on", []).append("Ngày bắt đầu là bắt buộc.")
    if not data.ends_on:
        errors.setdefault("ends_on", []).append("Ngày kết thúc là bắt buộc.")
    elif data.starts_on and data.ends_on < data.starts_on:
        errors.setdefault("ends_on", []).append("Ngày kết thúc phải từ ngày bắt đầu trở đi.")
    out["starts_on"], out["ends_on"] = data.starts_on, data.ends_on
    codes = [str(c)[:20] for c in dict.fromkeys(data.province_codes or [])][:40]
    provinces = list(Place.objects.filter(code__in=codes, level="province", valid_to__isnull=True))
    if not codes:
        errors.setdefault("provinces", []).append("Chọn ít nhất một tỉnh, thành phố thực hiện.")
    elif len(provinces) != len(codes):
        errors.setdefault("provinces", []).append("Có tỉnh, thành phố không hợp lệ.")
    out["provinces"] = provinces
    out["outlets"] = _text(data.outlets, 5000, "outlets", errors, multiline=True, label="Địa điểm")
    out["customers"] = _text(data.customers, 300, "customers", errors, label="Khách hàng")
    out["terms"] = _text(data.terms, 20000, "terms", errors, multiline=True, label="Thể lệ")
    out["draw_date"], out["prize_deadline"] = data.draw_date, data.prize_deadline
    out["draw_place"] = _text(data.draw_place, 300, "draw_place", errors, label="Địa điểm mở thưởng")
    call = None
    if data.call_id:
        call = PromotionCall.objects.filter(pk=data.call_id, status=CallStatus.PUBLISHED).first()
        if call is None:
            errors.setdefault("call", []).append("Đợt khuyến mại không tồn tại hoặc không còn nhận đăng ký.")
        elif data.starts_on and data.ends_on and (data.ends_on < call.starts_on or data.starts_on > call.ends_on):
            errors.setdefault("call", []).append(
                f"Thời gian chương trình phải nằm trong đợt “{call.title}” "
                f"({call.starts_on:%d/%m/%Y} – {call.ends_on:%d/%m/%Y}).")
    out["call"] = call
    if len(data.items) > MAX_ROWS or len(data.prizes) > MAX_ROWS:
        errors.setdefault("items", []).append(f"Tối đa {MAX_ROWS} dòng hàng hóa và {MAX_ROWS} giải thưởng.")
    items = []
    product_ids = [i.product_id for i in data.items[:MAX_ROWS] if i.product_id]
    catalogue = {p.pk: p for p in Product.objects.filter(pk__in=product_ids).exclude(status=ProductStatus.WITHDRAWN)}
    for n, item in enumerate(data.items[:MAX_ROWS], start=1):
        product = catalogue.get(item.product_id) if item.product_id else None
        if item.product_id and product is None:
            errors.setdefault("items", []).append(f"Dòng hàng {n}: sản phẩm không có trong danh mục sản phẩm.")
        name = _text(item.name or (product.name if product else ""), 255, "items", errors, label=f"Dòng hàng {n}")
        if not name:
            errors.setdefault("items", []).append(f"Dòng hàng {n}: tên hàng hóa, dịch vụ là bắt buộc.")
        role = item.role if item.role in ItemRole.values else ItemRole.PROMOTED
        discount = item.discount_percent
        if discount not in (None, ""):
            try:
                discount = int(discount)
                if not 0 < discount <= 100:
                    raise ValueError
            except (TypeError, ValueError):
                errors.setdefault("items", []).append(f"Dòng hàng {n}: mức giảm giá từ 1 đến 100%.")
                discount = None
        else:
            discount = None
        quantity = _money(item.quantity, "items", f"Dòng hàng {n}, số lượng", errors)
        items.append(ProgrammeItem(name=name, role=role, product=product, discount_percent=discount, quantity=quantity,
                                   unit_price=_money(item.unit_price, "items", f"Dòng hàng {n}, giá bán", errors),
                                   promo_value=_money(item.promo_value, "items", f"Dòng hàng {n}, giá trị khuyến mại", errors)))
    if not items:
        errors.setdefault("items", []).append("Kê khai ít nhất một hàng hóa, dịch vụ được khuyến mại.")
    prizes = []
    for n, prize in enumerate(data.prizes[:MAX_ROWS], start=1):
        rank = _text(prize.rank, 100, "prizes", errors, label=f"Giải {n}")
        description = _text(prize.description, 300, "prizes", errors, label=f"Giải {n}")
        if not rank:
            errors.setdefault("prizes", []).append(f"Giải {n}: tên giải là bắt buộc.")
        value = _money(prize.value, "prizes", f"Giải “{rank or n}”, trị giá", errors, allow_none=False)
        if value == 0:
            errors.setdefault("prizes", []).append(f"Giải “{rank or n}”: trị giá phải lớn hơn 0 đồng.")
        quantity = _money(prize.quantity, "prizes", f"Giải {n}, số giải", errors) or 1
        prizes.append(Prize(rank=rank, description=description or rank, value=value or 0, quantity=quantity))
    if errors:
        raise ValidationFailed(errors)
    out["items"], out["prizes"] = items, prizes
    return out


def _apply(programme: Programme, values: dict) -> None:
    for key in ("name", "forms", "procedure", "addressed_to", "starts_on", "ends_on", "outlets", "customers", "terms",
                "draw_date", "draw_place", "prize_deadline", "call"):
        setattr(programme, key, values[key])
    programme.total_value = sum((i.promo_value or 0) * (i.quantity or 0) for i in values["items"]) + sum(
        p.value * p.quantity for p in values["prizes"])
    programme.search_key = fold(" ".join([values["name"], programme.business.name,
                                          " ".join(i.name for i in values["items"])]))[:800]
    programme.save()
    programme.provinces.set(values["provinces"])
    programme.items.all().delete()  # rows of an unsubmitted draft; the filed snapshot lives in Filing.payload
    programme.prizes.all().delete()
    for item in values["items"]:
        item.programme = programme
    for prize in values["prizes"]:
        prize.programme = programme
    ProgrammeItem.objects.bulk_create(values["items"])
    Prize.objects.bulk_create(values["prizes"])


@transaction.atomic
def programme_create(*, scope: Scope, data: ProgrammeData) -> Programme:
    if not scope.is_business:
        raise PermissionDenied("Chỉ tài khoản doanh nghiệp được nộp hồ sơ khuyến mại.")
    values = clean_programme(data)
    filing = filing_services.filing_create(scope=scope, kind=KIND, title=values["name"])
    business = filing.filer_business
    if business.status != "approved":
        raise PermissionDenied("Doanh nghiệp chưa được duyệt đăng ký: chưa nộp được hồ sơ khuyến mại.")
    programme = Programme(filing=filing, business=business, sector=business.sector, starts_on=values["starts_on"],
                          ends_on=values["ends_on"])
    _apply(programme, values)
    history.record(programme, actor=scope.user, action="create")
    return programme


def _programme_for_filer(scope: Scope, programme_id) -> Programme:
    try:
        pk = int(programme_id)
    except (TypeError, ValueError):
        raise NotFound("Không tìm thấy chương trình khuyến mại.") from None
    programme = Programme.objects.select_for_update().select_related("filing", "business").filter(pk=pk).first()
    if programme is None or not policy.is_filer(scope, programme):
        raise NotFound("Không tìm thấy chương trình khuyến mại hoặc bạn không có quyền.")
    return programme


@transaction.atomic
def programme_update(*, scope: Scope, programme_id: int, data: ProgrammeData) -> Programme:
    programme = _programme_for_filer(scope, programme_id)
    if not programme.filing.is_editable:
        state = programme.filing.get_state_display()
        hint = (" Chương trình đã được xác nhận: nội dung đã xác nhận giữ nguyên; muốn thay đổi hãy nộp "
                "đăng ký sửa đổi." if programme.filing.state in (FilingState.CONFIRMED, FilingState.AMENDED) else "")
        raise DomainError("programme_locked", f"Hồ sơ đang ở trạng thái “{state}”: không sửa được.{hint}", status=409)
    values = clean_programme(data)
    before = history.snapshot(programme)
    _apply(programme, values)
    filing_services.filing_set_title(scope=scope, filing_id=programme.filing_id, title=values["name"])
    history.record(programme, actor=scope.user, action="update", before=before)
    return programme


@transaction.atomic
def programme_submit(*, scope: Scope, programme_id: int) -> Programme:
    programme = _programme_for_filer(scope, programme_id)
    filing_services.filing_submit(scope=scope, filing_id=programme.filing_id)
    programme.refresh_from_db()
    return programme


# --- amendments of a confirmed programme ---------------------------------------------------------
def data_to_json(data: ProgrammeData) -> dict:
    def plain(value):
        return value.isoformat() if isinstance(value, dt.date) else value

    out = {k: plain(v) for k, v in vars(data).items() if k not in ("items", "prizes")}
    out["items"] = [vars(i) for i in data.items]
    out["prizes"] = [vars(z) for z in data.prizes]
    return out


def data_from_json(raw: dict) -> ProgrammeData:
    def day(value):
        return dt.date.fromisoformat(value) if value else None

    fields = {k: v for k, v in raw.items() if k in ProgrammeData.__dataclass_fields__ and k not in ("items", "prizes")}
    for key in ("starts_on", "ends_on", "draw_date", "prize_deadline"):
        fields[key] = day(fields.get(key))
    return ProgrammeData(**fields, items=[ItemData(**i) for i in raw.get("items", [])],
                         prizes=[PrizeData(**z) for z in raw.get("prizes", [])])


def candidate(programme: Programme, values: dict) -> Programme:
    """An unsaved programme carrying proposed content, for the rule checks of an amendment."""
    cand = Programme(business=programme.business, sector=programme.sector)
    for key in ("name", "forms", "procedure", "addressed_to", "starts_on", "ends_on", "outlets", "customers", "terms",
                "draw_date", "draw_place", "prize_deadline", "call"):
        setattr(cand, key, values[key])
    cand.total_value = sum((i.promo_value or 0) * (i.quantity or 0) for i in values["items"]) + sum(
        p.value * p.quantity for p in values["prizes"])
    return cand


def pending_change(programme: Programme) -> ProgrammeChange | None:
    return programme.changes.filter(state=ChangeState.PENDING).order_by("-id").first()


@transaction.atomic
def programme_amend(*, scope: Scope, programme_id: int, data: ProgrammeData, note: str) -> ProgrammeChange:
    """File a change of a confirmed programme. The confirmed content stays until the agency confirms."""
    programme = _programme_for_filer(scope, programme_id)
    if programme.filing.state != FilingState.CONFIRMED:
        raise DomainError("not_confirmed", "Chỉ đăng ký sửa đổi chương trình đã được xác nhận và chưa có sửa đổi "
                          "đang chờ.", status=409)
    note = normalize_text(note, multiline=True)
    if not note:
        raise DomainError("change_note_missing", "Nêu rõ nội dung, lý do thay đổi.", field="change_note")
    if len(note) > 4000 or contains_markup(note):
        raise DomainError("change_note_invalid", "Nội dung thay đổi tối đa 4000 ký tự, không chứa mã HTML.",
                          field="change_note")
    clean_programme(data)
    change = ProgrammeChange.objects.create(programme=programme, data=data_to_json(data), note=note,
                                            filed_by=scope.user)
    filing_services.filing_amend(scope=scope, filing_id=programme.filing_id, note=note)
    history.record(programme, actor=scope.user, action="amend", note=note[:300])
    return change


def apply_change(programme: Programme, change: ProgrammeChange, *, accepted: bool) -> None:
    """Called by the filing hook inside the review transaction."""
    from django.utils import timezone

    if accepted:
        values = clean_programme(data_from_json(change.data))
        before = history.snapshot(programme)
        _apply(programme, values)
        history.record(programme, action="update", before=before, note="Áp dụng nội dung sửa đổi đã được xác nhận")
    change.state = ChangeState.ACCEPTED if accepted else ChangeState.REFUSED
    change.decided_at = timezone.now()
    change.save(update_fields=["state", "decided_at", "updated_at"])


# --- calls ---------------------------------------------------------------------------------------
@dataclass
class CallData:
    title: str
    starts_on: dt.date
    ends_on: dt.date
    description: str = ""
    concentrated_max_percent: int | None = None
    legal_source: str = ""
    place_code: str | None = None


@transaction.atomic
def call_save(*, scope: Scope, data: CallData, call_id: int | None = None, publish: bool = False) -> PromotionCall:
    if not policy.can_manage_calls(scope):
        raise PermissionDenied("Chỉ cán bộ Sở Công Thương được phát động đợt khuyến mại.")
    errors: dict[str, list[str]] = {}
    title = _text(data.title, 255, "title", errors, label="Tên đợt")
    if not title:
        errors.setdefault("title", []).append("Tên đợt là bắt buộc.")
    description = _text(data.description, 20000, "description", errors, multiline=True, label="Nội dung")
    legal_source = _text(data.legal_source, 300, "legal_source", errors, label="Căn cứ")
    if not data.starts_on or not data.ends_on or data.ends_on < data.starts_on:
        errors.setdefault("ends_on", []).append("Ngày kết thúc phải từ ngày bắt đầu trở đi.")
    pct = data.concentrated_max_percent
    if pct is not None and not 1 <= pct <= 100:
        errors.setdefault("concentrated_max_percent", []).append("Mức tối đa từ 1 đến 100%.")
    place = scope.place if data.place_code is None else Place.objects.filter(pk=str(data.place_code)[:20]).first()
    if place is None or not scope.covers_place(place):
        errors.setdefault("place_code", []).append("Địa bàn nằm ngoài phạm vi bạn phụ trách.")
    if errors:
        raise ValidationFailed(errors)
    if call_id:
        call = PromotionCall.objects.select_for_update().filter(pk=call_id).first()
        if call is None or not scope.covers_place(call.place):
            raise NotFound("Không tìm thấy đợt khuyến mại.")
        before = history.snapshot(call)
    else:
        call, before = PromotionCall(agency_id=scope.agency_id, created_by=scope.user), None
    call.title, call.description, call.legal_source = title, description, legal_source
    call.starts_on, call.ends_on, call.concentrated_max_percent, call.place = data.starts_on, data.ends_on, pct, place
    if publish:
        call.status = CallStatus.PUBLISHED
    if call.agency_id is None:
        raise DomainError("agency_missing", "Tài khoản chưa gắn với cơ quan: không phát động được đợt khuyến mại.")
    call.save()
    history.record(call, actor=scope.user, action="update" if before else "create", before=before)
    return call


@transaction.atomic
def call_set_status(*, scope: Scope, call_id: int, status: str) -> PromotionCall:
    call = PromotionCall.objects.select_for_update().filter(pk=call_id).first()
    if call is None or not policy.can_manage_calls(scope) or not scope.covers_place(call.place):
        raise NotFound("Không tìm thấy đợt khuyến mại.")
    if status not in CallStatus.values:
        raise DomainError("status_invalid", "Trạng thái không hợp lệ.", field="status")
    before = history.snapshot(call)
    call.status = status
    call.save(update_fields=["status", "updated_at"])
    history.record(call, actor=scope.user, action="status", before=before)
    return call


# --- after the programme: result report, findings ----------------------------------------------
@transaction.atomic
def result_report_file(*, scope: Scope, programme_id: int, awarded_value: int, unawarded_value: int,
                       winners: str = "") -> ResultReport:
    from . import rules

    programme = _programme_for_filer(scope, programme_id)
    if PromotionForm.LUCKY_DRAWS not in programme.forms:
        raise DomainError("not_lucky_draw", "Chỉ chương trình may rủi phải báo cáo kết quả.")
    if programme.filing.state not in (FilingState.CONFIRMED, FilingState.CLOSED):
        raise DomainError("not_confirmed", "Chỉ báo cáo kết quả chương trình đã được xác nhận.")
    if today() < programme.ends_on:
        raise DomainError("not_ended", f"Chương trình kết thúc ngày {programme.ends_on:%d/%m/%Y}: báo cáo sau ngày đó.")
    if hasattr(programme, "result_report"):
        raise DomainError("report_exists", "Chương trình đã có báo cáo kết quả.", status=409)
    errors: dict[str, list[str]] = {}
    awarded = _money(awarded_value, "awarded_value", "Giá trị giải đã trao", errors, allow_none=False)
    unawarded = _money(unawarded_value, "unawarded_value", "Giá trị giải không có người trúng", errors, allow_none=False)
    winners = _text(winners, 20000, "winners", errors, multiline=True, label="Danh sách trúng thưởng")
    total_prizes = sum(p.value * p.quantity for p in programme.prizes.all())
    if not errors and awarded + unawarded != total_prizes:
        errors["unawarded_value"] = [f"Giá trị đã trao và không có người trúng phải cộng lại bằng tổng giá trị giải "
                                     f"đã đăng ký ({rules._vnd(total_prizes)})."]
    if errors:
        raise ValidationFailed(errors)
    rule = rules.rule_in_force(PromotionForm.LUCKY_DRAWS, programme.filing.submitted_at.date()
                               if programme.filing.submitted_at else today())
    pct = (rule.unawarded_budget_percent or 0) if rule else 0
    end = programme.prize_deadline or programme.ends_on
    due = end + dt.timedelta(days=rule.result_report_days) if rule and rule.result_report_days else None
    report = ResultReport.objects.create(programme=programme, awarded_value=awarded, unawarded_value=unawarded,
                                         budget_amount=unawarded * pct // 100, winners=winners, due_on=due,
                                         filed_by=scope.user)
    history.record(programme, actor=scope.user, action="result_report",
                   note=f"Đã trao {awarded}, không có người trúng {unawarded}")
    return report


@transaction.atomic
def finding_add(*, scope: Scope, programme_id: int, found_on: dt.date, description: str, exceeds_filing: bool = False,
                action_taken: str = "") -> Finding:
    from . import selectors

    programme = selectors.programme_get(scope=scope, programme_id=programme_id)
    if not scope.has_role(Role.FOCAL, Role.OFFICER, Role.LEADER):
        raise PermissionDenied("Chỉ cán bộ được ghi kết quả kiểm tra.")
    errors: dict[str, list[str]] = {}
    description = _text(description, 5000, "description", errors, multiline=True, label="Nội dung")
    action_taken = _text(action_taken, 5000, "action_taken", errors, multiline=True, label="Biện pháp")
    if not description:
        errors.setdefault("description", []).append("Nội dung phát hiện là bắt buộc.")
    if found_on is None or found_on > today():
        errors.setdefault("found_on", []).append("Ngày kiểm tra không được sau hôm nay.")
    if errors:
        raise ValidationFailed(errors)
    finding = Finding.objects.create(programme=programme, found_on=found_on, description=description,
                                     exceeds_filing=exceeds_filing, action_taken=action_taken, inspector=scope.user)
    if exceeds_filing and not programme.exceeds_filing:
        Programme.objects.filter(pk=programme.pk).update(exceeds_filing=True)
    history.record(programme, actor=scope.user, action="finding", note=description[:300])
    return finding


SYSTEM = Scope(user=None, role=Role.ADMIN)


def programmes_close_ended(*, on: dt.date | None = None) -> int:
    """Close the filings of confirmed programmes that ended before `on` (default today), one transaction
    each; a lucky draw still owes its result report, which stays possible on a closed filing."""
    on = on or today()
    count = 0
    for filing_id in Programme.objects.filter(filing__state=FilingState.CONFIRMED, ends_on__lt=on).values_list(
            "filing_id", flat=True):
        try:
            filing_services.filing_close(scope=SYSTEM, filing_id=filing_id, note="Chương trình đã kết thúc.")
            count += 1
        except DomainError:
            continue
    return count

