"""The load client (standard library only): one client in sequence, or N threads for D seconds, each
thread on its own keep-alive connection, taking the next request spec from one shared list so that no
request repeats the one before it."""

from __future__ import annotations

import http.client
import json
import threading
import time
from collections.abc import Callable

HEADERS = {"X-Forwarded-Proto": "https", "Accept": "application/json", "User-Agent": "hangviet-bench/1"}


def _pct(values: list[float], p: float) -> float | None:
    if not values:
        return None
    values = sorted(values)
    return round(values[min(len(values) - 1, int(p * len(values)))] * 1000, 1)


def summary(latencies: list[float], seconds: float, errors: dict) -> dict:
    return {"requests": len(latencies), "seconds": round(seconds, 1),
            "per_second": round(len(latencies) / seconds, 1) if seconds else None,
            "p50_ms": _pct(latencies, 0.50), "p90_ms": _pct(latencies, 0.90), "p99_ms": _pct(latencies, 0.99),
            "max_ms": _pct(latencies, 1.0), "errors": errors}


def get(conn: http.client.HTTPConnection, path: str) -> tuple[int, bytes]:
    conn.request("GET", path, headers=HEADERS)
    resp = conn.getresponse()
    return resp.status, resp.read()


def sequential(port: int, paths: list[str]) -> dict:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    latencies: list[float] = []
    errors: dict[str, int] = {}
    started = time.perf_counter()
    for path in paths:
        t0 = time.perf_counter()
        status, _body = get(conn, path)
        dt = time.perf_counter() - t0
        if status == 200:
            latencies.append(dt)
        else:
            errors[str(status)] = errors.get(str(status), 0) + 1
    conn.close()
    return summary(latencies, time.perf_counter() - started, errors)


def concurrent(port: int, paths: list[str], *, clients: int, seconds: float,
               check: Callable[[bytes], bool] | None = None) -> dict:
    """`clients` threads for `seconds`; each takes the next path from the list (wrapping round).
    `check(body)` may flag an answer as incomplete (e.g. Datasette facets that timed out)."""
    lock = threading.Lock()
    position = [0]
    latencies: list[float] = []
    errors: dict[str, int] = {}
    incomplete = [0]
    stop = threading.Event()

    def worker():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while not stop.is_set():
            with lock:
                path = paths[position[0] % len(paths)]
                position[0] += 1
            t0 = time.perf_counter()
            try:
                status, body = get(conn, path)
            except (OSError, http.client.HTTPException) as exc:
                with lock:
                    errors[type(exc).__name__] = errors.get(type(exc).__name__, 0) + 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                continue
            dt = time.perf_counter() - t0
            if stop.is_set():
                break  # finished after the window: not counted
            with lock:
                if status == 200:
                    latencies.append(dt)
                    if check is not None and not check(body):
                        incomplete[0] += 1
                else:
                    errors[str(status)] = errors.get(str(status), 0) + 1
        conn.close()

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    time.sleep(seconds)
    stop.set()
    elapsed = time.perf_counter() - started
    for t in threads:
        t.join(65)
    result = summary(latencies, elapsed, errors)
    if check is not None:
        result["incomplete"] = incomplete[0]
    result["_latencies"] = latencies
    return result


def merge(parts: list[dict]) -> dict:
    """One summary of several windows of the same run (alternating with another server)."""
    latencies = [x for p in parts for x in p["_latencies"]]
    errors: dict[str, int] = {}
    for p in parts:
        for k, v in p["errors"].items():
            errors[k] = errors.get(k, 0) + v
    result = summary(latencies, sum(p["seconds"] for p in parts), errors)
    if any("incomplete" in p for p in parts):
        result["incomplete"] = sum(p.get("incomplete", 0) for p in parts)
    result["windows"] = [p["per_second"] for p in parts]
    return result


def fetch_json(port: int, path: str) -> dict:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    status, body = get(conn, path)
    conn.close()
    if status != 200:
        raise RuntimeError(f"GET {path}: {status} {body[:300]!r}")
    return json.loads(body)


