import datetime as dt

import pytest

from hangviet.core import workdays
from hangviet.core.deadlines import today
from hangviet.core.errors import DomainError, ValidationFailed
from hangviet.filings.models import FilingState
from hangviet.promotions import selectors, services
from hangviet.promotions.models import Programme, PromotionRule
from hangviet.promotions.services import ItemData, PrizeData


def test_rules_are_seeded_with_source_and_dates(db):
    rule = PromotionRule.objects.get(form="lucky_draws")
    assert rule.procedure == "register" and rule.result_report_days == 45 and rule.unawarded_budget_percent == 50
    assert "128/2024" in rule.legal_source and rule.effective_from == dt.date(2024, 12, 1)
    assert PromotionRule.objects.get(form="discounts").max_value_percent == 50


def _submit_error(scope, data):
    programme = services.programme_create(scope=scope, data=data)
    with pytest.raises(DomainError) as exc:
        services.programme_submit(scope=scope, programme_id=programme.pk)
    programme.filing.refresh_from_db()
    assert programme.filing.state == FilingState.DRAFT
    return exc.value


def test_done_when_flow(scope_of, tet):
    biz, officer = scope_of("doanhnghiep"), scope_of("daumoi.qltm")
    programme = services.programme_create(scope=biz, data=tet(items=[ItemData(
        name="Nem chua hộp 500g", unit_price=100000, discount_percent=70, quantity=1000)]))
    with pytest.raises(DomainError) as exc:
        services.programme_submit(scope=biz, programme_id=programme.pk)
    assert exc.value.field == "items"
    assert "70%" in exc.value.message and "50%" in exc.value.message and "128/2024" in exc.value.message
    services.programme_update(scope=biz, programme_id=programme.pk, data=tet())
    programme = services.programme_submit(scope=biz, programme_id=programme.pk)
    filing = programme.filing
    assert filing.state == FilingState.SUBMITTED and filing.reference.startswith("KM-")
    assert filing.receiving_agency.name == "Sở Công Thương tỉnh Thanh Hóa"
    assert filing.due_date == workdays.add_working_days(today(), 5)
    assert not selectors.public_programmes().filter(pk=programme.pk).exists()
    from hangviet.filings import services as fs

    fs.filing_confirm(scope=officer, filing_id=filing.pk, note="Xác nhận")
    assert selectors.public_programmes(active_on=programme.starts_on).filter(pk=programme.pk).exists()
    assert selectors.public_programmes(q="nem chua xu thanh").filter(pk=programme.pk).exists()
    assert selectors.public_programmes(province="38", form="lucky_draws").filter(pk=programme.pk).exists()
    assert not selectors.public_programmes(province="42").filter(pk=programme.pk).exists()
    assert not selectors.public_programmes(active_on=programme.ends_on + dt.timedelta(days=1)).filter(pk=programme.pk).exists()
    stats = selectors.statistics(scope=officer, year=programme.starts_on.year)
    assert stats["count"] >= 1
    assert any(r["form"] == "lucky_draws" and r["count"] >= 1 for r in stats["by_form"])
    assert stats["by_month"][programme.starts_on.month - 1]["count"] >= 1
    # editing after confirmation changes nothing
    with pytest.raises(DomainError) as exc:
        services.programme_update(scope=biz, programme_id=programme.pk, data=tet(name="Đổi tên"))
    assert "đã xác nhận" in exc.value.message
    assert Programme.objects.get(pk=programme.pk).name == "Khuyến mại Tết Nem chua Xứ Thanh"
    # another province's officer cannot see it
    assert not selectors.programme_list(scope=scope_of("daumoi.camxuyen")).filter(pk=programme.pk).exists()


def test_lead_time(scope_of, tet):
    start = workdays.add_working_days(today(), 2)
    err = _submit_error(scope_of("doanhnghiep"), tet(starts_on=start, ends_on=start + dt.timedelta(days=10),
                                                     draw_date=start + dt.timedelta(days=11)))
    assert err.field == "starts_on" and "5 ngày làm việc" in err.message and "sớm nhất" in err.message


def test_several_provinces_with_department(scope_of, tet):
    err = _submit_error(scope_of("doanhnghiep"), tet(province_codes=["38", "42"]))
    assert err.field == "addressed_to" and "Bộ Công Thương" in err.message
    err = _submit_error(scope_of("doanhnghiep"), tet(province_codes=["38", "42"], addressed_to="ministry"))
    assert "HangViet chưa tiếp nhận" in err.message


def test_prize_without_value(scope_of, tet):
    with pytest.raises(ValidationFailed) as exc:
        services.programme_create(scope=scope_of("doanhnghiep"), data=tet(prizes=[PrizeData(rank="Giải nhất", description="Xe", value=None)]))
    assert "trị giá" in exc.value.errors["prizes"][0]
    assert not Programme.objects.filter(name="Khuyến mại Tết Nem chua Xứ Thanh").exists()


def test_lucky_draw_needs_prizes_and_procedure(scope_of, tet):
    err = _submit_error(scope_of("doanhnghiep"), tet(prizes=[]))
    assert err.field == "prizes"
    err = _submit_error(scope_of("doanhnghiep"), tet(procedure="notify"))
    assert err.field == "procedure" and "đăng ký" in err.message


def test_discount_only_needs_no_filing(scope_of, tet):
    err = _submit_error(scope_of("doanhnghiep"), tet(forms=["discounts"], prizes=[], procedure="notify"))
    assert err.field == "forms" and "không cần nộp" in err.message


