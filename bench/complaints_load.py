"""Load: N concurrent clients submit complaints (multipart, one PNG each) for D seconds against a
running server; prints submissions/s and latency percentiles; writes acknowledged codes to a file.

    python bench/complaints_load.py --url http://127.0.0.1:8000 --clients 50 --seconds 60 --out /tmp/codes.txt
"""

from __future__ import annotations

import argparse
import http.client
import os
import threading
import time
import uuid
from urllib.parse import urlparse

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
       b"\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d\x00\x00\x00\x00IEND\xaeB`\x82")


def body(i: int) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    fields = {"kind": "denunciation", "category": "counterfeit", "business_name": f"Cửa hàng thử {i % 97}",
              "product_name": "Nước mắm", "description": f"Bán hàng giả nhãn hiệu, lần thử {i}.",
              "full_name": "Khách thử", "phone": f"09{i % 100000000:08d}"}
    parts = []
    for k, v in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode())
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="anh.png"\r\n'
                 f"Content-Type: image/png\r\n\r\n".encode() + PNG + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def run(url: str, clients: int, seconds: float, out: str | None, stop: threading.Event | None = None) -> dict:
    target = urlparse(url)
    stop = stop or threading.Event()
    lock = threading.Lock()
    codes: list[str] = []
    latencies: list[float] = []
    errors: dict[str, int] = {}
    sink = open(out, "a", buffering=1) if out else None
    counter = iter(range(10**9))

    def worker():
        conn = http.client.HTTPConnection(target.hostname, target.port or 80, timeout=30)
        while not stop.is_set():
            with lock:
                i = next(counter)
            data, ctype = body(i)
            t0 = time.perf_counter()
            try:
                conn.request("POST", "/api/v1/complaints", body=data,
                             headers={"Content-Type": ctype, "X-Forwarded-Proto": "https", "Idempotency-Key": f"bench-{os.getpid()}-{i}-{uuid.uuid4().hex[:8]}"})
                resp = conn.getresponse()
                payload = resp.read()
            except Exception as exc:  # server killed, connection reset
                with lock:
                    errors[type(exc).__name__] = errors.get(type(exc).__name__, 0) + 1
                conn.close()
                time.sleep(0.05)
                conn = http.client.HTTPConnection(target.hostname, target.port or 80, timeout=30)
                continue
            dt = time.perf_counter() - t0
            with lock:
                if resp.status == 201:
                    import json
                    code = json.loads(payload)["tracking_code"]
                    codes.append(code)
                    latencies.append(dt)
                    if sink:
                        sink.write(code + "\n")
                else:
                    errors[str(resp.status)] = errors.get(str(resp.status), 0) + 1

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(clients)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    stop.wait(seconds)
    stop.set()
    for t in threads:
        t.join(35)
    elapsed = time.perf_counter() - start
    latencies.sort()
    pct = lambda p: round(1000 * latencies[min(len(latencies) - 1, int(p * len(latencies)))], 1) if latencies else None  # noqa: E731
    return {"acknowledged": len(codes), "seconds": round(elapsed, 1), "per_second": round(len(codes) / elapsed, 1),
            "p50_ms": pct(0.5), "p95_ms": pct(0.95), "p99_ms": pct(0.99), "errors": errors}


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", default="http://127.0.0.1:8000")
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--out")
    a = ap.parse_args()
    print(run(a.url, a.clients, a.seconds, a.out))
