"""Sales promotions (khuyến mại): the legal rules as data, calls for promotions, the programmes
businesses notify or register (their typed content; the review workflow is the shared Filing's), the
lucky-draw result reports and inspection findings."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hangviet.core.models import TimeStampedModel
from hangviet.core.text import fold


class PromotionForm(models.TextChoices):
    """The forms of Commercial Law 2005 art. 92."""

    SAMPLES = "samples", _("Dùng thử hàng mẫu, cung ứng dịch vụ mẫu không thu tiền")
    GIFTS = "gifts", _("Tặng hàng hóa, dịch vụ không thu tiền")
    DISCOUNTS = "discounts", _("Giảm giá")
    VOUCHERS = "vouchers", _("Tặng phiếu mua hàng, phiếu sử dụng dịch vụ")
    CONTESTS = "contests", _("Phiếu dự thi, cuộc thi")
    LUCKY_DRAWS = "lucky_draws", _("Chương trình may rủi (quay số, bốc thăm trúng thưởng)")
    LOYALTY = "loyalty", _("Khách hàng thường xuyên (tích điểm, thẻ thành viên)")
    EVENTS = "events", _("Chương trình văn hóa, nghệ thuật, giải trí")
    OTHER = "other", _("Hình thức khác được cơ quan quản lý chấp thuận")


class Procedure(models.TextChoices):
    NONE = "none", _("Không phải thông báo, đăng ký")
    NOTIFY = "notify", _("Thông báo")
    REGISTER = "register", _("Đăng ký")


class PromotionRule(models.Model):
    """One legal rule for one promotion form, in force between two dates. A new decree is a new row."""

    form = models.CharField(_("Hình thức khuyến mại"), max_length=20, choices=PromotionForm.choices, db_index=True)
    procedure = models.CharField(_("Thủ tục"), max_length=10, choices=Procedure.choices)
    lead_time_working_days = models.PositiveIntegerField(
        _("Nộp trước ngày bắt đầu ít nhất (ngày làm việc)"), null=True, blank=True)
    max_value_percent = models.PositiveIntegerField(
        _("Giá trị khuyến mại tối đa trên một đơn vị (% giá hàng)"), null=True, blank=True)
    holiday_max_value_percent = models.PositiveIntegerField(
        _("Mức tối đa trong dịp Tết, ngày lễ, chương trình tập trung (%)"), null=True, blank=True)
    total_value_percent = models.PositiveIntegerField(
        _("Tổng giá trị khuyến mại tối đa (% tổng giá trị hàng được khuyến mại)"), null=True, blank=True)
    max_duration_days = models.PositiveIntegerField(_("Thời gian thực hiện tối đa (ngày)"), null=True, blank=True)
    review_working_days = models.PositiveIntegerField(_("Thời hạn xác nhận (ngày làm việc)"), default=5)
    result_report_days = models.PositiveIntegerField(_("Báo cáo kết quả trong (ngày kể từ hết hạn trao thưởng)"),
                                                     null=True, blank=True)
    unawarded_budget_percent = models.PositiveIntegerField(_("Tỷ lệ giải không có người trúng nộp ngân sách (%)"),
                                                           null=True, blank=True)
    requires_prizes = models.BooleanField(_("Phải kê khai cơ cấu giải thưởng"), default=False)
    legal_source = models.CharField(_("Căn cứ pháp lý"), max_length=300)
    effective_from = models.DateField(_("Hiệu lực từ"))
    effective_to = models.DateField(_("Hiệu lực đến"), null=True, blank=True)
    note = models.TextField(_("Ghi chú"), blank=True)

    class Meta:
        verbose_name = _("Quy định khuyến mại")
        verbose_name_plural = _("Quy định khuyến mại (theo hình thức)")
        ordering = ["form", "-effective_from"]
        constraints = [
            models.CheckConstraint(condition=Q(effective_to__isnull=True) | Q(effective_to__gte=models.F("effective_from")),
                                   name="promotion_rule_dates_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.get_form_display()}: {self.get_procedure_display()} ({self.legal_source})"


class CallStatus(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    PUBLISHED = "published", _("Đang mời tham gia")
    CLOSED = "closed", _("Đã kết thúc")


class PromotionCall(TimeStampedModel):
    """A call for promotions published by an agency (Tết, 15/3, the Vietnamese-goods month)."""

    title = models.CharField(_("Tên đợt khuyến mại"), max_length=255)
    description = models.TextField(_("Nội dung"), blank=True)
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="promotion_calls",
                               verbose_name=_("Cơ quan phát động"))
    place = models.ForeignKey("places.Place", on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("Địa bàn"))
    starts_on = models.DateField(_("Từ ngày"))
    ends_on = models.DateField(_("Đến ngày"))
    concentrated_max_percent = models.PositiveIntegerField(
        _("Mức giảm giá tối đa của chương trình tập trung (%)"), null=True, blank=True,
        help_text=_("Chỉ điền khi đây là chương trình khuyến mại tập trung do Nhà nước quyết định (được tới 100%)."))
    legal_source = models.CharField(_("Căn cứ (quyết định phát động)"), max_length=300, blank=True)
    status = models.CharField(_("Trạng thái"), max_length=10, choices=CallStatus.choices, default=CallStatus.DRAFT,
                              db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    search_key = models.CharField(max_length=400, editable=False, default="", db_index=True)

    class Meta:
        verbose_name = _("Đợt khuyến mại")
        verbose_name_plural = _("Đợt khuyến mại (phát động)")
        ordering = ["-starts_on", "-id"]
        constraints = [models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="promotion_call_dates")]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.search_key = fold(self.title)[:400]
        super().save(*args, **kwargs)


class Programme(TimeStampedModel):
    """A sales-promotion programme as the business filed it (thông báo or đăng ký)."""

    filing = models.OneToOneField("filings.Filing", on_delete=models.PROTECT, related_name="promotion")
    business = models.ForeignKey("businesses.Business", on_delete=models.PROTECT, related_name="promotions",
                                 verbose_name=_("Thương nhân"))
    procedure = models.CharField(_("Thủ tục"), max_length=10, choices=Procedure.choices, default=Procedure.NOTIFY)
    addressed_to = models.CharField(_("Gửi tới"), max_length=12, default="department",
                                    choices=[("department", _("Sở Công Thương")), ("ministry", _("Bộ Công Thương"))])
    name = models.CharField(_("Tên chương trình"), max_length=255)
    forms = models.JSONField(_("Hình thức khuyến mại"), default=list)
    forms_key = models.CharField(max_length=200, editable=False, default="", db_index=True)
    starts_on = models.DateField(_("Bắt đầu"), db_index=True)
    ends_on = models.DateField(_("Kết thúc"), db_index=True)
    provinces = models.ManyToManyField("places.Place", related_name="+", verbose_name=_("Tỉnh, thành phố thực hiện"))
    outlets = models.TextField(_("Địa điểm, cửa hàng tham gia"), blank=True)
    customers = models.CharField(_("Khách hàng được hưởng"), max_length=300, blank=True)
    terms = models.TextField(_("Thể lệ, điều kiện"), blank=True)
    total_value = models.BigIntegerField(_("Tổng giá trị khuyến mại (đồng)"), default=0)
    draw_date = models.DateField(_("Ngày quay số, mở thưởng"), null=True, blank=True)
    draw_place = models.CharField(_("Địa điểm mở thưởng"), max_length=300, blank=True)
    prize_deadline = models.DateField(_("Hạn trao thưởng"), null=True, blank=True)
    call = models.ForeignKey(PromotionCall, null=True, blank=True, on_delete=models.PROTECT, related_name="programmes",
                             verbose_name=_("Tham gia đợt"))
    sector = models.CharField(_("Ngành hàng"), max_length=200, blank=True)
    exceeds_filing = models.BooleanField(_("Thực hiện vượt nội dung đã nộp"), default=False, db_index=True)
    search_key = models.CharField(max_length=800, editable=False, default="", db_index=True)

    class Meta:
        verbose_name = _("Chương trình khuyến mại")
        verbose_name_plural = _("Chương trình khuyến mại")
        ordering = ["-starts_on", "-id"]
        constraints = [models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="programme_dates")]

    def __str__(self) -> str:
        return self.name

    def forms_display(self) -> list[str]:
        labels = dict(PromotionForm.choices)
        return [str(labels.get(f, f)) for f in self.forms]

    def save(self, *args, **kwargs):
        self.forms_key = "|" + "|".join(self.forms) + "|"
        super().save(*args, **kwargs)


class ItemRole(models.TextChoices):
    PROMOTED = "promoted", _("Hàng hóa, dịch vụ được khuyến mại")
    GIVEN = "given", _("Hàng hóa, dịch vụ dùng để khuyến mại")


class ProgrammeItem(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="items")
    role = models.CharField(_("Vai trò"), max_length=10, choices=ItemRole.choices, default=ItemRole.PROMOTED)
    name = models.CharField(_("Tên hàng hóa, dịch vụ"), max_length=255)
    product = models.ForeignKey("catalog.Product", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                verbose_name=_("Sản phẩm trong danh mục"))
    unit_price = models.BigIntegerField(_("Giá bán trước khuyến mại (đồng)"), null=True, blank=True)
    promo_value = models.BigIntegerField(_("Giá trị khuyến mại trên một đơn vị (đồng)"), null=True, blank=True)
    discount_percent = models.PositiveIntegerField(_("Mức giảm giá (%)"), null=True, blank=True)
    quantity = models.PositiveIntegerField(_("Số lượng"), null=True, blank=True)

    class Meta:
        verbose_name = _("Hàng hóa, dịch vụ")
        verbose_name_plural = _("Hàng hóa, dịch vụ")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class Prize(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="prizes")
    rank = models.CharField(_("Giải"), max_length=100)
    description = models.CharField(_("Nội dung giải thưởng"), max_length=300)
    value = models.BigIntegerField(_("Trị giá mỗi giải (đồng)"))
    quantity = models.PositiveIntegerField(_("Số giải"), default=1)

    class Meta:
        verbose_name = _("Giải thưởng")
        verbose_name_plural = _("Cơ cấu giải thưởng")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.rank}: {self.description}"


class ResultReport(TimeStampedModel):
    """The report a lucky-draw programme files after it ends (Decree 81/2018 as amended)."""

    programme = models.OneToOneField(Programme, on_delete=models.PROTECT, related_name="result_report")
    awarded_value = models.BigIntegerField(_("Giá trị giải đã trao (đồng)"))
    unawarded_value = models.BigIntegerField(_("Giá trị giải không có người trúng (đồng)"))
    budget_amount = models.BigIntegerField(_("Số tiền nộp ngân sách (đồng)"))
    winners = models.TextField(_("Danh sách khách hàng trúng thưởng, ghi chú"), blank=True)
    due_on = models.DateField(_("Hạn báo cáo"), null=True, blank=True)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("Báo cáo kết quả chương trình may rủi")
        verbose_name_plural = _("Báo cáo kết quả chương trình may rủi")

    def __str__(self) -> str:
        return f"{self.programme}"

    @property
    def is_late(self) -> bool:
        return self.due_on is not None and self.created_at.date() > self.due_on


class Finding(TimeStampedModel):
    """An inspection finding about a programme (monitoring)."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="findings")
    found_on = models.DateField(_("Ngày kiểm tra"))
    description = models.TextField(_("Nội dung phát hiện"))
    exceeds_filing = models.BooleanField(_("Vượt nội dung đã thông báo, đăng ký"), default=False)
    action_taken = models.TextField(_("Biện pháp xử lý"), blank=True)
    inspector = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                                  verbose_name=_("Cán bộ kiểm tra"))

    class Meta:
        verbose_name = _("Kết quả kiểm tra khuyến mại")
        verbose_name_plural = _("Kết quả kiểm tra khuyến mại")
        ordering = ["-found_on", "-id"]

    def __str__(self) -> str:
        return f"{self.programme}: {self.found_on:%d/%m/%Y}"


class ChangeState(models.TextChoices):
    PENDING = "pending", _("Chờ xác nhận")
    ACCEPTED = "accepted", _("Đã được xác nhận")
    REFUSED = "refused", _("Không được chấp nhận")
    WITHDRAWN = "withdrawn", _("Đã rút")


class ProgrammeChange(TimeStampedModel):
    """A change the business files for a confirmed programme. The confirmed content stays as it is until
    the receiving agency confirms the change; then the change is applied."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="changes")
    data = models.JSONField(_("Nội dung đề nghị thay đổi"))
    note = models.TextField(_("Nội dung, lý do thay đổi"))
    state = models.CharField(_("Trạng thái"), max_length=10, choices=ChangeState.choices, default=ChangeState.PENDING,
                             db_index=True)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(_("Quyết định lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("Đăng ký sửa đổi chương trình khuyến mại")
        verbose_name_plural = _("Đăng ký sửa đổi chương trình khuyến mại")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.programme}: {self.get_state_display()}"
