"""Back-office home cards of the catalogue: products waiting for review and OCOP certificates that
expire within 90 days, in the user's scope."""

from hangviet.reports.dashboard import register_card


def _cards(scope):
    if not scope.is_official:
        return []
    from . import selectors

    pending = selectors.scoped_products(scope=scope, status="pending").count()
    published = selectors.scoped_products(scope=scope, status="published").count()
    expiring = selectors.scoped_certificates(scope=scope, expiring_within=90).count()
    return [
        {"title": "Sản phẩm chờ duyệt", "value": pending, "footer": f"{published} sản phẩm đã công bố",
         "link": "/quan-tri/catalog/product/?status__exact=pending"},
        {"title": "Giấy chứng nhận OCOP sắp hết hạn", "value": expiring, "footer": "trong 90 ngày tới",
         "link": "/quan-tri/catalog/ocopcertificate/?status__exact=expiring"},
    ]


register_card(40, _cards)
