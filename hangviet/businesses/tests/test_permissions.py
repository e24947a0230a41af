"""Scope, proved for pages and API alike: an officer of one place can neither read nor change a record
of another place (by id, by list, by export), and a business sees only its own records."""

import json

import pytest

from hangviet.businesses.models import Business

pytestmark = pytest.mark.django_db

NEM_CHUA = "Công ty TNHH Nem chua Thanh Hóa Xứ Thanh"  # Thanh Hóa, owned by the account `doanhnghiep`
THIEN_CAM = "Công ty TNHH Du lịch Thiên Cầm Xanh"  # historical Thị trấn Thiên Cầm, Cẩm Xuyên, Hà Tĩnh
CAM_BINH = "Tổ hợp tác Nấm sạch Cẩm Bình"  # historical Xã Cẩm Bình, Cẩm Xuyên, Hà Tĩnh
KEO_CU_DO = "Hợp tác xã Kẹo cu đơ Hà Tĩnh"  # today's Hà Tĩnh, outside Cẩm Xuyên
CHE_THUONG_XUAN = "Công ty Cổ phần Chè Thường Xuân"  # historical Thị trấn Thường Xuân, Thanh Hóa

TH_BUSINESSES = {NEM_CHUA, "Hợp tác xã Bánh gai Tứ Trụ", "Cơ sở Kẹo lạc Nga Sơn", CHE_THUONG_XUAN,
                 "Hợp tác xã Nước mắm Sầm Sơn"}


def biz(name) -> Business:
    return Business.objects.get(name=name)


def payload_of(business: Business, **changes) -> str:
    data = {"tax_code": business.tax_code, "name": business.name, "kind": business.kind,
            "place_code": business.place_id, "address": business.address, "representative": business.representative,
            "phone": business.phone, "email": business.email, "sector": business.sector}
    data.update(changes)
    return json.dumps(data)


# --- API: list -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("username", "expected"),
    [
        ("canbo.thiencam", {THIEN_CAM}),
        ("daumoi.camxuyen", {THIEN_CAM, CAM_BINH}),
        ("daumoi.qltm", TH_BUSINESSES),
        ("lanhdao.sct", TH_BUSINESSES),
        ("phoihop.mttq", TH_BUSINESSES),
        ("doanhnghiep", {NEM_CHUA}),
    ],
)
def test_api_list_is_scoped(api_client, username, expected):
    body = api_client(username).get("/api/v1/businesses?page_size=100").json()
    names = {item["name"] for item in body["items"]}
    assert names == expected
    assert body["count"] == len(expected)


def test_api_list_search_cannot_reach_out_of_scope(api_client):
    c = api_client("canbo.thiencam")
    for q in ("nem chua", "Kẹo cu đơ", biz(NEM_CHUA).tax_code):
        assert c.get("/api/v1/businesses", {"q": q}).json()["count"] == 0
    assert c.get("/api/v1/businesses", {"place": biz(NEM_CHUA).place_id}).json()["count"] == 0


def test_admin_sees_everything(api_client):
    assert api_client("admin").get("/api/v1/businesses?page_size=100").json()["count"] == Business.objects.count()


def test_anonymous_gets_401_problem(client):
    r = client.get("/api/v1/businesses")
    assert r.status_code == 401
    assert r["Content-Type"].startswith("application/problem+json")
    assert "đăng nhập" in r.json()["detail"]


def test_api_list_query_count_does_not_grow(api_client, django_assert_max_num_queries):
    from hangviet.core.validators import make_tax_code
    from hangviet.places.models import Place

    c = api_client("daumoi.qltm")
    place = Place.objects.filter(province_id="38", level="commune", valid_to__isnull=True).first()
    with django_assert_max_num_queries(8) as small:
        c.get("/api/v1/businesses?page_size=100")
    n = 200000000
    for i in range(30):
        while True:
            try:
                code = make_tax_code(f"{n:09d}")
                break
            except ValueError:
                n += 1
        n += 1
        Business.objects.create(tax_code=code, name=f"Doanh nghiệp thử {i}", place=place)
    with django_assert_max_num_queries(len(small.captured_queries)):
        body = c.get("/api/v1/businesses?page_size=100").json()
    assert body["count"] == len(TH_BUSINESSES) + 30


