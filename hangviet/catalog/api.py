"""The catalogue API: public search with facets, product and producer details, certificate
verification, and the scoped endpoints with which producers and officers edit and review products."""

from __future__ import annotations

import datetime as dt

from ninja import Query, Router, Schema, Status
from pydantic import BaseModel, Field

from hangviet.agencies.scope import scope_for
from hangviet.api.schemas import ERRORS, Page, paginate

from . import api_domestic, selectors, services
from .models import Product

PREFIX = "/catalog"
router = Router(tags=["Danh mục sản phẩm"])
router.add_router("/domestic", api_domestic.router)


# The search answer's parts are plain pydantic models: ninja's Schema wraps every object it validates
# for ORM attribute access, which cost 2.5 ms per search answer of 20 products and 6 facets.
class FacetValue(BaseModel):
    value: str | int
    label: str
    count: int


class ProductOut(BaseModel):
    id: int
    code: str
    name: str
    category: str
    category_name: str
    sector: str
    producer_id: int
    producer_name: str
    producer_kind: str
    origin: str
    place_code: str
    place_name: str
    province_code: str
    province_name: str
    stars: int | None
    price_vnd: int | None
    unit: str
    packaging: str
    status: str
    url: str
    photo: str | None


class ProductDetailOut(ProductOut):
    description: str
    specification: str
    where_sold: str
    ecommerce_links: list[str]
    quality_marks: list[dict]
    certificate: dict | None
    photos: list[str]


class SearchOut(BaseModel):
    items: list[ProductOut]
    count: int
    page: int
    pages: int
    facets: dict[str, list[FacetValue]]
    corrected: dict[str, str]


def _photo_url(product: Product) -> str | None:
    if hasattr(product, "first_photo"):  # set by the search page's loader
        return product.first_photo.image.url if product.first_photo else None
    photos = list(product.photos.all())
    return photos[0].image.url if photos else None


def product_out(product: Product) -> dict:
    return {
        "id": product.pk, "code": product.code, "name": product.name, "category": product.category_id,
        "category_name": product.category.name, "sector": product.sector, "producer_id": product.producer_id,
        "producer_name": product.producer.name, "producer_kind": product.producer_kind, "origin": product.origin,
        "place_code": product.place_id, "place_name": product.place.name, "province_code": product.province_id,
        "province_name": product.province.name, "stars": product.stars, "price_vnd": product.price_vnd,
        "unit": product.unit, "packaging": product.packaging, "status": product.status,
        "url": f"/san-pham/{product.pk}/", "photo": _photo_url(product),
    }


def certificate_out(cert, *, today: dt.date | None = None) -> dict:
    """What anyone may know of a certificate: no personal data of the producer."""
    status = selectors.certificate_public_status(cert, today=today)
    product = cert.product
    return {
        "number": cert.number, "status": status, "status_label": str(dict(_status_labels()).get(status, status)),
        "stars": cert.stars, "score": cert.score, "decision_number": cert.decision_number,
        "decision_date": cert.decision_date.isoformat(), "issuing_level": cert.issuing_level,
        "issuing_authority": cert.issuing_authority, "valid_from": cert.valid_from.isoformat(),
        "valid_until": cert.valid_until.isoformat(), "rules": cert.rules_id,
        "product_id": product.pk, "product_name": product.name, "producer_name": product.producer.name,
        "product_url": f"/san-pham/{product.pk}/" if product.status == "published" else None,
        "revoked_on": cert.revoked_on.isoformat() if cert.revoked_on else None,
    }


def _status_labels():
    from .models import CertificateStatus

    return CertificateStatus.choices


def product_detail_out(product: Product) -> dict:
    cert = selectors.current_certificate(product)
    return {
        **product_out(product), "description": product.description, "specification": product.specification,
        "where_sold": product.where_sold, "ecommerce_links": list(product.ecommerce_links or []),
        "quality_marks": [{"kind": m.kind, "label": m.get_kind_display(), "number": m.number, "issuer": m.issuer,
                           "valid_until": m.valid_until.isoformat() if m.valid_until else None}
                          for m in product.quality_marks.all()],
        "certificate": certificate_out(cert) if cert else None,
        "photos": [p.image.url for p in product.photos.all()],
    }


class SearchFilters(Schema):
    q: str = Field("", max_length=200)
    province: str | None = Field(None, max_length=20)
    commune: str | None = Field(None, max_length=20)
    category: str | None = Field(None, max_length=20)
    stars: str | None = Field(None, max_length=4)
    producer_kind: str | None = Field(None, max_length=20)
    producer: int | None = None
    sort: str | None = Field(None, max_length=20)
    page: str | None = Field(None, max_length=6)
    page_size: int = 20
    facets: str | None = Field(None, max_length=200, description="Nhóm đếm, cách nhau bởi dấu phẩy (mặc định: tất cả)")


@router.get("/products", response={200: SearchOut, **ERRORS}, auth=None,
            summary="Tìm sản phẩm (không dấu, có đếm theo nhóm)")
def search_products(request, filters: Query[SearchFilters]):
    query = selectors.build_query(
        q=filters.q, province=filters.province, commune=filters.commune, category=filters.category,
        stars=filters.stars, producer_kind=filters.producer_kind, producer_id=filters.producer, sort=filters.sort,
        page=filters.page or 1, page_size=filters.page_size,
        facets=filters.facets.split(",") if filters.facets is not None else None)
    page = selectors.public_search(query)
    return {"items": [product_out(p) for p in page.products], "count": page.count, "page": query.page,
            "pages": page.pages, "facets": page.facets, "corrected": page.result.corrected}


