"""The link between participations and the catalogue: the products a business brings, chosen from
its own catalogue. Uses catalog.Product when that app has it; until then only the free-text list."""

from __future__ import annotations

from django.apps import apps


def product_model():
    try:
        return apps.get_model("catalog", "Product")
    except LookupError:
        return None


def products_of(business_id: int, ids: list[int]) -> list[int]:
    """The ids among `ids` that are products of this business (empty when there is no catalogue)."""
    model = product_model()
    if model is None or not ids:
        return []
    field = "business_id" if any(f.name == "business" for f in model._meta.fields) else "producer_id"
    return list(model.objects.filter(pk__in=ids, **{field: business_id}).values_list("pk", flat=True))


def set_products(participation, ids: list[int]) -> None:
    if hasattr(participation, "products") and product_model() is not None:
        participation.products.set(ids)


def product_choices(business_id: int) -> list[tuple[int, str]]:
    """(id, name) of the business's own products for the application form (empty without a catalogue)."""
    model = product_model()
    if model is None:
        return []
    field = "business_id" if any(f.name == "business" for f in model._meta.fields) else "producer_id"
    return [(p.pk, str(p)) for p in model.objects.filter(**{field: business_id}).order_by("pk")[:200]]
