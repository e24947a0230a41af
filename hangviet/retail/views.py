"""Public pages of the distribution network: the sale-point listing with filters (a plain list that
works on phones, no map library), an outlet's page, and the GeoJSON feed a map can use."""

from __future__ import annotations

import json

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from hangviet.core.errors import DomainError
from hangviet.core.ratelimit import limit_public
from hangviet.places.selectors import provinces

from . import selectors
from .models import OpeningStatus, OutletKind, SalePointLabel

_FILTERS = ("q", "province", "kind", "label", "status")
MAX_PARAM = 200


def _read_filters(request) -> dict:
    data = {}
    for key in _FILTERS:
        value = (request.GET.get(key) or "").strip()
        if len(value) > MAX_PARAM or any(ord(c) < 32 for c in value):
            raise DomainError("param_invalid", _("Tham số lọc quá dài hoặc chứa ký tự không hợp lệ."), status=400)
        data[key] = value or None
    data["sale_points_only"] = request.GET.get("tat_ca") != "1"
    return data


@require_GET
def sale_points(request):
    status = 200
    error = ""
    page = None
    try:
        filters = _read_filters(request)
        paginator = Paginator(selectors.public_outlet_list(**filters), 30)
        page = paginator.get_page(request.GET.get("page"))
    except DomainError as exc:
        filters, error, status = {}, exc.message, 400
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "retail/sale_points.html", {
        "page": page, "items": page.object_list if page else [], "filters": filters, "error": error,
        "provinces": provinces(), "kinds": OutletKind.choices, "labels": SalePointLabel.choices[1:],
        "statuses": OpeningStatus.choices, "query": query.urlencode(),
    }, status=status)


@require_GET
def detail(request, outlet_id: int):
    try:
        outlet = selectors.public_outlet_get(outlet_id=outlet_id)
    except DomainError:
        return render(request, "portal/error.html", {"code": 404, "message": _("Không tìm thấy điểm bán.")}, status=404)
    return render(request, "retail/detail.html", {"outlet": outlet})


@require_GET
def geojson_feed(request):
    try:
        limit_public(request, "sale-points-geojson", "120/60")
        filters = _read_filters(request)
        data = selectors.geojson(selectors.public_outlet_list(**filters), base_url=settings.SITE_URL)
    except DomainError as exc:
        body = {"type": "about:blank", "title": "Bad Request", "status": exc.status, "code": exc.code,
                "detail": exc.message}
        return HttpResponse(json.dumps(body, ensure_ascii=False), status=exc.status,
                            content_type="application/problem+json")
    response = HttpResponse(json.dumps(data, ensure_ascii=False), content_type="application/geo+json")
    response["Cache-Control"] = "public, max-age=900"
    response["Access-Control-Allow-Origin"] = "*"
    return response
