"""A person's data: export (JSON, XLSX) and erasure by an administrator; nothing personal in public
statistics, open data or dashboard exports."""

import io
import json

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from hangviet.complaints import personal_data, selectors, services, workflow
from hangviet.complaints.models import ERASED_MARK, Complaint, Evidence, PersonalDataAccess
from hangviet.core.errors import PermissionDenied, ValidationFailed
from hangviet.core.history import entries_for

pytestmark = pytest.mark.django_db

NAME, PHONE, EMAIL = "Phạm Thị Hồng Nhung", "0977123456", "nhung.pham@example.com"


def _complaint(scope, *, media_files=(), documents=(), description="Mua sữa bột hết hạn sử dụng tại cửa hàng.",
               **extra):
    fields = dict(kind="feedback", category="expired", description=description, full_name=NAME, phone=PHONE,
                  email=EMAIL, address="12 Lê Lợi", id_number="042190009999", business_name="Cửa hàng Mẹ và Bé")
    data = services.ComplaintData(**{**fields, **extra}, files=list(media_files))
    complaint, _code, _ = services.intake_complaint(scope=scope, data=data, channel="in_person",
                                                    received_at=timezone.localdate(), documents=list(documents))
    return complaint


def _close(scope, complaint):
    workflow.act(scope=scope, complaint_id=complaint.pk, action="accept")
    workflow.act(scope=scope, complaint_id=complaint.pk, action="resolve", outcome="Cửa hàng đã thu hồi hàng hết hạn.")


def test_export_json_and_xlsx_from_admin_page(client_as, scope_of, media):
    admin_scope = scope_of("admin")
    a = _complaint(admin_scope)
    b = _complaint(admin_scope, description="Lần khác: bánh hết hạn.", business_name="Tiệm bánh K")
    services.submit_complaint(data=services.ComplaintData(kind="feedback", category="price",
                                                          description="Người khác phản ánh giá.", full_name="Khác",
                                                          phone="0911999888"))
    client = client_as("admin")
    page = client.get("/quan-tri/complaints/complaint/du-lieu-ca-nhan/", {"phone": "+84 977 123 456"})
    body = page.content.decode()
    assert page.status_code == 200 and a.reference in body and b.reference in body and "Khác" not in body
    resp = client.get("/quan-tri/complaints/complaint/du-lieu-ca-nhan/", {"phone": PHONE, "format": "json"})
    data = json.loads(resp.content)
    assert resp["Content-Type"] == "application/json"
    assert {c["reference"] for c in data["cases"]} == {a.reference, b.reference}
    assert data["cases"][0]["complainant"]["full_name"] == NAME
    resp = client.get("/quan-tri/complaints/complaint/du-lieu-ca-nhan/", {"email": EMAIL.upper(), "format": "xlsx"})
    book = load_workbook(io.BytesIO(resp.content))
    rows = list(book["Hồ sơ"].values)
    assert rows[0][0] == "Số hồ sơ" and len(rows) == 3 and rows[1][11] == NAME
    # every export is logged as an access and in the history
    assert PersonalDataAccess.objects.filter(complaint=a, purpose="export-request").count() == 2
    assert entries_for(a).filter(action="personal-data-export").count() == 2


def test_erase_keeps_case_facts_and_violation_evidence(client_as, scope_of, media, png, pdf,
                                                       django_capture_on_commit_callbacks):
    scope = scope_of("admin")
    closed = _complaint(scope, media_files=[png()], documents=[pdf()])
    still_open = _complaint(scope, description="Phản ánh khác đang xử lý.", business_name="Cửa hàng Q")
    _close(scope, closed)
    original = Evidence.objects.get(complaint=closed, kind="original")
    original_path = media / original.file.name
    assert original_path.exists()
    client = client_as("admin")
    with django_capture_on_commit_callbacks(execute=True):
        resp = client.post(f"/quan-tri/complaints/complaint/du-lieu-ca-nhan/?phone={PHONE}",
                           {"reason": "Đơn yêu cầu xóa ngày 01/12/2026", "confirm": "on"})
    assert resp.status_code == 302
    closed.refresh_from_db()
    person = closed.complainant
    person.refresh_from_db()
    assert person.full_name == ERASED_MARK and person.phone == ERASED_MARK and person.email == ""
    assert person.id_number == ERASED_MARK and person.address == ERASED_MARK and person.erased_at is not None
    assert closed.description.startswith("Mua sữa bột") and closed.public_outcome  # the facts stay
    assert list(closed.evidence.values_list("kind", flat=True)) == ["evidence"]  # violation evidence kept
    assert not original_path.exists()
    entry = entries_for(closed).get(action="personal-data-erase")
    assert entry.changes["files_deleted"] == 1 and "full_name" in entry.changes["erased_fields"]
    assert entry.actor.username == "admin"
    # the open case keeps its contact so the officers can finish it
    still_open.complainant.refresh_from_db()
    assert still_open.complainant.full_name == NAME
    # the erased person is no longer found
    assert list(personal_data.person_cases(scope=scope, person=personal_data.clean_person(phone=PHONE))) == [still_open]
    track_page = client.get("/quan-tri/complaints/complaint/").content.decode()
    assert NAME not in track_page


