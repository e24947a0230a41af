"""The link between participations and the catalogue: the products a business brings, chosen from
its own catalogue entries (drafts included: a producer may bring a product not yet published)."""

from __future__ import annotations

from hangviet.catalog.models import Product, ProductStatus


def products_of(business_id: int, ids: list[int]) -> list[int]:
    """The ids among `ids` that are products of this business."""
    if not ids:
        return []
    return list(Product.objects.filter(pk__in=ids, producer_id=business_id)
                .exclude(status=ProductStatus.WITHDRAWN).values_list("pk", flat=True))


def set_products(participation, ids: list[int]) -> None:
    participation.products.set(ids)


def product_choices(business_id: int) -> list[tuple[int, str]]:
    """(id, name) of the business's own products for the application form."""
    return list(Product.objects.filter(producer_id=business_id).exclude(status=ProductStatus.WITHDRAWN)
                .order_by("name_key").values_list("pk", "name")[:200])
