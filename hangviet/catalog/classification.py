"""Loads the OCOP classification, the general categories and the OCOP rule versions from
`fixtures/ocop_classification.json` (idempotent: used by the data migration and the demo)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

FIXTURE = Path(__file__).parent / "fixtures" / "ocop_classification.json"


def load_classification(category_model, rules_model) -> int:
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    position = 0

    def put(code, name, level, parent, is_ocop):
        nonlocal position
        position += 1
        obj, _created = category_model.objects.update_or_create(
            code=code, defaults={"name": name, "level": level, "parent": parent, "is_ocop": is_ocop,
                                 "position": position})
        if not obj.search_key:  # historical models in migrations do not run the model's save()
            from hangviet.core.text import fold
            category_model.objects.filter(pk=code).update(search_key=fold(f"{code} {name}"))
        return obj

    for code, name, groups in data["sectors"]:
        sector = put(code, name, "sector", None, True)
        for gcode, gname, sets in groups:
            group = put(gcode, gname, "group", sector, True)
            for scode, sname in sets:
                put(scode, sname, "set", group, True)
    for code, name in data["general"]:
        put(code, name, "general", None, False)
    for code, name, start, end, max_a, max_b, max_c in data["rules"]:
        rules_model.objects.update_or_create(code=code, defaults={
            "name": name, "effective_from": dt.date.fromisoformat(start),
            "effective_to": dt.date.fromisoformat(end) if end else None,
            "max_a": max_a, "max_b": max_b, "max_c": max_c, "star_thresholds": [30, 50, 70, 90],
            "validity_months": 36, "grace_days": 180})
    return position
