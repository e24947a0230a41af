"""Trade-fair and exhibition filings (Decree 81/2018/NĐ-CP): what an organiser files with the Department
(registration, amendment, cancellation, post-event report), the checks of its content and legal lead
times, and what happens on the calendar when the Department confirms it. The review workflow itself
(states, working-day deadlines, comments, documents, notifications) is the shared filings mechanism;
these functions are the events app's plug into it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from hangviet.agencies.models import Agency, AgencyKind, Role
from hangviet.agencies.scope import Scope
from hangviet.businesses.models import Business
from hangviet.core import history
from hangviet.core.errors import DomainError, NotFound, PermissionDenied
from hangviet.core.text import fold
from hangviet.core.validators import clean_tax_code
from hangviet.places.models import Place

from ..models import ChangeState, Event, EventKind, EventStatus, FairFilingKind, TradeFairRegistration
from . import _clean, fair_rules
from ._clean import Errors

# Words that claim a quality title in a fair's name; such a name needs its evidence (Decree 81/2018, art. 9).
QUALITY_TITLE_WORDS = ("chat luong cao", "uy tin", "thuong hieu", "hang dau", "tieu bieu", "xuat sac", "vang")
MAX_FAIR_DAYS = 90


@dataclass
class FairData:
    name: str
    opens_on: dt.date
    closes_on: dt.date
    place_code: str
    venue: str
    expected_booths: int
    theme: str = ""
    organiser_name: str = ""
    organiser_address: str = ""
    organiser_tax_code: str = ""
    shows_comparison_goods: bool = False
    comparison_note: str = ""
    quality_title_evidence: str = ""
    change_note: str = ""


@dataclass
class FairReportData:
    actual_booths: int | None = None
    actual_businesses: int | None = None
    actual_visitors: int | None = None
    actual_revenue: int | None = None
    report_text: str = ""


def _clean_content(scope: Scope, data: FairData, errors: Errors) -> dict:
    out: dict = {}
    business = Business.objects.filter(pk=scope.business_id).first() if scope.is_business else None
    out["organiser_business"] = business
    out["organiser_name"] = _clean.text(errors, "organiser_name", data.organiser_name or (business.name if business else ""),
                                        limit=255, required=True, label="Tên thương nhân tổ chức")
    out["organiser_address"] = _clean.text(errors, "organiser_address",
                                           data.organiser_address or (business.address if business else ""),
                                           limit=300, required=True, label="Địa chỉ thương nhân")
    try:
        out["organiser_tax_code"] = clean_tax_code(data.organiser_tax_code or (business.tax_code if business else ""),
                                                   field="organiser_tax_code")
    except DomainError as exc:
        errors.fail("organiser_tax_code", exc.message)
    out["name"] = _clean.text(errors, "name", data.name, limit=255, required=True, label="Tên hội chợ, triển lãm")
    out["theme"] = _clean.text(errors, "theme", data.theme, limit=300, label="Chủ đề")
    out["venue"] = _clean.text(errors, "venue", data.venue, limit=300, required=True, label="Địa điểm tổ chức")
    out["comparison_note"] = _clean.text(errors, "comparison_note", data.comparison_note, limit=2000,
                                         label="Cách trưng bày hàng so sánh", multiline=True)
    out["quality_title_evidence"] = _clean.text(errors, "quality_title_evidence", data.quality_title_evidence,
                                                limit=2000, label="Căn cứ danh hiệu chất lượng", multiline=True)
    out["shows_comparison_goods"] = bool(data.shows_comparison_goods)
    if out["shows_comparison_goods"] and not out["comparison_note"]:
        errors.fail("comparison_note", "Đăng ký trưng bày hàng giả, hàng vi phạm để so sánh thì phải nêu cách trưng bày "
                                       "và ghi rõ đó là hàng giả, hàng vi phạm.")
    if out["name"] and any(word in fold(out["name"]) for word in QUALITY_TITLE_WORDS) and not out["quality_title_evidence"]:
        errors.fail("quality_title_evidence", "Tên hội chợ có cụm từ về danh hiệu chất lượng: phải nêu căn cứ, "
                                              "tài liệu chứng minh.")
    opens, closes = data.opens_on, data.closes_on
    if not opens:
        errors.fail("opens_on", "Ngày khai mạc là bắt buộc.")
    if not closes:
        errors.fail("closes_on", "Ngày bế mạc là bắt buộc.")
    if opens and closes:
        if closes < opens:
            errors.fail("closes_on", "Ngày bế mạc phải sau hoặc trùng ngày khai mạc.")
        elif (closes - opens).days > MAX_FAIR_DAYS:
            errors.fail("closes_on", f"Một hội chợ, triển lãm kéo dài tối đa {MAX_FAIR_DAYS} ngày.")
    out["opens_on"], out["closes_on"] = opens, closes
    place = Place.objects.filter(pk=str(data.place_code or "")[:20]).first()
    if place is None:
        errors.fail("place_code", "Không tìm thấy địa bàn tổ chức với mã đã chọn.")
    elif place.level == "province":
        errors.fail("place_code", "Chọn xã/phường nơi tổ chức hội chợ.")
    out["place"] = place
    booths = _clean.count(errors, "expected_booths", data.expected_booths, label="Số gian hàng dự kiến", limit=100000)
    if booths is not None and booths < 1:
        errors.fail("expected_booths", "Quy mô dự kiến ít nhất 1 gian hàng.")
    out["expected_booths"] = booths or 0
    out["change_note"] = _clean.text(errors, "change_note", data.change_note, limit=3000,
                                     label="Nội dung thay đổi", multiline=True)
    return out


KIND = "trade_fair"


def _today() -> dt.date:
    return timezone.localdate()


def _check_filer(scope: Scope):
    if not (scope.is_business or scope.is_admin or scope.has_role(Role.FOCAL, Role.OFFICER)):
        raise PermissionDenied("Chỉ thương nhân tổ chức hoặc cán bộ được nộp hồ sơ hội chợ, triển lãm.")


def _own(scope: Scope, registration_id) -> TradeFairRegistration:
    """The filer's own registration (locked); anyone else gets 404."""
    from hangviet.filings import policy as filing_policy

    reg = (TradeFairRegistration.objects.select_for_update(of=("self",)).select_related("filing", "place")
           .filter(pk=_clean.valid_id(registration_id) or 0, filing_kind=FairFilingKind.REGISTRATION).first())
    if reg is None or reg.filing is None or not filing_policy.is_filer(scope, reg.filing):
        raise NotFound("Không tìm thấy hồ sơ hội chợ của bạn.")
    return reg


