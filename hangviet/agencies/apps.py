from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "hangviet.agencies"
    label = "agencies"
