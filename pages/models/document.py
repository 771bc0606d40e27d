"""Documents: PDF, Word and OpenDocument files attached to pages."""

import hashlib

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from ..documents import TYPE_CHOICES, TYPES


def document_upload_to(document, filename):
    kind = TYPES[document.file_type]
    name = slugify(document.title)[:60] or "document"
    return f"documents/{timezone.now():%Y/%m}/{name}.{kind.extension}"


class DocumentQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Document(models.Model):
    """A PDF, Word or OpenDocument file. Its type is read from its bytes on upload."""

    title = models.CharField(max_length=150)
    description = models.TextField(blank=True, help_text="Shown in search results.")
    file = models.FileField(upload_to=document_upload_to, max_length=255)
    file_type = models.CharField(max_length=10, choices=TYPE_CHOICES, editable=False)
    size = models.PositiveIntegerField(editable=False, help_text="Bytes.")
    checksum = models.CharField(max_length=64, editable=False, db_index=True)
    published_on = models.DateField(default=timezone.localdate)
    is_published = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # What load_site_content last wrote (a hash): unchanged since means no editor edited it.
    loaded_hash = models.CharField(max_length=64, blank=True, editable=False)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("pages:document", kwargs={"pk": self.pk, "filename": self.filename})

    @property
    def type_info(self):
        return TYPES[self.file_type]

    @property
    def filename(self):
        return f"{slugify(self.title)[:60] or 'document'}.{self.type_info.extension}"

    @staticmethod
    def checksum_of(upload):
        digest = hashlib.sha256()
        upload.seek(0)
        for chunk in iter(lambda: upload.read(1024 * 1024), b""):
            digest.update(chunk)
        upload.seek(0)
        return digest.hexdigest()
