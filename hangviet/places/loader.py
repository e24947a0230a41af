"""Load today's units from the `vietnam-provinces` package and the historical units the seed plans
name (idempotent: run it as often as you like)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from vietnam_provinces import Province, Ward

from hangviet.core.text import fold

from .models import Level, Place

REFORM_DAY = dt.date(2025, 7, 1)
LAST_OLD_DAY = dt.date(2025, 6, 30)

# Districts, towns and cities of the two seed provinces before the 2025 reform (province code -> names).
HISTORICAL_DISTRICTS: dict[str, list[tuple[str, str]]] = {
    "38": [  # Thanh Hóa
        ("thành phố", "Thanh Hóa"), ("thành phố", "Sầm Sơn"), ("thị xã", "Bỉm Sơn"), ("thị xã", "Nghi Sơn"),
        ("huyện", "Mường Lát"), ("huyện", "Quan Hóa"), ("huyện", "Bá Thước"), ("huyện", "Quan Sơn"),
        ("huyện", "Lang Chánh"), ("huyện", "Ngọc Lặc"), ("huyện", "Cẩm Thủy"), ("huyện", "Thạch Thành"),
        ("huyện", "Hà Trung"), ("huyện", "Vĩnh Lộc"), ("huyện", "Yên Định"), ("huyện", "Thọ Xuân"),
        ("huyện", "Thường Xuân"), ("huyện", "Triệu Sơn"), ("huyện", "Thiệu Hóa"), ("huyện", "Hoằng Hóa"),
        ("huyện", "Hậu Lộc"), ("huyện", "Nga Sơn"), ("huyện", "Như Xuân"), ("huyện", "Như Thanh"),
        ("huyện", "Nông Cống"), ("huyện", "Đông Sơn"), ("huyện", "Quảng Xương"),
    ],
    "42": [  # Hà Tĩnh
        ("thành phố", "Hà Tĩnh"), ("thị xã", "Hồng Lĩnh"), ("thị xã", "Kỳ Anh"), ("huyện", "Hương Sơn"),
        ("huyện", "Đức Thọ"), ("huyện", "Vũ Quang"), ("huyện", "Nghi Xuân"), ("huyện", "Can Lộc"),
        ("huyện", "Hương Khê"), ("huyện", "Thạch Hà"), ("huyện", "Cẩm Xuyên"), ("huyện", "Kỳ Anh"),
        ("huyện", "Lộc Hà"),
    ],
}
# Communes of Huyện Cẩm Xuyên named in its plan's demo records (before the reform) -> today's commune name.
HISTORICAL_COMMUNES: dict[tuple[str, str], list[tuple[str, str, str]]] = {
    ("42", "Cẩm Xuyên"): [
        ("thị trấn", "Cẩm Xuyên", "Cẩm Xuyên"), ("thị trấn", "Thiên Cầm", "Thiên Cầm"),
        ("xã", "Cẩm Bình", "Cẩm Bình"), ("xã", "Cẩm Hưng", "Cẩm Hưng"), ("xã", "Cẩm Duệ", "Cẩm Duệ"),
    ],
    ("38", "Thường Xuân"): [("thị trấn", "Thường Xuân", "Thường Xuân")],
}
_PREFIX = {"thành phố": "Thành phố", "thị xã": "Thị xã", "huyện": "Huyện", "thị trấn": "Thị trấn", "xã": "Xã"}


def _division_label(division_type) -> str:
    value = getattr(division_type, "value", division_type)
    return str(value)


@transaction.atomic
def load_current_units() -> tuple[int, int]:
    existing = set(Place.objects.values_list("code", flat=True))
    provinces, communes = [], []
    for p in Province.iter_all():
        code = f"{int(p.code):02d}"
        provinces.append(Place(code=code, name=p.name if p.name.startswith(("Thành phố", "Tỉnh")) else f"Tỉnh {p.name}",
                               division_type=_division_label(p.division_type), level=Level.PROVINCE,
                               province_id=code, valid_from=REFORM_DAY, search_key=""))
    for place in provinces:
        place.search_key = fold(place.name)
    Place.objects.bulk_create([p for p in provinces if p.code not in existing], batch_size=500)
    for w in Ward.iter_all():
        code = f"{int(w.code):05d}"
        pcode = f"{int(w.province_code):02d}"
        communes.append(Place(code=code, name=w.name, division_type=_division_label(w.division_type),
                              level=Level.COMMUNE, parent_id=pcode, province_id=pcode, valid_from=REFORM_DAY,
                              search_key=fold(w.name)))
    Place.objects.bulk_create([c for c in communes if c.code not in existing], batch_size=1000)
    return len(provinces), len(communes)


@transaction.atomic
def load_historical_units() -> int:
    created = 0
    for pcode, districts in HISTORICAL_DISTRICTS.items():
        today_communes = {fold(c.name.split(" ", 1)[1]): c for c in Place.objects.filter(parent_id=pcode, level=Level.COMMUNE)}
        for index, (kind, name) in enumerate(districts, start=1):
            code = f"H{pcode}{index:03d}"
            full = f"{_PREFIX[kind]} {name}"
            district, was_created = Place.objects.update_or_create(
                code=code,
                defaults=dict(name=full, division_type=kind, level=Level.DISTRICT, parent_id=pcode, province_id=pcode,
                              valid_to=LAST_OLD_DAY),
            )
            created += was_created
            heir = today_communes.get(fold(name))
            if heir is not None:
                district.successors.add(heir)
            for cindex, (ckind, cname, heir_name) in enumerate(HISTORICAL_COMMUNES.get((pcode, name), []), start=1):
                commune, c_created = Place.objects.update_or_create(
                    code=f"{code}{cindex:02d}",
                    defaults=dict(name=f"{_PREFIX[ckind]} {cname}", division_type=ckind, level=Level.COMMUNE,
                                  parent=district, province_id=pcode, valid_to=LAST_OLD_DAY),
                )
                created += c_created
                successor = today_communes.get(fold(heir_name))
                if successor is not None:
                    commune.successors.add(successor)
    return created


def load_all() -> dict[str, int]:
    provinces, communes = load_current_units()
    historical = load_historical_units()
    return {"provinces": provinces, "communes": communes, "historical_created": historical}
