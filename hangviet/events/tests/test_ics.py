"""The iCalendar feed: RFC 5545 form, filters, and hostile parameters."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hangviet.events import ics

pytestmark = pytest.mark.django_db


@given(st.text(min_size=0, max_size=400))
def test_folding_keeps_lines_within_75_octets_and_unfolds_to_the_original(text):
    line = "SUMMARY:" + ics.escape_text(text)
    folded = ics.fold_line(line)
    assert all(len(part.encode("utf-8")) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line


def test_text_escaping():
    assert ics.escape_text("Chợ; phiên 1, \\ dòng\nhai\r\nba") == "Chợ\\; phiên 1\\, \\\\ dòng\\nhai\\nba"


def test_feed_is_a_valid_calendar(client, make_event):
    event = make_event(title="Phiên chợ hàng Việt, huyện Thường Xuân; năm 2024 – nông sản, OCOP và hàng tiêu dùng thiết yếu")
    make_event(title="Bản nháp", publish=False)
    response = client.get("/events.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    raw = response.content
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    text = raw.decode().replace("\r\n ", "")
    assert "BEGIN:VTIMEZONE\r\nTZID:Asia/Ho_Chi_Minh" in text
    assert f"UID:event-{event.pk}@testserver" in text
    assert "DTSTAMP:" in text and "DTSTART;TZID=Asia/Ho_Chi_Minh:" in text
    assert "SUMMARY:Phiên chợ hàng Việt\\, huyện Thường Xuân\\; năm 2024" in text
    assert "Bản nháp" not in text
    assert text.count("BEGIN:VEVENT") == text.count("END:VEVENT")


def test_feed_filters_by_province_and_kind(client, make_event):
    th = make_event()
    ht = make_event(username="daumoi.camxuyen", place="Thị trấn Thiên Cầm", kind="ocop_showcase",
                    invite_place_code="", title="Gian hàng OCOP Thiên Cầm")
    body = client.get("/events.ics?province=38").content.decode()
    assert f"event-{th.pk}@" in body and f"event-{ht.pk}@" not in body
    body = client.get("/events.ics?kind=ocop_showcase,safe_food_market").content.decode()
    assert f"event-{ht.pk}@" in body and f"event-{th.pk}@" not in body


@pytest.mark.parametrize("query, phrase", [
    ("kind=party", "Loại sự kiện không hợp lệ"),
    ("province=38%0D%0ABEGIN:VEVENT", "ký tự điều khiển"),
    ("kind=vn_goods_market%0d%0aX-EVIL:1", "ký tự điều khiển"),
    ("province=" + "9" * 5000, "quá dài"),
    ("province=abc", "2 chữ số"),
    ("province=99", "Không có tỉnh"),
    ("foo=bar", "không được hỗ trợ"),
    ("province=38'--", "2 chữ số"),
])
def test_hostile_parameters_get_a_vietnamese_400(client, query, phrase):
    response = client.get(f"/events.ics?{query}")
    assert response.status_code == 400
    assert phrase in response.content.decode()
    assert "BEGIN:VCALENDAR" not in response.content.decode()


def test_feed_query_count_does_not_grow(client, make_event, django_assert_max_num_queries):
    make_event()
    with django_assert_max_num_queries(8):
        client.get("/events.ics")
    for place in ["Huyện Quan Hóa", "Huyện Bá Thước", "Huyện Ngọc Lặc"]:
        make_event(place=place)
    with django_assert_max_num_queries(8):
        client.get("/events.ics")
