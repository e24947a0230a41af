from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "hangviet.places"
    label = "places"
