import datetime as dt

import pytest

from hangviet.core import workdays
from hangviet.core.deadlines import today
from hangviet.promotions.services import ItemData, PrizeData, ProgrammeData


def tet_data(**overrides) -> ProgrammeData:
    start = workdays.add_working_days(today(), 10)
    data = ProgrammeData(
        name="Khuyến mại Tết Nem chua Xứ Thanh",
        forms=["discounts", "lucky_draws"],
        procedure="register",
        starts_on=start,
        ends_on=start + dt.timedelta(days=30),
        province_codes=["38"],
        outlets="Cửa hàng số 1, phường Hạc Thành",
        customers="Mọi khách hàng mua từ 200.000 đồng",
        terms="Mỗi hóa đơn từ 200.000 đồng nhận một phiếu bốc thăm; trao giải trong 30 ngày.",
        draw_date=start + dt.timedelta(days=31),
        draw_place="Trụ sở công ty, Thanh Hóa",
        items=[ItemData(name="Nem chua Thanh Hóa hộp 500g", unit_price=100000, discount_percent=30, quantity=1000)],
        prizes=[PrizeData(rank="Giải nhất", description="Xe máy", value=20000000, quantity=1),
                PrizeData(rank="Giải nhì", description="Nồi cơm điện", value=1000000, quantity=5)],
    )
    for key, value in overrides.items():
        setattr(data, key, value)
    return data


@pytest.fixture
def tet():
    return tet_data
