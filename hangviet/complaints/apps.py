from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "hangviet.complaints"
    label = "complaints"
