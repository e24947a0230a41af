"""Officer intake from the other channels: service, back-office form and API."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from hangviet.complaints import services
from hangviet.complaints.models import Complaint, Evidence, EvidenceKind, Step
from hangviet.core import workdays
from hangviet.core.errors import DomainError, PermissionDenied, ValidationFailed

pytestmark = pytest.mark.django_db


def _data(**extra):
    base = dict(kind="request", category="poor_quality", description="Mua nồi cơm điện bị hỏng sau 2 ngày sử dụng.",
                full_name="Trần Thị Bình", phone="0912000111", business_name="Siêu thị điện máy Z")
    base.update(extra)
    return services.ComplaintData(**base)


def _ymd(day: dt.date) -> str:
    return day.isoformat()


def test_intake_each_channel_starts_clock_on_date_received(scope_of, media, pdf):
    scope = scope_of("daumoi.camxuyen")
    received = timezone.localdate() - dt.timedelta(days=10)
    for channel in ("in_person", "hotline", "post", "email", "agency", "market_surveillance"):
        docs = [pdf()] if channel in ("post", "agency") else []
        text = "Công văn số 12/QLTT ngày 01/12" if channel in ("email", "market_surveillance") else ""
        complaint, code, created = services.intake_complaint(
            scope=scope, data=_data(phone=""), channel=channel, received_at=received, original_documents=text,
            documents=docs)
        assert created and complaint.channel == channel
        assert complaint.clock_started_on == received
        assert complaint.due_date == workdays.add_working_days(received, complaint.clock_working_days)
        assert complaint.handling_agency_id == scope.agency_id
        assert complaint.place_id == scope.place.pk  # placed in the officer's area by default
        step = Step.objects.get(complaint=complaint)
        assert step.actor_id == scope.user.pk and received.strftime("%d/%m/%Y") in step.note
    originals = Evidence.objects.filter(kind=EvidenceKind.ORIGINAL)
    assert originals.count() == 2 and all((media / e.file.name).exists() for e in originals)


def test_intake_refuses_bad_input_and_saves_nothing(scope_of, media):
    scope = scope_of("daumoi.camxuyen")
    future = timezone.localdate() + dt.timedelta(days=2)
    with pytest.raises(ValidationFailed) as exc:
        services.intake_complaint(scope=scope, data=_data(description="<script>x</script> hỏng"), channel="portal",
                                  received_at=future)
    errors = exc.value.errors
    assert "channel" in errors and "received_at" in errors and "description" in errors
    with pytest.raises(ValidationFailed) as exc:
        services.intake_complaint(scope=scope, data=_data(), channel="post", received_at=timezone.localdate())
    assert "tài liệu gốc" in exc.value.errors["original_documents"][0]
    exe = SimpleUploadedFile("don.pdf", b"MZ\x90\x00" + b"\x00" * 300, content_type="application/pdf")
    with pytest.raises(ValidationFailed) as exc:
        services.intake_complaint(scope=scope, data=_data(), channel="post", received_at=timezone.localdate(),
                                  documents=[exe])
    assert "don.pdf" in exc.value.errors["documents"][0]
    with pytest.raises(ValidationFailed) as exc:
        services.intake_complaint(scope=scope, data=_data(id_number="12ab"), channel="hotline",
                                  received_at=timezone.localdate())
    assert "id_number" in exc.value.errors
    assert Complaint.objects.count() == 0 and Evidence.objects.count() == 0


def test_intake_outside_scope_and_without_role_refused(scope_of, hanoi_commune):
    with pytest.raises(ValidationFailed) as exc:
        services.intake_complaint(scope=scope_of("canbo.thiencam"), data=_data(place_code=hanoi_commune.code),
                                  channel="hotline", received_at=timezone.localdate())
    assert "phạm vi" in exc.value.errors["place_code"][0]
    for username in ("doanhnghiep", "phoihop.mttq"):
        with pytest.raises(PermissionDenied):
            services.intake_complaint(scope=scope_of(username), data=_data(), channel="hotline",
                                      received_at=timezone.localdate())
    assert Complaint.objects.count() == 0


def test_intake_and_public_share_one_service_duplicates_linked(scope_of):
    first, _, _ = services.submit_complaint(data=_data())
    second, _, _ = services.intake_complaint(scope=scope_of("admin"), data=_data(description="Gọi lại: vẫn chưa đổi."),
                                             channel="hotline", received_at=timezone.localdate())
    assert second.duplicate_of_id == first.pk


def test_admin_intake_form(client_as, media, png, pdf):
    client = client_as("daumoi.camxuyen")
    page = client.get("/quan-tri/complaints/complaint/add/", follow=True)
    assert page.status_code == 200 and "Tiếp nhận hồ sơ" in page.content.decode()
    received = timezone.localdate() - dt.timedelta(days=3)
    form = {"channel": "post", "received_on": _ymd(received), "original_documents": "Đơn thư gửi qua bưu điện, 2 trang",
            "kind": "denunciation", "category": "counterfeit", "business_name": "Cửa hàng Hưng Thịnh",
            "product_name": "Rượu ngoại", "description": "Cửa hàng bán rượu ngoại giả nhãn hiệu, không hóa đơn.",
            "full_name": "Lê Văn Cường", "phone": "0987111222", "id_number": "042090001234"}
    resp = client.post("/quan-tri/complaints/complaint/tiep-nhan/", {**form, "files": [png()], "documents": [pdf()]})
    assert resp.status_code == 302, resp.content.decode()[:2000]
    complaint = Complaint.objects.get()
    assert complaint.channel == "post" and complaint.clock_started_on == received
    assert complaint.complainant.id_number == "042090001234"
    assert sorted(complaint.evidence.values_list("kind", flat=True)) == ["evidence", "original"]
    detail = client.get(resp["Location"]).content.decode()
    assert complaint.reference in detail and "Lê Văn Cường" in detail  # the handling officer sees the person
    assert complaint.accesses.filter(user__username="daumoi.camxuyen", purpose="admin-view").count() == 1


def test_admin_intake_form_errors_shown_nothing_saved(client_as, media):
    client = client_as("daumoi.camxuyen")
    resp = client.post("/quan-tri/complaints/complaint/tiep-nhan/", {
        "channel": "email", "received_on": _ymd(timezone.localdate()), "kind": "feedback", "category": "price",
        "description": "<script>alert(1)</script>", "phone": "12345"})
    assert resp.status_code == 422
    body = resp.content.decode()
    assert "HTML" in body and "tài liệu gốc" in body and "Số điện thoại" in body
    assert Complaint.objects.count() == 0


def test_admin_intake_forbidden_for_business_and_coordinator(client_as):
    assert client_as("doanhnghiep").get("/quan-tri/complaints/complaint/tiep-nhan/").status_code in (302, 403)
    assert client_as("phoihop.mttq").get("/quan-tri/complaints/complaint/tiep-nhan/").status_code == 403


def test_api_intake(bearer_client, media, pdf):
    api = bearer_client("daumoi.camxuyen")
    received = timezone.localdate() - dt.timedelta(days=1)
    data = {"channel": "market_surveillance", "received_on": _ymd(received), "kind": "denunciation",
            "category": "smuggled", "description": "Đội QLTT chuyển tin báo kho thuốc lá nhập lậu.",
            "original_documents": "Phiếu chuyển số 45/PC-QLTT ngày hôm qua", "documents": [pdf()]}
    r = api.post("/api/v1/complaints/cases", data, HTTP_IDEMPOTENCY_KEY="intake-key-0001")
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["channel"] == "market_surveillance" and body["tracking_code"] and body["created"]
    again = api.post("/api/v1/complaints/cases", {**data, "documents": [pdf()]}, HTTP_IDEMPOTENCY_KEY="intake-key-0001")
    assert again.status_code == 200 and again.json()["id"] == body["id"]
    assert Complaint.objects.count() == 1
    assert api.get(f"/api/v1/complaints/cases/{body['id']}").json()["reference"] == body["reference"]


def test_api_intake_bad_input_and_permissions(bearer_client, client):
    api = bearer_client("daumoi.camxuyen")
    r = api.post("/api/v1/complaints/cases", {"channel": "portal", "received_on": "2030-01-01", "kind": "feedback",
                                              "category": "price", "description": "Giá cao bất thường."})
    assert r.status_code == 422
    assert {"channel", "received_at"} <= set(r.json()["errors"])
    r = api.post("/api/v1/complaints/cases", {"kind": "feedback"})
    assert r.status_code in (400, 422)
    data = {"channel": "hotline", "received_on": _ymd(timezone.localdate()), "kind": "feedback", "category": "price",
            "description": "Giá cao bất thường."}
    assert client.post("/api/v1/complaints/cases", data).status_code in (401, 403)
    assert bearer_client("doanhnghiep").post("/api/v1/complaints/cases", data).status_code == 403
    assert Complaint.objects.count() == 0


def test_rule_cache_follows_admin_edit(client_as):
    from hangviet.complaints.models import HandlingRule

    services.clear_rule_cache()
    assert services.working_days_for("feedback", dt.date(2026, 3, 1)) == 15
    rule = HandlingRule.objects.get(case_type="feedback")
    client = client_as("admin")
    resp = client.post(f"/quan-tri/complaints/handlingrule/{rule.pk}/change/", {
        "case_type": "feedback", "working_days": 10, "legal_source": rule.legal_source,
        "effective_from": rule.effective_from.isoformat(), "effective_to": ""})
    assert resp.status_code == 302
    assert services.working_days_for("feedback", dt.date(2026, 3, 1)) == 10
    services.clear_rule_cache()
    with pytest.raises(DomainError):
        services.working_days_for("feedback", dt.date(2020, 1, 1))


def test_reference_collision_is_retried(monkeypatch):
    first, _, _ = services.submit_complaint(data=_data())
    suffix = first.reference.split("-")[1]
    draws = iter([suffix.lower(), "0badc0de"])
    real = services.secrets.token_hex
    monkeypatch.setattr(services.secrets, "token_hex", lambda n: next(draws, None) or real(n))
    second, _, created = services.submit_complaint(data=_data(phone="0912000222", description="Một phản ánh khác."),
                                                   received_at=first.received_at)
    assert created and second.reference.endswith("-0BADC0DE") and Complaint.objects.count() == 2


def test_public_submission_query_budget(client, media, png, django_assert_max_num_queries):
    """The hot path stays lean: duplicate lookup plus five inserts (and the transaction statements)."""
    data = {"kind": "feedback", "category": "labelling", "description": "Nhãn hàng không có tiếng Việt.",
            "full_name": "Q", "phone": "0912345111", "business_name": "Cửa hàng P"}
    assert client.post("/api/v1/complaints", {**data, "files": [png()]},
                       HTTP_IDEMPOTENCY_KEY="budget-key-0001").status_code == 201  # warms the rule cache
    with django_assert_max_num_queries(8):
        r = client.post("/api/v1/complaints", {**data, "phone": "0912345112", "files": [png()]},
                        HTTP_IDEMPOTENCY_KEY="budget-key-0002")
    assert r.status_code == 201


@pytest.mark.django_db
def test_public_form_picks_the_product_from_the_catalogue(client):
    from hangviet.agencies.models import Role
    from hangviet.agencies.scope import Scope
    from hangviet.businesses.models import Business
    from hangviet.catalog import services as catalog
    from hangviet.complaints.models import Complaint

    admin = Scope(user=None, role=Role.ADMIN)
    producer = Business.objects.get(name="Công ty TNHH Nem chua Thanh Hóa Xứ Thanh")
    product = catalog.product_create(scope=admin, producer_id=producer.pk, data={"name": "Nem chua Xứ Thanh", "category": "I.3.2"})
    catalog.product_publish(scope=admin, product_id=product.pk)
    page = client.get("/phan-anh/", {"tim": "nem chua xu thanh"}).content.decode()
    assert f"?san-pham={product.pk}" in page
    page = client.get("/phan-anh/", {"san-pham": product.pk}).content.decode()
    assert "Sản phẩm đã chọn" in page and "Nem chua Xứ Thanh" in page
    form = {"idempotency_key": "pick-first-1", "kind": "feedback", "category": "poor_quality", "product_id": product.pk,
            "description": "Nem chua bị chua quá mức, có mùi lạ.", "full_name": "Lê Văn An", "phone": "0912345678",
            "place_code": "38"}
    assert client.post("/phan-anh/", form).status_code == 302
    complaint = Complaint.objects.get(product=product)
    assert complaint.product == product and complaint.business == producer and complaint.product_name == product.name
    bad = client.post("/phan-anh/", {**form, "idempotency_key": "pick-second-2", "product_id": 999999})
    assert bad.status_code == 400 and "danh mục sản phẩm" in bad.content.decode()
    assert Complaint.objects.count() == 1
