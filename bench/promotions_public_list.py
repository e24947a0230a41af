"""Benchmark: the public promotions list (page and API, with search without diacritics and filters),
the officer's review queue and the statistics, with many confirmed programmes (100 and 10,000). Prints
the median server time through Django's test client and the query count (which must not grow with rows).

    DEBUG=1 DATABASE_URL=sqlite:///var/bench-promotions.sqlite3 .venv/bin/python bench/promotions_public_list.py
    DEBUG=1 DATABASE_URL=postgresql://postgres@127.0.0.1:5432/hv_bench_promotions .venv/bin/python bench/promotions_public_list.py
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
os.environ.setdefault("RATELIMIT_PUBLIC_FORMS", "100000/60")
os.environ.setdefault("DATABASE_URL",
                      f"sqlite:///{Path(__file__).resolve().parent.parent / 'var' / 'bench-promotions.sqlite3'}")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

TODAY = dt.date.today().isoformat()
PUBLIC = ["/khuyen-mai/", f"/khuyen-mai/?q=nem+chua&province=38&active_on={TODAY}", "/khuyen-mai/?type=lucky_draws",
          f"/api/v1/promotions?active_on={TODAY}&province=38&q=nem+chua&page_size=100", "/api/v1/promotions?page_size=100"]
OFFICER = ["/api/v1/filings/queue?kind=promotion&page_size=100", "/api/v1/filings/queue?due=overdue",
           "/api/v1/promotions/programmes?page_size=100", "/api/v1/promotions/stats", "/quan-tri/filings/filing/"]


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


def fill(n: int):
    """Bulk rows shaped as the services make them (confirmed filings with a programme each)."""
    from django.db import transaction

    from hangviet.agencies.models import Agency
    from hangviet.businesses.models import Business
    from hangviet.core.text import fold
    from hangviet.filings.models import Filing
    from hangviet.places.models import Place
    from hangviet.promotions.models import Programme, ProgrammeItem

    with transaction.atomic():
        old = list(Programme.objects.filter(name__startswith="BENCH ").values_list("filing_id", flat=True))
        ProgrammeItem.objects.filter(programme__name__startswith="BENCH ").delete()
        Programme.provinces.through.objects.filter(programme__name__startswith="BENCH ").delete()
        Programme.objects.filter(name__startswith="BENCH ").delete()
        Filing.objects.filter(pk__in=old).delete()
        agency = Agency.objects.get(name="Sở Công Thương tỉnh Thanh Hóa")
        business = Business.objects.order_by("pk").first()
        th = Place.objects.get(code="38")
        today = dt.date.today()
        forms = [["discounts", "lucky_draws"], ["loyalty"], ["contests"], ["gifts", "lucky_draws"]]
        filings = [Filing(kind="promotion", title=f"BENCH Khuyến mại nem chua số {i}", filer_business=business,
                          receiving_agency=agency, state="confirmed" if i % 5 else "submitted",
                          reference=f"KM-B-{i:07d}", due_date=today + dt.timedelta(days=(i % 20) - 10),
                          clock_working_days=5, clock_started_on=today - dt.timedelta(days=7),
                          search_key=fold(f"BENCH Khuyến mại nem chua số {i}")) for i in range(n)]
        Filing.objects.bulk_create(filings, batch_size=1000)
        programmes = []
        for i, f in enumerate(filings):
            start = today + dt.timedelta(days=(i % 120) - 60)
            name = f"BENCH Khuyến mại nem chua số {i}"
            programmes.append(Programme(filing=f, business=business, procedure="register", name=name,
                                        forms=forms[i % 4], forms_key="|" + "|".join(forms[i % 4]) + "|",
                                        starts_on=start, ends_on=start + dt.timedelta(days=30), sector="Thực phẩm",
                                        search_key=fold(f"{name} {business.name}"), total_value=1000000))
        Programme.objects.bulk_create(programmes, batch_size=1000)
        Programme.provinces.through.objects.bulk_create(
            [Programme.provinces.through(programme_id=p.pk, place_id=th.code) for p in programmes], batch_size=1000)
        ProgrammeItem.objects.bulk_create([ProgrammeItem(programme=p, name="Nem chua hộp 500g", unit_price=85000,
                                                         discount_percent=30, quantity=100) for p in programmes],
                                          batch_size=1000)


def measure(client, url, repeat=7):
    times = []
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    queries = len(ctx.captured_queries)
    for n in range(repeat):
        t0 = time.perf_counter()
        response = client.get(url, REMOTE_ADDR=f"10.1.{n}.1")
        times.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times), queries


def main():
    from hangviet.agencies.models import User

    setup_db()
    public = Client()
    officer = Client()
    officer.force_login(User.objects.get(username="daumoi.qltm"))
    print(f"database: {connection.vendor}")
    for n in (100, 10000):
        fill(n)
        print(f"\n{n} programmes")
        print(f"{'url':75} {'median ms':>10} {'queries':>8}")
        for url in PUBLIC:
            ms, q = measure(public, url)
            print(f"{url:75} {ms:10.1f} {q:8d}")
        for url in OFFICER:
            ms, q = measure(officer, url)
            print(f"{'[officer] ' + url:75} {ms:10.1f} {q:8d}")


if __name__ == "__main__":
    main()
