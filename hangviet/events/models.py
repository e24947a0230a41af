"""Trade-promotion events (conferences, fairs, market sessions, OCOP showcases, trips, training,
communication), the businesses taking part, the goods checks made at the event, the results
(figures, photos, contracts and memoranda), and the legal lead times of trade-fair registration."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hangviet.core.models import TimeStampedModel
from hangviet.core.text import fold


class EventKind(models.TextChoices):
    SUPPLY_DEMAND = "supply_demand", _("Hội nghị kết nối cung cầu")
    TRADE_FAIR = "trade_fair", _("Hội chợ, triển lãm thương mại")
    VN_GOODS_MARKET = "vn_goods_market", _("Phiên chợ hàng Việt")
    SAFE_FOOD_MARKET = "safe_food_market", _("Phiên chợ thực phẩm an toàn")
    OCOP_SHOWCASE = "ocop_showcase", _("Trưng bày, chợ sản phẩm OCOP")
    TRADE_TRIP = "trade_trip", _("Chuyến xúc tiến thương mại ngoài tỉnh")
    ECOMMERCE_TRAINING = "ecommerce_training", _("Lớp tập huấn thương mại điện tử")
    COMMUNICATION = "communication", _("Hoạt động thông tin, tuyên truyền")


# Kinds where businesses take part with booths and goods (participation, booths, goods checks apply).
BOOTH_KINDS = {EventKind.TRADE_FAIR, EventKind.VN_GOODS_MARKET, EventKind.SAFE_FOOD_MARKET,
               EventKind.OCOP_SHOWCASE, EventKind.SUPPLY_DEMAND, EventKind.TRADE_TRIP}


class CommunicationChannel(models.TextChoices):
    NONE = "", _("—")
    PRESS = "press", _("Bài báo (báo giấy, báo điện tử)")
    BROADCAST = "broadcast", _("Phát thanh, truyền hình")
    BANNER = "banner", _("Băng rôn, cờ phướn, pano")
    LEAFLET = "leaflet", _("Tờ rơi, ấn phẩm")
    CONFERENCE = "conference", _("Hội nghị tuyên truyền")
    WEBSITE = "website", _("Cổng thông tin điện tử, mạng xã hội")


class EventStatus(models.TextChoices):
    PLANNED = "planned", _("Đang chuẩn bị")
    PUBLISHED = "published", _("Đã công bố")
    DONE = "done", _("Đã tổ chức, có kết quả")
    CANCELLED = "cancelled", _("Đã hủy")


PUBLIC_STATUSES = (EventStatus.PUBLISHED, EventStatus.DONE)


class Event(TimeStampedModel):
    title = models.CharField(_("Tên sự kiện"), max_length=255)
    kind = models.CharField(_("Loại hoạt động"), max_length=30, choices=EventKind.choices, db_index=True)
    channel = models.CharField(_("Hình thức truyền thông"), max_length=20, choices=CommunicationChannel.choices,
                               blank=True, default="")
    status = models.CharField(_("Trạng thái"), max_length=12, choices=EventStatus.choices,
                              default=EventStatus.PLANNED, db_index=True)
    description = models.TextField(_("Nội dung"), blank=True)
    organiser = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="organised_events",
                                  verbose_name=_("Đơn vị chủ trì"))
    organiser_business = models.ForeignKey(
        "businesses.Business", null=True, blank=True, on_delete=models.PROTECT, related_name="organised_events",
        verbose_name=_("Doanh nghiệp tổ chức"), help_text=_("Khi hội chợ do doanh nghiệp đăng ký tổ chức."),
    )
    coordinators = models.ManyToManyField("agencies.Agency", blank=True, related_name="coordinated_events",
                                          verbose_name=_("Đơn vị phối hợp"))
    coordinators_note = models.CharField(_("Đơn vị phối hợp khác"), max_length=500, blank=True)
    place = models.ForeignKey("places.Place", on_delete=models.PROTECT, related_name="events",
                              verbose_name=_("Địa bàn (xã/phường hoặc huyện cũ)"))
    address = models.CharField(_("Địa điểm, địa chỉ"), max_length=300, blank=True)
    starts_at = models.DateTimeField(_("Bắt đầu"), db_index=True)
    ends_at = models.DateTimeField(_("Kết thúc"))
    # Who may apply: businesses located in this place's subtree (empty: any approved business).
    invite_place = models.ForeignKey("places.Place", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("Phạm vi mời tham gia"))
    accepts_applications = models.BooleanField(_("Nhận đăng ký tham gia trực tuyến"), default=False)
    application_deadline = models.DateField(_("Hạn đăng ký tham gia"), null=True, blank=True)
    booth_count = models.PositiveIntegerField(_("Số gian hàng bố trí"), default=0)
    # Targets
    target_booths = models.PositiveIntegerField(_("Chỉ tiêu: số gian hàng"), null=True, blank=True)
    target_businesses = models.PositiveIntegerField(_("Chỉ tiêu: số doanh nghiệp"), null=True, blank=True)
    target_visitors = models.PositiveIntegerField(_("Chỉ tiêu: lượt khách"), null=True, blank=True)
    target_revenue = models.BigIntegerField(_("Chỉ tiêu: doanh thu (đồng)"), null=True, blank=True)
    target_trainees = models.PositiveIntegerField(_("Chỉ tiêu: số học viên"), null=True, blank=True)
    budget = models.BigIntegerField(_("Kinh phí (đồng)"), null=True, blank=True)
    # Results, entered after the event
    actual_booths = models.PositiveIntegerField(_("Kết quả: số gian hàng"), null=True, blank=True)
    actual_businesses = models.PositiveIntegerField(_("Kết quả: số doanh nghiệp"), null=True, blank=True)
    actual_visitors = models.PositiveIntegerField(_("Kết quả: lượt khách"), null=True, blank=True)
    actual_revenue = models.BigIntegerField(_("Kết quả: doanh thu (đồng)"), null=True, blank=True)
    actual_trainees = models.PositiveIntegerField(_("Kết quả: số học viên"), null=True, blank=True)
    actual_spent = models.BigIntegerField(_("Kinh phí thực chi (đồng)"), null=True, blank=True)
    evaluation = models.TextField(_("Đánh giá"), blank=True)
    results_at = models.DateTimeField(_("Nhập kết quả lúc"), null=True, blank=True)
    results_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("Người nhập kết quả"))
    cancel_reason = models.TextField(_("Lý do hủy"), blank=True)
    # The plan task this event carries out, and the planned output it counts towards (03 phiên chợ…).
    task = models.ForeignKey("plans.Task", null=True, blank=True, on_delete=models.PROTECT, related_name="events",
                             verbose_name=_("Nhiệm vụ kế hoạch thực hiện"))
    task_output = models.ForeignKey("plans.TaskOutput", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="events", verbose_name=_("Sản phẩm dự kiến của nhiệm vụ"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("Người tạo"))
    search_key = models.CharField(max_length=600, db_index=True, editable=False)

    class Meta:
        verbose_name = _("Sự kiện xúc tiến thương mại")
        verbose_name_plural = _("Sự kiện xúc tiến thương mại")
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["status", "starts_at"]), models.Index(fields=["kind", "starts_at"])]
        constraints = [models.CheckConstraint(condition=Q(ends_at__gte=models.F("starts_at")),
                                              name="event_ends_after_start")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES

    @property
    def has_booths(self) -> bool:
        return self.kind in BOOTH_KINDS

    def save(self, *args, **kwargs):
        self.search_key = fold(f"{self.title} {self.address}")[:600]
        super().save(*args, **kwargs)


class ParticipationStatus(models.TextChoices):
    APPLIED = "applied", _("Chờ xét")
    ACCEPTED = "accepted", _("Được chấp nhận")
    DECLINED = "declined", _("Không được chấp nhận")
    WITHDRAWN = "withdrawn", _("Doanh nghiệp rút đăng ký")


class Participation(TimeStampedModel):
    """A business taking part in an event: its application, the organiser's decision and its booth."""

    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="participations",
                              verbose_name=_("Sự kiện"))
    business = models.ForeignKey("businesses.Business", on_delete=models.PROTECT, related_name="event_participations",
                                 verbose_name=_("Doanh nghiệp"))
    status = models.CharField(_("Trạng thái"), max_length=12, choices=ParticipationStatus.choices,
                              default=ParticipationStatus.APPLIED, db_index=True)
    products_note = models.TextField(_("Sản phẩm mang tới"), blank=True)
    products = models.ManyToManyField("catalog.Product", blank=True, related_name="event_participations",
                                      verbose_name=_("Sản phẩm trong danh mục"))
    booths_requested = models.PositiveSmallIntegerField(_("Số gian hàng đề nghị"), default=1)
    booth_needs = models.TextField(_("Yêu cầu về gian hàng (điện, nước, tủ mát…)"), blank=True)
    contact_name = models.CharField(_("Người liên hệ"), max_length=150, blank=True)
    contact_phone = models.CharField(_("Điện thoại liên hệ"), max_length=20, blank=True)
    booth_code = models.CharField(_("Gian hàng được bố trí"), max_length=20, blank=True, default="")
    decision_note = models.TextField(_("Ý kiến của đơn vị tổ chức"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("Người xét"))
    decided_at = models.DateTimeField(_("Xét lúc"), null=True, blank=True)
    applied_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("Người đăng ký"))

    class Meta:
        verbose_name = _("Doanh nghiệp tham gia")
        verbose_name_plural = _("Doanh nghiệp tham gia sự kiện")
        ordering = ["event", "booth_code", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "business"], name="participation_one_per_business"),
            models.UniqueConstraint(fields=["event", "booth_code"], condition=~Q(booth_code=""),
                                    name="participation_booth_once"),
        ]

    def __str__(self) -> str:
        return f"{self.business} – {self.event}"


