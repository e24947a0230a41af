"""Administrative units: today's provinces and communes, and the historical units old plans name."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from hangviet.core.text import fold


class Level(models.TextChoices):
    PROVINCE = "province", _("Tỉnh/Thành phố")
    DISTRICT = "district", _("Quận/Huyện/Thị xã (trước 01/07/2025)")
    COMMUNE = "commune", _("Xã/Phường/Đặc khu")


class Place(models.Model):
    code = models.CharField(_("Mã"), max_length=20, primary_key=True)
    name = models.CharField(_("Tên"), max_length=150)
    division_type = models.CharField(_("Loại đơn vị"), max_length=40)
    level = models.CharField(_("Cấp"), max_length=10, choices=Level.choices, db_index=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children",
                               verbose_name=_("Thuộc"))
    # Today's province this unit rolls up to (itself for a province); historical units included.
    province = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("Tỉnh/thành phố hiện nay"))
    valid_from = models.DateField(_("Hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("Hiệu lực đến"), null=True, blank=True)
    successors = models.ManyToManyField("self", symmetrical=False, blank=True, related_name="predecessors",
                                        verbose_name=_("Đơn vị kế thừa"))
    search_key = models.CharField(max_length=200, db_index=True, editable=False)

    class Meta:
        verbose_name = _("Đơn vị hành chính")
        verbose_name_plural = _("Đơn vị hành chính")
        ordering = ["level", "name"]
        indexes = [models.Index(fields=["level", "parent"]), models.Index(fields=["province", "level"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_historical(self) -> bool:
        return self.valid_to is not None

    @property
    def full_name(self) -> str:
        parts = [self.name]
        node = self.parent
        while node is not None:
            parts.append(node.name)
            node = node.parent
        return ", ".join(parts)

    def save(self, *args, **kwargs):
        self.search_key = fold(self.name)
        super().save(*args, **kwargs)
