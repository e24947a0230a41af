from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "hangviet.reports"
    label = "reports"
