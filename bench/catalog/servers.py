"""Start and stop the two servers of the comparison on this machine: HangViet through gunicorn as
production runs it (`python -m hangviet serve`, DEBUG off) and Datasette 0.65 from its own venv."""

from __future__ import annotations

import http.client
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATASETTE_VENV = os.environ.get("DATASETTE_VENV", "/tmp/datasette-venv")


class Server:
    def __init__(self, name: str, argv: list[str], env: dict, port: int, probe: str, log_path: str):
        self.name, self.argv, self.env, self.port, self.probe, self.log_path = name, argv, env, port, probe, log_path
        self.proc: subprocess.Popen | None = None

    def start(self, timeout: float = 60) -> Server:
        log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(self.argv, env=self.env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.proc.returncode}; see {self.log_path}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                conn.request("GET", self.probe, headers={"X-Forwarded-Proto": "https"})
                resp = conn.getresponse()
                resp.read()
                conn.close()
                if resp.status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"{self.name} did not answer {self.probe} within {timeout} s; see {self.log_path}")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)  # the process group this object started, nothing else
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(5)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def hangviet(*, database_url: str, port: int, workers: int, threads: int, workdir: str,
             extra_env: dict | None = None) -> Server:
    """Production settings: DEBUG off, a real secret key, the database cache, no Redis; the load client
    sends X-Forwarded-Proto: https as the nginx of docs/deployment.md does."""
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "HANGVIET_TESTING", "REDIS_URL")}
    env.update({
        "DATABASE_URL": database_url, "DEBUG": "0",
        "SECRET_KEY": "bench-catalog-secret-key-not-for-production-8d1f0c2b7a9e4f6d",
        "ALLOWED_HOSTS": "127.0.0.1,localhost", "SITE_URL": f"http://127.0.0.1:{port}",
        "HANGVIET_VAR_DIR": os.path.join(workdir, "var"), "STATIC_ROOT": os.path.join(workdir, "static"),
        "LOG_LEVEL": "WARNING",
    })
    env.update(extra_env or {})
    argv = [sys.executable, "-m", "hangviet", "serve", "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
            "--threads", str(threads), "--no-collectstatic"]
    return Server("hangviet", argv, env, port, "/api/v1/catalog/products?q=banh&facets=province",
                  os.path.join(workdir, f"gunicorn-{port}.log"))


def datasette(*, db_path: str, port: int, workdir: str, threads: int = 3) -> Server:
    """Datasette with facet suggestions off, immutable (read-only, no locking: its fastest mode for
    published data), and time limits raised so that counts and facets are really computed instead of
    timing out (the defaults, 1 s and 200 ms, would drop facets on broad searches)."""
    argv = [os.path.join(DATASETTE_VENV, "bin", "datasette"), "serve", "-i", db_path, "-h", "127.0.0.1",
            "-p", str(port), "--setting", "suggest_facets", "off", "--setting", "facet_time_limit_ms", "5000",
            "--setting", "sql_time_limit_ms", "5000", "--setting", "num_sql_threads", str(threads),
            "--setting", "default_page_size", "20"]
    name = Path(db_path).stem
    return Server("datasette", argv, dict(os.environ), port, f"/{name}/products.json?_size=1",
                  os.path.join(workdir, f"datasette-{port}.log"))
