"""Plan-text import end to end: the seed plans pasted by their focal officers, proposed, reviewed and
confirmed; bad input; the back-office import page. (The parser itself is tested in test_parsing.py.)"""

import io
from pathlib import Path

import pytest
from django.urls import reverse

from hangviet.agencies.models import Agency
from hangviet.plans import importing, services
from hangviet.plans.models import Plan, ProgressReport

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).resolve().parent.parent / "fixtures"
TH = (SEEDS / "ke-hoach-2024-so-cong-thuong-thanh-hoa.txt").read_text(encoding="utf-8")
CX = (SEEDS / "ke-hoach-2020-2025-ubnd-cam-xuyen.txt").read_text(encoding="utf-8")

QLTM, QLCN, XNK = "Phòng Quản lý thương mại", "Phòng Quản lý công nghiệp", "Phòng Quản lý Xuất nhập khẩu"
KHTC, TTS, VPS = "Phòng Kế hoạch - Tài chính - Tổng hợp", "Thanh tra Sở Công Thương", "Văn phòng Sở Công Thương"
TTKC = "Trung tâm Khuyến công và Tiết kiệm năng lượng"
MTTQ = "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Thanh Hóa"
QLTT = "Cục Quản lý thị trường tỉnh Thanh Hóa"
BAO, DAI = "Báo Thanh Hóa", "Đài Phát thanh và Truyền hình tỉnh Thanh Hóa"
HOI = "Hội Tiêu chuẩn và Bảo vệ người tiêu dùng tỉnh Thanh Hóa"
TDC, ATTP = "Chi cục Tiêu chuẩn Đo lường Chất lượng", "Chi cục An toàn vệ sinh thực phẩm"
SNN = "Sở Nông nghiệp và Phát triển nông thôn tỉnh Thanh Hóa"
XTDT = "Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch tỉnh Thanh Hóa"
SYT, KHCN = "Sở Y tế tỉnh Thanh Hóa", "Sở Khoa học và Công nghệ tỉnh Thanh Hóa"
VPDP = "Văn phòng Điều phối về vệ sinh an toàn thực phẩm"
QTM = "Bộ phận Quản trị mạng Sở Công Thương"

# task number -> (lead agencies, coordinating agencies) as the Thanh Hóa 2024 plan assigns them
TH_TASKS = {
    "2.1": ({QLTM}, {MTTQ, BAO, DAI}),
    "2.2": ({QLCN}, {QTM}),
    "2.3": ({QLTM, TTS}, {QLTT, HOI, TDC, ATTP}),
    "2.4": ({QLTM, QLCN, TTKC}, {SNN, XTDT}),
    "2.5": ({TTKC, QLTM}, set()),
    "2.6": ({QLTM, TTKC}, set()),
    "2.7": ({XNK}, {QLTM}),
    "2.8": ({QLTM, TTS}, {QLTT}),
    "2.9": ({QLTM, TTS}, {QLTT}),
    "2.10": ({QLTM}, set()),
    "2.11": ({TTS}, {QLTM, QLTT, VPDP, SYT, KHCN}),
    "2.12": ({KHTC}, {QLTM, QLCN, XNK, VPS}),
}


def _agency_names(units):
    ids = [u["agency_id"] for u in units if u.get("agency_id")]
    return set(Agency.objects.filter(pk__in=ids).values_list("name", flat=True))


def _by_number(proposal):
    return {t["number"].rstrip("."): t for t in proposal["tasks"]}


def test_thanh_hoa_plan_proposal_has_every_task_and_unit(scope_of):
    before = Plan.objects.count()
    result = importing.propose_from_text(scope=scope_of("daumoi.qltm"), text=TH)
    assert Plan.objects.count() == before  # nothing saved by parsing
    proposal = result["proposal"]
    tasks = _by_number(proposal)
    for number, (leads, coords) in TH_TASKS.items():
        task = tasks[number]
        assert _agency_names(task["lead_units"]) == leads, number
        assert coords <= _agency_names(task["coordinating_units"]), number
        assert QLTM not in _agency_names(task["coordinating_units"]) or number in {"2.7", "2.11", "2.12"}
    # the "+" items of 2.5 are part of it: their outputs are the task's outputs, led by the item's unit
    outputs = tasks["2.5"]["outputs"]
    assert sorted((float(o["quantity"]), Agency.objects.get(pk=o["lead_unit"]).name) for o in outputs) == [
        (3.0, TTKC), (4.0, QLTM)]
    assert not any(t["is_reportable"] for t in proposal["tasks"] if t["key"].startswith("II.2.2.5.+"))
    h = proposal["header"]
    assert (h["start_year"], h["end_year"]) == (2024, 2024)
    assert h["place_code"] == "38"
    assert Agency.objects.get(pk=h["focal_unit_id"]).name == QLTM
    assert proposal["signer"]["name"] == "Phạm Bá Oai"
    numbers = {d["number_symbol"] for d in proposal["legal_bases"]}
    assert {"264-TB/TW", "107-KL/TW", "03-CT/TW", "386/QĐ-TTg", "28/CT-TTg"} <= numbers
    assert {r["frequency"] for r in proposal["reporting_rules"]} >= {"half_yearly", "yearly"}


