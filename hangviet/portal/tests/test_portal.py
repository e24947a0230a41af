"""The public portal: home, language switch, dates, business self-registration with the place picker,
the account page (personal API tokens) and sign-in per role."""

import datetime as dt
import re

import pytest
from django.template import Context, Template
from django.utils import formats, translation

from hangviet.agencies.models import ApiToken, User
from hangviet.businesses.models import Business
from hangviet.core.validators import make_tax_code
from hangviet.demo.foundation import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def new_tax_code(seed=320000000):
    n = seed
    while True:
        try:
            code = make_tax_code(f"{n:09d}")
        except ValueError:
            n += 1
            continue
        if not Business.objects.filter(tax_code=code).exists():
            return code
        n += 1


def form_data(**changes):
    data = {"name": "Cơ sở Nước mắm Cửa Nhượng", "tax_code": new_tax_code(), "kind": "household", "province": "42",
            "place_code": "H4201102", "address": "Thôn Nam Sơn", "representative": "Trần Văn Nhượng",
            "phone": "0912 345 678", "email": "cuanhuong@example.vn", "sector": "Nước mắm",
            "full_name": "Trần Văn Nhượng", "username": "nuocmam.cuanhuong", "password": "Nuoc-Mam-2026!"}
    data.update(changes)
    return data


def test_home_is_vietnamese(client):
    r = client.get("/")
    assert r.status_code == 200
    body = r.content.decode()
    assert '<html lang="vi">' in body
    assert "Đăng nhập" in body and "Trang chủ" in body
    assert r["Content-Language"] == "vi"


def test_browser_in_english_still_gets_vietnamese_first(client):
    r = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="vi">' in r.content.decode()


def test_language_switch_changes_the_portal_language(client):
    r = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert r.status_code == 302
    r = client.get("/")
    body = r.content.decode()
    assert '<html lang="en">' in body
    assert r["Content-Language"] == "en"
    assert "Sign in" in body or "Log in" in body, "English translation of the sign-in link is missing"
    client.post("/i18n/setlang/", {"language": "vi", "next": "/"})
    assert '<html lang="vi">' in client.get("/").content.decode()


def test_unknown_language_is_ignored(client):
    client.cookies["django_language"] = "xx"
    assert '<html lang="vi">' in client.get("/").content.decode()


def test_language_code_and_date_formats(settings):
    assert settings.LANGUAGE_CODE == "vi"
    with translation.override("vi"):
        assert formats.date_format(dt.date(2026, 2, 17)) == "17/02/2026"
        assert formats.date_format(dt.date(2026, 2, 17), "SHORT_DATE_FORMAT") == "17/02/2026"
        assert Template("{{ d|date }}").render(Context({"d": dt.date(2025, 6, 30)})) == "30/06/2025"
        assert formats.number_format(1234567, force_grouping=True) == "1.234.567"


def test_account_page_shows_dates_dd_mm_yyyy(client_as, user_named):
    c = client_as("daumoi.qltm")
    r = c.post("/tai-khoan/", {"action": "create", "name": "Báo cáo tự động"})
    body = r.content.decode()
    assert re.search(r"\d{2}:\d{2} \d{2}/\d{2}/\d{4}", body)


# --- registration ---------------------------------------------------------------------------------
def test_registration_page_has_the_province_picker(client):
    r = client.get("/dang-ky-doanh-nghiep/")
    assert r.status_code == 200
    body = r.content.decode()
    assert 'hx-get="/dia-ban/xa-phuong/"' in body
    assert body.count('<option value="') >= 34
    assert "Tỉnh Hà Tĩnh" in body


def test_commune_options_for_a_province(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        r = client.get("/dia-ban/xa-phuong/", {"province": "42"})
    body = r.content.decode()
    assert r.status_code == 200
    assert "Phường Thành Sen" in body
    assert "Thị trấn Thiên Cầm" not in body  # historical units are not offered for new records
    assert client.get("/dia-ban/xa-phuong/", {"province": "<script>"}).content.decode().count("<option") == 1
    assert client.get("/dia-ban/xa-phuong/").status_code == 200


def test_registration_creates_a_pending_business(client):
    data = form_data(place_code="18073")
    r = client.post("/dang-ky-doanh-nghiep/", data)
    assert r.status_code == 302 and r["Location"] == "/dang-nhap/"
    business = Business.objects.get(tax_code=data["tax_code"])
    assert business.status == "pending" and business.phone == "0912345678"
    assert User.objects.get(username="nuocmam.cuanhuong").business == business
    r = client.get("/dang-nhap/")
    assert "Đã gửi đăng ký" in r.content.decode()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"tax_code": "0100101070"}, "tax_code", "chữ số kiểm tra"),
        ({"place_code": "00000"}, "place_code", "Không tìm thấy xã/phường"),
        ({"name": "<script>alert('x')</script>"}, "name", "Không được chứa mã HTML"),
        ({"phone": "12345"}, "phone", "Số điện thoại không hợp lệ"),
        ({"name": ""}, "name", "Trường này là bắt buộc."),
        ({"password": "1234567890"}, "password", ""),
    ],
)
def test_failed_registration_shows_vietnamese_errors_next_to_the_fields(client, changes, field, message):
    before = (Business.objects.count(), User.objects.count())
    r = client.post("/dang-ky-doanh-nghiep/", form_data(**changes))
    assert r.status_code == 422
    body = r.content.decode()
    # the error sits inside the field's own block, right after its input
    block = re.search(rf'<div class="field has-error">\s*<label for="id_{field}">.*?</div>', body, re.S)
    assert block, f"no error block for {field}"
    assert 'class="error"' in block.group(0)
    assert message in block.group(0)
    assert "&lt;script&gt;" in body or "<script>alert" not in body  # escaped, never executed
    assert (Business.objects.count(), User.objects.count()) == before