# --- API: by id and writes -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("username", "other"),
    [("canbo.thiencam", NEM_CHUA), ("canbo.thiencam", CAM_BINH), ("daumoi.camxuyen", KEO_CU_DO),
     ("daumoi.qltm", THIEN_CAM), ("doanhnghiep", "Hợp tác xã Bánh gai Tứ Trụ")],
)
def test_api_by_id_and_put_out_of_scope_answer_404_and_change_nothing(api_client, username, other):
    c = api_client(username)
    target = biz(other)
    r = c.get(f"/api/v1/businesses/{target.pk}")
    assert r.status_code == 404
    assert r["Content-Type"].startswith("application/problem+json")
    assert target.name not in r.content.decode()
    r = c.put(f"/api/v1/businesses/{target.pk}", payload_of(target, name="Đổi tên trái phép"),
              content_type="application/json")
    assert r.status_code == 404
    assert target.name not in r.content.decode()
    r = c.post(f"/api/v1/businesses/{target.pk}/review", json.dumps({"approve": False, "note": "x"}),
               content_type="application/json")
    assert r.status_code == 404
    target.refresh_from_db()
    assert target.name == other and target.status == "approved"


def test_api_by_id_in_scope(api_client):
    target = biz(THIEN_CAM)
    body = api_client("canbo.thiencam").get(f"/api/v1/businesses/{target.pk}").json()
    assert body["name"] == THIEN_CAM and body["province_code"] == "42"


def test_officer_cannot_move_a_business_out_of_scope(api_client):
    target = biz(THIEN_CAM)
    r = api_client("canbo.thiencam").put(f"/api/v1/businesses/{target.pk}", payload_of(target, place_code="14758"),
                                        content_type="application/json")
    assert r.status_code == 403
    assert "địa bàn" in r.json()["detail"]
    target.refresh_from_db()
    assert target.place_id != "14758"


def test_officer_creates_only_inside_scope(api_client):
    from hangviet.core.validators import make_tax_code

    data = {"tax_code": make_tax_code("310000001"), "name": "Cơ sở mới", "kind": "household", "place_code": "14758"}
    r = api_client("canbo.thiencam").post("/api/v1/businesses", json.dumps(data), content_type="application/json")
    assert r.status_code == 403
    assert not Business.objects.filter(tax_code=data["tax_code"]).exists()
    data["place_code"] = biz(THIEN_CAM).place_id
    r = api_client("canbo.thiencam").post("/api/v1/businesses", json.dumps(data), content_type="application/json")
    assert r.status_code == 201, r.content


def test_business_sees_and_edits_only_its_own(api_client):
    c = api_client("doanhnghiep")
    own = biz(NEM_CHUA)
    assert c.get(f"/api/v1/businesses/{own.pk}").status_code == 200
    r = c.put(f"/api/v1/businesses/{own.pk}", payload_of(own, sector="Chế biến nem chua, giò chả"),
              content_type="application/json")
    assert r.status_code == 200, r.content
    own.refresh_from_db()
    assert own.sector == "Chế biến nem chua, giò chả"
    # a business cannot approve itself nor create businesses
    assert c.post(f"/api/v1/businesses/{own.pk}/review", json.dumps({"approve": True}),
                  content_type="application/json").status_code in (403, 404)
    assert c.post("/api/v1/businesses", payload_of(own, tax_code="0100101078"),
                  content_type="application/json").status_code == 403


def test_coordinator_and_leader_may_read_but_not_edit(api_client):
    target = biz(NEM_CHUA)
    for username in ("phoihop.mttq", "lanhdao.sct"):
        c = api_client(username)
        assert c.get(f"/api/v1/businesses/{target.pk}").status_code == 200
        r = c.put(f"/api/v1/businesses/{target.pk}", payload_of(target, name="Sửa bởi người không có quyền"),
                  content_type="application/json")
        assert r.status_code in (403, 404), username
    target.refresh_from_db()
    assert target.name == NEM_CHUA


