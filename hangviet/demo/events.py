"""Demo data of trade promotion: the activities of the Thanh Hóa 2024 plan (three Vietnamese-goods market
sessions in three mountain districts, safe-food sessions, the Sầm Sơn OCOP pilot market, the western
Thanh Hóa fair in Thường Xuân, e-commerce training, communication) and of the Cẩm Xuyên plan, with
participants, goods checks and results; plus upcoming events for the public calendar. Idempotent:
events are keyed by title; running it again changes nothing."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from hangviet.agencies.models import Agency, User
from hangviet.agencies.scope import scope_for
from hangviet.businesses.models import Business
from hangviet.core.text import fold
from hangviet.events import services
from hangviet.events.models import Event
from hangviet.events.services import EventData, ResultsData
from hangviet.places.models import Place

TZ = timezone.get_current_timezone()


def _at(y, m, d, h=7) -> dt.datetime:
    return dt.datetime(y, m, d, h, 0, tzinfo=TZ)


def _place(name: str, province: str = "38") -> Place | None:
    """A unit by its exact name (historical districts for 2024 records), else today's commune holding the name."""
    return (Place.objects.filter(name=name, province_id=province).order_by("valid_to").first()
            or Place.objects.filter(province_id=province, level="commune", valid_to__isnull=True,
                                    search_key__contains=fold(name)).first())


def _task(province: str, number: str, words: str | None = None):
    """The seed plan's task by number, and its planned output whose description holds `words`."""
    try:
        from hangviet.plans.models import Task
    except ImportError:  # pragma: no cover
        return None, None
    task = Task.objects.filter(plan__place__province_id=province, number=number).order_by("-plan__start_year").first()
    if task is None:
        return None, None
    output = None
    if words:
        output = next((o for o in task.outputs.all() if fold(words) in fold(o.description)), None)
    return task.pk, (output.pk if output else None)


def _agency(name: str) -> Agency:
    return Agency.objects.get(name=name)


TH_BUSINESSES = ["Công ty TNHH Nem chua Thanh Hóa Xứ Thanh", "Hợp tác xã Bánh gai Tứ Trụ", "Cơ sở Kẹo lạc Nga Sơn",
                 "Công ty Cổ phần Chè Thường Xuân", "Hợp tác xã Nước mắm Sầm Sơn"]
CX_BUSINESSES = ["Hợp tác xã Kẹo cu đơ Hà Tĩnh", "Tổ hợp tác Nấm sạch Cẩm Bình", "Công ty TNHH Du lịch Thiên Cầm Xanh"]


def _business_scope(name: str):
    business = Business.objects.get(name=name)
    user = User.objects.filter(business=business, role="business").first()
    if user is None:
        user = User(username=f"dn{business.pk}.demo", full_name=business.representative, role="business",
                    business=business, email=f"dn{business.pk}@demo.hangviet.vn")
        user.set_unusable_password()
        user.save()
    return scope_for(user)


def _make(officer: str, spec: dict, *, businesses: list[str], done: dict | None, publish: bool = True) -> Event | None:
    existing = Event.objects.filter(title=spec["title"]).first()
    if existing is not None:
        return None
    scope = scope_for(User.objects.get(username=officer))
    place = spec.pop("place")
    if place is None:
        return None
    event = services.event_create(scope=scope, data=EventData(place_code=place.code, **spec))
    if publish:
        services.event_publish(scope=scope, event_id=event.pk)
    if businesses and publish and event.accepts_applications:
        before = event.starts_at - dt.timedelta(days=10)
        for n, name in enumerate(businesses, start=1):
            p = services.participation_apply(scope=_business_scope(name), event_id=event.pk, now=before,
                                             products_note=f"Sản phẩm của {name}", booths_requested=1,
                                             booth_needs="Cần điện chiếu sáng")
            services.participation_decide(scope=scope, participation_id=p.pk, accept=True, booth_code=f"A{n:02d}")
            if done:
                during = event.starts_at + dt.timedelta(hours=2)
                ok = n % 4 != 0
                services.goods_check_record(
                    scope=scope, participation_id=p.pk, origin_ok=True, labelling_ok=ok, quality_ok=True,
                    expiry_ok=True, goods="Hàng trưng bày, bán tại gian hàng", now=during,
                    note="" if ok else "Thiếu nhãn phụ tiếng Việt trên 02 sản phẩm; đã yêu cầu bổ sung trước khi bán.")
    if done:
        services.event_record_results(scope=scope, event_id=event.pk, data=ResultsData(**done),
                                      now=event.ends_at + dt.timedelta(days=1))
    return event


