"""Template context for every portal page: the navigation that later areas fill."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

NAV = [
    ("portal:home", _("Trang chủ")),
    ("catalog:products", _("Sản phẩm")),
    ("events:calendar", _("Sự kiện")),
    ("retail:sale_points", _("Điểm bán hàng Việt")),
    ("promotions:public_list", _("Khuyến mại")),
    ("complaints:new", _("Phản ánh, khiếu nại")),
]


def portal(request):
    items = []
    for name, label in NAV:
        try:
            items.append({"url": reverse(name), "label": label})
        except NoReverseMatch:
            continue
    return {"portal_nav": items}
