from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from . import views

handler400 = views.bad_request
handler403 = views.permission_denied
handler404 = views.page_not_found
handler500 = views.server_error

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    # Browsers ask for /favicon.ico on pages that do not name an icon (the admin).
    path("favicon.ico", views.favicon),
    path("admin/reports/", include("prevent_site.reports.urls")),
    path("admin/", admin.site.urls),
    path("training/", include("training.urls")),
    path("referrals/", include("referrals.urls")),
    # The content app owns "/" and every remaining path: it must come last.
    path("", include("pages.urls")),
]

if settings.BENCH_MODE:
    # `make bench` only (bench/run.py): the fixed 10 KB page every other page is compared to.
    from . import bench_views

    urlpatterns.insert(0, path("bench/baseline/", bench_views.baseline))
