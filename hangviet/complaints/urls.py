from django.urls import path

from . import views

app_name = "complaints"
urlpatterns = [
    path("phan-anh/", views.new, name="new"),
    path("phan-anh/da-gui/", views.submitted, name="submitted"),
    path("khieu-nai/tra-cuu/", views.track, name="track_form"),
    path("khieu-nai/tra-cuu/<str:code>/", views.track, name="track"),
    path("huong-dan-nguoi-tieu-dung/", views.guidance_list, name="guidance"),
    path("huong-dan-nguoi-tieu-dung/<slug:slug>/", views.guidance_detail, name="guidance_detail"),
]
