"""Change history: snapshot a record before a change, diff after it, store who/when/what."""

from __future__ import annotations

import datetime as dt
import decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import HistoryEntry

_SKIP = {"password", "key_hash", "updated_at", "created_at", "search_key", "search_text"}


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    if hasattr(value, "name") and hasattr(value, "url"):  # FieldFile
        return value.name or ""
    return value


def snapshot(obj: models.Model) -> dict[str, Any]:
    """Concrete field values of a row (foreign keys as their id), for diffing."""
    data = {}
    for field in obj._meta.concrete_fields:
        if field.name in _SKIP or field.primary_key:
            continue
        data[field.name] = _plain(getattr(obj, field.attname))
    return data


def diff(before: dict[str, Any] | None, after: dict[str, Any]) -> dict[str, list[Any]]:
    before = before or {}
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


def record(obj: models.Model, *, actor=None, action: str, before: dict | None = None, note: str = "",
           changes: dict | None = None) -> HistoryEntry | None:
    """Store a history entry. With `before`, the changes are computed from the row as it is now."""
    if changes is None:
        changes = diff(before, snapshot(obj)) if before is not None or action == "create" else {}
    if action == "update" and not changes and not note:
        return None
    return HistoryEntry.objects.create(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        note=note,
        changes=changes,
    )


def entries_for(obj: models.Model):
    return HistoryEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False), object_id=str(obj.pk)
    ).select_related("actor")
