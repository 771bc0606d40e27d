from django.contrib import admin
from django.urls import include, path

from core import views

handler400 = views.bad_request
handler403 = views.permission_denied
handler404 = views.page_not_found
handler500 = views.server_error

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    # Browsers ask for /favicon.ico on pages that do not name an icon (the admin).
    path("favicon.ico", views.favicon),
    path("admin/reports/", include("reports.urls")),
    path("admin/", admin.site.urls),
    path("training/", include("training.urls")),
    path("referrals/", include("referrals.urls")),
    # The content app owns "/" and every remaining path: it must come last.
    path("", include("pages.urls")),
]
