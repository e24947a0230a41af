from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "hangviet.events"
    label = "events"
    verbose_name = _("Xúc tiến thương mại")

    def ready(self):
        # The trade-fair registration is a kind of the shared filing-and-review workflow.
        from .services import fairs

        fairs.register()
