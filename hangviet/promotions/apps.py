from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PromotionsConfig(AppConfig):
    name = "hangviet.promotions"
    label = "promotions"
    verbose_name = _("Khuyến mại")

    def ready(self):
        from . import kind

        kind.register()