@transaction.atomic
def load(stdout=None) -> dict:
    created = 0
    qltm = _agency("Phòng Quản lý thương mại")
    khuyen_cong = _agency("Trung tâm Khuyến công và Tiết kiệm năng lượng")
    xnk = _agency("Phòng Quản lý Xuất nhập khẩu")
    task_25, out_market = _task("38", "2.5", "Phiên chợ hàng Việt")
    _t, out_safe = _task("38", "2.5", "thực phẩm an toàn")
    task_24, _o = _task("38", "2.4")
    task_28, _o = _task("38", "2.8")
    task_27, _o = _task("38", "2.7")
    task_21, _o = _task("38", "2.1")
    common = dict(accepts_applications=True, invite_place_code="38", booth_count=40, target_booths=40,
                  target_businesses=35, target_visitors=5000, target_revenue=800_000_000, budget=350_000_000)
    # 2.5: three Vietnamese-goods market sessions in three mountain districts (done, with results).
    sessions = [("Huyện Thường Xuân", (2024, 5, 17)), ("Huyện Quan Hóa", (2024, 8, 23)), ("Huyện Bá Thước", (2024, 10, 25))]
    for index, (district, (y, m, d)) in enumerate(sessions):
        spec = dict(title=f"Phiên chợ hàng Việt về miền núi năm 2024 tại {district}", kind="vn_goods_market",
                    place=_place(district), address="Sân vận động trung tâm huyện", starts_at=_at(y, m, d),
                    ends_at=_at(y, m, d + 2, 21), organiser_id=khuyen_cong.pk, coordinator_ids=[qltm.pk],
                    coordinators_note=f"UBND {district}",
                    description="Đưa hàng Việt về nông thôn, miền núi: nông sản, thực phẩm, sản phẩm OCOP của tỉnh với "
                                "chất lượng tốt, giá cả phù hợp (Kế hoạch Sở Công Thương năm 2024, mục 2.5).",
                    task_id=task_25, task_output_id=out_market, **common)
        done = dict(actual_booths=38 + index, actual_businesses=32 + index, actual_visitors=5600 + 400 * index,
                    actual_revenue=910_000_000 + 50_000_000 * index, actual_spent=340_000_000,
                    evaluation="Phiên chợ thu hút đông đảo Nhân dân; hàng hóa được kiểm tra nguồn gốc, nhãn mác; "
                               "doanh thu vượt chỉ tiêu.")
        created += bool(_make("daumoi.qltm", spec, businesses=TH_BUSINESSES, done=done))
    # 2.5: safe-food market sessions near industrial zones (two done, one upcoming).
    safe = [("Huyện Như Thanh", (2024, 6, 14)), ("Huyện Thạch Thành", (2024, 9, 20))]
    for district, (y, m, d) in safe:
        spec = dict(title=f"Phiên chợ thực phẩm an toàn năm 2024 tại {district}", kind="safe_food_market",
                    place=_place(district), address="Khu vực cổng khu công nghiệp", starts_at=_at(y, m, d),
                    ends_at=_at(y, m, d + 1, 21), organiser_id=qltm.pk, coordinators_note="Chi cục ATVSTP, UBND huyện",
                    task_id=task_25, task_output_id=out_safe, **common)
        created += bool(_make("daumoi.qltm", spec, businesses=TH_BUSINESSES[:3],
                              done=dict(actual_booths=25, actual_businesses=22, actual_visitors=3100,
                                        actual_revenue=420_000_000, evaluation="Công nhân các nhà máy mua sắm đông.")))
    today = timezone.localdate()
    upcoming_day = today + dt.timedelta(days=24)
    nghi_son = _place("Phường Nghi Sơn") or _place("Huyện Như Thanh")
    spec = dict(title=f"Phiên chợ thực phẩm an toàn tại khu công nghiệp Nghi Sơn {upcoming_day.year}",
                kind="safe_food_market", place=nghi_son, address="Cổng khu công nghiệp Nghi Sơn",
                starts_at=_at(upcoming_day.year, upcoming_day.month, upcoming_day.day),
                ends_at=_at(upcoming_day.year, upcoming_day.month, upcoming_day.day, 21),
                application_deadline=upcoming_day - dt.timedelta(days=5), organiser_id=qltm.pk, **common)
    created += bool(_make("daumoi.qltm", spec, businesses=[], done=None))
    # 2.4: the Sầm Sơn OCOP pilot market.
    spec = dict(title="Chợ thí điểm trưng bày, giới thiệu và tiêu thụ sản phẩm OCOP tại thành phố Sầm Sơn năm 2024",
                kind="ocop_showcase", place=_place("Thành phố Sầm Sơn"), address="Quảng trường biển Sầm Sơn",
                starts_at=_at(2024, 6, 28, 16), ends_at=_at(2024, 7, 7, 22), organiser_id=qltm.pk,
                task_id=task_24, coordinators_note="UBND thành phố Sầm Sơn", **common)
    created += bool(_make("daumoi.qltm", spec, businesses=TH_BUSINESSES, done=dict(
        actual_booths=45, actual_businesses=40, actual_visitors=18000, actual_revenue=2_100_000_000,
        evaluation="Du khách trong và ngoài nước quan tâm sản phẩm OCOP; đề xuất duy trì hằng năm.")))
    # 2.8: the western Thanh Hóa trade and tourism fair in Thường Xuân; and next year's edition (upcoming).
    spec = dict(title="Hội chợ thương mại và du lịch Miền Tây Thanh Hóa năm 2024", kind="trade_fair",
                place=_place("Huyện Thường Xuân"), address="Trung tâm huyện Thường Xuân", starts_at=_at(2024, 11, 20, 8),
                ends_at=_at(2024, 11, 24, 22), organiser_id=qltm.pk, task_id=task_28,
                coordinators_note="UBND huyện Thường Xuân", **{**common, "booth_count": 150, "target_booths": 150})
    created += bool(_make("daumoi.qltm", spec, businesses=TH_BUSINESSES, done=dict(
        actual_booths=146, actual_businesses=120, actual_visitors=35000, actual_revenue=6_500_000_000,
        evaluation="Hàng hóa trưng bày có nguồn gốc rõ ràng; 12 biên bản ghi nhớ tiêu thụ được ký.")))
    fair_day = today + dt.timedelta(days=45)
    thuong_xuan_today = _place("Xã Thường Xuân") or _place("Huyện Thường Xuân")
    spec = dict(title=f"Hội chợ thương mại và du lịch Miền Tây Thanh Hóa năm {fair_day.year}", kind="trade_fair",
                place=thuong_xuan_today, address="Trung tâm xã Thường Xuân",
                starts_at=_at(fair_day.year, fair_day.month, fair_day.day, 8),
                ends_at=_at(fair_day.year, fair_day.month, fair_day.day, 8) + dt.timedelta(days=4, hours=14),
                application_deadline=fair_day - dt.timedelta(days=10), organiser_id=qltm.pk,
                **{**common, "booth_count": 150, "target_booths": 150})
    created += bool(_make("daumoi.qltm", spec, businesses=[], done=None))
    # 2.7: e-commerce training; 2.1: communication.
    spec = dict(title="Lớp bồi dưỡng kiến thức, kỹ năng thương mại điện tử năm 2024", kind="ecommerce_training",
                place=_place("Phường Hạc Thành") or _place("Thành phố Thanh Hóa"), address="Hội trường Sở Công Thương",
                starts_at=_at(2024, 9, 10, 8), ends_at=_at(2024, 9, 11, 17), organiser_id=xnk.pk, task_id=task_27,
                target_trainees=80, budget=60_000_000)
    created += bool(_make("daumoi.qltm", spec, businesses=[], done=dict(
        actual_trainees=86, evaluation="Học viên nắm được cách mở gian hàng trên sàn thương mại điện tử.")))
    spec = dict(title="Loạt bài tuyên truyền Cuộc vận động trên Báo Thanh Hóa năm 2024", kind="communication",
                channel="press", place=Place.objects.get(code="38"), organiser_id=qltm.pk, task_id=task_21,
                starts_at=_at(2024, 3, 1, 8), ends_at=_at(2024, 12, 31, 17),
                coordinators_note="Báo Thanh Hóa, Đài PT-TH tỉnh", budget=40_000_000)
    created += bool(_make("daumoi.qltm", spec, businesses=[], done=dict(
        evaluation="Đăng 12 tin, bài trên báo in và báo điện tử.")))
    # Cẩm Xuyên: supply-demand connection and an OCOP showcase at Thiên Cầm beach (upcoming).
    ktht = _agency("Phòng Kinh tế và Hạ tầng huyện Cẩm Xuyên")
    cx_common = dict(accepts_applications=True, invite_place_code="42", booth_count=20, target_booths=20,
                     target_visitors=2000, target_revenue=200_000_000, organiser_id=ktht.pk)
    spec = dict(title="Hội nghị kết nối cung cầu sản phẩm OCOP huyện Cẩm Xuyên năm 2024", kind="supply_demand",
                place=_place("Thị trấn Cẩm Xuyên", "42"), address="Hội trường UBND huyện", starts_at=_at(2024, 7, 12, 8),
                ends_at=_at(2024, 7, 12, 17), **cx_common)
    created += bool(_make("daumoi.camxuyen", spec, businesses=CX_BUSINESSES, done=dict(
        actual_businesses=26, actual_visitors=150, evaluation="Ký 05 biên bản ghi nhớ tiêu thụ sản phẩm.")))
    summer = today + dt.timedelta(days=60)
    spec = dict(title=f"Gian hàng trưng bày sản phẩm OCOP tại Khu du lịch biển Thiên Cầm {summer.year}",
                kind="ocop_showcase", place=_place("Thị trấn Thiên Cầm", "42"),
                address="Quảng trường biển Thiên Cầm", starts_at=_at(summer.year, summer.month, summer.day, 16),
                ends_at=_at(summer.year, summer.month, summer.day, 16) + dt.timedelta(days=3, hours=6),
                application_deadline=summer - dt.timedelta(days=7), **cx_common)
    created += bool(_make("daumoi.camxuyen", spec, businesses=[], done=None))
    created += _demo_fair_registration()
    created += _demo_fair_awaiting_review()
    if stdout:
        stdout.write(f"  Xúc tiến thương mại: {Event.objects.count()} sự kiện ({created} mới).\n")
    return {"events": created}


