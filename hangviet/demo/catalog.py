"""Demo catalogue: the products the seed plans name (nem chua, bánh gai, kẹo lạc of Thanh Hóa, kẹo cu
đơ of Hà Tĩnh …) with their producers and OCOP certificates (one about to expire, one expired), and a
generated catalogue of a few thousand products across the provinces so that search and facets mean
something. Idempotent: seeded products are keyed by code, the generated set is made once."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from hangviet.agencies.models import Role
from hangviet.agencies.scope import Scope
from hangviet.businesses.models import Business, BusinessKind, BusinessStatus
from hangviet.catalog import services
from hangviet.catalog.models import (
    Category,
    OcopCertificate,
    Product,
    ProductStatus,
    normalise_certificate_number,
)
from hangviet.catalog.search import index_terms
from hangviet.core.text import fold
from hangviet.core.validators import make_tax_code
from hangviet.places.models import Place

SYSTEM = Scope(user=None, role=Role.ADMIN)

# code, producer name, product name, category, description, unit, price, (score a, b, c), months since decision
SEEDED = [
    ("DEMO-TH-NEMCHUA", "Công ty TNHH Nem chua Thanh Hóa Xứ Thanh", "Nem chua Thanh Hóa", "I.3.2",
     "Nem chua làm từ thịt lợn tươi, bì lợn, tỏi, ớt và lá ổi, gói lá chuối; đặc sản xứ Thanh.", "chục", 50000, (34, 20, 28), 10),
    ("DEMO-TH-BANHGAI", "Hợp tác xã Bánh gai Tứ Trụ", "Bánh gai Tứ Trụ", "I.3.1",
     "Bánh gai nhân đỗ xanh, dừa, vừng và mỡ lợn, gói lá chuối khô theo cách làm truyền thống làng Tứ Trụ.", "cái", 8000, (33, 21, 27), 20),
    ("DEMO-TH-KEOLAC", "Cơ sở Kẹo lạc Nga Sơn", "Kẹo lạc Nga Sơn", "I.3.1",
     "Kẹo lạc rang giòn với mật mía, gừng; đóng hộp 300 g.", "hộp", 35000, (28, 16, 22), 34),
    ("DEMO-TH-CHEXANH", "Công ty Cổ phần Chè Thường Xuân", "Chè xanh Thường Xuân", "I.5.1",
     "Chè búp xanh sao khô vùng núi Thường Xuân, nước xanh, vị chát dịu, hậu ngọt.", "gói 200 g", 90000, (30, 18, 24), 40),
    ("DEMO-TH-NUOCMAM", "Hợp tác xã Nước mắm Sầm Sơn", "Nước mắm cá cơm Sầm Sơn", "I.4.1",
     "Nước mắm cốt cá cơm ủ chượp 12 tháng trong thùng gỗ, độ đạm 35°N.", "chai 500 ml", 75000, (35, 21, 29), 6),
    ("DEMO-HT-KEOCUDO", "Hợp tác xã Kẹo cu đơ Hà Tĩnh", "Kẹo cu đơ Hà Tĩnh", "I.3.1",
     "Kẹo cu đơ làm từ lạc, mật mía, gừng, kẹp giữa hai lớp bánh tráng; đặc sản Hà Tĩnh.", "gói", 45000, (36, 22, 30), 14),
    ("DEMO-HT-NAMSACH", "Tổ hợp tác Nấm sạch Cẩm Bình", "Nấm sò tươi Cẩm Bình", "I.1.1",
     "Nấm sò trồng trên rơm sạch, thu hái trong ngày, đạt VietGAP.", "kg", 60000, (27, 17, 24), 3),
    ("DEMO-HT-THIENCAM", "Công ty TNHH Du lịch Thiên Cầm Xanh", "Du lịch biển Thiên Cầm", "VI.1.1",
     "Dịch vụ du lịch cộng đồng biển Thiên Cầm: lưu trú, ẩm thực hải sản, trải nghiệm nghề biển.", "lượt", None, None, 0),
]

# For the generated catalogue: product kinds per category, qualifiers and descriptions.
KINDS = {
    "I.3.1": ["Bánh gai", "Bánh đa", "Bánh cốm", "Kẹo lạc", "Kẹo dừa", "Mứt gừng", "Bánh khảo", "Bánh phu thê", "Bánh chưng"],
    "I.3.2": ["Nem chua", "Chả cá", "Giò lụa", "Mắm tôm", "Ruốc tôm", "Chả mực", "Lạp xưởng", "Mắm tép"],
    "I.3.3": ["Miến dong", "Bún khô", "Phở khô", "Măng khô", "Mộc nhĩ", "Tinh bột nghệ"],
    "I.2.1": ["Gạo Séng Cù", "Gạo nếp cái hoa vàng", "Gạo tám thơm", "Gạo lứt đỏ", "Ngô nếp"],
    "I.2.2": ["Mật ong rừng", "Mật ong hoa nhãn", "Mật ong bạc hà", "Sáp ong"],
    "I.1.1": ["Bưởi Diễn", "Cam Vinh", "Nhãn lồng", "Vải thiều", "Dưa hấu", "Nấm sò", "Rau cải", "Bưởi Phúc Trạch"],
    "I.4.1": ["Nước mắm cá cơm", "Tương bần", "Nước mắm nhĩ"],
    "I.4.2": ["Muối vừng", "Tiêu đen", "Ớt bột", "Muối tôm"],
    "I.5.1": ["Chè xanh", "Chè búp", "Trà shan tuyết", "Chè móc câu"],
    "I.6.1": ["Cà phê rang xay", "Cà phê hạt", "Ca cao bột"],
    "II.1.1": ["Rượu nếp cái", "Rượu ngô men lá", "Rượu làng Vân"],
    "II.2.2": ["Nước cốt chanh leo", "Nước ép dứa", "Sữa đậu nành"],
    "III.3.1": ["Trà hoa vàng", "Trà túi lọc atiso", "Cao lá vằng", "Trà dây"],
    "III.2.1": ["Tinh dầu sả chanh", "Dầu gội bồ kết", "Xà phòng thảo dược"],
    "IV.1.1": ["Chiếu cói", "Giỏ mây tre đan", "Gốm Bát Tràng", "Tranh sơn mài", "Nón lá"],
    "IV.2.1": ["Thổ cẩm", "Lụa tơ tằm", "Khăn dệt"],
    "V.1.1": ["Lan rừng", "Bonsai", "Đào cảnh"],
    "G01": ["Nước giặt", "Giấy vệ sinh", "Bột giặt"],
    "G03": ["Áo sơ mi", "Giày da", "Túi xách"],
    "G04": ["Quạt điện", "Nồi cơm điện", "Bóng đèn LED"],
}
QUALIFIERS = ["đặc sản", "truyền thống", "thượng hạng", "loại 1", "hữu cơ", "sạch", "gia truyền", "làng nghề", "cao cấp", ""]
PHRASES = [
    "Sản phẩm của {producer}, làm từ nguyên liệu địa phương.",
    "Đặc sản nổi tiếng của {place}, được người tiêu dùng tin dùng.",
    "Quy trình sản xuất khép kín, bảo đảm an toàn thực phẩm.",
    "Đóng gói tiện lợi, phù hợp làm quà biếu.",
    "Được bày bán tại các điểm bán hàng Việt và chợ phiên hàng Việt về nông thôn.",
    "Có truy xuất nguồn gốc bằng mã QR.",
]
PRODUCER_PREFIX = [("Hợp tác xã", BusinessKind.COOPERATIVE), ("Công ty TNHH", BusinessKind.ENTERPRISE),
                   ("Hộ kinh doanh", BusinessKind.HOUSEHOLD), ("Tổ hợp tác", BusinessKind.COOPERATIVE_GROUP),
                   ("Công ty Cổ phần", BusinessKind.ENTERPRISE)]
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hạnh", "Hùng", "Lan", "Linh", "Minh", "Nga", "Phúc", "Quỳnh", "Sơn", "Thảo", "Tâm", "Đức"]


def _seed(stdout) -> int:
    today = timezone.localdate()
    made = 0
    for code, producer_name, name, category, description, unit, price, score, months in SEEDED:
        producer = Business.objects.filter(name=producer_name).first()
        if producer is None or Product.objects.filter(code=code).exists():
            continue
        product = services.product_create(scope=SYSTEM, producer_id=producer.pk, data={
            "code": code, "name": name, "category": category, "description": description, "unit": unit,
            "price_vnd": price, "where_sold": "Cửa hàng giới thiệu sản phẩm OCOP của tỉnh; điểm bán hàng Việt Nam.",
            "ecommerce_links": ["https://postmart.vn", "https://voso.vn"]})
        services.product_publish(scope=SYSTEM, product_id=product.pk, note="Dữ liệu mẫu")
        if score:
            decision = services.add_months(today, -months)
            if months >= 36:  # an older product: its certificate has lapsed (stars no longer shown)
                decision = services.add_months(today, -37)
            services.certificate_issue(
                scope=SYSTEM, product_id=product.pk, number=f"{code[5:]}/GCN-OCOP", decision_number=f"{100 + made}/QĐ-UBND",
                decision_date=decision, score_a=score[0], score_b=score[1], score_c=score[2],
                issuing_authority="Ủy ban nhân dân tỉnh Thanh Hóa" if "-TH-" in code else "Ủy ban nhân dân tỉnh Hà Tĩnh")
        made += 1
    services.certificates_refresh(today=today)
    return made


def generate(*, products: int, producers: int, seed: int = 2026, code_prefix: str = "GEN") -> tuple[int, int]:
    """Bulk-create a realistic catalogue (published products, approved producers) for search to
    work on. Used by the demo (a few thousand) and shaped like the benchmark's data."""
    rng = random.Random(seed)
    communes = list(Place.objects.filter(level="commune", valid_to__isnull=True).select_related("province")
                    .only("code", "name", "province_id", "province__name"))
    categories = {c.pk: c for c in Category.objects.filter(pk__in=KINDS)}
    for category in categories.values():
        category.sector_cached = category.code.split(".")[0]
    start = Business.objects.count() + 1
    businesses = []
    for i in range(producers):
        prefix, kind = rng.choice(PRODUCER_PREFIX)
        place = rng.choice(communes)
        person = f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)}"
        name = f"{prefix} {rng.choice(['Thực phẩm', 'Nông sản', 'Đặc sản', 'Làng nghề', 'Sản xuất'])} {person} {place.name.split(' ', 1)[-1]}"
        tax = make_tax_code(f"{(910000000 + start + i) % 999999999:09d}") if _valid(910000000 + start + i) else None
        if tax is None:
            continue
        businesses.append(Business(tax_code=tax, name=name[:255], kind=kind, place=place, status=BusinessStatus.APPROVED,
                                   address=f"{place.name}, {place.province.name}", sector="Sản xuất, chế biến",
                                   search_key=fold(f"{name} {tax}")))
    Business.objects.bulk_create(businesses, batch_size=1000, ignore_conflicts=True)
    producer_rows = list(Business.objects.filter(tax_code__in=[b.tax_code for b in businesses])
                         .select_related("place", "place__province"))
    now = timezone.now()
    items = []
    codes = list(categories)
    for i in range(products):
        producer = rng.choice(producer_rows)
        category = categories[rng.choice(codes)]
        base = rng.choice(KINDS[category.pk])
        qualifier = rng.choice(QUALIFIERS)
        place = producer.place
        locality = place.name.split(" ", 1)[-1]
        name = " ".join(part for part in (base, qualifier, locality) if part)
        description = " ".join(rng.sample(PHRASES, 2)).format(producer=producer.name, place=place.province.name)
        stars = rng.choices([None, 3, 4, 5], weights=[85, 9, 5, 1])[0]
        product = Product(code=f"{code_prefix}-{i + 1:06d}", name=name, category=category, producer=producer,
                          place=place, description=description, unit=rng.choice(["kg", "hộp", "gói", "chai", "cái"]),
                          price_vnd=rng.randrange(20, 900) * 1000, status=ProductStatus.PUBLISHED, published_at=now,
                          province_id=place.province_id or place.pk, sector=category.sector_cached, stars=stars,
                          producer_kind=producer.kind)
        product.name_key = fold(name)
        product.search_text = fold(" ".join([name, product.code, description, producer.name, place.name, category.name]))
        items.append(product)
    Product.objects.bulk_create(items, batch_size=1000)
    _certify([p for p in items if p.stars], rng)
    index_terms({p.name for p in items} | {b.name for b in producer_rows} | {c.name for c in categories.values()})
    return len(items), len(producer_rows)


