"""Campaign plans: the plan document, its legal bases and targets, its numbered tasks with lead and
coordinating units and planned outputs, its reporting rules and periods, the units' progress reports
(with revisions, achieved quantities and evidence) and generic evidence links from other apps."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from hangviet.core.deadlines import DeadlineClock
from hangviet.core.models import TimeStampedModel
from hangviet.core.text import fold


class LegalDocumentType(models.TextChoices):
    RESOLUTION = "resolution", _("Nghị quyết")
    CONCLUSION = "conclusion", _("Kết luận / Thông báo kết luận")
    DIRECTIVE = "directive", _("Chỉ thị")
    DECISION = "decision", _("Quyết định")
    DECREE = "decree", _("Nghị định")
    CIRCULAR = "circular", _("Thông tư")
    LAW = "law", _("Luật")
    PLAN = "plan", _("Kế hoạch")
    PROGRAMME = "programme", _("Chương trình")
    NOTICE = "notice", _("Thông báo")
    LETTER = "letter", _("Công văn")
    OTHER = "other", _("Văn bản khác")


class LegalDocument(TimeStampedModel):
    """A referenced document (căn cứ). One row however many plans cite it."""

    doc_type = models.CharField(_("Loại văn bản"), max_length=20, choices=LegalDocumentType.choices,
                                default=LegalDocumentType.OTHER)
    number_symbol = models.CharField(_("Số, ký hiệu"), max_length=80)
    issued_on = models.DateField(_("Ngày ban hành"), null=True, blank=True)
    issuer = models.CharField(_("Cơ quan ban hành"), max_length=255, blank=True)
    summary = models.TextField(_("Trích yếu"), blank=True)
    # fold(number_symbol) + date: the identity of the document across plans
    key = models.CharField(max_length=120, unique=True, editable=False)

    class Meta:
        verbose_name = _("Văn bản căn cứ")
        verbose_name_plural = _("Văn bản căn cứ")
        ordering = ["-issued_on", "number_symbol"]

    def __str__(self) -> str:
        date = f" ngày {self.issued_on:%d/%m/%Y}" if self.issued_on else ""
        return f"{self.get_doc_type_display()} số {self.number_symbol}{date}"

    @staticmethod
    def make_key(number_symbol: str, issued_on) -> str:
        symbol = fold(number_symbol).replace(" ", "")
        return f"{symbol}|{issued_on.isoformat() if issued_on else ''}"[:120]

    def save(self, *args, **kwargs):
        self.key = self.make_key(self.number_symbol, self.issued_on)
        super().save(*args, **kwargs)


class PlanLevel(models.TextChoices):
    PROVINCE = "province", _("Cấp tỉnh")
    DISTRICT = "district", _("Cấp huyện")
    COMMUNE = "commune", _("Cấp xã")
    DEPARTMENT = "department", _("Sở, ban, ngành")


class PlanStatus(models.TextChoices):
    ACTIVE = "active", _("Đang thực hiện")
    CLOSED = "closed", _("Đã kết thúc")
    ARCHIVED = "archived", _("Lưu trữ")


class Plan(TimeStampedModel):
    governing_body = models.CharField(_("Cơ quan chủ quản"), max_length=255, blank=True)
    issuing_body = models.CharField(_("Cơ quan ban hành"), max_length=255)
    issuing_agency = models.ForeignKey("agencies.Agency", null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="issued_plans", verbose_name=_("Cơ quan ban hành (danh mục)"))
    number = models.CharField(_("Số"), max_length=20, blank=True)
    symbol = models.CharField(_("Ký hiệu"), max_length=60, blank=True)
    issued_place = models.CharField(_("Địa danh"), max_length=100, blank=True)
    issued_on = models.DateField(_("Ngày ban hành"), null=True, blank=True)
    title = models.CharField(_("Tên kế hoạch"), max_length=500)
    summary = models.TextField(_("Trích yếu"), blank=True)
    start_year = models.PositiveIntegerField(_("Từ năm"))
    end_year = models.PositiveIntegerField(_("Đến năm"))
    level = models.CharField(_("Cấp"), max_length=12, choices=PlanLevel.choices, default=PlanLevel.PROVINCE)
    place = models.ForeignKey("places.Place", on_delete=models.PROTECT, related_name="plans",
                              verbose_name=_("Địa bàn"))
    focal_unit = models.ForeignKey("agencies.Agency", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="focal_plans", verbose_name=_("Đơn vị đầu mối"))
    parent_plan = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="child_plans", verbose_name=_("Thực hiện kế hoạch cấp trên"))
    legal_bases = models.ManyToManyField(LegalDocument, through="PlanLegalBasis", related_name="plans",
                                         blank=True, verbose_name=_("Căn cứ"))
    purposes = models.TextField(_("Mục đích"), blank=True)
    requirements = models.TextField(_("Yêu cầu"), blank=True)
    budget_source = models.TextField(_("Kinh phí"), blank=True)
    implementation = models.TextField(_("Tổ chức thực hiện"), blank=True)
    recipients = models.TextField(_("Nơi nhận"), blank=True, help_text=_("Mỗi dòng một nơi nhận."))
    signer_authority = models.CharField(_("Thẩm quyền ký"), max_length=200, blank=True,
                                        help_text=_("Ví dụ: TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"))
    signer_name = models.CharField(_("Người ký"), max_length=150, blank=True)
    status = models.CharField(_("Trạng thái"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.ACTIVE,
                              db_index=True)
    source_text = models.TextField(_("Văn bản gốc"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("Người tạo"))
    search_key = models.CharField(max_length=800, db_index=True, editable=False)

    class Meta:
        verbose_name = _("Kế hoạch")
        verbose_name_plural = _("Kế hoạch")
        ordering = ["-start_year", "-issued_on", "-id"]
        indexes = [models.Index(fields=["place", "status"])]

    def __str__(self) -> str:
        return self.title

    @property
    def number_symbol(self) -> str:
        if self.number and self.symbol:
            return f"{self.number}/{self.symbol}"
        return self.number or self.symbol

    @property
    def period_label(self) -> str:
        return str(self.start_year) if self.start_year == self.end_year else f"{self.start_year}-{self.end_year}"

    def save(self, *args, **kwargs):
        self.search_key = fold(f"{self.title} {self.number_symbol} {self.issuing_body}")[:800]
        super().save(*args, **kwargs)


class PlanLegalBasis(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="legal_basis_links")
    document = models.ForeignKey(LegalDocument, on_delete=models.PROTECT, related_name="plan_links")
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("Căn cứ của kế hoạch")
        verbose_name_plural = _("Căn cứ của kế hoạch")
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["plan", "document"], name="plan_legal_basis_unique")]

    def __str__(self) -> str:
        return str(self.document)


class Comparison(models.TextChoices):
    GT = "gt", _("trên")
    GTE = "gte", _("ít nhất")
    LT = "lt", _("dưới")
    LTE = "lte", _("tối đa")
    EQ = "eq", _("bằng")


class Target(models.Model):
    """A quantitative target: indicator, comparison, value, unit, deadline and where it applies."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="targets", verbose_name=_("Kế hoạch"))
    indicator = models.CharField(_("Chỉ tiêu"), max_length=300)
    comparison = models.CharField(_("So sánh"), max_length=3, choices=Comparison.choices, default=Comparison.GTE)
    value = models.DecimalField(_("Giá trị"), max_digits=14, decimal_places=2)
    unit = models.CharField(_("Đơn vị tính"), max_length=40, blank=True)
    deadline_year = models.PositiveIntegerField(_("Thời hạn (năm)"), null=True, blank=True)
    applies_to = models.CharField(_("Phạm vi áp dụng"), max_length=300, blank=True,
                                  help_text=_("Địa bàn, kênh phân phối: siêu thị, chợ, nông thôn..."))
    achieved_value = models.DecimalField(_("Giá trị đạt được"), max_digits=14, decimal_places=2, null=True,
                                         blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("Chỉ tiêu")
        verbose_name_plural = _("Chỉ tiêu")
        ordering = ["plan", "order", "id"]

    def __str__(self) -> str:
        return f"{self.indicator} {self.get_comparison_display()} {self.value:g}{self.unit}"


class Task(TimeStampedModel):
    """A numbered task (I, II, 2, 2.4, + sub-items) of a plan."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("Kế hoạch"))
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children",
                               verbose_name=_("Nhiệm vụ cha"))
    number = models.CharField(_("Số thứ tự"), max_length=30)
    order = models.PositiveIntegerField(_("Thứ tự"), default=0, db_index=True)
    depth = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("Tên nhiệm vụ"), max_length=500)
    content = models.TextField(_("Nội dung"), blank=True)
    method = models.TextField(_("Phương thức thực hiện"), blank=True)
    time_frame = models.CharField(_("Thời gian thực hiện"), max_length=200, blank=True)
    starts_on = models.DateField(_("Bắt đầu"), null=True, blank=True)
    ends_on = models.DateField(_("Kết thúc"), null=True, blank=True)
    budget = models.CharField(_("Kinh phí"), max_length=300, blank=True)
    budget_vnd = models.BigIntegerField(_("Kinh phí (đồng)"), null=True, blank=True)
    is_reportable = models.BooleanField(_("Phải báo cáo tiến độ"), default=True)
    carries_out = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="delegated_tasks",
                                    verbose_name=_("Thực hiện nhiệm vụ của kế hoạch cấp trên"))
    is_cancelled = models.BooleanField(_("Đã hủy"), default=False)

    class Meta:
        verbose_name = _("Nhiệm vụ")
        verbose_name_plural = _("Nhiệm vụ")
        ordering = ["plan", "order"]
        constraints = [models.UniqueConstraint(fields=["plan", "order"], name="task_unique_order_in_plan")]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"[:200]


class AssignmentRole(models.TextChoices):
    LEAD = "lead", _("Chủ trì / thực hiện")
    COORDINATE = "coordinate", _("Phối hợp")


class TaskAssignment(models.Model):
    """A unit named on a task. `agency` is empty when the name is a collective one (e.g. "các doanh
    nghiệp liên quan") that was kept as text."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="assignments")
    role = models.CharField(_("Vai trò"), max_length=10, choices=AssignmentRole.choices)
    agency = models.ForeignKey("agencies.Agency", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="task_assignments", verbose_name=_("Cơ quan, đơn vị"))
    name = models.CharField(_("Tên như trong văn bản"), max_length=255)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("Phân công")
        verbose_name_plural = _("Phân công")
        ordering = ["task", "role", "order"]
        indexes = [models.Index(fields=["agency", "role"])]

    def __str__(self) -> str:
        return self.name


class TaskOutput(models.Model):
    """A planned output with its quantity (03 phiên chợ hàng Việt tại 03 huyện)."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="outputs")
    description = models.CharField(_("Sản phẩm dự kiến"), max_length=500)
    quantity = models.DecimalField(_("Số lượng"), max_digits=12, decimal_places=2, null=True, blank=True)
    unit = models.CharField(_("Đơn vị tính"), max_length=60, blank=True)
    lead_agency = models.ForeignKey("agencies.Agency", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("Đơn vị chủ trì"))
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("Sản phẩm dự kiến")
        verbose_name_plural = _("Sản phẩm dự kiến")
        ordering = ["task", "order", "id"]

    def __str__(self) -> str:
        qty = f"{self.quantity:g} " if self.quantity is not None else ""
        return f"{qty}{self.unit} {self.description}".strip()


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("Hằng tháng")
    QUARTERLY = "quarterly", _("Hằng quý")
    HALF_YEARLY = "half_yearly", _("6 tháng")
    YEARLY = "yearly", _("Hằng năm")


class ReportingRule(models.Model):
    """How a plan is reported on: who reports to whom, how often, with which cut-off and due day.
    All numbers are data (DOMAIN 11b: Decree 09/2019 cut-off 15th-14th; the seeds: before the 25th)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="reporting_rules")
    frequency = models.CharField(_("Kỳ báo cáo"), max_length=12, choices=Frequency.choices)
    reporters = models.CharField(_("Đơn vị báo cáo"), max_length=300, blank=True,
                                 help_text=_("Để trống: các đơn vị chủ trì nhiệm vụ."))
    recipient = models.CharField(_("Gửi báo cáo đến"), max_length=300, blank=True)
    recipient_agency = models.ForeignKey("agencies.Agency", null=True, blank=True, on_delete=models.PROTECT,
                                         related_name="+", verbose_name=_("Đơn vị nhận báo cáo"))
    unit_reports = models.BooleanField(_("Đơn vị báo cáo từng nhiệm vụ"), default=True,
                                       help_text=_("Bỏ chọn: báo cáo tổng hợp của đơn vị đầu mối gửi cấp trên."))
    cutoff_day = models.PositiveSmallIntegerField(_("Ngày chốt số liệu"), default=14,
                                                  help_text=_("Số liệu tính đến ngày này của tháng cuối kỳ."))
    due_day = models.PositiveSmallIntegerField(_("Hạn nộp: trước ngày"), default=25)
    due_month_offset = models.SmallIntegerField(_("Tháng hạn nộp so với tháng cuối kỳ"), default=0)
    reminder_working_days = models.PositiveSmallIntegerField(_("Nhắc trước (ngày làm việc)"), default=3)
    resubmit_working_days = models.PositiveSmallIntegerField(_("Hạn nộp lại sau khi trả lại (ngày làm việc)"),
                                                             default=3)
    legal_source = models.CharField(_("Căn cứ"), max_length=300, blank=True)
    source_text = models.TextField(_("Câu trong văn bản"), blank=True)

    class Meta:
        verbose_name = _("Chế độ báo cáo")
        verbose_name_plural = _("Chế độ báo cáo")
        ordering = ["plan", "id"]

    def __str__(self) -> str:
        return f"{self.get_frequency_display()} — {self.recipient}".strip(" —")


