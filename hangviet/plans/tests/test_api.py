import io

import pytest

from hangviet.plans.models import Plan, ProgressReport, ReportState

pytestmark = pytest.mark.django_db


def _report(plan, number, unit_name, code):
    return ProgressReport.objects.get(task__plan=plan, task__number=number, unit__name=unit_name,
                                      period__code=code, is_current=True)


def test_list_and_detail_with_tasks(th_plan, api_client):
    c = api_client("lanhdao.sct")
    r = c.get("/api/v1/plans")
    assert r.status_code == 200
    assert th_plan.pk in [p["id"] for p in r.json()["items"]]
    r = c.get(f"/api/v1/plans/{th_plan.pk}")
    assert r.status_code == 200
    body = r.json()
    t25 = next(t for t in body["tasks"] if t["number"] == "2.5")
    assert {u["name"] for u in t25["lead_units"]} == {"Trung tâm Khuyến công và Tiết kiệm năng lượng",
                                                      "Phòng Quản lý thương mại"}
    assert [u["name"] for u in t25["coordinating_units"]] == ["UBND các huyện"]
    assert [(o["quantity"], o["unit"]) for o in t25["outputs"]] == ["3.00", "4.00"] or len(t25["outputs"]) == 2
    assert body["legal_bases"][0]["number_symbol"] == "264-TB/TW"


def test_other_province_cannot_read_plan(th_plan, api_client):
    c = api_client("daumoi.camxuyen")
    assert c.get(f"/api/v1/plans/{th_plan.pk}").status_code == 404
    assert th_plan.pk not in [p["id"] for p in c.get("/api/v1/plans").json()["items"]]
    report = _report(th_plan, "2.1", "Phòng Quản lý thương mại", "2024-Q1")
    assert c.get(f"/api/v1/plans/reports/{report.pk}").status_code == 404
    assert c.get(f"/api/v1/plans/{th_plan.pk}/report.docx?period=2024-Q1").status_code == 404


def test_plan_list_query_count_does_not_grow(th_plan, api_client, django_assert_max_num_queries, scope_of):
    from hangviet.plans import services

    from .helpers import th_proposal

    c = api_client("lanhdao.sct")
    c.get("/api/v1/plans")
    for i in range(3):
        services.plan_create_from_proposal(scope=scope_of("daumoi.qltm"), proposal=th_proposal(title=f"Kế hoạch {i}"))
    with django_assert_max_num_queries(8):
        assert c.get("/api/v1/plans").status_code == 200
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    big = th_proposal(title="Kế hoạch nhiều nhiệm vụ")
    big["tasks"] += [{**big["tasks"][3], "key": f"II.3.{i}", "number": f"3.{i}"} for i in range(20)]
    big_plan = services.plan_create_from_proposal(scope=scope_of("daumoi.qltm"), proposal=big)
    counts = []
    for plan in (th_plan, big_plan):
        with CaptureQueriesContext(connection) as ctx:
            assert c.get(f"/api/v1/plans/{plan.pk}").status_code == 200
        counts.append(len(ctx))
    assert counts[0] == counts[1], counts
    with django_assert_max_num_queries(10):
        assert c.get(f"/api/v1/plans/reports?plan={th_plan.pk}").status_code == 200


def test_unit_officer_submits_and_focal_accepts_over_api(th_plan, api_client):
    task = th_plan.tasks.get(number="2.2")
    officer = api_client("canbo.qlcn")
    r = officer.post("/api/v1/plans/reports", {"task_id": task.pk, "period": "2024-Q1", "status": "on_track",
                                               "narrative": "Đã đăng tải danh mục lên Cổng thông tin.",
                                               "quantities": [{"quantity": "2", "description": "Lượt đăng tải",
                                                               "unit": "lượt"}]}, content_type="application/json")
    assert r.status_code == 200, r.content
    report_id = r.json()["id"]
    assert r.json()["state"] == "submitted"
    # the unit officer reads only their own unit's reports
    ids = [x["unit_id"] for x in officer.get(f"/api/v1/plans/reports?plan={th_plan.pk}").json()["items"]]
    assert set(ids) == {task.assignments.get(role="lead").agency_id}
    r = officer.post(f"/api/v1/plans/reports/{report_id}/review", {"accept": True}, content_type="application/json")
    assert r.status_code == 403
    focal = api_client("daumoi.qltm")
    r = focal.post(f"/api/v1/plans/reports/{report_id}/review", {"accept": True}, content_type="application/json")
    assert r.status_code == 200 and r.json()["state"] == "accepted"
    r = officer.put(f"/api/v1/plans/reports/{report_id}", {"status": "done", "narrative": "Sửa"},
                    content_type="application/json")
    assert r.status_code == 409
    assert "khóa" in r.json()["detail"]
    r = officer.post(f"/api/v1/plans/reports/{report_id}/revise", {"reason": "Bổ sung"},
                     content_type="application/json")
    assert r.status_code == 201 and r.json()["revision"] == 2


