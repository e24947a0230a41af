from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("dang-ky-doanh-nghiep/", views.register_business, name="register"),
    path("tai-khoan/", views.account, name="account"),
    path("dia-ban/xa-phuong/", views.communes_options, name="communes"),
]
