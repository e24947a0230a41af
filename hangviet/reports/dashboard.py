"""The back-office home: key numbers from every area, for the user's scope. Apps contribute cards
with `register_card`, so each area shows its own numbers through its own selectors."""

from __future__ import annotations

from collections.abc import Callable

from hangviet.agencies.scope import scope_for

_CARDS: list[tuple[int, Callable]] = []


def register_card(order: int, builder: Callable) -> None:
    """builder(scope) -> list of {"title", "value", "footer", "link"} or [] (nothing to show)."""
    _CARDS.append((order, builder))


def _foundation_cards(scope):
    from hangviet.businesses.selectors import business_list

    businesses = business_list(scope=scope)
    pending = businesses.filter(status="pending").count()
    return [
        {"title": "Doanh nghiệp, HTX, hộ kinh doanh", "value": businesses.count(), "footer": "trong phạm vi của bạn",
         "link": "/quan-tri/businesses/business/"},
        {"title": "Đăng ký doanh nghiệp chờ duyệt", "value": pending, "footer": "cần cán bộ xem xét",
         "link": "/quan-tri/businesses/business/?status__exact=pending"},
    ]


register_card(100, _foundation_cards)


def dashboard_callback(request, context):
    scope = scope_for(request.user)
    cards = []
    for _order, builder in sorted(_CARDS, key=lambda item: item[0]):
        cards.extend(builder(scope))
    context.update({"hv_cards": cards, "hv_scope": scope})
    return context
