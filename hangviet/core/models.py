"""Domain-free base models: history of changes, calendar corrections, rate-limit buckets."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("Tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("Cập nhật lúc"), auto_now=True)

    class Meta:
        abstract = True


class HistoryEntry(models.Model):
    """Who changed what, when: one row per change of any record (house rule 6)."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.CharField(max_length=64, db_index=True)
    target = GenericForeignKey("content_type", "object_id")
    object_repr = models.CharField(_("Bản ghi"), max_length=300)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("Người thực hiện"),
    )
    at = models.DateTimeField(_("Thời điểm"), auto_now_add=True, db_index=True)
    action = models.CharField(_("Thao tác"), max_length=40)
    note = models.TextField(_("Ghi chú"), blank=True)
    changes = models.JSONField(_("Thay đổi"), default=dict, blank=True)

    class Meta:
        verbose_name = _("Lịch sử thay đổi")
        verbose_name_plural = _("Lịch sử thay đổi")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "-at"])]

    def __str__(self) -> str:
        return f"{self.object_repr}: {self.action}"


class CalendarDay(models.Model):
    """An administrator's correction to the working-day calendar (an extra holiday or a swapped day)."""

    date = models.DateField(_("Ngày"), unique=True)
    is_working_day = models.BooleanField(_("Là ngày làm việc"), default=False)
    name = models.CharField(_("Tên / lý do"), max_length=200)
    legal_source = models.CharField(_("Căn cứ"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("Ngày điều chỉnh lịch làm việc")
        verbose_name_plural = _("Lịch làm việc: ngày nghỉ, ngày làm bù")
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.name}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        from . import workdays

        workdays.invalidate()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        from . import workdays

        workdays.invalidate()
        return result


class Notice(models.Model):
    """An in-app notification in the back office ("thông báo của tôi")."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices")
    subject = models.CharField(_("Tiêu đề"), max_length=200)
    body = models.TextField(_("Nội dung"), blank=True)
    link = models.CharField(_("Liên kết"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("Lúc"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("Đã đọc lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("Thông báo")
        verbose_name_plural = _("Thông báo")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.subject