def test_call_allows_concentrated_cap(scope_of, tet):
    officer = scope_of("daumoi.qltm")
    d = tet()
    call = services.call_save(scope=officer, publish=True, data=services.CallData(
        title="Khuyến mại tập trung dịp Tết", starts_on=d.starts_on - dt.timedelta(days=1),
        ends_on=d.ends_on + dt.timedelta(days=5), concentrated_max_percent=100, place_code="38"))
    biz = scope_of("doanhnghiep")
    programme = services.programme_create(scope=biz, data=tet(call_id=call.pk, items=[ItemData(
        name="Nem chua hộp", unit_price=100000, discount_percent=80, quantity=10)], prizes=[
        PrizeData(rank="Giải nhất", description="Quà", value=100000, quantity=1)]))
    services.programme_submit(scope=biz, programme_id=programme.pk)
    assert call.programmes.count() == 1



def test_close_ended(scope_of, tet):
    from hangviet.filings import services as fs

    biz = scope_of("doanhnghiep")
    p = services.programme_create(scope=biz, data=tet())
    services.programme_submit(scope=biz, programme_id=p.pk)
    fs.filing_confirm(scope=scope_of("daumoi.qltm"), filing_id=p.filing_id)
    assert services.programmes_close_ended(on=p.ends_on) == 0
    assert services.programmes_close_ended(on=p.ends_on + dt.timedelta(days=1)) == 1
    p.filing.refresh_from_db()
    assert p.filing.state == FilingState.CLOSED
    stats = selectors.statistics(scope=scope_of("daumoi.qltm"), year=p.starts_on.year)
    assert stats["count"] >= 1


def test_tet_holiday_cap_comes_from_the_rule_row(scope_of, tet):
    """A discount programme wholly inside the Tết holidays may go to the rule's holiday cap (100%),
    one day outside may not; changing the row changes the outcome (data, not code)."""
    from hangviet.promotions import rules

    biz = scope_of("doanhnghiep")
    tet_days = tet(starts_on=dt.date(2027, 2, 5), ends_on=dt.date(2027, 2, 9), draw_date=dt.date(2027, 2, 9),
                   items=[ItemData(name="Nem chua", unit_price=100000, discount_percent=80, quantity=10)],
                   prizes=[PrizeData(rank="Giải nhất", description="Quà", value=100000, quantity=1)])
    p = services.programme_create(scope=biz, data=tet_days)
    rules.check_programme(p, on=today())
    tet_days.ends_on = dt.date(2027, 2, 12)
    p = services.programme_create(scope=biz, data=tet_days)
    with pytest.raises(DomainError) as exc:
        rules.check_programme(p, on=today())
    assert exc.value.code == "discount_cap"
    PromotionRule.objects.filter(form="discounts").update(max_value_percent=90)
    rules.check_programme(p, on=today())


def test_rule_in_force_on_the_filing_date(db):
    from hangviet.promotions import rules

    old = PromotionRule.objects.get(form="discounts")
    PromotionRule.objects.filter(pk=old.pk).update(effective_to=dt.date(2030, 12, 31))
    PromotionRule.objects.create(form="discounts", procedure="none", max_value_percent=60,
                                 legal_source="Nghị định giả định 2031", effective_from=dt.date(2031, 1, 1))
    assert rules.rule_in_force("discounts", dt.date(2030, 6, 1)).max_value_percent == 50
    assert rules.rule_in_force("discounts", dt.date(2031, 6, 1)).max_value_percent == 60
    assert rules.rule_in_force("discounts", dt.date(2024, 1, 1)) is None


def test_amendment_keeps_confirmed_content_until_confirmed(scope_of, tet):
    from hangviet.filings import services as fs
    from hangviet.promotions.models import ProgrammeChange

    biz, officer = scope_of("doanhnghiep"), scope_of("daumoi.qltm")
    p = services.programme_create(scope=biz, data=tet())
    services.programme_submit(scope=biz, programme_id=p.pk)
    fs.filing_confirm(scope=officer, filing_id=p.filing_id)
    # the generic "amend" without content is refused with a pointer to the promotions page
    with pytest.raises(DomainError):
        fs.filing_amend(scope=biz, filing_id=p.filing_id, note="x")
    # a change that breaks a rule is refused and nothing is filed
    with pytest.raises(DomainError) as exc:
        services.programme_amend(scope=biz, programme_id=p.pk, note="Tăng mức giảm",
                                 data=tet(items=[ItemData(name="Nem", unit_price=100000, discount_percent=75, quantity=1)]))
    assert exc.value.field == "items"
    assert not ProgrammeChange.objects.filter(programme=p).exists()
    new_end = p.ends_on + dt.timedelta(days=10)
    services.programme_amend(scope=biz, programme_id=p.pk, note="Kéo dài 10 ngày", data=tet(ends_on=new_end,
                             draw_date=new_end))
    p.refresh_from_db()
    assert p.filing.state == FilingState.AMENDED and p.ends_on != new_end
    assert selectors.public_programmes(active_on=p.starts_on).filter(pk=p.pk).exists()
    fs.filing_refuse(scope=officer, filing_id=p.filing_id, reason="Không đủ căn cứ")
    p.refresh_from_db()
    assert p.filing.state == FilingState.CONFIRMED and p.ends_on != new_end
    assert ProgrammeChange.objects.get(programme=p).state == "refused"
    services.programme_amend(scope=biz, programme_id=p.pk, note="Kéo dài 10 ngày", data=tet(ends_on=new_end,
                             draw_date=new_end))
    fs.filing_confirm(scope=officer, filing_id=p.filing_id)
    p.refresh_from_db()
    assert p.filing.state == FilingState.CONFIRMED and p.ends_on == new_end
    assert p.filing.payload["Thời gian"].endswith(new_end.strftime("%d/%m/%Y"))
