"""Where the time of a search request goes: runs the bench's request list through Django's full
middleware stack in-process (production settings, DEBUG off) and prints the SQL statements with their
total time, then the top functions under cProfile.

    DATABASE_URL=sqlite:////tmp/hv_catalog_bench/hangviet.sqlite3 .venv/bin/python bench/catalog/profile_search.py
"""

from __future__ import annotations

import cProfile
import os
import pstats
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hangviet.settings")
os.environ["DEBUG"] = "0"
os.environ.setdefault("SECRET_KEY", "bench-catalog-secret-key-not-for-production-8d1f0c2b7a9e4f6d")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1")
os.environ.setdefault("HANGVIET_VAR_DIR", "/tmp/hv_catalog_bench/var")


def main() -> int:
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from catalog.queries import specs
    from hangviet.catalog.models import Category
    from hangviet.places.models import Place

    n = int(os.environ.get("N", "200"))
    facets = os.environ.get("FACETS", "province,category")
    provinces = list(Place.objects.filter(level="province").values_list("code", "name"))
    categories = list(Category.objects.filter(level="set").values_list("code", "name"))
    paths = [s.hangviet_path(facets=facets) for s in specs(n, provinces=provinces, categories=categories, seed=5)]
    client = Client(HTTP_X_FORWARDED_PROTO="https")
    for p in paths[:20]:
        client.get(p)
    sql_time: dict[str, list[float]] = defaultdict(list)

    def wrapper(execute, sql, params, many, context):
        t0 = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            sql_time[sql[:110]].append(time.perf_counter() - t0)

    times = []
    with connection.execute_wrapper(wrapper):
        for p in paths:
            t0 = time.perf_counter()
            r = client.get(p)
            times.append(time.perf_counter() - t0)
            assert r.status_code == 200, (p, r.status_code, r.content[:300])
    times.sort()
    print(f"{n} requests in-process: p50 {times[n // 2] * 1000:.1f} ms, p90 {times[int(n * .9)] * 1000:.1f} ms, "
          f"p99 {times[int(n * .99)] * 1000:.1f} ms, total {sum(times):.2f} s")
    for sql, ts in sorted(sql_time.items(), key=lambda kv: -sum(kv[1]))[:12]:
        print(f"{sum(ts):7.3f} s {len(ts):5d}x  {sql}")
    prof = cProfile.Profile()
    prof.enable()
    for p in paths:
        client.get(p)
    prof.disable()
    pstats.Stats(prof).sort_stats(os.environ.get("SORT", "cumulative")).print_stats(35)
    return 0


if __name__ == "__main__":
    sys.exit(main())
