"""Scale-out: two stateless web processes (gunicorn) and one job worker against one PostgreSQL and one
Redis (cache, sessions and the queue). A record written through process A is read through process B; a
job queued by B (the e-mail that tells the business its registration was approved) runs exactly once
in the worker."""

from __future__ import annotations

import email
import http.cookies
import json
import os
import re
import secrets
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from .conftest import ROOT, free_port, wait_ready

pytestmark = pytest.mark.slow

PASSWORD = "HangViet@2026"


class Browser:
    """A minimal cookie-keeping HTTP client (cookies are per host, not per port, as in a browser)."""

    def __init__(self):
        self.cookies: dict[str, str] = {}
        self.opener = urllib.request.build_opener(NoRedirect)

    def request(self, method: str, url: str, *, form: dict | None = None, body: dict | None = None,
                headers: dict | None = None):
        data = None
        all_headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if form is not None:
            data = urllib.parse.urlencode(form).encode()
            all_headers["Content-Type"] = "application/x-www-form-urlencoded"
        elif body is not None:
            data = json.dumps(body).encode()
            all_headers["Content-Type"] = "application/json"
        if method != "GET" and "csrftoken" in self.cookies:
            all_headers["X-CSRFToken"] = self.cookies["csrftoken"]
        all_headers["Referer"] = url
        all_headers.update(headers or {})
        req = urllib.request.Request(url, data=data, method=method, headers=all_headers)
        try:
            response = self.opener.open(req, timeout=30)
        except urllib.error.HTTPError as exc:
            response = exc
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = http.cookies.SimpleCookie(header)
            for key, morsel in cookie.items():
                self.cookies[key] = morsel.value
        return response.status, response.read().decode("utf-8", "replace"), response.headers

    def csrf_form(self, url: str) -> str:
        status, html, _ = self.request("GET", url)
        assert status == 200, html[:500]
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def valid_tax_code(seed: int) -> str:
    weights = (31, 29, 23, 19, 17, 13, 7, 5, 3)
    n = seed
    while True:
        nine = f"{n:09d}"
        check = 10 - sum(int(d) * w for d, w in zip(nine, weights, strict=True)) % 11
        if check < 10:
            return nine + str(check)
        n += 1


def mails_to(mail_dir: Path, address: str) -> list[email.message.Message]:
    found = []
    for path in sorted(mail_dir.glob("*")):
        for chunk in path.read_text(errors="replace").split("-" * 79):
            if chunk.strip():
                message = email.message_from_string(chunk.strip() + "\n")
                if message.get("To") == address:
                    found.append(message)
    return found


def test_two_web_processes_and_one_worker_share_records_sessions_and_jobs(pg_database, redis_url, processes, tmp_path):
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    env = {k: v for k, v in os.environ.items()
           if k not in ("HANGVIET_TESTING", "PYTEST_CURRENT_TEST", "DJANGO_SETTINGS_MODULE", "HUEY_IMMEDIATE")}
    env.update(DATABASE_URL=pg_database, REDIS_URL=redis_url, EMAIL_URL=f"file://{mail_dir}", DEBUG="1",
               SECRET_KEY=secrets.token_urlsafe(50), HANGVIET_VAR_DIR=str(tmp_path / "var"), HUEY_IMMEDIATE="0",
               WEB_CONCURRENCY="2", WEB_THREADS="2", LOG_LEVEL="WARNING")
    setup = subprocess.run([sys.executable, "-m", "hangviet", "demo", "--no-serve"], env=env, cwd=ROOT,
                           capture_output=True, text=True, timeout=900)
    assert setup.returncode == 0, setup.stdout[-2000:] + setup.stderr[-4000:]

    port_a, port_b = free_port(), free_port()
    web_a = processes.start("web-a", ["serve", "--no-collectstatic", "--bind", f"127.0.0.1:{port_a}"], env)
    web_b = processes.start("web-b", ["serve", "--no-collectstatic", "--bind", f"127.0.0.1:{port_b}"], env)
    worker = processes.start("worker", ["run_huey", "--workers", "2"], env)
    a, b = f"http://127.0.0.1:{port_a}", f"http://127.0.0.1:{port_b}"
    wait_ready(a, web_a)
    wait_ready(b, web_b)
    assert worker.poll() is None, processes.log("worker")

    # 1. A business registers through process A (the portal form, with its CSRF token).
    unique = secrets.token_hex(4)
    address = f"scale-{unique}@example.vn"
    name = f"Hợp tác xã Thử nghiệm mở rộng {unique}"
    visitor = Browser()
    token = visitor.csrf_form(f"{a}/dang-ky-doanh-nghiep/")
    status, html, headers = visitor.request("POST", f"{a}/dang-ky-doanh-nghiep/", form={
        "csrfmiddlewaretoken": token, "name": name, "tax_code": valid_tax_code(int(unique, 16) % 900000000 + 50000000),
        "kind": "cooperative", "province": "42", "place_code": "H4201102", "phone": "0912345678", "email": address,
        "full_name": "Người thử", "username": f"scale.{unique}", "password": "Thu-Nghiem-2026!"})
    assert status == 302, (status, re.findall(r'class="error"[^>]*>([^<]+)', html), processes.log("web-a")[-3000:])

    # 2. An officer signs in through A; the session (in Redis) is valid on B.
    officer = Browser()
    token = officer.csrf_form(f"{a}/dang-nhap/")
    status, _, headers = officer.request("POST", f"{a}/dang-nhap/", form={
        "csrfmiddlewaretoken": token, "username": "canbo.thiencam", "password": PASSWORD})
    assert status == 302 and headers["Location"] == "/quan-tri/"

    # 3. The record written through A is read through B.
    status, body, _ = officer.request("GET", f"{b}/api/v1/businesses?status=pending&q={urllib.parse.quote(unique)}")
    assert status == 200, body
    items = json.loads(body)["items"]
    assert [item["name"] for item in items] == [name]
    business_id = items[0]["id"]

    # 4. B approves it; the e-mail job is queued after commit and run by the worker, exactly once.
    status, body, _ = officer.request("POST", f"{b}/api/v1/businesses/{business_id}/review",
                                      body={"approve": True, "note": "Hồ sơ đầy đủ."})
    assert status == 200, body
    assert json.loads(body)["status"] == "approved"
    status, body, _ = officer.request("GET", f"{a}/api/v1/businesses/{business_id}")
    assert json.loads(body)["status"] == "approved"

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not mails_to(mail_dir, address):
        time.sleep(0.5)
    first = mails_to(mail_dir, address)
    assert first, "the worker did not send the e-mail\n" + processes.log("worker")[-3000:]
    time.sleep(5)  # a second delivery (a job run twice) would show up by now
    messages = mails_to(mail_dir, address)
    assert len(messages) == 1, [m.get("Subject") for m in messages]
    assert "duyệt" in str(email.header.make_header(email.header.decode_header(messages[0]["Subject"])))

    # 5. Both web processes and the worker are still healthy; no errors logged.
    for url in (a, b):
        with urllib.request.urlopen(f"{url}/readyz", timeout=5) as r:
            assert r.status == 200
    for name_ in ("web-a", "web-b", "worker"):
        assert "Traceback" not in processes.log(name_), processes.log(name_)[-3000:]
