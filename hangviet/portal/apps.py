from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "hangviet.portal"
    label = "portal"
    verbose_name = _("Cổng thông tin")
