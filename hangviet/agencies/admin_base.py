"""The base of every back-office screen: scoped lists, role-based rights and change history.

A ModelAdmin built on ScopedAdmin shows an official only the rows in their scope (the same Scope
the API and the portal use), lets only the named roles add or change, never hard-deletes (records
are withdrawn, cancelled or archived), and writes a history entry with old and new values on every
save; the "Lịch sử" page of each record shows them."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.template.response import TemplateResponse
from unfold.admin import ModelAdmin

from hangviet.core import history
from hangviet.core.errors import DomainError

from .models import OFFICIAL_ROLES, Role
from .scope import scope_for


class ScopedAdmin(ModelAdmin):
    scope_place_field: str | None = None
    scope_agency_field: str | None = None
    scope_business_field: str | None = None
    view_roles: set[str] = set(OFFICIAL_ROLES)
    edit_roles: set[str] = {Role.ADMIN}
    add_roles: set[str] | None = None  # defaults to edit_roles
    list_per_page = 50
    compressed_fields = True
    warn_unsaved_form = True

    def scope(self, request):
        return scope_for(request.user)

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return self.scope(request).filter(
            qs, place_field=self.scope_place_field, agency_field=self.scope_agency_field,
            business_field=self.scope_business_field,
        )

    def _role(self, request):
        return getattr(request.user, "role", None) if request.user.is_active else None

    def has_module_permission(self, request):
        return self._role(request) in self.view_roles

    def has_view_permission(self, request, obj=None):
        return self._role(request) in self.view_roles

    def has_add_permission(self, request):
        return self._role(request) in (self.add_roles if self.add_roles is not None else self.edit_roles)

    def has_change_permission(self, request, obj=None):
        return self._role(request) in self.edit_roles

    def has_delete_permission(self, request, obj=None):
        return False

    def get_form(self, request, obj=None, **kwargs):
        """Wrap the form so that a broken business rule is shown next to its field, not as a 403."""
        form_class = super().get_form(request, obj, **kwargs)
        model_admin = self

        class CheckedForm(form_class):
            def clean(self):
                data = super().clean()
                try:
                    model_admin.check_form(request, self, data)
                except DomainError as exc:
                    for field, msgs in (exc.errors or {exc.field: [exc.message]}).items():
                        for message in msgs:
                            self.add_error(field if field in self.fields else None, message)
                return data

        return CheckedForm

    def check_form(self, request, form, data):
        """Override: validate with the app's rules; raise DomainError (may also normalise `data`)."""

    def save_model(self, request, obj, form, change):
        before = None
        if change and obj.pk:
            fresh = type(obj).objects.filter(pk=obj.pk).first()
            before = history.snapshot(fresh) if fresh else None
        try:
            self.save_with_service(request, obj, form, change)
        except DomainError as exc:
            raise DjangoPermissionDenied(exc.message) from exc
        history.record(obj, actor=request.user, action="update" if change else "create", before=before)

    def save_with_service(self, request, obj, form, change):
        """Override to route the write through the app's service."""
        obj.save()

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is None or not self.has_view_permission(request, obj):
            raise DjangoPermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": f"Lịch sử thay đổi: {obj}",
            "subtitle": None,
            "object": obj,
            "opts": self.model._meta,
            "entries": history.entries_for(obj)[:500],
        }
        return TemplateResponse(request, "admin/hangviet_history.html", context)

    def message_domain_error(self, request, exc: DomainError):
        messages.error(request, exc.message)


class ReadOnlyScopedAdmin(ScopedAdmin):
    edit_roles: set[str] = set()

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def admin_action(description: str):
    return admin.action(description=description)
