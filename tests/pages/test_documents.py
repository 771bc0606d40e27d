"""Documents: the type is read from the bytes, not the name; 20 MB at most; served safely."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError

from pages.documents import MAX_DOCUMENT_BYTES, sniff_document_type, validate_document
from pages.models import Document

from .factories import doc_bytes, docx_bytes, make_document, odt_bytes, pdf_bytes, upload


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (pdf_bytes(), "pdf"),
        (docx_bytes(), "docx"),
        (odt_bytes(), "odt"),
        (doc_bytes(), "doc"),
    ],
)
def test_allowed_types_are_recognised_by_their_bytes(content, expected):
    # Named .txt on purpose: the name plays no part.
    assert validate_document(upload(content, "notes.txt")) == expected


def _zip(**entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in entries.items():
            archive.writestr(name, text)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "content",
    [
        b"MZ\x90\x00 an executable renamed to report.pdf",
        b"<html><script>alert(1)</script></html>",
        b"Plain text pretending to be a PDF",
        b"\x89PNG\r\n\x1a\n image",
        _zip(**{"xl/workbook.xml": "<workbook/>", "[Content_Types].xml": "<Types/>"}),
        _zip(mimetype="application/vnd.oasis.opendocument.spreadsheet"),
        b"PK\x03\x04 not really a zip",
        bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 600,  # OLE, but not a Word file
        b" %PDF-1.4 starts too late",
    ],
)
def test_other_files_are_refused_whatever_their_name(content):
    with pytest.raises(ValidationError) as error:
        validate_document(upload(content, "report.pdf", content_type="application/pdf"))
    assert error.value.code == "invalid_type"
    assert "must be a PDF, Word document" in error.value.messages[0]


def test_word_marker_is_found_even_across_read_chunks():
    # Put the WordDocument name where it straddles the 1 MB chunk boundary.
    from pages.documents import OLE_MAGIC, WORD_STREAM

    content = OLE_MAGIC + b"\x00" * (1024 * 1024 - 8 - 5) + WORD_STREAM + b"\x00" * 10
    assert sniff_document_type(upload(content)) == "doc"


def test_files_over_20_mb_are_refused():
    content = b"%PDF-1.4\n" + b"0" * (MAX_DOCUMENT_BYTES - 8)
    assert len(content) == MAX_DOCUMENT_BYTES + 1
    with pytest.raises(ValidationError) as error:
        validate_document(upload(content))
    assert error.value.code == "too_large"
    assert error.value.messages == ["The selected file must be smaller than 20 MB"]


def test_a_file_of_exactly_20_mb_is_accepted():
    content = b"%PDF-1.4\n" + b"0" * (MAX_DOCUMENT_BYTES - 9)
    assert validate_document(upload(content)) == "pdf"


def test_empty_files_are_refused():
    with pytest.raises(ValidationError) as error:
        validate_document(upload(b""))
    assert error.value.code == "empty"


# --- Download ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_published_pdf_downloads_with_its_real_type(client):
    document = make_document("Annual report 2019")
    response = client.get(document.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert 'filename="annual-report-2019.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


@pytest.mark.django_db
def test_word_documents_download_as_attachments(client):
    document = make_document("Booking form", content=docx_bytes())
    response = client.get(document.get_absolute_url())
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].startswith("attachment;")
    assert len(b"".join(response.streaming_content)) == document.size
    assert document.get_absolute_url().endswith("/booking-form.docx")


@pytest.mark.django_db
def test_unpublished_documents_are_not_found(client):
    document = make_document("Draft", is_published=False)
    assert client.get(document.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_a_wrong_file_name_redirects_to_the_right_one(client):
    document = make_document("Leaflet")
    response = client.get(f"/documents/{document.pk}/old-name.pdf")
    assert response.status_code == 301
    assert response["Location"] == document.get_absolute_url()


@pytest.mark.django_db
def test_a_missing_file_is_not_found_rather_than_an_error(client):
    document = make_document("Lost")
    document.file.storage.delete(document.file.name)
    assert client.get(document.get_absolute_url()).status_code == 404


# --- Upload through the admin ----------------------------------------------------------------


def _upload_form(file):
    return {
        "title": "New leaflet",
        "description": "About Channel",
        "file": file,
        "published_on": "2026-11-25",
        "is_published": "on",
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
    }


@pytest.mark.django_db
def test_editor_uploads_a_document_and_its_type_and_size_are_recorded(editor_client):
    content = docx_bytes()
    response = editor_client.post(
        "/admin/pages/document/add/", _upload_form(upload(content, "leaflet.pdf"))
    )
    assert response.status_code == 302, response.text
    document = Document.objects.get(title="New leaflet")
    assert document.file_type == "docx"  # from the bytes, though it was named .pdf
    assert document.size == len(content)
    assert document.file.name.endswith(".docx")


@pytest.mark.django_db
def test_editor_sees_an_error_for_a_disguised_file(editor_client):
    response = editor_client.post(
        "/admin/pages/document/add/",
        _upload_form(upload(b"MZ executable", "leaflet.pdf", "application/pdf")),
    )
    assert response.status_code == 200
    assert "The selected file must be a PDF, Word document" in response.text
    assert not Document.objects.exists()
