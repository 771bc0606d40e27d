from django import forms

from .documents import validate_document
from .models import Document


class DocumentAdminForm(forms.ModelForm):
    """Upload a document: its type is read from its bytes and its size checked (20 MB)."""

    class Meta:
        model = Document
        fields = ["title", "description", "file", "published_on", "is_published"]
        help_texts = {
            "file": "PDF, Word (.doc or .docx) or OpenDocument text (.odt), at most 20 MB. "
            "The type is checked from the file itself, not its name.",
        }

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        # A new upload has a content_type; an unchanged field is the stored file.
        if upload and hasattr(upload, "content_type"):
            kind = validate_document(upload)
            self.instance.file_type = kind
            self.instance.size = upload.size
            self.instance.checksum = Document.checksum_of(upload)
        return upload
