"""What kind of document an upload really is, judged by its bytes, never its name.

Accepted: PDF, Word (.doc, the OLE compound format holding a WordDocument stream;
.docx, a ZIP holding word/document.xml) and OpenDocument text (.odt, a ZIP whose
first entry `mimetype` says so). Anything else, or anything over 20 MB, is refused
with a message an editor can act on.
"""

import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024

PDF_MAGIC = b"%PDF-"
OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
ZIP_MAGIC = b"PK\x03\x04"
# The OLE directory names its streams in UTF-16LE; a Word file has "WordDocument".
WORD_STREAM = "WordDocument".encode("utf-16-le")
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


@dataclass(frozen=True)
class DocumentType:
    code: str
    extension: str
    label: str
    content_type: str


TYPES = {
    "pdf": DocumentType("pdf", "pdf", "PDF", "application/pdf"),
    "doc": DocumentType("doc", "doc", "MS Word Document", "application/msword"),
    "docx": DocumentType(
        "docx",
        "docx",
        "MS Word Document",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "odt": DocumentType(
        "odt", "odt", "OpenDocument Text", "application/vnd.oasis.opendocument.text"
    ),
}
TYPE_CHOICES = [(code, f"{kind.label} (.{kind.extension})") for code, kind in TYPES.items()]

NOT_ALLOWED = (
    "The selected file must be a PDF, Word document (.doc or .docx) or OpenDocument text (.odt)"
)


def _read_all(upload, chunk_size=1024 * 1024):
    upload.seek(0)
    while chunk := upload.read(chunk_size):
        yield chunk
    upload.seek(0)


def _contains(upload, needle):
    """True if `needle` occurs anywhere in the file (read in chunks, overlap kept)."""
    tail = b""
    for chunk in _read_all(upload):
        if needle in tail + chunk:
            upload.seek(0)
            return True
        tail = chunk[-len(needle) :]
    return False


def _zip_document_type(upload):
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if "word/document.xml" in names and "[Content_Types].xml" in names:
                return "docx"
            if "mimetype" in names:
                with archive.open("mimetype") as entry:
                    # Read a few bytes only: a hostile archive cannot make us inflate much.
                    if entry.read(len(ODT_MIMETYPE) + 1).strip() == ODT_MIMETYPE:
                        return "odt"
    except (zipfile.BadZipFile, OSError, RuntimeError, ValueError):
        return None
    finally:
        upload.seek(0)
    return None


def sniff_document_type(upload):
    """Return the TYPES code the file's content shows, or None."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(PDF_MAGIC):
        return "pdf"
    if head.startswith(OLE_MAGIC):
        return "doc" if _contains(upload, WORD_STREAM) else None
    if head.startswith(ZIP_MAGIC):
        return _zip_document_type(upload)
    return None


def validate_document(upload):
    """Raise ValidationError unless the upload is an allowed type within the size limit."""
    if upload.size > MAX_DOCUMENT_BYTES:
        raise ValidationError(
            "The selected file must be smaller than %(limit)s",
            code="too_large",
            params={"limit": f"{MAX_DOCUMENT_BYTES // (1024 * 1024)} MB"},
        )
    if upload.size == 0:
        raise ValidationError("The selected file is empty", code="empty")
    code = sniff_document_type(upload)
    if code is None:
        raise ValidationError(NOT_ALLOWED, code="invalid_type")
    return code
