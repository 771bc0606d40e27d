"""Demo content for the pages app, loaded by `manage.py load_demo_content`.

Every section of the council's Prevent page, in our own words, with generated PDF
documents. Idempotent: rows are found by natural key (page address, document
title, contact role...) and only saved when something differs, so a second run
changes and duplicates nothing. Dates are relative to the day it runs.
"""

import hashlib
from datetime import date, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.text import slugify

from training.models import Course

from . import demo_legal, demo_text
from .demo_data import CONTACTS, DOCUMENTS, OUT_OF_HOURS, RESOURCE_CATEGORIES, TESTIMONIALS
from .documents import validate_document
from .models import (
    Contact,
    Document,
    Newsletter,
    OutOfHoursService,
    Page,
    PageDocument,
    Resource,
    ResourceCategory,
    Testimonial,
)
from .pdf import simple_pdf
from .services import save_page

BENCH_PAGES = 500


class _Counter:
    def __init__(self):
        self.created = 0
        self.updated = 0

    def note(self, outcome):
        if outcome == "created":
            self.created += 1
        elif outcome == "updated":
            self.updated += 1


def _upsert(counter, model, lookup, fields):
    """Create or update one row by its natural key; save only if something differs."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **fields)
        obj.full_clean()
        obj.save()
        counter.note("created")
        return obj
    changed = {name: value for name, value in fields.items() if getattr(obj, name) != value}
    if changed:
        for name, value in changed.items():
            setattr(obj, name, value)
        obj.full_clean()
        obj.save()
        counter.note("updated")
    return obj


def _page(counter, *, parent, slug, content, kind=Page.Kind.STANDARD, order=0, **extra):
    lookup = (
        {"kind": Page.Kind.HOME} if kind == Page.Kind.HOME else {"parent": parent, "slug": slug}
    )
    page = Page.objects.filter(**lookup).first()
    fields = {
        "title": content["title"],
        "summary": content["summary"],
        "body": content["body"].strip(),
        "kind": kind,
        "order": order,
        "status": Page.Status.PUBLISHED,
        **extra,
    }
    if page is None:
        page = Page(parent=parent, slug=slug if kind != Page.Kind.HOME else "", **fields)
        save_page(page=page)
        counter.note("created")
        return page
    if any(getattr(page, name) != value for name, value in fields.items()):
        for name, value in fields.items():
            setattr(page, name, value)
        save_page(page=page)
        counter.note("updated")
    return page


# --- Documents ------------------------------------------------------------------------------


def _document(counter, title, description, paragraphs, published_on):
    content = simple_pdf(title, paragraphs)
    checksum = hashlib.sha256(content).hexdigest()
    document = Document.objects.filter(title=title).first()
    fields = {"description": description, "published_on": published_on, "is_published": True}
    file_ok = (
        document is not None
        and document.checksum == checksum
        and document.file
        and document.file.storage.exists(document.file.name)
    )
    if file_ok:
        return _upsert(counter, Document, {"title": title}, fields)
    upload = ContentFile(content, name=f"{slugify(title)}.pdf")
    created = document is None
    document = document or Document(title=title)
    for name, value in fields.items():
        setattr(document, name, value)
    document.file_type = validate_document(upload)
    document.size = len(content)
    document.checksum = checksum
    document.file.save(upload.name, upload, save=False)
    document.save()
    counter.note("created" if created else "updated")
    return document


def _attach(counter, page, documents):
    for order, document in enumerate(documents):
        _upsert(counter, PageDocument, {"page": page, "document": document}, {"order": order})


def _newsletter_issues(today):
    """The last four quarterly issues, newest first, dated from today."""
    issues = []
    for index in range(4):
        month = (today.month - 1) - 3 * index
        year = today.year + month // 12
        issue_date = date(year, month % 12 + 1, 1)
        number = 24 - index
        issues.append((number, issue_date))
    return issues


def _page_tree(*, today, team_email):
    """(parent path, slug, content, options, document keys) for every page, parents first."""
    prepared = date(today.year - (today.month == 1), 1, 15)
    return [
        ("", "", demo_text.HOME, {"kind": Page.Kind.HOME}, []),
        ("", "about-prevent", demo_text.ABOUT, {"order": 10, "is_guide": True}, []),
        ("about-prevent", "prevent-strategy", demo_text.STRATEGY, {"order": 1}, []),
        ("about-prevent", "safeguarding", demo_text.SAFEGUARDING, {"order": 2}, []),
        (
            "about-prevent",
            "channel",
            demo_text.CHANNEL,
            {"order": 3},
            ["channel_leaflet", "channel_pathway"],
        ),
        (
            "about-prevent",
            "action-plan",
            demo_text.ACTION_PLAN,
            {"order": 4},
            ["action_plan", "annual_report"],
        ),
        (
            "",
            "get-help",
            demo_text.GET_HELP,
            {"kind": Page.Kind.GET_HELP, "order": 20, "review_days": 90},
            [],
        ),
        (
            "",
            "learning-and-development",
            demo_text.LEARNING,
            {"kind": Page.Kind.LEARNING, "order": 30, "is_guide": True},
            [],
        ),
        ("learning-and-development", "e-learning", demo_text.E_LEARNING, {"order": 1}, []),
        (
            "learning-and-development",
            "face-to-face-courses",
            demo_text.FACE_TO_FACE,
            {"order": 2},
            ["wrap_outline", "update_outline"],
        ),
        (
            "learning-and-development",
            "designated-safeguarding-leads",
            demo_text.DSL,
            {"order": 3},
            ["dsl_outline", "dsl_flyer"],
        ),
        ("learning-and-development", "parents", demo_text.PARENTS, {"order": 4}, []),
        (
            "learning-and-development",
            "commissioned-services",
            demo_text.COMMISSIONED,
            {"order": 5},
            ["commissioned_flyer"],
        ),
        ("", "resources", demo_text.RESOURCES, {"kind": Page.Kind.RESOURCES, "order": 40}, []),
        (
            "",
            "newsletters",
            demo_text.NEWSLETTERS,
            {"kind": Page.Kind.NEWSLETTERS, "order": 50},
            [],
        ),
        (
            "",
            "accessibility",
            demo_legal.accessibility(
                team_email=team_email, prepared_on=prepared, reviewed_on=today
            ),
            {"order": 90, "show_on_home_page": False},
            [],
        ),
        (
            "",
            "privacy",
            demo_legal.privacy(team_email=team_email),
            {"order": 91, "show_on_home_page": False},
            [],
        ),
        ("", "cookies", demo_legal.cookies(), {"order": 92, "show_on_home_page": False}, []),
    ]


def _load_pages(counter, *, today, documents):
    pages = {}
    for parent_path, slug, content, options, document_keys in _page_tree(
        today=today, team_email=settings.PREVENT_TEAM_EMAIL
    ):
        options = dict(options)
        kind = options.pop("kind", Page.Kind.STANDARD)
        review_days = options.pop("review_days", 365)
        extra = {} if kind == Page.Kind.HOME else {"next_review": today + timedelta(review_days)}
        page = _page(
            counter,
            parent=pages[parent_path] if parent_path else None,
            slug=slug,
            content=content,
            kind=kind,
            **options,
            **extra,
        )
        pages[page.path] = page
        _attach(counter, page, [documents[key] for key in document_keys])
    return pages


def _load_structured(counter, *, today):
    for order, (role, when, phone, email, hours, emergency) in enumerate(CONTACTS):
        fields = {"when_to_use": when, "phone": phone, "email": email, "hours": hours}
        fields |= {"is_emergency": emergency, "order": order, "is_published": True}
        _upsert(counter, Contact, {"role": role}, fields)
    for order, (name, description, phone, url, hours) in enumerate(OUT_OF_HOURS):
        fields = {"description": description, "phone": phone, "url": url, "hours": hours}
        fields |= {"order": order, "is_published": True}
        _upsert(counter, OutOfHoursService, {"name": name}, fields)
    for category_order, (slug, name, description, resources) in enumerate(RESOURCE_CATEGORIES):
        fields = {"name": name, "description": description, "order": category_order}
        category = _upsert(counter, ResourceCategory, {"slug": slug}, fields)
        for order, (title, url, text) in enumerate(resources):
            fields = {"category": category, "url": url, "description": text, "order": order}
            _upsert(counter, Resource, {"title": title}, fields | {"is_published": True})
    for number, issue_date in _newsletter_issues(today):
        title = f"Prevent newsletter, issue {number}"
        season = f"{issue_date:%B %Y}"
        document = _document(
            counter,
            title,
            f"The Prevent newsletter for {season}.",
            [
                f"Prevent in Warwickshire newsletter, {season}. This is a demonstration issue.",
                "In this issue: training dates for the coming quarter, a reminder of how to "
                "make a referral, and new resources for schools and parents.",
            ],
            issue_date,
        )
        fields = {"issue_date": issue_date, "document": document, "url": "", "is_published": True}
        fields["summary"] = (
            "Training dates, how to make a referral, and new resources for schools and parents."
        )
        _upsert(counter, Newsletter, {"title": title}, fields)
    courses = {course.slug: course for course in Course.objects.all()}
    for order, (quote, role, organisation, course_slug) in enumerate(TESTIMONIALS):
        fields = {
            "quote": quote,
            "order": order,
            "is_published": True,
            "course": courses.get(course_slug),
        }
        _upsert(counter, Testimonial, {"role": role, "organisation": organisation}, fields)


def load(*, stdout, bench=False):
    counter = _Counter()
    today = timezone.localdate()
    documents = {
        key: _document(counter, title, description, paragraphs, published)
        for key, (title, description, paragraphs, published) in DOCUMENTS.items()
    }
    _load_pages(counter, today=today, documents=documents)
    _load_structured(counter, today=today)
    if bench:
        _load_bench_pages(counter)
    stdout.write(
        f"Content: {counter.created} created, {counter.updated} updated "
        f"({Page.objects.published().count()} published pages, "
        f"{Document.objects.count()} documents)."
    )


def _load_bench_pages(counter):
    """A section of BENCH_PAGES short pages, so `make bench` measures a full-sized tree."""
    library = _page(
        counter,
        parent=None,
        slug="case-studies",
        content={
            "title": "Case studies",
            "summary": "Anonymised examples of how Prevent support has helped people (benchmark data).",
            "body": "",
        },
        order=60,
    )
    for number in range(1, BENCH_PAGES + 1):
        _page(
            counter,
            parent=library,
            slug=f"case-study-{number}",
            content={
                "title": f"Case study {number}",
                "summary": "An anonymised example of support through Prevent and Channel.",
                "body": "## What happened\n\nA concern was raised and support was offered.\n\n"
                "## The support\n\nMentoring and help with education.\n\n"
                "## The outcome\n\nThe risk reduced and the case was closed.",
            },
            order=number,
        )
