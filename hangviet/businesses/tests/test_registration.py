"""Business self-registration (portal and API), officer review, duplicates and hostile input."""

import json

import pytest
from django.core import mail

from hangviet.agencies.models import User
from hangviet.businesses.models import Business, BusinessStatus
from hangviet.core.models import HistoryEntry, Notice
from hangviet.core.validators import make_tax_code

pytestmark = pytest.mark.django_db

THIEN_CAM_TODAY = None  # filled per test from the database


def new_tax_code(seed: int = 310000000) -> str:
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


def registration(**changes) -> dict:
    data = {"tax_code": new_tax_code(), "name": "Hợp tác xã Mật ong Thiên Cầm", "kind": "cooperative",
            "place_code": "H4201102", "address": "Thôn 1, Thiên Cầm", "representative": "Lê Văn Ong",
            "phone": "+84 912 345 678", "email": "matong@example.vn", "sector": "Mật ong",
            "username": "mattong.thiencam", "password": "Ong-Mat-2026!", "full_name": "Lê Văn Ong"}
    data.update(changes)
    return data


def post_json(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


# --- API registration -------------------------------------------------------------------------------
def test_api_registration_creates_a_pending_business_and_its_account(client):
    data = registration()
    r = post_json(client, "/api/v1/businesses/register", data)
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["status"] == "pending" and body["phone"] == "0912345678"
    business = Business.objects.get(tax_code=data["tax_code"])
    assert business.status == BusinessStatus.PENDING
    user = User.objects.get(username="mattong.thiencam")
    assert user.business == business and user.role == "business" and not user.is_staff
    assert user.check_password("Ong-Mat-2026!")
    assert HistoryEntry.objects.filter(object_id=str(business.pk), action="register").exists()


def test_registration_refuses_a_duplicate_tax_code_with_a_clear_message(client):
    existing = Business.objects.get(name="Công ty TNHH Nem chua Thanh Hóa Xứ Thanh")
    before = Business.objects.count()
    r = post_json(client, "/api/v1/businesses/register", registration(tax_code=existing.tax_code))
    assert r.status_code == 409
    assert r["Content-Type"].startswith("application/problem+json")
    assert f"Mã số thuế {existing.tax_code} đã được đăng ký" in r.json()["detail"]
    assert r.json()["errors"]["tax_code"]
    assert Business.objects.count() == before
    assert not User.objects.filter(username="mattong.thiencam").exists()
    # the same code written differently (spaces, lost leading zero) is the same code
    spaced = " ".join([existing.tax_code[:4], existing.tax_code[4:]])
    assert post_json(client, "/api/v1/businesses/register", registration(tax_code=spaced)).status_code == 409


def test_registration_duplicate_username_refused(client):
    r = post_json(client, "/api/v1/businesses/register", registration(username="daumoi.qltm"))
    assert r.status_code == 422
    assert "Tên đăng nhập đã có người dùng" in r.json()["errors"]["username"][0]


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"tax_code": "0100101070"}, "tax_code", "chữ số kiểm tra"),
        ({"tax_code": "12ab"}, "tax_code", "Mã số thuế"),
        ({"tax_code": ""}, "tax_code", "bắt buộc"),
        ({"place_code": "99999"}, "place_code", "Không tìm thấy xã/phường"),
        ({"place_code": "38"}, "place_code", "không chọn cấp tỉnh"),
        ({"name": "<script>alert(1)</script>"}, "name", "HTML"),
        ({"name": "Công ty <img src=x onerror=alert(1)>"}, "name", "HTML"),
        ({"representative": "<b>Lê</b>"}, "representative", "HTML"),
        ({"name": "   "}, "name", "bắt buộc"),
        ({"kind": "bank"}, "kind", "Loại hình không hợp lệ"),
        ({"phone": "0123"}, "phone", "Số điện thoại"),
        ({"email": "khong-phai-email"}, "email", "thư điện tử"),
        ({"password": "123"}, "password", ""),
        ({"full_name": "<script>x</script>"}, "full_name", "Họ tên"),
        ({"username": "a b<c>"}, "username", "Tên đăng nhập"),
    ],
)
def test_api_registration_bad_input_is_422_in_vietnamese_and_saves_nothing(client, changes, field, words):
    before = (Business.objects.count(), User.objects.count())
    r = post_json(client, "/api/v1/businesses/register", registration(**changes))
    assert r.status_code == 422, r.content
    assert r["Content-Type"].startswith("application/problem+json")
    body = r.json()
    assert body["detail"] and any(ord(ch) > 127 for ch in body["detail"])
    assert field in body["errors"], body
    assert words in " ".join(body["errors"][field])
    assert (Business.objects.count(), User.objects.count()) == before


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ("{not json", 400),
        ("[]", 422),
        ('"text"', 422),
        ("{}", 422),
        (json.dumps({"name": "x" * 300}), 422),
        (json.dumps({**{"tax_code": 1234567890}, "name": 5}), 422),
    ],
)
def test_api_registration_malformed_bodies(client, body, status):
    before = Business.objects.count()
    r = client.post("/api/v1/businesses/register", body, content_type="application/json")
    assert r.status_code == status, r.content
    assert r["Content-Type"].startswith("application/problem+json")
    assert any(ord(ch) > 127 for ch in r.json()["detail"])
    assert Business.objects.count() == before


