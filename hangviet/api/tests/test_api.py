"""The API skeleton: OpenAPI, docs, session + CSRF, personal tokens, problem+json errors, /me."""

import json

import pytest
from django.test import Client

from hangviet.agencies.models import ApiToken
from hangviet.agencies.services import hash_token

pytestmark = pytest.mark.django_db


def _resolve(spec, ref):
    node = spec
    for part in ref.removeprefix("#/").split("/"):
        node = node[part]
    return node


def _refs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def test_openapi_document_is_valid(client):
    r = client.get("/api/v1/openapi.json")
    assert r.status_code == 200
    spec = r.json()
    assert spec["openapi"].startswith("3.")
    assert spec["info"]["title"] == "HangViet API" and spec["info"]["version"]
    assert {"/api/v1/me", "/api/v1/me/tokens", "/api/v1/businesses", "/api/v1/businesses/{business_id}",
            "/api/v1/businesses/register", "/api/v1/businesses/{business_id}/review", "/api/v1/places"} <= set(spec["paths"])
    operation_ids = []
    for path, item in spec["paths"].items():
        assert path.startswith("/api/v1/")
        for method, op in item.items():
            assert method in {"get", "post", "put", "patch", "delete"}, (path, method)
            assert op.get("responses"), (path, method)
            assert op.get("summary"), (path, method)
            operation_ids.append(op["operationId"])
    assert len(operation_ids) == len(set(operation_ids)), "operationId must be unique"
    for ref in set(_refs(spec)):
        assert _resolve(spec, ref) is not None, ref
    schemes = spec["components"]["securitySchemes"]
    assert any(s.get("scheme") == "bearer" for s in schemes.values())
    assert any(s.get("in") == "cookie" for s in schemes.values())


def test_docs_page(client):
    r = client.get("/api/v1/docs")
    assert r.status_code == 200
    assert b"openapi.json" in r.content


def test_me_for_each_role(api_client):
    body = api_client("canbo.thiencam").get("/api/v1/me").json()
    assert body["username"] == "canbo.thiencam" and body["role"] == "officer"
    assert body["role_label"] == "Cán bộ đơn vị"
    assert body["scope_place"] == "H4201102"
    body = api_client("doanhnghiep").get("/api/v1/me").json()
    assert body["role"] == "business" and body["business_id"] and body["scope_place"] is None


def test_me_anonymous_is_401_problem(client):
    r = client.get("/api/v1/me")
    assert r.status_code == 401
    assert r["Content-Type"] == "application/problem+json"
    body = r.json()
    assert body["status"] == 401 and body["title"] == "Unauthorized"
    assert body["detail"] == "Cần đăng nhập hoặc mã truy cập API hợp lệ."


def test_session_writes_need_csrf(user_named):
    c = Client(enforce_csrf_checks=True)
    c.force_login(user_named("daumoi.qltm"))
    r = c.post("/api/v1/me/tokens", json.dumps({"name": "máy chủ báo cáo"}), content_type="application/json")
    assert r.status_code == 403
    assert r["Content-Type"].startswith("application/problem+json")
    assert any(ord(ch) > 127 for ch in r.json()["detail"])
    assert not ApiToken.objects.filter(name="máy chủ báo cáo").exists()
    # reads do not need it
    assert c.get("/api/v1/me").status_code == 200


def test_session_writes_with_csrf_token_pass(api_client):
    r = api_client("daumoi.qltm").post("/api/v1/me/tokens", json.dumps({"name": "máy chủ báo cáo"}),
                                      content_type="application/json")
    assert r.status_code == 201


