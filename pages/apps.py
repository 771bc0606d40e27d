from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = "Content"

    def ready(self):
        from . import signals

        signals.connect()
