from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "hangviet.demo"
    label = "demo"
