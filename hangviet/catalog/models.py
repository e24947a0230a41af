"""The catalogue: product categories (the OCOP classification kept as data), products and their
photos and quality marks, OCOP certificates under a versioned rule set, and the national
domestic-goods list with the province's proposals for additions.

A product carries denormalised copies of what the public search filters and counts by (province,
commune, category sector/group, current OCOP stars, producer type) and one folded search text, so
that the search engine (`catalog/search.py`) answers from one table and its full-text index."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hangviet.core.models import TimeStampedModel
from hangviet.core.text import fold


class CategoryLevel(models.TextChoices):
    SECTOR = "sector", _("Ngành")
    GROUP = "group", _("Nhóm")
    SET = "set", _("Bộ sản phẩm")
    GENERAL = "general", _("Nhóm hàng chung")


class Category(models.Model):
    """OCOP sectors -> groups -> product sets (Appendix I of Decision 26/2026/QĐ-TTg) and general
    categories for goods outside OCOP. Data, not code: an administrator maintains it."""

    code = models.CharField(_("Mã"), max_length=20, primary_key=True)
    name = models.CharField(_("Tên"), max_length=200)
    level = models.CharField(_("Cấp"), max_length=10, choices=CategoryLevel.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children",
                               verbose_name=_("Thuộc"))
    is_ocop = models.BooleanField(_("Thuộc phân loại OCOP"), default=True)
    position = models.PositiveIntegerField(_("Thứ tự"), default=0)
    search_key = models.CharField(max_length=250, editable=False, db_index=True)

    class Meta:
        verbose_name = _("Nhóm sản phẩm")
        verbose_name_plural = _("Phân loại sản phẩm")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.search_key = fold(f"{self.code} {self.name}")
        super().save(*args, **kwargs)

    @property
    def sector_code(self) -> str:
        node = self
        while node.parent_id is not None:
            node = node.parent
        return node.code


class Origin(models.TextChoices):
    LOCAL = "local", _("Sản xuất tại tỉnh")
    DOMESTIC = "domestic", _("Sản xuất trong nước (tỉnh khác)")
    IMPORTED = "imported", _("Nhập khẩu")


class ProductStatus(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    PENDING = "pending", _("Chờ duyệt")
    PUBLISHED = "published", _("Đã công bố")
    WITHDRAWN = "withdrawn", _("Đã thu hồi")


class Product(TimeStampedModel):
    code = models.CharField(_("Mã sản phẩm"), max_length=40, unique=True)
    name = models.CharField(_("Tên sản phẩm"), max_length=255)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="products",
                                 verbose_name=_("Nhóm sản phẩm"))
    producer = models.ForeignKey("businesses.Business", on_delete=models.PROTECT, related_name="products",
                                 verbose_name=_("Chủ thể sản xuất"))
    origin = models.CharField(_("Xuất xứ"), max_length=10, choices=Origin.choices, default=Origin.LOCAL)
    place = models.ForeignKey("places.Place", on_delete=models.PROTECT, related_name="products",
                              verbose_name=_("Nơi sản xuất (xã/phường)"))
    description = models.TextField(_("Mô tả"), blank=True)
    specification = models.TextField(_("Thành phần, quy cách"), blank=True)
    packaging = models.CharField(_("Bao bì, đóng gói"), max_length=200, blank=True)
    unit = models.CharField(_("Đơn vị tính"), max_length=40, blank=True)
    price_vnd = models.PositiveBigIntegerField(_("Giá tham khảo (đồng)"), null=True, blank=True)
    where_sold = models.TextField(_("Nơi bán (cửa hàng, điểm bán)"), blank=True)
    ecommerce_links = models.JSONField(_("Liên kết thương mại điện tử"), default=list, blank=True)
    sale_points = models.ManyToManyField("retail.Outlet", blank=True, related_name="catalog_products",
                                         verbose_name=_("Điểm bán hàng Việt"))
    status = models.CharField(_("Trạng thái"), max_length=10, choices=ProductStatus.choices,
                              default=ProductStatus.DRAFT, db_index=True)
    review_note = models.TextField(_("Ý kiến duyệt"), blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("Người duyệt"))
    published_at = models.DateTimeField(_("Công bố lúc"), null=True, blank=True)

    # Denormalised for search and facets (kept by services; `refresh_denormalised` recomputes).
    province = models.ForeignKey("places.Place", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("Tỉnh/thành phố"))
    sector = models.CharField(_("Ngành OCOP"), max_length=20, blank=True)
    stars = models.PositiveSmallIntegerField(_("Hạng sao OCOP hiện hành"), null=True, blank=True)
    producer_kind = models.CharField(_("Loại hình chủ thể"), max_length=20, blank=True)
    name_key = models.CharField(max_length=300, editable=False)
    search_text = models.TextField(editable=False, blank=True)

    class Meta:
        verbose_name = _("Sản phẩm")
        verbose_name_plural = _("Sản phẩm")
        ordering = ["name_key", "id"]
        indexes = [
            models.Index(fields=["status", "province"]),
            models.Index(fields=["status", "category"]),
            models.Index(fields=["status", "stars"]),
            models.Index(fields=["status", "name_key"]),
            models.Index(fields=["producer", "status"]),
        ]

    def __str__(self) -> str:
        return self.name

    def refresh_denormalised(self) -> None:
        place = self.place
        self.province_id = place.province_id or place.pk
        self.sector = self.category.sector_code if self.category_id else ""
        self.producer_kind = self.producer.kind if self.producer_id else ""
        self.name_key = fold(self.name)[:300]
        parts = [self.name, self.code, self.description, self.specification, self.packaging,
                 self.producer.name if self.producer_id else "", place.name, self.category.name if self.category_id else ""]
        self.search_text = fold(" ".join(p for p in parts if p))[:20000]

    @property
    def is_public(self) -> bool:
        return self.status == ProductStatus.PUBLISHED


def product_photo_path(instance, filename):
    return f"catalog/products/{instance.product_id}/{filename}"


class ProductPhoto(models.Model):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="photos", verbose_name=_("Sản phẩm"))
    image = models.FileField(_("Ảnh"), upload_to=product_photo_path, max_length=300)
    caption = models.CharField(_("Chú thích"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("Thứ tự"), default=0)

    class Meta:
        verbose_name = _("Ảnh sản phẩm")
        verbose_name_plural = _("Ảnh sản phẩm")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.caption or f"#{self.pk}"


class QualityKind(models.TextChoices):
    VIETGAP = "vietgap", _("VietGAP")
    HACCP = "haccp", _("HACCP")
    ISO = "iso", _("ISO")
    GI = "gi", _("Chỉ dẫn địa lý")
    COLLECTIVE_TM = "collective_tm", _("Nhãn hiệu tập thể")
    ORGANIC = "organic", _("Hữu cơ")
    OTHER = "other", _("Khác")


class QualityMark(models.Model):
    """A quality certification other than OCOP stars (those live in OcopCertificate)."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="quality_marks",
                                verbose_name=_("Sản phẩm"))
    kind = models.CharField(_("Loại chứng nhận"), max_length=20, choices=QualityKind.choices)
    number = models.CharField(_("Số chứng nhận"), max_length=80, blank=True)
    issuer = models.CharField(_("Tổ chức cấp"), max_length=200, blank=True)
    valid_until = models.DateField(_("Hiệu lực đến"), null=True, blank=True)

    class Meta:
        verbose_name = _("Chứng nhận chất lượng")
        verbose_name_plural = _("Chứng nhận chất lượng")
        ordering = ["kind", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}".strip()


