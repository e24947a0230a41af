from django.contrib import admin

from hangviet.agencies.admin_base import ScopedAdmin
from hangviet.agencies.models import OFFICIAL_ROLES, Role
from hangviet.core.admin_site import nav_model

from .models import Place


@admin.register(Place)
class PlaceAdmin(ScopedAdmin):
    list_display = ["code", "name", "level", "division_type", "parent", "province", "valid_to"]
    list_filter = ["level", "division_type"]
    search_fields = ["name", "code", "search_key"]
    list_select_related = ["parent", "province"]
    autocomplete_fields = ["parent", "province"]
    filter_horizontal = ["successors"]
    view_roles = set(OFFICIAL_ROLES)
    edit_roles = {Role.ADMIN}

    def get_queryset(self, request):
        # Places are public reference data: every official may browse the whole tree.
        return Place.objects.select_related("parent", "province")


nav_model(group="shared", model=Place, icon="map", order=10)