class PeriodKind(models.TextChoices):
    MONTH = "month", _("Tháng")
    QUARTER = "quarter", _("Quý")
    HALF = "half", _("6 tháng")
    YEAR = "year", _("Năm")


class ReportingPeriod(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="periods")
    rule = models.ForeignKey(ReportingRule, null=True, blank=True, on_delete=models.SET_NULL, related_name="periods")
    kind = models.CharField(_("Loại kỳ"), max_length=8, choices=PeriodKind.choices)
    code = models.CharField(_("Mã kỳ"), max_length=10, help_text="2024-Q1, 2024-H1, 2024, 2024-03")
    label = models.CharField(_("Tên kỳ"), max_length=60)
    starts_on = models.DateField(_("Từ ngày"))
    ends_on = models.DateField(_("Đến ngày"))
    data_from = models.DateField(_("Số liệu từ ngày"))
    data_to = models.DateField(_("Số liệu đến ngày"))
    due_date = models.DateField(_("Hạn nộp"), db_index=True)
    is_closed = models.BooleanField(_("Đã khóa kỳ"), default=False)
    unit_reports = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("Kỳ báo cáo")
        verbose_name_plural = _("Kỳ báo cáo")
        ordering = ["plan", "due_date", "kind"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="period_unique_code_in_plan")]

    def __str__(self) -> str:
        return self.label