def _content(scope: Scope, data: FairData) -> dict:
    errors = Errors()
    values = _clean_content(scope, data, errors)
    errors.raise_if_any()
    return values


@transaction.atomic
def fair_create(*, scope: Scope, data: FairData) -> TradeFairRegistration:
    """A draft registration (checked at once, lead time included, so a late one is refused right away)."""
    from hangviet.filings import services as filing_services

    _check_filer(scope)
    values = _content(scope, data)
    day = _today()
    values["rule"] = fair_rules.check_registration_window(opens_on=values["opens_on"], filed_on=day)
    filing = filing_services.filing_create(scope=scope, kind=KIND, title=values["name"][:300])
    reg = TradeFairRegistration.objects.create(filing=filing, filing_kind=FairFilingKind.REGISTRATION, filed_on=day,
                                               filed_by=scope.user if scope.user_id else None, **values)
    history.record(reg, actor=scope.user, action="create")
    return reg


@transaction.atomic
def fair_update(*, scope: Scope, registration_id: int, data: FairData) -> TradeFairRegistration:
    """Edit a draft, or a registration the Department sent back for changes."""
    from hangviet.filings import services as filing_services

    reg = _own(scope, registration_id)
    filing_services.ensure_editable(scope=scope, filing=reg.filing)
    values = _content(scope, data)
    values["rule"] = fair_rules.check_registration_window(opens_on=values["opens_on"], filed_on=_today())
    before = history.snapshot(reg)
    for key, value in values.items():
        setattr(reg, key, value)
    reg.save()
    history.record(reg, actor=scope.user, action="update", before=before)
    filing_services.filing_set_title(scope=scope, filing_id=reg.filing_id, title=reg.name[:300])
    return reg


