"""Benchmark: parsing a 30-page plan text (goal: under 1 s).

Builds a ~30-page plan from the Thanh Hóa seed (its tasks 2.1-2.12 cloned and renumbered up to 2.60,
about 75,000 characters, ~2,500 characters a page), then times the parser alone
(`parse_plan_text`) and the whole proposal an officer sees (`importing.propose_from_text`: parsing,
unit matching against the agency table, the proposal), median of 7 runs.

    DEBUG=1 DATABASE_URL=sqlite:///var/bench-plans.sqlite3 .venv/bin/python bench/plans_parse.py
"""

from __future__ import annotations

import os
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hangviet.settings")
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench-plans.sqlite3'}")

import django  # noqa: E402

django.setup()

SEED = ROOT / "hangviet" / "plans" / "fixtures" / "ke-hoach-2024-so-cong-thuong-thanh-hoa.txt"
PAGE_CHARS = 2500


def thirty_page_text() -> str:
    text = SEED.read_text(encoding="utf-8")
    start = text.index("2.1. Hoạt động thông tin")
    end = text.index("III. KINH PHÍ")
    blocks = re.split(r"\n(?=2\.\d+\. )", text[start:end])
    extra, n = [], 13
    while len(text) + sum(map(len, extra)) < 30 * PAGE_CHARS or n <= 60:
        block = blocks[(n - 13) % len(blocks)]
        extra.append("\n" + re.sub(r"^2\.\d+\.", f"2.{n}.", block.lstrip("\n"), count=1))
        n += 1
    return text[:end] + "".join(extra) + "\n" + text[end:]


def main():
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    from hangviet.agencies.models import User
    from hangviet.agencies.scope import scope_for

    if not User.objects.filter(username="daumoi.qltm").exists():
        try:
            call_command("createcachetable", verbosity=0)
        except Exception:  # noqa: BLE001
            pass
        from hangviet.demo import foundation

        foundation.load()
    from hangviet.plans import importing
    from hangviet.plans.parsing import parse_plan_text

    text = thirty_page_text()
    scope = scope_for(User.objects.get(username="daumoi.qltm"))
    parse_times, propose_times = [], []
    for _ in range(7):
        start = time.perf_counter()
        parse_plan_text(text)
        parse_times.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        result = importing.propose_from_text(scope=scope, text=text)
        propose_times.append((time.perf_counter() - start) * 1000)
    tasks = result["proposal"]["tasks"]
    print(f"text: {len(text):,} characters (~{len(text) / PAGE_CHARS:.0f} pages), {len(tasks)} tasks proposed, "
          f"{sum(len(t['lead_units']) + len(t['coordinating_units']) for t in tasks)} unit names matched")
    print(f"  parse_plan_text: median {statistics.median(parse_times):.0f} ms, max {max(parse_times):.0f} ms")
    print(f"  propose_from_text (parse + unit matching + proposal): median {statistics.median(propose_times):.0f} ms, "
          f"max {max(propose_times):.0f} ms")


if __name__ == "__main__":
    main()
