"""URL map: back office at /quan-tri/, API at /api/v1/, health probes, and the public portal.
Apps with a portal part expose `hangviet.<app>.urls` (with `urlpatterns`), included by convention."""

import importlib
import importlib.util

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from hangviet.api.api import api
from hangviet.core import health
from hangviet.portal.views import LoginView

PORTAL_APPS = ["catalog", "events", "promotions", "complaints", "retail", "plans", "reports", "filings"]

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("i18n/", include("django.conf.urls.i18n")),
    # The back office signs in through the portal's sign-in (lockout message, rate limit, redirect to /quan-tri/).
    path("quan-tri/login/", LoginView.as_view(), name="admin-login"),
    path("quan-tri/", admin.site.urls),
    path("api/v1/", api.urls),
]
for app in PORTAL_APPS:
    if importlib.util.find_spec(f"hangviet.{app}.urls") is not None:
        urlpatterns.append(path("", include(f"hangviet.{app}.urls")))
urlpatterns.append(path("", include("hangviet.portal.urls")))

if settings.DEBUG or settings.TESTING:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

admin.site.site_header = "HangViet"
admin.site.site_title = "HangViet"
admin.site.index_title = "Bảng điều khiển"
handler404 = "hangviet.portal.views.handler404"
handler500 = "hangviet.portal.views.handler500"