def test_erase_from_list_action(client_as, scope_of, media):
    scope = scope_of("admin")
    c = _complaint(scope)
    _close(scope, c)
    client = client_as("admin")
    resp = client.post("/quan-tri/complaints/complaint/", {"action": "erase_personal_data", "_selected_action": [c.pk]})
    assert resp.status_code == 302 and f"ids={c.pk}" in resp["Location"]
    confirm = client.get(resp["Location"])
    assert c.reference in confirm.content.decode()
    missing = client.post(resp["Location"], {"ids": str(c.pk), "reason": ""})
    assert missing.status_code == 422
    c.complainant.refresh_from_db()
    assert c.complainant.full_name == NAME
    done = client.post(resp["Location"], {"ids": str(c.pk), "reason": "Đơn yêu cầu số 7", "confirm": "on"})
    assert done.status_code == 302
    c.complainant.refresh_from_db()
    assert c.complainant.full_name == ERASED_MARK


def test_only_admin_may_export_or_erase(client_as, scope_of, bearer_client):
    c = _complaint(scope_of("admin"))
    for username in ("lanhdao.sct", "daumoi.camxuyen"):
        with pytest.raises(PermissionDenied):
            personal_data.export_person(scope=scope_of(username), person=personal_data.Person(phone=PHONE))
        with pytest.raises(PermissionDenied):
            personal_data.erase_cases(scope=scope_of(username), complaint_ids=[c.pk], reason="Yêu cầu xóa")
        assert client_as(username).get("/quan-tri/complaints/complaint/du-lieu-ca-nhan/").status_code == 403
        api = bearer_client(username)
        assert api.get("/api/v1/complaints/personal-data", {"phone": PHONE}).status_code == 403
        r = api.post("/api/v1/complaints/personal-data/erase", {"phone": PHONE, "reason": "Yêu cầu xóa"},
                     content_type="application/json")
        assert r.status_code == 403
    c.complainant.refresh_from_db()
    assert c.complainant.full_name == NAME
    # list action hidden for non-admins
    page = client_as("lanhdao.sct").get("/quan-tri/complaints/complaint/").content.decode()
    assert "erase_personal_data" not in page


def test_api_export_and_erase(bearer_client, scope_of, media):
    scope = scope_of("admin")
    c = _complaint(scope)
    _close(scope, c)
    api = bearer_client("admin")
    r = api.get("/api/v1/complaints/personal-data", {"email": EMAIL})
    assert r.status_code == 200 and r.json()["cases"][0]["reference"] == c.reference
    bad = api.get("/api/v1/complaints/personal-data", {"phone": "abc"})
    assert bad.status_code == 422
    r = api.post("/api/v1/complaints/personal-data/erase", {"email": EMAIL, "reason": "x"},
                 content_type="application/json")
    assert r.status_code == 422
    r = api.post("/api/v1/complaints/personal-data/erase", {"email": EMAIL, "reason": "Đơn yêu cầu số 9"},
                 content_type="application/json")
    assert r.status_code == 200 and r.json()["erased"] == [c.reference]


def test_clean_person_requires_contact():
    with pytest.raises(ValidationFailed):
        personal_data.clean_person(phone="", email="")
    with pytest.raises(ValidationFailed):
        personal_data.clean_person(email="not-an-email")


def test_public_statistics_and_exports_carry_no_personal_data(client, client_as, scope_of, media):
    scope = scope_of("admin")
    c = _complaint(scope)
    services.submit_complaint(data=services.ComplaintData(
        kind="denunciation", category="counterfeit", description="Tin báo ẩn danh về kho hàng giả.", anonymous=True))
    secrets_ = [NAME, PHONE, EMAIL, "12 Lê Lợi", "042190009999", "Phạm Thị"]
    open_data = client.get("/api/v1/complaints/open-data")
    assert open_data.status_code == 200 and open_data.json()["total"] == 2
    stats = client_as("admin").get("/api/v1/complaints/stats").content.decode()
    dashboard = client_as("admin").get("/quan-tri/inspections/inspection/bang-so-lieu/").content.decode()
    export = client_as("admin").get("/quan-tri/inspections/inspection/bang-so-lieu/", {"xlsx": "tat-ca"})
    book = load_workbook(io.BytesIO(export.content))
    cells = " ".join(str(v) for ws in book.worksheets for row in ws.values for v in row if v is not None)
    track = client.get(f"/api/v1/complaints/track/{services._code_from_key('x')}")  # noqa: SLF001
    assert track.status_code == 404
    for text in (open_data.content.decode(), stats, dashboard, cells, json.dumps(selectors.open_data(),
                                                                                default=str, ensure_ascii=False)):
        for secret in secrets_:
            assert secret not in text
    assert c.reference not in open_data.content.decode()
    assert Complaint.objects.count() == 2
