"""Queries per public submission: posts a few multipart complaints (one PNG each) through the full
Django stack in-process and prints the SQL each one runs, then the mean in-process time per submission.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/hv_complaints_bench REDIS_URL=redis://127.0.0.1:6379/0 \
      RATELIMIT_PUBLIC_FORMS=1000000/60 python bench/complaints_queries.py [--n 200]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import uuid

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hangviet.settings")
os.environ.setdefault("ALLOWED_HOSTS", "*")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")

from complaints_load import body  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=200, help="submissions to time after the query listing")
    args = ap.parse_args()
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    seed = uuid.uuid4().int % 10**6

    def post(i):
        data, ctype = body(seed + i)
        return client.generic("POST", "/api/v1/complaints", data, content_type=ctype, HTTP_X_FORWARDED_PROTO="https",
                              HTTP_IDEMPOTENCY_KEY=f"queries-{uuid.uuid4().hex}")

    counts = []
    for i in range(3):
        with CaptureQueriesContext(connection) as ctx:
            response = post(i)
        assert response.status_code == 201, response.content
        counts.append(len(ctx.captured_queries))
    print(f"queries per submission (first, then warm): {counts}")
    for q in ctx.captured_queries:
        print("   ", q["sql"][:140])
    start = time.perf_counter()
    for i in range(args.n):
        assert post(100 + i).status_code == 201
    print(f"in-process, one thread: {1000 * (time.perf_counter() - start) / args.n:.1f} ms per submission")


if __name__ == "__main__":
    main()
