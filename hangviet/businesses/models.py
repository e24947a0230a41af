"""Enterprises, cooperatives, cooperative groups and household businesses."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hangviet.core.models import TimeStampedModel
from hangviet.core.text import fold


class BusinessKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("Doanh nghiệp")
    COOPERATIVE = "cooperative", _("Hợp tác xã")
    COOPERATIVE_GROUP = "cooperative_group", _("Tổ hợp tác")
    HOUSEHOLD = "household", _("Hộ kinh doanh")


class BusinessStatus(models.TextChoices):
    PENDING = "pending", _("Chờ duyệt")
    APPROVED = "approved", _("Đã duyệt")
    REJECTED = "rejected", _("Bị từ chối")
    SUSPENDED = "suspended", _("Tạm ngừng")


class Business(TimeStampedModel):
    tax_code = models.CharField(_("Mã số thuế"), max_length=14, unique=True)
    name = models.CharField(_("Tên"), max_length=255)
    short_name = models.CharField(_("Tên viết tắt"), max_length=120, blank=True)
    kind = models.CharField(_("Loại hình"), max_length=20, choices=BusinessKind.choices, default=BusinessKind.ENTERPRISE)
    address = models.CharField(_("Địa chỉ"), max_length=300, blank=True)
    place = models.ForeignKey("places.Place", on_delete=models.PROTECT, related_name="businesses",
                              verbose_name=_("Xã/phường"))
    representative = models.CharField(_("Người đại diện"), max_length=150, blank=True)
    phone = models.CharField(_("Điện thoại"), max_length=20, blank=True)
    email = models.EmailField(_("Thư điện tử"), blank=True)
    sector = models.CharField(_("Ngành nghề"), max_length=200, blank=True)
    website = models.URLField(_("Trang web"), blank=True)
    status = models.CharField(_("Trạng thái"), max_length=12, choices=BusinessStatus.choices,
                              default=BusinessStatus.APPROVED, db_index=True)
    review_note = models.TextField(_("Ý kiến duyệt / lý do từ chối"), blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("Người duyệt"))
    reviewed_at = models.DateTimeField(_("Duyệt lúc"), null=True, blank=True)
    search_key = models.CharField(max_length=600, db_index=True, editable=False)

    class Meta:
        verbose_name = _("Doanh nghiệp, cơ sở sản xuất")
        verbose_name_plural = _("Doanh nghiệp, HTX, hộ kinh doanh")
        ordering = ["search_key"]
        indexes = [models.Index(fields=["place", "status"])]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.search_key = fold(f"{self.name} {self.short_name} {self.tax_code}".replace("|", " "))[:600]
        super().save(*args, **kwargs)
