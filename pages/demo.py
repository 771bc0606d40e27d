"""The pages app's fictional demo data, loaded by `manage.py load_demo_content` (debug only).

The real pages, contacts, resources and testimonials come from content/ through
`load_site_content` (pages/site_content.py). This adds only what is made up: a
generated stand-in PDF for each document whose real file is not in content/documents/
(attached where the page files say), four quarterly newsletter issues dated from today,
and with --bench a section of short pages. Idempotent: a second run changes nothing.
"""

import hashlib
from datetime import date

from django.core.files.base import ContentFile
from django.utils import timezone

from core.content import LoadReport

from .content_files import read_page_files
from .documents import validate_document
from .models import Document, Newsletter, Page, PageDocument
from .pdf import simple_pdf
from .services import save_page
from .site_content import document_entries, document_fields

BENCH_PAGES = 500


def load(*, stdout, bench=False):
    report = LoadReport()
    stand_ins = _stand_in_documents(report)
    _attach_stand_ins(stand_ins)
    _newsletters(report, today=timezone.localdate())
    if bench:
        _load_bench_pages(report)
    stdout.write(
        f"Demo content: {report.created} created, {report.updated} updated "
        f"({Page.objects.published().count()} published pages, "
        f"{Document.objects.count()} documents)."
    )


def _pdf_document(report, *, title, fields, paragraphs):
    """A generated PDF document, replaced only when its words change."""
    content = simple_pdf(title, paragraphs)
    checksum = hashlib.sha256(content).hexdigest()
    document = Document.objects.filter(title=title).first()
    if (
        document is not None
        and document.checksum == checksum
        and document.file
        and document.file.storage.exists(document.file.name)
    ):
        return document
    created = document is None
    document = document or Document(title=title)
    for name, value in fields.items():
        setattr(document, name, value)
    upload = ContentFile(content, name=f"{hashlib.sha256(title.encode()).hexdigest()[:8]}.pdf")
    document.file_type = validate_document(upload)
    document.size = len(content)
    document.checksum = checksum
    document.file.save(upload.name, upload, save=False)
    document.save()
    if created:
        report.created += 1
    else:
        report.updated += 1
    return document


def _stand_in_documents(report):
    """A placeholder PDF for each listed document that has no real file loaded."""
    made = {}
    for entry in document_entries():
        existing = Document.objects.filter(title=entry["title"]).first()
        if existing is not None and existing.loaded_hash:  # the real file was loaded
            made[entry["key"]] = existing
            continue
        made[entry["key"]] = _pdf_document(
            report,
            title=entry["title"],
            fields=document_fields(entry),
            paragraphs=entry["stand_in"],
        )
    return made


def _attach_stand_ins(documents):
    pages = {page.path: page for page in Page.objects.all()}
    for page_file in read_page_files():
        page = pages.get(page_file.path)
        if page is None:
            continue
        for order, key in enumerate(page_file.option("documents")):
            if key in documents:
                PageDocument.objects.get_or_create(
                    page=page, document=documents[key], defaults={"order": order}
                )


def _newsletter_issues(today):
    """The last four quarterly issues, newest first, dated from today."""
    issues = []
    for index in range(4):
        month = (today.month - 1) - 3 * index
        year = today.year + month // 12
        issues.append((24 - index, date(year, month % 12 + 1, 1)))
    return issues


def _newsletters(report, *, today):
    for number, issue_date in _newsletter_issues(today):
        title = f"Prevent newsletter, issue {number}"
        season = f"{issue_date:%B %Y}"
        document = _pdf_document(
            report,
            title=title,
            fields={
                "description": f"The Prevent newsletter for {season}.",
                "published_on": issue_date,
                "is_published": True,
            },
            paragraphs=[
                f"Prevent in Warwickshire newsletter, {season}. This is a demonstration issue.",
                "In this issue: training dates for the coming quarter, a reminder of how to "
                "make a referral, and new resources for schools and parents.",
            ],
        )
        fields = {
            "issue_date": issue_date,
            "document": document,
            "url": "",
            "is_published": True,
            "summary": "Training dates, how to make a referral, and new resources for schools "
            "and parents (a demonstration issue).",
        }
        newsletter, created = Newsletter.objects.get_or_create(title=title, defaults=fields)
        if created:
            report.created += 1
        elif any(getattr(newsletter, name) != value for name, value in fields.items()):
            Newsletter.objects.filter(pk=newsletter.pk).update(**fields)
            report.updated += 1


def _bench_page(report, *, parent, slug, title, summary, body, order):
    page = Page.objects.filter(parent=parent, slug=slug).first()
    if page is not None:
        return page
    page = Page(
        parent=parent,
        slug=slug,
        title=title,
        summary=summary,
        body=body,
        order=order,
        status=Page.Status.PUBLISHED,
    )
    save_page(page=page)
    report.created += 1
    return page


def _load_bench_pages(report):
    """A section of BENCH_PAGES short pages, so `make bench` measures a full-sized tree."""
    library = _bench_page(
        report,
        parent=None,
        slug="case-studies",
        title="Case studies",
        summary="Anonymised examples of how Prevent support has helped people (benchmark data).",
        body="",
        order=60,
    )
    for number in range(1, BENCH_PAGES + 1):
        _bench_page(
            report,
            parent=library,
            slug=f"case-study-{number}",
            title=f"Case study {number}",
            summary="An anonymised example of support through Prevent and Channel.",
            body="## What happened\n\nA concern was raised and support was offered.\n\n"
            "## The support\n\nMentoring and help with education.\n\n"
            "## The outcome\n\nThe risk reduced and the case was closed.",
            order=number,
        )
