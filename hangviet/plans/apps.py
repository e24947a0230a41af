from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "hangviet.plans"
    label = "plans"
