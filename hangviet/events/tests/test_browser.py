"""Phones: the calendar and the sale-point list read well at 390 px wide (screenshots in var/screenshots)."""

import os

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def lead_time_rule(db):
    """Transactional tests flush the rows the data migration seeded; put the legal rule back."""
    import importlib

    from django.apps import apps

    from hangviet.events.models import FairLeadTimeRule

    if not FairLeadTimeRule.objects.exists():
        importlib.import_module("hangviet.events.migrations.0002_fair_lead_time_rule").seed(apps, None)


@pytest.fixture
def page():
    from playwright.sync_api import sync_playwright

    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--headless"])
        context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
        yield context.new_page()
        browser.close()


def test_calendar_and_sale_points_on_a_phone(page, live_server, settings):
    from hangviet.demo import events as demo_events
    from hangviet.demo import foundation
    from hangviet.demo import retail as demo_retail

    foundation.load()
    demo_events.load()
    demo_retail.load()
    out = settings.VAR_DIR / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{live_server.url}/su-kien/")
    assert page.locator("h1").inner_text().startswith("Lịch sự kiện")
    assert page.locator(".ev-card").count() >= 3
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(out / "events-calendar-phone.png"), full_page=True)
    page.locator(".ev-card h3 a").first.click()
    page.screenshot(path=str(out / "events-detail-phone.png"), full_page=True)
    page.goto(f"{live_server.url}/diem-ban-hang-viet/")
    assert page.locator(".sp-card").count() >= 3
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(out / "sale-points-phone.png"), full_page=True)
    assert not [e for e in errors if "Content Security Policy" in e]


def test_dashboard_charts_render(page, live_server, settings, client):
    from hangviet.agencies.models import User
    from hangviet.demo import events as demo_events
    from hangviet.demo import foundation

    foundation.load()
    demo_events.load()
    client.force_login(User.objects.get(username="daumoi.qltm"))
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}])
    page.set_viewport_size({"width": 1280, "height": 900})
    logs = []
    page.on("console", lambda m: logs.append(m.text))
    page.on("pageerror", lambda e: logs.append(str(e)))
    page.goto(f"{live_server.url}/quan-tri/events/event/bang-so-lieu/")
    out = settings.VAR_DIR / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    page.wait_for_function("() => window.Chart && Object.keys(window.Chart.instances || {}).length >= 3")
    assert not [line for line in logs if "labels" in line or "Content Security Policy" in line]
    page.screenshot(path=str(out / "events-dashboard.png"), full_page=True)
    page.goto(f"{live_server.url}/quan-tri/")
    assert "Sự kiện sắp diễn ra" in page.content()
