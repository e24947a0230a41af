from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RetailConfig(AppConfig):
    name = "hangviet.retail"
    label = "retail"
    verbose_name = _("Phân phối, điểm bán hàng Việt")
