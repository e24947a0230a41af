"""Every read of the catalogue: the public search with facets (through `search.py`), product and
producer pages, certificate verification (public, no personal data), and the scoped back-office lists."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Max, Prefetch, Q, QuerySet
from django.utils import timezone

from hangviet.agencies.scope import Scope
from hangviet.businesses.models import Business, BusinessKind
from hangviet.core.errors import NotFound, ValidationFailed
from hangviet.core.search import words_q
from hangviet.places.models import Place

from . import policy
from .models import (
    Category,
    CertificateStatus,
    OcopCertificate,
    Product,
    ProductPhoto,
    ProductStatus,
    normalise_certificate_number,
)
from .search import FACETS, SORTS, SearchQuery, SearchResult, search

FACET_LABELS = {
    "province": "Tỉnh/thành phố", "commune": "Xã/phường", "category": "Nhóm sản phẩm", "sector": "Ngành OCOP",
    "stars": "Hạng sao OCOP", "producer_kind": "Loại hình chủ thể",
}


@dataclass
class CatalogPage:
    products: list[Product]
    result: SearchResult
    facets: dict[str, list[dict]]
    query: SearchQuery

    @property
    def count(self) -> int:
        return self.result.count

    @property
    def pages(self) -> int:
        return max(1, -(-self.result.count // self.query.page_size))


def build_query(*, q: str = "", province: str | None = None, commune: str | None = None, category: str | None = None,
                stars=None, producer_kind: str | None = None, producer_id=None, sort: str | None = None, page=1,
                page_size: int = 20, facets=None) -> SearchQuery:
    """Check the public search parameters; an unknown facet value is a clear 422, never a 500."""
    errors: dict[str, list[str]] = {}
    if province and not Place.objects.filter(pk=province, level="province").exists():
        errors["province"] = [f"Không có tỉnh/thành phố mã “{province[:20]}”."]
    if commune and not Place.objects.filter(pk=commune).exclude(level="province").exists():
        errors["commune"] = [f"Không có xã/phường mã “{commune[:20]}”."]
    if category and not Category.objects.filter(pk=category).exists():
        errors["category"] = [f"Không có nhóm sản phẩm mã “{category[:20]}”."]
    star_value = None
    if stars not in (None, ""):
        try:
            star_value = int(stars)
        except (TypeError, ValueError):
            star_value = -1
        if star_value not in (3, 4, 5):
            errors["stars"] = ["Hạng sao phải là 3, 4 hoặc 5."]
    if producer_kind and producer_kind not in BusinessKind.values:
        errors["producer_kind"] = ["Loại hình chủ thể không hợp lệ."]
    if sort and sort not in SORTS:
        errors["sort"] = [f"Cách sắp xếp không hợp lệ; dùng một trong: {', '.join(SORTS)}."]
    try:
        page_value = int(page or 1)
    except (TypeError, ValueError):
        page_value = 0
    if page_value < 1 or page_value > 500:
        errors["page"] = ["Trang phải là số từ 1 đến 500."]
    if not 1 <= page_size <= 100:
        errors["page_size"] = ["Số sản phẩm mỗi trang từ 1 đến 100."]
    chosen = FACETS
    if facets is not None:
        chosen = tuple(f for f in facets if f)
        unknown = [f for f in chosen if f not in FACETS]
        if unknown:
            errors["facets"] = [f"Không có nhóm đếm “{unknown[0][:30]}”; dùng: {', '.join(FACETS)}."]
    if q and len(q) > 200:
        errors["q"] = ["Từ khóa tìm kiếm quá dài (tối đa 200 ký tự)."]
    if errors:
        raise ValidationFailed(errors)
    return SearchQuery(q=q or "", province=province or None, commune=commune or None, category=category or None,
                       stars=star_value, producer_kind=producer_kind or None,
                       producer_id=int(producer_id) if producer_id else None, sort=sort or "relevance",
                       page=page_value, page_size=page_size, facets=chosen)


def _facet_labels(facets: dict[str, list[tuple]]) -> dict[str, dict]:
    """Labels of every facet value: places in one query, categories in another."""
    wanted: dict[str, set] = {"place": set(), "category": set()}
    for name, pairs in facets.items():
        bucket = {"province": "place", "commune": "place", "category": "category", "sector": "category"}.get(name)
        if bucket:
            wanted[bucket].update(value for value, _n in pairs if value not in (None, ""))
    places = dict(Place.objects.filter(pk__in=wanted["place"]).values_list("code", "name")) if wanted["place"] else {}
    categories = (dict(Category.objects.filter(pk__in=wanted["category"]).values_list("code", "name"))
                  if wanted["category"] else {})
    kinds = {k: str(label) for k, label in BusinessKind.choices}
    return {"province": places, "commune": places, "category": categories, "sector": categories,
            "producer_kind": kinds}


def public_search(query: SearchQuery, *, facet_limit: int = 30) -> CatalogPage:
    result = search(query)
    products = {p.pk: p for p in _public_products().filter(pk__in=result.ids)}
    ordered = [products[i] for i in result.ids if i in products]
    trimmed = {name: [(value, n) for value, n in pairs if value not in (None, "")][:facet_limit]
               for name, pairs in result.facets.items()}
    labels = _facet_labels(trimmed)
    facets = {}
    for name, pairs in trimmed.items():
        names = labels.get(name, {})
        facets[name] = [{"value": value, "label": f"{value} sao" if name == "stars" else names.get(value, str(value)),
                         "count": n} for value, n in pairs]
    return CatalogPage(products=ordered, result=result, facets=facets, query=query)


def _public_products() -> QuerySet[Product]:
    return (Product.objects.filter(status=ProductStatus.PUBLISHED)
            .select_related("producer", "place", "province", "category")
            .prefetch_related(Prefetch("photos", queryset=ProductPhoto.objects.order_by("position", "id"))))


def public_product(product_id) -> Product:
    try:
        pk = int(product_id)
    except (TypeError, ValueError):
        raise NotFound("Không tìm thấy sản phẩm.") from None
    product = (_public_products().prefetch_related("quality_marks", "sale_points")
               .filter(pk=pk).first())
    if product is None:
        raise NotFound("Không tìm thấy sản phẩm hoặc sản phẩm chưa được công bố.")
    return product


def product_for(scope: Scope, product_id) -> Product:
    """A product as this actor may see it (drafts for the owner and the officers in scope)."""
    try:
        pk = int(product_id)
    except (TypeError, ValueError):
        raise NotFound() from None
    product = Product.objects.select_related("producer", "place", "province", "category").filter(pk=pk).first()
    if product is None or not policy.can_view(scope, product):
        raise NotFound("Không tìm thấy sản phẩm hoặc bạn không có quyền xem.")
    return product


def current_certificate(product: Product, *, today: dt.date | None = None) -> OcopCertificate | None:
    today = today or timezone.localdate()
    best = None
    for cert in product.certificates.select_related("rules").order_by("-valid_from"):
        if cert.shows_stars_on(today) and (best is None or cert.stars > best.stars):
            best = cert
    return best


def certificate_history(product: Product) -> list[OcopCertificate]:
    return list(product.certificates.select_related("rules").order_by("-valid_from", "-id"))


def verify_certificate(number: str) -> OcopCertificate:
    key = normalise_certificate_number(number or "")
    if not key or len(number) > 80:
        raise NotFound("Không tìm thấy giấy chứng nhận OCOP với số này.")
    cert = (OcopCertificate.objects.select_related("product__producer", "product__place", "product__category", "rules")
            .filter(number_key=key).first())
    if cert is None:
        raise NotFound("Không tìm thấy giấy chứng nhận OCOP với số này.")
    return cert


def certificate_public_status(cert: OcopCertificate, *, today: dt.date | None = None) -> str:
    return cert.status_on(today or timezone.localdate())


def public_producer(producer_id) -> Business:
    try:
        pk = int(producer_id)
    except (TypeError, ValueError):
        raise NotFound("Không tìm thấy cơ sở sản xuất.") from None
    producer = (Business.objects.filter(pk=pk, status="approved", products__status=ProductStatus.PUBLISHED)
                .select_related("place", "place__province").distinct().first())
    if producer is None:
        raise NotFound("Không tìm thấy cơ sở sản xuất.")
    return producer


def producer_products(producer: Business) -> QuerySet[Product]:
    return _public_products().filter(producer=producer).order_by("-stars", "name_key")


def scoped_products(*, scope: Scope, q: str | None = None, status: str | None = None, province: str | None = None,
                    category: str | None = None, stars=None) -> QuerySet[Product]:
    qs = scope.filter(Product.objects.select_related("producer", "place", "province", "category"),
                      place_field="place", business_field="producer_id")
    if q:
        qs = qs.filter(words_q("name_key", q) | Q(code__iexact=q.strip()))
    if status:
        qs = qs.filter(status=status)
    if province:
        qs = qs.filter(province_id=province)
    if category:
        qs = qs.filter(Q(category_id=category) | Q(category_id__startswith=f"{category}.") | Q(sector=category))
    if stars:
        qs = qs.filter(stars=stars)
    return qs.order_by("name_key", "pk")


def scoped_certificates(*, scope: Scope, status: str | None = None, expiring_within: int | None = None) -> QuerySet[OcopCertificate]:
    qs = scope.filter(OcopCertificate.objects.select_related("product", "product__producer", "product__place", "rules"),
                      place_field="product__place", business_field="product__producer_id")
    if status:
        qs = qs.filter(status=status)
    if expiring_within is not None:
        today = timezone.localdate()
        qs = qs.filter(status__in=[CertificateStatus.VALID, CertificateStatus.EXPIRING],
                       valid_until__lte=today + dt.timedelta(days=expiring_within))
    return qs.order_by("valid_until", "pk")


# --- open data -----------------------------------------------------------------------------------

def open_data_version(kind: str) -> tuple[str, dt.datetime | None]:
    """(ETag, Last-Modified) of an open-data set: changes whenever a published row changes."""
    if kind == "products":
        qs = Product.objects.filter(status=ProductStatus.PUBLISHED)
    elif kind == "producers":
        qs = Business.objects.filter(status="approved", products__status=ProductStatus.PUBLISHED)
    elif kind == "certificates":
        qs = OcopCertificate.objects.filter(product__status=ProductStatus.PUBLISHED)
    else:
        raise NotFound()
    stamp = qs.aggregate(m=Max("updated_at"))["m"]
    count = qs.values("pk").distinct().count() if kind == "producers" else qs.count()
    tag = f'"{kind}-{count}-{int(stamp.timestamp() * 1_000_000) if stamp else 0}"'
    return tag, stamp


def open_products() -> QuerySet[Product]:
    return (Product.objects.filter(status=ProductStatus.PUBLISHED).select_related("producer", "place", "province", "category")
            .order_by("pk"))


def open_producers() -> QuerySet[Business]:
    return (Business.objects.filter(status="approved", products__status=ProductStatus.PUBLISHED)
            .select_related("place", "place__province").distinct().order_by("pk"))


def open_certificates() -> QuerySet[OcopCertificate]:
    return (OcopCertificate.objects.filter(product__status=ProductStatus.PUBLISHED)
            .select_related("product", "product__producer", "rules").order_by("pk"))
