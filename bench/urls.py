"""The site's URLs plus /bench/baseline/, the fixed page every other page is compared to."""

from django.urls import path

from bench import bench_views
from prevent_site.urls import *  # noqa: F403
from prevent_site.urls import urlpatterns as site_urlpatterns

urlpatterns = [path("bench/baseline/", bench_views.baseline), *site_urlpatterns]
