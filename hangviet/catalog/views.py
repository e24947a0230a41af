"""Portal pages of the catalogue: the public search with facets, product and producer pages with
their QR codes, certificate verification, and a producer's own product pages (list, add, edit,
photos, submit for review). Thin adapters: parse, call a selector or a service, render."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from hangviet.agencies.scope import scope_for
from hangviet.businesses.models import BusinessKind
from hangviet.core.errors import DomainError, NotFound, ValidationFailed
from hangviet.core.ratelimit import RateLimited, limit_public

from . import policy, qr, selectors, services
from .forms import PhotoForm, ProductForm, VerifyForm
from .models import CertificateStatus, Origin, ProductStatus

FILTERS = ("province", "commune", "category", "stars", "producer_kind")
PARAMS = ("q", *FILTERS, "sort", "page")
MAX_PARAM_CHARS = 200

FACET_TITLES = {
    "province": gettext_lazy("Tỉnh/thành phố"), "commune": gettext_lazy("Xã/phường"),
    "sector": gettext_lazy("Ngành OCOP"), "category": gettext_lazy("Nhóm sản phẩm"),
    "stars": gettext_lazy("Hạng sao OCOP"), "producer_kind": gettext_lazy("Loại hình chủ thể"),
}
# Facet -> the URL parameter that filters by it (sectors and product sets both filter `category`).
FACET_PARAM = {"province": "province", "commune": "commune", "sector": "category", "category": "category",
               "stars": "stars", "producer_kind": "producer_kind"}
FACET_ORDER = ("province", "commune", "sector", "category", "stars", "producer_kind")
SORT_LABELS = (
    ("relevance", gettext_lazy("Phù hợp nhất")), ("stars", gettext_lazy("Hạng sao cao trước")),
    ("name", gettext_lazy("Tên A–Z")), ("-name", gettext_lazy("Tên Z–A")), ("price", gettext_lazy("Giá thấp trước")),
    ("-price", gettext_lazy("Giá cao trước")), ("newest", gettext_lazy("Mới công bố")),
)
STATUS_TEXT = {
    CertificateStatus.VALID: gettext_lazy("Giấy chứng nhận còn hiệu lực."),
    CertificateStatus.EXPIRING: gettext_lazy("Giấy chứng nhận còn hiệu lực nhưng sắp hết hạn."),
    CertificateStatus.EXPIRED: gettext_lazy("Giấy chứng nhận đã hết hiệu lực: sản phẩm không còn được dùng hạng sao này."),
    CertificateStatus.REVOKED: gettext_lazy("Giấy chứng nhận đã bị thu hồi: sản phẩm không còn được dùng hạng sao này."),
    CertificateStatus.SUPERSEDED: gettext_lazy("Giấy chứng nhận đã được thay thế bằng giấy chứng nhận mới."),
}


def _error_page(request, status: int, message: str):
    return render(request, "portal/error.html", {"code": status, "message": message}, status=status)


def stars_text(stars) -> str:
    return "★" * int(stars) if stars else ""


def money(value) -> str:
    """120000 -> "120.000" (Vietnamese thousands separator)."""
    return f"{value:,}".replace(",", ".") if value is not None else ""


# --- public search -------------------------------------------------------------------------------

def _read_params(request) -> dict[str, str]:
    params = {}
    for key in PARAMS:
        value = (request.GET.get(key) or "").strip()
        if len(value) > MAX_PARAM_CHARS + 1 or any(ord(c) < 32 for c in value):
            raise ValidationFailed({key: [_("Tham số tìm kiếm quá dài hoặc chứa ký tự không hợp lệ.")]})
        if value:
            params[key] = value
    return params


def _url(params: dict, **changes) -> str:
    merged = {k: v for k, v in params.items() if k != "page"}
    merged.update(changes)
    query = urlencode({k: v for k, v in merged.items() if v not in (None, "")})
    return reverse("catalog:products") + (f"?{query}" if query else "")


def _facet_groups(page, params: dict) -> list[dict]:
    groups = []
    for name in FACET_ORDER:
        values = page.facets.get(name) or []
        if name == "stars":
            values = sorted(values, key=lambda entry: -int(entry["value"]))
        if not values or (name == "sector" and params.get("category")):
            continue
        param = FACET_PARAM[name]
        chosen = params.get(param, "")
        items = []
        for entry in values:
            value = str(entry["value"])
            selected = value == chosen
            changes = {param: None if selected else value}
            if name == "province":
                changes["commune"] = None  # a commune belongs to one province
            label = entry["label"]
            if name == "stars":
                label = _("%(n)s sao") % {"n": value}
            items.append({"value": value, "label": label, "count": entry["count"], "selected": selected,
                          "url": _url(params, **changes), "stars": stars_text(entry["value"]) if name == "stars" else ""})
        groups.append({"name": name, "title": FACET_TITLES[name], "items": items,
                       "open": bool(chosen) or name in ("province", "stars")})
    return groups


def _chips(page, params: dict) -> list[dict]:
    labels = {}
    for name, values in page.facets.items():
        for entry in values:
            labels[(FACET_PARAM.get(name, name), str(entry["value"]))] = entry["label"]
    chips = []
    for param in FILTERS:
        value = params.get(param)
        if not value:
            continue
        label = labels.get((param, value), value)
        if param == "stars":
            label = _("%(n)s sao OCOP") % {"n": value}
        elif param == "producer_kind" and value in BusinessKind.values:
            label = BusinessKind(value).label
        changes = {param: None}
        if param == "province":
            changes["commune"] = None
        chips.append({"label": label, "url": _url(params, **changes)})
    return chips


def _decorate(products) -> None:
    for product in products:
        product.star_glyphs = stars_text(product.stars)
        product.price_text = money(product.price_vnd)
        if not hasattr(product, "first_photo"):
            photos = list(product.photos.all())
            product.first_photo = photos[0] if photos else None


@require_safe
def products(request):
    """/san-pham/?q=keo+cu+do&province=38&stars=4: the public catalogue (htmx swaps the results)."""
    status, errors, page, params = 200, [], None, {}
    try:
        params = _read_params(request)
        query = selectors.build_query(
            q=params.get("q", ""), province=params.get("province"), commune=params.get("commune"),
            category=params.get("category"), stars=params.get("stars"), producer_kind=params.get("producer_kind"),
            sort=params.get("sort"), page=params.get("page", 1))
        page = selectors.public_search(query)
    except ValidationFailed as exc:
        errors = [m for msgs in exc.errors.values() for m in msgs] or [exc.message]
        status = 400
        # The next search from the form must not carry the faulty filter again.
        params = {k: v for k, v in params.items() if k not in exc.errors}
    context = {"params": params, "errors": errors, "page": page, "sorts": SORT_LABELS,
               "sort": params.get("sort", "relevance"), "hidden": {k: params[k] for k in FILTERS if k in params}}
    if page is not None:
        _decorate(page.products)
        number = page.query.page
        context.update({
            "facet_groups": _facet_groups(page, params), "chips": _chips(page, params),
            "corrected": " ".join(page.result.words) if page.result.corrected else "",
            "prev_url": _url(params, page=number - 1) if number > 1 else "",
            "next_url": _url(params, page=number + 1) if number < min(page.pages, 500) else "",
            "number": number, "pages": page.pages, "first_url": _url(params),
        })
    # A history-restore request (back button after the cache expired) wants the whole page.
    is_htmx = (request.headers.get("HX-Request") == "true" and not request.headers.get("HX-Boosted")
               and not request.headers.get("HX-History-Restore-Request"))
    context["is_htmx"] = is_htmx
    template = "catalog/_results.html" if is_htmx else "catalog/products.html"
    # htmx only swaps 2xx answers: the partial carries its own error message.
    response = render(request, template, context, status=200 if is_htmx else status)
    patch_vary_headers(response, ["HX-Request"])
    return response


# --- product and producer pages ------------------------------------------------------------------

@require_safe
def product_detail(request, product_id: int):
    try:
        product = selectors.public_product(product_id)
    except NotFound:
        return _error_page(request, 404, _("Không tìm thấy sản phẩm hoặc sản phẩm chưa được công bố."))
    _decorate([product])
    today = timezone.localdate()
    certificate = selectors.current_certificate(product, today=today)
    history = selectors.certificate_history(product)
    for cert in history:
        cert.public_status = cert.status_on(today)
        cert.public_status_label = CertificateStatus(cert.public_status).label
    sale_points = [o for o in product.sale_points.all() if o.is_public and not o.archived]
    photos = list(product.photos.all())
    return render(request, "catalog/product.html", {
        "product": product, "photos": photos, "certificate": certificate,
        "certificate_status": certificate.status_on(today) if certificate else "",
        "star_glyphs": stars_text(certificate.stars) if certificate else "", "history": history,
        "marks": list(product.quality_marks.all()), "sale_points": sale_points,
        "links": list(product.ecommerce_links or []), "absolute_url": qr.absolute_url(product_url(product.pk)),
        "producer_public": product.producer.status == "approved", "og_image": _absolute_media(photos),
    })


def _absolute_media(photos) -> str:
    if not photos:
        return ""
    url = photos[0].image.url
    return url if url.startswith(("http://", "https://")) else qr.absolute_url(url)


def product_url(product_id: int) -> str:
    return reverse("catalog:product", args=[product_id])


def producer_url(producer_id: int) -> str:
    return reverse("catalog:producer", args=[producer_id])


@require_safe
def producer_detail(request, producer_id: int):
    try:
        producer = selectors.public_producer(producer_id)
    except NotFound:
        return _error_page(request, 404, _("Không tìm thấy cơ sở sản xuất."))
    paginator = Paginator(selectors.producer_products(producer), 30)
    page = paginator.get_page(request.GET.get("page"))
    _decorate(page.object_list)
    return render(request, "catalog/producer.html", {
        "producer": producer, "page": page, "items": page.object_list,
        "absolute_url": qr.absolute_url(producer_url(producer.pk)),
    })


def _qr(request, load, not_found: str, url, fmt: str, filename: str):
    """A QR code (SVG or PNG) that links to a public page; 404 when the record is not public."""
    try:
        record = load()
    except NotFound:
        return _error_page(request, 404, not_found)
    return qr.response(qr.absolute_url(url(record.pk)), fmt, filename=f"{filename}-{record.pk}", title=str(record))


@require_safe
def product_qr(request, product_id: int, fmt: str):
    return _qr(request, lambda: selectors.public_product(product_id),
               _("Không tìm thấy sản phẩm hoặc sản phẩm chưa được công bố."), product_url, fmt, "ma-qr-san-pham")


@require_safe
def producer_qr(request, producer_id: int, fmt: str):
    return _qr(request, lambda: selectors.public_producer(producer_id), _("Không tìm thấy cơ sở sản xuất."),
               producer_url, fmt, "ma-qr-co-so")


# --- certificate verification --------------------------------------------------------------------

@require_safe
def verify(request):
    """/san-pham/xac-minh/?so=…: anyone checks an OCOP certificate number (rate-limited)."""
    form = VerifyForm(request.GET if "so" in request.GET else None)
    status, cert, not_found, error = 200, None, False, ""
    if form.is_bound:
        if form.is_valid():
            try:
                limit_public(request, "certificate-verify")
                cert = selectors.verify_certificate(form.cleaned_data["so"])
            except RateLimited as exc:
                error, status = exc.message, 429
            except NotFound:
                not_found, status = True, 404
        else:
            status = 400
    context = {"form": form, "cert": cert, "not_found": not_found, "error": error}
    if cert is not None:
        today = timezone.localdate()
        state = selectors.certificate_public_status(cert, today=today)
        context.update({
            "state": state, "state_label": CertificateStatus(state).label, "state_text": STATUS_TEXT[state],
            "in_force": state in (CertificateStatus.VALID, CertificateStatus.EXPIRING),
            "star_glyphs": stars_text(cert.stars), "effective_until": cert.effective_until(),
            "product_public": cert.product.status == ProductStatus.PUBLISHED,
        })
    response = render(request, "catalog/verify.html", context, status=status)
    if cert is not None or not_found:
        response["Cache-Control"] = "no-store"
    return response


# --- a producer's own products -------------------------------------------------------------------

def _business_scope(request):
    scope = scope_for(request.user)
    return scope if scope.is_business else None


def _own_product(scope, product_id):
    """The product if this business owns it; anything else is 404 (no hint that it exists)."""
    try:
        product = selectors.product_for(scope, product_id)
    except DomainError:
        return None
    return product if policy.owns(scope, product) else None


def _not_business(request):
    return _error_page(request, 403, _("Trang này dành cho tài khoản doanh nghiệp, hợp tác xã, hộ kinh doanh."))


def _apply_errors(form, exc: DomainError) -> None:
    from hangviet.portal.views import apply_domain_error

    apply_domain_error(form, exc)


@login_required
@require_safe
def mine(request):
    scope = _business_scope(request)
    if scope is None:
        return _not_business(request)
    status = request.GET.get("status") or None
    if status not in (None, *ProductStatus.values):
        status = None
    qs = selectors.scoped_products(scope=scope, status=status).prefetch_related("photos")
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    _decorate(page.object_list)
    return render(request, "catalog/mine.html", {"page": page, "items": page.object_list, "status": status or "",
                                                 "statuses": ProductStatus.choices})


def _producer_province(scope) -> str | None:
    from hangviet.businesses.models import Business

    business = Business.objects.select_related("place").filter(pk=scope.business_id).first()
    if business is None:
        return None
    return business.place.province_id or business.place_id


@login_required
@require_http_methods(["GET", "POST"])
def product_new(request):
    scope = _business_scope(request)
    if scope is None:
        return _not_business(request)
    province = _producer_province(scope)
    form = ProductForm(request.POST or None, province_code=province, initial={"origin": Origin.LOCAL})
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                product = services.product_create(scope=scope, producer_id=scope.business_id, data=form.service_data())
            except DomainError as exc:
                _apply_errors(form, exc)
                status = exc.status if exc.status not in (400,) else 422
            else:
                messages.success(request, _("Đã lưu bản nháp. Thêm ảnh sản phẩm rồi bấm “Gửi duyệt” để cán bộ xem xét công bố."))
                return redirect("catalog:product_edit", product.pk)
    return render(request, "catalog/product_form.html", {"form": form, "product": None}, status=status)


def _edit_context(product, form, photo_form) -> dict:
    return {"form": form, "photo_form": photo_form, "product": product, "photos": list(product.photos.all()),
            "can_submit": product.status == ProductStatus.DRAFT,
            "public_url": product_url(product.pk) if product.status == ProductStatus.PUBLISHED else ""}


@login_required
@require_http_methods(["GET", "POST"])
def product_edit(request, product_id: int):
    scope = _business_scope(request)
    if scope is None:
        return _not_business(request)
    product = _own_product(scope, product_id)
    if product is None:
        return _error_page(request, 404, _("Không tìm thấy sản phẩm của cơ sở bạn."))
    editable = policy.can_edit(scope, product)
    province = _producer_province(scope)
    form = ProductForm(request.POST or None, province_code=province, current_place=product.place,
                       initial=ProductForm.initial_for(product)) if editable else None
    status = 200
    if request.method == "POST":
        if not editable:
            return _error_page(request, 409, _("Sản phẩm đã bị thu hồi nên không sửa được; hãy liên hệ cán bộ phụ trách."))
        status = 422
        if form.is_valid():
            was_published = product.status == ProductStatus.PUBLISHED
            try:
                product = services.product_update(scope=scope, product_id=product.pk, data=form.service_data())
            except DomainError as exc:
                _apply_errors(form, exc)
                status = exc.status if exc.status not in (400,) else 422
            else:
                if was_published:
                    messages.success(request, _("Đã lưu. Sản phẩm đã công bố được chuyển lại chờ cán bộ duyệt."))
                else:
                    messages.success(request, _("Đã lưu thay đổi."))
                return redirect("catalog:product_edit", product.pk)
    return render(request, "catalog/product_form.html",
                  _edit_context(product, form, PhotoForm() if editable else None), status=status)


@login_required
@require_POST
def photo_add(request, product_id: int):
    scope = _business_scope(request)
    if scope is None:
        return _not_business(request)
    product = _own_product(scope, product_id)
    if product is None:
        return _error_page(request, 404, _("Không tìm thấy sản phẩm của cơ sở bạn."))
    photo_form = PhotoForm(request.POST, request.FILES)
    status = 422
    if photo_form.is_valid():
        try:
            services.photo_add(scope=scope, product_id=product.pk, upload=photo_form.cleaned_data["image"],
                               caption=photo_form.cleaned_data.get("caption") or "")
        except NotFound:
            return _error_page(request, 404, _("Không tìm thấy sản phẩm của cơ sở bạn."))
        except DomainError as exc:
            _apply_errors(photo_form, exc)
            status = exc.status if exc.status not in (400,) else 422
        else:
            messages.success(request, _("Đã thêm ảnh."))
            return redirect("catalog:product_edit", product.pk)
    editable = policy.can_edit(scope, product)
    form = ProductForm(province_code=_producer_province(scope), current_place=product.place,
                       initial=ProductForm.initial_for(product)) if editable else None
    return render(request, "catalog/product_form.html", _edit_context(product, form, photo_form), status=status)


@login_required
@require_POST
def product_submit(request, product_id: int):
    scope = _business_scope(request)
    if scope is None:
        return _not_business(request)
    product = _own_product(scope, product_id)
    if product is None:
        return _error_page(request, 404, _("Không tìm thấy sản phẩm của cơ sở bạn."))
    try:
        services.product_submit(scope=scope, product_id=product.pk)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã gửi duyệt. Cán bộ phụ trách sẽ xem xét và công bố sản phẩm."))
    return redirect("catalog:mine")
