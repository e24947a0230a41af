from django.apps import AppConfig


class RetailConfig(AppConfig):
    name = "hangviet.retail"
    label = "retail"
