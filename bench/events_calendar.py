"""Benchmark: the public calendar, the iCalendar feed, the events API and the sale-point GeoJSON feed
with many records (5,000 events over three years, 2,000 outlets). Prints the median server time of each
through Django's test client and the query count, for a small and a large data set (the count must not
grow with rows).

    DEBUG=1 DATABASE_URL=sqlite:///var/bench-events.sqlite3 .venv/bin/python bench/events_calendar.py
    DEBUG=1 DATABASE_URL=postgresql://postgres@127.0.0.1:5432/hv_bench_events .venv/bin/python bench/events_calendar.py
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hangviet.settings")
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{Path(__file__).resolve().parent.parent / 'var' / 'bench-events.sqlite3'}")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

URLS = ["/su-kien/", "/events.ics", "/events.ics?province=38&kind=vn_goods_market", "/api/v1/events?page_size=100",
        "/diem-ban-hang-viet/", "/diem-ban-hang-viet.geojson"]


def setup_db():
    call_command("migrate", interactive=False, verbosity=0)
    try:
        call_command("createcachetable", verbosity=0)
    except Exception:  # noqa: BLE001
        pass
    from hangviet.agencies.models import User

    if not User.objects.filter(username="daumoi.qltm").exists():
        from hangviet.demo import foundation

        foundation.load()


def fill(n_events: int, n_outlets: int):
    from hangviet.agencies.models import Agency
    from hangviet.core.text import fold
    from hangviet.events.models import Event, EventKind
    from hangviet.places.models import Place
    from hangviet.retail.models import Outlet

    Event.objects.filter(title__startswith="BENCH ").delete()
    Outlet.objects.filter(name__startswith="BENCH ").delete()
    agency = Agency.objects.get(name="Phòng Quản lý thương mại")
    places = list(Place.objects.filter(province_id__in=["38", "42"], level="commune")[:400])
    kinds = EventKind.values
    start = timezone.now() - dt.timedelta(days=30)
    events = []
    for i in range(n_events):
        s = start + dt.timedelta(hours=3 * i)
        title = f"BENCH Phiên chợ hàng Việt số {i}"
        events.append(Event(title=title, kind=kinds[i % len(kinds)], status="published" if i % 3 else "done",
                            organiser=agency, place=places[i % len(places)], address="Sân vận động, đường số 1",
                            starts_at=s, ends_at=s + dt.timedelta(days=2), search_key=fold(title),
                            description="Đưa hàng Việt về nông thôn, miền núi; nông sản, OCOP, hàng tiêu dùng."))
    Event.objects.bulk_create(events, batch_size=1000)
    outlets = []
    for i in range(n_outlets):
        name = f"BENCH Điểm bán hàng Việt {i}"
        outlets.append(Outlet(name=name, kind="vn_goods_store", label="vn_goods_point", place=places[i % len(places)],
                              address="Số 1", latitude=18 + (i % 100) / 100, longitude=105 + (i % 100) / 100,
                              certified_on=dt.date(2024, 1, 1), search_key=fold(name)))
    Outlet.objects.bulk_create(outlets, batch_size=1000)


def measure(client, url, repeat=7):
    times = []
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    queries = len(ctx.captured_queries)
    for _ in range(repeat):
        t0 = time.perf_counter()
        response = client.get(url, REMOTE_ADDR=f"10.0.{_}.1")
        times.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times), queries, len(response.content)


def main():
    setup_db()
    client = Client()
    print(f"database: {connection.vendor}")
    for n_events, n_outlets in [(100, 50), (5000, 2000)]:
        fill(n_events, n_outlets)
        print(f"\n{n_events} events, {n_outlets} outlets")
        print(f"{'url':55} {'median ms':>10} {'queries':>8} {'bytes':>9}")
        for url in URLS:
            ms, queries, size = measure(client, url)
            print(f"{url:55} {ms:10.1f} {queries:8d} {size:9d}")


if __name__ == "__main__":
    main()
