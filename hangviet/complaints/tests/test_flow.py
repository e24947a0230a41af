import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from hangviet.complaints import selectors, services, workflow
from hangviet.complaints.models import Complaint, Evidence, PersonalDataAccess, Status
from hangviet.core import workdays

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
       b"\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d\x00\x00\x00\x00IEND\xaeB`\x82")

pytestmark = pytest.mark.django_db


def _form(**extra):
    data = {"kind": "denunciation", "category": "counterfeit", "business_name": "Cửa hàng Bình An",
            "product_name": "Nước mắm giả nhãn", "place_code": "", "place_detail": "Chợ Cẩm Xuyên",
            "description": "Cửa hàng bán nước mắm giả nhãn hiệu nổi tiếng, giá rẻ bất thường.",
            "full_name": "Nguyễn Văn An", "phone": "0912345678", "email": "an@example.com", "address": "",
            "idempotency_key": "form-key-123456"}
    data.update(extra)
    return data


def test_public_form_submit_track_and_outcome(client, user_named, scope_of, mailoutbox,
                                               django_capture_on_commit_callbacks):
    page = client.get("/phan-anh/")
    assert page.status_code == 200
    photo = SimpleUploadedFile("anh.png", PNG, content_type="image/png")
    with django_capture_on_commit_callbacks(execute=True):
        resp = client.post("/phan-anh/", {**_form(), "files": [photo]})
    assert resp.status_code == 302
    done = client.get(resp["Location"])
    code = client.session["complaint_code"]
    assert services.format_code(code) in done.content.decode()
    complaint = Complaint.objects.get()
    assert complaint.evidence.count() == 1 and complaint.case_type == "denunciation"
    assert len(mailoutbox) == 1 and services.format_code(code) in mailoutbox[0].body
    # the tracking page never shows personal data
    track = client.get(f"/khieu-nai/tra-cuu/{code}/").content.decode()
    assert complaint.reference in track and "Nguyễn Văn An" not in track and "0912345678" not in track
    # officer handles it: accept, forward to the business (clock paused), then to market surveillance
    scope = scope_of("admin")
    workflow.act(scope=scope, complaint_id=complaint.pk, action="accept")
    c = workflow.act(scope=scope, complaint_id=complaint.pk, action="forward", target="business",
                     public_note="Đã chuyển doanh nghiệp")
    assert c.status == Status.AWAITING_REPLY and c.paused_since is not None
    c = workflow.act(scope=scope, complaint_id=complaint.pk, action="reply_received")
    c = workflow.act(scope=scope, complaint_id=complaint.pk, action="forward", target="market_surveillance")
    c = workflow.act(scope=scope, complaint_id=complaint.pk, action="resolve",
                     outcome="Xác minh có vi phạm, đã xử phạt 15.000.000 đồng.")
    track = client.get(f"/khieu-nai/tra-cuu/{code}/").content.decode()
    assert "Đã giải quyết" in track and "15.000.000" in track


def test_deadline_counts_working_days_across_tet():
    # Tết 2026 falls on 17/02/2026; receipt on 13/02 (Friday before the holiday)
    complaint, code, _ = services.submit_complaint(data=services.ComplaintData(
        kind="feedback", category="price", description="Giá bán cao bất thường dịp Tết.", full_name="B",
        phone="0987654321"), received_at=dt.datetime(2026, 2, 13, 9, tzinfo=dt.UTC))
    expected = workdays.add_working_days(dt.date(2026, 2, 13), 15)
    assert complaint.due_date == expected
    assert (expected - dt.date(2026, 2, 13)).days > 21  # the Tết days are skipped


def test_idempotent_double_submit_creates_one():
    data = services.ComplaintData(kind="feedback", category="price", description="Giá bán cao bất thường.",
                                  full_name="C", phone="0987654321")
    a, code_a, created_a = services.submit_complaint(data=data, idempotency_key="same-key-abcdef")
    b, code_b, created_b = services.submit_complaint(data=data, idempotency_key="same-key-abcdef")
    assert a.pk == b.pk and code_a == code_b and created_a and not created_b
    assert Complaint.objects.count() == 1


def test_bad_input_saves_nothing(client):
    exe = SimpleUploadedFile("anh.jpg", b"MZ\x90\x00" + b"\x00" * 500, content_type="image/jpeg")
    resp = client.post("/phan-anh/", {**_form(description="<script>alert(1)</script> mua hàng"), "files": [exe]})
    assert resp.status_code == 400
    body = resp.content.decode()
    assert "HTML" in body and "anh.jpg" in body
    resp = client.post("/phan-anh/", _form(description="", full_name="", phone="", email=""))
    assert resp.status_code == 400
    assert Complaint.objects.count() == 0 and Evidence.objects.count() == 0


def test_anonymous_only_for_counterfeit():
    with pytest.raises(Exception) as exc:
        services.submit_complaint(data=services.ComplaintData(kind="feedback", category="price",
                                                              description="Giá cao bất thường.", anonymous=True))
    assert "ẩn danh" in str(exc.value.errors)
    c, _, _ = services.submit_complaint(data=services.ComplaintData(
        kind="denunciation", category="counterfeit", description="Kho hàng giả ở chợ.", anonymous=True,
        full_name="X", phone="0912345678"))
    assert c.complainant.full_name == "" and c.complainant.phone == ""