def _demo_fair(*, business: str, title: str, theme: str, in_days: int, days: int, place: str, venue: str,
               booths: int, confirm: bool) -> int:
    """A fair registered by a business through the filing workflow, submitted, and (`confirm`) confirmed by
    the Department's officer; idempotent by its name (the year of its opening is part of it)."""
    from hangviet.events.models import TradeFairRegistration
    from hangviet.events.services import fairs
    from hangviet.filings import services as filing_services

    opens = timezone.localdate() + dt.timedelta(days=in_days)
    name = f"{title} {opens.year}"
    where = _place(place)
    if where is None or TradeFairRegistration.objects.filter(name=name).exists():
        return 0
    filer = _business_scope(business)
    reg = fairs.fair_create(scope=filer, data=fairs.FairData(
        name=name, theme=theme, opens_on=opens, closes_on=opens + dt.timedelta(days=days), place_code=where.code,
        venue=venue, expected_booths=booths))
    fairs.fair_submit(scope=filer, registration_id=reg.pk)
    if confirm:
        officer = scope_for(User.objects.get(username="daumoi.qltm"))
        filing_services.filing_acknowledge(scope=officer, filing_id=reg.filing_id)
        filing_services.filing_confirm(scope=officer, filing_id=reg.filing_id, note="Xác nhận đăng ký tổ chức hội chợ.")
    return 1