@transaction.atomic
def fair_submit(*, scope: Scope, registration_id: int):
    from hangviet.filings import services as filing_services

    reg = _own(scope, registration_id)
    return filing_services.filing_submit(scope=scope, filing_id=reg.filing_id)


@transaction.atomic
def fair_amend(*, scope: Scope, registration_id: int, data: FairData) -> TradeFairRegistration:
    """File a change of a confirmed fair: the change waits for the Department, the fair stays as confirmed."""
    from hangviet.filings import services as filing_services

    reg = _own(scope, registration_id)
    if reg.follow_ups.filter(filing_kind=FairFilingKind.AMENDMENT, change_state=ChangeState.PENDING).exists():
        raise DomainError("amendment_pending", "Đã có một nội dung thay đổi đang chờ xác nhận.", status=409)
    values = _content(scope, data)
    if not values.get("change_note"):
        raise DomainError("change_note_missing", "Nêu rõ nội dung thay đổi.", field="change_note")
    day = _today()
    fair_rules.check_change_window(opens_on=reg.opens_on, filed_on=day)
    values["rule"] = fair_rules.check_change_window(opens_on=values["opens_on"], filed_on=day)
    amendment = TradeFairRegistration.objects.create(
        filing_kind=FairFilingKind.AMENDMENT, original=reg, change_state=ChangeState.PENDING, filed_on=day,
        filed_by=scope.user if scope.user_id else None, **values)
    history.record(amendment, actor=scope.user, action="create")
    filing_services.filing_amend(scope=scope, filing_id=reg.filing_id, note=values["change_note"])
    return amendment


@transaction.atomic
def fair_cancel(*, scope: Scope, registration_id: int, reason: str):
    from hangviet.filings import services as filing_services

    reg = _own(scope, registration_id)
    return filing_services.filing_cancel(scope=scope, filing_id=reg.filing_id, reason=reason)


@transaction.atomic
def fair_report(*, scope: Scope, registration_id: int, report: FairReportData) -> TradeFairRegistration:
    """The post-event report: it closes the filing and fills the calendar entry's results."""
    from hangviet.filings import services as filing_services

    reg = _own(scope, registration_id)
    day = _today()
    if day < reg.closes_on:
        raise DomainError("report_too_early", "Báo cáo kết quả nộp sau khi hội chợ bế mạc "
                                              f"({reg.closes_on:%d/%m/%Y}).", status=422)
    errors = Errors()
    values = {}
    for name, label in [("actual_booths", "Số gian hàng"), ("actual_businesses", "Số doanh nghiệp"),
                        ("actual_visitors", "Lượt khách")]:
        values[name] = _clean.count(errors, name, getattr(report, name), label=label)
    values["actual_revenue"] = _clean.money(errors, "actual_revenue", report.actual_revenue, label="Doanh thu")
    values["report_text"] = _clean.text(errors, "report_text", report.report_text, limit=10000, required=True,
                                        label="Nội dung báo cáo", multiline=True)
    errors.raise_if_any()
    copied = {k: getattr(reg, k) for k in ("organiser_business", "organiser_name", "organiser_address",
                                           "organiser_tax_code", "name", "theme", "opens_on", "closes_on", "place",
                                           "venue", "expected_booths")}
    row = TradeFairRegistration.objects.create(filing_kind=FairFilingKind.REPORT, original=reg, filed_on=day,
                                               filed_by=scope.user if scope.user_id else None, **copied, **values)
    history.record(row, actor=scope.user, action="create")
    filing_services.filing_close(scope=scope, filing_id=reg.filing_id, note="Báo cáo kết quả tổ chức hội chợ")
    return row


