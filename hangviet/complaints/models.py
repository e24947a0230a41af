"""Consumer complaints: the case, the complainant's personal data kept apart, evidence files, every
handling step, the personal-data access log, the per-type deadline rules and the guidance pages."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hangviet.core.deadlines import DeadlineClock


class Kind(models.TextChoices):
    FEEDBACK = "feedback", _("Phản ánh")
    REQUEST = "request", _("Kiến nghị, yêu cầu")
    DENUNCIATION = "denunciation", _("Tố cáo, tin báo")


class CaseType(models.TextChoices):
    """DOMAIN.md section 7: each case type runs its own clock."""
    FEEDBACK = "feedback", _("Phản ánh, kiến nghị")
    NEGOTIATION = "negotiation", _("Yêu cầu hỗ trợ thương lượng")
    COMPLAINT = "complaint", _("Khiếu nại")
    DENUNCIATION = "denunciation", _("Tố cáo")


class Category(models.TextChoices):
    COUNTERFEIT = "counterfeit", _("Hàng giả, hàng nhái")
    SMUGGLED = "smuggled", _("Hàng nhập lậu")
    POOR_QUALITY = "poor_quality", _("Hàng kém chất lượng")
    UNKNOWN_ORIGIN = "unknown_origin", _("Không rõ nguồn gốc")
    EXPIRED = "expired", _("Hàng hết hạn sử dụng")
    IP = "ip", _("Vi phạm sở hữu trí tuệ")
    FOOD_SAFETY = "food_safety", _("An toàn thực phẩm")
    PRICE = "price", _("Giá cả")
    LABELLING = "labelling", _("Nhãn hàng hóa")
    ECOMMERCE = "ecommerce", _("Thương mại điện tử")
    PROMOTION = "promotion", _("Khuyến mại")
    OTHER = "other", _("Khác")


class Channel(models.TextChoices):
    PORTAL = "portal", _("Cổng thông tin")
    API = "api", _("Ứng dụng (API)")
    IN_PERSON = "in_person", _("Trực tiếp")
    HOTLINE = "hotline", _("Đường dây nóng, điện thoại")
    POST = "post", _("Bưu chính")
    EMAIL = "email", _("Thư điện tử")
    AGENCY = "agency", _("Cơ quan khác chuyển đến")
    MARKET_SURVEILLANCE = "market_surveillance", _("Quản lý thị trường chuyển đến")


class Status(models.TextChoices):
    RECEIVED = "received", _("Đã tiếp nhận")
    ACCEPTED = "accepted", _("Đã thụ lý")
    REFUSED = "refused", _("Không thụ lý")
    ASSIGNED = "assigned", _("Đã giao đơn vị xử lý")
    FORWARDED = "forwarded", _("Đã chuyển xử lý")
    AWAITING_REPLY = "awaiting_reply", _("Chờ phản hồi")
    RESOLVED = "resolved", _("Đã giải quyết")
    WITHDRAWN = "withdrawn", _("Đã rút")
    TRANSFERRED = "transferred", _("Đã chuyển cơ quan có thẩm quyền")


CLOSED_STATUSES = {Status.REFUSED, Status.RESOLVED, Status.WITHDRAWN, Status.TRANSFERRED}


class ForwardTarget(models.TextChoices):
    BUSINESS = "business", _("Doanh nghiệp")
    MARKET_SURVEILLANCE = "market_surveillance", _("Quản lý thị trường")
    AGENCY = "agency", _("Cơ quan có thẩm quyền khác")


class HandlingRule(models.Model):
    """Working days allowed per case type, with its legal source and effective dates (data, not code)."""

    case_type = models.CharField(_("Loại vụ việc"), max_length=20, choices=CaseType.choices)
    working_days = models.PositiveIntegerField(_("Số ngày làm việc"))
    legal_source = models.CharField(_("Căn cứ pháp lý"), max_length=300)
    effective_from = models.DateField(_("Hiệu lực từ"))
    effective_to = models.DateField(_("Hiệu lực đến"), null=True, blank=True)

    class Meta:
        verbose_name = _("Thời hạn xử lý theo loại vụ việc")
        verbose_name_plural = _("Thời hạn xử lý theo loại vụ việc")
        ordering = ["case_type", "-effective_from"]

    def __str__(self):
        return f"{self.get_case_type_display()}: {self.working_days} ngày làm việc"


class Complaint(DeadlineClock):
    tracking_hash = models.CharField(max_length=64, unique=True, editable=False)
    reference = models.CharField(_("Số hồ sơ"), max_length=20, unique=True, editable=False)
    idempotency_key = models.CharField(max_length=80, null=True, blank=True, unique=True, editable=False)
    kind = models.CharField(_("Hình thức"), max_length=20, choices=Kind.choices)
    case_type = models.CharField(_("Loại vụ việc"), max_length=20, choices=CaseType.choices)
    category = models.CharField(_("Nhóm vấn đề"), max_length=20, choices=Category.choices, db_index=True)
    channel = models.CharField(_("Kênh tiếp nhận"), max_length=20, choices=Channel.choices, db_index=True)
    status = models.CharField(_("Trạng thái"), max_length=20, choices=Status.choices, default=Status.RECEIVED,
                              db_index=True)
    business = models.ForeignKey("businesses.Business", verbose_name=_("Doanh nghiệp"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="complaints")
    business_name = models.CharField(_("Tên cơ sở kinh doanh"), max_length=255, blank=True)
    product_name = models.CharField(_("Sản phẩm"), max_length=255, blank=True)
    product = models.ForeignKey("catalog.Product", verbose_name=_("Sản phẩm trong danh mục"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="complaints")
    place = models.ForeignKey("places.Place", verbose_name=_("Địa bàn"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    place_detail = models.CharField(_("Địa điểm cụ thể"), max_length=300, blank=True)
    occurred_on = models.DateField(_("Ngày xảy ra"), null=True, blank=True)
    description = models.TextField(_("Nội dung sự việc"))
    search_key = models.TextField(blank=True, editable=False)
    anonymous = models.BooleanField(_("Tin báo ẩn danh"), default=False)
    consent_share = models.BooleanField(_("Đồng ý chia sẻ thông tin liên hệ với doanh nghiệp"), default=False)
    received_at = models.DateTimeField(_("Ngày tiếp nhận"), db_index=True)
    original_documents = models.TextField(_("Tài liệu gốc kèm theo"), blank=True)
    handling_agency = models.ForeignKey("agencies.Agency", verbose_name=_("Đơn vị xử lý"), null=True, blank=True,
                                        on_delete=models.PROTECT, related_name="+")
    handler = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("Cán bộ xử lý"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    duplicate_of = models.ForeignKey("self", verbose_name=_("Trùng với"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="duplicates")
    public_outcome = models.TextField(_("Kết quả giải quyết (công khai)"), blank=True)
    refusal_reason = models.TextField(_("Lý do không thụ lý"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Phản ánh, khiếu nại")
        verbose_name_plural = _("Phản ánh, khiếu nại")
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["status", "due_date"])]

    def __str__(self):
        return f"{self.reference} – {self.get_category_display()}"

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES


class Complainant(models.Model):
    """Personal data, kept apart from the case facts so it can be erased without losing the case."""

    complaint = models.OneToOneField(Complaint, on_delete=models.CASCADE, related_name="complainant")
    full_name = models.CharField(_("Họ và tên"), max_length=200, blank=True)
    phone = models.CharField(_("Điện thoại"), max_length=20, blank=True)
    email = models.EmailField(_("Thư điện tử"), blank=True)
    address = models.CharField(_("Địa chỉ"), max_length=300, blank=True)
    id_number = models.CharField(_("Số định danh cá nhân (CCCD)"), max_length=20, blank=True)
    identity_key = models.CharField(max_length=200, blank=True, db_index=True, editable=False)
    erased_at = models.DateTimeField(_("Đã xóa dữ liệu cá nhân lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("Người phản ánh")
        verbose_name_plural = _("Người phản ánh")

    def __str__(self):
        return self.full_name or str(_("Ẩn danh"))


ERASED_MARK = "[đã xóa]"


class EvidenceKind(models.TextChoices):
    """Evidence of the violation is a case fact and is kept; the complainant's own papers (the original
    letter, a copy of an ID card) are personal data and go when the person's data is erased."""
    EVIDENCE = "evidence", _("Chứng cứ vi phạm")
    ORIGINAL = "original", _("Đơn, tài liệu gốc của người phản ánh")
    IDENTITY = "identity", _("Giấy tờ cá nhân")


