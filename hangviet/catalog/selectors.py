"""Every read of the catalogue: the public search with facets (through `search.py`), product and
producer pages, certificate verification (public, no personal data), and the scoped back-office lists."""

from __future__ import annotations

import datetime as dt
import logging
import time
from dataclasses import dataclass, replace

from django.db.models import Max, Prefetch, Q, QuerySet
from django.utils import timezone

from hangviet.agencies.scope import Scope
from hangviet.businesses.models import Business, BusinessKind
from hangviet.core.errors import NotFound, ValidationFailed
from hangviet.core.search import words_q
from hangviet.places.models import Place

from . import facet_index, policy
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

logger = logging.getLogger(__name__)

FACET_LABELS = {
    "province": "Tỉnh/thành phố", "commune": "Xã/phường", "category": "Nhóm sản phẩm", "sector": "Ngành OCOP",
    "stars": "Hạng sao OCOP", "producer_kind": "Loại hình chủ thể",
}


_REFERENCE: dict = {}
REFERENCE_SECONDS = 300


def _reference() -> dict:
    """Places and categories by code, loaded once per process and refreshed every few minutes: the
    names a result card and a facet show (reference data that changes a few times a year; never
    search results)."""
    now = time.monotonic()
    if _REFERENCE.get("until", 0) < now:
        places = {p.code: p for p in Place.objects.only("code", "name", "level", "province_id", "parent_id")}
        categories = {c.code: c for c in Category.objects.all()}
        _REFERENCE.update(places=places, categories=categories, until=now + REFERENCE_SECONDS,
                          place_names={code: place.name for code, place in places.items()},
                          category_names={code: category.name for code, category in categories.items()})
    return _REFERENCE


def warm(*, close: bool = True) -> None:
    """Build this process's search index (facet_index.py) and load the reference names before it
    serves a request (wsgi.py: each gunicorn worker as it boots, and again when --max-requests recycles
    it), so that no search waits the second these take for 200,000 products. Never fatal: a database
    that is not reachable or not migrated yet only means the first search does it."""
    from django.conf import settings
    from django.db import connections

    try:
        for alias in settings.DATABASES:
            facet_index.get(connections[alias])
        _reference()
    except Exception as exc:  # noqa: BLE001 - a warm-up must not stop a worker from booting
        logger.warning("catalogue search index not built at start: %s", exc)
    finally:
        if close:  # the worker's request threads open their own connections
            connections.close_all()


def _place(code: str | None) -> Place | None:
    if not code:
        return None
    places = _reference()["places"]
    if code not in places:  # added since the last load
        place = Place.objects.filter(pk=code).first()
        if place is None:
            return None
        places[code] = place
    return places[code]


def _category(code: str | None) -> Category | None:
    if not code:
        return None
    categories = _reference()["categories"]
    if code not in categories:
        category = Category.objects.filter(pk=code).first()
        if category is None:
            return None
        categories[code] = category
    return categories[code]


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
    province_place = _place(province)
    commune_place = _place(commune)
    if province and (province_place is None or province_place.level != "province"):
        errors["province"] = [f"Không có tỉnh/thành phố mã “{province[:20]}”."]
    if commune and (commune_place is None or commune_place.level == "province"):
        errors["commune"] = [f"Không có xã/phường mã “{commune[:20]}”."]
    if category and _category(category) is None:
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


def _facet_labels() -> dict[str, dict]:
    reference = _reference()
    places, categories = reference["place_names"], reference["category_names"]
    kinds = {k: str(label) for k, label in BusinessKind.choices}
    return {"province": places, "commune": places, "category": categories, "sector": categories,
            "producer_kind": kinds}


_CARD_SQL = (
    "SELECT p.id, p.code, p.name, p.category_id, p.sector, p.producer_id, p.origin, p.place_id, p.province_id,"
    " p.stars, p.price_vnd, p.unit, p.packaging, p.status, p.published_at, p.name_key, p.producer_kind,"
    " b.name AS producer_name, b.kind AS producer_kind_value, b.status AS producer_status"
    " FROM catalog_product p JOIN businesses_business b ON b.id = p.producer_id WHERE p.id IN ({ids})")


def _cards(ids: list[int]) -> list[Product]:
    """The result page's products in one raw query (no ORM compile), with their category, place,
    province and producer attached and their first photo in `first_photo`; other fields load lazily."""
    if not ids:
        return []
    marks = ", ".join(["%s"] * len(ids))
    found = {}
    for product in Product.objects.raw(_CARD_SQL.format(ids=marks), ids):
        product.category = _category(product.category_id)
        product.place = _place(product.place_id)
        product.province = _place(product.province_id)
        product.producer = Business(id=product.producer_id, name=product.producer_name, kind=product.producer_kind_value,
                                    status=product.producer_status)
        product.first_photo = None
        found[product.pk] = product
    for photo in ProductPhoto.objects.raw(
            f"SELECT id, product_id, image, caption, position FROM catalog_productphoto WHERE product_id IN ({marks}) "
            "ORDER BY position DESC, id DESC", ids):
        found[photo.product_id].first_photo = photo
    return [found[i] for i in ids if i in found]


def public_search(query: SearchQuery, *, facet_limit: int = 30) -> CatalogPage:
    result = search(replace(query, facet_limit=facet_limit))
    ordered = _cards(result.ids)
    trimmed = {name: [(value, n) for value, n in pairs if value not in (None, "")][:facet_limit]
               for name, pairs in result.facets.items()}
    labels = _facet_labels()
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
