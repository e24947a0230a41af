"""Anonymous public reads come from the replica, signed-in reads and all writes from the primary:
two real SQLite files stand for primary and replica (different rows, so the source is visible)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

SCRIPT = r"""
import json, django
django.setup()
from django.test import Client
from hangviet.agencies.models import User
out = {}
anon = Client()
out["anon"] = [i["name"] for i in anon.get("/api/v1/catalog/products", {"q": "nem"}).json()["items"]]
signed = Client()
signed.force_login(User.objects.using("default").get(username="admin"))
out["signed"] = [i["name"] for i in signed.get("/api/v1/catalog/products", {"q": "nem"}).json()["items"]]
print(json.dumps(out))
"""


def run(env, *args, code=None):
    command = [sys.executable, "-m", "hangviet", *args] if code is None else [sys.executable, "-c", code]
    return subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=600, check=True).stdout


def seed(env, *names):
    run(env, "migrate", "--noinput", "-v0")
    code = ("import django; django.setup();"
            "from hangviet.demo import foundation; foundation.load();"
            "from hangviet.catalog import services; from hangviet.agencies.scope import Scope;"
            "from hangviet.businesses.models import Business;"
            "s = Scope(user=None, role='admin'); b = Business.objects.first();"
            f"names = {list(names)!r};"
            "ps = [services.product_create(scope=s, producer_id=b.pk, data={'name': n, 'category': 'I.3.2'}) for n in names];"
            "[services.product_publish(scope=s, product_id=p.pk) for p in ps]")
    run(env, code=code)


@pytest.mark.slow
def test_public_reads_use_the_replica(tmp_path):
    base = {k: v for k, v in os.environ.items() if k not in ("HANGVIET_TESTING", "DATABASE_URL", "PYTEST_CURRENT_TEST")}
    base.update(DEBUG="1", HANGVIET_VAR_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="hangviet.settings")
    primary, replica = tmp_path / "primary.sqlite3", tmp_path / "replica.sqlite3"
    # Different rows on each side (and a different count), so the source of every part of the answer shows.
    seed({**base, "DATABASE_URL": f"sqlite:///{replica}"}, "Nem chua trên bản sao", "Nem chua thứ hai trên bản sao")
    seed({**base, "DATABASE_URL": f"sqlite:///{primary}"}, "Nem chua trên máy chính")
    env = {**base, "DATABASE_URL": f"sqlite:///{primary}", "DATABASE_REPLICA_URL": f"sqlite:///{replica}"}
    result = json.loads(run(env, code=SCRIPT).strip().splitlines()[-1])
    assert sorted(result["anon"]) == ["Nem chua thứ hai trên bản sao", "Nem chua trên bản sao"]
    assert result["signed"] == ["Nem chua trên máy chính"]
