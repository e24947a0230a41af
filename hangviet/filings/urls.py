from django.urls import path

from . import views

app_name = "filings"
urlpatterns = [
    path("ho-so-cua-toi/", views.mine, name="mine"),
    path("ho-so-cua-toi/<int:filing_id>/", views.detail, name="detail"),
    path("ho-so-cua-toi/tai-lieu/<int:document_id>/", views.document, name="document"),
]
