"""Small builders for content tests: pages through the real service, and document files."""

import io
import itertools
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

from pages.documents import OLE_MAGIC, WORD_STREAM
from pages.models import Document, Page
from pages.pdf import simple_pdf
from pages.services import save_page

_numbers = itertools.count(1)


def make_page(
    title=None,
    *,
    parent=None,
    slug=None,
    body="",
    summary=None,
    status=Page.Status.PUBLISHED,
    user=None,
    **fields,
):
    number = next(_numbers)
    title = title or f"Page {number}"
    page = Page(
        title=title,
        parent=parent,
        slug=slug if slug is not None else f"page-{number}",
        summary=summary or f"Summary of {title}.",
        body=body,
        status=status,
        **fields,
    )
    return save_page(page=page, user=user)


def pdf_bytes(title="A document"):
    return simple_pdf(title, ["Some text."])


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def odt_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def doc_bytes():
    # An OLE compound file header, padding, then a directory entry naming WordDocument.
    return OLE_MAGIC + b"\x00" * 504 + WORD_STREAM + b"\x00" * 200


def upload(content, name="file.pdf", content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def make_document(title="Action plan", *, content=None, is_published=True, **fields):
    content = content if content is not None else pdf_bytes(title)
    document = Document(title=title, is_published=is_published, **fields)
    file = upload(content, "x.pdf")
    from pages.documents import validate_document

    document.file_type = validate_document(file)
    document.size = len(content)
    document.checksum = Document.checksum_of(file)
    document.file.save("x.pdf", file, save=False)
    document.save()
    return document
