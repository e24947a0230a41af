"""Back office of the distribution network and Vietnamese-goods sale points (group "trade")."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from hangviet.agencies.admin_base import ScopedAdmin
from hangviet.agencies.models import Role
from hangviet.agencies.scope import scope_for
from hangviet.core.admin_site import nav_model
from hangviet.core.errors import DomainError
from hangviet.reports.dashboard import register_card

from . import services
from .models import Outlet

_FIELDS = ["name", "kind", "place_code", "address", "status", "label", "certified_on", "market_class", "chain_name",
           "operator_id", "operator_name", "managing_agency_id", "tourist_site", "latitude", "longitude", "opened_on",
           "products_note", "phone", "opening_hours", "is_public"]


@admin.register(Outlet)
class OutletAdmin(ScopedAdmin):
    list_display = ["name", "kind", "label", "market_class", "place", "status", "certified_on", "archived"]
    list_filter = ["kind", "label", "status", "market_class", "archived"]
    search_fields = ["search_key", "name"]
    list_select_related = ["place"]
    autocomplete_fields = ["place", "operator", "managing_agency"]
    scope_place_field = "place"
    scope_agency_field = "managing_agency"
    edit_roles = {Role.ADMIN, Role.FOCAL, Role.OFFICER}
    readonly_fields = ["archived"]
    actions = ["archive_selected"]
    fieldsets = [
        (None, {"fields": ["name", "kind", "market_class", "chain_name", "status", "opened_on", "archived"]}),
        (_("Điểm bán hàng Việt"), {"fields": ["label", "certified_on"]}),
        (_("Đơn vị"), {"fields": ["operator", "operator_name", "managing_agency", "phone", "opening_hours"]}),
        (_("Địa điểm"), {"fields": ["place", "address", "tourist_site", "latitude", "longitude"]}),
        (_("Hàng hóa"), {"fields": ["products_note", "is_public"]}),
    ]

    def save_model(self, request, obj, form, change):
        scope = scope_for(request.user)
        values = {f: getattr(obj, f, None) for f in _FIELDS if not f.endswith(("_id", "_code"))}
        data = services.OutletData(place_code=obj.place_id, operator_id=obj.operator_id,
                                   managing_agency_id=obj.managing_agency_id, **values)
        try:
            saved = (services.outlet_update(scope=scope, outlet_id=obj.pk, data=data) if change
                     else services.outlet_create(scope=scope, data=data))
        except DomainError as exc:
            raise DjangoPermissionDenied(exc.message) from exc
        obj.pk = saved.pk
        obj._state.adding = False

    @admin.action(description=_("Lưu trữ các cơ sở đã chọn (đã đóng cửa)"))
    def archive_selected(self, request, queryset):
        scope = scope_for(request.user)
        for outlet in queryset.filter(archived=False):
            try:
                services.outlet_archive(scope=scope, outlet_id=outlet.pk, reason="Đã đóng cửa (lưu trữ từ danh sách)")
            except DomainError as exc:
                messages.error(request, f"{outlet}: {exc.message}")


def _cards(scope):
    if not scope.is_official:
        return []
    qs = scope.filter(Outlet.objects.filter(archived=False), place_field="place", agency_field="managing_agency")
    row = qs.aggregate(points=Count("pk", filter=~Q(label="")), total=Count("pk"))
    return [{"title": "Điểm bán hàng Việt", "value": row["points"], "footer": f"trong {row['total']} cơ sở phân phối",
             "link": "/quan-tri/retail/outlet/"}]


register_card(310, _cards)
nav_model(group="trade", model=Outlet, icon="storefront", order=30)
