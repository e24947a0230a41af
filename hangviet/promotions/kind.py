"""The promotions app's plug into the shared filing workflow (registered from PromotionsConfig.ready)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hangviet.core.deadlines import today
from hangviet.core.errors import DomainError
from hangviet.filings.kinds import register_kind

from . import rules

KIND = "promotion"


def _programme(filing):
    return filing.promotion


def _content(filing):
    """The content under review: the programme itself, or the proposed change of a confirmed one."""
    from . import services

    programme = _programme(filing)
    change = services.pending_change(programme) if filing.state in ("confirmed", "amended") else None
    if change is None:
        return programme, list(programme.items.all()), list(programme.prizes.all()), list(
            programme.provinces.all().order_by("code"))
    values = services.clean_programme(services.data_from_json(change.data))
    return services.candidate(programme, values), values["items"], values["prizes"], values["provinces"]


def review_working_days(filing) -> int | None:
    programme = _programme(filing)
    applied = rules.rules_for(programme.forms, today())
    return max((r.review_working_days for r in applied.values()), default=None)


def resolve_receiver(filing):
    programme, _items, _prizes, provinces = _content(filing)
    return rules.resolve_receiver(programme, provinces=provinces)


def validate_submission(filing) -> dict:
    programme, items, prizes, provinces = _content(filing)
    on = today()
    applied = rules.check_programme(programme, on=on, items=items, prizes=prizes)
    return {
        "Tên chương trình": programme.name,
        "Thủ tục": str(programme.get_procedure_display()),
        "Hình thức": programme.forms_display(),
        "Thời gian": f"{programme.starts_on:%d/%m/%Y} – {programme.ends_on:%d/%m/%Y}",
        "Tỉnh, thành phố": [p.name for p in provinces],
        "Địa điểm tham gia": programme.outlets,
        "Khách hàng": programme.customers,
        "Thể lệ": programme.terms,
        "Hàng hóa, dịch vụ": [
            {"vai trò": str(i.get_role_display()), "tên": i.name, "giá bán": i.unit_price, "giá trị khuyến mại": i.promo_value,
             "giảm giá %": i.discount_percent, "số lượng": i.quantity} for i in items],
        "Giải thưởng": [{"giải": p.rank, "nội dung": p.description, "trị giá": p.value, "số giải": p.quantity}
                        for p in prizes],
        "Ngày mở thưởng": programme.draw_date.strftime("%d/%m/%Y") if programme.draw_date else "",
        "Địa điểm mở thưởng": programme.draw_place,
        "Tổng giá trị khuyến mại (đồng)": programme.total_value,
        "Đợt khuyến mại": programme.call.title if programme.call_id else "",
        "Quy định áp dụng": [f"{r.get_form_display()}: {r.legal_source} (hiệu lực từ {r.effective_from:%d/%m/%Y})"
                             for r in applied.values()],
        "Ngày kiểm tra quy định": on.strftime("%d/%m/%Y"),
    }


def check_transition(filing, action, scope) -> None:
    from . import services

    programme = _programme(filing)
    if action == "amend":
        if today() > programme.ends_on:
            raise DomainError("programme_ended", f"Chương trình đã kết thúc ngày {programme.ends_on:%d/%m/%Y}: "
                              "không đăng ký sửa đổi được nữa.")
        if services.pending_change(programme) is None:
            raise DomainError("change_missing", "Đăng ký sửa đổi chương trình khuyến mại ở trang hồ sơ khuyến mại, "
                              "kèm nội dung thay đổi.")
    if action == "request_changes" and filing.state == "amended":
        raise DomainError("amendment_decide", "Với đăng ký sửa đổi, hãy xác nhận hoặc không chấp nhận nội dung "
                          "sửa đổi (chương trình đã xác nhận giữ nguyên).")


def after_transition(filing, action, scope) -> None:
    from . import services

    if action not in ("confirm", "refuse_amendment", "cancel", "suspend", "close"):
        return
    programme = _programme(filing)
    change = services.pending_change(programme)
    if change is not None:
        services.apply_change(programme, change, accepted=action == "confirm")


def filer_url(filing) -> str:
    # Built from the filing id alone, so lists of filings never query per row.
    return reverse("promotions:edit_by_filing", args=[filing.pk])


def register() -> None:
    register_kind(KIND, _("Thông báo, đăng ký khuyến mại"), prefix="KM", review_working_days=review_working_days,
                  resolve_receiver=resolve_receiver, validate_submission=validate_submission,
                  check_transition=check_transition, after_transition=after_transition, filer_url=filer_url,
                  detail_template="admin/promotions/_programme.html")
