"""Trade-fair registrations on the shared filing workflow: content and legal lead times checked; the
Department confirms, asks for changes or refuses; a confirmed fair appears on the public calendar;
amendments, cancellations and the post-event report go through the same filing."""

import datetime as dt

import pytest

from hangviet.core.errors import DomainError, NotFound, PermissionDenied, ValidationFailed
from hangviet.events.models import Event, TradeFairRegistration
from hangviet.events.services import fairs
from hangviet.events.services.fairs import FairData, FairReportData
from hangviet.filings import services as filing_services
from hangviet.filings.models import Filing

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()
OPENS = TODAY + dt.timedelta(days=60)
NAME = "Hội chợ Hàng Việt Thanh Hóa mùa xuân"


@pytest.fixture
def fair_data(place_named):
    def make(**kw):
        values = dict(name=NAME, theme="Hàng Việt, OCOP xứ Thanh", opens_on=OPENS,
                      closes_on=OPENS + dt.timedelta(days=4), place_code=place_named("Phường Hạc Thành").code,
                      venue="Cung Văn hóa Hữu nghị Việt - Lào", expected_booths=200)
        values.update(kw)
        return FairData(**values)

    return make


@pytest.fixture
def submitted(business_scope, fair_data):
    reg = fairs.fair_create(scope=business_scope, data=fair_data())
    fairs.fair_submit(scope=business_scope, registration_id=reg.pk)
    reg.refresh_from_db()
    return reg


def test_registration_is_reviewed_and_the_confirmed_fair_is_on_the_calendar(submitted, scope_of, client,
                                                                             business_scope, fair_data):
    filing = submitted.filing
    assert filing.state == "submitted" and filing.reference.startswith("HCTL-")
    assert filing.receiving_agency.name == "Sở Công Thương tỉnh Thanh Hóa"
    assert filing.due_date is not None and filing.payload["name"] == NAME
    assert NAME not in client.get("/su-kien/").content.decode()
    officer = scope_of("daumoi.qltm")
    # Ask for changes, the organiser corrects and resubmits, then the Department confirms.
    filing_services.filing_request_changes(scope=officer, filing_id=filing.pk, note="Bổ sung chủ đề chi tiết.")
    fairs.fair_update(scope=business_scope, registration_id=submitted.pk,
                      data=fair_data(theme="Tuần hàng Việt, sản phẩm OCOP xứ Thanh"))
    fairs.fair_submit(scope=business_scope, registration_id=submitted.pk)
    filing_services.filing_confirm(scope=officer, filing_id=filing.pk, note="Xác nhận.")
    submitted.refresh_from_db()
    event = submitted.event
    assert event.status == "published" and event.kind == "trade_fair"
    assert event.organiser.name == "Sở Công Thương tỉnh Thanh Hóa"
    assert event.organiser_business.name == "Công ty TNHH Nem chua Thanh Hóa Xứ Thanh"
    assert NAME in client.get("/su-kien/").content.decode()
    assert f"event-{event.pk}@" in client.get("/events.ics?kind=trade_fair").content.decode()

    # An amendment waits for the Department; refused, the fair stays as confirmed; confirmed, it moves.
    fairs.fair_amend(scope=business_scope, registration_id=submitted.pk,
                     data=fair_data(opens_on=OPENS + dt.timedelta(days=7), closes_on=OPENS + dt.timedelta(days=10),
                                    change_note="Lùi 1 tuần"))
    assert Filing.objects.get(pk=filing.pk).state == "amended"
    filing_services.filing_refuse(scope=officer, filing_id=filing.pk, reason="Trùng lịch hội chợ khác")
    event.refresh_from_db()
    assert event.starts_at.date() == OPENS and Filing.objects.get(pk=filing.pk).state == "confirmed"
    fairs.fair_amend(scope=business_scope, registration_id=submitted.pk,
                     data=fair_data(opens_on=OPENS + dt.timedelta(days=14), closes_on=OPENS + dt.timedelta(days=17),
                                    change_note="Lùi 2 tuần"))
    filing_services.filing_confirm(scope=officer, filing_id=filing.pk)
    event.refresh_from_db()
    submitted.refresh_from_db()
    assert event.starts_at.date() == OPENS + dt.timedelta(days=14) and submitted.opens_on == event.starts_at.date()

    # After the fair, the report closes the filing and fills the results.
    with pytest.raises(DomainError) as exc:
        fairs.fair_report(scope=business_scope, registration_id=submitted.pk, report=FairReportData(report_text="x"))
    assert "sau khi hội chợ bế mạc" in exc.value.message
    past_open, past_close = TODAY - dt.timedelta(days=6), TODAY - dt.timedelta(days=1)
    TradeFairRegistration.objects.filter(pk=submitted.pk).update(opens_on=past_open, closes_on=past_close)
    Event.objects.filter(pk=event.pk).update(starts_at=event.starts_at - dt.timedelta(days=80),
                                             ends_at=event.ends_at - dt.timedelta(days=80))
    fairs.fair_report(scope=business_scope, registration_id=submitted.pk,
                      report=FairReportData(actual_booths=190, actual_visitors=40000, report_text="Thành công."))
    event.refresh_from_db()
    assert event.status == "done" and event.actual_booths == 190
    assert Filing.objects.get(pk=filing.pk).state == "closed"