class GoodsCheck(models.Model):
    """A check of the goods a participant brings (origin, labelling, quality, expiry), as plans require."""

    participation = models.ForeignKey(Participation, on_delete=models.PROTECT, related_name="goods_checks",
                                      verbose_name=_("Doanh nghiệp tham gia"))
    checked_at = models.DateTimeField(_("Kiểm tra lúc"))
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("Người kiểm tra"))
    goods = models.CharField(_("Hàng hóa được kiểm tra"), max_length=300, blank=True)
    origin_ok = models.BooleanField(_("Nguồn gốc, xuất xứ rõ ràng"))
    labelling_ok = models.BooleanField(_("Nhãn mác, bao bì đúng quy định"))
    quality_ok = models.BooleanField(_("Bảo đảm chất lượng"))
    expiry_ok = models.BooleanField(_("Còn hạn sử dụng"))
    passed = models.BooleanField(_("Đạt"), db_index=True)
    note = models.TextField(_("Ghi chú"), blank=True)

    class Meta:
        verbose_name = _("Kiểm tra hàng hóa")
        verbose_name_plural = _("Kiểm tra hàng hóa tại sự kiện")
        ordering = ["-checked_at", "-id"]

    def __str__(self) -> str:
        return f"{self.participation.business}: {'Đạt' if self.passed else 'Không đạt'}"