# --- hooks of the filings mechanism ---------------------------------------------------------------------
def _registration_of(filing) -> TradeFairRegistration:
    reg = TradeFairRegistration.objects.select_related("place").filter(filing=filing).first()
    if reg is None:
        raise DomainError("fair_content_missing", "Hồ sơ chưa có nội dung đăng ký hội chợ.")
    return reg


def pending_amendment(reg: TradeFairRegistration) -> TradeFairRegistration | None:
    """The change filed for a confirmed fair that the Department has not decided yet."""
    return _pending_amendment(reg)


def _pending_amendment(reg: TradeFairRegistration) -> TradeFairRegistration | None:
    return (reg.follow_ups.filter(filing_kind=FairFilingKind.AMENDMENT, change_state=ChangeState.PENDING)
            .order_by("-pk").first())


def _payload(row: TradeFairRegistration) -> dict:
    return {"organiser": {"name": row.organiser_name, "address": row.organiser_address,
                          "tax_code": row.organiser_tax_code},
            "name": row.name, "theme": row.theme, "opens_on": row.opens_on.isoformat(),
            "closes_on": row.closes_on.isoformat(), "place": row.place_id, "venue": row.venue,
            "expected_booths": row.expected_booths, "shows_comparison_goods": row.shows_comparison_goods,
            "comparison_note": row.comparison_note, "quality_title_evidence": row.quality_title_evidence,
            "change_note": row.change_note,
            "legal_source": row.rule.legal_source if row.rule_id else ""}


def hook_review_working_days(filing) -> int:
    return fair_rules.rule_on(_today()).review_working_days


def hook_resolve_receiver(filing) -> Agency:
    reg = _registration_of(filing)
    agency = (Agency.objects.filter(kind=AgencyKind.DEPARTMENT, place_id=reg.place.province_id,
                                    search_key__startswith="so cong thuong").first())
    if agency is None:
        raise DomainError("no_department", "HangViet chưa có Sở Công Thương của tỉnh nơi tổ chức hội chợ để tiếp nhận "
                                           "hồ sơ; hãy nộp trực tiếp tại Sở.")
    return agency


def hook_validate_submission(filing) -> dict:
    from hangviet.filings.models import FilingState

    reg = _registration_of(filing)
    if filing.state == FilingState.CONFIRMED:  # an amendment is being filed
        amendment = _pending_amendment(reg)
        if amendment is None:
            raise DomainError("amendment_missing", "Chưa có nội dung thay đổi để nộp.")
        return _payload(amendment)
    fair_rules.check_registration_window(opens_on=reg.opens_on, filed_on=_today())
    return _payload(reg)


def hook_check_transition(filing, action: str, scope: Scope) -> None:
    from hangviet.filings import policy as filing_policy
    from hangviet.filings.models import FilingState

    reg = _registration_of(filing)
    day = _today()
    if action == "submit":
        fair_rules.check_registration_window(opens_on=reg.opens_on, filed_on=day)
    elif action == "amend":
        if _pending_amendment(reg) is None:
            raise DomainError("amendment_missing", "Nộp nội dung thay đổi qua chức năng “Đăng ký thay đổi”.")
        fair_rules.check_change_window(opens_on=reg.opens_on, filed_on=day)
    elif action == "cancel" and filing.state in (FilingState.CONFIRMED, FilingState.AMENDED) \
            and filing_policy.is_filer(scope, filing):
        fair_rules.check_change_window(opens_on=reg.opens_on, filed_on=day, field="reason")
    elif action == "close":
        if not reg.follow_ups.filter(filing_kind=FairFilingKind.REPORT).exists():
            raise DomainError("report_missing", "Hồ sơ hội chợ kết thúc khi thương nhân nộp báo cáo kết quả tổ chức.")


def _system_scope(scope: Scope) -> Scope:
    """The workflow acts on the fair's calendar entry on behalf of the Department; history keeps the actor."""
    from dataclasses import replace

    return replace(scope, role=Role.ADMIN)