class OcopRules(models.Model):
    """A version of the OCOP rules: score parts, star thresholds and certificate validity."""

    code = models.CharField(_("Văn bản"), max_length=60, primary_key=True)
    name = models.CharField(_("Tên"), max_length=300)
    effective_from = models.DateField(_("Hiệu lực từ"))
    effective_to = models.DateField(_("Hiệu lực đến"), null=True, blank=True)
    max_a = models.PositiveSmallIntegerField(_("Điểm tối đa phần A"), default=40)
    max_b = models.PositiveSmallIntegerField(_("Điểm tối đa phần B"), default=25)
    max_c = models.PositiveSmallIntegerField(_("Điểm tối đa phần C"), default=35)
    # Lower bound of the score for 2, 3, 4 and 5 stars.
    star_thresholds = models.JSONField(_("Ngưỡng điểm 2-5 sao"), default=list)
    validity_months = models.PositiveSmallIntegerField(_("Thời hạn giấy chứng nhận (tháng)"), default=36)
    grace_days = models.PositiveSmallIntegerField(_("Gia hạn tối đa khi đánh giá lại (ngày)"), default=180)

    class Meta:
        verbose_name = _("Quy định OCOP")
        verbose_name_plural = _("Quy định OCOP (các phiên bản)")
        ordering = ["-effective_from"]

    def __str__(self) -> str:
        return self.code

    def stars_for(self, score: int) -> int:
        stars = 1
        for position, threshold in enumerate(self.star_thresholds or [30, 50, 70, 90]):
            if score >= threshold:
                stars = position + 2
        return stars


