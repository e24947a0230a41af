"""Market inspections: plans (peak periods such as Tết), inspection records with their violations,
seized goods, fines and decisions, and the complaints an inspection answers."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hangviet.complaints.models import Category


class Period(models.TextChoices):
    TET = "tet", _("Tết Nguyên đán")
    MID_AUTUMN = "mid_autumn", _("Tết Trung thu")
    THEMATIC = "thematic", _("Chuyên đề")
    REGULAR = "regular", _("Thường xuyên")


class InspectionPlan(models.Model):
    name = models.CharField(_("Tên kế hoạch"), max_length=255)
    period = models.CharField(_("Đợt cao điểm"), max_length=20, choices=Period.choices, default=Period.REGULAR)
    starts_on = models.DateField(_("Từ ngày"))
    ends_on = models.DateField(_("Đến ngày"))
    agency = models.ForeignKey("agencies.Agency", verbose_name=_("Cơ quan chủ trì"), on_delete=models.PROTECT,
                               related_name="+")
    place = models.ForeignKey("places.Place", verbose_name=_("Địa bàn"), on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("Kế hoạch kiểm tra thị trường")
        verbose_name_plural = _("Kế hoạch kiểm tra thị trường")

    def __str__(self):
        return self.name


class InspectionStatus(models.TextChoices):
    PLANNED = "planned", _("Dự kiến")
    DONE = "done", _("Đã kiểm tra")
    CLOSED = "closed", _("Đã kết thúc")


class Inspection(models.Model):
    plan = models.ForeignKey(InspectionPlan, verbose_name=_("Kế hoạch"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="inspections")
    agency = models.ForeignKey("agencies.Agency", verbose_name=_("Cơ quan kiểm tra"), on_delete=models.PROTECT,
                               related_name="+")
    place = models.ForeignKey("places.Place", verbose_name=_("Địa bàn"), on_delete=models.PROTECT, related_name="+")
    place_detail = models.CharField(_("Địa điểm"), max_length=300, blank=True)
    inspected_on = models.DateField(_("Ngày kiểm tra"), db_index=True)
    team = models.CharField(_("Đoàn kiểm tra"), max_length=300, blank=True)
    business = models.ForeignKey("businesses.Business", verbose_name=_("Cơ sở được kiểm tra"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    business_name = models.CharField(_("Tên cơ sở (nếu chưa có trong danh bạ)"), max_length=255, blank=True)
    status = models.CharField(_("Trạng thái"), max_length=10, choices=InspectionStatus.choices,
                              default=InspectionStatus.PLANNED)
    result = models.TextField(_("Kết quả"), blank=True)
    follow_up = models.TextField(_("Theo dõi, xử lý tiếp"), blank=True)
    complaints = models.ManyToManyField("complaints.Complaint", verbose_name=_("Phản ánh liên quan"), blank=True,
                                        related_name="inspections")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-inspected_on", "-id"]
        verbose_name = _("Cuộc kiểm tra")
        verbose_name_plural = _("Cuộc kiểm tra")

    def __str__(self):
        return f"{self.inspected_on:%d/%m/%Y} – {self.business.name if self.business_id else self.business_name}"


class Violation(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="violations")
    category = models.CharField(_("Loại vi phạm"), max_length=20,
                                choices=Category.choices)
    description = models.TextField(_("Mô tả"), blank=True)
    seized_value = models.BigIntegerField(_("Trị giá hàng tạm giữ (VND)"), default=0)
    fine_amount = models.BigIntegerField(_("Tiền phạt (VND)"), default=0)
    decision_number = models.CharField(_("Số quyết định xử phạt"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("Vi phạm")
        verbose_name_plural = _("Vi phạm")

    def __str__(self):
        return f"{self.category} – {self.fine_amount:,} đ"
