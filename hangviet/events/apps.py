from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "hangviet.events"
    label = "events"
