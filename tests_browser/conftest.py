"""Browser tests: a real HangViet server (runserver, DEBUG=1) on a free port with a fresh SQLite file in a
temporary directory, loaded with `python -m hangviet demo --no-serve`, driven by Debian's Chromium."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "test-results"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync", "--headless"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(var_dir: Path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items()
           if k not in ("HANGVIET_TESTING", "DATABASE_URL", "REDIS_URL", "PYTEST_CURRENT_TEST", "DJANGO_SETTINGS_MODULE")}
    env.update(DEBUG="1", HANGVIET_VAR_DIR=str(var_dir), EMAIL_URL=f"file://{var_dir / 'mail'}", LOG_LEVEL="WARNING")
    env.update(extra)
    return env


def wait_for(url: str, proc: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(url)


@pytest.fixture(scope="session")
def live_url(tmp_path_factory):
    var_dir = tmp_path_factory.mktemp("hangviet-browser")
    env = server_env(var_dir)
    subprocess.run([sys.executable, "-m", "hangviet", "demo", "--no-serve"], env=env, cwd=ROOT, check=True,
                   capture_output=True, timeout=600)
    port = free_port()
    log = open(var_dir / "server.log", "w")
    proc = subprocess.Popen([sys.executable, "-m", "hangviet", "runserver", f"127.0.0.1:{port}", "--noreload"],
                            env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{url}/healthz", proc)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN", device_scale_factor=2,
                                  is_mobile=True, has_touch=True)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def desktop(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def shot():
    RESULTS.mkdir(exist_ok=True)

    def save(page, name: str):
        path = RESULTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return save


@pytest.fixture
def console_errors():
    """Collect console errors and page errors of a page (CSP violations, JS errors)."""

    def watch(page):
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        return errors

    return watch
