"""Government bodies and their units, the people who work in them, their roles and API tokens."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hangviet.core.models import TimeStampedModel
from hangviet.core.text import fold


class AgencyKind(models.TextChoices):
    PEOPLES_COMMITTEE = "peoples_committee", _("Ủy ban nhân dân")
    DEPARTMENT = "department", _("Sở, ban, ngành")
    FRONT = "front", _("Ủy ban Mặt trận Tổ quốc, đoàn thể")
    MARKET_SURVEILLANCE = "market_surveillance", _("Quản lý thị trường")
    MINISTRY = "ministry", _("Bộ, cơ quan trung ương")
    PRESS = "press", _("Báo, đài")
    ASSOCIATION = "association", _("Hội, hiệp hội")
    UNIT = "unit", _("Phòng, ban, đơn vị trực thuộc")
    CENTER = "center", _("Trung tâm, chi cục")
    STEERING = "steering", _("Ban chỉ đạo")
    OTHER = "other", _("Khác")


class Agency(TimeStampedModel):
    """A government body or one of its units (a unit has a parent body). Plans assign tasks to these."""

    name = models.CharField(_("Tên chính thức"), max_length=255)
    short_name = models.CharField(_("Tên ngắn"), max_length=120, blank=True)
    abbreviations = models.CharField(
        _("Tên viết tắt, tên gọi khác"), max_length=500, blank=True,
        help_text=_("Phân cách bằng dấu chấm phẩy, ví dụ: SCT; Sở CT"),
    )
    kind = models.CharField(_("Loại"), max_length=30, choices=AgencyKind.choices, default=AgencyKind.OTHER)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="units",
                               verbose_name=_("Trực thuộc"))
    place = models.ForeignKey("places.Place", on_delete=models.PROTECT, related_name="agencies",
                              verbose_name=_("Địa bàn phục vụ"))
    email = models.EmailField(_("Thư điện tử"), blank=True)
    phone = models.CharField(_("Điện thoại"), max_length=20, blank=True)
    valid_from = models.DateField(_("Hoạt động từ"), null=True, blank=True)
    valid_to = models.DateField(_("Hoạt động đến"), null=True, blank=True)
    is_focal_point = models.BooleanField(_("Đơn vị đầu mối"), default=False)
    search_key = models.CharField(max_length=800, db_index=True, editable=False)

    class Meta:
        verbose_name = _("Cơ quan, đơn vị")
        verbose_name_plural = _("Cơ quan, đơn vị")
        ordering = ["search_key"]
        constraints = [
            models.UniqueConstraint(fields=["name", "parent", "place"], name="agency_unique_name_in_parent_place"),
        ]

    def __str__(self) -> str:
        return self.short_name or self.name

    def all_names(self) -> list[str]:
        names = [self.name, self.short_name, *[a.strip() for a in self.abbreviations.split(";")]]
        return [n for n in names if n]

    def save(self, *args, **kwargs):
        self.search_key = fold(" | ".join(self.all_names()))[:800]
        super().save(*args, **kwargs)


class Role(models.TextChoices):
    ADMIN = "admin", _("Quản trị hệ thống")
    LEADER = "leader", _("Lãnh đạo")
    FOCAL = "focal", _("Cán bộ đầu mối")
    OFFICER = "officer", _("Cán bộ đơn vị")
    COORDINATOR = "coordinator", _("Cán bộ cơ quan phối hợp")
    BUSINESS = "business", _("Tài khoản doanh nghiệp")


OFFICIAL_ROLES = {Role.ADMIN, Role.LEADER, Role.FOCAL, Role.OFFICER, Role.COORDINATOR}


class HangVietUserManager(UserManager):
    def create_superuser(self, username, email=None, password=None, **extra):
        extra.setdefault("role", Role.ADMIN)
        return super().create_superuser(username, email, password, **extra)


class User(AbstractUser):
    """A person: staff of an agency/unit (officials) or the account of a business."""

    full_name = models.CharField(_("Họ và tên"), max_length=150, blank=True)
    role = models.CharField(_("Vai trò"), max_length=20, choices=Role.choices, default=Role.OFFICER)
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="staff",
                               verbose_name=_("Cơ quan, đơn vị công tác"))
    scope_place = models.ForeignKey(
        "places.Place", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("Phạm vi địa bàn"), help_text=_("Để trống: địa bàn của cơ quan công tác."),
    )
    business = models.ForeignKey("businesses.Business", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="accounts", verbose_name=_("Doanh nghiệp"))
    phone = models.CharField(_("Điện thoại"), max_length=20, blank=True)
    failed_logins = models.PositiveIntegerField(_("Số lần đăng nhập sai liên tiếp"), default=0)
    locked_until = models.DateTimeField(_("Khóa đến"), null=True, blank=True)

    objects = HangVietUserManager()

    class Meta:
        verbose_name = _("Người dùng")
        verbose_name_plural = _("Người dùng")

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def is_official(self) -> bool:
        return self.is_authenticated and self.role in OFFICIAL_ROLES and self.is_active

    @property
    def is_locked(self) -> bool:
        return self.locked_until is not None and self.locked_until > timezone.now()

    def save(self, *args, **kwargs):
        # Officials reach the back office; business accounts use the portal only.
        self.is_staff = self.role in OFFICIAL_ROLES
        if self.role == Role.ADMIN:
            self.is_superuser = True
        super().save(*args, **kwargs)


class ApiToken(models.Model):
    """A personal API token for machine clients. Only its SHA-256 hash is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("Người dùng"))
    name = models.CharField(_("Tên gợi nhớ"), max_length=100)
    prefix = models.CharField(_("Tiền tố"), max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("Tạo lúc"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("Dùng lần cuối"), null=True, blank=True)
    expires_at = models.DateTimeField(_("Hết hạn"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("Thu hồi lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("Mã truy cập API")
        verbose_name_plural = _("Mã truy cập API")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > timezone.now())
