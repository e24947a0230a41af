from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "hangviet.portal"
    label = "portal"