def test_registration_after_its_deadline_changes_nothing(business_scope, fair_data):
    before = (TradeFairRegistration.objects.count(), Filing.objects.count())
    with pytest.raises(DomainError) as exc:
        fairs.fair_create(scope=business_scope, data=fair_data(opens_on=TODAY + dt.timedelta(days=20),
                                                               closes_on=TODAY + dt.timedelta(days=22)))
    latest = TODAY + dt.timedelta(days=20) - dt.timedelta(days=30)
    assert exc.value.status == 422
    assert f"chậm nhất 30 ngày trước ngày khai mạc (hạn cuối {latest:%d/%m/%Y})" in exc.value.message
    assert "81/2018/NĐ-CP" in exc.value.message
    with pytest.raises(DomainError) as exc:
        fairs.fair_create(scope=business_scope, data=fair_data(opens_on=TODAY + dt.timedelta(days=400),
                                                               closes_on=TODAY + dt.timedelta(days=401)))
    assert "quá sớm" in exc.value.message
    assert (TradeFairRegistration.objects.count(), Filing.objects.count()) == before


def test_a_draft_that_became_late_cannot_be_submitted(business_scope, fair_data):
    reg = fairs.fair_create(scope=business_scope, data=fair_data())
    TradeFairRegistration.objects.filter(pk=reg.pk).update(opens_on=TODAY + dt.timedelta(days=10),
                                                           closes_on=TODAY + dt.timedelta(days=12))
    with pytest.raises(DomainError) as exc:
        fairs.fair_submit(scope=business_scope, registration_id=reg.pk)
    assert "quá hạn" in exc.value.message
    assert Filing.objects.get(pk=reg.filing_id).state == "draft"


def test_content_checks(business_scope, fair_data):
    with pytest.raises(ValidationFailed) as exc:
        fairs.fair_create(scope=business_scope, data=fair_data(
            name="Hội chợ Hàng Việt Nam chất lượng cao", closes_on=OPENS - dt.timedelta(days=1), venue="",
            expected_booths=0, shows_comparison_goods=True, place_code="38"))
    assert {"quality_title_evidence", "closes_on", "venue", "expected_booths", "comparison_note",
            "place_code"} <= set(exc.value.errors)


def test_cancellation_needs_a_reason_and_hides_the_fair(submitted, scope_of, business_scope, client):
    filing_services.filing_confirm(scope=scope_of("daumoi.qltm"), filing_id=submitted.filing_id)
    with pytest.raises(DomainError):
        fairs.fair_cancel(scope=business_scope, registration_id=submitted.pk, reason="")
    fairs.fair_cancel(scope=business_scope, registration_id=submitted.pk, reason="Thiếu nhà tài trợ")
    submitted.refresh_from_db()
    assert submitted.event.status == "cancelled"
    assert NAME not in client.get("/su-kien/").content.decode()


