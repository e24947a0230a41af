"""Dashboard card: market inspections this year in the actor's scope, linking to the dashboard."""

from django.utils import timezone
from django.utils.translation import gettext as _

from hangviet.reports.dashboard import register_card


def _cards(scope):
    if not scope.is_official:
        return []
    from . import selectors

    year = timezone.localdate().year
    d = selectors.dashboard(scope=scope, year=year)
    fines = f"{d['fines']:,}".replace(",", ".")
    return [{"title": _("Kiểm tra thị trường năm %(y)d") % {"y": year}, "value": d["inspections"],
             "footer": _("Vi phạm %(v)d · phạt %(f)s đồng") % {"v": d["violations"], "f": fines},
             "link": "/quan-tri/inspections/inspection/bang-so-lieu/"}]


register_card(61, _cards)