def test_missing_fields_are_named_in_vietnamese(client):
    r = post_json(client, "/api/v1/businesses/register", {"name": "Cơ sở A"})
    assert r.status_code == 422
    errors = r.json()["errors"]
    assert errors["tax_code"] == ["Thiếu trường bắt buộc."]
    assert "place_code" in errors and "username" in errors


def test_ten_megabyte_json_to_registration_is_refused(client):
    r = client.post("/api/v1/businesses/register", json.dumps(registration(address="x" * (10 * 1024 * 1024))),
                    content_type="application/json")
    assert r.status_code == 413
    assert Business.objects.filter(name="Hợp tác xã Mật ong Thiên Cầm").count() == 0


def test_text_is_normalised_on_entry(client):
    import unicodedata

    nfd = unicodedata.normalize("NFD", "Hợp tác xã   Mật ong  Thiên Cầm")
    r = post_json(client, "/api/v1/businesses/register", registration(name=nfd))
    assert r.status_code == 201
    business = Business.objects.get(pk=r.json()["id"])
    assert business.name == "Hợp tác xã Mật ong Thiên Cầm"
    assert business.search_key.startswith("hop tac xa mat ong thien cam")


def test_registration_is_rate_limited(client, settings):
    settings.RATELIMIT_PUBLIC_FORMS = "2/60"
    from django.core.cache import cache

    cache.clear()
    codes = []
    for i in range(3):
        codes.append(post_json(client, "/api/v1/businesses/register", registration(username=f"rl{i}", tax_code="x")).status_code)
    assert codes[-1] == 429
    cache.clear()


# --- review ----------------------------------------------------------------------------------------
def register_via_service(**changes) -> Business:
    from hangviet.businesses.services import BusinessData, business_register

    data = registration(**changes)
    fields = {k: data.get(k, "") for k in BusinessData.__dataclass_fields__}
    business, _user = business_register(data=BusinessData(**fields), username=data["username"],
                                        password=data["password"], full_name=data["full_name"])
    return business


@pytest.fixture
def pending():
    return register_via_service()


