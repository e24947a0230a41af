"""The one filing-and-review workflow: a business (or an agency) files something with a receiving
agency, an officer acknowledges, asks for changes, confirms or refuses it, on a working-day clock.

Each domain app keeps its own typed model (a promotion programme, a trade-fair registration) with a
OneToOneField to `Filing`, and registers its kind with `hangviet.filings.kinds.register_kind`."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hangviet.core.deadlines import DeadlineClock
from hangviet.core.models import TimeStampedModel


class FilingState(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    SUBMITTED = "submitted", _("Đã nộp, chờ tiếp nhận")
    ACKNOWLEDGED = "acknowledged", _("Đã tiếp nhận, đang xem xét")
    CHANGES_REQUESTED = "changes_requested", _("Yêu cầu bổ sung, sửa đổi")
    CONFIRMED = "confirmed", _("Đã xác nhận")
    REFUSED = "refused", _("Không xác nhận")
    AMENDED = "amended", _("Đã nộp sửa đổi, chờ xác nhận")
    SUSPENDED = "suspended", _("Bị đình chỉ")
    CANCELLED = "cancelled", _("Đã hủy")
    CLOSED = "closed", _("Đã kết thúc")


# States in which the receiving agency owes an answer (the clock runs).
PENDING_STATES = (FilingState.SUBMITTED, FilingState.ACKNOWLEDGED, FilingState.AMENDED)
# States the filer may still edit the content in.
EDITABLE_STATES = (FilingState.DRAFT, FilingState.CHANGES_REQUESTED)
FINAL_STATES = (FilingState.REFUSED, FilingState.CANCELLED, FilingState.CLOSED)


ACTION_LABELS = {
    "create": "Tạo hồ sơ",
    "submit": "Nộp hồ sơ",
    "resubmit": "Nộp lại hồ sơ đã sửa",
    "acknowledge": "Tiếp nhận hồ sơ",
    "request_changes": "Yêu cầu bổ sung, sửa đổi",
    "confirm": "Xác nhận",
    "refuse": "Không xác nhận",
    "refuse_amendment": "Không chấp nhận nội dung sửa đổi",
    "amend": "Nộp sửa đổi",
    "suspend": "Đình chỉ",
    "cancel": "Hủy",
    "close": "Kết thúc",
}


class Filing(TimeStampedModel, DeadlineClock):
    kind = models.CharField(_("Loại hồ sơ"), max_length=40, db_index=True)
    reference = models.CharField(_("Số hồ sơ"), max_length=40, unique=True, null=True, blank=True)
    title = models.CharField(_("Tên hồ sơ"), max_length=300)
    filer_business = models.ForeignKey("businesses.Business", null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="filings", verbose_name=_("Tổ chức nộp"))
    filer_user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="filings", verbose_name=_("Người nộp"))
    receiving_agency = models.ForeignKey("agencies.Agency", null=True, blank=True, on_delete=models.PROTECT,
                                         related_name="received_filings", verbose_name=_("Cơ quan tiếp nhận"))
    state = models.CharField(_("Trạng thái"), max_length=20, choices=FilingState.choices,
                             default=FilingState.DRAFT, db_index=True)
    submitted_at = models.DateTimeField(_("Nộp lúc"), null=True, blank=True)
    decided_at = models.DateTimeField(_("Quyết định lúc"), null=True, blank=True)
    decision_note = models.TextField(_("Ý kiến / lý do"), blank=True)
    payload = models.JSONField(_("Nội dung đã nộp"), default=dict, blank=True)
    confirmed_payload = models.JSONField(_("Nội dung đã được xác nhận"), null=True, blank=True)
    search_key = models.CharField(max_length=400, db_index=True, editable=False, default="")

    class Meta:
        verbose_name = _("Hồ sơ")
        verbose_name_plural = _("Hồ sơ tiếp nhận")
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["kind", "state"]),
            models.Index(fields=["receiving_agency", "state"]),
            models.Index(fields=["filer_business", "-created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.reference or _('(chưa nộp)')} · {self.title}"

    def save(self, *args, **kwargs):
        from hangviet.core.text import fold

        self.search_key = fold(f"{self.reference or ''} {self.title}")[:400]
        super().save(*args, **kwargs)

    @property
    def kind_label(self) -> str:
        from .kinds import get_kind

        spec = get_kind(self.kind, missing_ok=True)
        return str(spec.label) if spec else self.kind

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_STATES

    @property
    def is_pending(self) -> bool:
        return self.state in PENDING_STATES


class CommentVisibility(models.TextChoices):
    FILER = "filer", _("Gửi tổ chức nộp hồ sơ")
    INTERNAL = "internal", _("Nội bộ cơ quan")


class FilingComment(models.Model):
    filing = models.ForeignKey(Filing, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                               verbose_name=_("Người viết"))
    body = models.TextField(_("Nội dung"))
    visibility = models.CharField(_("Ai được xem"), max_length=10, choices=CommentVisibility.choices,
                                  default=CommentVisibility.FILER)
    created_at = models.DateTimeField(_("Lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("Ý kiến về hồ sơ")
        verbose_name_plural = _("Ý kiến về hồ sơ")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.body[:80]


def filing_document_path(instance, filename):
    return f"filings/{instance.filing_id}/{filename}"


class FilingDocument(models.Model):
    filing = models.ForeignKey(Filing, on_delete=models.CASCADE, related_name="documents")
    label = models.CharField(_("Tên tài liệu"), max_length=200)
    file = models.FileField(_("Tệp"), upload_to=filing_document_path, max_length=300)
    original_name = models.CharField(_("Tên tệp gốc"), max_length=255)
    content_type = models.CharField(_("Loại tệp"), max_length=120)
    size = models.PositiveIntegerField(_("Dung lượng (byte)"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                                    verbose_name=_("Người tải lên"))
    uploaded_at = models.DateTimeField(_("Tải lên lúc"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("Rút lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("Tài liệu kèm hồ sơ")
        verbose_name_plural = _("Tài liệu kèm hồ sơ")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.label


class FilingEvent(models.Model):
    """One transition of a filing: who, when, from which state to which, and why."""

    filing = models.ForeignKey(Filing, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                              verbose_name=_("Người thực hiện"))
    at = models.DateTimeField(_("Lúc"), auto_now_add=True, db_index=True)
    action = models.CharField(_("Thao tác"), max_length=30)
    from_state = models.CharField(_("Từ trạng thái"), max_length=20, choices=FilingState.choices, blank=True)
    to_state = models.CharField(_("Sang trạng thái"), max_length=20, choices=FilingState.choices)
    note = models.TextField(_("Ghi chú"), blank=True)

    class Meta:
        verbose_name = _("Diễn biến hồ sơ")
        verbose_name_plural = _("Diễn biến hồ sơ")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.action}: {self.from_state} → {self.to_state}"

    @property
    def action_label(self) -> str:
        return ACTION_LABELS.get(self.action, self.action)
