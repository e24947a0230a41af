"""Portal pages: the public complaint form, the tracking page, and the consumer guidance pages."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from hangviet.core.errors import DomainError, NotFound
from hangviet.core.ratelimit import RateLimited, limit_public
from hangviet.portal.views import apply_domain_error

from . import selectors, services
from .forms import ComplaintForm
from .models import GuidancePage
from .services import ComplaintData, format_code


@require_http_methods(["GET", "POST"])
def new(request):
    if request.method == "POST":
        form = ComplaintForm(request.POST, request.FILES)
        try:
            limit_public(request, "complaints-submit", settings.RATELIMIT_PUBLIC_FORMS)
        except RateLimited as exc:
            return render(request, "portal/error.html", {"code": 429, "message": exc.message}, status=429)
        if form.is_valid():
            cd = form.cleaned_data
            data = ComplaintData(
                kind=cd["kind"], category=cd["category"], description=cd["description"],
                business_id=cd.get("business_id"), business_name=cd["business_name"], product_name=cd["product_name"],
                product_id=cd.get("product_id"),
                place_code=cd["place_code"], place_detail=cd["place_detail"], occurred_on=cd["occurred_on"],
                full_name=cd["full_name"], phone=cd["phone"], email=cd["email"] or "", address=cd["address"],
                anonymous=cd["anonymous"], consent_share=cd["consent_share"],
                files=request.FILES.getlist("files"))
            try:
                complaint, code, _created = services.submit_complaint(
                    data=data, channel="portal", idempotency_key=cd["idempotency_key"])
            except DomainError as exc:
                apply_domain_error(form, exc)
            else:
                request.session["complaint_code"] = code
                return redirect("complaints:submitted")
        return render(request, "complaints/new.html", {"form": form, **_picked(form)}, status=400)
    initial = {"idempotency_key": secrets.token_urlsafe(24)}
    context = {}
    product = _public_product(request.GET.get("san-pham"))
    if product is not None:
        # Reached from a product page ("Phản ánh về sản phẩm này") or picked from the catalogue below.
        initial.update(product_id=product.pk, product_name=product.name, business_name=product.producer.name,
                       business_id=product.producer_id if product.producer.status == "approved" else None)
        context["product"] = product
    wanted = (request.GET.get("tim") or "").strip()[:100]
    if wanted:
        context.update(wanted=wanted, found=_find_products(wanted))
    form = ComplaintForm(initial=initial)
    return render(request, "complaints/new.html", {"form": form, **context})


def _public_product(value):
    from hangviet.catalog import selectors as catalog

    if not value or not str(value).isdigit() or len(str(value)) > 12:
        return None
    try:
        return catalog.public_product(int(value))
    except NotFound:
        return None


def _find_products(text: str) -> list:
    """Up to eight published products for the picker (the catalogue's own search, no diacritics needed)."""
    from hangviet.catalog import selectors as catalog

    try:
        return catalog.public_search(catalog.build_query(q=text, page_size=8, facets=[])).products
    except DomainError:
        return []


def _picked(form) -> dict:
    product = _public_product(form.data.get("product_id"))
    return {"product": product} if product is not None else {}


@require_GET
def submitted(request):
    code = request.session.get("complaint_code")
    if not code:
        return redirect("complaints:new")
    return render(request, "complaints/submitted.html", {"code": code, "display_code": format_code(code)})


@require_GET
def track(request, code: str | None = None):
    code = code or (request.GET.get("code") or "")[:40]
    if not code:
        return render(request, "complaints/track.html", {"status": None})
    try:
        limit_public(request, "complaints-track", "120/60")
    except RateLimited as exc:
        return render(request, "portal/error.html", {"code": 429, "message": exc.message}, status=429)
    try:
        status = selectors.track(code)
    except NotFound as exc:
        return render(request, "complaints/track.html", {"status": None, "error": exc.message, "code": code},
                      status=404)
    return render(request, "complaints/track.html", {"status": status, "code": format_code(code)})


@require_GET
def guidance_list(request):
    return render(request, "complaints/guidance_list.html",
                  {"pages": GuidancePage.objects.filter(published=True)})


@require_GET
def guidance_detail(request, slug: str):
    page = get_object_or_404(GuidancePage, slug=slug, published=True)
    return render(request, "complaints/guidance_detail.html", {"page": page})