def test_thanh_hoa_plan_confirmed_saves_tasks_and_units(scope_of):
    scope = scope_of("daumoi.qltm")
    result = importing.propose_from_text(scope=scope, text=TH)
    plan = services.plan_create_from_proposal(scope=scope, proposal=result["proposal"], source_text=result["text"])
    for number, (leads, coords) in TH_TASKS.items():
        task = plan.tasks.get(number__in=[number, number + "."])
        assert set(task.assignments.filter(role="lead").values_list("agency__name", flat=True)) == leads
        assert coords <= set(task.assignments.filter(role="coordinate", agency__isnull=False)
                             .values_list("agency__name", flat=True))
    assert ProgressReport.objects.filter(task__plan=plan).exists()
    assert plan.legal_bases.filter(number_symbol="386/QĐ-TTg").exists()


def test_cam_xuyen_plan_proposal(scope_of):
    scope = scope_of("daumoi.camxuyen")
    result = importing.propose_from_text(scope=scope, text=CX)
    proposal = result["proposal"]
    h = proposal["header"]
    assert (h["start_year"], h["end_year"]) == (2020, 2025)
    assert Agency.objects.get(pk=h["focal_unit_id"]).name == "Phòng Kinh tế và Hạ tầng huyện Cẩm Xuyên"
    values = sorted(float(t["value"]) for t in proposal["targets"])
    assert values[-2:] == [75.0, 90.0]
    rules = proposal["reporting_rules"]
    assert any(r["frequency"] == "quarterly" and int(r["due_day"]) == 25 for r in rules)
    tasks = {t["key"]: t for t in proposal["tasks"]}
    assert _agency_names(tasks["III"]["lead_units"]) == {"Phòng Kinh tế và Hạ tầng huyện Cẩm Xuyên"}
    assert _agency_names(tasks["III"]["coordinating_units"]) == {"Phòng Văn hóa - Thông tin huyện Cẩm Xuyên",
                                                                 "Trung tâm Văn hóa - Truyền thông huyện Cẩm Xuyên"}
    assert _agency_names(tasks["IV.1"]["lead_units"]) == {"Ủy ban Mặt trận Tổ quốc Việt Nam huyện Cẩm Xuyên"}
    # "UBND các xã, thị trấn" is kept as written and each commune committee under the district reports
    assert [u["name"] for u in tasks["IV.3"]["lead_units"]][0] == "UBND các xã, thị trấn"
    assert _agency_names(tasks["IV.3"]["lead_units"]) == {"Ủy ban nhân dân thị trấn Thiên Cầm",
                                                          "Ủy ban nhân dân xã Cẩm Bình"}
    leads_of_items = {k: _agency_names(t["lead_units"]) for k, t in tasks.items() if t["is_reportable"]}
    assert "Phòng Tài chính - Kế hoạch huyện Cẩm Xuyên" in set().union(*leads_of_items.values())
    plan = services.plan_create_from_proposal(scope=scope, proposal=proposal, source_text=result["text"])
    assert plan.periods.filter(code="2020-Q4").exists() and plan.periods.filter(code="2025-Q4").exists()
    assert plan.signer_name == "Phạm Hoàng Anh"


def test_text_without_plan_structure_is_refused_and_saves_nothing(api_client):
    before = Plan.objects.count()
    r = api_client("daumoi.qltm").post("/api/v1/plans/parse", {"text": "Xin chào, đây là một đoạn văn bình thường."},
                                       content_type="application/json")
    assert r.status_code == 422
    assert r.json()["detail"]
    assert Plan.objects.count() == before


def test_parse_api_returns_proposal_without_saving(api_client):
    before = Plan.objects.count()
    r = api_client("daumoi.qltm").post("/api/v1/plans/parse", {"text": TH}, content_type="application/json")
    assert r.status_code == 200, r.content
    assert len(r.json()["proposal"]["tasks"]) >= 12
    assert Plan.objects.count() == before


def test_nfd_text_imports_like_nfc(scope_of):
    import unicodedata

    nfd = unicodedata.normalize("NFD", TH)
    proposal = importing.propose_from_text(scope=scope_of("daumoi.qltm"), text=nfd)["proposal"]
    assert _agency_names(_by_number(proposal)["2.2"]["lead_units"]) == {QLCN}


