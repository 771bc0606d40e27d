from django.conf import settings
from django.core.files.storage import FileSystemStorage
from whitenoise.storage import CompressedManifestStaticFilesStorage


class HashedStaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Hashed, compressed static files, with hashed URLs even in local debug mode.

    Django's manifest storage hands out unhashed URLs when DEBUG is on; the demo
    should behave like production (and catch a missing `collectstatic`) instead.
    The manifest (staticfiles.json) is written to STATIC_MANIFEST_ROOT, outside the
    folder WhiteNoise serves, so /static/staticfiles.json does not exist.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "manifest_storage", FileSystemStorage(location=settings.STATIC_MANIFEST_ROOT)
        )
        super().__init__(*args, **kwargs)

    def url(self, name, force=False):
        return super().url(name, force=True)
