"""The searches the benchmark sends: what people type into a catalogue search box, with and without
diacritics, one to three words, some with a typo, combined with filters and pages so that no request
is the same as the one before it."""

from __future__ import annotations

import random
from dataclasses import dataclass
from urllib.parse import urlencode

# Typed without diacritics (most phone users), folded.
FOLDED = [
    "banh gai", "dac san", "keo cu do", "nem chua", "mat ong", "nuoc mam", "che xanh", "gao tam", "ruou nep",
    "ca phe", "mam tom", "tinh bot nghe", "keo lac", "banh chung", "cha ca", "buoi dien", "cam vinh", "mut gung",
    "tra sen", "chieu coi", "non la", "lua to tam", "dac san thanh hoa", "nem chua thanh hoa", "mat ong rung",
    "keo cu do ha tinh", "nuoc mam phu quoc", "che shan tuyet", "gom bat trang", "thit trau gac bep", "banh",
    "keo", "mam", "gao", "ruou", "tra", "mien dong", "muc mot nang", "hat dieu", "tuong ban", "banh da",
    "gio lua", "xoai", "vai thieu", "nhan long", "tinh dau", "tho cam", "cao duoc lieu", "bot nghe", "ca phe hat",
]
# Typed with diacritics, as the product is written.
UNFOLDED = [
    "Bánh gai", "Đặc sản", "Kẹo cu đơ", "Nem chua Thanh Hóa", "Mật ong", "nước mắm", "chè", "Gạo nếp cái hoa vàng",
    "Rượu", "Cà phê rang xay", "Bưởi Phúc Trạch", "Mắm tép", "Đặc sản Hà Tĩnh", "Bánh đậu xanh", "Chả mực",
    "Hạt tiêu", "Trà hoa vàng", "Lụa tơ tằm", "Nón lá", "Mứt sen", "Miến dong", "Rượu Bàu Đá", "Đặc sản Nghệ An",
    "Bánh cáy", "kẹo dừa", "Ô mai", "Lan hồ điệp", "Tinh dầu tràm", "Gốm", "đũa tre",
]
# With a typo (a slipped key, swapped or missing letters).
TYPOS = [
    "keo cu dp", "bnah gai", "nem chau", "mat ogn", "nuoc mma", "ca phr", "chr xanh", "dac sna", "banh gia",
    "mut gunng", "ruou nepp", "gao taam", "tra seen", "keo lacc", "hat tieeu", "chieu coii",
]
TEST_QUERIES = ["dac san", "keo cu do", "banh gai"]


@dataclass(frozen=True)
class Spec:
    q: str
    province: str | None = None  # HangViet code
    province_name: str | None = None  # the same province as Datasette stores it
    category: str | None = None  # an OCOP product set code
    category_name: str | None = None
    page: int = 1

    def hangviet_path(self, facets: str = "province,category") -> str:
        params = {"q": self.q, "facets": facets}
        if self.province:
            params["province"] = self.province
        if self.category:
            params["category"] = self.category
        if self.page > 1:
            params["page"] = self.page
        return "/api/v1/catalog/products?" + urlencode(params)

    def datasette_path(self, db: str = "catalog", table: str = "products") -> str:
        params = [("_search", self.q), ("_facet", "province"), ("_facet", "category"), ("_size", "20")]
        if self.province_name:
            params.append(("province", self.province_name))
        if self.category_name:
            params.append(("category", self.category_name))
        return f"/{db}/{table}.json?" + urlencode(params)


def specs(n: int, *, provinces: list[tuple[str, str]], categories: list[tuple[str, str]], pages: bool = True,
          seed: int = 7) -> list[Spec]:
    """n request specs, consecutive ones always different. About 60% plain searches, 25% with a
    province, 15% with a product set; pages 1-5 when `pages` is set (the HangViet-only runs)."""
    rng = random.Random(seed)
    pool = FOLDED * 2 + UNFOLDED + TYPOS
    out: list[Spec] = []
    while len(out) < n:
        q = rng.choice(pool)
        roll = rng.random()
        province = category = None
        if roll < 0.25:
            province = rng.choice(provinces)
        elif roll < 0.40:
            category = rng.choice(categories)
        page = 1
        if pages and rng.random() < 0.3:
            page = rng.randint(2, 5)
        spec = Spec(q=q, province=province[0] if province else None, province_name=province[1] if province else None,
                    category=category[0] if category else None, category_name=category[1] if category else None,
                    page=page)
        if out and out[-1] == spec:
            continue
        out.append(spec)
    return out
