from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "hangviet.core"
    label = "core"
