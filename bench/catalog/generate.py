"""Fill a fresh HangViet database with a generated catalogue: N producers and M products with
Vietnamese names (diacritics), spread over today's 34 provinces and their communes, in the OCOP
classification, ~15% with 3-5 stars. Same seed, same rows: run it once on SQLite and once on
PostgreSQL and both hold the same catalogue.

Rows are written in bulk (bulk_create), with the denormalised search fields computed by the real
`Product.refresh_denormalised()` (related objects are pre-loaded, so it runs no query), then the FTS
index is rebuilt (SQLite) or the tables vacuumed (PostgreSQL) and the typo vocabulary is filled with
`catalog.search.index_terms`, as the services do for each product.

    DATABASE_URL=sqlite:////tmp/hv_catalog_bench/hangviet.sqlite3 .venv/bin/python bench/catalog/generate.py
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/hv_catalog_bench .venv/bin/python bench/catalog/generate.py
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

PUBLISHED_SHARE = 0.98  # the rest are drafts and pending products the public search must not show


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hangviet.settings")
    os.environ.setdefault("DEBUG", "1")
    import django

    django.setup()


def _short_place(name: str) -> str:
    for prefix in ("Thành phố ", "Tỉnh ", "Phường ", "Xã ", "Đặc khu ", "Thị trấn "):
        if name.startswith(prefix):
            return name[len(prefix):]
    return name


def _weighted(rng: random.Random, pairs):
    total = sum(w for _, w in pairs)
    x = rng.uniform(0, total)
    for value, weight in pairs:
        x -= weight
        if x <= 0:
            return value
    return pairs[-1][0]


def product_name(rng: random.Random, kind: str, commune: str, province: str, brand: str) -> str:
    from catalog.vocab import FAMOUS_PLACES, MODIFIERS, PREFIXES

    roll = rng.random()
    if roll < 0.28:
        name = f"{kind} {commune}"
    elif roll < 0.46:
        name = f"{kind} {rng.choice(FAMOUS_PLACES)}"
    elif roll < 0.62:
        prefix = rng.choice(PREFIXES)
        name = f"{prefix} {kind[0].lower()}{kind[1:]} {province}"
    elif roll < 0.84:
        modifier = rng.choice(MODIFIERS)
        name = f"{kind} {modifier}".strip()
    else:
        modifier = rng.choice(MODIFIERS)
        name = " ".join(x for x in (kind, modifier, brand) if x)
    if not name.startswith(tuple(PREFIXES)) and rng.random() < 0.08:
        name = f"Đặc sản {name[0].lower()}{name[1:]}"
    return name


def description(rng: random.Random, kind: str, place: str, province: str, packaging: str, unit: str) -> str:
    from catalog.vocab import SENTENCES

    chosen = rng.sample(SENTENCES, rng.randint(1, 3))
    return " ".join(s.format(type=kind, place=place, province=province, packaging=packaging, unit=unit,
                             n=rng.randint(10, 300)) for s in chosen)


def generate(*, products: int, producers: int, seed: int = 2026, batch: int = 2000, log=print) -> dict:
    from django.core.management import call_command
    from django.db import connection, transaction

    from catalog.vocab import (
        BRAND_WORDS,
        GIVEN,
        INGREDIENTS,
        MIDDLE,
        PRODUCER_KINDS,
        PRODUCER_PREFIX,
        PRODUCT_TYPES,
        SURNAMES,
    )
    from hangviet.businesses.models import Business
    from hangviet.catalog.models import Category, Product, SearchTerm
    from hangviet.catalog.search import compact_index, index_terms
    from hangviet.core.text import fold
    from hangviet.places.models import Place

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)  # the database cache production uses without Redis
    if Product.objects.exists():
        raise SystemExit("The database already holds products: generate into a fresh database.")
    if Place.objects.filter(level="province").count() < 34:
        call_command("load_places", verbosity=0)
    log(f"migrated and loaded places in {time.perf_counter() - started:.1f} s")

    rng = random.Random(seed)
    provinces = {p.code: p for p in Place.objects.filter(level="province")}
    communes = list(Place.objects.filter(level="commune", valid_to__isnull=True).order_by("code"))
    by_province: dict[str, list[Place]] = {}
    for c in communes:
        by_province.setdefault(c.province_id, []).append(c)
    # Uneven provinces, as in life: some produce far more listed goods than others.
    province_weights = [(code, rng.uniform(0.4, 2.5)) for code in sorted(by_province)]
    categories = {c.code: c for c in Category.objects.all()}
    for c in categories.values():  # so that sector_code walks the tree without queries
        if c.parent_id:
            c.parent = categories[c.parent_id]

    # --- producers --------------------------------------------------------------------------------
    t0 = time.perf_counter()
    businesses = []
    for i in range(producers):
        kind = _weighted(rng, PRODUCER_KINDS)
        commune = rng.choice(by_province[_weighted(rng, province_weights)])
        if kind == "household":
            name = f"{rng.choice(PRODUCER_PREFIX[kind])} {rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        else:
            product_kind = rng.choice(PRODUCT_TYPES)[0]
            name = rng.choice([
                f"{rng.choice(PRODUCER_PREFIX[kind])} {rng.choice(BRAND_WORDS)}",
                f"{rng.choice(PRODUCER_PREFIX[kind])} {product_kind} {_short_place(commune.name)}",
                f"{rng.choice(PRODUCER_PREFIX[kind])} {rng.choice(BRAND_WORDS)} {_short_place(commune.name)}",
            ])
        tax = f"{2800000000 + i * 7:010d}"
        b = Business(tax_code=tax, name=name, kind=kind, place=commune, address=f"Thôn {rng.randint(1, 12)}, {commune.name}",
                     representative=f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
                     status="approved")
        b.search_key = fold(f"{b.name} {b.short_name} {b.tax_code}".replace("|", " "))[:600]  # as Business.save()
        businesses.append(b)
    with transaction.atomic():
        Business.objects.bulk_create(businesses, batch_size=batch)
    businesses = list(Business.objects.filter(tax_code__gte="2800000000").select_related("place").order_by("pk"))
    log(f"{len(businesses)} producers in {time.perf_counter() - t0:.1f} s")

    # --- products ---------------------------------------------------------------------------------
    t0 = time.perf_counter()
    now = dt.datetime.now(dt.UTC)
    published_n = 0
    terms_texts: set[str] = set()
    pending: list[Product] = []
    ocop_codes = {code for code, c in categories.items() if c.is_ocop}
    for i in range(products):
        producer = rng.choice(businesses)
        kind, category_code, unit, packagings = rng.choice(PRODUCT_TYPES)
        # Most goods are made where the producer is; some in a neighbouring commune of the province.
        place = producer.place if rng.random() < 0.85 else rng.choice(by_province[producer.place.province_id])
        province = provinces[place.province_id]
        packaging = rng.choice(packagings)
        name = product_name(rng, kind, _short_place(place.name), _short_place(province.name),
                            rng.choice(BRAND_WORDS))
        status = "published" if rng.random() < PUBLISHED_SHARE else rng.choice(["draft", "pending"])
        stars = None
        if category_code in ocop_codes and rng.random() < 0.15 / 0.9:
            stars = _weighted(rng, [(3, 55), (4, 35), (5, 10)])
        p = Product(
            code=f"SP-{province.code}-{i:07d}", name=name, category=categories[category_code], producer=producer,
            origin="local" if rng.random() < 0.9 else "domestic", place=place,
            description=description(rng, kind, _short_place(place.name), province.name, packaging, unit),
            specification=f"Thành phần: {', '.join(rng.sample(INGREDIENTS, rng.randint(1, 4)))}.",
            packaging=packaging, unit=unit, price_vnd=rng.randrange(15, 2000) * 1000 if rng.random() < 0.8 else None,
            status=status, stars=stars,
            published_at=now - dt.timedelta(days=rng.randint(0, 720), seconds=rng.randint(0, 86400)) if status == "published" else None,
        )
        p.refresh_denormalised()  # the model's own logic: province, sector, producer kind, name_key, search_text
        published_n += status == "published"
        terms_texts.add(name)
        pending.append(p)
        if len(pending) >= batch:
            with transaction.atomic():
                Product.objects.bulk_create(pending)
            pending = []
            if (i + 1) % 50000 == 0:
                log(f"  {i + 1} products ({time.perf_counter() - t0:.0f} s)")
    if pending:
        with transaction.atomic():
            Product.objects.bulk_create(pending)
    log(f"{products} products ({published_n} published) in {time.perf_counter() - t0:.1f} s")

    # --- index and vocabulary ---------------------------------------------------------------------
    t0 = time.perf_counter()
    terms_texts.update(b.name for b in businesses)
    terms_texts.update(c.name for c in categories.values())
    terms_texts.update(c.name for c in communes)
    terms_texts.update(p.name for p in provinces.values())
    index_terms(sorted(terms_texts))
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("INSERT INTO catalog_product_fts(catalog_product_fts) VALUES('rebuild')")
            cursor.execute("ANALYZE")
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        else:
            # What the nightly job does (catalog.tasks.compact_search_index): the GIN index grew through
            # 200,000 inserts; SQLite's FTS5 index was just rebuilt in one piece above.
            compact_index()
            cursor.execute("VACUUM ANALYZE catalog_product")
            cursor.execute("VACUUM ANALYZE businesses_business")
            cursor.execute("VACUUM ANALYZE catalog_searchterm")
            cursor.execute("VACUUM ANALYZE catalog_product_doc")
    log(f"index rebuilt, {SearchTerm.objects.count()} vocabulary words in {time.perf_counter() - t0:.1f} s")
    return {"products": products, "published": published_n, "producers": len(businesses),
            "seconds": round(time.perf_counter() - started, 1)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--products", type=int, default=200_000)
    ap.add_argument("--producers", type=int, default=40_000)
    ap.add_argument("--seed", type=int, default=2026)
    args = ap.parse_args()
    if not os.environ.get("DATABASE_URL"):
        raise SystemExit("Set DATABASE_URL to a fresh database.")
    _setup_django()
    print(generate(products=args.products, producers=args.producers, seed=args.seed), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