PERSONAL_FILE_KINDS = {EvidenceKind.ORIGINAL, EvidenceKind.IDENTITY}


def evidence_path(instance, filename):
    return f"complaints/{instance.complaint.received_at:%Y/%m}/{instance.complaint.reference}/{filename}"


class Evidence(models.Model):
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("Loại tài liệu"), max_length=10, choices=EvidenceKind.choices,
                            default=EvidenceKind.EVIDENCE)
    file = models.FileField(_("Tệp"), upload_to=evidence_path, max_length=300)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Tài liệu, chứng cứ")
        verbose_name_plural = _("Tài liệu, chứng cứ")


class Step(models.Model):
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="steps")
    status = models.CharField(_("Trạng thái"), max_length=20, choices=Status.choices)
    target = models.CharField(_("Chuyển đến"), max_length=20, choices=ForwardTarget.choices, blank=True)
    target_name = models.CharField(_("Tên nơi nhận"), max_length=255, blank=True)
    note = models.TextField(_("Ghi chú"), blank=True)
    public_note = models.CharField(_("Ghi chú công khai"), max_length=500, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("Bước xử lý")
        verbose_name_plural = _("Các bước xử lý")


class PersonalDataAccess(models.Model):
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="accesses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    purpose = models.CharField(max_length=50)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("Nhật ký truy cập dữ liệu cá nhân")
        verbose_name_plural = _("Nhật ký truy cập dữ liệu cá nhân")


class GuidancePage(models.Model):
    slug = models.SlugField(_("Đường dẫn"), unique=True)
    title = models.CharField(_("Tiêu đề"), max_length=255)
    summary = models.CharField(_("Tóm tắt"), max_length=500, blank=True)
    body = models.TextField(_("Nội dung"))
    order = models.PositiveIntegerField(_("Thứ tự"), default=0)
    published = models.BooleanField(_("Công khai"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["order", "title"]
        verbose_name = _("Trang hướng dẫn người tiêu dùng")
        verbose_name_plural = _("Trang hướng dẫn người tiêu dùng")

    def __str__(self):
        return self.title
