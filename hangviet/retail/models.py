"""Distribution infrastructure (markets, supermarkets, shopping centres, convenience stores, OCOP shops)
and the Vietnamese-goods sale points ("Điểm bán hàng Việt Nam", "Tự hào hàng Việt Nam") among them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hangviet.core.models import TimeStampedModel
from hangviet.core.text import fold


class OutletKind(models.TextChoices):
    MARKET = "market", _("Chợ")
    SUPERMARKET = "supermarket", _("Siêu thị")
    SHOPPING_CENTRE = "shopping_centre", _("Trung tâm thương mại")
    CONVENIENCE_STORE = "convenience_store", _("Cửa hàng tiện lợi (chuỗi)")
    OCOP_SHOP = "ocop_shop", _("Cửa hàng, gian hàng OCOP")
    VN_GOODS_STORE = "vn_goods_store", _("Cửa hàng hàng Việt")


class MarketClass(models.TextChoices):
    NONE = "", _("—")
    CLASS_1 = "1", _("Chợ hạng 1")
    CLASS_2 = "2", _("Chợ hạng 2")
    CLASS_3 = "3", _("Chợ hạng 3")


class SalePointLabel(models.TextChoices):
    NONE = "", _("Chưa gắn nhãn")
    VN_GOODS_POINT = "vn_goods_point", _("Điểm bán hàng Việt Nam")
    PROUD_VN = "proud_vn", _("Tự hào hàng Việt Nam")
    ESSENCE_VN = "essence_vn", _("Tinh hoa hàng Việt")


class OpeningStatus(models.TextChoices):
    PLANNED = "planned", _("Đang xây dựng, chuẩn bị")
    OPEN = "open", _("Đang hoạt động")
    SUSPENDED = "suspended", _("Tạm ngừng")
    CLOSED = "closed", _("Đã đóng cửa")


class Outlet(TimeStampedModel):
    """A place that sells goods: part of the distribution network; a sale point when it carries a label."""

    name = models.CharField(_("Tên"), max_length=255)
    kind = models.CharField(_("Loại hình"), max_length=20, choices=OutletKind.choices, db_index=True)
    market_class = models.CharField(_("Hạng chợ"), max_length=1, choices=MarketClass.choices, blank=True, default="")
    chain_name = models.CharField(_("Thuộc chuỗi"), max_length=200, blank=True)
    label = models.CharField(_("Nhãn điểm bán hàng Việt"), max_length=20, choices=SalePointLabel.choices,
                             blank=True, default="", db_index=True)
    certified_on = models.DateField(_("Ngày công nhận điểm bán"), null=True, blank=True)
    operator = models.ForeignKey("businesses.Business", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="outlets", verbose_name=_("Đơn vị vận hành (doanh nghiệp)"))
    operator_name = models.CharField(_("Đơn vị vận hành"), max_length=255, blank=True)
    managing_agency = models.ForeignKey("agencies.Agency", null=True, blank=True, on_delete=models.PROTECT,
                                        related_name="outlets", verbose_name=_("Cơ quan theo dõi"))
    place = models.ForeignKey("places.Place", on_delete=models.PROTECT, related_name="outlets",
                              verbose_name=_("Xã/phường"))
    address = models.CharField(_("Địa chỉ"), max_length=300)
    tourist_site = models.CharField(_("Khu, điểm du lịch"), max_length=200, blank=True)
    latitude = models.DecimalField(_("Vĩ độ"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("Kinh độ"), max_digits=9, decimal_places=6, null=True, blank=True)
    status = models.CharField(_("Tình trạng hoạt động"), max_length=12, choices=OpeningStatus.choices,
                              default=OpeningStatus.OPEN, db_index=True)
    opened_on = models.DateField(_("Ngày khai trương"), null=True, blank=True)
    products_note = models.TextField(_("Sản phẩm, nhóm hàng kinh doanh"), blank=True)
    phone = models.CharField(_("Điện thoại"), max_length=20, blank=True)
    opening_hours = models.CharField(_("Giờ mở cửa"), max_length=100, blank=True)
    is_public = models.BooleanField(_("Công khai trên cổng thông tin"), default=True)
    archived = models.BooleanField(_("Đã lưu trữ"), default=False, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    search_key = models.CharField(max_length=800, db_index=True, editable=False)

    class Meta:
        verbose_name = _("Cơ sở phân phối, điểm bán")
        verbose_name_plural = _("Hạ tầng phân phối, điểm bán hàng Việt")
        ordering = ["search_key", "id"]
        indexes = [models.Index(fields=["place", "kind"]), models.Index(fields=["label", "status"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_sale_point(self) -> bool:
        return bool(self.label)

    @property
    def operator_display(self) -> str:
        return self.operator_name or (self.operator.name if self.operator_id else "")

    def save(self, *args, **kwargs):
        self.search_key = fold(f"{self.name} {self.chain_name} {self.address} {self.tourist_site} "
                               f"{self.operator_name}")[:800]
        super().save(*args, **kwargs)
