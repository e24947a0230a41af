"""The organiser's portal page of a fair registration: edit while a draft, file a change or cancel
once confirmed, report after the fair; other users never see it; bad input saves nothing."""

import datetime as dt

import pytest

from hangviet.events.models import Event, TradeFairRegistration
from hangviet.events.services import fairs
from hangviet.events.services.fairs import FairData
from hangviet.filings import services as filing_services
from hangviet.filings.models import Filing

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()
OPENS = TODAY + dt.timedelta(days=60)


@pytest.fixture
def draft(business_scope, place_named):
    data = FairData(name="Hội chợ OCOP xứ Thanh", opens_on=OPENS, closes_on=OPENS + dt.timedelta(days=4),
                    place_code=place_named("Phường Hạc Thành").code, venue="Quảng trường Lam Sơn", expected_booths=120)
    return fairs.fair_create(scope=business_scope, data=data)


def form_data(reg, **kw):
    values = {"name": reg.name, "theme": reg.theme, "opens_on": reg.opens_on.isoformat(),
              "closes_on": reg.closes_on.isoformat(), "place_code": reg.place_id, "venue": reg.venue,
              "expected_booths": str(reg.expected_booths)}
    values.update(kw)
    return values


def test_the_organiser_edits_a_draft_and_others_get_404(draft, client_as):
    page = client_as("doanhnghiep")
    url = f"/su-kien/hoi-cho/{draft.pk}/"
    html = page.get(url).content.decode()
    assert "Hội chợ OCOP xứ Thanh" in html and "Sửa nội dung hồ sơ" in html and "Đăng ký thay đổi" not in html
    response = page.post(url, {"form": "edit", **form_data(draft, venue="Cung Văn hóa Hữu nghị")})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.venue == "Cung Văn hóa Hữu nghị"
    # The filing's page links here.
    assert url in page.get(f"/ho-so-cua-toi/{draft.filing_id}/").content.decode()
    for other in ("daumoi.camxuyen", "canbo.thiencam"):
        assert client_as(other).get(url).status_code == 404
    assert page.get("/su-kien/hoi-cho/999999/").status_code == 404


def test_bad_input_is_refused_in_vietnamese_and_saves_nothing(draft, client_as):
    page = client_as("doanhnghiep")
    url = f"/su-kien/hoi-cho/{draft.pk}/"
    for data, message in (
        (form_data(draft, closes_on=(OPENS - dt.timedelta(days=1)).isoformat()), "Ngày bế mạc phải sau"),
        (form_data(draft, expected_booths="-5"), "lớn hơn hoặc bằng với 1"),
        (form_data(draft, place_code="99999"), "Không tìm thấy địa bàn"),
        (form_data(draft, name="x" * 300), "tối đa 255"),
        (form_data(draft, name="<script>alert(1)</script>"), None),
    ):
        response = page.post(url, {"form": "edit", **data})
        if message is None:  # stored as text, never rendered as markup
            assert "<script>alert(1)</script>" not in page.get(url).content.decode()
            continue
        assert response.status_code == 422 and message in response.content.decode(), message
        draft.refresh_from_db()
        assert draft.venue == "Quảng trường Lam Sơn" and draft.expected_booths == 120
    # A form that does not apply in this state (a report before the fair) is refused.
    response = page.post(url, {"form": "report", "report_text": "x"}, follow=True)
    assert "không áp dụng" in response.content.decode()
    assert not TradeFairRegistration.objects.filter(original=draft).exists()


def test_change_cancel_and_report_once_confirmed(draft, business_scope, scope_of, client_as):
    page = client_as("doanhnghiep")
    url = f"/su-kien/hoi-cho/{draft.pk}/"
    fairs.fair_submit(scope=business_scope, registration_id=draft.pk)
    filing_services.filing_confirm(scope=scope_of("daumoi.qltm"), filing_id=draft.filing_id)
    html = page.get(url).content.decode()
    assert "Đăng ký thay đổi" in html and "Sửa nội dung hồ sơ" not in html and "Báo cáo kết quả" not in html

    missing_note = page.post(url, {"form": "amend", **form_data(draft, expected_booths="150")})
    assert missing_note.status_code == 422 and "Nội dung thay đổi" in missing_note.content.decode()
    assert Filing.objects.get(pk=draft.filing_id).state == "confirmed"
    response = page.post(url, {"form": "amend", "change_note": "Tăng lên 150 gian hàng",
                               **form_data(draft, expected_booths="150")})
    assert response.status_code == 302 and Filing.objects.get(pk=draft.filing_id).state == "amended"
    assert "Tăng lên 150 gian hàng" in page.get(url).content.decode()
    filing_services.filing_confirm(scope=scope_of("daumoi.qltm"), filing_id=draft.filing_id)
    draft.refresh_from_db()
    assert draft.expected_booths == 150

    # After the fair: the results report closes the filing and fills the event.
    TradeFairRegistration.objects.filter(pk=draft.pk).update(opens_on=TODAY - dt.timedelta(days=5),
                                                             closes_on=TODAY - dt.timedelta(days=1))
    event = Event.objects.get(pk=draft.event_id)
    Event.objects.filter(pk=event.pk).update(starts_at=event.starts_at - dt.timedelta(days=70),
                                             ends_at=event.ends_at - dt.timedelta(days=70))
    assert "Báo cáo kết quả tổ chức" in page.get(url).content.decode()
    bad = page.post(url, {"form": "report", "actual_booths": "-1", "report_text": ""})
    assert bad.status_code == 422 and Filing.objects.get(pk=draft.filing_id).state == "confirmed"
    response = page.post(url, {"form": "report", "actual_booths": "140", "actual_visitors": "25000",
                               "report_text": "Hội chợ thành công, 140 gian hàng."})
    assert response.status_code == 302
    assert Filing.objects.get(pk=draft.filing_id).state == "closed"
    assert Event.objects.get(pk=event.pk).actual_booths == 140


def test_cancelling_needs_a_reason(draft, client_as):
    page = client_as("doanhnghiep")
    url = f"/su-kien/hoi-cho/{draft.pk}/"
    assert page.post(url, {"form": "cancel", "reason": ""}).status_code == 422
    assert Filing.objects.get(pk=draft.filing_id).state == "draft"
    assert page.post(url, {"form": "cancel", "reason": "Không thuê được địa điểm"}).status_code == 302
    assert Filing.objects.get(pk=draft.filing_id).state == "cancelled"