class ReportState(models.TextChoices):
    PENDING = "pending", _("Chưa nộp")
    SUBMITTED = "submitted", _("Đã nộp, chờ xem xét")
    RETURNED = "returned", _("Bị trả lại")
    ACCEPTED = "accepted", _("Đã chấp nhận")
    SUPERSEDED = "superseded", _("Đã có bản điều chỉnh")


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Chưa triển khai")
    ON_TRACK = "on_track", _("Đang thực hiện đúng tiến độ")
    AT_RISK = "at_risk", _("Có nguy cơ chậm")
    DONE = "done", _("Hoàn thành")
    CANCELLED = "cancelled", _("Hủy bỏ")


class ProgressReport(DeadlineClock, TimeStampedModel):
    """One unit's report on one task for one period. Created as an obligation ("chưa nộp") when the
    period is generated; the clock stops on submission. An accepted report is locked; a correction is
    a new revision (the old one becomes superseded and stays)."""

    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="reports", verbose_name=_("Nhiệm vụ"))
    unit = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="plan_reports",
                             verbose_name=_("Đơn vị báo cáo"))
    period = models.ForeignKey(ReportingPeriod, on_delete=models.PROTECT, related_name="reports",
                               verbose_name=_("Kỳ báo cáo"))
    revision = models.PositiveSmallIntegerField(_("Lần điều chỉnh"), default=1)
    is_current = models.BooleanField(default=True, db_index=True)
    previous = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="next_revision", verbose_name=_("Bản trước"))
    state = models.CharField(_("Trạng thái hồ sơ"), max_length=12, choices=ReportState.choices,
                             default=ReportState.PENDING, db_index=True)
    status = models.CharField(_("Tình hình thực hiện"), max_length=12, choices=TaskStatus.choices, blank=True)
    narrative = models.TextField(_("Kết quả thực hiện"), blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("Người nộp"))
    submitted_at = models.DateTimeField(_("Nộp lúc"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("Người xem xét"))
    reviewed_at = models.DateTimeField(_("Xem xét lúc"), null=True, blank=True)
    review_comment = models.TextField(_("Ý kiến xem xét"), blank=True)

    class Meta:
        verbose_name = _("Báo cáo tiến độ")
        verbose_name_plural = _("Báo cáo tiến độ")
        ordering = ["period_id", "task_id", "unit_id", "-revision"]
        constraints = [
            models.UniqueConstraint(fields=["task", "unit", "period", "revision"], name="report_unique_revision"),
            models.UniqueConstraint(fields=["task", "unit", "period"], condition=models.Q(is_current=True),
                                    name="report_one_current"),
        ]
        indexes = [models.Index(fields=["unit", "is_current", "state"]),
                   models.Index(fields=["period", "is_current"])]

    def __str__(self) -> str:
        return f"{self.task.number} · {self.unit} · {self.period.label}"

    @property
    def is_locked(self) -> bool:
        return self.state in (ReportState.ACCEPTED, ReportState.SUPERSEDED)


class TaskEvidence(models.Model):
    """A record of another app (an event, a market session, ...) that counts towards a task.
    The events app calls plans.services.evidence_link; plans never imports the other app."""

    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="evidence", verbose_name=_("Nhiệm vụ"))
    period = models.ForeignKey(ReportingPeriod, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="evidence", verbose_name=_("Kỳ báo cáo"))
    output = models.ForeignKey(TaskOutput, null=True, blank=True, on_delete=models.SET_NULL, related_name="evidence",
                               verbose_name=_("Sản phẩm dự kiến"))
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.CharField(max_length=64)
    target = GenericForeignKey("content_type", "object_id")
    quantity = models.DecimalField(_("Số lượng"), max_digits=12, decimal_places=2, default=1)
    label = models.CharField(_("Mô tả"), max_length=300)
    url = models.CharField(_("Liên kết"), max_length=300, blank=True)
    occurred_on = models.DateField(_("Ngày"), null=True, blank=True)
    created_at = models.DateTimeField(_("Ghi nhận lúc"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("Rút lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("Minh chứng kết quả")
        verbose_name_plural = _("Minh chứng kết quả")
        ordering = ["task", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["task", "content_type", "object_id"],
                                    condition=models.Q(withdrawn_at__isnull=True), name="evidence_unique_active"),
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return self.label


class AchievedQuantity(models.Model):
    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="quantities")
    output = models.ForeignKey(TaskOutput, null=True, blank=True, on_delete=models.PROTECT, related_name="achieved",
                               verbose_name=_("Sản phẩm dự kiến"))
    description = models.CharField(_("Nội dung"), max_length=300)
    quantity = models.DecimalField(_("Số lượng đạt được"), max_digits=12, decimal_places=2)
    unit = models.CharField(_("Đơn vị tính"), max_length=60, blank=True)
    evidence = models.ManyToManyField(TaskEvidence, blank=True, related_name="achieved_quantities",
                                      verbose_name=_("Minh chứng"))

    class Meta:
        verbose_name = _("Khối lượng đạt được")
        verbose_name_plural = _("Khối lượng đạt được")
        ordering = ["report", "id"]
        constraints = [models.CheckConstraint(condition=models.Q(quantity__gte=0), name="achieved_quantity_not_negative")]

    def __str__(self) -> str:
        return f"{self.quantity:g} {self.unit} {self.description}".strip()


def attachment_path(instance, filename: str) -> str:
    return f"plans/reports/{instance.report_id}/{filename}"


class ReportAttachment(models.Model):
    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("Tệp minh chứng"), upload_to=attachment_path, max_length=300)
    original_name = models.CharField(_("Tên tệp"), max_length=255)
    content_type = models.CharField(max_length=120)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Tệp minh chứng")
        verbose_name_plural = _("Tệp minh chứng")
        ordering = ["report", "id"]

    def __str__(self) -> str:
        return self.original_name


class ReminderKind(models.TextChoices):
    BEFORE = "before", _("Nhắc trước hạn")
    MISSED = "missed", _("Báo quá hạn")


class ReminderSent(models.Model):
    """One reminder per report, kind and due date: the periodic job is idempotent."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=8, choices=ReminderKind.choices)
    due_date = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Nhắc hạn đã gửi")
        verbose_name_plural = _("Nhắc hạn đã gửi")
        constraints = [models.UniqueConstraint(fields=["report", "kind", "due_date"], name="reminder_once")]


class ReportingDefault(models.Model):
    """The reporting numbers a plan's rule starts from when its text does not state them: data with
    their legal source and effective dates (DOMAIN 11b), editable by an administrator."""

    name = models.CharField(_("Tên"), max_length=200)
    legal_source = models.CharField(_("Căn cứ pháp lý"), max_length=300)
    valid_from = models.DateField(_("Hiệu lực từ"))
    valid_to = models.DateField(_("Hiệu lực đến"), null=True, blank=True)
    cutoff_day = models.PositiveSmallIntegerField(_("Ngày chốt số liệu"), default=14)
    due_day = models.PositiveSmallIntegerField(_("Hạn nộp: trước ngày"), default=25)
    due_month_offset = models.SmallIntegerField(_("Tháng hạn nộp so với tháng cuối kỳ"), default=0)
    reminder_working_days = models.PositiveSmallIntegerField(_("Nhắc trước (ngày làm việc)"), default=3)
    resubmit_working_days = models.PositiveSmallIntegerField(_("Hạn nộp lại sau khi trả lại (ngày làm việc)"),
                                                             default=3)

    class Meta:
        verbose_name = _("Quy định mặc định về báo cáo")
        verbose_name_plural = _("Quy định mặc định về báo cáo")
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        return f"{self.name} ({self.legal_source})"

    @classmethod
    def current(cls, on=None):
        from django.db.models import Q
        from django.utils import timezone

        on = on or timezone.localdate()
        return (cls.objects.filter(valid_from__lte=on).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
                .order_by("-valid_from").first())
