"""Loads the pages app's part of content/: the page files, documents, contacts, the
out-of-hours directory, resources and testimonials. Registered with
core.content.register_site_content_loader; run by `manage.py load_site_content`.

A page is created when missing and updated only while it still holds what the last load
wrote (Page.loaded_hash): an editor's change is never overwritten. "Last updated" is the
file's last_reviewed date for loaded content (an editor's save sets it to the save time).
Review dates follow the file only when the file records a later review than the site.
"""

import hashlib
from datetime import datetime, time

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone

from core.content import EDITED, NOT_LOADED, content_hash, content_path, read_yaml, sync_row

from .content_files import ContentError, check_content, read_page_files
from .documents import validate_document
from .models import (
    Contact,
    Document,
    OutOfHoursService,
    Page,
    PageDocument,
    Resource,
    ResourceCategory,
    Testimonial,
)
from .services import save_page

# The fields a page file sets: their hash on the row tells an editor's change from a load.
PAGE_FIELDS = (
    "title",
    "summary",
    "body",
    "kind",
    "order",
    "is_guide",
    "show_on_home_page",
    "show_exit_this_page",
    "status",
    "owner_role",
    "sources",
    "review_every_days",
    "parent_id",
    "slug",
)


def load(*, report):
    problems = check_content()
    if problems:
        raise ContentError("The content files have problems:\n" + "\n".join(problems))
    documents = load_documents(report)
    pages = load_pages(report, documents=documents)
    load_structured(report)
    report.notes.append(
        f"Pages: {len(pages)} page files; {Page.objects.published().count()} published pages."
    )


def page_fields(page_file, parent):
    meta = page_file.meta
    return {
        "title": meta["title"],
        "summary": " ".join(str(meta["summary"]).split()),
        # The one placeholder the files may use: each deployment's own team mailbox.
        "body": page_file.body.strip().replace("%PREVENT_TEAM_EMAIL%", settings.PREVENT_TEAM_EMAIL),
        "kind": meta["kind"],
        "order": meta["order"],
        "is_guide": page_file.option("is_guide"),
        "show_on_home_page": page_file.option("show_on_home_page"),
        "show_exit_this_page": page_file.option("exit_this_page"),
        "status": Page.Status.PUBLISHED,
        "owner_role": meta["owner"],
        "sources": [{"title": s["title"], "url": s["url"]} for s in meta["sources"]],
        "review_every_days": page_file.option("review_every_days"),
        "parent_id": parent.pk if parent else None,
        "slug": page_file.slug,
    }


def _reviewed_at(day):
    return timezone.make_aware(datetime.combine(day, time(9, 0)))


def _existing_page(page_file):
    if page_file.path == "":
        return Page.objects.filter(kind=Page.Kind.HOME).first()
    return Page.objects.filter(path=page_file.path).first()


def load_pages(report, *, documents):
    pages = {}
    for page_file in read_page_files():
        parent = None
        if page_file.parent_path:  # files come parents first
            parent = pages.get(page_file.parent_path)
        page = sync_page(report, page_file, parent=parent)
        pages[page_file.path] = page
        if page.loaded_hash:  # still the loaded version: its documents follow the file
            attach(
                page, [documents[key] for key in page_file.option("documents") if key in documents]
            )
    return pages


def sync_page(report, page_file, *, parent):
    """Create, update or (if an editor changed it) leave one page; returns the page."""
    fields = page_fields(page_file, parent)
    wanted = content_hash(fields)
    reviewed, next_review = page_file.meta["last_reviewed"], page_file.meta["next_review"]
    page = _existing_page(page_file)
    label = f"{page_file.relative} ({'/' + page_file.path + '/' if page_file.path else '/'})"
    if page is None:
        page = Page(**fields, last_reviewed=reviewed, next_review=next_review)
        page.content_file, page.loaded_hash = page_file.relative, wanted
        save_page(page=page, changed_at=_reviewed_at(reviewed))
        report.created += 1
        return page
    current = content_hash({name: getattr(page, name) for name in fields})
    if current == wanted:
        changes = {}
        if page.loaded_hash != wanted:
            changes |= {"loaded_hash": wanted, "content_file": page_file.relative}
        if page.last_reviewed is None or reviewed > page.last_reviewed:
            changes |= {"last_reviewed": reviewed, "next_review": next_review}
        if changes:
            Page.objects.filter(pk=page.pk).update(**changes)
            for name, value in changes.items():
                setattr(page, name, value)
        report.unchanged += 1
        return page
    if page.loaded_hash != current:
        report.skip(label, EDITED if page.loaded_hash else NOT_LOADED)
        return page
    for name, value in fields.items():
        setattr(page, name, value)
    if page.last_reviewed is None or reviewed >= page.last_reviewed:
        page.last_reviewed, page.next_review = reviewed, next_review
    page.content_file, page.loaded_hash = page_file.relative, wanted
    save_page(page=page, changed_at=_reviewed_at(reviewed))
    report.updated += 1
    return page


