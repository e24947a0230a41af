"""Portal pages, API and back-office screens of the domestic-goods list and its proposals."""

import sys
import types

import pytest
from django.test import Client
from django.urls import NoReverseMatch, Resolver404, clear_url_caches, resolve, reverse

from hangviet.agencies.models import Role, User
from hangviet.businesses.models import Business
from hangviet.catalog import domestic
from hangviet.catalog.models import DomesticGoodsEntry, DomesticProposal
from hangviet.core.deadlines import today

API = "/api/v1/catalog/domestic"
GOOD = {"list_kind": "materials", "item_name": "Màng PE bọc thực phẩm", "hs_code": "3920.10.19",
        "specification": "Màng polyetylen dày 10–20 µm", "capacity": "120 tấn/năm"}
_TEST_API = {}


def _test_api():
    """A NinjaAPI carrying only the domestic router, for runs where catalog/api.py has not mounted it."""
    if "api" not in _TEST_API:
        from ninja import NinjaAPI

        from hangviet.api import errors
        from hangviet.api.auth import AUTH
        from hangviet.catalog import api_domestic

        api = NinjaAPI(auth=AUTH, urls_namespace="domestic-test-api", docs_url=None, openapi_url=None)
        errors.install(api)
        api.add_router("/", api_domestic.router)
        _TEST_API["api"] = api
    return _TEST_API["api"]


@pytest.fixture(autouse=True)
def routes(settings):
    """Use the project's routes; add the admin screens and the API router if they are not mounted yet."""
    from django.contrib import admin
    from django.urls import path

    import hangviet.catalog.admin_domestic  # noqa: F401  (registers the admins)

    extra = []
    try:
        reverse("admin:catalog_domesticproposal_changelist")
    except NoReverseMatch:
        extra.append(path("quan-tri/", admin.site.urls))
    try:
        resolve(f"{API}/entries")
    except Resolver404:
        extra.append(path("api/v1/catalog/domestic/", _test_api().urls))
    if extra:
        import hangviet.urls

        module = types.ModuleType("hangviet_domestic_test_urls")
        module.urlpatterns = extra + list(hangviet.urls.urlpatterns)
        module.handler404 = hangviet.urls.handler404
        sys.modules[module.__name__] = module
        settings.ROOT_URLCONF = module.__name__
        clear_url_caches()
    yield
    clear_url_caches()


@pytest.fixture
def entries(db):
    from hangviet.demo import catalog_domestic

    catalog_domestic.load_entries()


@pytest.fixture
def other_business_user(db):
    business = Business.objects.get(name="Hợp tác xã Kẹo cu đơ Hà Tĩnh")
    return User.objects.create(username="keocudo", role=Role.BUSINESS, business=business)


def _submitted(scope_of):
    scope = scope_of("doanhnghiep")
    proposal = domestic.proposal_create(scope=scope, data=dict(GOOD))
    return domestic.proposal_submit(scope=scope, proposal_id=proposal.pk)