def test_duplicate_tax_code_on_the_form(client):
    existing = Business.objects.get(name="Hợp tác xã Kẹo cu đơ Hà Tĩnh")
    r = client.post("/dang-ky-doanh-nghiep/", form_data(tax_code=existing.tax_code))
    assert r.status_code == 409
    assert f"Mã số thuế {existing.tax_code} đã được đăng ký" in r.content.decode()


def test_registration_without_csrf_token_is_refused(user_named):
    from django.test import Client

    c = Client(enforce_csrf_checks=True)
    before = Business.objects.count()
    r = c.post("/dang-ky-doanh-nghiep/", form_data())
    assert r.status_code == 403
    assert Business.objects.count() == before


def test_oversized_form_field_refused(client):
    before = Business.objects.count()
    r = client.post("/dang-ky-doanh-nghiep/", form_data(address="x" * 5000))
    assert r.status_code == 422
    assert "tối đa 300 kí tự" in r.content.decode()
    assert Business.objects.count() == before


# --- sign-in per role --------------------------------------------------------------------------------
OFFICIALS = ["admin", "lanhdao.sct", "daumoi.qltm", "canbo.qlcn", "phoihop.mttq", "daumoi.camxuyen", "canbo.thiencam"]


@pytest.mark.parametrize("username", OFFICIALS)
def test_each_official_signs_into_the_back_office(client, username):
    r = client.post("/quan-tri/login/", {"username": username, "password": DEMO_PASSWORD, "next": "/quan-tri/"})
    assert r.status_code == 302, r.content.decode()[:500]
    r = client.get("/quan-tri/")
    assert r.status_code == 200
    body = r.content.decode()
    assert "Xin chào" in body
    assert "Doanh nghiệp, HTX, hộ kinh doanh" in body
    r = client.get("/quan-tri/businesses/business/")
    assert r.status_code == 200


def test_portal_sign_in_sends_officials_to_the_back_office(client):
    r = client.post("/dang-nhap/", {"username": "daumoi.qltm", "password": DEMO_PASSWORD})
    assert r.status_code == 302 and r["Location"] == "/quan-tri/"


def test_business_account_signs_into_the_portal_only(client):
    r = client.post("/quan-tri/login/", {"username": "doanhnghiep", "password": DEMO_PASSWORD, "next": "/quan-tri/"})
    assert r.status_code == 200  # the back office refuses non-staff
    assert "_auth_user_id" not in client.session
    r = client.post("/dang-nhap/", {"username": "doanhnghiep", "password": DEMO_PASSWORD})
    assert r.status_code == 302 and r["Location"] == "/tai-khoan/"
    body = client.get("/tai-khoan/").content.decode()
    assert "Công ty TNHH Nem chua Thanh Hóa Xứ Thanh" in body
    assert 'href="/quan-tri/"' not in body
    assert client.get("/quan-tri/").status_code == 302


def test_dashboard_counts_only_the_scope(client_as):
    body = client_as("canbo.thiencam").get("/quan-tri/").content.decode()
    cards = dict(re.findall(r'text-base-500">([^<]+)</div>\s*<div class="text-3xl font-semibold hv-kpi">\s*(\d+)', body))
    assert cards["Doanh nghiệp, HTX, hộ kinh doanh"] == "1", cards
    assert cards["Đăng ký doanh nghiệp chờ duyệt"] == "0", cards


# --- account page: tokens ----------------------------------------------------------------------------
def test_account_token_shown_once_then_revoked(client_as, user_named):
    c = client_as("canbo.qlcn")
    r = c.post("/tai-khoan/", {"action": "create", "name": "Tích hợp"})
    raw = re.search(r'<code class="token">(hv_[^<]+)</code>', r.content.decode()).group(1)
    assert raw not in c.get("/tai-khoan/").content.decode()
    token = ApiToken.objects.get(user=user_named("canbo.qlcn"))
    r = c.post("/tai-khoan/", {"action": "revoke", "token_id": token.pk})
    assert r.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    r = c.post("/tai-khoan/", {"action": "revoke", "token_id": "abc"})
    assert r.status_code == 200


def test_account_requires_sign_in(client):
    r = client.get("/tai-khoan/")
    assert r.status_code == 302 and r["Location"].startswith("/dang-nhap/")


def test_404_page_is_vietnamese(client):
    r = client.get("/khong-co-trang-nay/")
    assert r.status_code == 404
    assert "Không tìm thấy trang" in r.content.decode()