def _demo_fair_registration() -> int:
    """A cooperative's fair, confirmed: it is on the public calendar."""
    return _demo_fair(business="Hợp tác xã Nước mắm Sầm Sơn", title="Hội chợ Nông sản, OCOP và Du lịch biển Sầm Sơn",
                      theme="Nông sản, thủy sản chế biến, sản phẩm OCOP", in_days=75, days=5, place="Phường Sầm Sơn",
                      venue="Quảng trường biển Sầm Sơn", booths=120, confirm=True)


def _demo_fair_awaiting_review() -> int:
    """The demo business account's own fair, submitted and waiting for the Department: the officer
    (daumoi.qltm) can review it in the back office, and the business (doanhnghiep) follows it, files a
    change or cancels it on /su-kien/hoi-cho/<id>/ once confirmed."""
    return _demo_fair(business="Công ty TNHH Nem chua Thanh Hóa Xứ Thanh",
                      title="Hội chợ Hàng Việt và sản phẩm OCOP xứ Thanh",
                      theme="Hàng Việt Nam chất lượng, sản phẩm OCOP, đặc sản xứ Thanh", in_days=120, days=4,
                      place="Phường Hạc Thành", venue="Cung Văn hóa Hữu nghị Việt - Lào", booths=180, confirm=False)
