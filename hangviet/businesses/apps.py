from django.apps import AppConfig


class BusinessesConfig(AppConfig):
    name = "hangviet.businesses"
    label = "businesses"
