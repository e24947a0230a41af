"""Crash: start the server on PostgreSQL, load it with 50 clients, SIGKILL the whole server mid-load,
restart it, and check that every tracking code acknowledged before the kill is found, with its file
present on disk and matching its checksum. Prints the counts; exits 1 on any loss.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/hv_bench REDIS_URL=redis://127.0.0.1:6379/0 \
      python bench/complaints_crash.py
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from complaints_load import run  # noqa: E402

PORT = int(os.environ.get("BENCH_PORT", "18431"))
URL = f"http://127.0.0.1:{PORT}"
ENV = {**os.environ, "RATELIMIT_PUBLIC_FORMS": "1000000/60", "DEBUG": "0", "ALLOWED_HOSTS": "*", "SECURE_SSL_REDIRECT": "0",
       "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-secret-key-not-for-production-0123456789abcdef")}


def start():
    proc = subprocess.Popen([sys.executable, "-m", "hangviet", "serve", "--bind", f"127.0.0.1:{PORT}",
                             "--no-collectstatic"], env=ENV, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(200):
        try:
            urllib.request.urlopen(f"{URL}/healthz", timeout=1)
            return proc
        except Exception:
            time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGKILL)
    raise SystemExit("server did not start")


def main():
    subprocess.run([sys.executable, "-m", "hangviet", "migrate", "--noinput"], env=ENV, check=True,
                   stdout=subprocess.DEVNULL)
    out = f"/tmp/complaints_crash_{os.getpid()}.txt"
    proc = start()
    stop = threading.Event()
    result = {}
    loader = threading.Thread(target=lambda: result.update(run(URL, 50, 30, out, stop)))
    loader.start()
    time.sleep(float(os.environ.get("KILL_AFTER", "12")))
    os.killpg(proc.pid, signal.SIGKILL)
    print("SIGKILL sent to the server process group")
    time.sleep(2)
    stop.set()
    loader.join()
    proc = start()
    try:
        codes = [c.strip() for c in open(out) if c.strip()]
        os.environ.update(ENV)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hangviet.settings")
        import django

        django.setup()
        from django.core.files.storage import default_storage

        from hangviet.complaints.models import Complaint
        from hangviet.complaints.services import hash_code

        found = with_files = 0
        hashes = {hash_code(c): c for c in codes}
        for complaint in Complaint.objects.filter(tracking_hash__in=list(hashes)).prefetch_related("evidence"):
            found += 1
            files = list(complaint.evidence.all())
            ok = bool(files)
            for ev in files:
                with default_storage.open(ev.file.name, "rb") as fh:
                    ok = ok and hashlib.sha256(fh.read()).hexdigest() == ev.sha256
            with_files += ok
        api_ok = sum(1 for c in codes[-50:]
                     if urllib.request.urlopen(urllib.request.Request(
                         f"{URL}/api/v1/complaints/track/{c}", headers={"X-Forwarded-Proto": "https"}),
                         timeout=5).status == 200)
        print({"load": result, "acknowledged_before_kill": len(codes), "found_after_restart": found,
               "complete_with_files": with_files, "last_50_tracked_via_api": api_ok})
        lost = len(codes) - with_files
        print("LOST:", lost)
        sys.exit(1 if lost else 0)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)


if __name__ == "__main__":
    main()
