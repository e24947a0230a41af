from django.urls import path

from . import views

app_name = "promotions"
urlpatterns = [
    path("khuyen-mai/", views.public_list, name="public_list"),
    path("khuyen-mai/<int:programme_id>/", views.public_detail, name="public_detail"),
    path("khuyen-mai/dot/", views.calls, name="calls"),
    path("khuyen-mai/dot/<int:call_id>/", views.call_detail, name="call_detail"),
    path("khuyen-mai/dang-ky/", views.new, name="new"),
    path("khuyen-mai/ho-so/<int:programme_id>/", views.edit, name="edit"),
    path("khuyen-mai/ho-so/<int:programme_id>/sua-doi/", views.amend, name="amend"),
    path("khuyen-mai/theo-ho-so/<int:filing_id>/", views.edit_by_filing, name="edit_by_filing"),
    path("khuyen-mai/ho-so/<int:programme_id>/bao-cao-ket-qua/", views.result_report, name="result_report"),
    path("khuyen-mai/dong-hang/", views.item_row, name="item_row"),
    path("khuyen-mai/dong-giai/", views.prize_row, name="prize_row"),
]