class EventPhoto(models.Model):
    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="photos", verbose_name=_("Sự kiện"))
    image = models.FileField(_("Ảnh"), upload_to="events/photos/%Y/%m/")
    caption = models.CharField(_("Chú thích"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(_("Tải lên lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("Ảnh sự kiện")
        verbose_name_plural = _("Ảnh sự kiện")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.caption or self.image.name


class AgreementKind(models.TextChoices):
    CONTRACT = "contract", _("Hợp đồng")
    MEMORANDUM = "memorandum", _("Biên bản ghi nhớ")


class EventAgreement(models.Model):
    """A contract or memorandum signed at the event (supply-demand connection results)."""

    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="agreements", verbose_name=_("Sự kiện"))
    kind = models.CharField(_("Loại"), max_length=12, choices=AgreementKind.choices, default=AgreementKind.MEMORANDUM)
    title = models.CharField(_("Nội dung"), max_length=300)
    parties = models.CharField(_("Các bên ký kết"), max_length=500)
    value = models.BigIntegerField(_("Giá trị (đồng)"), null=True, blank=True)
    signed_on = models.DateField(_("Ngày ký"), null=True, blank=True)
    document = models.FileField(_("Tệp văn bản"), upload_to="events/agreements/%Y/%m/", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("Hợp đồng, biên bản ghi nhớ")
        verbose_name_plural = _("Hợp đồng, biên bản ghi nhớ được ký")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title


class FairLeadTimeRule(models.Model):
    """The legal lead times for registering a trade fair or exhibition (data, not code: a new decree is
    a new row). Registration no earlier than `max_days_before` and no later than `min_days_before`
    days before opening; changes at least `change_min_days_before` days before opening."""

    name = models.CharField(_("Tên quy định"), max_length=200)
    min_days_before = models.PositiveIntegerField(_("Chậm nhất (số ngày trước khai mạc)"))
    max_days_before = models.PositiveIntegerField(_("Sớm nhất (số ngày trước khai mạc)"))
    change_min_days_before = models.PositiveIntegerField(_("Thay đổi chậm nhất (số ngày trước khai mạc)"))
    review_working_days = models.PositiveIntegerField(_("Thời hạn xác nhận (ngày làm việc)"), default=5)
    legal_source = models.CharField(_("Căn cứ pháp lý"), max_length=300)
    effective_from = models.DateField(_("Hiệu lực từ"))
    effective_to = models.DateField(_("Hiệu lực đến"), null=True, blank=True)

    class Meta:
        verbose_name = _("Quy định thời hạn đăng ký hội chợ")
        verbose_name_plural = _("Quy định thời hạn đăng ký hội chợ, triển lãm")
        ordering = ["-effective_from"]

    def __str__(self) -> str:
        return f"{self.name} ({self.legal_source})"


class FairFilingKind(models.TextChoices):
    REGISTRATION = "registration", _("Đăng ký tổ chức")
    AMENDMENT = "amendment", _("Đăng ký thay đổi")
    CANCELLATION = "cancellation", _("Đăng ký hủy")
    REPORT = "report", _("Báo cáo sau hội chợ")


class ChangeState(models.TextChoices):
    NONE = "", _("—")
    PENDING = "pending", _("Chờ xác nhận")
    APPLIED = "applied", _("Đã được xác nhận, áp dụng")
    REFUSED = "refused", _("Không được chấp nhận")


class TradeFairRegistration(TimeStampedModel):
    """The content of a trade-fair or exhibition filing with the Department (Decree 81/2018/NĐ-CP): the
    registration itself, an amendment, a cancellation or the post-event report. The workflow (states,
    deadlines, reviewer comments, documents, notifications) is the shared filing mechanism's."""

    # The registration's review workflow; amendments and the report are rows pointing at the registration
    # (`original`) and travel through the same filing (amend / close actions).
    filing = models.OneToOneField("filings.Filing", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="trade_fair", verbose_name=_("Hồ sơ"))
    change_state = models.CharField(_("Tình trạng sửa đổi"), max_length=10, choices=ChangeState.choices, blank=True,
                                    default="")
    filing_kind = models.CharField(_("Loại hồ sơ"), max_length=14, choices=FairFilingKind.choices,
                                   default=FairFilingKind.REGISTRATION, db_index=True)
    original = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="follow_ups",
                                 verbose_name=_("Hồ sơ đăng ký gốc"))
    event = models.ForeignKey(Event, null=True, blank=True, on_delete=models.PROTECT, related_name="fair_filings",
                              verbose_name=_("Sự kiện trên lịch"))
    organiser_business = models.ForeignKey("businesses.Business", null=True, blank=True, on_delete=models.PROTECT,
                                           related_name="fair_registrations", verbose_name=_("Doanh nghiệp tổ chức"))
    organiser_name = models.CharField(_("Tên thương nhân tổ chức"), max_length=255)
    organiser_address = models.CharField(_("Địa chỉ thương nhân"), max_length=300)
    organiser_tax_code = models.CharField(_("Mã số thuế"), max_length=14)
    name = models.CharField(_("Tên hội chợ, triển lãm"), max_length=255)
    theme = models.CharField(_("Chủ đề"), max_length=300, blank=True)
    opens_on = models.DateField(_("Ngày khai mạc"))
    closes_on = models.DateField(_("Ngày bế mạc"))
    place = models.ForeignKey("places.Place", on_delete=models.PROTECT, related_name="+", verbose_name=_("Địa bàn"))
    venue = models.CharField(_("Địa điểm tổ chức"), max_length=300)
    expected_booths = models.PositiveIntegerField(_("Quy mô dự kiến (số gian hàng)"))
    shows_comparison_goods = models.BooleanField(
        _("Trưng bày hàng giả, hàng vi phạm quyền sở hữu trí tuệ để so sánh"), default=False,
        help_text=_("Chỉ được trưng bày khi đăng ký và ghi rõ là hàng giả, hàng vi phạm."))
    comparison_note = models.TextField(_("Cách trưng bày, ghi rõ hàng so sánh"), blank=True)
    quality_title_evidence = models.TextField(_("Căn cứ cho danh hiệu chất lượng trong tên hội chợ"), blank=True)
    change_note = models.TextField(_("Nội dung thay đổi / lý do hủy"), blank=True)
    filed_on = models.DateField(_("Ngày nộp"))
    rule = models.ForeignKey(FairLeadTimeRule, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("Quy định thời hạn áp dụng"))
    # Post-event report
    actual_booths = models.PositiveIntegerField(_("Số gian hàng thực tế"), null=True, blank=True)
    actual_businesses = models.PositiveIntegerField(_("Số doanh nghiệp tham gia"), null=True, blank=True)
    actual_visitors = models.PositiveIntegerField(_("Lượt khách"), null=True, blank=True)
    actual_revenue = models.BigIntegerField(_("Doanh thu (đồng)"), null=True, blank=True)
    report_text = models.TextField(_("Nội dung báo cáo"), blank=True)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+", verbose_name=_("Người nộp"))

    class Meta:
        verbose_name = _("Hồ sơ hội chợ, triển lãm")
        verbose_name_plural = _("Đăng ký hội chợ, triển lãm thương mại")
        ordering = ["-filed_on", "-id"]
        constraints = [models.CheckConstraint(condition=Q(closes_on__gte=models.F("opens_on")),
                                              name="fair_closes_after_opening")]

    def __str__(self) -> str:
        return f"{self.get_filing_kind_display()}: {self.name}"
