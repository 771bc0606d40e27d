"""The yardstick server's URLs (bench/baseline_settings.py): the bare page and /healthz."""

from django.urls import path

from bench import bench_views
from core import views

urlpatterns = [
    path("bench/baseline/", bench_views.baseline),
    path("healthz", views.healthz),
]
