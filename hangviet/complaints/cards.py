"""Dashboard card: open, due-soon and overdue complaints, on-time rate."""

from hangviet.reports.dashboard import register_card


def _cards(scope):
    if not scope.is_official:
        return []
    from . import selectors

    s = selectors.stats(scope=scope)
    rate = "—" if s["on_time_rate"] is None else f"{s['on_time_rate']}%"
    return [{"title": "Phản ánh đang xử lý", "value": s["open"],
             "footer": f"Sắp đến hạn {s['due_soon']} · Quá hạn {s['overdue']} · Đúng hạn {rate}",
             "link": "/quan-tri/complaints/complaint/"}]


register_card(60, _cards)
