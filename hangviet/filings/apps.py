from django.apps import AppConfig


class FilingsConfig(AppConfig):
    name = "hangviet.filings"
    label = "filings"
