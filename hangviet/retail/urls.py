from django.urls import path

from . import views

app_name = "retail"

urlpatterns = [
    path("diem-ban-hang-viet/", views.sale_points, name="sale_points"),
    path("diem-ban-hang-viet/<int:outlet_id>/", views.detail, name="detail"),
    path("diem-ban-hang-viet.geojson", views.geojson_feed, name="geojson"),
]
