"""The public catalogue in a phone-sized browser: a visitor types without diacritics and finds the
product (results update as they type, through htmx), opens it and sees its QR code."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT, server_env

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/shots")

# Idempotent: the demo may already hold these products (the catalogue's demo data).
SEED = """
from hangviet.agencies.models import Role
from hangviet.agencies.scope import Scope
from hangviet.businesses.models import Business
from hangviet.catalog import services
from hangviet.catalog.models import Product

admin = Scope(user=None, role=Role.ADMIN)
wanted = [
    ("Hợp tác xã Kẹo cu đơ Hà Tĩnh", "Kẹo cu đơ Hà Tĩnh", "Kẹo lạc mật mía kẹp bánh đa", 45000, "gói"),
    ("Hợp tác xã Bánh gai Tứ Trụ", "Bánh gai Tứ Trụ", "Bánh gai nhân đỗ xanh, đặc sản xứ Thanh", 60000, "hộp"),
    ("Công ty TNHH Nem chua Thanh Hóa Xứ Thanh", "Nem chua Thanh Hóa", "Nem chua lá ổi", 50000, "chục"),
]
for producer, name, description, price, unit in wanted:
    if Product.objects.filter(name=name, status="published").exists():
        continue
    business = Business.objects.get(name=producer)
    product = services.product_create(scope=admin, producer_id=business.pk, data={
        "name": name, "category": "I.3.1", "description": description, "price_vnd": price, "unit": unit})
    services.product_publish(scope=admin, product_id=product.pk)

import datetime as dt
cu_do = Product.objects.filter(name="Kẹo cu đơ Hà Tĩnh", status="published").first()
if not cu_do.certificates.filter(status__in=["valid", "expiring"]).exists():
    services.certificate_issue(scope=admin, product_id=cu_do.pk, number="TRINH-DUYET/GCN-OCOP",
                               decision_number="1/QĐ-UBND", decision_date=dt.date.today() - dt.timedelta(days=30),
                               score_a=30, score_b=20, score_c=25, issuing_authority="UBND tỉnh Hà Tĩnh")
