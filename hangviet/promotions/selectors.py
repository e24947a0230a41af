"""Reads of promotions: the public list (confirmed programmes, for their dates), the scoped lists of
businesses and officers, calls, and the monitoring statistics."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth

from hangviet.agencies.scope import Scope
from hangviet.core.deadlines import today
from hangviet.core.errors import DomainError, NotFound
from hangviet.core.search import words_q
from hangviet.filings.models import FilingState
from hangviet.places.models import Place

from .models import CallStatus, Programme, PromotionCall, PromotionForm

PUBLIC_STATES = (FilingState.CONFIRMED, FilingState.AMENDED)


def _with_related(qs: QuerySet[Programme]) -> QuerySet[Programme]:
    return qs.select_related("business", "filing", "filing__receiving_agency", "call").prefetch_related(
        Prefetch("provinces", queryset=Place.objects.only("code", "name").order_by("code")))


def public_programmes(*, active_on: dt.date | None = None, province: str | None = None, form: str | None = None,
                      q: str | None = None, date_from: dt.date | None = None, date_to: dt.date | None = None,
                      call_id: int | None = None) -> QuerySet[Programme]:
    """Confirmed programmes the public may see. Without dates: those not yet ended (ongoing or upcoming)."""
    qs = Programme.objects.filter(filing__state__in=PUBLIC_STATES)
    if active_on:
        qs = qs.filter(starts_on__lte=active_on, ends_on__gte=active_on)
    elif date_from or date_to:
        if date_from:
            qs = qs.filter(ends_on__gte=date_from)
        if date_to:
            qs = qs.filter(starts_on__lte=date_to)
    else:
        qs = qs.filter(ends_on__gte=today())
    if province:
        qs = qs.filter(provinces__code=str(province)[:20])
    if form:
        if form not in PromotionForm.values:
            raise DomainError("form_invalid", "Hình thức khuyến mại không hợp lệ.", field="type", status=422)
        qs = qs.filter(forms_key__contains=f"|{form}|")
    if call_id:
        qs = qs.filter(call_id=call_id)
    if q:
        qs = qs.filter(words_q("search_key", q))
    return _with_related(qs).order_by("starts_on", "id").distinct()


def public_programme_get(*, programme_id) -> Programme:
    try:
        pk = int(programme_id)
    except (TypeError, ValueError):
        raise NotFound("Không tìm thấy chương trình khuyến mại.") from None
    programme = _with_related(Programme.objects.filter(filing__state__in=PUBLIC_STATES, pk=pk)).prefetch_related(
        "items", "prizes").first()
    if programme is None:
        raise NotFound("Không tìm thấy chương trình khuyến mại.")
    return programme


def programme_list(*, scope: Scope, state: str | None = None, q: str | None = None,
                   flagged: bool | None = None) -> QuerySet[Programme]:
    """A business's own programmes, or those received by an agency in the officer's scope."""
    if scope.is_business:
        qs = Programme.objects.filter(business_id=scope.business_id)
    elif scope.is_official:
        qs = scope.filter(Programme.objects.exclude(filing__state=FilingState.DRAFT),
                          agency_field="filing__receiving_agency", place_field="filing__receiving_agency__place")
    else:
        return Programme.objects.none()
    if state:
        if state not in FilingState.values:
            raise DomainError("state_invalid", "Trạng thái hồ sơ không hợp lệ.", field="state", status=422)
        qs = qs.filter(filing__state=state)
    if flagged:
        qs = qs.filter(exceeds_filing=True)
    if q:
        qs = qs.filter(words_q("search_key", q))
    return _with_related(qs).order_by("-starts_on", "-id")


def programme_get(*, scope: Scope, programme_id) -> Programme:
    try:
        pk = int(programme_id)
    except (TypeError, ValueError):
        raise NotFound("Không tìm thấy chương trình khuyến mại.") from None
    programme = programme_list(scope=scope).filter(pk=pk).prefetch_related("items", "prizes").first()
    if programme is None:
        raise NotFound("Không tìm thấy chương trình khuyến mại hoặc bạn không có quyền xem.")
    return programme


def open_calls() -> QuerySet[PromotionCall]:
    return PromotionCall.objects.filter(status=CallStatus.PUBLISHED, ends_on__gte=today()).select_related(
        "agency", "place").order_by("starts_on")


def public_calls() -> QuerySet[PromotionCall]:
    return PromotionCall.objects.exclude(status=CallStatus.DRAFT).select_related("agency", "place").annotate(
        confirmed=Count("programmes", filter=Q(programmes__filing__state__in=PUBLIC_STATES))).order_by("-starts_on")


def public_call_get(*, call_id) -> PromotionCall:
    call = public_calls().filter(pk=call_id).first()
    if call is None:
        raise NotFound("Không tìm thấy đợt khuyến mại.")
    return call


def statistics(*, scope: Scope, year: int | None = None) -> dict:
    """Confirmed programmes in the officer's scope, by month of start, by form and by sector."""
    year = year or today().year
    if year < 2000 or year > 2100:
        raise DomainError("year_invalid", "Năm không hợp lệ.", field="year", status=422)
    qs = programme_list(scope=scope).filter(filing__state__in=(*PUBLIC_STATES, FilingState.CLOSED),
                                            starts_on__year=year)
    by_month = {row["month"].month: row["n"] for row in
                qs.order_by().annotate(month=TruncMonth("starts_on")).values("month").annotate(n=Count("pk", distinct=True))}
    rows = list(qs.order_by().values_list("pk", "forms", "sector", "total_value").distinct())
    by_form: dict[str, int] = {}
    by_sector: dict[str, int] = {}
    for _pk, forms, sector, _value in rows:
        for form in forms:
            by_form[form] = by_form.get(form, 0) + 1
        key = sector or "Chưa phân loại"
        by_sector[key] = by_sector.get(key, 0) + 1
    labels = dict(PromotionForm.choices)
    totals = qs.order_by().aggregate(value=Sum("total_value"), flagged=Count("pk", filter=Q(exceeds_filing=True)))
    return {
        "year": year,
        "count": len(rows),
        "total_value": totals["value"] or 0,
        "flagged": totals["flagged"] or 0,
        "by_month": [{"month": m, "count": by_month.get(m, 0)} for m in range(1, 13)],
        "by_form": [{"form": f, "label": str(labels.get(f, f)), "count": n} for f, n in sorted(by_form.items(), key=lambda x: -x[1])],
        "by_sector": [{"sector": s, "count": n} for s, n in sorted(by_sector.items(), key=lambda x: -x[1])],
    }