class IssuingLevel(models.TextChoices):
    CENTRAL = "central", _("Trung ương (Bộ)")
    PROVINCE = "province", _("Tỉnh")
    DISTRICT = "district", _("Huyện (trước 01/07/2025)")


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("Còn hiệu lực")
    EXPIRING = "expiring", _("Sắp hết hạn")
    EXPIRED = "expired", _("Hết hiệu lực")
    REVOKED = "revoked", _("Bị thu hồi")
    SUPERSEDED = "superseded", _("Đã được thay thế")


# Days before expiry when a certificate counts as expiring and the alerts go out.
EXPIRY_ALERT_DAYS = (90, 30)


class OcopCertificate(TimeStampedModel):
    number = models.CharField(_("Số giấy chứng nhận"), max_length=60, unique=True)
    number_key = models.CharField(max_length=60, editable=False, db_index=True)
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="certificates",
                                verbose_name=_("Sản phẩm"))
    rules = models.ForeignKey(OcopRules, on_delete=models.PROTECT, related_name="certificates",
                              verbose_name=_("Quy định áp dụng"))
    score_a = models.PositiveSmallIntegerField(_("Điểm phần A"), default=0)
    score_b = models.PositiveSmallIntegerField(_("Điểm phần B"), default=0)
    score_c = models.PositiveSmallIntegerField(_("Điểm phần C"), default=0)
    score = models.PositiveSmallIntegerField(_("Tổng điểm"))
    stars = models.PositiveSmallIntegerField(_("Hạng sao"))
    decision_number = models.CharField(_("Số quyết định"), max_length=60)
    decision_date = models.DateField(_("Ngày quyết định"))
    issuing_level = models.CharField(_("Cấp công nhận"), max_length=10, choices=IssuingLevel.choices)
    issuing_authority = models.CharField(_("Cơ quan công nhận"), max_length=200)
    valid_from = models.DateField(_("Hiệu lực từ"))
    valid_until = models.DateField(_("Hiệu lực đến"))
    rerating_filed_on = models.DateField(_("Ngày nộp hồ sơ đánh giá lại"), null=True, blank=True)
    status = models.CharField(_("Trạng thái"), max_length=12, choices=CertificateStatus.choices,
                              default=CertificateStatus.VALID, db_index=True)
    revoked_on = models.DateField(_("Ngày thu hồi"), null=True, blank=True)
    revocation_reason = models.TextField(_("Lý do thu hồi"), blank=True)
    superseded_by = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="supersedes", verbose_name=_("Được thay thế bởi"))
    alerts_sent = models.JSONField(_("Đã nhắc hết hạn (số ngày trước)"), default=list, blank=True)

    class Meta:
        verbose_name = _("Giấy chứng nhận OCOP")
        verbose_name_plural = _("Giấy chứng nhận OCOP")
        ordering = ["-valid_from", "-id"]
        indexes = [models.Index(fields=["status", "valid_until"]), models.Index(fields=["product", "status"])]

    def __str__(self) -> str:
        return f"{self.number} ({self.stars}★)"

    def save(self, *args, **kwargs):
        self.number_key = normalise_certificate_number(self.number)
        super().save(*args, **kwargs)

    def effective_until(self) -> dt.date:
        """The last day it is valid: the expiry, extended while a re-rating filed in time (or late)
        waits for its decision, at most `grace_days` past expiry (DOMAIN.md section 3)."""
        if self.rerating_filed_on and self.status != CertificateStatus.SUPERSEDED:
            return self.valid_until + dt.timedelta(days=self.rules.grace_days if self.rules_id else 180)
        return self.valid_until

    def status_on(self, day: dt.date) -> str:
        if self.status in (CertificateStatus.REVOKED, CertificateStatus.SUPERSEDED):
            return self.status
        if day < self.valid_from:
            return CertificateStatus.VALID
        if day > self.effective_until():
            return CertificateStatus.EXPIRED
        if (self.valid_until - day).days <= EXPIRY_ALERT_DAYS[0]:
            return CertificateStatus.EXPIRING
        return CertificateStatus.VALID

    def shows_stars_on(self, day: dt.date) -> bool:
        return self.status_on(day) in (CertificateStatus.VALID, CertificateStatus.EXPIRING)