def test_import_page_paste_review_confirm(client_as):
    c = client_as("daumoi.qltm")
    url = reverse("admin:plans_plan_import")
    before = Plan.objects.count()
    r = c.post(url, {"stage": "parse", "text": TH})
    assert r.status_code == 200, r.context["form"].errors
    html = r.content.decode()
    assert "Rà soát kế hoạch" in html and "Văn bản gốc" in html and "Phòng Quản lý công nghiệp" in html
    assert Plan.objects.count() == before
    form = {"stage": "confirm", "proposal_json": r.context["proposal_json"], "source_text": r.context["text"]}
    for f in r.context["review"]["header"]:
        form[f"h_{f['name']}"] = f["value"] if f["value"] is not None else ""
    form["h_number"], form["h_symbol"] = "1234", "KH-SCT"
    tasks = r.context["review"]["tasks"]
    for i, t in enumerate(tasks):
        form[f"t{i}_number"], form[f"t{i}_title"] = t["number"], t["title"]
        if t["reportable"]:
            form[f"t{i}_report"] = "on"
        form[f"t{i}_leads"] = "\n".join(u["name"] for u in t["leads"])
        form[f"t{i}_coords"] = "\n".join(u["name"] for u in t["coords"])
        form[f"t{i}_outputs"] = "\n".join(f"{o['quantity']} | {o['unit']} | {o['description']}" for o in t["outputs"])
        form[f"t{i}_time_frame"] = t["time_frame"]
    i22 = next(i for i, t in enumerate(tasks) if t["number"] == "2.2")
    form[f"t{i22}_coords"] += "\nPhòng Kế hoạch - Tài chính - Tổng hợp"  # the officer adds a unit
    i27 = next(i for i, t in enumerate(tasks) if t["number"] == "2.7")
    form[f"t{i27}_drop"] = "on"  # and drops a task
    r = c.post(url, form)
    assert r.status_code == 302, r.content.decode()[:2000]
    plan = Plan.objects.latest("id")
    assert plan.number_symbol == "1234/KH-SCT" and plan.tasks.filter(number="2.12").exists()
    assert not plan.tasks.filter(number="2.7").exists()
    t22 = plan.tasks.get(number="2.2")
    assert set(t22.assignments.filter(role="coordinate").values_list("agency__name", flat=True)) == {
        "Bộ phận Quản trị mạng Sở Công Thương", "Phòng Kế hoạch - Tài chính - Tổng hợp"}
    t25 = plan.tasks.get(number="2.5")
    assert sorted(t25.outputs.values_list("quantity", flat=True)) == [3, 4]
    assert ProgressReport.objects.filter(task=t25, period__code="2024-H1").count() == 2


def test_import_page_refuses_disguised_upload(client_as):
    fake = io.BytesIO(b"MZ\x90\x00binary" + b"\x00" * 64)
    fake.name = "ke-hoach.docx"
    r = client_as("daumoi.qltm").post(reverse("admin:plans_plan_import"), {"stage": "parse", "file": fake})
    assert r.status_code == 422
    assert "định dạng" in r.content.decode()


def test_import_page_accepts_txt_upload(client_as):
    upload = io.BytesIO(TH.encode("utf-8"))
    upload.name = "ke-hoach.txt"
    r = client_as("daumoi.qltm").post(reverse("admin:plans_plan_import"), {"stage": "parse", "file": upload})
    assert r.status_code == 200
    assert "Rà soát kế hoạch" in r.content.decode()


def test_unit_officer_cannot_import(client_as, api_client):
    r = client_as("canbo.qlcn").get(reverse("admin:plans_plan_import"))
    assert r.status_code == 302


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_legacy_encoded_text_imports_like_unicode(scope_of, encoding):
    from hangviet.core.legacy_text import from_unicode

    legacy = from_unicode(TH, encoding)
    assert legacy != TH
    proposal = importing.propose_from_text(scope=scope_of("daumoi.qltm"), text=legacy)["proposal"]
    tasks = _by_number(proposal)
    for number in ("2.2", "2.5", "2.11"):
        assert _agency_names(tasks[number]["lead_units"]) == TH_TASKS[number][0], number


def test_tcvn3_txt_upload_is_converted(client_as):
    from hangviet.core.legacy_text import from_unicode

    upload = io.BytesIO(from_unicode(TH, "tcvn3").encode("cp1252", errors="ignore"))
    upload.name = "ke-hoach-tcvn3.txt"
    r = client_as("daumoi.qltm").post(reverse("admin:plans_plan_import"), {"stage": "parse", "file": upload})
    assert r.status_code == 200
    assert "Phòng Quản lý công nghiệp" in r.content.decode()
