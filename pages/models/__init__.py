"""Content models: the page tree (tree.py), documents (document.py) and the structured
content editors fill in without Markdown (structured.py).

Writes that touch more than one row (saving a page, which may move its sub-pages
and leave redirects behind, and records a version) go through `pages.services`.
"""

from .document import Document, DocumentQuerySet, document_upload_to
from .structured import (
    Contact,
    Newsletter,
    OutOfHoursService,
    PublishedQuerySet,
    Resource,
    ResourceCategory,
    SiteAlert,
    SiteAlertQuerySet,
    Testimonial,
)
from .tree import (
    PATH_PATTERN,
    RESERVED_SLUGS,
    Page,
    PageDocument,
    PageQuerySet,
    PageRedirect,
    PageVersion,
)

__all__ = [
    "PATH_PATTERN",
    "RESERVED_SLUGS",
    "Contact",
    "Document",
    "DocumentQuerySet",
    "Newsletter",
    "OutOfHoursService",
    "Page",
    "PageDocument",
    "PageQuerySet",
    "PageRedirect",
    "PageVersion",
    "PublishedQuerySet",
    "Resource",
    "ResourceCategory",
    "SiteAlert",
    "SiteAlertQuerySet",
    "Testimonial",
    "document_upload_to",
]
