from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("su-kien/", views.calendar, name="calendar"),
    path("su-kien/cua-toi/", views.my_participations, name="mine"),
    path("su-kien/<int:event_id>/", views.detail, name="detail"),
    path("su-kien/<int:event_id>/dang-ky/", views.apply, name="apply"),
    path("su-kien/dang-ky/<int:participation_id>/rut/", views.withdraw, name="withdraw"),
    path("su-kien/hoi-cho/dang-ky/", views.fair_new, name="fair_new"),
    path("su-kien/hoi-cho/<int:registration_id>/", views.fair_manage, name="fair_manage"),
    path("events.ics", views.ics_feed, name="ics"),
]