def test_late_cancellation_by_the_organiser_is_refused(submitted, scope_of, business_scope):
    filing_services.filing_confirm(scope=scope_of("daumoi.qltm"), filing_id=submitted.filing_id)
    TradeFairRegistration.objects.filter(pk=submitted.pk).update(opens_on=TODAY + dt.timedelta(days=10))
    with pytest.raises(DomainError) as exc:
        fairs.fair_cancel(scope=business_scope, registration_id=submitted.pk, reason="Đổi ý")
    assert "Quá hạn thay đổi" in exc.value.message
    assert Filing.objects.get(pk=submitted.filing_id).state == "confirmed"


def test_scope_of_fair_filings(submitted, scope_of, api_client):
    with pytest.raises(NotFound):  # another province's officer does not even see it
        filing_services.filing_confirm(scope=scope_of("daumoi.camxuyen"), filing_id=submitted.filing_id)
    with pytest.raises(PermissionDenied):  # the organiser cannot confirm its own filing
        filing_services.filing_confirm(scope=scope_of("doanhnghiep"), filing_id=submitted.filing_id)
    from hangviet.agencies.models import Role, User
    from hangviet.agencies.scope import scope_for
    from hangviet.businesses.models import Business

    other = User.objects.create(username="cudo2", role=Role.BUSINESS,
                                business=Business.objects.get(name="Hợp tác xã Kẹo cu đơ Hà Tĩnh"))
    with pytest.raises(NotFound):
        fairs.fair_cancel(scope=scope_for(other), registration_id=submitted.pk, reason="x")
    with pytest.raises(PermissionDenied):
        fairs.fair_create(scope=scope_of("phoihop.mttq"), data=None)
    assert api_client("daumoi.qltm").get(f"/api/v1/events/fairs/{submitted.pk}").status_code == 200
    assert api_client("daumoi.camxuyen").get(f"/api/v1/events/fairs/{submitted.pk}").status_code == 404


def test_fair_filing_api(api_client, place_named):
    c = api_client("doanhnghiep")
    opens = TODAY + dt.timedelta(days=10)
    payload = {"name": "Hội chợ OCOP", "opens_on": opens.isoformat(), "closes_on": opens.isoformat(),
               "place_code": place_named("Phường Hạc Thành").code, "venue": "Quảng trường Lam Sơn",
               "expected_booths": 80}
    late = c.post("/api/v1/events/fairs", payload, content_type="application/json")
    assert late.status_code == 422 and "quá hạn" in late.json()["detail"]
    payload["opens_on"] = payload["closes_on"] = (TODAY + dt.timedelta(days=90)).isoformat()
    ok = c.post("/api/v1/events/fairs", payload, content_type="application/json")
    assert ok.status_code == 201 and "81/2018" in ok.json()["legal_source"] and ok.json()["state"] == "draft"
    submitted = c.post(f"/api/v1/events/fairs/{ok.json()['id']}/submit").json()
    assert submitted["state"] == "submitted" and submitted["reference"].startswith("HCTL-")
    assert c.get("/api/v1/events/fairs").json()["count"] == 1


def test_portal_form(client_as, place_named):
    c = client_as("doanhnghiep")
    assert c.get("/su-kien/hoi-cho/dang-ky/").status_code == 200
    late = (TODAY + dt.timedelta(days=5)).isoformat()
    response = c.post("/su-kien/hoi-cho/dang-ky/", {"name": "Hội chợ OCOP", "opens_on": late, "closes_on": late,
                                                    "place_code": place_named("Phường Sầm Sơn").code,
                                                    "venue": "Quảng trường", "expected_booths": 50})
    assert response.status_code == 422 and "quá hạn" in response.content.decode()
    ok_day = (TODAY + dt.timedelta(days=50)).isoformat()
    response = c.post("/su-kien/hoi-cho/dang-ky/", {"name": "Hội chợ OCOP", "opens_on": ok_day, "closes_on": ok_day,
                                                    "place_code": place_named("Phường Sầm Sơn").code,
                                                    "venue": "Quảng trường", "expected_booths": 50})
    reg = TradeFairRegistration.objects.get(name="Hội chợ OCOP")
    assert response.status_code == 302 and response["Location"] == f"/ho-so-cua-toi/{reg.filing_id}/"
    assert c.get(response["Location"]).status_code == 200
    assert client_as("daumoi.qltm").get("/su-kien/hoi-cho/dang-ky/").status_code == 403
