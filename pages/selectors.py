"""Reads for the public content pages, each a fixed number of queries however big the tree."""

from dataclasses import dataclass, field
from itertools import groupby

from django.db.models import Q
from django.utils import timezone

from .models import (
    PATH_PATTERN,
    Contact,
    Document,
    Newsletter,
    OutOfHoursService,
    Page,
    PageRedirect,
    Resource,
    SiteAlert,
    Testimonial,
)

LATEST_NEWS_COUNT = 3


def published_page(path):
    """The published page at `path` ("" is the home page), or None. One query.

    The page comes with its parent (for guides).
    """
    if path and not PATH_PATTERN.fullmatch(path):
        return None
    found = list(
        Page.objects.published()
        .filter(path=path)
        .select_related("parent")
        .defer("parent__body", "parent__body_html", "parent__body_text")[:1]
    )
    return found[0] if found else None


def redirect_target(path):
    """Where an old address of a published page now lives, or None. One query."""
    if not PATH_PATTERN.fullmatch(path):
        return None
    found = (
        PageRedirect.objects.filter(old_path=path, page__status=Page.Status.PUBLISHED)
        .values_list("page__path", flat=True)
        .first()
    )
    if found is None:
        return None
    return f"/{found}/" if found else "/"


@dataclass
class Guide:
    root: Page
    parts: list
    previous: Page | None = None
    next: Page | None = None


@dataclass
class PageContext:
    breadcrumbs: list
    children: list = field(default_factory=list)
    guide: Guide | None = None
    documents: list = field(default_factory=list)
    extra: dict = field(default_factory=dict)

    def as_dict(self):
        return {
            "breadcrumbs": self.breadcrumbs,
            "children": self.children,
            "guide": self.guide,
            "documents": self.documents,
            **self.extra,
        }


def _ancestor_paths(path):
    parts = path.split("/") if path else []
    return ["/".join(parts[:index]) for index in range(1, len(parts))]


def _guide_root(page):
    if page.is_guide:
        return page
    if page.parent_id and page.parent.is_guide and page.parent.is_published:
        return page.parent
    return None


def page_context(page):
    """Everything around a page: breadcrumbs, sub-pages, guide parts, documents and the
    structured content its type lists. At most 5 queries, whatever the size of the site."""
    ancestor_paths = _ancestor_paths(page.path)
    guide_root = _guide_root(page)
    related = []
    # The home page has no parent or sub-pages: top-level pages hang from the root.
    if not page.is_home and (page.pk or ancestor_paths or guide_root):
        wanted = Q(pk__in=[])
        if page.pk:
            wanted |= Q(parent_id=page.pk)
        if ancestor_paths:
            wanted |= Q(path__in=ancestor_paths)
        if guide_root is not None and guide_root.pk and guide_root.pk != page.pk:
            wanted |= Q(parent_id=guide_root.pk)
        related = list(
            Page.objects.published()
            .filter(wanted)
            .only("id", "parent_id", "path", "title", "summary", "order", "is_guide", "status")
            .order_by("order", "title")
        )
    by_path = {item.path: item for item in related}
    breadcrumbs = [("Home", "/")]
    breadcrumbs += [
        (by_path[path].title, by_path[path].get_absolute_url())
        for path in ancestor_paths
        if path in by_path
    ]
    breadcrumbs.append((page.title, None))

    context = PageContext(breadcrumbs=breadcrumbs)
    children = [item for item in related if page.pk and item.parent_id == page.pk]
    if guide_root is not None:
        parts = [guide_root] + (
            children
            if guide_root is page
            else [item for item in related if item.parent_id == guide_root.pk]
        )
        ids = [part.pk for part in parts]
        index = ids.index(page.pk) if page.pk in ids else 0
        context.guide = Guide(
            root=guide_root,
            parts=parts,
            previous=parts[index - 1] if index > 0 else None,
            next=parts[index + 1] if index + 1 < len(parts) else None,
        )
    else:
        context.children = children

    if page.pk:
        context.documents = list(
            Document.objects.published()
            .filter(attachments__page=page)
            .order_by("attachments__order", "title")
        )
    context.extra = structured_content(page.kind)
    return context


def structured_content(kind):
    """The lists a page type shows. At most 2 queries."""
    if kind == Page.Kind.GET_HELP:
        return {
            "contacts": list(Contact.objects.published()),
            "out_of_hours": list(OutOfHoursService.objects.published()),
        }
    if kind == Page.Kind.RESOURCES:
        resources = (
            Resource.objects.published()
            .select_related("category")
            .order_by("category__order", "category__name", "category_id", "order", "title")
        )
        return {
            "resource_groups": [
                (category, list(items))
                for category, items in groupby(resources, key=lambda item: item.category)
            ]
        }
    if kind == Page.Kind.NEWSLETTERS:
        return {"newsletters": list(published_newsletters())}
    if kind == Page.Kind.LEARNING:
        return {"testimonials": list(Testimonial.objects.published().filter(course__isnull=True))}
    if kind == Page.Kind.HOME:
        return {
            "latest_news": list(published_newsletters()[:LATEST_NEWS_COUNT]),
            "sections": list(
                Page.objects.published()
                .filter(parent__isnull=True, show_on_home_page=True)
                .exclude(kind=Page.Kind.HOME)
                .only("id", "path", "title", "summary", "order")
            ),
        }
    return {}


def published_newsletters():
    return (
        Newsletter.objects.published()
        .filter(Q(document__isnull=True) | Q(document__is_published=True))
        .select_related("document")
    )


def published_document(pk):
    return Document.objects.published().filter(pk=pk).first()


# --- Site alert -------------------------------------------------------------------------


def active_site_alert(now=None):
    """The alert to show now, or None. One query; the page cache keeps the pages that show it
    (their copies are retired when an alert changes and live at most a minute, so an alert
    that starts or ends at a set time shows within that)."""
    now = now or timezone.now()
    return (
        SiteAlert.objects.not_ended(now)
        .filter(starts_at__lte=now)
        .order_by("-starts_at", "-id")
        .values("id", "title", "message", "link_url", "link_text", "starts_at", "ends_at")
        .first()
    )
