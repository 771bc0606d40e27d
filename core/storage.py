from whitenoise.storage import CompressedManifestStaticFilesStorage


class HashedStaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Hashed, compressed static files, with hashed URLs even in local debug mode.

    Django's manifest storage hands out unhashed URLs when DEBUG is on; the demo
    should behave like production (and catch a missing `collectstatic`) instead.
    """

    def url(self, name, force=False):
        return super().url(name, force=True)