def _certify(products: list[Product], rng: random.Random) -> None:
    """Certificates behind the generated stars (issued within the last 30 months, so still in force)."""
    today = timezone.localdate()
    rules = services.rules_on(today)
    certificates = []
    for product in Product.objects.filter(code__in=[p.code for p in products]).only("id", "code", "stars"):
        low = {3: 50, 4: 70, 5: 90}[product.stars]
        score = rng.randrange(low, low + 10 if product.stars < 5 else 100)
        a = min(rules.max_a, round(score * rules.max_a / 100))
        b = min(rules.max_b, round(score * rules.max_b / 100))
        c = score - a - b
        decision = today - dt.timedelta(days=rng.randrange(30, 900))
        number = f"{product.code}/GCN-OCOP"
        certificates.append(OcopCertificate(
            number=number, number_key=normalise_certificate_number(number), product=product, rules=rules,
            score_a=a, score_b=b, score_c=c, score=score, stars=product.stars, decision_number=f"{product.pk}/QĐ-UBND",
            decision_date=decision, issuing_level="central" if product.stars == 5 else "province",
            issuing_authority="Bộ Nông nghiệp và Môi trường" if product.stars == 5 else "Ủy ban nhân dân tỉnh",
            valid_from=decision, valid_until=services.add_months(decision, rules.validity_months) - dt.timedelta(days=1)))
    OcopCertificate.objects.bulk_create(certificates, batch_size=1000)


def _valid(number: int) -> bool:
    try:
        make_tax_code(f"{number % 999999999:09d}")
        return True
    except ValueError:
        return False


@transaction.atomic
def load(stdout=None) -> dict:
    seeded = _seed(stdout)
    generated = 0
    if not Product.objects.filter(code__startswith="GEN-").exists():
        generated, _producers = generate(products=3000, producers=600)
    from hangviet.demo import catalog_domestic

    catalog_domestic.load(stdout=stdout)
    if stdout:
        stdout.write(f"  Danh mục sản phẩm: {Product.objects.count()} sản phẩm "
                     f"({seeded} sản phẩm mẫu mới, {generated} sản phẩm sinh tự động), "
                     f"{OcopCertificate.objects.count()} giấy chứng nhận OCOP.\n")
    return {"products": Product.objects.count()}