def test_guessed_code_is_404(client):
    services.submit_complaint(data=services.ComplaintData(kind="feedback", category="price",
                                                          description="Giá cao bất thường.", full_name="D",
                                                          phone="0912345678"))
    assert client.get("/khieu-nai/tra-cuu/AAAAAAAAAAAAAA/").status_code == 404
    assert client.get("/api/v1/complaints/track/AAAAAAAAAAAAAA").status_code == 404


def test_api_submit_idempotent_and_track(client):
    data = {"kind": "feedback", "category": "labelling", "description": "Nhãn hàng không có tiếng Việt.",
            "full_name": "E", "phone": "0912345678"}
    r1 = client.post("/api/v1/complaints", data, HTTP_IDEMPOTENCY_KEY="api-key-0001")
    r2 = client.post("/api/v1/complaints", data, HTTP_IDEMPOTENCY_KEY="api-key-0001")
    assert r1.status_code == 201 and r2.status_code == 200
    assert r1.json()["tracking_code"] == r2.json()["tracking_code"]
    code = r1.json()["tracking_code"]
    t = client.get(f"/api/v1/complaints/track/{code}")
    assert t.status_code == 200 and "phone" not in t.content.decode() and t.json()["status_code"] == "received"
    bad = client.post("/api/v1/complaints", {"kind": "feedback"})
    assert bad.status_code in (400, 422)


def test_officer_outside_scope_gets_404(bearer_client, scope_of):
    from hangviet.places.models import Place

    hanoi = Place.objects.filter(level="province", name__icontains="Hà Nội").first()
    c, _, _ = services.submit_complaint(data=services.ComplaintData(
        kind="feedback", category="price", description="Giá cao bất thường.", full_name="F", phone="0912345678",
        place_code=hanoi.code))
    api = bearer_client("canbo.thiencam")
    assert api.get(f"/api/v1/complaints/cases/{c.pk}").status_code == 404
    r = api.post(f"/api/v1/complaints/cases/{c.pk}/actions", {"action": "accept"}, content_type="application/json")
    assert r.status_code in (403, 404)
    c.refresh_from_db()
    assert c.status == Status.RECEIVED
    assert selectors.complaint_list(scope=scope_of("canbo.thiencam")).filter(pk=c.pk).count() == 0


def test_duplicates_linked_and_access_logged(scope_of, user_named):
    data = dict(kind="feedback", category="price", description="Giá cao bất thường.", full_name="G",
                phone="0912345678", business_name="Cửa hàng Z")
    a, _, _ = services.submit_complaint(data=services.ComplaintData(**data))
    b, _, _ = services.submit_complaint(data=services.ComplaintData(**{**data, "description": "Lại tăng giá."}))
    assert b.duplicate_of_id == a.pk
    assert selectors.stats(scope=scope_of("admin"))["total"] == 1
    person = selectors.complainant_view(scope=scope_of("admin"), complaint=a)
    assert person.full_name == "G" and PersonalDataAccess.objects.filter(complaint=a).count() == 1


def test_officer_list_query_count(bearer_client, django_assert_max_num_queries):
    for i in range(5):
        services.submit_complaint(data=services.ComplaintData(kind="feedback", category="price",
                                                              description=f"Giá cao bất thường {i}.",
                                                              full_name="H", phone=f"091234567{i}"))
    api = bearer_client("admin")
    with django_assert_max_num_queries(8):
        r = api.get("/api/v1/complaints/cases")
    assert r.json()["count"] == 5


def test_admin_list_scoped_and_home_card(client_as, scope_of):
    from hangviet.places.models import Place

    hanoi = Place.objects.filter(level="province", name__icontains="Hà Nội").first()
    services.submit_complaint(data=services.ComplaintData(
        kind="feedback", category="price", description="Giá cao bất thường ở Hà Nội.", full_name="K",
        phone="0912345678", place_code=hanoi.code))
    admin = client_as("admin")
    assert "PA" in admin.get("/quan-tri/complaints/complaint/").content.decode()
    assert admin.get("/quan-tri/").status_code == 200
    officer = client_as("canbo.thiencam")
    r = officer.get("/quan-tri/complaints/complaint/")
    assert r.status_code == 200 and "Hà Nội" not in r.content.decode()


def test_demo_and_guidance_pages(client):
    from hangviet.demo import complaints as demo_complaints
    from hangviet.demo import inspections as demo_inspections

    demo_complaints.load()
    demo_complaints.load()
    demo_inspections.load()
    assert Complaint.objects.filter(description__startswith="[demo]").count() == 3
    assert Complaint.objects.filter(description__startswith="[demo-intake]").count() == 2
    from hangviet.inspections.models import Inspection

    demo_inspections.load()
    assert Inspection.objects.count() == 1
    resolved = Complaint.objects.get(description__startswith="[demo] Bán nước mắm")
    assert resolved.status == "resolved" and "25.000.000" in resolved.public_outcome
    page = client.get("/huong-dan-nguoi-tieu-dung/")
    assert "nhận biết hàng giả" in page.content.decode()
    assert client.get("/huong-dan-nguoi-tieu-dung/nhan-biet-hang-gia/").status_code == 200


def test_oversized_upload_refused(client):
    big = SimpleUploadedFile("anh.png", PNG + b"\x00" * (11 * 1024 * 1024), content_type="image/png")
    resp = client.post("/phan-anh/", {**_form(), "files": [big]})
    assert resp.status_code in (400, 413)
    assert Complaint.objects.count() == 0
