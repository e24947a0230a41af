"""Test helpers: a small reviewed proposal (as the import review form would send it)."""

from __future__ import annotations

from hangviet.agencies.models import Agency


def agency(name: str) -> Agency:
    return Agency.objects.get(name=name)


def th_proposal(**header) -> dict:
    """A Thanh Hóa department plan with three tasks, as an officer confirms it."""
    qltm = agency("Phòng Quản lý thương mại")
    qlcn = agency("Phòng Quản lý công nghiệp")
    ttkc = agency("Trung tâm Khuyến công và Tiết kiệm năng lượng")
    sct = agency("Sở Công Thương tỉnh Thanh Hóa")
    mttq = agency("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Thanh Hóa")
    return {
        "header": {"governing_body": "UBND tỉnh Thanh Hóa", "issuing_body": "Sở Công Thương",
                   "issuing_agency_id": sct.pk, "focal_unit_id": qltm.pk, "number": "123", "symbol": "KH-SCT",
                   "issued_place": "Thanh Hóa", "issued_on": "2024-03-05",
                   "title": "Kế hoạch triển khai thực hiện Cuộc vận động năm 2024", "start_year": 2024,
                   "end_year": 2024, "level": "department", "place_code": "38", **header},
        "legal_bases": [{"doc_type": "conclusion", "number_symbol": "264-TB/TW", "issued_on": "2009-07-31",
                         "issuer": "Bộ Chính trị", "summary": "về việc tổ chức Cuộc vận động"}],
        "purposes": "Tiếp tục đẩy mạnh công tác thông tin, tuyên truyền.",
        "targets": [{"indicator": "Tỷ trọng hàng Việt trong doanh thu", "comparison": "gt", "value": "90",
                     "unit": "%", "deadline_year": 2025, "applies_to": "trung tâm thương mại, siêu thị"}],
        "tasks": [
            {"key": "II", "number": "II", "title": "NỘI DUNG KẾ HOẠCH", "is_reportable": False},
            {"key": "II.2.1", "parent": "II", "number": "2.1", "title": "Hoạt động thông tin, tuyên truyền",
             "lead_units": [{"name": "Phòng Quản lý thương mại", "agency_id": qltm.pk}],
             "coordinating_units": [{"name": "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Thanh Hóa", "agency_id": mttq.pk},
                                    {"name": "các cơ quan báo chí đóng tại địa phương"}],
             "method": "Tuyên truyền trên báo giấy, báo điện tử"},
            {"key": "II.2.2", "parent": "II", "number": "2.2", "title": "Công bố danh mục",
             "lead_units": [{"name": "Phòng Quản lý công nghiệp", "agency_id": qlcn.pk}]},
            {"key": "II.2.5", "parent": "II", "number": "2.5", "title": "Đưa hàng Việt về nông thôn",
             "lead_units": [{"name": "Trung tâm Khuyến công và Tiết kiệm năng lượng", "agency_id": ttkc.pk},
                            {"name": "Phòng Quản lý thương mại", "agency_id": qltm.pk}],
             "coordinating_units": [{"name": "UBND các huyện"}],
             "outputs": [{"description": "Phiên chợ hàng Việt tại huyện nông thôn/miền núi", "quantity": 3,
                          "unit": "phiên", "lead_unit": ttkc.pk},
                         {"description": "Phiên chợ thực phẩm an toàn", "quantity": 4, "unit": "phiên",
                          "lead_unit": qltm.pk}]},
        ],
        "reporting_rules": [{"frequency": "quarterly", "recipient": "Phòng Quản lý thương mại", "due_day": 25,
                             "cutoff_day": 14, "unit_reports": True},
                            {"frequency": "half_yearly", "recipient": "Bộ Công Thương; Chủ tịch UBND tỉnh",
                             "unit_reports": False, "due_day": 25}],
        "recipients": ["Ban chỉ đạo CVĐ tỉnh Thanh Hóa (báo cáo);", "Lưu: VT, QLTM."],
        "signer": {"authority": "GIÁM ĐỐC", "name": "Phạm Bá Oai"},
    }
