from django.contrib.sitemaps.views import sitemap
from django.urls import path, re_path

from . import views
from .sitemaps import SITEMAPS

app_name = "pages"

# Which of these the page cache answers for visitors: PagesConfig.ready() (pages/apps.py).
# Included last in prevent_site/urls.py: the catch-all page route must come last here too.
urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("robots.txt", views.robots_txt, name="robots-txt"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("documents/<int:pk>/<str:filename>", views.document, name="document"),
    # Only addresses a page could have (lower-case words and hyphens), so a missing
    # /static/x.css is a plain 404 rather than a redirect to /static/x.css/.
    re_path(
        r"^(?P<page_path>[a-z0-9]+(?:-[a-z0-9]+)*(?:/[a-z0-9]+(?:-[a-z0-9]+)*)*)/$",
        views.page_detail,
        name="page",
    ),
]
