"""Benchmark: the public catalogue search through the real HTTP stack (gunicorn, DEBUG off), on SQLite and
on PostgreSQL, side by side with Datasette 0.65 serving the same products with an FTS5 index.

1. Generates (once) 200,000 products and 40,000 producers into a fresh SQLite file and a fresh PostgreSQL
   database (bench/catalog/generate.py) and a flat Datasette copy of the published products with
   `sqlite-utils enable-fts` (bench/catalog/datasette_db.py).
2. One client in sequence against HangViet on SQLite and on PostgreSQL: p50/p99 (the goal: < 20 ms and
   < 100 ms), every request different from the one before (query, filters, page).
3. 16 clients for 20 s against HangViet and against Datasette, the same searches with the same two facets
   (province, category): throughput, p99 and the ratio (the goal: >= 2x, p99 < 500 ms). Both servers run
   side by side and the load alternates between them in windows (--rounds), so that background load on
   a shared machine weighs on both alike.
4. How many products each finds for `dac san`, `keo cu do` and `banh gai`.

Datasette must be installed in its own venv (never the project's):
    python3.11 -m venv /tmp/datasette-venv && /tmp/datasette-venv/bin/pip install 'datasette>=0.65,<0.66' sqlite-utils
Then:
    .venv/bin/python bench/catalog_search.py --plain --pg-concurrent   # ~8 min the first time (data), ~4 min after
    .venv/bin/python bench/catalog_search.py --no-pg --seconds 10
Nothing is cached between requests: HangViet has no result cache, and each request differs from the last.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from catalog import load, servers  # noqa: E402
from catalog.queries import TEST_QUERIES, Spec, specs  # noqa: E402

PG_ADMIN = os.environ.get("BENCH_PG_ADMIN", "postgresql://postgres@127.0.0.1:5432/postgres")


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


def _generate(database_url: str, workdir: str, products: int, producers: int) -> None:
    env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "1",
           "HANGVIET_VAR_DIR": os.path.join(workdir, "var-generate")}
    env.pop("HANGVIET_TESTING", None)
    subprocess.run([sys.executable, str(HERE / "catalog" / "generate.py"), "--products", str(products),
                    "--producers", str(producers)], env=env, check=True, cwd=ROOT)


def _pg_database_exists(name: str) -> bool | None:
    try:
        out = subprocess.run(["psql", PG_ADMIN, "-tAc", f"SELECT 1 FROM pg_database WHERE datname = '{name}'"],
                             capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if out.returncode != 0:
        return None
    return out.stdout.strip() == "1"


def _pg_has_products(url: str) -> bool:
    out = subprocess.run(["psql", url, "-tAc", "SELECT count(*) FROM catalog_product"], capture_output=True, text=True)
    return out.returncode == 0 and out.stdout.strip() not in ("", "0")


def prepare(args) -> dict:
    if not os.path.exists(os.path.join(servers.DATASETTE_VENV, "bin", "datasette")):
        raise SystemExit(f"Datasette is not installed in {servers.DATASETTE_VENV} (its own venv, never the "
                         f"project's): python3.11 -m venv {servers.DATASETTE_VENV} && {servers.DATASETTE_VENV}"
                         "/bin/pip install 'datasette>=0.65,<0.66' sqlite-utils")
    work = args.workdir
    os.makedirs(work, exist_ok=True)
    sqlite_path = os.path.join(work, "hangviet.sqlite3")
    if not os.path.exists(sqlite_path):
        log(f"generating {args.products} products into {sqlite_path}")
        _generate(f"sqlite:///{sqlite_path}", work, args.products, args.producers)
    pg_url = None
    if not args.no_pg:
        pg_url = f"postgresql://postgres@127.0.0.1:5432/{args.pg_database}"
        exists = _pg_database_exists(args.pg_database)
        if exists is None:
            log("PostgreSQL not reachable: skipping it")
            pg_url = None
        elif not exists or not _pg_has_products(pg_url):
            if exists:
                subprocess.run(["psql", PG_ADMIN, "-c", f"DROP DATABASE {args.pg_database}"], check=True)
            subprocess.run(["psql", PG_ADMIN, "-c", f"CREATE DATABASE {args.pg_database} ENCODING 'UTF8'"], check=True)
            log(f"generating {args.products} products into PostgreSQL {args.pg_database}")
            _generate(pg_url, work, args.products, args.producers)
    ds_path = os.path.join(work, "catalog.db")
    if not os.path.exists(ds_path):
        from catalog.datasette_db import build

        build(sqlite_path, ds_path, log=log)
    return {"sqlite": sqlite_path, "pg": pg_url, "datasette": ds_path}


def facet_values(sqlite_path: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    db = sqlite3.connect(f"file:{sqlite_path}?mode=ro", uri=True)
    provinces = db.execute("SELECT code, name FROM places_place WHERE level = 'province' ORDER BY code").fetchall()
    categories = db.execute("SELECT code, name FROM catalog_category WHERE level = 'set' ORDER BY code").fetchall()
    counts = db.execute("SELECT count(*), sum(status = 'published') FROM catalog_product").fetchone()
    producers = db.execute("SELECT count(*) FROM businesses_business").fetchone()[0]
    db.close()
    return provinces, categories, {"products": counts[0], "published": counts[1], "producers": producers}


def found_hangviet(port: int) -> dict:
    out = {}
    for q in TEST_QUERIES:
        data = load.fetch_json(port, Spec(q=q).hangviet_path())
        out[q] = {"count": data["count"], "first": data["items"][0]["name"] if data["items"] else None}
    return out


def found_datasette(port: int) -> dict:
    out = {}
    for q in TEST_QUERIES:
        data = load.fetch_json(port, Spec(q=q).datasette_path())
        rows = data.get("rows") or []
        out[q] = {"count": data.get("filtered_table_rows_count"), "first": rows[0][2] if rows else None}
    return out


def _datasette_complete(body: bytes) -> bool:
    # Both facets and the count really computed (Datasette leaves out a facet that ran past its time
    # limit). A byte test, not a JSON parse, so that checking costs the shared CPU next to nothing.
    return (b'"province": {"name": "province"' in body and b'"category": {"name": "category"' in body
            and b'"filtered_table_rows_count": null' not in body)


def run(args) -> dict:
    paths = prepare(args)
    provinces, categories, sizes = facet_values(paths["sqlite"])
    results: dict = {"machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                                 "platform": platform.platform(), "sqlite": sqlite3.sqlite_version},
                     "data": sizes, "settings": vars(args).copy()}
    seq_specs = specs(args.sequential + args.warmup, provinces=provinces, categories=categories, pages=True, seed=11)
    load_specs = specs(5000, provinces=provinces, categories=categories, pages=False, seed=23)
    warm, seq_specs = seq_specs[:args.warmup], seq_specs[args.warmup:]

    backends = [("sqlite", f"sqlite:///{paths['sqlite']}")]
    if paths["pg"]:
        backends.append(("postgresql", paths["pg"]))
    hv_load = [s.hangviet_path() for s in load_specs]
    ds_load = [s.datasette_path() for s in load_specs]
    hv_plain = [s.hangviet_path(facets="") for s in load_specs]
    ds_plain = [p.replace("&_facet=province&_facet=category", "") for p in ds_load]
    for label, url in backends:
        server = servers.hangviet(database_url=url, port=args.port, workers=args.workers, threads=args.threads,
                                  workdir=args.workdir, extra_env=dict(e.split("=", 1) for e in args.env))
        log(f"HangViet on {label}: gunicorn {args.workers} workers x {args.threads} threads")
        with server:
            load.sequential(args.port, [s.hangviet_path() for s in warm])
            entry = {
                "sequential_all_facets": load.sequential(args.port, [s.hangviet_path(facets=",".join(ALL_FACETS))
                                                                     for s in seq_specs]),
                "sequential_two_facets": load.sequential(args.port, [s.hangviet_path() for s in seq_specs]),
                "found": found_hangviet(args.port),
            }
            log(f"  one client, six facets: {entry['sequential_all_facets']}")
            log(f"  one client, two facets: {entry['sequential_two_facets']}")
            if label == "sqlite":
                # Datasette runs beside it; the 16-client windows alternate between the two servers so
                # that both see the same background load of this shared machine.
                log("Datasette 0.65 (immutable, suggest_facets off)")
                with servers.datasette(db_path=paths["datasette"], port=args.datasette_port,
                                       workdir=args.workdir, threads=args.datasette_threads):
                    load.sequential(args.datasette_port, [s.datasette_path() for s in warm])
                    ds_entry = {"found": found_datasette(args.datasette_port),
                                "sequential": load.sequential(args.datasette_port,
                                                              [s.datasette_path() for s in seq_specs])}
                    window = args.seconds / args.rounds
                    kinds = [("concurrent", hv_load, ds_load)] + ([("concurrent_plain", hv_plain, ds_plain)]
                                                                  if args.plain else [])
                    for kind, hv_paths, ds_paths in kinds:
                        hv_parts, ds_parts = [], []
                        for _round in range(args.rounds):
                            hv_parts.append(load.concurrent(args.port, hv_paths, clients=args.clients,
                                                            seconds=window))
                            ds_parts.append(load.concurrent(
                                args.datasette_port, ds_paths, clients=args.clients, seconds=window,
                                check=_datasette_complete if kind == "concurrent" else None))
                        entry[kind], ds_entry[kind] = load.merge(hv_parts), load.merge(ds_parts)
                        log(f"  {args.clients} clients ({kind}): HangViet {entry[kind]}")
                        log(f"  {args.clients} clients ({kind}): Datasette {ds_entry[kind]}")
                    results["datasette"] = ds_entry
            elif args.pg_concurrent:
                entry["concurrent"] = load.merge([load.concurrent(args.port, hv_load, clients=args.clients,
                                                                  seconds=args.seconds)])
                log(f"  {args.clients} clients: {entry['concurrent']}")
        results[f"hangviet_{label}"] = entry

    hv, ds = results["hangviet_sqlite"]["concurrent"], results["datasette"]["concurrent"]
    results["ratio"] = round(hv["per_second"] / ds["per_second"], 2) if ds["per_second"] else None
    if args.plain:
        results["ratio_plain"] = round(results["hangviet_sqlite"]["concurrent_plain"]["per_second"]
                                       / results["datasette"]["concurrent_plain"]["per_second"], 2)
    return results


ALL_FACETS = ("province", "commune", "category", "sector", "stars", "producer_kind")


def report(r: dict) -> str:
    lines = [f"data: {r['data']}", "",
             "| one client, HangViet | requests | p50 ms | p90 ms | p99 ms | max ms | goal |", "|---|---|---|---|---|---|---|"]
    for label in ("sqlite", "postgresql"):
        entry = r.get(f"hangviet_{label}")
        if not entry:
            continue
        for kind, name in (("sequential_all_facets", "six facets"), ("sequential_two_facets", "two facets")):
            s = entry[kind]
            ok = s["p50_ms"] < 20 and s["p99_ms"] < 100
            lines.append(f"| {label}, {name} | {s['requests']} | {s['p50_ms']} | {s['p90_ms']} | {s['p99_ms']} | "
                         f"{s['max_ms']} | {'met' if ok else 'MISSED'} |")
    s = r["datasette"]["sequential"]
    lines.append(f"| (Datasette, two facets) | {s['requests']} | {s['p50_ms']} | {s['p90_ms']} | {s['p99_ms']} | {s['max_ms']} | |")
    clients = r["settings"]["clients"]
    lines += ["", f"| {clients} clients, {r['settings']['seconds']} s | requests/s | p50 ms | p99 ms | errors | incomplete |",
              "|---|---|---|---|---|---|"]
    rows = [("HangViet SQLite, two facets", r["hangviet_sqlite"].get("concurrent")),
            ("HangViet PostgreSQL, two facets", r.get("hangviet_postgresql", {}).get("concurrent")),
            ("Datasette, two facets", r["datasette"]["concurrent"]),
            ("HangViet SQLite, no facets", r["hangviet_sqlite"].get("concurrent_plain")),
            ("Datasette, no facets", r["datasette"].get("concurrent_plain"))]
    for name, s in rows:
        if s:
            lines.append(f"| {name} | {s['per_second']} | {s['p50_ms']} | {s['p99_ms']} | {s['errors'] or 0} | "
                         f"{s.get('incomplete', '')} |")
    hv = r["hangviet_sqlite"]["concurrent"]
    lines += ["", f"ratio HangViet/Datasette (two facets): {r['ratio']}x "
              f"({'met' if r['ratio'] and r['ratio'] >= 2 and hv['p99_ms'] < 500 else 'MISSED'}: goal >= 2x, p99 < 500 ms)"]
    if r.get("ratio_plain"):
        lines.append(f"ratio without facets: {r['ratio_plain']}x")
    lines += ["", "| query | HangViet SQLite | HangViet PostgreSQL | Datasette |", "|---|---|---|---|"]
    for q in TEST_QUERIES:
        pg = r.get("hangviet_postgresql", {}).get("found", {}).get(q, {}).get("count", "-")
        lines.append(f"| `{q}` | {r['hangviet_sqlite']['found'][q]['count']} | {pg} | {r['datasette']['found'][q]['count']} |")
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--workdir", default=os.environ.get("BENCH_CATALOG_DIR", "/tmp/hv_catalog_bench"))
    ap.add_argument("--products", type=int, default=200_000)
    ap.add_argument("--producers", type=int, default=40_000)
    ap.add_argument("--pg-database", default="hv_catalog_bench")
    ap.add_argument("--no-pg", action="store_true")
    ap.add_argument("--pg-concurrent", action="store_true", help="also load PostgreSQL with the concurrent clients")
    ap.add_argument("--plain", action="store_true", help="also compare without facets")
    ap.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "3")))
    ap.add_argument("--threads", type=int, default=int(os.environ.get("WEB_THREADS", "4")))
    ap.add_argument("--datasette-threads", type=int, default=3)
    ap.add_argument("--port", type=int, default=18501)
    ap.add_argument("--datasette-port", type=int, default=18502)
    ap.add_argument("--sequential", type=int, default=400)
    ap.add_argument("--warmup", type=int, default=60)
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--seconds", type=float, default=20, help="per server and kind, split into --rounds windows")
    ap.add_argument("--rounds", type=int, default=4, help="alternating windows per server")
    ap.add_argument("--env", action="append", default=[], metavar="NAME=VALUE",
                    help="extra environment for the HangViet server (e.g. to try a settings module)")
    ap.add_argument("--json", help="write the results here as JSON")
    args = ap.parse_args()
    results = run(args)
    print(report(results), flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2, ensure_ascii=False,
                                              default=lambda o: None), encoding="utf-8")
    ok = (all(results[k][s]["p50_ms"] < 20 and results[k][s]["p99_ms"] < 100
              for k in ("hangviet_sqlite", "hangviet_postgresql") if k in results
              for s in ("sequential_all_facets",))
          and results["ratio"] and results["ratio"] >= 2 and results["hangviet_sqlite"]["concurrent"]["p99_ms"] < 500)
    print("GOALS MET" if ok else "GOALS NOT ALL MET", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