# --- back office ------------------------------------------------------------------------------------
ADMIN_LIST = "/quan-tri/businesses/business/"


def test_admin_changelist_is_scoped(client_as):
    body = client_as("canbo.thiencam").get(ADMIN_LIST).content.decode()
    assert THIEN_CAM in body
    for other in (NEM_CHUA, CAM_BINH, KEO_CU_DO):
        assert other not in body


def test_admin_changelist_search_cannot_reach_out_of_scope(client_as):
    body = client_as("canbo.thiencam").get(ADMIN_LIST, {"q": biz(NEM_CHUA).tax_code}).content.decode()
    assert NEM_CHUA not in body


def test_admin_changelist_for_province_focal(client_as, django_assert_max_num_queries):
    c = client_as("daumoi.qltm")
    with django_assert_max_num_queries(40):
        body = c.get(ADMIN_LIST).content.decode()
    for name in TH_BUSINESSES:
        assert name in body
    assert THIEN_CAM not in body


@pytest.mark.parametrize("suffix", ["change/", "history/", "duyet/", "delete/"])
def test_admin_pages_of_another_places_business_never_show_it(client_as, suffix):
    target = biz(NEM_CHUA)
    r = client_as("canbo.thiencam").get(f"{ADMIN_LIST}{target.pk}/{suffix}")
    assert r.status_code in (302, 403, 404)
    assert target.name not in r.content.decode()
    assert target.tax_code not in r.content.decode()


def test_admin_post_to_another_places_business_changes_nothing(client_as):
    target = biz(NEM_CHUA)
    data = {"tax_code": target.tax_code, "name": "Đổi tên trái phép", "kind": target.kind, "place": target.place_id,
            "address": "", "representative": "", "phone": "", "email": "", "sector": "", "website": ""}
    r = client_as("canbo.thiencam").post(f"{ADMIN_LIST}{target.pk}/change/", data)
    assert r.status_code in (302, 403, 404)
    target.refresh_from_db()
    assert target.name == NEM_CHUA


def test_admin_review_of_another_places_pending_business_is_refused(client_as):
    target = biz(NEM_CHUA)
    Business.objects.filter(pk=target.pk).update(status="pending")
    r = client_as("canbo.thiencam").post(f"{ADMIN_LIST}{target.pk}/duyet/", {"decision": "approve", "note": ""})
    assert r.status_code in (302, 403, 404)
    target.refresh_from_db()
    assert target.status == "pending"


def test_admin_in_scope_change_page_opens(client_as):
    target = biz(THIEN_CAM)
    r = client_as("canbo.thiencam").get(f"{ADMIN_LIST}{target.pk}/change/")
    assert r.status_code == 200
    assert THIEN_CAM in r.content.decode()


def test_admin_action_cannot_approve_out_of_scope_ids(client_as):
    target = biz(NEM_CHUA)
    Business.objects.filter(pk=target.pk).update(status="pending")
    client_as("canbo.thiencam").post(ADMIN_LIST, {"action": "approve_selected", "_selected_action": [target.pk]})
    target.refresh_from_db()
    assert target.status == "pending"


def test_business_account_has_no_back_office(client_as):
    c = client_as("doanhnghiep")
    r = c.get(ADMIN_LIST)
    assert r.status_code == 302 and "/login/" in r["Location"]
    r = c.get(f"{ADMIN_LIST}{biz(NEM_CHUA).pk}/change/")
    assert r.status_code == 302 and "/login/" in r["Location"]


def test_coordinator_sees_a_read_only_change_page(client_as):
    target = biz(NEM_CHUA)
    c = client_as("phoihop.mttq")
    r = c.get(f"{ADMIN_LIST}{target.pk}/change/")
    assert r.status_code == 200
    assert 'name="name"' not in r.content.decode()  # no editable field
    r = c.post(f"{ADMIN_LIST}{target.pk}/change/", {"name": "Sửa trái phép", "tax_code": target.tax_code,
                                                     "kind": target.kind, "place": target.place_id})
    assert r.status_code in (302, 403)
    target.refresh_from_db()
    assert target.name == NEM_CHUA
