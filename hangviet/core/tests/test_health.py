"""Liveness and readiness probes."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db.utils import ConnectionHandler

from hangviet.core import health

ROOT = Path(__file__).resolve().parents[3]


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_when_the_database_answers(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


@pytest.mark.django_db
def test_readyz_503_when_the_database_does_not_answer(client, monkeypatch, settings, tmp_path):
    """Point the probe at a database that cannot be reached (the same engine, a wrong port / path)."""
    broken = dict(settings.DATABASES["default"])
    if broken["ENGINE"].endswith("postgresql"):
        broken.update(HOST="127.0.0.1", PORT="1", NAME="nowhere", OPTIONS={"connect_timeout": 2})
    else:
        broken.update(NAME=str(tmp_path / "missing-dir" / "db.sqlite3"), OPTIONS={})
    handler = ConnectionHandler({"default": broken})
    monkeypatch.setattr(health, "connection", handler["default"])
    try:
        response = client.get("/readyz")
    finally:
        handler["default"].close()
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
    assert client.get("/healthz").status_code == 200  # alive, just not ready


@pytest.mark.slow
def test_readyz_503_in_a_process_pointed_at_an_unreachable_postgresql():
    code = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'hangviet.settings'); django.setup();"
        "from django.test import Client; r = Client().get('/readyz'); print(r.status_code, r.content.decode())"
    )
    env = {**os.environ, "HANGVIET_TESTING": "1",
           "DATABASE_URL": "postgresql://postgres@127.0.0.1:1/nowhere?connect_timeout=2"}
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("503 "), out.stdout
    assert '"unavailable"' in out.stdout
