"""The legal checks of a promotion programme, driven by PromotionRule rows (the rule in force on the
filing date). Every message is Vietnamese, names the field, and cites the rule's legal source."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from hangviet.agencies.models import Agency, AgencyKind
from hangviet.core import workdays
from hangviet.core.errors import DomainError

from .models import Procedure, Programme, PromotionForm, PromotionRule

FORM_LABELS = dict(PromotionForm.choices)


def _vnd(value: int) -> str:
    return f"{value:,}".replace(",", ".") + " đồng"


def rule_in_force(form: str, on: dt.date) -> PromotionRule | None:
    return (PromotionRule.objects.filter(form=form, effective_from__lte=on)
            .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=on)).order_by("-effective_from").first())


def rules_for(forms: list[str], on: dt.date) -> dict[str, PromotionRule]:
    rules = {}
    for form in forms:
        rule = rule_in_force(form, on)
        if rule is None:
            raise DomainError("rule_missing",
                              f"Chưa có quy định đang có hiệu lực cho hình thức “{FORM_LABELS.get(form, form)}” "
                              f"vào ngày {on:%d/%m/%Y}: hãy liên hệ Sở Công Thương.", field="forms")
        rules[form] = rule
    return rules


def required_procedure(programme: Programme, rules: dict[str, PromotionRule]) -> tuple[str, list[PromotionRule]]:
    filing_rules = [r for r in rules.values() if r.procedure != Procedure.NONE]
    if any(r.procedure == Procedure.REGISTER for r in filing_rules):
        return Procedure.REGISTER, filing_rules
    if filing_rules:
        return Procedure.NOTIFY, filing_rules
    return Procedure.NONE, []


def _applicable_cap(programme: Programme, rule: PromotionRule, normal: int) -> tuple[int, str]:
    call = programme.call
    if (call is not None and call.concentrated_max_percent and call.starts_on <= programme.starts_on
            and programme.ends_on <= call.ends_on):
        return call.concentrated_max_percent, f"chương trình khuyến mại tập trung “{call.title}”"
    if rule.holiday_max_value_percent:
        day, all_holidays = programme.starts_on, True
        while day <= programme.ends_on:
            if workdays.holiday_name(day) is None:
                all_holidays = False
                break
            day += dt.timedelta(days=1)
        if all_holidays:
            return rule.holiday_max_value_percent, "dịp Tết, ngày lễ"
    return normal, ""


def check_programme(programme: Programme, *, on: dt.date, items=None, prizes=None) -> dict[str, PromotionRule]:
    """Raise DomainError for the first broken rule; return the rules applied (by form). `items` and
    `prizes` default to the programme's rows; an amendment passes its proposed rows (unsaved)."""
    rules = rules_for(programme.forms, on)
    required, filing_rules = required_procedure(programme, rules)
    any_rule = next(iter(rules.values()))
    if required == Procedure.NONE:
        if programme.call_id is None:
            names = ", ".join(f"“{FORM_LABELS[f]}”" for f in programme.forms)
            raise DomainError(
                "no_filing_needed",
                f"Hình thức {names} không phải thông báo hay đăng ký với cơ quan nhà nước ({any_rule.legal_source}): "
                "doanh nghiệp tự thực hiện, không cần nộp hồ sơ. Nếu muốn tham gia một đợt khuyến mại, hãy chọn đợt.",
                field="forms")
        required = Procedure.NOTIFY
    if programme.procedure != required:
        rule = next((r for r in filing_rules if r.procedure == required), any_rule)
        raise DomainError(
            "procedure_wrong",
            f"Hình thức “{FORM_LABELS[rule.form]}” phải {Procedure(required).label.lower()} "
            f"({rule.legal_source}), không phải {Procedure(programme.procedure).label.lower()}.",
            field="procedure")
    # lead time before the start
    for rule in filing_rules:
        if rule.lead_time_working_days:
            earliest = workdays.add_working_days(on, rule.lead_time_working_days)
            if programme.starts_on < earliest:
                raise DomainError(
                    "lead_time",
                    f"Ngày bắt đầu {programme.starts_on:%d/%m/%Y} quá gần: hình thức “{FORM_LABELS[rule.form]}” phải "
                    f"{rule.get_procedure_display().lower()} trước ít nhất {rule.lead_time_working_days} ngày làm việc "
                    f"({rule.legal_source}). Ngày bắt đầu sớm nhất: {earliest:%d/%m/%Y}.",
                    field="starts_on")
    # maximum duration
    days = (programme.ends_on - programme.starts_on).days + 1
    for rule in rules.values():
        if rule.max_duration_days and days > rule.max_duration_days:
            raise DomainError(
                "duration",
                f"Chương trình kéo dài {days} ngày, vượt thời gian tối đa {rule.max_duration_days} ngày của hình thức "
                f"“{FORM_LABELS[rule.form]}” ({rule.legal_source}).", field="ends_on")
    items = list(programme.items.all()) if items is None else list(items)
    promoted = [i for i in items if i.role == "promoted"]
    # caps per unit
    discount_rule = rules.get(PromotionForm.DISCOUNTS)
    for item in promoted:
        if item.discount_percent is not None:
            if discount_rule is None:
                raise DomainError("discount_without_form",
                                  f"“{item.name}” có mức giảm giá nhưng chương trình chưa chọn hình thức “Giảm giá”.",
                                  field="items")
            if discount_rule.max_value_percent is not None:
                cap, why = _applicable_cap(programme, discount_rule, discount_rule.max_value_percent)
                if item.discount_percent > cap:
                    raise DomainError(
                        "discount_cap",
                        f"Mức giảm giá {item.discount_percent}% của “{item.name}” vượt mức tối đa {cap}% giá hàng ngay "
                        f"trước khuyến mại{(' trong ' + why) if why else ''} ({discount_rule.legal_source}).",
                        field="items")
        if item.promo_value is not None and item.unit_price:
            for form in (PromotionForm.GIFTS, PromotionForm.VOUCHERS):
                rule = rules.get(form)
                if rule is None or rule.max_value_percent is None:
                    continue
                cap, why = _applicable_cap(programme, rule, rule.max_value_percent)
                if item.promo_value * 100 > cap * item.unit_price:
                    raise DomainError(
                        "value_cap",
                        f"Giá trị khuyến mại {_vnd(item.promo_value)} cho một đơn vị “{item.name}” vượt {cap}% giá bán "
                        f"{_vnd(item.unit_price)}{(' trong ' + why) if why else ''} ({rule.legal_source}).",
                        field="items")
    # total value against the goods promoted
    goods_value = sum((i.unit_price or 0) * (i.quantity or 0) for i in promoted)
    prizes = list(programme.prizes.all()) if prizes is None else list(prizes)
    promo_total = sum((i.promo_value or 0) * (i.quantity or 0) for i in promoted) + sum(p.value * p.quantity for p in prizes)
    if goods_value > 0:
        for rule in rules.values():
            if rule.total_value_percent and promo_total * 100 > rule.total_value_percent * goods_value:
                cap, _why = _applicable_cap(programme, rule, rule.total_value_percent)
                if promo_total * 100 > cap * goods_value:
                    raise DomainError(
                        "total_cap",
                        f"Tổng giá trị khuyến mại {_vnd(promo_total)} vượt {cap}% tổng giá trị hàng được khuyến mại "
                        f"{_vnd(goods_value)} ({rule.legal_source}).", field="items")
    # lucky draws
    for rule in rules.values():
        if not rule.requires_prizes:
            continue
        label = FORM_LABELS[rule.form]
        if not prizes:
            raise DomainError("prizes_missing", f"Chương trình “{label}” phải kê khai cơ cấu giải thưởng "
                              f"({rule.legal_source}).", field="prizes")
        for prize in prizes:
            if not prize.value or prize.value <= 0:
                raise DomainError("prize_value", f"Giải “{prize.rank}” chưa có trị giá: mỗi giải thưởng phải ghi rõ "
                                  f"trị giá bằng tiền đồng ({rule.legal_source}).", field="prizes")
        if programme.draw_date is None:
            raise DomainError("draw_date_missing", f"Chương trình “{label}” phải ghi ngày quay số, mở thưởng.",
                              field="draw_date")
        if not (programme.starts_on <= programme.draw_date):
            raise DomainError("draw_date_range", "Ngày mở thưởng phải từ ngày bắt đầu chương trình trở đi.",
                              field="draw_date")
        if not programme.draw_place:
            raise DomainError("draw_place_missing", f"Chương trình “{label}” phải ghi địa điểm mở thưởng.",
                              field="draw_place")
        if not programme.terms:
            raise DomainError("terms_missing", f"Chương trình “{label}” phải có thể lệ (cách xác định trúng thưởng, "
                              f"thời hạn trao giải) ({rule.legal_source}).", field="terms")
    return rules