def test_officer_approves_and_the_business_is_notified(api_client, pending, django_capture_on_commit_callbacks):
    c = api_client("canbo.thiencam")
    with django_capture_on_commit_callbacks(execute=True):
        r = post_json(c, f"/api/v1/businesses/{pending.pk}/review", {"approve": True, "note": "Hồ sơ đầy đủ."})
    assert r.status_code == 200, r.content
    pending.refresh_from_db()
    assert pending.status == "approved" and pending.reviewed_by.username == "canbo.thiencam"
    assert HistoryEntry.objects.filter(object_id=str(pending.pk), action="approve").exists()
    owner = User.objects.get(username="mattong.thiencam")
    assert Notice.objects.filter(user=owner).exists()
    assert [m.to for m in mail.outbox] == [["matong@example.vn"]]
    assert "duyệt" in mail.outbox[0].subject
    # a second decision is refused
    r = post_json(c, f"/api/v1/businesses/{pending.pk}/review", {"approve": False, "note": "Đổi ý"})
    assert r.status_code == 400 and "chờ duyệt" in r.json()["detail"]


def test_rejection_needs_a_reason(api_client, pending):
    c = api_client("daumoi.camxuyen")
    r = post_json(c, f"/api/v1/businesses/{pending.pk}/review", {"approve": False, "note": "   "})
    assert r.status_code == 400
    assert "lý do" in r.json()["detail"] and r.json()["errors"]["note"]
    pending.refresh_from_db()
    assert pending.status == "pending"
    r = post_json(c, f"/api/v1/businesses/{pending.pk}/review",
                  {"approve": False, "note": "Mã số thuế không khớp giấy chứng nhận."})
    assert r.status_code == 200
    pending.refresh_from_db()
    assert pending.status == "rejected" and pending.review_note == "Mã số thuế không khớp giấy chứng nhận."


def test_review_bad_input(api_client, pending):
    c = api_client("canbo.thiencam")
    assert post_json(c, f"/api/v1/businesses/{pending.pk}/review", {"approve": "có lẽ"}).status_code == 422
    assert post_json(c, f"/api/v1/businesses/{pending.pk}/review", {"approve": False, "note": "x" * 2001}).status_code == 422
    assert post_json(c, "/api/v1/businesses/999999/review", {"approve": True}).status_code == 404
    assert c.post("/api/v1/businesses/abc/review", "{}", content_type="application/json").status_code in (404, 422)
    pending.refresh_from_db()
    assert pending.status == "pending"


def test_officer_of_another_place_cannot_review(api_client, pending):
    r = post_json(api_client("daumoi.qltm"), f"/api/v1/businesses/{pending.pk}/review", {"approve": True})
    assert r.status_code == 404
    pending.refresh_from_db()
    assert pending.status == "pending"


def test_coordinator_cannot_review(api_client):
    business = register_via_service(place_code="14758", username="th.new")
    r = post_json(api_client("phoihop.mttq"), f"/api/v1/businesses/{business.pk}/review", {"approve": True})
    assert r.status_code == 403
    assert "Chỉ cán bộ" in r.json()["detail"]


def test_admin_review_page_rejects_with_reason(client_as, pending):
    c = client_as("canbo.thiencam")
    url = f"/quan-tri/businesses/business/{pending.pk}/duyet/"
    r = c.post(url, {"decision": "reject", "note": ""})
    assert r.status_code == 200
    assert "Khi từ chối phải ghi rõ lý do" in r.content.decode()
    r = c.post(url, {"decision": "reject", "note": "Thiếu giấy phép"})
    assert r.status_code == 302
    pending.refresh_from_db()
    assert pending.status == "rejected"


# --- the back-office form ----------------------------------------------------------------------------
def test_admin_add_with_wrong_check_digit_shows_the_error_next_to_the_field(client_as):
    """An officer who mistypes a tax code in the back office must see why, on the form (not a 403 page)."""
    data = {"tax_code": "0100101070", "name": "Cơ sở thử", "kind": "household", "place": "H4201102",
            "address": "", "short_name": "", "representative": "", "phone": "", "email": "", "sector": "", "website": ""}
    r = client_as("canbo.thiencam").post("/quan-tri/businesses/business/add/", data)
    assert r.status_code == 200, r.status_code
    assert "chữ số kiểm tra" in r.content.decode()
    assert not Business.objects.filter(name="Cơ sở thử").exists()