def normalise_certificate_number(value: str) -> str:
    """The lookup key of a certificate number: folded, upper-case, no spaces."""
    return "".join(fold(value).split()).upper()[:60]


class DomesticList(models.TextChoices):
    """The lists of Circular 01/2023/TT-BKHĐT (DOMAIN.md section 4)."""
    VEHICLES = "vehicles", _("Phương tiện vận tải chuyên dùng")
    MACHINERY = "machinery", _("Máy móc, thiết bị, dây chuyền")
    CONSTRUCTION = "construction", _("Vật liệu xây dựng")
    MATERIALS = "materials", _("Nguyên liệu, vật liệu, vật tư, bán thành phẩm")
    CAR_PARTS = "car_parts", _("Linh kiện, phụ tùng ô tô")
    OIL_GAS = "oil_gas", _("Vật tư phục vụ dầu khí")
    SHIPBUILDING = "shipbuilding", _("Vật tư đóng tàu")
    MEDICAL = "medical", _("Trang thiết bị y tế, vật tư y tế")
    OTHER = "other", _("Hàng hóa khác")


class DomesticGoodsEntry(TimeStampedModel):
    """One row of the national list of machinery, equipment, supplies and materials made in Vietnam."""

    list_kind = models.CharField(_("Danh mục"), max_length=20, choices=DomesticList.choices, db_index=True)
    number = models.CharField(_("Số thứ tự"), max_length=20)
    name = models.CharField(_("Tên mặt hàng"), max_length=300)
    hs_code = models.CharField(_("Mã HS"), max_length=20, blank=True)
    specification = models.TextField(_("Ký hiệu quy cách, mô tả đặc tính kỹ thuật"), blank=True)
    producers = models.TextField(_("Doanh nghiệp sản xuất"), blank=True)
    source = models.CharField(_("Văn bản ban hành"), max_length=120)
    is_active = models.BooleanField(_("Đang áp dụng"), default=True)
    search_key = models.TextField(editable=False, blank=True)

    class Meta:
        verbose_name = _("Mặt hàng trong nước đã sản xuất được")
        verbose_name_plural = _("Danh mục hàng hóa trong nước đã sản xuất được")
        ordering = ["list_kind", "id"]
        constraints = [models.UniqueConstraint(fields=["source", "list_kind", "number"], name="domestic_entry_unique")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.search_key = fold(f"{self.name} {self.hs_code} {self.specification} {self.producers}")
        super().save(*args, **kwargs)


class ProposalOutcome(models.TextChoices):
    PENDING = "pending", _("Chưa có kết quả")
    ACCEPTED = "accepted", _("Được bổ sung vào danh mục")
    REJECTED = "rejected", _("Không được bổ sung")


class DomesticProposal(TimeStampedModel):
    """A proposal to add a locally made item to the national list. It travels through the shared
    filing workflow (`filings.Filing`, kind "domestic_goods"): the business or agency files it with
    the Department (submitted), the Department confirms and forwards it to the Ministry of Finance
    (forwarded), and the Ministry's answer is recorded as the outcome (accepted / rejected)."""

    filing = models.OneToOneField("filings.Filing", on_delete=models.PROTECT, related_name="domestic_proposal",
                                  verbose_name=_("Hồ sơ"))
    list_kind = models.CharField(_("Danh mục đề xuất"), max_length=20, choices=DomesticList.choices)
    item_name = models.CharField(_("Tên mặt hàng"), max_length=300)
    hs_code = models.CharField(_("Mã HS"), max_length=20, blank=True)
    specification = models.TextField(_("Ký hiệu quy cách, mô tả đặc tính kỹ thuật"), blank=True)
    capacity = models.CharField(_("Năng lực sản xuất"), max_length=300, blank=True)
    product = models.ForeignKey(Product, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                verbose_name=_("Sản phẩm trong danh mục"))
    province = models.ForeignKey("places.Place", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("Tỉnh đề xuất"))
    forwarded_on = models.DateField(_("Ngày chuyển Bộ Tài chính"), null=True, blank=True)
    forward_document = models.CharField(_("Số văn bản chuyển"), max_length=80, blank=True)
    outcome = models.CharField(_("Kết quả"), max_length=10, choices=ProposalOutcome.choices,
                               default=ProposalOutcome.PENDING)
    outcome_note = models.TextField(_("Ý kiến của Bộ"), blank=True)
    outcome_on = models.DateField(_("Ngày có kết quả"), null=True, blank=True)
    entry = models.ForeignKey(DomesticGoodsEntry, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="proposals", verbose_name=_("Dòng trong danh mục"))

    class Meta:
        verbose_name = _("Đề xuất bổ sung danh mục hàng trong nước")
        verbose_name_plural = _("Đề xuất bổ sung danh mục hàng trong nước")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.item_name

    @property
    def stage(self) -> str:
        """draft / submitted / forwarded / accepted / rejected, as the issue and the portal name it."""
        if self.outcome != ProposalOutcome.PENDING:
            return self.outcome
        state = self.filing.state
        if state == "confirmed":
            return "forwarded"
        if state == "refused":
            return "rejected"
        if state in ("draft", "changes_requested"):
            return "draft"
        if state == "cancelled":
            return "cancelled"
        return "submitted"


class ImportKind(models.TextChoices):
    PRODUCERS = "producers", _("Chủ thể sản xuất")
    PRODUCTS = "products", _("Sản phẩm")
    CERTIFICATES = "certificates", _("Giấy chứng nhận OCOP")


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", _("Đã tải lên")
    VALIDATING = "validating", _("Đang kiểm tra")
    VALIDATED = "validated", _("Đã kiểm tra")
    IMPORTING = "importing", _("Đang nhập")
    DONE = "done", _("Hoàn thành")
    FAILED = "failed", _("Lỗi")


def import_file_path(instance, filename):
    return f"catalog/imports/{instance.kind}/{filename}"


class ImportJob(TimeStampedModel):
    """A bulk import: the uploaded file, its validation report, the user's choice, the progress."""

    kind = models.CharField(_("Loại dữ liệu"), max_length=20, choices=ImportKind.choices)
    file = models.FileField(_("Tệp"), upload_to=import_file_path, max_length=300)
    original_name = models.CharField(_("Tên tệp"), max_length=255)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("Người nhập"))
    status = models.CharField(_("Trạng thái"), max_length=12, choices=ImportStatus.choices,
                              default=ImportStatus.UPLOADED)
    total_rows = models.PositiveIntegerField(_("Số dòng"), default=0)
    valid_rows = models.PositiveIntegerField(_("Số dòng hợp lệ"), default=0)
    processed_rows = models.PositiveIntegerField(_("Đã xử lý"), default=0)
    created_count = models.PositiveIntegerField(_("Tạo mới"), default=0)
    updated_count = models.PositiveIntegerField(_("Cập nhật"), default=0)
    errors = models.JSONField(_("Báo cáo lỗi"), default=list, blank=True)
    message = models.TextField(_("Thông báo"), blank=True)
    only_valid = models.BooleanField(_("Chỉ nhập các dòng hợp lệ"), default=False)

    class Meta:
        verbose_name = _("Lượt nhập dữ liệu")
        verbose_name_plural = _("Nhập dữ liệu từ tệp")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.original_name}"

    @property
    def progress_percent(self) -> int:
        if not self.total_rows:
            return 100 if self.status == ImportStatus.DONE else 0
        return min(100, int(self.processed_rows * 100 / self.total_rows))


class SearchTerm(models.Model):
    """The vocabulary of folded words in product names, producers and categories: the search engine
    corrects a mistyped query word to the nearest known word (see `catalog/search.py`)."""

    term = models.CharField(max_length=40, primary_key=True)

    class Meta:
        verbose_name = _("Từ khóa tìm kiếm")
        verbose_name_plural = _("Từ khóa tìm kiếm")

    def __str__(self) -> str:
        return self.term
