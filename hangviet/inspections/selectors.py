"""Reads for inspections, scoped by place and agency."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth

from hangviet.agencies.scope import Scope
from hangviet.complaints.models import Category
from hangviet.core.errors import NotFound
from hangviet.core.search import words_q
from hangviet.places.models import Level

from .models import Inspection, InspectionPlan, Violation


def inspection_list(*, scope: Scope, status: str | None = None, date_from=None, date_to=None,
                    q: str | None = None, plan_id: int | None = None) -> QuerySet[Inspection]:
    if scope.is_anonymous or scope.is_business:
        return Inspection.objects.none()
    qs = scope.filter(Inspection.objects.all(), place_field="place", agency_field="agency").select_related(
        "place", "agency", "business", "plan")
    if status:
        qs = qs.filter(status=status)
    if date_from:
        qs = qs.filter(inspected_on__gte=date_from)
    if date_to:
        qs = qs.filter(inspected_on__lte=date_to)
    if plan_id:
        qs = qs.filter(plan_id=plan_id)
    if q:
        words = words_q("business__search_key", q[:200])
        qs = qs.filter(Q(business_name__icontains=q[:200]) | Q(team__icontains=q[:200]) | words)
    return qs


def inspection_list_with_totals(*, scope: Scope, **filters) -> QuerySet[Inspection]:
    """The list with violation counts and fine/seized sums in the same query (no N+1)."""
    return inspection_list(scope=scope, **filters).annotate(
        violation_count=Count("violations", distinct=True), fines_total=Sum("violations__fine_amount"),
        seized_total=Sum("violations__seized_value"))


def inspection_get(*, scope: Scope, inspection_id: int) -> Inspection:
    inspection = inspection_list(scope=scope).prefetch_related(
        Prefetch("violations", queryset=Violation.objects.order_by("pk")), "complaints").filter(
        pk=inspection_id).first()
    if inspection is None:
        raise NotFound()
    return inspection


def plan_list(*, scope: Scope) -> QuerySet[InspectionPlan]:
    if scope.is_anonymous or scope.is_business:
        return InspectionPlan.objects.none()
    return scope.filter(InspectionPlan.objects.all(), place_field="place", agency_field="agency")


def stats(*, scope: Scope) -> dict:
    inspections = inspection_list(scope=scope)
    violations = Violation.objects.filter(inspection__in=inspections.values("pk"))
    totals = violations.aggregate(fines=Sum("fine_amount"), seized=Sum("seized_value"), n=Count("pk"))
    return {"inspections": inspections.count(), "violations": totals["n"] or 0, "fines": totals["fines"] or 0,
            "seized_value": totals["seized"] or 0,
            "by_category": list(violations.values("category").annotate(n=Count("pk")).order_by("-n"))}


def dashboard(*, scope: Scope, year: int | None = None) -> dict:
    """Inspections, violations, fines and seized value for the actor's scope, by month, by violation
    category and by place."""
    inspections = inspection_list(scope=scope)
    if year:
        inspections = inspections.filter(inspected_on__year=year)
    violations = Violation.objects.filter(inspection__in=inspections.values("pk"))
    totals = violations.aggregate(fines=Sum("fine_amount"), seized=Sum("seized_value"), n=Count("pk"))
    labels = dict(Category.choices)
    by_category = [{"key": r["category"], "label": str(labels.get(r["category"], r["category"])), "n": r["n"],
                    "fines": r["fines"] or 0, "seized": r["seized"] or 0}
                   for r in violations.values("category").annotate(
                       n=Count("pk"), fines=Sum("fine_amount"), seized=Sum("seized_value")).order_by("-n", "category")]
    months: dict[str, dict] = {}
    for r in inspections.annotate(month=TruncMonth("inspected_on")).values("month").annotate(n=Count("pk")):
        if r["month"] is not None:
            months.setdefault(f"{r['month']:%Y-%m}", {"n": 0, "violations": 0, "fines": 0})["n"] = r["n"]
    for r in violations.annotate(month=TruncMonth("inspection__inspected_on")).values("month").annotate(
            n=Count("pk"), fines=Sum("fine_amount")):
        if r["month"] is not None:
            row = months.setdefault(f"{r['month']:%Y-%m}", {"n": 0, "violations": 0, "fines": 0})
            row["violations"], row["fines"] = r["n"], r["fines"] or 0
    by_month = [{"key": k, "label": f"{k[5:]}/{k[:4]}", **v} for k, v in sorted(months.items())]
    level_labels = dict(Level.choices)
    places: dict[str, dict] = {}
    for r in inspections.values("place_id", "place__name", "place__level").annotate(n=Count("pk")):
        places[r["place_id"]] = {"key": r["place_id"], "label": r["place__name"],
                                 "level": str(level_labels.get(r["place__level"], "")), "n": r["n"],
                                 "violations": 0, "fines": 0, "seized": 0}
    for r in violations.values("inspection__place_id").annotate(n=Count("pk"), fines=Sum("fine_amount"),
                                                                 seized=Sum("seized_value")):
        row = places.get(r["inspection__place_id"])
        if row is not None:
            row.update(violations=r["n"], fines=r["fines"] or 0, seized=r["seized"] or 0)
    return {
        "year": year,
        "inspections": inspections.count(),
        "with_violations": inspections.filter(violations__isnull=False).distinct().count(),
        "violations": totals["n"] or 0,
        "fines": totals["fines"] or 0,
        "seized_value": totals["seized"] or 0,
        "by_category": by_category,
        "by_month": by_month,
        "by_place": sorted(places.values(), key=lambda r: (-r["violations"], -r["n"], r["label"])),
    }