def resolve_receiver(programme: Programme, *, provinces=None) -> Agency:
    """The Department of the one province, or the Ministry for a registration across several provinces."""
    provinces = (list(programme.provinces.all().order_by("code")) if provinces is None
                 else sorted(provinces, key=lambda p: p.code))
    if not provinces:
        raise DomainError("provinces_missing", "Chọn ít nhất một tỉnh, thành phố thực hiện.", field="provinces")
    rule_source = "Nghị định 81/2018/NĐ-CP, sửa đổi bởi Nghị định 128/2024/NĐ-CP"
    if len(provinces) > 1:
        if programme.procedure == Procedure.NOTIFY:
            raise DomainError(
                "notify_each_province",
                f"Thông báo khuyến mại gửi Sở Công Thương của từng tỉnh, thành phố nơi thực hiện ({rule_source}): "
                f"chương trình có {len(provinces)} tỉnh, hãy nộp mỗi tỉnh một thông báo.", field="provinces")
        if programme.addressed_to != "ministry":
            raise DomainError(
                "ministry_required",
                f"Chương trình thực hiện tại {len(provinces)} tỉnh, thành phố phải đăng ký với Bộ Công Thương, "
                f"không phải Sở Công Thương ({rule_source}).", field="addressed_to")
        ministry = Agency.objects.filter(kind=AgencyKind.MINISTRY, name__icontains="Bộ Công Thương").first()
        if ministry is None:
            raise DomainError(
                "receiver_unavailable",
                "HangViet chưa tiếp nhận hồ sơ gửi Bộ Công Thương: chương trình tại nhiều tỉnh, thành phố hãy nộp qua "
                "Cổng dịch vụ công của Bộ Công Thương.", field="addressed_to")
        return ministry
    if programme.addressed_to == "ministry":
        raise DomainError(
            "department_required",
            f"Chương trình chỉ thực hiện tại {provinces[0].name} phải gửi Sở Công Thương tỉnh, thành phố đó, "
            f"không phải Bộ Công Thương ({rule_source}).", field="addressed_to")
    department = (Agency.objects.filter(kind=AgencyKind.DEPARTMENT, place_id=provinces[0].code,
                                        name__startswith="Sở Công Thương").order_by("id").first())
    if department is None:
        raise DomainError(
            "receiver_unavailable",
            f"Sở Công Thương {provinces[0].name} chưa tiếp nhận hồ sơ khuyến mại trên HangViet: hãy nộp trực tiếp "
            "hoặc qua Cổng dịch vụ công của tỉnh.", field="provinces")
    return department
