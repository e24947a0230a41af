from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "hangviet.inspections"
    label = "inspections"
