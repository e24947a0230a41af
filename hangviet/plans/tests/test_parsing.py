"""The plan-text parser (pure Python): the two seed plans, three more layouts, encodings, bad input."""

import io
import json
import re
import textwrap
import unicodedata
from pathlib import Path

import pytest

from hangviet.core.legacy_text import from_unicode, to_unicode
from hangviet.plans.parsing import (
    PlanParseError,
    expand_abbreviations,
    match_unit,
    parse_plan_text,
    read_docx_text,
    read_text_bytes,
    split_units,
    unit_name_variants,
)
from hangviet.plans.parsing.header import guess_level, parse_header_block
from hangviet.plans.parsing.model import Header

# The seed plans ship with the app (hangviet/plans/fixtures), identical to ../shared/seeds.
SEEDS = Path(__file__).resolve().parents[1] / "fixtures"
TH_SEED = SEEDS / "ke-hoach-2024-so-cong-thuong-thanh-hoa.txt"
CX_SEED = SEEDS / "ke-hoach-2020-2025-ubnd-cam-xuyen.txt"



def rows(proposal):
    """(key, number, title, lead units, coordinating units) of every task, depth first."""
    return [(t.key, t.number, t.title, t.lead_units, t.coordinating_units) for t in proposal.iter_tasks()]


def check_tasks(proposal, expected):
    got = rows(proposal)
    assert [r[0] for r in got] == [e[0] for e in expected]
    for (key, number, title, lead, coord), (_, e_number, e_title, e_lead, e_coord) in zip(got, expected, strict=True):
        assert number == e_number, key
        assert title.startswith(e_title), (key, title)
        assert lead == e_lead, key
        assert coord == e_coord, key


# --- Thanh Hóa: Sở Công Thương, 2024 (no header block) ------------------------------------------------------
QLTM = "Phòng Quản lý thương mại"
QLCN = "Phòng Quản lý công nghiệp"
TTKC = "Trung tâm Khuyến công và Tiết kiệm năng lượng"
TTS = "Thanh tra Sở"
HUYEN = "UBND các huyện, thị xã, thành phố"
QLTT = "Cục Quản lý thị trường"
TH_TASKS = [
    ("II", "II", "NỘI DUNG KẾ HOẠCH", [], []),
    ("II.1", "1", "Thông tin chung",
     ["Sở Công Thương", QLTM, TTKC, "Phòng Quản lý Công nghiệp", TTS],
     ["Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Thanh Hóa", "Sở, ngành liên quan", "Báo Thanh Hóa",
      "Đài Phát thanh và Truyền hình tỉnh", HUYEN, "Hội Tiêu chuẩn và Bảo vệ người tiêu dùng",
      "Doanh nghiệp liên quan"]),
    ("II.2", "2", "Nội dung triển khai và phân công thực hiện", [], []),
    ("II.2.2.1", "2.1", "Hoạt động thông tin, tuyên truyền", [QLTM],
     ["Ủy ban Mặt trận tổ quốc Việt Nam tỉnh Thanh Hóa", "Báo Thanh Hóa", "Đài Phát thanh và Truyền hình tỉnh",
      "Cơ quan báo chí đóng tại địa phương"]),
    ("II.2.2.2", "2.2", "Công bố danh mục máy móc, trang thiết bị, vật tư, nguyên liệu", [QLCN],
     ["Bộ phận Quản trị mạng Sở Công Thương"]),
    ("II.2.2.3", "2.3", "Thực hiện nhiệm vụ bảo vệ người tiêu dùng", [QLTM, TTS],
     [QLTT, "Hội Tiêu chuẩn và Bảo vệ người tiêu dùng", "Chi cục Tiêu chuẩn Đo lường chất lượng",
      "Chi cục An toàn vệ sinh thực phẩm", HUYEN]),
    ("II.2.2.4", "2.4", "Tổ chức các hoạt động kết nối cung cầu, xúc tiến thương mại", [QLTM, QLCN, TTKC],
     ["Sở Nông nghiệp và Phát triển nông thôn", "Trung tâm xúc tiến Đầu tư, Thương mại và Du lịch tỉnh", HUYEN,
      "Đơn vị tham gia hoạt động"]),
    ("II.2.2.4.+1", "+", "Phòng Quản lý thương mại, Phòng Quản lý công nghiệp tham mưu tổ chức các chuyến",
     [QLTM, QLCN], []),
    ("II.2.2.4.+2", "+", "Phòng Quản lý thương mại tham mưu tổ chức thí điểm chợ trưng bày", [QLTM], []),
    ("II.2.2.5", "2.5", "Tổ chức hoạt động đưa hàng Việt về nông thôn, về khu công nghiệp", [TTKC, QLTM],
     ["UBND các huyện", "Đơn vị tham gia hoạt động"]),
    ("II.2.2.5.+1", "+", "Trung tâm Khuyến công và Tiết kiệm năng lượng chủ trì tổ chức 03 Phiên chợ", [TTKC], []),
    ("II.2.2.5.+2", "+", "Phòng Quản lý thương mại chủ trì tham mưu, tổ chức thực hiện 04", [QLTM], []),
    ("II.2.2.6", "2.6", "Xây dựng mô hình Điểm bán hàng Việt Nam cố định và bền vững", [QLTM, TTKC],
     ["Đơn vị tham gia xây dựng mô hình"]),
    ("II.2.2.7", "2.7", "Triển khai, phát triển thương mại điện tử", ["Phòng Quản lý Xuất nhập khẩu"],
     [QLTM, "Tổ chức, cá nhân tham gia hoạt động thương mại điện tử"]),
    ("II.2.2.8", "2.8", "Xác nhận, kiểm tra, giám sát, hướng dẫn việc tổ chức hội chợ", [QLTM, TTS], [QLTT, HUYEN]),
    ("II.2.2.9", "2.9", "Tiếp nhận, xác nhận đăng ký và kiểm tra, theo dõi các chương trình khuyến mại",
     [QLTM, TTS], [QLTT, HUYEN]),
    ("II.2.2.10", "2.10", "Thúc đẩy phát triển hạ tầng thương mại", ["Phòng Quản lý Thương mại"],
     ["Sở, ngành liên quan", HUYEN]),
    ("II.2.2.11", "2.11", "Phối hợp kiểm tra, kiểm soát thị trường, phát hiện, ngăn chặn", [TTS],
     [QLTM, "Phòng Kỹ thuật an toàn và môi trường", QLTT, "Văn phòng Điều phối về vệ sinh ATTP", "Sở Y tế",
      "Sở Khoa học và Công nghệ"]),
    ("II.2.2.12", "2.12", "Phối hợp tham mưu cho UBND tỉnh tổ chức Hội nghị bàn giải pháp",
     ["Phòng Kế hoạch-Tài Chính-Tổng hợp"], [QLTM, "Phòng Công nghiệp", "Phòng QL XNK", "Văn phòng Sở"]),
]