@router.get("/products/{int:product_id}", response={200: ProductDetailOut, **ERRORS}, auth=None,
            summary="Chi tiết sản phẩm đã công bố")
def get_product(request, product_id: int):
    return product_detail_out(selectors.public_product(product_id))


@router.get("/certificates/{path:number}", response={200: dict, **ERRORS}, auth=None,
            summary="Tra cứu giấy chứng nhận OCOP theo số")
def verify_certificate(request, number: str):
    from hangviet.core.ratelimit import limit_public

    limit_public(request, "certificate-verify")
    return certificate_out(selectors.verify_certificate(number))


# --- producers and officers ----------------------------------------------------------------------

class MineFilters(Schema):
    q: str | None = Field(None, max_length=200)
    status: str | None = Field(None, max_length=12)
    page: int = 1
    page_size: int = 20


@router.get("/manage/products", response={200: Page[ProductOut], **ERRORS},
            summary="Sản phẩm trong phạm vi của tôi (chủ thể: sản phẩm của mình)")
def my_products(request, filters: Query[MineFilters]):
    qs = selectors.scoped_products(scope=scope_for(request.user), q=filters.q, status=filters.status)
    items, count = paginate(qs.prefetch_related("photos"), page=filters.page, page_size=filters.page_size)
    return {"items": [product_out(p) for p in items], "count": count}


class ProductIn(Schema):
    name: str = Field(max_length=255)
    category: str = Field(max_length=20)
    place: str | None = Field(None, max_length=20)
    origin: str = Field("local", max_length=10)
    code: str = Field("", max_length=40)
    description: str = Field("", max_length=5000)
    specification: str = Field("", max_length=5000)
    packaging: str = Field("", max_length=200)
    unit: str = Field("", max_length=40)
    price_vnd: int | None = Field(None, ge=0)
    where_sold: str = Field("", max_length=2000)
    ecommerce_links: list[str] = Field(default_factory=list, max_length=10)


class ProductCreateIn(ProductIn):
    producer_id: int | None = None


@router.post("/manage/products", response={201: ProductOut, **ERRORS}, summary="Thêm sản phẩm (bản nháp)")
def create_product(request, payload: ProductCreateIn):
    scope = scope_for(request.user)
    producer_id = payload.producer_id or scope.business_id
    data = payload.dict(exclude={"producer_id"})
    if not data.get("place"):
        data.pop("place")
    product = services.product_create(scope=scope, producer_id=producer_id or 0, data=data)
    return Status(201, product_out(selectors.product_for(scope, product.pk)))


@router.get("/manage/products/{int:product_id}", response={200: ProductDetailOut, **ERRORS},
            summary="Sản phẩm (kể cả bản nháp) trong phạm vi của tôi")
def manage_get(request, product_id: int):
    return product_detail_out(selectors.product_for(scope_for(request.user), product_id))


@router.put("/manage/products/{int:product_id}", response={200: ProductOut, **ERRORS}, summary="Sửa sản phẩm")
def update_product(request, product_id: int, payload: ProductIn):
    scope = scope_for(request.user)
    data = payload.dict(exclude={"code"})
    if not data.get("place"):
        data.pop("place")
    services.product_update(scope=scope, product_id=product_id, data=data)
    return product_out(selectors.product_for(scope, product_id))


class CertificateIn(Schema):
    number: str = Field(max_length=60)
    decision_number: str = Field(max_length=60)
    decision_date: dt.date
    score_a: int = Field(ge=0, le=100)
    score_b: int = Field(ge=0, le=100)
    score_c: int = Field(ge=0, le=100)
    issuing_authority: str = Field(max_length=200)
    issuing_level: str = Field("province", max_length=10)
    valid_from: dt.date | None = None
    rules: str | None = Field(None, max_length=60)


@router.post("/manage/products/{int:product_id}/certificates", response={201: dict, **ERRORS},
             summary="Cấp giấy chứng nhận OCOP (cán bộ)")
def issue_certificate(request, product_id: int, payload: CertificateIn):
    cert = services.certificate_issue(
        scope=scope_for(request.user), product_id=product_id, number=payload.number,
        decision_number=payload.decision_number, decision_date=payload.decision_date, score_a=payload.score_a,
        score_b=payload.score_b, score_c=payload.score_c, issuing_authority=payload.issuing_authority,
        issuing_level=payload.issuing_level, valid_from=payload.valid_from, rules_code=payload.rules)
    return Status(201, certificate_out(cert))


class ActionIn(Schema):
    note: str = Field("", max_length=2000)


@router.post("/manage/products/{int:product_id}/{action}", response={200: ProductOut, **ERRORS},
             summary="Gửi duyệt (submit), công bố (publish), trả lại (return), thu hồi (withdraw)")
def act(request, product_id: int, action: str, payload: ActionIn):
    scope = scope_for(request.user)
    services.product_act(scope=scope, product_id=product_id, action=action, note=payload.note)
    return product_out(selectors.product_for(scope, product_id))


class RevokeIn(Schema):
    reason: str = Field(max_length=2000)


@router.post("/manage/certificates/{int:certificate_id}/revoke", response={200: dict, **ERRORS},
             summary="Thu hồi giấy chứng nhận OCOP (cán bộ)")
def revoke_certificate(request, certificate_id: int, payload: RevokeIn):
    cert = services.certificate_revoke(scope=scope_for(request.user), certificate_id=certificate_id,
                                       reason=payload.reason)
    return certificate_out(cert)
