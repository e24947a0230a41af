from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "hangviet.api"
    label = "api"
