from django.apps import AppConfig


class PromotionsConfig(AppConfig):
    name = "hangviet.promotions"
    label = "promotions"
