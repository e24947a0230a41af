"""Product review workflow, OCOP certificates (stars from scores, validity, expiry, revocation) and
permissions, against the real database."""

import datetime as dt

import pytest
from django.utils import timezone

from hangviet.agencies.scope import scope_for
from hangviet.businesses.models import Business
from hangviet.catalog import selectors, services
from hangviet.catalog.models import CertificateStatus, OcopCertificate, Product, ProductStatus
from hangviet.core.errors import DomainError, NotFound, PermissionDenied, ValidationFailed
from hangviet.core.models import HistoryEntry, Notice

from .conftest import ADMIN

NEM = "Công ty TNHH Nem chua Thanh Hóa Xứ Thanh"
KEO_CU_DO = "Hợp tác xã Kẹo cu đơ Hà Tĩnh"


def producer(name=NEM):
    return Business.objects.get(name=name)


@pytest.mark.django_db
def test_producer_drafts_submits_and_officer_publishes(user_named):
    owner = scope_for(user_named("doanhnghiep"))
    product = services.product_create(scope=owner, producer_id=producer().pk, data={
        "name": "  Nem chua  lá ổi ", "category": "I.3.2", "price_vnd": "45.000 đ", "description": "Gói lá chuối"})
    assert product.status == ProductStatus.DRAFT and product.name == "Nem chua lá ổi"
    assert product.price_vnd == 45000 and product.province_id == "38" and product.sector == "I"
    assert product.code.startswith("SP-38-")
    services.product_submit(scope=owner, product_id=product.pk)
    officer = scope_for(user_named("daumoi.qltm"))
    assert Notice.objects.filter(user=user_named("daumoi.qltm"), subject__contains="Nem chua lá ổi").exists()
    services.product_publish(scope=officer, product_id=product.pk, note="Đạt")
    product.refresh_from_db()
    assert product.status == ProductStatus.PUBLISHED and product.published_at is not None
    assert Notice.objects.filter(user=user_named("doanhnghiep"), subject__contains="công bố").exists()
    # A producer's edit of a published product goes back to review.
    services.product_update(scope=owner, product_id=product.pk, data={"description": "Gói lá chuối và lá ổi"})
    product.refresh_from_db()
    assert product.status == ProductStatus.PENDING
    assert HistoryEntry.objects.filter(object_id=str(product.pk), action__in=["create", "submit", "publish", "update"]).count() == 4


@pytest.mark.django_db
def test_business_cannot_touch_another_producers_product(user_named, make_product):
    other = make_product("Kẹo cu đơ", producer=producer(KEO_CU_DO), publish=False)
    owner = scope_for(user_named("doanhnghiep"))
    with pytest.raises(NotFound):
        services.product_update(scope=owner, product_id=other.pk, data={"name": "Đổi tên"})
    with pytest.raises(PermissionDenied):
        services.product_create(scope=owner, producer_id=producer(KEO_CU_DO).pk, data={"name": "X", "category": "I.3.1"})
    with pytest.raises(NotFound):
        selectors.product_for(owner, other.pk)
    assert Product.objects.get(pk=other.pk).name == "Kẹo cu đơ"


@pytest.mark.django_db
def test_officer_outside_the_province_cannot_publish(user_named, make_product):
    product = make_product("Nấm sò", producer=producer("Tổ hợp tác Nấm sạch Cẩm Bình"), publish=False)
    services.product_submit(scope=ADMIN, product_id=product.pk)
    thanh_hoa = scope_for(user_named("daumoi.qltm"))
    with pytest.raises(NotFound):
        services.product_publish(scope=thanh_hoa, product_id=product.pk)
    assert Product.objects.get(pk=product.pk).status == ProductStatus.PENDING
    services.product_publish(scope=scope_for(user_named("daumoi.camxuyen")), product_id=product.pk)


@pytest.mark.django_db
def test_invalid_product_input_saves_nothing(user_named):
    owner = scope_for(user_named("doanhnghiep"))
    before = Product.objects.count()
    with pytest.raises(ValidationFailed) as err:
        services.product_create(scope=owner, producer_id=producer().pk, data={
            "name": "<script>alert(1)</script>", "category": "ZZ", "price_vnd": "-5", "description": "x" * 5001,
            "ecommerce_links": ["javascript:alert(1)"]})
    assert set(err.value.errors) >= {"name", "category", "price_vnd", "description", "ecommerce_links"}
    assert all("<script" not in m for msgs in err.value.errors.values() for m in msgs)
    with pytest.raises(ValidationFailed) as err:
        services.product_create(scope=owner, producer_id=producer().pk, data={"name": "", "category": "I.3.2"})
    assert "name" in err.value.errors
    assert Product.objects.count() == before


@pytest.mark.django_db
def test_returning_requires_a_reason(make_product, user_named):
    product = make_product("Bánh gai", publish=False)
    services.product_submit(scope=ADMIN, product_id=product.pk)
    with pytest.raises(DomainError) as err:
        services.product_return(scope=scope_for(user_named("daumoi.qltm")), product_id=product.pk, note="  ")
    assert err.value.field == "note"
    services.product_return(scope=scope_for(user_named("daumoi.qltm")), product_id=product.pk, note="Bổ sung ảnh")
    assert Product.objects.get(pk=product.pk).status == ProductStatus.DRAFT


