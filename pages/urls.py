from django.contrib.sitemaps.views import sitemap
from django.urls import path, re_path

from core.page_cache import CONTENT, TRAINING, cache_public_page

from . import views
from .sitemaps import SITEMAPS

app_name = "pages"

# Visitors' GETs come from the shared page cache (core/page_cache.py): content pages
# change with the content; search results and the sitemap also list training courses.
content_page = cache_public_page(scopes=(CONTENT,))
site_wide = cache_public_page(scopes=(CONTENT, TRAINING))

# Included last in prevent_site/urls.py: the catch-all page route must come last here too.
urlpatterns = [
    path("", content_page(views.home), name="home"),
    path("search/", site_wide(views.search), name="search"),
    path("robots.txt", views.robots_txt, name="robots-txt"),
    path("sitemap.xml", site_wide(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    path("documents/<int:pk>/<str:filename>", views.document, name="document"),
    # Only addresses a page could have (lower-case words and hyphens), so a missing
    # /static/x.css is a plain 404 rather than a redirect to /static/x.css/.
    re_path(
        r"^(?P<page_path>[a-z0-9]+(?:-[a-z0-9]+)*(?:/[a-z0-9]+(?:-[a-z0-9]+)*)*)/$",
        content_page(views.page_detail),
        name="page",
    ),
]
