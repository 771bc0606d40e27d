from django.contrib.sitemaps import Sitemap

from training.models import Course

from .models import Page


class PageSitemap(Sitemap):
    def items(self):
        return Page.objects.published().only("path", "updated_at", "last_updated").order_by("path")

    def location(self, item):
        return item.get_absolute_url()

    def lastmod(self, item):
        return item.last_updated or item.updated_at


class CourseSitemap(Sitemap):
    def items(self):
        return Course.objects.published().order_by("slug")

    def lastmod(self, item):
        return item.updated_at


SITEMAPS = {"pages": PageSitemap, "courses": CourseSitemap}
