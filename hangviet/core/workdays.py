"""The one working-day calendar: weekends, Vietnamese public holidays (lunar Tết and Hùng Kings
included, from the `holidays` package) and the official day swaps, plus administrator corrections
stored in CalendarDay rows. Every deadline "in working days" is computed here."""

from __future__ import annotations

import datetime as dt
import time
from functools import lru_cache

import holidays as holidays_lib

_CACHE_VERSION_KEY = "hangviet:calendar:version"
_RECHECK_SECONDS = 5


@lru_cache(maxsize=64)
def _package_days(year: int) -> dict[dt.date, str]:
    vn = holidays_lib.country_holidays("VN", years=year, language="vi")
    return dict(vn.items())


@lru_cache(maxsize=64)
def _swapped_working_days(year: int) -> frozenset[dt.date]:
    """Weekend days the government made working days in exchange for a bridge holiday."""
    vn = holidays_lib.country_holidays("VN", years=year)
    return frozenset(d for d in getattr(vn, "weekend_workdays", set()) if d.year == year)


def _overrides() -> dict[dt.date, tuple[bool, str]]:
    """Administrator corrections: date -> (is_working_day, name). Cached per process, refreshed on change."""
    from django.core.cache import cache

    from .models import CalendarDay

    now = time.monotonic()
    cached = _overrides_cache.get("data")
    # The shared version is read at most every few seconds, so a deadline loop costs no queries.
    if cached is not None and now - _overrides_cache.get("checked", 0) < _RECHECK_SECONDS:
        return cached
    version = cache.get(_CACHE_VERSION_KEY, 0)
    if cached is not None and _overrides_cache.get("version") == version:
        _overrides_cache["checked"] = now
        return cached
    data = {row.date: (row.is_working_day, row.name) for row in CalendarDay.objects.all()}
    _overrides_cache.update(data=data, version=version, checked=now)
    return data


_overrides_cache: dict = {}


def invalidate() -> None:
    from django.core.cache import cache

    try:
        cache.incr(_CACHE_VERSION_KEY)
    except ValueError:
        cache.set(_CACHE_VERSION_KEY, 1, None)
    _overrides_cache.clear()


def holiday_name(day: dt.date) -> str | None:
    override = _overrides().get(day)
    if override is not None:
        return None if override[0] else override[1]
    return _package_days(day.year).get(day)


def is_working_day(day: dt.date) -> bool:
    override = _overrides().get(day)
    if override is not None:
        return override[0]
    if day in _package_days(day.year):
        return False
    if day.weekday() >= 5:
        return day in _swapped_working_days(day.year)
    return True


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The date `days` working days after `start` (start itself not counted). days=0 -> next working day
    on or after start. Negative counts go backwards (for "n working days before")."""
    if days == 0:
        current = start
        while not is_working_day(current):
            current += dt.timedelta(days=1)
        return current
    step = 1 if days > 0 else -1
    remaining = abs(days)
    current = start
    while remaining:
        current += dt.timedelta(days=step)
        if is_working_day(current):
            remaining -= 1
    return current


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days in (start, end]; negative when end is before start."""
    if end == start:
        return 0
    sign = 1 if end > start else -1
    low, high = (start, end) if sign > 0 else (end, start)
    count = 0
    current = low
    while current < high:
        current += dt.timedelta(days=1)
        if is_working_day(current):
            count += 1
    return count * sign


def non_working_days(start: dt.date, end: dt.date) -> list[tuple[dt.date, str]]:
    """Holidays and weekends in [start, end] with a name, for showing why a deadline moved."""
    out = []
    current = start
    while current <= end:
        if not is_working_day(current):
            out.append((current, holiday_name(current) or ("Thứ Bảy" if current.weekday() == 5 else "Chủ nhật")))
        current += dt.timedelta(days=1)
    return out
