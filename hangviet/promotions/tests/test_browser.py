"""The "done when" of promotions in a real browser (phone width for the business, desktop for the
officer): file a Tết promotion with a discount above the cap, read the rule, correct, submit; the officer
confirms; the programme shows on the public list for its dates. Screenshots in var/screenshots."""

import datetime as dt
import os

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def promotion_rules(db):
    """Transactional tests flush the rows the data migration seeded; put the legal rules back."""
    import importlib

    from django.apps import apps

    from hangviet.promotions.models import PromotionRule

    if not PromotionRule.objects.exists():
        importlib.import_module("hangviet.promotions.migrations.0002_seed_rules").seed(apps, None)


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--headless"])
        yield b
        b.close()


def _login(page, base, username):
    page.goto(f"{base}/dang-nhap/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "HangViet@2026")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def test_tet_promotion_end_to_end(browser, live_server, settings):
    from hangviet.core import workdays
    from hangviet.core.deadlines import today
    from hangviet.demo import foundation
    from hangviet.promotions.models import Programme

    foundation.load()
    out = settings.VAR_DIR / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    base = live_server.url
    start = workdays.add_working_days(today(), 10)
    end = start + dt.timedelta(days=20)

    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN").new_page()
    errors = []
    phone.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    _login(phone, base, "doanhnghiep")
    phone.goto(f"{base}/khuyen-mai/dang-ky/")
    phone.fill("#id_name", "Tết an khang – Nem chua Xứ Thanh")
    phone.check("input[name=forms][value=discounts]")
    phone.check("input[name=forms][value=lucky_draws]")
    phone.fill("#id_starts_on", start.isoformat())
    phone.fill("#id_ends_on", end.isoformat())
    phone.select_option("#id_provinces", ["38"])
    phone.fill("#id_terms", "Mỗi hóa đơn từ 200.000 đồng nhận một phiếu bốc thăm.")
    phone.fill("#id_draw_date", end.isoformat())
    phone.fill("#id_draw_place", "Trụ sở công ty")
    phone.fill("input[name=items-0-name]", "Nem chua hộp 500g")
    phone.fill("input[name=items-0-unit_price]", "100000")
    phone.fill("input[name=items-0-discount_percent]", "70")
    phone.locator("button[data-prefix=prizes]").click()
    phone.wait_for_selector("input[name=prizes-0-rank]")
    phone.fill("input[name=prizes-0-rank]", "Giải nhất")
    phone.fill("input[name=prizes-0-description]", "Xe máy")
    phone.fill("input[name=prizes-0-value]", "30000000")
    phone.locator("button[name=submit]").click()
    phone.wait_for_load_state()
    body = phone.locator("main").inner_text()
    assert "Mức giảm giá 70%" in body and "50%" in body
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.screenshot(path=str(out / "promotions-rule-violation-phone.png"), full_page=True)
    phone.fill("input[name=items-0-discount_percent]", "40")
    phone.locator("button[name=submit]").click()
    phone.wait_for_load_state()
    assert "Đã nộp hồ sơ KM-" in phone.locator("main").inner_text()
    phone.screenshot(path=str(out / "promotions-submitted-phone.png"), full_page=True)
    programme = Programme.objects.get(name="Tết an khang – Nem chua Xứ Thanh")
    assert programme.filing.state == "submitted"

    desk = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN").new_page()
    _login(desk, base, "daumoi.qltm")
    desk.goto(f"{base}/quan-tri/filings/filing/{programme.filing_id}/xu-ly/")
    desk.screenshot(path=str(out / "promotions-review-desktop.png"), full_page=True)
    desk.locator("form:has(input[name=action][value=confirm]) button").click()
    desk.wait_for_load_state()
    assert "Đã xác nhận" in desk.locator("#filing-state").inner_text()

    phone.goto(f"{base}/khuyen-mai/?q=nem chua xu thanh&active_on={start.isoformat()}")
    assert "Tết an khang – Nem chua Xứ Thanh" in phone.locator("main").inner_text()
    phone.screenshot(path=str(out / "promotions-public-list-phone.png"), full_page=True)
    phone.goto(f"{base}/khuyen-mai/?active_on={(end + dt.timedelta(days=1)).isoformat()}")
    assert "Tết an khang" not in phone.locator("main").inner_text()
    assert not [e for e in errors if "Content Security Policy" in e]