def attach(page, documents):
    for order, document in enumerate(documents):
        PageDocument.objects.update_or_create(
            page=page, document=document, defaults={"order": order}
        )


# --- Documents ------------------------------------------------------------------------------


def document_entries():
    return read_yaml("documents")


def load_documents(report):
    """Documents whose file is in content/documents/; the rest are named in the report."""
    loaded = {}
    for entry in document_entries():
        source = content_path("documents", entry["file"])
        if not source.is_file():
            report.notes.append(
                f"Document {entry['key']!r} not loaded: put its file at "
                f"content/documents/{entry['file']} (the demo uses a stand-in)."
            )
            existing = Document.objects.filter(title=entry["title"]).first()
            if existing is not None:
                loaded[entry["key"]] = existing
            continue
        loaded[entry["key"]] = sync_document(report, entry, source.read_bytes())
    return loaded


def document_fields(entry):
    return {
        "description": " ".join(str(entry["description"]).split()),
        "published_on": entry["published_on"],
        "is_published": True,
    }


def sync_document(report, entry, content):
    """Create or update one document (file and words) unless an editor has changed it."""
    fields = document_fields(entry)
    checksum = hashlib.sha256(content).hexdigest()
    wanted = content_hash(fields | {"checksum": checksum})
    document = Document.objects.filter(title=entry["title"]).first()
    if document is not None:
        current = content_hash(
            {name: getattr(document, name) for name in fields} | {"checksum": document.checksum}
        )
        if current == wanted:
            if document.loaded_hash != wanted:
                Document.objects.filter(pk=document.pk).update(loaded_hash=wanted)
            report.unchanged += 1
            return document
        if document.loaded_hash != current:
            report.skip(
                f"document {entry['title']!r}", EDITED if document.loaded_hash else NOT_LOADED
            )
            return document
        report.updated += 1
    else:
        document = Document(title=entry["title"])
        report.created += 1
    save_document_file(document, entry, content, fields)
    document.loaded_hash = wanted
    document.save()
    return document


def save_document_file(document, entry, content, fields):
    upload = ContentFile(content, name=entry["file"].rsplit("/", 1)[-1])
    for name, value in fields.items():
        setattr(document, name, value)
    document.file_type = validate_document(upload)
    document.size = len(content)
    document.checksum = hashlib.sha256(content).hexdigest()
    document.file.save(upload.name, upload, save=False)


# --- Contacts, services, resources, testimonials --------------------------------------------


def _text(value):
    return " ".join(str(value or "").split())


def _optional(item, *names):
    return {name: item.get(name, "") for name in names}


def _contact_fields(item):
    return {
        "when_to_use": _text(item["when_to_use"]),
        **_optional(item, "phone", "email", "hours"),
        "is_emergency": item.get("emergency", False),
    }


def _out_of_hours_fields(item):
    return {"description": _text(item["description"]), **_optional(item, "phone", "url", "hours")}


def _sync_listed(report, model, items, *, key, label, fields, shared=None):
    """One published row per item of a list in a data file, in the file's order.

    `key` names the item's values that find its row (the first also names the row in the
    report, after `label`); `fields(item)` gives the row's other values, and `shared` the
    values every row of the list has (a resource's category).
    """
    for order, item in enumerate(items):
        sync_row(
            report,
            model,
            lookup={name: item[name] for name in key},
            fields=fields(item) | (shared or {}) | {"order": order, "is_published": True},
            label=f"{label} {item[key[0]]!r}",
        )


def load_structured(report):
    for file_name, model, key, label, fields in [
        ("contacts", Contact, ["role"], "contact", _contact_fields),
        ("out_of_hours", OutOfHoursService, ["name"], "out-of-hours service", _out_of_hours_fields),
    ]:
        _sync_listed(report, model, read_yaml(file_name), key=key, label=label, fields=fields)
    for category_order, category_item in enumerate(read_yaml("resources")):
        category = sync_row(
            report,
            ResourceCategory,
            lookup={"slug": category_item["slug"]},
            fields={
                "name": category_item["name"],
                "description": _text(category_item.get("description")),
                "order": category_order,
            },
            label=f"resource category {category_item['slug']!r}",
        )
        _sync_listed(
            report,
            Resource,
            category_item["resources"],
            key=["title"],
            label="resource",
            fields=lambda item: {"url": item["url"], "description": _text(item["description"])},
            shared={"category": category},
        )
    load_testimonials(report)


def load_testimonials(report):
    # Testimonials name the course they were about; training's loader runs first.
    from training.models import Course

    courses = {course.slug: course for course in Course.objects.all()}
    _sync_listed(
        report,
        Testimonial,
        read_yaml("testimonials"),
        key=["role", "organisation"],
        label="testimonial from",
        fields=lambda item: {
            "quote": _text(item["quote"]),
            "course": courses.get(item.get("course")),
        },
    )
