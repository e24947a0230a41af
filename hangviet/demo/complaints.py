"""Demo data for consumer protection: guidance pages and a few complaints (idempotent)."""

from hangviet.complaints.models import Complaint, GuidancePage

PROVINCE = "38"  # Thanh Hóa, where the demo's department works

PAGES = [
    ("nhan-biet-hang-gia", "Cách nhận biết hàng giả, hàng nhái",
     "Kiểm tra tem, nhãn, mã vạch và nguồn gốc trước khi mua.",
     "Xem kỹ nhãn hàng hóa: tên hàng, tổ chức chịu trách nhiệm, xuất xứ, hạn sử dụng phải bằng tiếng Việt.\n\n"
     "Quét tem chống giả và mã QR truy xuất nguồn gốc; so sánh bao bì với sản phẩm chính hãng.\n\n"
     "Cảnh giác với giá rẻ bất thường, hàng bán trôi nổi không có hóa đơn.\n\n"
     "Khi nghi ngờ, hãy gửi phản ánh kèm ảnh qua cổng thông tin hoặc gọi đường dây nóng 1800 6838."),
    ("quyen-cua-nguoi-tieu-dung", "Quyền của người tiêu dùng",
     "Những quyền cơ bản theo Luật Bảo vệ quyền lợi người tiêu dùng 2023.",
     "Người tiêu dùng được bảo đảm an toàn tính mạng, sức khỏe, tài sản; được cung cấp thông tin chính xác; "
     "được bảo vệ thông tin cá nhân; được khiếu nại, tố cáo và yêu cầu bồi thường.\n\n"
     "Doanh nghiệp phải tiếp nhận và thương lượng với người tiêu dùng trong 07 ngày làm việc."),
]


def load(stdout=None):
    for order, (slug, title, summary, body) in enumerate(PAGES):
        GuidancePage.objects.get_or_create(slug=slug, defaults={"title": title, "summary": summary, "body": body,
                                                                "order": order, "published": True})
    if not Complaint.objects.filter(idempotency_key__isnull=False, description__startswith="[demo]").exists():
        from hangviet.complaints.services import ComplaintData, submit_complaint

        for i, (cat, text) in enumerate([("counterfeit", "[demo] Bán nước mắm giả nhãn hiệu tại chợ."),
                                         ("expired", "[demo] Bánh kẹo hết hạn sử dụng bày bán dịp Tết."),
                                         ("price", "[demo] Giá vé xe tăng gấp đôi dịp Tết.")]):
            submit_complaint(data=ComplaintData(kind="feedback", category=cat, description=text,
                                                full_name="Người dân mẫu", phone=f"091234560{i}",
                                                place_code=PROVINCE),
                             idempotency_key=f"demo-complaint-{i}")
    _load_intake()
    if stdout:
        stdout.write("complaints: guidance pages and sample complaints loaded\n")


def _load_intake():
    """A letter received by post and a tip forwarded by Market Surveillance, recorded by the focal officer."""
    import datetime as dt

    from django.utils import timezone

    from hangviet.agencies.models import User
    from hangviet.agencies.scope import scope_for
    from hangviet.complaints.services import ComplaintData, intake_complaint

    officer = User.objects.filter(username="daumoi.qltm", is_active=True).first()
    if officer is None or Complaint.objects.filter(description__startswith="[demo-intake]").exists():
        return
    scope = scope_for(officer)
    received = timezone.localdate() - dt.timedelta(days=5)
    intake_complaint(scope=scope, channel="post", received_at=received,
                     original_documents="Đơn thư viết tay gửi qua bưu điện, 02 trang",
                     data=ComplaintData(kind="request", category="poor_quality", place_code=PROVINCE,
                                        description="[demo-intake] Mua quạt điện bị chập cháy sau 3 ngày, cửa hàng "
                                                    "từ chối đổi hàng.",
                                        business_name="Cửa hàng điện máy Phú Quý", full_name="Người dân mẫu (thư)",
                                        address="Phường Hạc Thành, Thanh Hóa"),
                     idempotency_key="demo-intake-post")
    intake_complaint(scope=scope, channel="market_surveillance", received_at=received,
                     original_documents="Phiếu chuyển tin báo số 15/PC-QLTT",
                     data=ComplaintData(kind="denunciation", category="smuggled", place_code=PROVINCE,
                                        description="[demo-intake] Tin báo kho thuốc lá điếu nhập lậu tại khu chợ đầu mối.",
                                        anonymous=True),
                     idempotency_key="demo-intake-qltt")
