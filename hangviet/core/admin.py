from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from hangviet.agencies.admin_base import ReadOnlyScopedAdmin, ScopedAdmin
from hangviet.agencies.models import Role
from hangviet.core.admin_site import nav_model

from .models import CalendarDay, HistoryEntry, Notice


@admin.register(CalendarDay)
class CalendarDayAdmin(ScopedAdmin):
    list_display = ["date", "name", "is_working_day", "legal_source"]
    list_filter = ["is_working_day"]
    search_fields = ["name"]
    edit_roles = {Role.ADMIN}

    def has_delete_permission(self, request, obj=None):
        return request.user.role == Role.ADMIN  # a wrong calendar correction may be removed


@admin.register(HistoryEntry)
class HistoryEntryAdmin(ReadOnlyScopedAdmin):
    list_display = ["at", "actor", "action", "object_repr", "content_type"]
    list_filter = ["action", "content_type"]
    search_fields = ["object_repr", "note"]
    view_roles = {Role.ADMIN}
    list_select_related = ["actor", "content_type"]


@admin.register(Notice)
class NoticeAdmin(ReadOnlyScopedAdmin):
    list_display = ["created_at", "subject", "read_at"]
    view_roles = {Role.ADMIN, Role.LEADER, Role.FOCAL, Role.OFFICER, Role.COORDINATOR}

    def get_queryset(self, request):
        return Notice.objects.filter(user=request.user)


nav_model(group="system", model=CalendarDay, icon="calendar_month", order=30)
nav_model(group="system", model=HistoryEntry, icon="history", order=40)
nav_model(group="system", model=Notice, icon="notifications", title=_("Thông báo của tôi"), order=5)
