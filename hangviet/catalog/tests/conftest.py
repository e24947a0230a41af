"""Catalogue fixtures: products made through the services, as users make them."""

import datetime as dt

import pytest

from hangviet.agencies.models import Role
from hangviet.agencies.scope import Scope
from hangviet.businesses.models import Business

ADMIN = Scope(user=None, role=Role.ADMIN)


@pytest.fixture
def make_product(db):
    from hangviet.catalog import services

    def make(name, *, producer=None, category="I.3.1", description="", publish=True, stars_score=None, **extra):
        producer = producer or Business.objects.get(name="Công ty TNHH Nem chua Thanh Hóa Xứ Thanh")
        product = services.product_create(scope=ADMIN, producer_id=producer.pk,
                                          data={"name": name, "category": category, "description": description, **extra})
        if publish:
            services.product_publish(scope=ADMIN, product_id=product.pk)
        if stars_score is not None:
            a, b, c = stars_score
            services.certificate_issue(scope=ADMIN, product_id=product.pk, number=f"OCOP-{product.pk}-{a}{b}{c}",
                                       decision_number=f"{product.pk}/QĐ-UBND", decision_date=dt.date(2026, 6, 1),
                                       score_a=a, score_b=b, score_c=c, issuing_authority="UBND tỉnh Thanh Hóa")
        product.refresh_from_db()
        return product

    return make
