from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "hangviet.catalog"
    label = "catalog"
