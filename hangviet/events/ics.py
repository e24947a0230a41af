"""iCalendar (RFC 5545) feed of the public events, written by hand: CRLF line ends, lines folded at
75 octets without splitting a UTF-8 character, TEXT values escaped (backslash, semicolon, comma,
newline), a UID and DTSTAMP per event, times in Asia/Ho_Chi_Minh with its VTIMEZONE."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from hangviet.core.errors import DomainError

from .models import EventKind, EventStatus

TZID = "Asia/Ho_Chi_Minh"
MAX_QUERY_LENGTH = 500
MAX_EVENTS = 1000
PAST_DAYS = 90
_PROVINCE = re.compile(r"^\d{2}$")

VTIMEZONE = [
    "BEGIN:VTIMEZONE",
    f"TZID:{TZID}",
    f"X-LIC-LOCATION:{TZID}",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0700",
    "TZOFFSETTO:+0700",
    "TZNAME:+07",
    "DTSTART:19700101T000000",
    "END:STANDARD",
    "END:VTIMEZONE",
]


def escape_text(value: str) -> str:
    """Escape a TEXT value (RFC 5545 3.3.11)."""
    value = (value or "").replace("\r\n", "\n").replace("\r", "\n")
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n"))


def fold_line(line: str) -> str:
    """Fold a content line so that no physical line exceeds 75 octets (continuations start with a space)."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    parts: list[str] = []
    current = b""
    limit = 75
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > limit:
            parts.append(current.decode("utf-8"))
            current = b""
            limit = 74  # the leading space of a continuation line counts
        current += encoded
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def _local(value: dt.datetime) -> str:
    return value.astimezone(ZoneInfo(TZID)).strftime("%Y%m%dT%H%M%S")


def _utc(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def parse_filters(params) -> dict:
    """Validate the feed's query parameters; hostile input gets a Vietnamese 400."""
    raw = "&".join(f"{k}={v}" for k, values in params.lists() for v in values)
    if len(raw) > MAX_QUERY_LENGTH:
        raise DomainError("query_too_long", "Tham số truy vấn quá dài.", status=400)
    for key, values in params.lists():
        for value in values:
            if any(ord(c) < 32 or ord(c) == 127 for c in key + value):
                raise DomainError("query_control_chars",
                                  "Tham số truy vấn chứa ký tự điều khiển (xuống dòng…) không được phép.", status=400)
    unknown = set(params.keys()) - {"province", "kind"}
    if unknown:
        raise DomainError("query_unknown", f"Tham số không được hỗ trợ: {', '.join(sorted(unknown))[:100]}. "
                                           "Chỉ dùng province (mã tỉnh 2 số) và kind (loại sự kiện).", status=400)
    province = params.get("province", "").strip()
    if province and not _PROVINCE.match(province):
        raise DomainError("province_invalid", "Mã tỉnh/thành phố phải gồm 2 chữ số, ví dụ 38 (Thanh Hóa).",
                          field="province", status=400)
    if province:
        from hangviet.places.models import Place

        if not Place.objects.filter(pk=province, level="province").exists():
            raise DomainError("province_unknown", "Không có tỉnh/thành phố với mã này.", field="province", status=400)
    kinds = [k.strip() for k in params.get("kind", "").split(",") if k.strip()]
    if len(kinds) > len(EventKind.values):
        raise DomainError("kind_invalid", "Quá nhiều loại sự kiện.", field="kind", status=400)
    bad = [k for k in kinds if k not in EventKind.values]
    if bad:
        raise DomainError("kind_invalid", "Loại sự kiện không hợp lệ. Dùng một hoặc nhiều giá trị: "
                                          + ", ".join(EventKind.values) + ".", field="kind", status=400)
    return {"province": province or None, "kinds": kinds}


def feed_events(filters: dict):
    from .selectors import public_event_list

    qs = public_event_list(province=filters["province"])
    if filters["kinds"]:
        qs = qs.filter(kind__in=filters["kinds"])
    since = timezone.now() - dt.timedelta(days=PAST_DAYS)
    return qs.filter(ends_at__gte=since)[:MAX_EVENTS]


def render_calendar(events: Iterable, *, name: str = "HangViet – Sự kiện hàng Việt", host: str = "") -> bytes:
    host = host or settings.SITE_URL.split("://")[-1].split("/")[0] or "hangviet.local"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//HangViet//Su kien hang Viet//VI",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
        f"X-WR-TIMEZONE:{TZID}",
        "REFRESH-INTERVAL;VALUE=DURATION:PT6H",
        "X-PUBLISHED-TTL:PT6H",
        *VTIMEZONE,
    ]
    base = settings.SITE_URL
    for event in events:
        location = ", ".join(p for p in [event.address, event.place.name,
                                         event.place.province.name if event.place.province_id else ""] if p)
        description = f"{event.get_kind_display()} – Đơn vị chủ trì: {event.organiser}"
        if event.description:
            description += "\n\n" + event.description[:2000]
        lines += [
            "BEGIN:VEVENT",
            f"UID:event-{event.pk}@{host}",
            f"DTSTAMP:{_utc(event.updated_at)}",
            f"LAST-MODIFIED:{_utc(event.updated_at)}",
            f"DTSTART;TZID={TZID}:{_local(event.starts_at)}",
            f"DTEND;TZID={TZID}:{_local(event.ends_at)}",
            f"SUMMARY:{escape_text(event.title)}",
            f"LOCATION:{escape_text(location)}",
            f"DESCRIPTION:{escape_text(description)}",
            f"CATEGORIES:{escape_text(str(event.get_kind_display()))}",
            f"URL:{base}/su-kien/{event.pk}/",
            f"STATUS:{'CANCELLED' if event.status == EventStatus.CANCELLED else 'CONFIRMED'}",
            "TRANSP:OPAQUE",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(fold_line(line) for line in lines) + "\r\n").encode("utf-8")