"""


@pytest.fixture(scope="module")
def catalogue_url(live_url, tmp_path_factory):
    """The live server, with the products this test looks for (added through the services)."""
    var_dirs = sorted(tmp_path_factory.getbasetemp().glob("hangviet-browser*"))
    assert var_dirs, "the live server's data directory"
    subprocess.run([sys.executable, "-m", "hangviet", "shell", "-c", SEED], env=server_env(var_dirs[-1]), cwd=ROOT,
                   check=True, capture_output=True, timeout=120)
    return live_url


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_search_without_diacritics_on_a_phone(phone, catalogue_url, shot):
    from playwright.sync_api import expect

    errors: list[str] = []
    # The browser's own /favicon.ico request is not the page's (the portal has no icon yet).
    phone.on("console", lambda m: errors.append(f"{m.text} {m.location.get('url')}")
             if m.type == "error" and not m.location.get("url", "").endswith("/favicon.ico") else None)
    phone.on("pageerror", lambda e: errors.append(str(e)))
    phone.goto(f"{catalogue_url}/san-pham/")
    expect(phone.locator("h1")).to_contain_text("Sản phẩm OCOP và hàng Việt")
    phone.locator("#cat-q").fill("keo cu do")
    # htmx swaps the results while the visitor types, and puts the query in the address bar.
    results = phone.locator("#cat-results")
    expect(results.locator(".cat-name").first).to_contain_text("Kẹo cu đơ", timeout=10000)
    expect(results).not_to_contain_text("Bánh gai Tứ Trụ")
    phone.wait_for_url(re.compile(r".*q=keo(\+|%20)cu(\+|%20)do.*"))
    assert no_horizontal_scroll(phone)
    SHOTS.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=str(SHOTS / "catalog-search-phone.png"), full_page=False)
    shot(phone, "catalog-search-phone")
    phone.locator("#cat-facets").screenshot(path=str(SHOTS / "catalog-facets-phone.png"))
    phone.locator("#cat-q").fill("keo cu do ha tinh")
    expect(results.locator(".cat-name").first).to_have_text("Kẹo cu đơ Hà Tĩnh", timeout=10000)

    phone.get_by_role("link", name=re.compile("Kẹo cu đơ Hà Tĩnh")).first.click()
    phone.wait_for_url(re.compile(r".*/san-pham/\d+/$"))
    expect(phone.locator("h1")).to_have_text("Kẹo cu đơ Hà Tĩnh")
    qr = phone.locator(".cat-qr img")
    expect(qr).to_be_visible()
    assert phone.evaluate("(img) => img.complete && img.naturalWidth > 0", qr.element_handle())
    assert no_horizontal_scroll(phone)
    phone.screenshot(path=str(SHOTS / "catalog-product-phone.png"), full_page=True)
    # The certificate shown on the page verifies in one tap.
    phone.get_by_role("link", name="Xác minh", exact=True).click()
    phone.wait_for_url(re.compile(r".*/san-pham/xac-minh/\?so=.+"))
    expect(phone.locator(".cat-verdict")).to_contain_text("Kẹo cu đơ Hà Tĩnh")
    expect(phone.locator(".cat-verdict .cat-status-big")).to_have_text(re.compile("Còn hiệu lực|Sắp hết hạn"))
    assert no_horizontal_scroll(phone)
    phone.screenshot(path=str(SHOTS / "catalog-verify-phone.png"), full_page=True)
    assert not errors, errors


def test_facet_link_and_verification_page_on_a_phone(phone, catalogue_url):
    from playwright.sync_api import expect

    phone.goto(f"{catalogue_url}/san-pham/?q=banh+gai")
    expect(phone.locator("#cat-results")).to_contain_text("Bánh gai Tứ Trụ")
    phone.locator("#cat-facets summary", has_text="Loại hình chủ thể").click()
    phone.locator("#cat-facets a", has_text="Hợp tác xã").first.click()
    phone.wait_for_url(re.compile(r".*producer_kind=cooperative.*"))
    expect(phone.locator(".cat-chips")).to_contain_text("Hợp tác xã")
    phone.goto(f"{catalogue_url}/san-pham/xac-minh/?so=KHONG-CO-SO-NAY")
    expect(phone.locator("main")).to_contain_text("Không tìm thấy giấy chứng nhận")
    assert no_horizontal_scroll(phone)


def test_search_page_on_a_desktop_puts_the_filters_beside_the_results(desktop, catalogue_url):
    desktop.goto(f"{catalogue_url}/san-pham/?q=banh+gai")
    facets = desktop.locator("#cat-facets").bounding_box()
    cards = desktop.locator(".cat-cards").bounding_box()
    assert facets and cards and facets["x"] + facets["width"] <= cards["x"]
    assert no_horizontal_scroll(desktop)
    SHOTS.mkdir(parents=True, exist_ok=True)
    desktop.screenshot(path=str(SHOTS / "catalog-search-desktop.png"))
    # Changing the order swaps the results in place and keeps the query.
    desktop.select_option("#cat-sort", "name")
    desktop.wait_for_url(re.compile(r".*sort=name.*"))
    assert "q=banh" in desktop.url
    from hangviet.core.text import fold

    desktop.wait_for_load_state("networkidle")
    names = desktop.locator(".cat-cards .cat-name").all_inner_texts()
    assert len(names) > 1 and [fold(n) for n in names] == sorted(fold(n) for n in names)


def test_producer_adds_a_product_on_a_phone(phone, catalogue_url):
    from playwright.sync_api import expect

    phone.goto(f"{catalogue_url}/dang-nhap/?next=/san-pham/cua-toi/")
    phone.fill("input[name=username]", "doanhnghiep")
    phone.fill("input[name=password]", "HangViet@2026")
    with phone.expect_navigation():
        phone.locator("form button[type=submit]").first.click()
    phone.wait_for_url(re.compile(r".*/san-pham/cua-toi/$"))
    phone.get_by_role("link", name=re.compile("Thêm sản phẩm")).click()
    phone.wait_for_url(re.compile(r".*/san-pham/cua-toi/them/$"))
    # Errors first: nothing filled in.
    phone.get_by_role("button", name="Lưu bản nháp").click()
    expect(phone.locator(".field.has-error").first).to_be_visible()
    expect(phone.locator("main")).to_contain_text("Chưa nhập tên sản phẩm")
    phone.fill("#id_name", "Chả tôm Sầm Sơn thử nghiệm")
    phone.select_option("#id_category", "I.3.2")
    phone.select_option("#id_place", index=1)
    phone.fill("#id_price_vnd", "150.000")
    phone.get_by_role("button", name="Lưu bản nháp").click()
    phone.wait_for_url(re.compile(r".*/san-pham/cua-toi/\d+/$"))
    expect(phone.locator("main")).to_contain_text("Đã lưu bản nháp")
    expect(phone.locator("#id_price_vnd")).to_have_value("150.000")
    assert no_horizontal_scroll(phone)
    SHOTS.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=str(SHOTS / "catalog-producer-edit-phone.png"), full_page=True)
    phone.locator("form[action$='/gui-duyet/'] button").click()
    phone.wait_for_url(re.compile(r".*/san-pham/cua-toi/$"))
    expect(phone.locator("main")).to_contain_text("Đã gửi duyệt")
    expect(phone.locator("main")).to_contain_text("Chờ duyệt")