@pytest.mark.django_db
def test_certificate_stars_validity_and_supersession(make_product):
    product = make_product("Bánh gai Tứ Trụ")
    first = services.certificate_issue(scope=ADMIN, product_id=product.pk, number="12/GCN-OCOP",
                                       decision_number="12/QĐ-UBND", decision_date=dt.date(2025, 3, 15),
                                       score_a=25, score_b=15, score_c=22, issuing_authority="UBND tỉnh Thanh Hóa")
    assert first.stars == 3 and first.score == 62 and first.rules_id == "148/QĐ-TTg"
    assert first.valid_until == dt.date(2028, 3, 14)  # 36 months
    product.refresh_from_db()
    assert product.stars == 3
    second = services.certificate_issue(scope=ADMIN, product_id=product.pk, number="88/GCN-OCOP",
                                        decision_number="88/QĐ-UBND", decision_date=dt.date(2026, 7, 1),
                                        score_a=33, score_b=20, score_c=25, issuing_authority="UBND tỉnh Thanh Hóa")
    first.refresh_from_db()
    product.refresh_from_db()
    assert second.stars == 4 and second.rules_id == "26/2026/QĐ-TTg"
    assert first.status == CertificateStatus.SUPERSEDED and first.superseded_by == second
    assert product.stars == 4
    assert selectors.verify_certificate(" 88/gcn-ocop ").pk == second.pk


@pytest.mark.django_db
def test_certificate_rules(make_product):
    product = make_product("Kẹo lạc")
    base = dict(scope=ADMIN, product_id=product.pk, decision_number="1/QĐ", decision_date=dt.date(2026, 6, 1),
                issuing_authority="UBND tỉnh")
    with pytest.raises(ValidationFailed) as err:  # 45 points: 2 stars, no certificate
        services.certificate_issue(number="A1", score_a=20, score_b=10, score_c=15, **base)
    assert "3 sao" in err.value.errors["score_a"][0]
    with pytest.raises(ValidationFailed) as err:  # part A is out of 40 under 26/2026
        services.certificate_issue(number="A2", score_a=41, score_b=20, score_c=30, **base)
    assert "score_a" in err.value.errors
    with pytest.raises(ValidationFailed) as err:  # 5 stars are the Ministry's
        services.certificate_issue(number="A3", score_a=38, score_b=24, score_c=33, **base)
    assert "issuing_level" in err.value.errors
    assert not OcopCertificate.objects.filter(product=product).exists()


@pytest.mark.django_db
def test_expiry_alerts_and_stars_disappear(make_product, user_named):
    today = timezone.localdate()
    product = make_product("Nem chua Thanh Hóa")
    decision = services.add_months(today, -34)
    cert = services.certificate_issue(scope=ADMIN, product_id=product.pk, number="EXP-1", decision_number="5/QĐ",
                                      decision_date=decision, score_a=30, score_b=20, score_c=25,
                                      issuing_authority="UBND tỉnh Thanh Hóa")
    days_left = (cert.valid_until - today).days
    assert 30 < days_left <= 90
    counts = services.certificates_refresh(today=today)
    cert.refresh_from_db()
    assert cert.status == CertificateStatus.EXPIRING and cert.alerts_sent == [90]
    assert counts["alerts"] == 1
    assert Notice.objects.filter(user=user_named("doanhnghiep"), subject__contains="sắp hết hạn").count() == 1
    services.certificates_refresh(today=today)  # the same alert is not sent twice
    assert Notice.objects.filter(user=user_named("doanhnghiep"), subject__contains="sắp hết hạn").count() == 1
    services.certificates_refresh(today=cert.valid_until - dt.timedelta(days=10))
    cert.refresh_from_db()
    assert cert.alerts_sent == [30, 90]
    services.certificates_refresh(today=cert.valid_until + dt.timedelta(days=1))
    cert.refresh_from_db()
    product.refresh_from_db()
    assert cert.status == CertificateStatus.EXPIRED and product.stars is None


@pytest.mark.django_db
def test_rerating_keeps_the_certificate_in_force_for_at_most_180_days(make_product):
    today = timezone.localdate()
    product = make_product("Chè xanh")
    cert = services.certificate_issue(scope=ADMIN, product_id=product.pk, number="RR-1", decision_number="6/QĐ",
                                      decision_date=services.add_months(today, -35), score_a=30, score_b=20,
                                      score_c=25, issuing_authority="UBND tỉnh")
    services.certificate_record_rerating(scope=ADMIN, certificate_id=cert.pk, filed_on=today)
    cert.refresh_from_db()
    assert cert.status_on(cert.valid_until + dt.timedelta(days=100)) == CertificateStatus.EXPIRING
    assert cert.status_on(cert.valid_until + dt.timedelta(days=181)) == CertificateStatus.EXPIRED


@pytest.mark.django_db
def test_revocation_removes_stars_and_needs_a_reason(make_product):
    product = make_product("Mật ong", stars_score=(30, 20, 25))
    cert = product.certificates.get()
    with pytest.raises(DomainError):
        services.certificate_revoke(scope=ADMIN, certificate_id=cert.pk, reason="")
    services.certificate_revoke(scope=ADMIN, certificate_id=cert.pk, reason="Vi phạm ghi nhãn")
    product.refresh_from_db()
    assert product.stars is None
    assert selectors.certificate_public_status(selectors.verify_certificate(cert.number)) == CertificateStatus.REVOKED


@pytest.mark.django_db
def test_daily_job_runs_the_refresh(make_product):
    from hangviet.catalog.tasks import refresh_certificates

    product = make_product("Nước mắm", stars_score=(30, 20, 25))
    cert = product.certificates.get()
    OcopCertificate.objects.filter(pk=cert.pk).update(valid_until=timezone.localdate() - dt.timedelta(days=1))
    refresh_certificates.call_local()
    product.refresh_from_db()
    cert.refresh_from_db()
    assert cert.status == CertificateStatus.EXPIRED and product.stars is None
