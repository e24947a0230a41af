"""Demo data of the distribution network: Vietnamese-goods sale points, OCOP shops at tourist sites
(Sầm Sơn, Thiên Cầm), markets with their class, supermarkets and a convenience-store chain in the two
seed provinces. Idempotent: outlets are keyed by name."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from hangviet.agencies.models import User
from hangviet.agencies.scope import scope_for
from hangviet.businesses.models import Business
from hangviet.core.text import fold
from hangviet.places.models import Place
from hangviet.retail import services
from hangviet.retail.models import Outlet
from hangviet.retail.services import OutletData


def _place(name: str, province: str) -> Place | None:
    return (Place.objects.filter(name=name, province_id=province).order_by("valid_to").first()
            or Place.objects.filter(province_id=province, level="commune", valid_to__isnull=True,
                                    search_key__contains=fold(name)).first())


def _business(name: str) -> int | None:
    return Business.objects.filter(name=name).values_list("pk", flat=True).first()


# officer, name, kind, place (name, province), address, extra
OUTLETS = [
    ("daumoi.qltm", "Điểm bán hàng Việt Nam – Chợ Vườn Hoa", "market", ("Phường Hạc Thành", "38"), "Phố Lê Lợi",
     dict(market_class="1", label="vn_goods_point", certified_on=dt.date(2023, 9, 15), latitude="19.807500",
          longitude="105.776800", products_note="Nông sản, thực phẩm chế biến, hàng tiêu dùng thiết yếu sản xuất trong nước")),
    ("daumoi.qltm", "Cửa hàng “Tự hào hàng Việt Nam” Sầm Sơn", "ocop_shop", ("Phường Sầm Sơn", "38"),
     "Đại lộ Nam Sông Mã, khu du lịch biển Sầm Sơn",
     dict(label="proud_vn", certified_on=dt.date(2024, 6, 28), tourist_site="Khu du lịch biển Sầm Sơn",
          latitude="19.735400", longitude="105.905200", operator="Hợp tác xã Nước mắm Sầm Sơn",
          products_note="Nước mắm Sầm Sơn\nNem chua Thanh Hóa\nBánh gai Tứ Trụ\nKẹo lạc Nga Sơn")),
    ("daumoi.qltm", "Siêu thị hàng Việt Thanh Hóa", "supermarket", ("Phường Hạc Thành", "38"), "Đại lộ Lê Lợi",
     dict(label="vn_goods_point", certified_on=dt.date(2024, 3, 1), latitude="19.805600", longitude="105.785900",
          chain_name="")),
    ("daumoi.qltm", "Chợ trung tâm Thường Xuân", "market", ("Xã Thường Xuân", "38"), "Khu phố 1",
     dict(market_class="2", latitude="19.903000", longitude="105.345000")),
    ("daumoi.qltm", "Cửa hàng tiện lợi Xứ Thanh – Nga Sơn", "convenience_store", ("Xã Nga Sơn", "38"), "Quốc lộ 10",
     dict(chain_name="Chuỗi cửa hàng tiện lợi Xứ Thanh", operator="Cơ sở Kẹo lạc Nga Sơn")),
    ("daumoi.camxuyen", "Cửa hàng OCOP Khu du lịch biển Thiên Cầm", "ocop_shop", ("Thị trấn Thiên Cầm", "42"),
     "Đường Nguyễn Đình Liễn, khu du lịch biển Thiên Cầm",
     dict(label="proud_vn", certified_on=dt.date(2024, 6, 1), tourist_site="Khu du lịch biển Thiên Cầm",
          latitude="18.255600", longitude="106.109700", operator="Công ty TNHH Du lịch Thiên Cầm Xanh",
          products_note="Kẹo cu đơ Hà Tĩnh\nNấm sạch Cẩm Bình\nNước mắm, hải sản khô")),
    ("daumoi.camxuyen", "Chợ Cẩm Xuyên", "market", ("Xã Cẩm Xuyên", "42"), "Thị trấn Cẩm Xuyên",
     dict(market_class="2", label="proud_vn", certified_on=dt.date(2023, 12, 20), latitude="18.255000",
          longitude="105.993000")),
    ("daumoi.camxuyen", "Siêu thị Cẩm Xuyên", "supermarket", ("Xã Cẩm Xuyên", "42"), "Quốc lộ 1A",
     dict(latitude="18.257500", longitude="105.990500")),
]


@transaction.atomic
def load(stdout=None) -> dict:
    created = 0
    for officer, name, kind, (place_name, province), address, extra in OUTLETS:
        if Outlet.objects.filter(name=name).exists():
            continue
        place = _place(place_name, province)
        if place is None:
            continue
        extra = dict(extra)
        operator = extra.pop("operator", None)
        scope = scope_for(User.objects.get(username=officer))
        services.outlet_create(scope=scope, data=OutletData(
            name=name, kind=kind, place_code=place.code, address=address,
            operator_id=_business(operator) if operator else None, **extra))
        created += 1
    if stdout:
        stdout.write(f"  Điểm bán hàng Việt: {Outlet.objects.exclude(label='').count()} điểm bán trong "
                     f"{Outlet.objects.count()} cơ sở phân phối ({created} mới).\n")
    return {"outlets": created}
