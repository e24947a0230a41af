from django.urls import path, re_path

from . import opendata, views, views_domestic

app_name = "catalog"

urlpatterns = [
    path("san-pham/", views.products, name="products"),
    path("san-pham/xac-minh/", views.verify, name="verify"),
    path("san-pham/cua-toi/", views.mine, name="mine"),
    path("san-pham/cua-toi/them/", views.product_new, name="product_new"),
    path("san-pham/cua-toi/<int:product_id>/", views.product_edit, name="product_edit"),
    path("san-pham/cua-toi/<int:product_id>/anh/", views.photo_add, name="photo_add"),
    path("san-pham/cua-toi/<int:product_id>/gui-duyet/", views.product_submit, name="product_submit"),
    path("san-pham/<int:product_id>/", views.product_detail, name="product"),
    re_path(r"^san-pham/(?P<product_id>[0-9]+)/qr\.(?P<fmt>svg|png)$", views.product_qr, name="product_qr"),
    path("co-so/<int:producer_id>/", views.producer_detail, name="producer"),
    re_path(r"^co-so/(?P<producer_id>[0-9]+)/qr\.(?P<fmt>svg|png)$", views.producer_qr, name="producer_qr"),
    path("du-lieu-mo/", opendata.index, name="open_data"),
    re_path(r"^du-lieu-mo/(?P<dataset>san-pham|co-so|giay-chung-nhan)\.(?P<fmt>csv|json)$", opendata.download,
            name="open_data_file"),
] + views_domestic.urlpatterns
