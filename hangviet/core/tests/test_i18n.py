"""Vietnamese first: the back office speaks Vietnamese (Unfold's own strings included) and signing in
on the back office's own page behaves like the portal's (lock message, landing on the dashboard)."""

import pytest

from hangviet.demo.foundation import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

ENGLISH_LEFTOVERS = ["Type to search", "Search apps and models", ">Filters<", "Select all rows", "Select record"]


def test_back_office_list_has_no_english_leftovers(client_as):
    body = client_as("daumoi.qltm").get("/quan-tri/businesses/business/").content.decode()
    found = [s for s in ENGLISH_LEFTOVERS if s in body]
    assert not found, f"untranslated Unfold strings: {found}"


def test_back_office_dashboard_is_vietnamese(client_as):
    body = client_as("daumoi.qltm").get("/quan-tri/").content.decode()
    assert "Bảng điều khiển" in body and "Xin chào" in body
    assert "Search apps and models" not in body


def test_back_office_sign_in_page_lands_on_the_dashboard(client):
    client.get("/quan-tri/login/")
    r = client.post("/quan-tri/login/", {"username": "daumoi.qltm", "password": DEMO_PASSWORD})
    assert r.status_code == 302
    assert r["Location"] == "/quan-tri/", r["Location"]


def test_back_office_sign_in_page_says_the_account_is_locked(client, settings, user_named):
    settings.LOGIN_MAX_FAILURES = 2
    for _ in range(2):
        client.post("/quan-tri/login/", {"username": "canbo.qlcn", "password": "sai-mat-khau"})
    assert user_named("canbo.qlcn").is_locked
    r = client.post("/quan-tri/login/", {"username": "canbo.qlcn", "password": DEMO_PASSWORD})
    assert "_auth_user_id" not in client.session
    assert "tạm thời bị khóa" in r.content.decode()
