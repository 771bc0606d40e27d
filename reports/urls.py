"""/admin/reports/: included in prevent_site/urls.py before the admin's own URLs.

Every view is wrapped in admin.site.admin_view, so the admin's sign-in and two-factor
rules apply exactly as on any admin page (anonymous visitors are sent to sign in).
"""

from django.contrib import admin
from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", admin.site.admin_view(views.index), name="index"),
    path("summary/", admin.site.admin_view(views.summary), name="summary"),
    path("<slug:slug>.csv", admin.site.admin_view(views.download), name="csv"),
]
