"""Build the Datasette side of the comparison: a SQLite copy of the same published products, one
flat table with the names a reader sees (product, producer, province, commune, category), indexed the
way Datasette users do it: `sqlite-utils enable-fts` (FTS5, its default unicode61 tokenizer, which
removes accents but does not fold đ) on the raw name and description, and plain indexes on the two
facet columns. Only the standard library here; sqlite-utils runs from Datasette's own venv.

    python bench/catalog/datasette_db.py /tmp/hv_catalog_bench/hangviet.sqlite3 /tmp/hv_catalog_bench/datasette.db
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time

DATASETTE_VENV = os.environ.get("DATASETTE_VENV", "/tmp/datasette-venv")


def build(source: str, target: str, *, log=print) -> dict:
    started = time.perf_counter()
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(target + suffix):
            os.remove(target + suffix)
    db = sqlite3.connect(target)
    db.execute("ATTACH DATABASE ? AS hv", (source,))
    db.executescript("""
        CREATE TABLE products (
            id INTEGER PRIMARY KEY, code TEXT, name TEXT, description TEXT, producer TEXT, producer_kind TEXT,
            province TEXT, commune TEXT, category TEXT, stars INTEGER, price_vnd INTEGER, unit TEXT, packaging TEXT);
        INSERT INTO products
        SELECT p.id, p.code, p.name, p.description, b.name, p.producer_kind, pr.name, c.name, cat.name, p.stars,
               p.price_vnd, p.unit, p.packaging
        FROM hv.catalog_product p
        JOIN hv.businesses_business b ON b.id = p.producer_id
        JOIN hv.places_place pr ON pr.code = p.province_id
        JOIN hv.places_place c ON c.code = p.place_id
        JOIN hv.catalog_category cat ON cat.code = p.category_id
        WHERE p.status = 'published'
        ORDER BY p.id;
    """)
    db.commit()
    db.execute("DETACH DATABASE hv")
    n = db.execute("SELECT count(*) FROM products").fetchone()[0]
    db.close()
    utils = os.path.join(DATASETTE_VENV, "bin", "sqlite-utils")
    subprocess.run([utils, "enable-fts", target, "products", "name", "description", "--fts5"], check=True)
    subprocess.run([utils, "create-index", target, "products", "province"], check=True)
    subprocess.run([utils, "create-index", target, "products", "category"], check=True)
    db = sqlite3.connect(target)
    db.execute("INSERT INTO products_fts(products_fts) VALUES('optimize')")
    db.execute("ANALYZE")
    db.commit()
    db.execute("VACUUM")
    db.close()
    log(f"Datasette copy: {n} published products in {time.perf_counter() - started:.1f} s")
    return {"rows": n}


if __name__ == "__main__":
    build(sys.argv[1], sys.argv[2])
