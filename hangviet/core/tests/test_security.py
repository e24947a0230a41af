"""Security basics: password hashing, login lock, headers, deployment checks, request-size limits."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from hangviet.demo.foundation import DEMO_PASSWORD

ROOT = Path(__file__).resolve().parents[3]


def _clean_env(**extra):
    env = {k: v for k, v in os.environ.items() if k not in ("HANGVIET_TESTING", "DEBUG", "PYTEST_CURRENT_TEST")}
    env.update(extra)
    return env


@pytest.mark.slow
def test_argon2_is_the_hasher_outside_tests(tmp_path):
    code = (
        "import os, django; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'hangviet.settings'); django.setup();"
        "from django.conf import settings; from django.contrib.auth.hashers import make_password;"
        "print(settings.PASSWORD_HASHERS[0]); print(make_password('HangViet@2026')[:9])"
    )
    env = _clean_env(SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="hangviet.example.vn",
                     HANGVIET_VAR_DIR=str(tmp_path))
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    hasher, prefix = out.stdout.split()
    assert hasher == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert prefix == "argon2$ar"


@pytest.mark.slow
def test_settings_refuse_to_start_without_secret_key(tmp_path):
    code = "import os, django; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'hangviet.settings'); django.setup()"
    env = _clean_env(HANGVIET_VAR_DIR=str(tmp_path))
    env.pop("SECRET_KEY", None)
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode != 0
    assert "SECRET_KEY" in out.stderr


@pytest.mark.slow
def test_check_deploy_reports_no_issues(tmp_path):
    env = _clean_env(SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="hangviet.example.vn",
                     CSRF_TRUSTED_ORIGINS="https://hangviet.example.vn", HANGVIET_VAR_DIR=str(tmp_path),
                     DEBUG="0")
    out = subprocess.run([sys.executable, "-m", "hangviet", "check", "--deploy", "--fail-level", "WARNING"],
                         env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "no issues" in out.stdout, out.stdout + out.stderr


# --- login lock -----------------------------------------------------------------------------------
@pytest.mark.django_db
def test_login_locks_after_repeated_failures(client, settings, user_named):
    settings.LOGIN_MAX_FAILURES = 3
    for _ in range(3):
        r = client.post("/dang-nhap/", {"username": "canbo.qlcn", "password": "sai-mat-khau"})
        assert r.status_code == 200
    user = user_named("canbo.qlcn")
    assert user.is_locked
    # even the right password is refused while locked, with a Vietnamese message saying so
    r = client.post("/dang-nhap/", {"username": "canbo.qlcn", "password": DEMO_PASSWORD})
    assert r.status_code == 200
    body = r.content.decode()
    assert "tạm thời bị khóa" in body
    assert "_auth_user_id" not in client.session
    # the back office's own sign-in page refuses too
    r = client.post("/quan-tri/login/", {"username": "canbo.qlcn", "password": DEMO_PASSWORD})
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_wrong_password_message_is_vietnamese_and_counts(client, user_named):
    r = client.post("/dang-nhap/", {"username": "canbo.qlcn", "password": "sai"})
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in r.content.decode()
    assert user_named("canbo.qlcn").failed_logins == 1
    r = client.post("/dang-nhap/", {"username": "canbo.qlcn", "password": DEMO_PASSWORD})
    assert r.status_code == 302
    assert user_named("canbo.qlcn").failed_logins == 0


@pytest.mark.django_db
def test_unknown_user_login_fails_without_a_500(client):
    r = client.post("/dang-nhap/", {"username": "khong-co-ai", "password": "x" * 20})
    assert r.status_code == 200
    assert "không đúng" in r.content.decode()


# --- headers ----------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_security_headers_on_portal(client):
    r = client.get("/")
    csp = r["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self';" in csp + ";" and "unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert r["X-Frame-Options"] == "DENY"
    assert r["X-Content-Type-Options"] == "nosniff"
    assert r["Referrer-Policy"] == "same-origin"
    assert r["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "Permissions-Policy" in r
    assert r["Content-Language"] == "vi"


@pytest.mark.django_db
def test_security_headers_on_admin_and_api(client_as):
    c = client_as("daumoi.qltm")
    for url in ("/quan-tri/", "/api/v1/me", "/healthz"):
        r = c.get(url)
        assert r.status_code == 200, url
        assert "Content-Security-Policy" in r and r["X-Frame-Options"] == "DENY", url
        assert r["X-Content-Type-Options"] == "nosniff", url


@pytest.mark.django_db
def test_session_cookie_is_httponly_and_lax(client):
    r = client.post("/dang-nhap/", {"username": "canbo.qlcn", "password": DEMO_PASSWORD})
    cookie = r.cookies["sessionid"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"


# --- size limits -----------------------------------------------------------------------------------
@pytest.mark.django_db
def test_ten_megabyte_json_refused_with_413(client):
    body = json.dumps({"name": "x" * (10 * 1024 * 1024)})
    r = client.post("/api/v1/businesses/register", body, content_type="application/json")
    assert r.status_code == 413
    assert r["Content-Type"].startswith("application/problem+json")
    assert "quá lớn" in r.json()["detail"]
