"""Back-office (Django admin themed by Unfold): settings and the sidebar, grouped by area of work.

Apps add their entries from their own admin.py with `nav_model(...)` or `nav_link(...)`, so no app
edits this file to appear in the sidebar. An entry shows only to users allowed to see it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.templatetags.static import static
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

GROUPS = [
    ("plans", _("Kế hoạch")),
    ("catalog", _("Sản phẩm")),
    ("trade", _("Xúc tiến thương mại")),
    ("consumer", _("Bảo vệ người tiêu dùng")),
    ("shared", _("Danh mục dùng chung")),
    ("system", _("Hệ thống")),
]


@dataclass
class NavEntry:
    group: str
    title: object
    icon: str
    url_name: str
    permission: Callable | None
    order: int


_NAV: list[NavEntry] = []


def nav_link(*, group: str, title, icon: str, url_name: str, permission: Callable | None = None, order: int = 50):
    if not any(e.url_name == url_name for e in _NAV):
        _NAV.append(NavEntry(group, title, icon, url_name, permission, order))


def nav_model(*, group: str, model, icon: str, title=None, order: int = 50):
    """Add a registered model's list page to the sidebar; shown to users who may view it."""
    meta = model._meta
    url_name = f"admin:{meta.app_label}_{meta.model_name}_changelist"

    def permission(request, model=model):
        from django.contrib import admin

        model_admin = admin.site._registry.get(model)
        return bool(model_admin and model_admin.has_view_permission(request))

    nav_link(group=group, title=title or meta.verbose_name_plural, icon=icon, url_name=url_name,
             permission=permission, order=order)


def navigation(request) -> list[dict]:
    groups = []
    for key, title in GROUPS:
        items = []
        for entry in sorted((e for e in _NAV if e.group == key), key=lambda e: (e.order, str(e.title))):
            if entry.permission is not None and not entry.permission(request):
                continue
            try:
                link = reverse(entry.url_name)
            except NoReverseMatch:
                continue
            items.append({"title": entry.title, "icon": entry.icon, "link": link})
        if items:
            groups.append({"title": title, "separator": True, "collapsible": True, "items": items})
    return groups


def environment(request):
    return [str(_("Hệ thống HangViet")), "info"]


UNFOLD = {
    "SITE_TITLE": _("HangViet – Quản trị"),
    "SITE_HEADER": _("HangViet"),
    "SITE_SUBHEADER": _("Người Việt Nam ưu tiên dùng hàng Việt Nam"),
    "SITE_SYMBOL": "storefront",
    "SITE_URL": "/",
    "SHOW_HISTORY": True,
    "SHOW_VIEW_ON_SITE": True,
    "SHOW_LANGUAGES": True,
    "DASHBOARD_CALLBACK": "hangviet.reports.dashboard.dashboard_callback",
    "STYLES": [lambda request: static("hangviet/admin.css")],
    "COLORS": {
        "primary": {
            "50": "254 242 242", "100": "254 226 226", "200": "254 202 202", "300": "252 165 165",
            "400": "248 113 113", "500": "220 38 38", "600": "185 28 28", "700": "153 27 27",
            "800": "127 29 29", "900": "100 20 20", "950": "69 10 10",
        },
    },
    "SIDEBAR": {
        "show_search": True,
        "show_all_applications": False,
        "navigation": "hangviet.core.admin_site.navigation",
    },
}
