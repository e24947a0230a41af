"""Back-office home card of promotions (registered from admin.py at start-up)."""

from __future__ import annotations

from hangviet.core.deadlines import today
from hangviet.filings.selectors import queue_counts
from hangviet.reports.dashboard import register_card

from . import selectors


def promotion_cards(scope) -> list[dict]:
    if not scope.is_official:
        return []
    counts = queue_counts(scope=scope, kind="promotion")
    ongoing = selectors.programme_list(scope=scope).filter(
        filing__state__in=selectors.PUBLIC_STATES, starts_on__lte=today(), ends_on__gte=today()).count()
    return [
        {"title": "Hồ sơ khuyến mại chờ xử lý", "value": counts["pending"],
         "footer": f"{counts['soon']} sắp đến hạn, {counts['overdue']} quá hạn",
         "link": "/quan-tri/filings/filing/?kind=promotion&due=pending"},
        {"title": "Chương trình khuyến mại đang diễn ra", "value": ongoing, "footer": "đã được xác nhận",
         "link": "/quan-tri/promotions/programme/thong-ke/"},
    ]


register_card(400, promotion_cards)
