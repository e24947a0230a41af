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
        return render(request, "complaints/new.html", {"form": form}, status=400)
    form = ComplaintForm(initial={"idempotency_key": secrets.token_urlsafe(24)})
    return render(request, "complaints/new.html", {"form": form})


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
