from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FilingsConfig(AppConfig):
    name = "hangviet.filings"
    label = "filings"
    verbose_name = _("Hồ sơ đăng ký")
