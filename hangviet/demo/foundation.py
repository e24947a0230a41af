"""Demo data of the foundation: places, the agencies and units the two seed plans name, one account
per role, and some businesses with valid tax codes. Idempotent: running it again changes nothing."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F

from hangviet.agencies.models import Agency, AgencyKind, Role, User
from hangviet.businesses.models import Business, BusinessKind, BusinessStatus
from hangviet.core.validators import make_tax_code
from hangviet.places.loader import load_all
from hangviet.places.models import Place

DEMO_PASSWORD = "HangViet@2026"
TH, HT = "38", "42"  # Thanh Hóa, Hà Tĩnh

# (name, short name, abbreviations, kind, parent name or None, place code or district name, focal?)
AGENCIES: list[tuple[str, str, str, str, str | None, str, bool]] = [
    ("Ủy ban nhân dân tỉnh Thanh Hóa", "UBND tỉnh Thanh Hóa", "UBND tỉnh", AgencyKind.PEOPLES_COMMITTEE, None, TH, False),
    ("Sở Công Thương tỉnh Thanh Hóa", "Sở Công Thương", "SCT; Sở CT", AgencyKind.DEPARTMENT, "Ủy ban nhân dân tỉnh Thanh Hóa", TH, False),
    ("Phòng Quản lý thương mại", "Phòng QLTM", "QLTM; Phòng Quản lý Thương mại", AgencyKind.UNIT, "Sở Công Thương tỉnh Thanh Hóa", TH, True),
    ("Phòng Quản lý công nghiệp", "Phòng QLCN", "QLCN", AgencyKind.UNIT, "Sở Công Thương tỉnh Thanh Hóa", TH, False),
    ("Phòng Quản lý Xuất nhập khẩu", "Phòng QL XNK", "QLXNK; Phòng XNK", AgencyKind.UNIT, "Sở Công Thương tỉnh Thanh Hóa", TH, False),
    ("Phòng Kế hoạch - Tài chính - Tổng hợp", "Phòng KH-TC-TH", "KHTCTH", AgencyKind.UNIT, "Sở Công Thương tỉnh Thanh Hóa", TH, False),
    ("Thanh tra Sở Công Thương", "Thanh tra Sở", "TTS", AgencyKind.UNIT, "Sở Công Thương tỉnh Thanh Hóa", TH, False),
    ("Văn phòng Sở Công Thương", "Văn phòng Sở", "VPS", AgencyKind.UNIT, "Sở Công Thương tỉnh Thanh Hóa", TH, False),
    ("Trung tâm Khuyến công và Tiết kiệm năng lượng", "Trung tâm Khuyến công", "TTKC; TTKC&TKNL", AgencyKind.CENTER, "Sở Công Thương tỉnh Thanh Hóa", TH, False),
    ("Bộ phận Quản trị mạng Sở Công Thương", "Bộ phận Quản trị mạng", "", AgencyKind.UNIT, "Sở Công Thương tỉnh Thanh Hóa", TH, False),
    ("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Thanh Hóa", "Ủy ban MTTQ tỉnh", "UBMTTQ tỉnh; MTTQ tỉnh", AgencyKind.FRONT, None, TH, False),
    ("Cục Quản lý thị trường tỉnh Thanh Hóa", "Cục QLTT", "QLTT; Cục Quản lý thị trường", AgencyKind.MARKET_SURVEILLANCE, None, TH, False),
    ("Sở Y tế tỉnh Thanh Hóa", "Sở Y tế", "SYT", AgencyKind.DEPARTMENT, "Ủy ban nhân dân tỉnh Thanh Hóa", TH, False),
    ("Sở Khoa học và Công nghệ tỉnh Thanh Hóa", "Sở KH&CN", "Sở KH và CN; Sở KHCN", AgencyKind.DEPARTMENT, "Ủy ban nhân dân tỉnh Thanh Hóa", TH, False),
    ("Sở Nông nghiệp và Phát triển nông thôn tỉnh Thanh Hóa", "Sở NN&PTNT", "Sở NN và PTNT; Sở NNPTNT", AgencyKind.DEPARTMENT, "Ủy ban nhân dân tỉnh Thanh Hóa", TH, False),
    ("Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch tỉnh Thanh Hóa", "Trung tâm XTĐT-TM-DL", "Trung tâm Xúc tiến Đầu tư-Thương mại-Du lịch", AgencyKind.CENTER, "Ủy ban nhân dân tỉnh Thanh Hóa", TH, False),
    ("Chi cục Tiêu chuẩn Đo lường Chất lượng", "Chi cục TĐC", "Chi cục TCĐLCL", AgencyKind.CENTER, "Sở Khoa học và Công nghệ tỉnh Thanh Hóa", TH, False),
    ("Chi cục An toàn vệ sinh thực phẩm", "Chi cục ATVSTP", "Chi cục ATTP", AgencyKind.CENTER, "Sở Y tế tỉnh Thanh Hóa", TH, False),
    ("Văn phòng Điều phối về vệ sinh an toàn thực phẩm", "VP Điều phối ATTP", "", AgencyKind.UNIT, "Ủy ban nhân dân tỉnh Thanh Hóa", TH, False),
    ("Hội Tiêu chuẩn và Bảo vệ người tiêu dùng tỉnh Thanh Hóa", "Hội TC&BVNTD", "Hội BVNTD", AgencyKind.ASSOCIATION, None, TH, False),
    ("Báo Thanh Hóa", "Báo Thanh Hóa", "", AgencyKind.PRESS, None, TH, False),
    ("Đài Phát thanh và Truyền hình tỉnh Thanh Hóa", "Đài PT-TH tỉnh", "Đài PTTH; Đài Phát thanh - Truyền hình", AgencyKind.PRESS, None, TH, False),
    ("Ủy ban nhân dân huyện Thường Xuân", "UBND huyện Thường Xuân", "", AgencyKind.PEOPLES_COMMITTEE, None, "Huyện Thường Xuân", False),
    ("Ủy ban nhân dân thành phố Sầm Sơn", "UBND TP Sầm Sơn", "", AgencyKind.PEOPLES_COMMITTEE, None, "Thành phố Sầm Sơn", False),
    # Hà Tĩnh and the district of Cẩm Xuyên (before July 2025)
    ("Ủy ban nhân dân tỉnh Hà Tĩnh", "UBND tỉnh Hà Tĩnh", "", AgencyKind.PEOPLES_COMMITTEE, None, HT, False),
    ("Sở Công Thương tỉnh Hà Tĩnh", "Sở Công Thương Hà Tĩnh", "SCT Hà Tĩnh", AgencyKind.DEPARTMENT, "Ủy ban nhân dân tỉnh Hà Tĩnh", HT, False),
    ("Ủy ban nhân dân huyện Cẩm Xuyên", "UBND huyện Cẩm Xuyên", "UBND huyện", AgencyKind.PEOPLES_COMMITTEE, None, "Huyện Cẩm Xuyên", False),
    ("Phòng Kinh tế và Hạ tầng huyện Cẩm Xuyên", "Phòng Kinh tế & Hạ tầng", "Phòng KT&HT; Phòng KTHT; phòng Kinh tế & Hạ tầng", AgencyKind.UNIT, "Ủy ban nhân dân huyện Cẩm Xuyên", "Huyện Cẩm Xuyên", True),
    ("Phòng Tài chính - Kế hoạch huyện Cẩm Xuyên", "Phòng Tài chính - Kế hoạch", "Phòng TC-KH; Phòng Tài chính- Kế hoạch", AgencyKind.UNIT, "Ủy ban nhân dân huyện Cẩm Xuyên", "Huyện Cẩm Xuyên", False),
    ("Phòng Văn hóa - Thông tin huyện Cẩm Xuyên", "Phòng Văn hóa - Thông tin", "Phòng VH-TT; phòng Văn hóa- Thông tin", AgencyKind.UNIT, "Ủy ban nhân dân huyện Cẩm Xuyên", "Huyện Cẩm Xuyên", False),
    ("Trung tâm Văn hóa - Truyền thông huyện Cẩm Xuyên", "Trung tâm Văn hóa - TT huyện", "Trung tâm VH-TT; Trung tâm Văn hóa- TT", AgencyKind.CENTER, "Ủy ban nhân dân huyện Cẩm Xuyên", "Huyện Cẩm Xuyên", False),
    ("Phòng Nông nghiệp và Phát triển nông thôn huyện Cẩm Xuyên", "Phòng NN&PTNT", "Phòng NN và PTNT", AgencyKind.UNIT, "Ủy ban nhân dân huyện Cẩm Xuyên", "Huyện Cẩm Xuyên", False),
    ("Ủy ban Mặt trận Tổ quốc Việt Nam huyện Cẩm Xuyên", "Ủy ban MTTQ huyện", "UBMTTQ huyện; Mặt trận Tổ quốc huyện", AgencyKind.FRONT, None, "Huyện Cẩm Xuyên", False),
    ("Ủy ban nhân dân thị trấn Thiên Cầm", "UBND TT Thiên Cầm", "", AgencyKind.PEOPLES_COMMITTEE, "Ủy ban nhân dân huyện Cẩm Xuyên", "Thị trấn Thiên Cầm", False),
    ("Ủy ban nhân dân xã Cẩm Bình", "UBND xã Cẩm Bình", "", AgencyKind.PEOPLES_COMMITTEE, "Ủy ban nhân dân huyện Cẩm Xuyên", "Xã Cẩm Bình", False),
]

# username, full name, role, agency name, scope place (None = agency's place)
ACCOUNTS = [
    ("admin", "Quản trị hệ thống", Role.ADMIN, None),
    ("lanhdao.sct", "Nguyễn Văn Thành (Phó Giám đốc Sở)", Role.LEADER, "Sở Công Thương tỉnh Thanh Hóa"),
    ("daumoi.qltm", "Lê Thị Hoa (Phòng QLTM)", Role.FOCAL, "Phòng Quản lý thương mại"),
    ("canbo.qlcn", "Trần Minh Đức (Phòng QLCN)", Role.OFFICER, "Phòng Quản lý công nghiệp"),
    ("phoihop.mttq", "Phạm Thu Hà (UB MTTQ tỉnh)", Role.COORDINATOR, "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Thanh Hóa"),
    ("daumoi.camxuyen", "Hoàng Văn Cường (Phòng KT&HT Cẩm Xuyên)", Role.FOCAL, "Phòng Kinh tế và Hạ tầng huyện Cẩm Xuyên"),
    ("canbo.thiencam", "Đặng Thị Lan (UBND TT Thiên Cầm)", Role.OFFICER, "Ủy ban nhân dân thị trấn Thiên Cầm"),
    ("doanhnghiep", "Nguyễn Thị Mai (Công ty Nem chua Thanh Hóa)", Role.BUSINESS, None),
]

# name, kind, district/commune name (historical or today's), representative, sector, nine digits
BUSINESSES = [
    ("Công ty TNHH Nem chua Thanh Hóa Xứ Thanh", BusinessKind.ENTERPRISE, TH, "Nguyễn Thị Mai", "Chế biến thực phẩm", "280012345"),
    ("Hợp tác xã Bánh gai Tứ Trụ", BusinessKind.COOPERATIVE, TH, "Lê Văn Tứ", "Bánh kẹo truyền thống", "280054321"),
    ("Cơ sở Kẹo lạc Nga Sơn", BusinessKind.HOUSEHOLD, TH, "Mai Thị Nga", "Bánh kẹo truyền thống", "280077777"),
    ("Công ty Cổ phần Chè Thường Xuân", BusinessKind.ENTERPRISE, "Huyện Thường Xuân", "Cầm Bá Xuân", "Chè, đồ uống", "280099881"),
    ("Hợp tác xã Nước mắm Sầm Sơn", BusinessKind.COOPERATIVE, "Thành phố Sầm Sơn", "Trần Văn Biển", "Thủy sản chế biến", "280066661"),
    ("Hợp tác xã Kẹo cu đơ Hà Tĩnh", BusinessKind.COOPERATIVE, HT, "Phan Thị Đơ", "Bánh kẹo truyền thống", "300011112"),
    ("Tổ hợp tác Nấm sạch Cẩm Bình", BusinessKind.COOPERATIVE_GROUP, "Xã Cẩm Bình", "Võ Văn Nấm", "Nông sản", "300022223"),
    ("Công ty TNHH Du lịch Thiên Cầm Xanh", BusinessKind.ENTERPRISE, "Thị trấn Thiên Cầm", "Đinh Thị Cầm", "Du lịch, dịch vụ", "300033334"),
]


def _place(ref: str) -> Place:
    if ref.isdigit():
        return Place.objects.get(code=ref)
    return Place.objects.filter(name=ref).order_by(F("valid_to").desc(nulls_last=True)).first() or Place.objects.get(name=ref)


def _commune_of(ref: str) -> Place:
    place = _place(ref)
    if place.level == "province":
        return Place.objects.filter(parent=place, level="commune").order_by("code").first()
    if place.level == "district":
        child = place.children.order_by("code").first()
        return child or place.successors.first() or place
    return place


def _valid_tax(nine: str) -> str:
    value = int(nine)
    while True:
        try:
            return make_tax_code(f"{value:09d}")
        except ValueError:
            value += 1


@transaction.atomic
def load(stdout=None) -> dict:
    counts = load_all()
    by_name: dict[str, Agency] = {}
    for name, short, abbr, kind, parent, place_ref, focal in AGENCIES:
        agency, _ = Agency.objects.update_or_create(
            name=name,
            defaults=dict(short_name=short, abbreviations=abbr, kind=kind, parent=by_name.get(parent) if parent else None,
                          place=_place(place_ref), is_focal_point=focal),
        )
        by_name[name] = agency
    businesses = []
    for name, kind, place_ref, rep, sector, nine in BUSINESSES:
        business, _ = Business.objects.update_or_create(
            tax_code=_valid_tax(nine),
            defaults=dict(name=name, kind=kind, place=_commune_of(place_ref), representative=rep, sector=sector,
                          phone="0912345678", status=BusinessStatus.APPROVED,
                          address=f"{_commune_of(place_ref).name}, {_place(place_ref).province.name if _place(place_ref).province_id else ''}"),
        )
        businesses.append(business)
    for username, full_name, role, agency_name in ACCOUNTS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username)
            user.set_password(DEMO_PASSWORD)
        user.full_name = full_name
        user.role = role
        user.email = f"{username}@demo.hangviet.vn"
        user.agency = by_name.get(agency_name) if agency_name else None
        user.business = businesses[0] if role == Role.BUSINESS else None
        user.is_active = True
        user.save()
    if stdout:
        stdout.write(f"  Địa bàn: {counts['provinces']} tỉnh/thành, {counts['communes']} xã/phường; "
                     f"{len(by_name)} cơ quan, đơn vị; {len(businesses)} doanh nghiệp; {len(ACCOUNTS)} tài khoản.\n")
    return {"agencies": len(by_name), "businesses": len(businesses)}
