"""Demo data of sales promotions: a Tết call by the Thanh Hóa Department of Industry and Trade, the
first demo business's Tết programme (discount + lucky draw) confirmed and public, a loyalty programme
waiting for review, and a draft. Everything goes through the services (the rules are checked), then the
confirmed programme's dates are moved to today so that the public list shows it as ongoing.
Idempotent: programmes and calls are keyed by name."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from hangviet.agencies.models import User
from hangviet.agencies.scope import scope_for
from hangviet.core import workdays
from hangviet.core.deadlines import today
from hangviet.filings import services as filing_services
from hangviet.promotions import services
from hangviet.promotions.models import Programme, PromotionCall
from hangviet.promotions.services import CallData, ItemData, PrizeData, ProgrammeData

CALL_TITLE = "Khuyến mại tập trung chào Xuân – Tết Nguyên đán"
TET = "Tết sum vầy – Nem chua Xứ Thanh"
LOYALTY = "Tích điểm đổi quà cùng Bánh gai Tứ Trụ"
DRAFT = "Tháng hàng Việt – Kẹo lạc Nga Sơn"


def _programme(scope, name: str, forms, procedure, start, *, days=30, discount=None, prizes=(), call=None):
    data = ProgrammeData(
        name=name, forms=forms, procedure=procedure, starts_on=start, ends_on=start + dt.timedelta(days=days),
        province_codes=["38"], outlets="Cửa hàng giới thiệu sản phẩm tại phường Hạc Thành và siêu thị trong tỉnh",
        customers="Khách hàng mua sản phẩm trong thời gian khuyến mại",
        terms="Mỗi hóa đơn từ 200.000 đồng nhận một phiếu bốc thăm. Giải được trao trong 30 ngày kể từ ngày mở thưởng.",
        draw_date=start + dt.timedelta(days=days) if prizes else None,
        draw_place="Trụ sở doanh nghiệp, có đại diện Sở Công Thương chứng kiến" if prizes else "",
        call_id=call.pk if call else None,
        items=[ItemData(name="Nem chua Thanh Hóa hộp 500g", unit_price=85000, discount_percent=discount, quantity=2000)],
        prizes=[PrizeData(**p) for p in prizes],
    )
    return services.programme_create(scope=scope, data=data)


@transaction.atomic
def load(stdout=None) -> dict:
    officer = User.objects.filter(username="daumoi.qltm").first()
    business_user = User.objects.filter(username="doanhnghiep").first()
    if officer is None or business_user is None:
        return {}
    officer_scope, biz = scope_for(officer), scope_for(business_user)
    start = workdays.add_working_days(today(), 8)
    call = PromotionCall.objects.filter(title=CALL_TITLE).first()
    if call is None:
        call = services.call_save(scope=officer_scope, publish=True, data=CallData(
            title=CALL_TITLE, starts_on=today() - dt.timedelta(days=10), ends_on=start + dt.timedelta(days=60),
            description="Sở Công Thương phát động các doanh nghiệp tham gia khuyến mại tập trung dịp Tết, ưu tiên hàng Việt Nam.",
            concentrated_max_percent=100, legal_source="Thông tư 39/2025/TT-BCT", place_code="38"))
    if not Programme.objects.filter(name=TET).exists():
        p = _programme(biz, TET, ["discounts", "lucky_draws"], "register", start, discount=30, call=call,
                       prizes=[{"rank": "Giải nhất", "description": "Xe máy Honda Vision", "value": 32000000, "quantity": 1},
                               {"rank": "Giải khuyến khích", "description": "Giỏ quà Tết đặc sản xứ Thanh",
                                "value": 500000, "quantity": 20}])
        services.programme_submit(scope=biz, programme_id=p.pk)
        filing_services.filing_acknowledge(scope=officer_scope, filing_id=p.filing_id)
        filing_services.filing_confirm(scope=officer_scope, filing_id=p.filing_id,
                                       note="Xác nhận chương trình khuyến mại theo hồ sơ đã nộp.")
        # demo only: make the confirmed programme ongoing today
        Programme.objects.filter(pk=p.pk).update(starts_on=today() - dt.timedelta(days=3),
                                                 ends_on=today() + dt.timedelta(days=27))
    if not Programme.objects.filter(name=LOYALTY).exists():
        p = _programme(biz, LOYALTY, ["loyalty"], "notify", start, days=60)
        services.programme_submit(scope=biz, programme_id=p.pk)
    if not Programme.objects.filter(name=DRAFT).exists():
        _programme(biz, DRAFT, ["discounts", "contests"], "notify", start, discount=20)
    if stdout:
        stdout.write(f"  Khuyến mại: {PromotionCall.objects.count()} đợt, {Programme.objects.count()} chương trình.\n")
    return {"programmes": Programme.objects.count()}
