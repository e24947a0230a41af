"""Reads for inspections, scoped by place and agency."""

from __future__ import annotations

from django.db.models import Count, QuerySet, Sum

from hangviet.agencies.scope import Scope

from .models import Inspection, Violation


def inspection_list(*, scope: Scope) -> QuerySet[Inspection]:
    if scope.is_anonymous or scope.is_business:
        return Inspection.objects.none()
    return scope.filter(Inspection.objects.all(), place_field="place", agency_field="agency").select_related(
        "place", "agency", "business")


def stats(*, scope: Scope) -> dict:
    inspections = inspection_list(scope=scope)
    violations = Violation.objects.filter(inspection__in=inspections.values("pk"))
    totals = violations.aggregate(fines=Sum("fine_amount"), seized=Sum("seized_value"), n=Count("pk"))
    return {"inspections": inspections.count(), "violations": totals["n"] or 0, "fines": totals["fines"] or 0,
            "seized_value": totals["seized"] or 0,
            "by_category": list(violations.values("category").annotate(n=Count("pk")).order_by("-n"))}
