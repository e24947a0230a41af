from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "hangviet.catalog"
    label = "catalog"
    verbose_name = _("Sản phẩm")

    def ready(self):
        from . import domestic

        domestic.register()