def test_personal_token_lifecycle(api_client):
    c = api_client("daumoi.qltm")
    r = c.post("/api/v1/me/tokens", json.dumps({"name": "Kết nối phần mềm một cửa"}), content_type="application/json")
    assert r.status_code == 201
    created = r.json()
    raw = created["token"]
    assert raw.startswith("hv_") and len(raw) > 40
    token = ApiToken.objects.get(pk=created["id"])
    assert token.key_hash == hash_token(raw) and raw not in token.key_hash
    assert not ApiToken.objects.filter(key_hash=raw).exists() and not ApiToken.objects.filter(prefix=raw).exists()
    # shown once: the list never repeats it
    listed = c.get("/api/v1/me/tokens").json()
    assert created["id"] in [t["id"] for t in listed]
    assert raw not in json.dumps(listed)
    # the token works without a session and without CSRF, for writes too
    bearer = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert bearer.get("/api/v1/me").json()["username"] == "daumoi.qltm"
    r = bearer.post("/api/v1/me/tokens", json.dumps({"name": "token thứ hai"}), content_type="application/json")
    assert r.status_code == 201
    token.refresh_from_db()
    assert token.last_used_at is not None
    # revoke, then the token is refused
    r = c.delete(f"/api/v1/me/tokens/{created['id']}")
    assert r.status_code == 200 and r.json()["revoked_at"]
    r = bearer.get("/api/v1/me")
    assert r.status_code == 401
    assert r["Content-Type"] == "application/problem+json"


def test_bad_tokens_are_401(client):
    for header in ("Bearer hv_khong-ton-tai", "Bearer ", "Bearer " + "hv_" + "x" * 500, "Basic YWRtaW46YWRtaW4=",
                   "Bearer ' OR 1=1 --"):
        r = client.get("/api/v1/me", HTTP_AUTHORIZATION=header)
        assert r.status_code == 401, header


def test_token_of_an_inactive_user_is_refused(bearer_client, user_named):
    c = bearer_client("canbo.qlcn")
    assert c.get("/api/v1/me").status_code == 200
    user = user_named("canbo.qlcn")
    user.is_active = False
    user.save()
    assert c.get("/api/v1/me").status_code == 401


def test_cannot_revoke_someone_elses_token(api_client, bearer_client, user_named):
    other = ApiToken.objects.create(user=user_named("canbo.qlcn"), name="của người khác", prefix="hv_x", key_hash="0" * 64)
    r = api_client("daumoi.qltm").delete(f"/api/v1/me/tokens/{other.pk}")
    assert r.status_code == 404
    other.refresh_from_db()
    assert other.revoked_at is None


@pytest.mark.parametrize("name", ["", "   ", "<script>alert(1)</script>", "x" * 101])
def test_token_name_validation(api_client, name):
    r = api_client("daumoi.qltm").post("/api/v1/me/tokens", json.dumps({"name": name}), content_type="application/json")
    assert r.status_code in (400, 422)
    assert r["Content-Type"] == "application/problem+json"
    assert any(ord(ch) > 127 for ch in r.json()["detail"])
    assert not ApiToken.objects.filter(user__username="daumoi.qltm").exists()


def test_errors_are_problem_json_in_vietnamese(api_client):
    c = api_client("daumoi.qltm")
    cases = [
        c.get("/api/v1/businesses/999999"),
        c.get("/api/v1/businesses?page=0"),
        c.get("/api/v1/businesses?page_size=1000"),
        c.get("/api/v1/businesses?page=abc"),
        c.post("/api/v1/businesses", "{oops", content_type="application/json"),
        c.patch("/api/v1/me"),
    ]
    for r in cases:
        assert 400 <= r.status_code < 500, r.content
        assert r["Content-Type"].startswith("application/problem+json"), (r.status_code, r.content[:200])
        body = r.json()
        assert body["status"] == r.status_code
        assert any(ord(ch) > 127 for ch in body["detail"]), body


def test_unknown_api_path_is_problem_json(api_client):
    r = api_client("daumoi.qltm").get("/api/v1/khong-co-duong-dan-nay")
    assert r.status_code == 404
    assert r["Content-Type"].startswith("application/problem+json"), r["Content-Type"]