@pytest.mark.parametrize("payload, status, needle", [
    ({"task_id": 99999999, "period": "2024-Q1", "status": "done", "narrative": "x"}, 404, "nhiệm vụ"),
    ({"period": "2024-Q1", "status": "done", "narrative": "x",
      "quantities": [{"quantity": "-3", "description": "x"}]}, 422, "âm"),
    ({"period": "2030-Q1", "status": "done", "narrative": "x"}, 422, "kỳ báo cáo"),
])
def test_bad_report_requests_get_vietnamese_errors(th_plan, api_client, payload, status, needle):
    payload.setdefault("task_id", th_plan.tasks.get(number="2.2").pk)
    r = api_client("canbo.qlcn").post("/api/v1/plans/reports", payload, content_type="application/json")
    assert r.status_code == status, r.content
    assert r["Content-Type"].startswith("application/problem+json")
    assert needle in r.json()["detail"].lower()
    assert not ProgressReport.objects.filter(task__plan=th_plan, state=ReportState.SUBMITTED).exists()


def test_report_outside_unit_is_refused(th_plan, api_client):
    task = th_plan.tasks.get(number="2.1")  # led by QLTM, not QLCN
    r = api_client("canbo.qlcn").post("/api/v1/plans/reports", {"task_id": task.pk, "period": "2024-Q1",
                                                                "status": "done", "narrative": "x"},
                                      content_type="application/json")
    assert r.status_code == 403
    assert "đơn vị" in r.json()["detail"].lower()


def test_closed_period_is_refused(th_plan, api_client, scope_of):
    from hangviet.plans import services

    report = _report(th_plan, "2.2", "Phòng Quản lý công nghiệp", "2024-Q1")
    services.period_close(scope=scope_of("daumoi.qltm"), period_id=report.period_id)
    r = api_client("canbo.qlcn").put(f"/api/v1/plans/reports/{report.pk}", {"status": "done", "narrative": "Xong"},
                                     content_type="application/json")
    assert r.status_code == 409 and "đã khóa" in r.json()["detail"]


def test_disguised_and_oversized_uploads_are_refused(th_plan, api_client, settings):
    report = _report(th_plan, "2.2", "Phòng Quản lý công nghiệp", "2024-Q1")
    c = api_client("canbo.qlcn")
    fake = io.BytesIO(b"MZ\x90\x00" + b"\x00" * 100)
    fake.name = "anh.jpg"
    r = c.post(f"/api/v1/plans/reports/{report.pk}/files", {"file": fake})
    assert r.status_code == 400 and "định dạng" in r.json()["detail"]
    settings.HANGVIET_MAX_UPLOAD_BYTES = 1000
    big = io.BytesIO(b"%PDF-1.4\n" + b"0" * 5000)
    big.name = "bien-ban.pdf"
    r = c.post(f"/api/v1/plans/reports/{report.pk}/files", {"file": big})
    assert r.status_code == 400 and "quá lớn" in r.json()["detail"]
    assert not report.attachments.exists()