# --- the public list --------------------------------------------------------------------------------
def test_public_list_searches_without_diacritics(client, entries, django_assert_max_num_queries):
    url = reverse("catalog:domestic_list")
    assert url == "/danh-muc-hang-trong-nuoc/"
    with django_assert_max_num_queries(8):
        response = client.get(url, {"q": "thep tam dong tau"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Thép tấm cán nóng đóng tàu" in body and "Xi măng" not in body
    body = client.get(url, {"q": "GANG TAY", "list_kind": "medical"}).content.decode()
    assert "Găng tay phẫu thuật bằng cao su" in body and "Bơm kim tiêm" not in body
    body = client.get(url, {"list_kind": "medical"}).content.decode()
    assert "Bơm kim tiêm nhựa vô trùng dùng một lần" in body and "Xe ô tô" not in body


def test_public_list_paginates_and_survives_odd_input(client, entries):
    url = reverse("catalog:domestic_list")
    first = client.get(url).content.decode()
    assert "Trang 1/2" in first
    second = client.get(url, {"page": "2"}).content.decode()
    assert "Trang 2/2" in second
    for bad in ({"list_kind": "rockets"}, {"q": '"; DROP TABLE x; -- NEAR * OR <script>'}, {"page": "abc"},
                {"q": "x" * 5000}):
        response = client.get(url, bad)
        assert response.status_code == 200
        assert "<script>" not in response.content.decode().split("<main", 1)[-1]
    assert "Danh mục “rockets” không có" in client.get(url, {"list_kind": "rockets"}).content.decode()


# --- the business's form ----------------------------------------------------------------------------
def test_business_drafts_edits_and_submits(client_as, entries):
    client = client_as("doanhnghiep")
    page = client.get(reverse("catalog:domestic_new"))
    assert page.status_code == 200 and "csrfmiddlewaretoken" in page.content.decode()
    response = client.post(reverse("catalog:domestic_new"), {**GOOD, "hs_code": "39201019", "save": "1"})
    proposal = DomesticProposal.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("catalog:domestic_edit", args=[proposal.pk])
    assert proposal.hs_code == "3920.10.19" and proposal.filing.state == "draft"
    # "Hồ sơ của tôi" opens the draft in this form
    mine = client.get(reverse("filings:mine")).content.decode()
    assert reverse("catalog:domestic_by_filing", args=[proposal.filing_id]) in mine
    assert client.get(reverse("catalog:domestic_by_filing", args=[proposal.filing_id]))["Location"] == reverse(
        "catalog:domestic_edit", args=[proposal.pk])
    response = client.post(reverse("catalog:domestic_edit", args=[proposal.pk]),
                           {**GOOD, "capacity": "150 tấn/năm", "submit": "1"})
    assert response.status_code == 302 and response["Location"] == reverse("filings:detail", args=[proposal.filing_id])
    proposal.refresh_from_db()
    assert proposal.capacity == "150 tấn/năm" and proposal.filing.state == "submitted"
    view = client.get(reverse("catalog:domestic_edit", args=[proposal.pk])).content.decode()
    assert "Đã gửi Sở Công Thương" in view and "Sở Công Thương tỉnh Thanh Hóa" in view
    assert "Màng PE bọc thực phẩm" in client.get(reverse("catalog:domestic_mine")).content.decode()
    assert client.post(reverse("catalog:domestic_edit", args=[proposal.pk]), GOOD).status_code == 405


@pytest.mark.parametrize("field,value,message", [
    ("hs_code", "84-29", "Mã HS “84-29” không hợp lệ"),
    ("item_name", "<script>alert(1)</script>", "Tên mặt hàng không được chứa mã HTML hoặc script."),
    ("item_name", "", "Tên mặt hàng là bắt buộc."),
    ("list_kind", "", "Chọn danh mục."),
    ("list_kind", "rockets", "Danh mục không hợp lệ."),
    ("item_name", "Máy " * 100, "Tên mặt hàng tối đa 300 ký tự."),
    ("specification", "<iframe src=javascript:alert(1)>", "không được chứa mã HTML hoặc script."),
])
def test_form_shows_errors_next_to_fields_and_saves_nothing(client_as, field, value, message):
    client = client_as("doanhnghiep")
    response = client.post(reverse("catalog:domestic_new"), {**GOOD, field: value, "submit": "1"})
    body = response.content.decode()
    assert response.status_code == 422
    assert message in body
    field_block = body.split(f'id="id_{field}"', 1)[1].split('<div class="field', 1)[0]
    assert message.split("“")[0] in field_block  # the message sits right after its field
    assert "<script>alert(1)</script>" not in body
    assert not DomesticProposal.objects.exists()


def test_save_and_submit_without_hs_code_keeps_a_draft_and_says_why(client_as):
    client = client_as("doanhnghiep")
    response = client.post(reverse("catalog:domestic_new"), {**GOOD, "hs_code": "", "submit": "1"})
    assert response.status_code == 422
    assert "Mã HS là bắt buộc" in response.content.decode()
    assert DomesticProposal.objects.get().filing.state == "draft"


def test_form_requires_csrf_and_sign_in(user_named, client):
    assert client.get(reverse("catalog:domestic_new"))["Location"].startswith("/dang-nhap/")
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(user_named("doanhnghiep"))
    assert strict.post(reverse("catalog:domestic_new"), GOOD).status_code == 403
    assert not DomesticProposal.objects.exists()


def test_other_business_gets_404(scope_of, other_business_user, client):
    proposal = _submitted(scope_of)
    client.force_login(other_business_user)
    assert client.get(reverse("catalog:domestic_edit", args=[proposal.pk])).status_code == 404
    assert client.get(reverse("catalog:domestic_by_filing", args=[proposal.filing_id])).status_code == 404
    assert client.post(reverse("catalog:domestic_edit", args=[proposal.pk]), GOOD).status_code == 404
    assert "Màng PE" not in client.get(reverse("catalog:domestic_mine")).content.decode()


def test_commune_officer_may_not_draft(client_as):
    client = client_as("canbo.thiencam")
    assert client.get(reverse("catalog:domestic_new")).status_code == 302
    assert client.post(reverse("catalog:domestic_new"), GOOD).status_code == 302
    assert not DomesticProposal.objects.exists()


# --- API --------------------------------------------------------------------------------------------
def test_api_public_entries(client, entries):
    data = client.get(f"{API}/entries", {"q": "xe o to chua chay"}).json()
    assert data["count"] == 1 and data["items"][0]["hs_code"] == "8705.30.00"
    data = client.get(f"{API}/entries", {"list_kind": "car_parts", "page_size": 2, "page": 2}).json()
    assert data["count"] == 4 and len(data["items"]) == 2
    bad = client.get(f"{API}/entries", {"list_kind": "rockets"})
    assert bad.status_code == 422 and bad["Content-Type"].startswith("application/problem+json")
    assert "Danh mục không hợp lệ" in bad.json()["detail"]
    assert client.get(f"{API}/entries", {"page": 0}).status_code == 422
    assert client.get(f"{API}/entries", {"q": "x" * 500}).status_code == 422
    lists = client.get(f"{API}/lists").json()
    assert len(lists) == 9 and sum(x["count"] for x in lists) == DomesticGoodsEntry.objects.count()


def test_api_full_workflow_and_actors(api_client, other_business_user, entries):
    business = api_client("doanhnghiep")
    bad = business.post(f"{API}/proposals", {**GOOD, "hs_code": "12"}, content_type="application/json")
    assert bad.status_code == 422 and "hs_code" in bad.json()["errors"]
    assert not DomesticProposal.objects.exists()
    created = business.post(f"{API}/proposals", GOOD, content_type="application/json")
    assert created.status_code == 201, created.content
    pid = created.json()["id"]
    assert created.json()["stage"] == "draft"
    submitted = business.post(f"{API}/proposals/{pid}/submit")
    assert submitted.status_code == 200 and submitted.json()["stage"] == "submitted"
    assert submitted.json()["receiving_agency"] == "Sở Công Thương tỉnh Thanh Hóa"
    forward = {"forwarded_on": today().isoformat(), "forward_document": "77/SCT-QLCN"}
    assert business.post(f"{API}/proposals/{pid}/forward", forward, content_type="application/json").status_code == 403
    stranger = Client()
    stranger.force_login(other_business_user)
    assert stranger.get(f"{API}/proposals/{pid}").status_code == 404
    assert api_client("daumoi.camxuyen").post(f"{API}/proposals/{pid}/forward", forward,
                                              content_type="application/json").status_code == 404
    leader = api_client("lanhdao.sct")
    assert leader.post(f"{API}/proposals/{pid}/actions/confirm", {"note": ""},
                       content_type="application/json").status_code == 400
    response = leader.post(f"{API}/proposals/{pid}/forward", forward, content_type="application/json")
    assert response.status_code == 200 and response.json()["stage"] == "forwarded"
    outcome = {"outcome": "accepted", "outcome_on": today().isoformat(), "entry_number": "41",
               "entry_source": "Thông tư 05/2027/TT-BTC"}
    assert business.post(f"{API}/proposals/{pid}/outcome", outcome,
                         content_type="application/json").status_code == 403
    response = leader.post(f"{API}/proposals/{pid}/outcome", outcome, content_type="application/json")
    assert response.status_code == 200 and response.json()["stage"] == "accepted"
    assert response.json()["entry_id"] is not None
    found = Client().get(f"{API}/entries", {"q": "mang pe"}).json()
    assert [x["name"] for x in found["items"]] == ["Màng PE bọc thực phẩm"]
    mine = business.get(f"{API}/proposals", {"stage": "accepted"}).json()
    assert mine["count"] == 1
    assert business.get(f"{API}/proposals", {"stage": "nonsense"}).status_code == 422
    assert Client().get(f"{API}/proposals").status_code == 401


def test_api_rejects_with_reason(api_client, scope_of):
    proposal = _submitted(scope_of)
    leader = api_client("lanhdao.sct")
    leader.post(f"{API}/proposals/{proposal.pk}/forward",
                {"forwarded_on": today().isoformat(), "forward_document": "77/SCT"}, content_type="application/json")
    missing = leader.post(f"{API}/proposals/{proposal.pk}/outcome",
                          {"outcome": "rejected", "outcome_on": today().isoformat()}, content_type="application/json")
    assert missing.status_code == 422 and missing.json()["errors"]["note"] == ["Ý kiến của Bộ là bắt buộc."]
    done = leader.post(f"{API}/proposals/{proposal.pk}/outcome",
                       {"outcome": "rejected", "outcome_on": today().isoformat(), "note": "Chưa đủ điều kiện."},
                       content_type="application/json")
    assert done.status_code == 200 and done.json()["stage"] == "rejected" and done.json()["entry_id"] is None


# --- back office ------------------------------------------------------------------------------------
def test_admin_manages_the_list_without_deleting(client_as, entries):
    client = client_as("daumoi.qltm")
    url = reverse("admin:catalog_domesticgoodsentry_changelist")
    listing = client.get(url, {"q": "xi mang"})
    assert listing.status_code == 200 and "Xi măng poóc lăng" in listing.content.decode()
    assert "Ống thép" not in listing.content.decode()
    full = client.get(url).content.decode()  # lists in the circular's order: vehicles first, others last
    assert full.index("Xe ô tô trộn bê tông") < full.index("Máy biến áp") < full.index("Tấm pin năng lượng")
    assert client.get(reverse("admin:catalog_domesticgoodsentry_add")).status_code == 200
    add = reverse("admin:catalog_domesticgoodsentry_add")
    count = DomesticGoodsEntry.objects.count()
    bad = client.post(add, {"list_kind": "machinery", "number": "1", "name": "<script>x</script>", "hs_code": "8-4",
                            "source": domestic.DEFAULT_SOURCE})
    body = bad.content.decode()
    assert bad.status_code == 200 and "Mã HS" in body and "không được chứa mã HTML" in body
    assert "đã có" in body  # number 1 of the machinery list in that circular exists
    assert DomesticGoodsEntry.objects.count() == count
    ok = client.post(add, {"list_kind": "machinery", "number": "60", "name": "Máy ép viên nén", "hs_code": "847930",
                           "specification": "", "producers": "", "source": domestic.DEFAULT_SOURCE})
    assert ok.status_code == 302
    entry = DomesticGoodsEntry.objects.get(number="60")
    assert entry.hs_code == "8479.30"
    response = client.post(url, {"action": "deactivate_selected", "_selected_action": [entry.pk]})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.is_active is False
    assert client.get(reverse("admin:catalog_domesticgoodsentry_delete", args=[entry.pk])).status_code == 403
    # a business account never reaches the back office
    assert client_as("doanhnghiep").get(url).status_code == 302


def test_admin_forwards_and_records_outcome(client_as, scope_of):
    proposal = _submitted(scope_of)
    client = client_as("daumoi.qltm")
    listing = client.get(reverse("admin:catalog_domesticproposal_changelist")).content.decode()
    assert "Màng PE bọc thực phẩm" in listing and "Chuyển Bộ Tài chính" in listing
    assert reverse("catalog:domestic_new") in listing
    forward = reverse("admin:catalog_domesticproposal_forward", args=[proposal.pk])
    bad = client.post(forward, {"forwarded_on": "", "forward_document": ""})
    assert bad.status_code == 422 and "Số văn bản chuyển là bắt buộc." in bad.content.decode()
    assert client.post(forward, {"forwarded_on": today().isoformat(), "forward_document": "5/SCT"}).status_code == 302
    proposal.refresh_from_db()
    assert proposal.filing.state == "confirmed"
    review = client.get(reverse("admin:filings_filing_change", args=[proposal.filing_id]))
    assert review.status_code == 200 and "Màng PE bọc thực phẩm" in review.content.decode()
    outcome = reverse("admin:catalog_domesticproposal_outcome", args=[proposal.pk])
    response = client.post(outcome, {"outcome": "accepted", "outcome_on": today().isoformat(), "entry_number": "77",
                                     "entry_source": "Thông tư 05/2027/TT-BTC"})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.entry.number == "77"
    page = client.get(reverse("admin:catalog_domesticproposal_change", args=[proposal.pk]))
    assert page.status_code == 200 and "Được bổ sung vào danh mục" in page.content.decode()
    assert client.get(outcome).status_code == 200  # the form still opens; the service refuses a second outcome
    again = client.post(outcome, {"outcome": "rejected", "outcome_on": today().isoformat(), "note": "x"})
    assert again.status_code == 422 and "Chỉ ghi kết quả" in again.content.decode()
    # another province's officer does not see the proposal at all
    other = client_as("daumoi.camxuyen")
    assert other.get(reverse("admin:catalog_domesticproposal_forward", args=[proposal.pk])).status_code == 302
    assert "Màng PE" not in other.get(reverse("admin:catalog_domesticproposal_changelist")).content.decode()


def test_department_official_drafts_on_the_portal(client_as):
    client = client_as("canbo.qlcn")
    response = client.post(reverse("catalog:domestic_new"), {**GOOD, "submit": "1"})
    proposal = DomesticProposal.objects.get()
    assert response.status_code == 302 and proposal.filing.state == "submitted"
    assert proposal.filing.filer_business_id is None and proposal.province_id == "38"
    assert "Màng PE bọc thực phẩm" in client.get(reverse("catalog:domestic_mine")).content.decode()


def test_api_lists_have_bounded_queries(api_client, client, entries, scope_of, django_assert_max_num_queries):
    for name in ("Màng PE", "Bao bì giấy", "Hạt nhựa tái sinh"):
        proposal = domestic.proposal_create(scope=scope_of("doanhnghiep"), data=dict(GOOD, item_name=name))
        domestic.proposal_submit(scope=scope_of("doanhnghiep"), proposal_id=proposal.pk)
    leader = api_client("lanhdao.sct")
    with django_assert_max_num_queries(12):
        data = leader.get(f"{API}/proposals").json()
    assert data["count"] == 3
    with django_assert_max_num_queries(6):
        assert client.get(f"{API}/entries", {"page_size": 50}).json()["count"] == DomesticGoodsEntry.objects.count()
    assert leader.get(f"{API}/proposals/{10**30}").status_code in (404, 422)


def test_documents_are_added_through_the_filing_and_shown_on_the_form(client_as):
    import base64

    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_as("doanhnghiep")
    client.post(reverse("catalog:domestic_new"), {**GOOD, "save": "1"})
    proposal = DomesticProposal.objects.get()
    page = client.get(reverse("catalog:domestic_edit", args=[proposal.pk])).content.decode()
    assert f'action="{reverse("filings:detail", args=[proposal.filing_id])}"' in page
    png = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")
    response = client.post(reverse("filings:detail", args=[proposal.filing_id]), {
        "form": "document", "label": "Kết quả thử nghiệm",
        "file": SimpleUploadedFile("ket-qua.png", png, content_type="image/png")})
    assert response.status_code == 302
    assert "Kết quả thử nghiệm" in client.get(reverse("catalog:domestic_edit", args=[proposal.pk])).content.decode()
    bad = client.post(reverse("filings:detail", args=[proposal.filing_id]), {
        "form": "document", "label": "x", "file": SimpleUploadedFile("a.png", b"<script>alert(1)</script>")})
    assert bad.status_code == 422 and proposal.filing.documents.count() == 1