@pytest.fixture(scope="module")
def th():
    return parse_plan_text(TH_SEED.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def cx():
    return parse_plan_text(CX_SEED.read_text(encoding="utf-8"))


def test_thanh_hoa_header(th):
    h = th.header
    assert h.doc_type == "KẾ HOẠCH"
    assert h.title == "Triển khai thực hiện Cuộc vận động “Người Việt Nam ưu tiên dùng hàng Việt Nam” năm 2024"
    assert (h.period_start_year, h.period_end_year) == (2024, 2024)
    assert h.issuer == "Sở Công Thương" and h.level == "department"
    assert h.governing_body == "UBND tỉnh Thanh Hóa" and h.province == "Thanh Hóa" and h.place == "Thanh Hóa"
    assert h.number_symbol == "" and h.date is None
    assert "issuer" in h.inferred
    assert any("không có phần đầu" in w for w in th.warnings)
    assert any("số, ký hiệu" in w for w in th.warnings)


def test_thanh_hoa_tasks(th):
    check_tasks(th, TH_TASKS)
    assert th.find_task("1").time_frame == "Năm 2024"
    assert th.find_task("2.1").method.startswith("Tuyên truyền, phổ biến tại Hội nghị; tuyên truyền trên báo giấy")
    assert th.find_task("2.1").content.startswith("Tuyên truyền nội dung Cuộc vận động")
    assert th.find_task("2.12").content.splitlines()[0].startswith("Tham mưu cho UBND tỉnh ban hành Kế hoạch")
    assert "+ Các phiên chợ ưu tiên tổ chức" in th.find_task("2.5").content


def test_thanh_hoa_outputs(th):
    fair, safe_food = th.find_task("2.5").children
    assert [(o.quantity, o.unit) for o in fair.outputs] == [(3, "phiên chợ")]
    assert fair.outputs[0].description == "Phiên chợ hàng Việt tại 03 huyện nông thôn/miền núi trong tỉnh"
    assert [(o.quantity, o.unit) for o in safe_food.outputs] == [(4, "phiên chợ")]
    assert safe_food.outputs[0].description.startswith("Phiên chợ thực phẩm an toàn")
    assert th.find_task("2.5").outputs == []  # the outputs belong to the sub-items that assign them
    assert th.targets == []


def test_thanh_hoa_legal_bases(th):
    bases = th.legal_bases
    assert [b.number_symbol for b in bases] == [
        "264-TB/TW", "107-KL/TW", "03-CT/TW", "386/QĐ-TTg", "28/CT-TTg", "33-KH/TU", "184/KH-UBND", "246/KH-UBND",
        "63/CTrPH-MTTQ-SCT", "744/KH-MTTQ-BCĐ", ""]
    first = bases[0]
    assert (first.doc_type, first.doc_type_code, first.date, first.issuer) == (
        "Thông báo Kết luận", "conclusion", "2009-07-31", "Bộ Chính trị")
    assert first.summary == "về việc tổ chức Cuộc vận động “Người Việt Nam ưu tiên dùng hàng Việt Nam”"
    qd = bases[3]
    assert (qd.doc_type, qd.date, qd.issuer) == ("Quyết định", "2021-03-17", "Thủ tướng Chính phủ")
    assert qd.summary.startswith("phê duyệt Đề án Phát triển thị trường trong nước")
    assert qd.summary.endswith("giai đoạn 2021 – 2025")
    assert (bases[5].doc_type, bases[5].issuer) == ("Kế hoạch hành động", "Ban Thường vụ Tỉnh ủy")
    assert bases[5].summary.startswith("về thực hiện Chỉ thị số 03-CT/TW")
    assert (bases[6].doc_type, bases[6].date, bases[6].issuer) == ("Kế hoạch", "2021-08-11", "UBND tỉnh")
    program = bases[8]
    assert (program.doc_type, program.doc_type_code, program.date) == ("Chương trình phối hợp", "program", "2023-09-26")
    assert program.issuer == "Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh Thanh Hóa và Sở Công Thương"
    steering = bases[9]
    assert steering.date == "2024-02-21"
    assert steering.issuer == "Ban chỉ đạo Cuộc vận động “Người Việt Nam ưu tiên dùng hàng Việt Nam” tỉnh Thanh Hóa"
    meeting = bases[10]
    assert (meeting.doc_type, meeting.title, meeting.date) == ("Kết luận", "Hội nghị UBND", "2024-02-22")
    assert meeting.summary == "về việc tổ chức Hội nghị bàn giải pháp tiêu thụ sản phẩm công nghiệp trên địa bàn tỉnh"


def test_thanh_hoa_sections_reporting_and_tail(th):
    assert len(th.purposes) == 4 and th.requirements == []
    assert th.purposes[0].startswith("Tiếp tục đẩy mạnh công tác thông tin, tuyên truyền")
    assert th.purposes[1].endswith("tại Quyết định số 1163/QĐ-TTg ngày 13/7/2021.")
    assert th.budget_source.startswith("Kinh phí tổ chức thực hiện Kế hoạch được bố trí từ nguồn kinh phí")
    assert th.implementation.startswith("1. Trên cơ sở nhiệm vụ được phân công")
    assert th.focal_unit == QLTM
    assert [(r.frequency, r.due_day, r.recipients, r.reporters) for r in th.reporting_rules] == [
        ("half_yearly", None, ["Bộ Công Thương", "Chủ tịch UBND tỉnh"], [QLTM]),
        ("yearly", None, ["Bộ Công Thương", "Chủ tịch UBND tỉnh"], [QLTM]),
    ]
    assert th.recipients == [
        "Ban chỉ đạo CVĐ tỉnh Thanh Hóa (báo cáo)",
        "Ban TT Ủy ban MTTQ Việt Nam tỉnh",
        "Các sở: Y tế, Sở KH và Công nghệ, Nông nghiệp và PTNT",
        "Cục Quản lý thị trường; Cục Thuế; Cục Hải Quan; Trung tâm xúc tiến Đầu tư, TM và Du lịch; "
        "Văn phòng Điều phối về vệ sinh ATTP",
        "Đài PT&TH tỉnh, Báo Thanh Hóa",
        "Hội Tiêu chuẩn và BVNTD tỉnh",
        "UBND các huyện, thị xã, thành phố",
        "Giám đốc, các Đc Phó GĐ Sở (chỉ đạo)",
        "Các phòng, đơn vị thuộc Sở (để thực hiện)",
        "Lưu: VT, QLTM.(PT.3)",
    ]
    assert th.signer.authority_lines == ["GIÁM ĐỐC"] and th.signer.position == "GIÁM ĐỐC"
    assert th.signer.name == "Phạm Bá Oai"
    assert any("(để phối hợp)" in w for w in th.warnings)


# --- Cẩm Xuyên: UBND huyện, 2020-2025 (tasks grouped by agency under IV) -----------------------------------------
CX_HEADING_2 = "Phòng, ban, ngành, đoàn thể, tổ chức hội cấp huyện"
CX_XA = "UBND các xã, thị trấn"
CX_TCCN = "Tổ chức, cá nhân sản xuất kinh doanh trên địa bàn huyện"
CX_TASKS = [
    ("II", "II", "NỘI DUNG KẾ HOẠCH", [], []),
    ("II.1", "1", "Công tác lãnh đạo, chỉ đạo", [], []),
    ("II.2", "2", "Nâng cao công tác thông tin, tuyên truyền", [], []),
    ("II.3", "3", "Phát triển hệ thống phân phối hàng Việt Nam, sản phẩm OCOP đạt tiêu chuẩn 3 sao cấp tỉnh", [], []),
    ("II.4", "4", "Nâng cao năng lực cạnh tranh của các doanh nghiệp", [], []),
    ("II.5", "5", "Tăng cường kiểm tra, kiểm soát thị trường và bảo vệ người tiêu dùng", [], []),
    ("III", "III", "CHỨC NĂNG, NHIỆM VỤ THỰC HIỆN KẾ HOẠCH", ["Phòng Kinh tế & Hạ tầng"],
     ["Phòng Văn hóa- Thông tin", "Trung tâm Văn hóa- TT huyện"]),
    ("IV", "IV", "TỔ CHỨC THỰC HIỆN", [], []),
    ("IV.1", "1", "Đề nghị Ủy ban Mặt trận Tổ quốc huyện", ["Ủy ban Mặt trận Tổ quốc huyện"],
     ["Thành viên Ban Chỉ đạo Cuộc vận động “Người Việt Nam ưu tiên dùng hàng Việt Nam” huyện Cẩm Xuyên"]),
    ("IV.2", "2", "Đối với các phòng, ban, ngành, đoàn thể, tổ chức hội cấp huyện", [CX_HEADING_2], []),
    ("IV.2.-1", "-", "Giao các phòng, ban, ngành và đề nghị các đoàn thể", [CX_HEADING_2], []),
    ("IV.2.-2", "-", "Tiếp tục tổ chức quán triệt đến toàn thể cán bộ", [CX_HEADING_2], []),
    ("IV.2.-3", "-", "Phòng Kinh tế & Hạ tầng làm đầu mối theo dõi", ["Phòng Kinh tế & Hạ tầng"], []),
    ("IV.2.-4", "-", "Phòng Tài chính- Kế hoạch phối hợp với các phòng", ["Phòng Tài chính- Kế hoạch"],
     ["Phòng, ban ngành, địa phương"]),
    ("IV.3", "3", "UBND các xã, thị trấn", [CX_XA], []),
    ("IV.3.-1", "-", "Tiếp tục quán triệt đến cán bộ, công chức, người lao động", [CX_XA], []),
    ("IV.3.-2", "-", "Chủ động và tăng cường phối hợp với các cơ quan chức năng", [CX_XA], []),
    ("IV.3.-3", "-", "Đẩy mạnh việc xây dựng thương hiệu", [CX_XA], []),
    ("IV.3.-4", "-", "Triển khai thực hiện có hiệu quả Chương trình mỗi xã một sản phẩm", [CX_XA], []),
    ("IV.4", "4", "Các tổ chức, cá nhân sản xuất kinh doanh trên địa bàn huyện", [CX_TCCN], []),
    ("IV.4.-1", "-", "Thực hiện đúng các quy định về sản xuất kinh doanh", [CX_TCCN], []),
    ("IV.4.-2", "-", "Chủ động nghiên cứu, đầu tư cải tiến mẫu mã", [CX_TCCN], []),
    ("IV.4.-3", "-", "Ứng dụng Thương mại điện tử", [CX_TCCN], []),
]


def test_cam_xuyen_header_and_legal_basis(cx):
    h = cx.header
    assert h.title == ("Triển khai thực hiện Cuộc vận động “Người Việt Nam ưu tiên dùng hàng Việt Nam”và đẩy mạnh "
                       "tiêu thụ sản phẩm OCOP trên địa bàn Cẩm Xuyên giai đoạn 2020-2025")
    assert (h.period_start_year, h.period_end_year) == (2020, 2025)
    assert (h.issuer, h.level, h.place, h.province) == ("UBND huyện Cẩm Xuyên", "district", "Cẩm Xuyên", "Hà Tĩnh")
    assert len(cx.legal_bases) == 1
    basis = cx.legal_bases[0]
    assert (basis.doc_type, basis.number_symbol, basis.date, basis.issuer) == (
        "Kế hoạch", "304/KH-UBND", "2020-08-10", "UBND tỉnh")
    assert basis.summary == ("về việc triển khai thực hiện Cuộc vận động “Người Việt Nam ưu tiên dùng hàng Việt Nam” "
                             "trên địa bàn tỉnh Hà Tĩnh giai đoạn 2020- 2025")


def test_cam_xuyen_targets(cx):
    assert [(t.indicator, t.comparison, t.value, t.unit, t.deadline_year, t.applies_to) for t in cx.targets] == [
        ("doanh thu hàng Việt Nam", "gt", 90, "%", 2025, "Trung tâm thương mại, siêu thị, hệ thống bán lẻ hiện đại"),
        ("doanh thu hàng Việt Nam", "gt", 75, "%", 2025, "chợ và thị trường nông thôn"),
    ]


def test_cam_xuyen_tasks_grouped_by_agency(cx):
    check_tasks(cx, CX_TASKS)
    assert any("II.1, II.2, II.3, II.4, II.5" in w for w in cx.warnings)
    assert cx.find_task("1").content.startswith("- Tiếp tục tổ chức quán triệt")


def test_cam_xuyen_sections_reporting_and_tail(cx):
    assert len(cx.purposes) == 3 and len(cx.requirements) == 3
    assert cx.requirements[0].endswith("nhằm nâng cao hiệu quả thực hiện của Kế hoạch.")
    assert cx.budget_source == ""
    assert cx.implementation.startswith("1. Đề nghị Ủy ban Mặt trận Tổ quốc huyện")
    assert cx.implementation.splitlines()[-1].startswith("Trên đây là Kế hoạch triển khai Cuộc vận động")
    assert cx.focal_unit == "Phòng Kinh tế & Hạ tầng"
    assert [(r.frequency, r.due_day, r.due_month_offset, r.recipients, r.reporters) for r in cx.reporting_rules] == [
        ("quarterly", 25, "last_month_of_period", ["Phòng Kinh tế & Hạ tầng"], [CX_HEADING_2]),
        ("yearly", 25, "last_month_of_period", ["Phòng Kinh tế & Hạ tầng"], [CX_HEADING_2]),
    ]
    assert cx.recipients == [
        "TTr Huyện ủy, HĐND huyện", "Chủ tịch, các PCT UBND huyện", "UBMTTQ và các đoàn thể cấp huyện",
        "Các phòng, ban, ngành cấp huyện", "Đảng ủy, HĐND, UBND xã, thị trấn", "Các tổ chức kinh tế xã hội trên địa bàn",
        "Trung tâm VH-TT (Để tuyên truyền)", "Cổng thông tin điện tử huyện CX", "Lưu: VT, phòng KTHT",
    ]
    assert cx.signer.authority_lines == ["TM. UỶ BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert (cx.signer.position, cx.signer.name) == ("PHÓ CHỦ TỊCH", "Phạm Hoàng Anh")
    # Page number, e-mail addresses, signing timestamps and URLs are dropped.
    text = json.dumps(cx.to_dict(), ensure_ascii=False)
    assert "ubcamxuyen@" not in text and "2020-09-21T" not in text and "luatminhkhue" not in text


def test_seeds_are_json_serialisable(th, cx):
    for proposal in (th, cx):
        data = json.loads(json.dumps(proposal.to_dict(), ensure_ascii=False))
        assert data["tasks"][0]["children"]
        assert set(data["header"]) >= {"governing_body", "issuer", "number_symbol", "place", "date", "doc_type",
                                       "title", "period_start_year", "period_end_year", "level"}


# --- a department plan with a header block, tasks grouped by agency with a) b) items ------------------------
HT_PLAN = """\
UBND TỈNH HÀ TĨNH                      CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
SỞ CÔNG THƯƠNG                         Độc lập - Tự do - Hạnh phúc
Số: 45/KH-SCT                          Hà Tĩnh, ngày 12 tháng 01 năm 2025

KẾ HOẠCH
Thực hiện Cuộc vận động “Người Việt Nam ưu tiên dùng hàng Việt Nam”
trên địa bàn tỉnh Hà Tĩnh năm 2025

Căn cứ Quyết định số 386/QĐ-TTg ngày 17/3/2021 của Thủ tướng Chính phủ phê duyệt Đề án Phát triển thị trường trong nước gắn với Cuộc vận động “Người Việt Nam ưu tiên dùng hàng Việt Nam” giai đoạn 2021 - 2025;
Căn cứ Kế hoạch số 120/KH-UBND ngày 05/4/2024 của UBND tỉnh về triển khai Cuộc vận động trên địa bàn tỉnh năm 2024;
Sở Công Thương ban hành Kế hoạch thực hiện năm 2025 như sau:

I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
- Nâng cao nhận thức của người tiêu dùng về hàng Việt Nam; phấn đấu đến năm 2025 tỷ lệ hàng Việt Nam tại các siêu thị trên địa bàn tỉnh đạt từ 92% trở lên.
- Quảng bá các sản phẩm OCOP, đặc sản của tỉnh.
2. Yêu cầu
- Các phòng, đơn vị thực hiện đúng tiến độ, hiệu quả.
II. NHIỆM VỤ VÀ PHÂN CÔNG THỰC HIỆN
1. Phòng Quản lý thương mại
a) Chủ trì tổ chức 05 phiên chợ hàng Việt về các huyện miền núi Hương Sơn, Hương Khê, Vũ Quang. Thời gian: Quý II/2025.
b) Phối hợp với Trung tâm Khuyến công và Xúc tiến thương mại tổ chức 02 hội nghị kết nối cung cầu (thường xuyên).
2. Trung tâm Khuyến công và Xúc tiến thương mại
a) Tổ chức 01 hội chợ hàng Việt tại thành phố Hà Tĩnh. Thời gian: Quý III/2025.
b) Hỗ trợ 20 doanh nghiệp tham gia sàn thương mại điện tử.
3. Đề nghị Uỷ ban MTTQ Việt Nam tỉnh
a) Chủ trì vận động đoàn viên, hội viên ưu tiên dùng hàng Việt.
b) Phối hợp với Sở Thông tin và Truyền thông, Đài PT-TH tỉnh tuyên truyền về Cuộc vận động.
4. UBND các huyện, thành phố, thị xã
a) Xây dựng kế hoạch thực hiện Cuộc vận động tại địa phương.
b) Bố trí địa điểm tổ chức phiên chợ hàng Việt.
III. KINH PHÍ
Kinh phí thực hiện từ nguồn ngân sách nhà nước giao cho Sở Công Thương năm 2025.
IV. TỔ CHỨC THỰC HIỆN
1. Giao Phòng Quản lý thương mại là đầu mối theo dõi, đôn đốc, tổng hợp kết quả thực hiện Kế hoạch.
2. Các đơn vị báo cáo kết quả thực hiện về Sở Công Thương (qua Phòng Quản lý thương mại) định kỳ hằng quý trước ngày 20 tháng cuối quý và báo cáo năm trước ngày 15/12.
Nơi nhận:                                          KT. GIÁM ĐỐC
- Bộ Công Thương (để báo cáo);                     PHÓ GIÁM ĐỐC
- UBND tỉnh (để báo cáo);
- Ban Chỉ đạo Cuộc vận động tỉnh;
- Lưu: VT, QLTM.                                   Nguyễn Văn Hùng
"""
TTKC_XT = "Trung tâm Khuyến công và Xúc tiến thương mại"
MTTQ = "Uỷ ban MTTQ Việt Nam tỉnh"
HT_UBND = "UBND các huyện, thành phố, thị xã"
HT_TASKS = [
    ("II", "II", "NHIỆM VỤ VÀ PHÂN CÔNG THỰC HIỆN", [], []),
    ("II.1", "1", "Phòng Quản lý thương mại", [QLTM], []),
    ("II.1.a", "a", "Chủ trì tổ chức 05 phiên chợ hàng Việt", [QLTM], []),
    ("II.1.b", "b", "Phối hợp với Trung tâm Khuyến công", [QLTM], [TTKC_XT]),
    ("II.2", "2", TTKC_XT, [TTKC_XT], []),
    ("II.2.a", "a", "Tổ chức 01 hội chợ hàng Việt", [TTKC_XT], []),
    ("II.2.b", "b", "Hỗ trợ 20 doanh nghiệp", [TTKC_XT], []),
    ("II.3", "3", "Đề nghị Uỷ ban MTTQ Việt Nam tỉnh", [MTTQ], []),
    ("II.3.a", "a", "Chủ trì vận động đoàn viên", [MTTQ], []),
    ("II.3.b", "b", "Phối hợp với Sở Thông tin và Truyền thông", [MTTQ], ["Sở Thông tin và Truyền thông", "Đài PT-TH tỉnh"]),
    ("II.4", "4", HT_UBND, [HT_UBND], []),
    ("II.4.a", "a", "Xây dựng kế hoạch thực hiện Cuộc vận động", [HT_UBND], []),
    ("II.4.b", "b", "Bố trí địa điểm tổ chức phiên chợ", [HT_UBND], []),
]


def test_header_block_plan():
    p = parse_plan_text(HT_PLAN)
    h = p.header
    assert (h.governing_body, h.issuer, h.number_symbol) == ("UBND TỈNH HÀ TĨNH", "SỞ CÔNG THƯƠNG", "45/KH-SCT")
    assert (h.place, h.date, h.doc_type, h.level) == ("Hà Tĩnh", "2025-01-12", "KẾ HOẠCH", "department")
    assert h.title == "Thực hiện Cuộc vận động “Người Việt Nam ưu tiên dùng hàng Việt Nam” trên địa bàn tỉnh Hà Tĩnh năm 2025"
    assert (h.period_start_year, h.period_end_year) == (2025, 2025)
    assert h.inferred == []
    assert [(b.doc_type, b.number_symbol, b.date, b.issuer) for b in p.legal_bases] == [
        ("Quyết định", "386/QĐ-TTg", "2021-03-17", "Thủ tướng Chính phủ"),
        ("Kế hoạch", "120/KH-UBND", "2024-04-05", "UBND tỉnh"),
    ]
    assert p.legal_bases[1].summary == "về triển khai Cuộc vận động trên địa bàn tỉnh năm 2024"
    assert len(p.purposes) == 2 and p.requirements == ["Các phòng, đơn vị thực hiện đúng tiến độ, hiệu quả."]
    assert [(t.indicator, t.comparison, t.value, t.deadline_year, t.applies_to) for t in p.targets] == [
        ("tỷ lệ hàng Việt Nam", "gte", 92, 2025, "siêu thị trên địa bàn tỉnh")]


def test_tasks_grouped_by_agency_with_lettered_items():
    p = parse_plan_text(HT_PLAN)
    check_tasks(p, HT_TASKS)
    fair = next(t for t in p.iter_tasks() if t.key == "II.1.a")
    assert fair.time_frame == "Quý II/2025"
    assert [(o.quantity, o.unit) for o in fair.outputs] == [(5, "phiên chợ")]
    conference = next(t for t in p.iter_tasks() if t.key == "II.1.b")
    assert conference.time_frame == "thường xuyên"
    assert [(o.quantity, o.unit) for o in conference.outputs] == [(2, "hội nghị")]
    support = next(t for t in p.iter_tasks() if t.key == "II.2.b")
    assert [(o.quantity, o.unit) for o in support.outputs] == [(20, "doanh nghiệp")]
    assert p.budget_source == "Kinh phí thực hiện từ nguồn ngân sách nhà nước giao cho Sở Công Thương năm 2025."
    assert p.focal_unit == QLTM
    assert [(r.frequency, r.due_day, r.due_month, r.due_month_offset, r.recipients) for r in p.reporting_rules] == [
        ("quarterly", 20, None, "last_month_of_period", ["Sở Công Thương"]),
        ("yearly", 15, 12, None, ["Sở Công Thương"]),
    ]
    assert p.recipients == ["Bộ Công Thương (để báo cáo)", "UBND tỉnh (để báo cáo)", "Ban Chỉ đạo Cuộc vận động tỉnh",
                            "Lưu: VT, QLTM"]
    assert p.signer.authority_lines == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]
    assert p.signer.name == "Nguyễn Văn Hùng"
    assert not any("đơn vị chủ trì" in w for w in p.warnings)


def test_same_plan_in_nfd_tcvn3_and_vni_parses_identically():
    expected = parse_plan_text(HT_PLAN).to_dict()
    assert parse_plan_text(unicodedata.normalize("NFD", HT_PLAN)).to_dict() == expected
    for encoding in ("tcvn3", "vni"):
        legacy = from_unicode(HT_PLAN, encoding)
        assert legacy != HT_PLAN and to_unicode(legacy) == HT_PLAN
        assert parse_plan_text(legacy).to_dict() == expected
        assert read_text_bytes(legacy.encode("cp1252")) == HT_PLAN


# --- a district plan whose tasks are a tab-separated table -------------------------------------------------
TABLE_PLAN = (
    "KẾ HOẠCH\n"
    "Tổ chức các hoạt động hưởng ứng Cuộc vận động “Người Việt Nam ưu tiên dùng hàng Việt Nam” trên địa bàn "
    "huyện Hương Sơn năm 2025\n\n"
    "Thực hiện Kế hoạch số 45/KH-SCT ngày 12/01/2025 của Sở Công Thương tỉnh Hà Tĩnh về thực hiện Cuộc vận động "
    "năm 2025, UBND huyện Hương Sơn ban hành Kế hoạch như sau:\n"
    "I. MỤC ĐÍCH, YÊU CẦU\n"
    "- Đưa hàng Việt về nông thôn, miền núi.\n"
    "II. NHIỆM VỤ CỤ THỂ\n"
    "STT\tNội dung\tĐơn vị chủ trì\tĐơn vị phối hợp\tThời gian\n"
    "1\tTuyên truyền về Cuộc vận động trên Đài Truyền thanh huyện\tTrung tâm Văn hóa - Truyền thông huyện\t"
    "Phòng Văn hóa và Thông tin\tThường xuyên\n"
    "2\tTổ chức 02 phiên chợ hàng Việt tại xã Sơn Kim 1 và thị trấn Tây Sơn\tPhòng Kinh tế và Hạ tầng\t"
    "UBND xã Sơn Kim 1, UBND thị trấn Tây Sơn\tQuý II/2025\n"
    "\tƯu tiên hàng nông sản của địa phương\t\t\t\n"
    "3\tKiểm tra, kiểm soát thị trường dịp Tết Nguyên đán\tĐội Quản lý thị trường số 5\tCông an huyện; Phòng Y tế\t"
    "Quý I/2025\n"
    "III. TỔ CHỨC THỰC HIỆN\n"
    "Các cơ quan, đơn vị báo cáo kết quả về Phòng Kinh tế và Hạ tầng định kỳ 6 tháng và năm (trước ngày 15/6 và "
    "15/12).\n"
    "Nơi nhận:\n- Sở Công Thương;\n- Lưu: VT.\nTM. UỶ BAN NHÂN DÂN\nCHỦ TỊCH\nLê Văn An\n"
)


def test_table_plan():
    p = parse_plan_text(TABLE_PLAN)
    check_tasks(p, [
        ("II", "II", "NHIỆM VỤ CỤ THỂ", [], []),
        ("II.1", "1", "Tuyên truyền về Cuộc vận động trên Đài Truyền thanh huyện",
         ["Trung tâm Văn hóa - Truyền thông huyện"], ["Phòng Văn hóa và Thông tin"]),
        ("II.2", "2", "Tổ chức 02 phiên chợ hàng Việt tại xã Sơn Kim 1 và thị trấn Tây Sơn", ["Phòng Kinh tế và Hạ tầng"],
         ["UBND xã Sơn Kim 1", "UBND thị trấn Tây Sơn"]),
        ("II.3", "3", "Kiểm tra, kiểm soát thị trường dịp Tết Nguyên đán", ["Đội Quản lý thị trường số 5"],
         ["Công an huyện", "Phòng Y tế"]),
    ])
    tasks = {t.key: t for t in p.iter_tasks()}
    assert [t.time_frame for t in tasks["II"].children] == ["Thường xuyên", "Quý II/2025", "Quý I/2025"]
    assert tasks["II.2"].content == "Ưu tiên hàng nông sản của địa phương"
    assert [(o.quantity, o.unit) for o in tasks["II.2"].outputs] == [(2, "phiên chợ")]
    assert (p.header.issuer, p.header.level, p.header.place) == ("UBND huyện Hương Sơn", "district", "Hương Sơn")
    assert [(r.frequency, r.due_day, r.due_month, r.recipients) for r in p.reporting_rules] == [
        ("half_yearly", 15, 6, ["Phòng Kinh tế và Hạ tầng"]), ("yearly", 15, 12, ["Phòng Kinh tế và Hạ tầng"])]
    assert p.signer.authority_lines == ["TM. UỶ BAN NHÂN DÂN", "CHỦ TỊCH"] and p.signer.name == "Lê Văn An"
    assert p.recipients == ["Sở Công Thương", "Lưu: VT"]


def test_docx_with_header_table_and_task_table():
    import docx  # python-docx is a pinned dependency
    document = docx.Document()
    header = document.add_table(rows=1, cols=2)
    left, right = header.rows[0].cells
    left.text = "UBND TỈNH HÀ TĨNH"
    left.add_paragraph("SỞ CÔNG THƯƠNG")
    left.add_paragraph("Số: 45/KH-SCT")
    right.text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    right.add_paragraph("Độc lập - Tự do - Hạnh phúc")
    right.add_paragraph("Hà Tĩnh, ngày 12 tháng 01 năm 2025")
    for line in ["KẾ HOẠCH", "Thực hiện Cuộc vận động “Người Việt Nam ưu tiên dùng hàng Việt Nam” năm 2025",
                 "Căn cứ Kế hoạch số 120/KH-UBND ngày 05/4/2024 của UBND tỉnh về triển khai Cuộc vận động;",
                 "I. MỤC ĐÍCH, YÊU CẦU", "- Nâng cao nhận thức của người tiêu dùng.", "II. NHIỆM VỤ CỤ THỂ"]:
        document.add_paragraph(line)
    table = document.add_table(rows=3, cols=4)
    for r, values in enumerate([("STT", "Nội dung", "Đơn vị chủ trì", "Đơn vị phối hợp"),
                                ("1", "Tổ chức 03 phiên chợ hàng Việt", QLTM, HUYEN),
                                ("2", "Kiểm tra thị trường", "Chi cục QLTT", "Công an tỉnh; Sở Y tế")]):
        for c, value in enumerate(values):
            table.rows[r].cells[c].text = value
    document.add_paragraph("III. TỔ CHỨC THỰC HIỆN")
    document.add_paragraph("Giao Phòng Quản lý thương mại làm đầu mối, báo cáo Giám đốc Sở định kỳ hằng quý.")
    buffer = io.BytesIO()
    document.save(buffer)
    buffer.seek(0)
    text = read_docx_text(buffer)
    assert text.splitlines()[0] == "UBND TỈNH HÀ TĨNH\t\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert "STT\tNội dung\tĐơn vị chủ trì\tĐơn vị phối hợp" in text.splitlines()
    p = parse_plan_text(text)
    assert (p.header.issuer, p.header.number_symbol, p.header.date) == ("SỞ CÔNG THƯƠNG", "45/KH-SCT", "2025-01-12")
    assert [(t.key, t.lead_units, t.coordinating_units) for t in p.iter_tasks()] == [
        ("II", [], []), ("II.1", [QLTM], [HUYEN]), ("II.2", ["Chi cục QLTT"], ["Công an tỉnh", "Sở Y tế"])]
    assert [(r.frequency, r.recipients, r.reporters) for r in p.reporting_rules] == [
        ("quarterly", ["Giám đốc Sở"], [QLTM])]


# --- a province plan as PDF text: hard-wrapped, double-spaced, page number and URL in the middle -----------
PROVINCE_SOURCE = """\
ỦY BAN NHÂN DÂN          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH THANH HÓA           Độc lập - Tự do - Hạnh phúc
Số: 12/KH-UBND           Thanh Hóa, ngày 05 tháng 3 năm 2024
KẾ HOẠCH
Phát triển thị trường trong nước gắn với Cuộc vận động “Người Việt Nam ưu tiên dùng hàng Việt Nam” giai đoạn 2024 – 2025
Căn cứ Nghị định số 98/2020/NĐ-CP ngày 24/8/2020 của Chính phủ quy định xử phạt vi phạm hành chính trong hoạt động thương mại, sản xuất, buôn bán hàng giả, hàng cấm và bảo vệ quyền lợi người tiêu dùng; Căn cứ Luật Bảo vệ quyền lợi người tiêu dùng ngày 20 tháng 6 năm 2023;
UBND tỉnh ban hành Kế hoạch như sau:
I. MỤC TIÊU
Đến năm 2025, tỷ lệ hàng Việt Nam tại các chợ truyền thống đạt trên 80%; tỷ lệ doanh nghiệp ứng dụng thương mại điện tử không dưới 50%.
II. NHIỆM VỤ, GIẢI PHÁP
1. Xúc tiến thương mại
1.1. Tổ chức Tuần hàng Việt Nam
- Cơ quan chủ trì: Sở Công Thương.
- Cơ quan phối hợp: Sở Nông nghiệp và PTNT, UBND các huyện, thị xã, thành phố.
- Sản phẩm: 02 tuần hàng Việt Nam; 10 phiên chợ hàng Việt về nông thôn.
- Thời gian: Quý II/2024.
- Kinh phí: 500 triệu đồng từ ngân sách tỉnh.
1.2. Hỗ trợ doanh nghiệp tham gia hội chợ ngoài tỉnh
Giao Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch chủ trì, phối hợp với Hiệp hội Doanh nghiệp tỉnh tổ chức cho 30 doanh nghiệp tham gia hội chợ (trong năm).
2. Quản lý thị trường
Cục Quản lý thị trường chủ trì kiểm tra, xử lý hàng giả, hàng nhái; báo cáo UBND tỉnh hằng tháng trước ngày 20.
III. TỔ CHỨC THỰC HIỆN
Giao Sở Công Thương là cơ quan đầu mối, định kỳ 6 tháng, năm báo cáo Bộ Công Thương, Chủ tịch UBND tỉnh.
Nơi nhận:                               TM. ỦY BAN NHÂN DÂN
- Bộ Công Thương;                       KT. CHỦ TỊCH
- Các sở, ban, ngành cấp tỉnh;          PHÓ CHỦ TỊCH
- Lưu: VT, KTTC.
                                        Lê Đức Giang
"""


def as_pdf_text(source):
    """What a PDF-to-text tool makes of a document: lines wrapped at 76 characters, a blank line after
    each, a page number and a URL mid-text, signing stamps at the end."""
    out = []
    for i, line in enumerate(source.splitlines()):
        if i < 3 or line.startswith(("Nơi nhận", "- Bộ", "- Các sở", "- Lưu", " ")):
            out.append(f" {line} ")
        else:
            out += [f" {part} " for part in textwrap.wrap(line, 76)]
        if i == 12:
            out += ["7", "https://thuvienphapluat.vn/van-ban/abc"]
    return "\n\n".join(out) + "\n\n\t\tubnd@thanhhoa.gov.vn\n\t2024-03-05T10:11:12+0700\n"


def test_wrapped_pdf_text_with_header_block():
    text = as_pdf_text(PROVINCE_SOURCE)
    assert "tiên dùng hàng Việt Nam” giai đoạn 2024 – 2025 \n" in text  # the title really is wrapped
    p = parse_plan_text(text)
    h = p.header
    assert (h.governing_body, h.issuer, h.level) == ("", "ỦY BAN NHÂN DÂN TỈNH THANH HÓA", "province")
    assert (h.number_symbol, h.place, h.date) == ("12/KH-UBND", "Thanh Hóa", "2024-03-05")
    assert h.title.endswith("“Người Việt Nam ưu tiên dùng hàng Việt Nam” giai đoạn 2024 – 2025")
    assert (h.period_start_year, h.period_end_year) == (2024, 2025)
    assert [(b.doc_type, b.number_symbol, b.date, b.issuer, b.title) for b in p.legal_bases] == [
        ("Nghị định", "98/2020/NĐ-CP", "2020-08-24", "Chính phủ", ""),
        ("Luật", "", "2023-06-20", "", "Bảo vệ quyền lợi người tiêu dùng"),
    ]
    assert p.legal_bases[0].summary.startswith("quy định xử phạt vi phạm hành chính")
    assert [(t.indicator, t.comparison, t.value, t.deadline_year, t.applies_to) for t in p.targets] == [
        ("tỷ lệ hàng Việt Nam", "gt", 80, 2025, "chợ truyền thống"),
        ("tỷ lệ doanh nghiệp ứng dụng thương mại điện tử", "gte", 50, 2025, ""),
    ]
    check_tasks(p, [
        ("II", "II", "NHIỆM VỤ, GIẢI PHÁP", [], []),
        ("II.1", "1", "Xúc tiến thương mại", [], []),
        ("II.1.1.1", "1.1", "Tổ chức Tuần hàng Việt Nam", ["Sở Công Thương"],
         ["Sở Nông nghiệp và PTNT", "UBND các huyện, thị xã, thành phố"]),
        ("II.1.1.2", "1.2", "Hỗ trợ doanh nghiệp tham gia hội chợ ngoài tỉnh",
         ["Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch"], ["Hiệp hội Doanh nghiệp tỉnh"]),
        ("II.2", "2", "Quản lý thị trường", ["Cục Quản lý thị trường"], []),
    ])
    week = p.find_task("1.1")
    assert (week.time_frame, week.budget) == ("Quý II/2024", "500 triệu đồng từ ngân sách tỉnh")
    assert [(o.quantity, o.unit) for o in week.outputs] == [(2, "tuần hàng"), (10, "phiên chợ")]
    assert p.find_task("1.2").time_frame == "trong năm"
    assert p.find_task("1.2").outputs == []  # "cho 30 doanh nghiệp" are beneficiaries, not an output
    assert [(r.frequency, r.due_day, r.recipients, r.reporters) for r in p.reporting_rules] == [
        ("monthly", 20, ["UBND tỉnh"], ["Cục Quản lý thị trường"]),
        ("half_yearly", None, ["Bộ Công Thương", "Chủ tịch UBND tỉnh"], ["Sở Công Thương"]),
        ("yearly", None, ["Bộ Công Thương", "Chủ tịch UBND tỉnh"], ["Sở Công Thương"]),
    ]
    assert p.focal_unit == "Sở Công Thương"
    assert p.recipients == ["Bộ Công Thương", "Các sở, ban, ngành cấp tỉnh", "Lưu: VT, KTTC"]
    assert p.signer.authority_lines == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert p.signer.name == "Lê Đức Giang"
    assert p.warnings == []
    assert "thuvienphapluat" not in json.dumps(p.to_dict(), ensure_ascii=False)


@pytest.mark.parametrize("lines, expected", [
    (["ỦY BAN NHÂN DÂN      CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "TỈNH THANH HÓA      Độc lập - Tự do - Hạnh phúc",
      "Số: 12/KH-UBND Thanh Hóa, ngày 05 tháng 3 năm 2024"],
     ("", "ỦY BAN NHÂN DÂN TỈNH THANH HÓA", "12/KH-UBND", "Thanh Hóa", "2024-03-05", "province")),
    (["UBND HUYỆN CẨM XUYÊN", "Số:  /KH-UBND", "Cẩm Xuyên, ngày    tháng 9 năm 2020"],
     ("", "UBND HUYỆN CẨM XUYÊN", "/KH-UBND", "Cẩm Xuyên", None, "district")),
    (["ỦY BAN NHÂN DÂN", "XÃ CẨM BÌNH", "-------", "Số: 7/KH-UBND", "Cẩm Bình, ngày 2 tháng 2 năm 2024"],
     ("", "ỦY BAN NHÂN DÂN XÃ CẨM BÌNH", "7/KH-UBND", "Cẩm Bình", "2024-02-02", "commune")),
    (["UBND TỈNH HÀ TĨNH\t\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "SỞ CÔNG THƯƠNG", "Số: 45/KH-SCT",
      "Hà Tĩnh, ngày 12 tháng 01 năm 2025"],
     ("UBND TỈNH HÀ TĨNH", "SỞ CÔNG THƯƠNG", "45/KH-SCT", "Hà Tĩnh", "2025-01-12", "department")),
])
def test_header_block_variants(lines, expected):
    header = Header()
    parse_header_block(lines, header)
    header.level = guess_level(header.issuer, header.governing_body)
    assert (header.governing_body, header.issuer, header.number_symbol, header.place, header.date,
            header.level) == expected


def test_thirty_page_plan_parses():
    """~90,000 characters built from the Thanh Hóa tasks (timing is measured by hand, not asserted)."""
    seed = TH_SEED.read_text(encoding="utf-8")
    start, end = seed.index("2.1. Hoạt động"), seed.index("III. KINH PHÍ")
    blocks = [b for b in re.split(r"(?m)^(?=2\.\d+\. )", seed[start:end]) if b.strip()]
    parts, n = [], 0
    while len(seed) - (end - start) + sum(map(len, parts)) < 90_000:
        for block in blocks:
            n += 1
            parts.append(re.sub(r"^2\.\d+\.", f"2.{n}.", block))
    text = seed[:start] + "".join(parts) + seed[end:]
    assert len(text) >= 88_000
    p = parse_plan_text(text)
    section = p.find_task("2")
    assert [t.number for t in section.children] == [f"2.{i}" for i in range(1, n + 1)]
    assert all(t.lead_units for t in section.children)
    assert p.signer.name == "Phạm Bá Oai"


# --- reading bytes -----------------------------------------------------------------------------------------
def _cp1258_form(text):
    """Letters with their shape precomposed and the tone as a combining mark, as CP1258 stores them."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in parts if c in "\u0300\u0301\u0303\u0309\u0323")
        out.append(unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones)) + tones)
    return "".join(out)


@pytest.mark.parametrize("codec", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"])
def test_read_text_bytes_unicode(codec):
    assert read_text_bytes(HT_PLAN.encode(codec)) == HT_PLAN


def test_read_text_bytes_8bit():
    assert read_text_bytes(_cp1258_form(HT_PLAN).encode("cp1258")) == HT_PLAN
    assert read_text_bytes(from_unicode(HT_PLAN, "vni").encode("cp1252")) == HT_PLAN
    assert read_text_bytes("Café crème, naïve résumé".encode("cp1252")) == "Café crème, naïve résumé"
    assert read_text_bytes(b"") == ""


# --- units -------------------------------------------------------------------------------------------------
def test_expand_abbreviations():
    assert expand_abbreviations("UBND huyện") == "Ủy ban nhân dân huyện"
    assert expand_abbreviations("Sở KH và CN") == "Sở Khoa học và Công nghệ"
    assert expand_abbreviations("Sở KH&CN") == "Sở Khoa học và Công nghệ"
    assert expand_abbreviations("Sở NN&PTNT") == "Sở Nông nghiệp và Phát triển nông thôn"
    assert expand_abbreviations("Sở NN và PTNT") == "Sở Nông nghiệp và Phát triển nông thôn"
    assert expand_abbreviations("Đài PT-TH tỉnh") == "Đài Phát thanh - Truyền hình tỉnh"
    assert expand_abbreviations("Chi cục ATVSTP") == "Chi cục An toàn vệ sinh thực phẩm"
    assert expand_abbreviations("Văn phòng Điều phối về vệ sinh ATTP").endswith("An toàn thực phẩm")
    assert expand_abbreviations("Chi cục TCĐLCL") == "Chi cục Tiêu chuẩn Đo lường Chất lượng"
    assert expand_abbreviations("Đội QLTT số 5") == "Đội Quản lý thị trường số 5"
    assert expand_abbreviations("phòng QL XNK") == "phòng Quản lý Xuất nhập khẩu"
    assert expand_abbreviations("Phòng KT&HT") == "Phòng Kinh tế và Hạ tầng"
    assert expand_abbreviations("Phòng KTHT") == "Phòng Kinh tế và Hạ tầng"
    assert expand_abbreviations("Phòng TC-KH") == "Phòng Tài chính - Kế hoạch"
    assert expand_abbreviations("Trung tâm VH-TT") == "Trung tâm Văn hóa - Thông tin"
    assert expand_abbreviations("Hội Tiêu chuẩn và BVNTD tỉnh") == "Hội Tiêu chuẩn và Bảo vệ người tiêu dùng tỉnh"
    assert expand_abbreviations("UBMTTQ huyện") == "Ủy ban Mặt trận Tổ quốc huyện"
    assert expand_abbreviations("Uỷ ban MTTQ tỉnh") == "Ủy ban Mặt trận Tổ quốc tỉnh"
    assert expand_abbreviations("TT Khuyến công") == "Trung tâm Khuyến công"
    assert expand_abbreviations("Ban TT Ủy ban MTTQ") == "Ban Thường trực Ủy ban Mặt trận Tổ quốc"
    assert expand_abbreviations("Phòng Kế hoạch & Đầu tư") == "Phòng Kế hoạch và Đầu tư"


def test_unit_name_variants_and_matching():
    assert unit_name_variants("UBND huyện Cẩm Xuyên") & unit_name_variants("Ủy ban nhân dân huyện cẩm xuyên")
    assert unit_name_variants("Phòng KT&HT") & unit_name_variants("phòng Kinh tế và Hạ tầng")
    assert unit_name_variants("Đài PT-TH tỉnh") & unit_name_variants("Đài Phát thanh và Truyền hình tỉnh")
    assert unit_name_variants("Uỷ ban MTTQ tỉnh") & unit_name_variants("UỶ BAN MẶT TRẬN TỔ QUỐC TỈNH")
    candidates = {
        1: ["Phòng Quản lý thương mại", "QLTM"],
        2: ["Phòng Quản lý công nghiệp"],
        3: ["Sở Công Thương tỉnh Thanh Hóa", "Sở Công Thương", "SCT"],
        4: ["Đài Phát thanh và Truyền hình Thanh Hóa"],
        5: ["Sở Khoa học và Công nghệ"],
    }
    assert match_unit("Phòng QL thương mại", candidates) == (1, 1.0)
    assert match_unit("phong quan ly cong nghiep", candidates) == (2, 1.0)
    assert match_unit("SCT", candidates) == (3, 1.0)
    assert match_unit("Sở KH&CN", candidates) == (5, 1.0)
    assert match_unit("Đài PT-TH tỉnh Thanh Hóa", candidates)[0] == 4
    unit, score = match_unit("Sở Y tế", candidates)
    assert unit is None and score < 0.75
    assert match_unit("Phòng Quản lý xuất nhập khẩu", candidates)[0] is None
    assert match_unit("", candidates) == (None, 0.0)


def test_split_units():
    assert split_units("Phòng Quản lý thương mại, Trung tâm Khuyến công và Tiết kiệm năng lượng, Thanh tra Sở.") == [
        QLTM, TTKC, TTS]
    assert split_units("UBND các huyện, thị xã, thành phố, các đơn vị tham gia hoạt động.") == [
        HUYEN, "Đơn vị tham gia hoạt động"]
    assert split_units("Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch tỉnh; Sở Y tế") == [
        "Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch tỉnh", "Sở Y tế"]
    assert split_units("Sở Công Thương, Sở Y tế và các đơn vị liên quan") == ["Sở Công Thương", "Sở Y tế"]
    assert split_units("các phòng, ban ngành, địa phương và đơn vị liên quan") == ["Phòng, ban ngành, địa phương"]
    assert split_units("Bộ Công Thương và Chủ tịch UBND tỉnh") == ["Bộ Công Thương", "Chủ tịch UBND tỉnh"]
    office = "Văn phòng Đoàn ĐBQH, HĐND và UBND tỉnh"
    assert split_units(f"{office}; Sở Công Thương") != [office, "Sở Công Thương"]
    assert split_units(f"{office}; Sở Công Thương", known_unit_names=[office]) == [office, "Sở Công Thương"]


def test_known_unit_names_reach_the_tasks():
    office = "Văn phòng Đoàn ĐBQH, HĐND và UBND tỉnh"
    text = HT_PLAN.replace("Phối hợp với Sở Thông tin và Truyền thông, Đài PT-TH tỉnh tuyên truyền",
                           f"Phối hợp với {office}, Đài PT-TH tỉnh tuyên truyền")
    p = parse_plan_text(text, known_unit_names=[office])
    task = next(t for t in p.iter_tasks() if t.key == "II.3.b")
    assert task.coordinating_units == [office, "Đài PT-TH tỉnh"]


# --- what is not a plan -----------------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "",
    "   \n\n\t ",
    "Hôm nay trời đẹp. Chúng tôi đi chơi công viên và ăn kem. Buổi chiều cả nhà về thăm ông bà ở quê.",
    "Danh sách đi chợ:\n1. Gạo 10 kg\n2. Trứng gà\n3. Rau muống\n4. Nước mắm",
    "The quick brown fox jumps over the lazy dog.\n" * 50,
])
def test_not_a_plan(text):
    with pytest.raises(PlanParseError) as info:
        parse_plan_text(text)
    message = info.value.message_vi
    assert message.startswith("Không nhận ra cấu trúc kế hoạch")
    assert str(info.value) == message


def test_too_long_and_wrong_type():
    with pytest.raises(PlanParseError, match="quá dài"):
        parse_plan_text("a" * 2_000_001)
    with pytest.raises(PlanParseError):
        parse_plan_text(None)  # type: ignore[arg-type]
    assert issubclass(PlanParseError, Exception)