def _event_data(reg: TradeFairRegistration, organiser: Agency):
    from .events import EventData

    tz = timezone.get_current_timezone()
    return EventData(
        title=reg.name, kind=EventKind.TRADE_FAIR, place_code=reg.place_id, address=reg.venue,
        starts_at=dt.datetime.combine(reg.opens_on, dt.time(8, 0), tzinfo=tz),
        ends_at=dt.datetime.combine(reg.closes_on, dt.time(22, 0), tzinfo=tz),
        organiser_id=organiser.pk, description=f"{reg.theme}\nĐơn vị tổ chức: {reg.organiser_name}".strip(),
        booth_count=reg.expected_booths, target_booths=reg.expected_booths,
    )


def hook_after_transition(filing, action: str, scope: Scope) -> None:
    from . import events as event_services

    reg = TradeFairRegistration.objects.select_for_update(of=("self",)).select_related("place", "event").get(filing=filing)
    system = _system_scope(scope)
    actor = scope.user
    if action == "confirm":
        amendment = _pending_amendment(reg)
        if amendment is not None and reg.event_id:
            before = history.snapshot(reg)
            for field in ("name", "theme", "opens_on", "closes_on", "place", "venue", "expected_booths",
                          "shows_comparison_goods", "comparison_note", "quality_title_evidence"):
                setattr(reg, field, getattr(amendment, field))
            reg.save()
            history.record(reg, actor=actor, action="amended", before=before, note=amendment.change_note)
            amendment.change_state = ChangeState.APPLIED
            amendment.save(update_fields=["change_state", "updated_at"])
            event_services.event_update(scope=system, event_id=reg.event_id, data=_event_data(reg, reg.event.organiser))
        elif reg.event_id is None:
            event = event_services.event_create(scope=system, data=_event_data(reg, filing.receiving_agency))
            Event.objects.filter(pk=event.pk).update(organiser_business=reg.organiser_business)
            event_services.event_publish(scope=system, event_id=event.pk)
            reg.event = event
            reg.save(update_fields=["event", "updated_at"])
    elif action == "refuse_amendment":
        amendment = _pending_amendment(reg)
        if amendment is not None:
            amendment.change_state = ChangeState.REFUSED
            amendment.save(update_fields=["change_state", "updated_at"])
    elif action in ("cancel", "suspend"):
        amendment = _pending_amendment(reg)
        if amendment is not None:
            amendment.change_state = ChangeState.REFUSED
            amendment.save(update_fields=["change_state", "updated_at"])
        if reg.event_id and reg.event.status in (EventStatus.PLANNED, EventStatus.PUBLISHED):
            reason = filing.decision_note or "Hồ sơ đăng ký hội chợ đã hủy."
            event_services.event_cancel(scope=system, event_id=reg.event_id, reason=reason)
    elif action == "close":
        report = reg.follow_ups.filter(filing_kind=FairFilingKind.REPORT).order_by("-pk").first()
        if report is not None and reg.event_id and reg.event.status != EventStatus.CANCELLED:
            event_services.event_record_results(
                scope=system, event_id=reg.event_id, now=max(timezone.now(), reg.event.starts_at),
                data=event_services.ResultsData(
                    actual_booths=report.actual_booths, actual_businesses=report.actual_businesses,
                    actual_visitors=report.actual_visitors, actual_revenue=report.actual_revenue,
                    evaluation=report.report_text[:5000]))


def hook_filer_url(filing) -> str:
    """The organiser's page of the fair (edit, change, cancel, report), linked from the filing's page."""
    from django.urls import reverse

    reg = TradeFairRegistration.objects.filter(filing=filing, filing_kind=FairFilingKind.REGISTRATION).first()
    return reverse("events:fair_manage", args=[reg.pk]) if reg else ""


def register() -> None:
    from hangviet.filings.kinds import register_kind

    register_kind(KIND, "Đăng ký tổ chức hội chợ, triển lãm thương mại", prefix="HCTL",
                  review_working_days=hook_review_working_days, check_transition=hook_check_transition,
                  resolve_receiver=hook_resolve_receiver, validate_submission=hook_validate_submission,
                  after_transition=hook_after_transition, filer_url=hook_filer_url)