def test_good_upload_is_attached(th_plan, api_client, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    report = _report(th_plan, "2.2", "Phòng Quản lý công nghiệp", "2024-Q1")
    pdf = io.BytesIO(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    pdf.name = "bien-ban.pdf"
    r = api_client("canbo.qlcn").post(f"/api/v1/plans/reports/{report.pk}/files", {"file": pdf})
    assert r.status_code == 201, r.content
    assert r.json()["files"] == ["bien-ban.pdf"]


def test_report_docx_and_xlsx_export(th_plan, api_client, scope_of):
    from docx import Document

    from hangviet.plans import services

    report = _report(th_plan, "2.5", "Trung tâm Khuyến công và Tiết kiệm năng lượng", "2024-Q1")
    output = report.task.outputs.first()
    services.report_submit(scope=scope_of("admin"), report_id=report.pk, status="on_track",
                           narrative="Tổ chức 01 phiên chợ hàng Việt tại huyện Như Xuân.",
                           quantities=[services.QuantityIn(quantity=1, output_id=output.pk)])
    c = api_client("daumoi.qltm")
    for code in ("2024-Q1", "2024-H1", "2024"):
        r = c.get(f"/api/v1/plans/{th_plan.pk}/report.docx?period={code}")
        assert r.status_code == 200, r.content
    doc = Document(io.BytesIO(r.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = "\n".join(c.text for t in doc.tables for row in t.rows for c in row.cells)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in cells and "Độc lập - Tự do - Hạnh phúc" in cells
    assert "Số:" in cells and "Nơi nhận:" in cells and "Phạm Bá Oai" in cells
    assert "BÁO CÁO" in text and "Năm 2024" in text
    assert "Phiên chợ hàng Việt tại huyện nông thôn/miền núi: đạt 01 phiên / kế hoạch 03" in text
    section = doc.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.left_margin.mm) == 30
    r = c.get(f"/api/v1/plans/{th_plan.pk}/annex.xlsx?period=2024-Q1")
    assert r.status_code == 200 and r.content[:2] == b"PK"
    r = c.get(f"/api/v1/plans/{th_plan.pk}/report.docx?period=2024-Q7")
    assert r.status_code == 422 and "Kỳ báo cáo không hợp lệ" in r.json()["detail"]
    r = c.get(f"/api/v1/plans/{th_plan.pk}/plan.docx")
    assert r.status_code == 200


def test_my_work_and_dashboard(th_plan, api_client):
    r = api_client("canbo.qlcn").get("/api/v1/plans/my-work")
    assert r.status_code == 200
    body = r.json()
    assert all("Phòng Quản lý công nghiệp" in i["unit"] or "QLCN" in i["unit"] for k in body for i in body[k])
    r = api_client("daumoi.qltm").get(f"/api/v1/plans/{th_plan.pk}/dashboard")
    assert r.status_code == 200
    assert r.json()["tasks"] == 4 and r.json()["overdue_count"] == 16


def test_anonymous_is_refused(th_plan, client):
    assert client.get("/api/v1/plans").status_code == 401
    assert client.post("/api/v1/plans/parse", {"text": "x"}, content_type="application/json").status_code in (401, 403)


def test_business_and_coordinator_scopes(th_plan, api_client):
    assert api_client("doanhnghiep").get("/api/v1/plans").json()["items"] == [] or \
        api_client("doanhnghiep").get("/api/v1/plans").status_code == 403
    assert api_client("doanhnghiep").get(f"/api/v1/plans/{th_plan.pk}").status_code in (403, 404)
    coordinator = api_client("phoihop.mttq")
    assert coordinator.get(f"/api/v1/plans/{th_plan.pk}").status_code == 200  # named as coordinating unit
    report = _report(th_plan, "2.1", "Phòng Quản lý thương mại", "2024-Q1")
    r = coordinator.put(f"/api/v1/plans/reports/{report.pk}", {"status": "done", "narrative": "x"},
                        content_type="application/json")
    assert r.status_code in (403, 404)
    report.refresh_from_db()
    assert report.state == ReportState.PENDING


def test_search_operators_and_bad_ids_are_harmless(th_plan, api_client):
    c = api_client("lanhdao.sct")
    for q in ["' OR 1=1 --", "NEAR(a b)", "\"unclosed", "<script>"]:
        assert c.get("/api/v1/plans", {"q": q}).status_code == 200
    assert c.get("/api/v1/plans/999999999").status_code == 404
    assert c.get("/api/v1/plans/reports/999999999").status_code == 404
    assert c.get("/api/v1/plans/abc").status_code in (404, 422)


def test_confirm_with_bad_proposal_is_422_and_saves_nothing(api_client):
    before = Plan.objects.count()
    r = api_client("daumoi.qltm").post("/api/v1/plans", {"proposal": {"header": {"title": ""}, "tasks": []}},
                                       content_type="application/json")
    assert r.status_code == 422
    assert "title" in r.json()["errors"] and "tasks" in r.json()["errors"]
    assert Plan.objects.count() == before


def test_confirm_over_api(api_client):
    from .helpers import th_proposal

    r = api_client("daumoi.qltm").post("/api/v1/plans", {"proposal": th_proposal(), "source_text": "KẾ HOẠCH"},
                                       content_type="application/json")
    assert r.status_code == 201, r.content
    assert [t["number"] for t in r.json()["tasks"]] == ["II", "2.1", "2.2", "2.5"]


def test_openapi_lists_plan_endpoints(client):
    spec = client.get("/api/v1/openapi.json").json()
    for path in ["/api/v1/plans", "/api/v1/plans/parse", "/api/v1/plans/{plan_id}", "/api/v1/plans/reports",
                 "/api/v1/plans/{plan_id}/report.docx"]:
        assert path in spec["paths"], path
