from django.apps import AppConfig

# The catalogue's filter form (training/forms.py, CatalogueFilterForm).
_FILTERS = ("course", "place", "month")


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = "Training"

    def ready(self):
        from core.demo import register_demo_loader
        from core.page_cache import register_page, register_scope
        from core.roles import TRAINING_ADMIN, grant_app_to_role

        # A booking changes the places left that the catalogue and course pages show.
        register_scope(
            "training",
            models=[self.get_model(name) for name in ("Course", "Venue", "Session", "Booking")],
        )
        # For visitors, from the page cache. The layout around them shows the content app's
        # alerts, so they are retired by its "content" scope too.
        register_page("training:catalogue", scopes=["content", "training"], params=_FILTERS)
        register_page("training:course", scopes=["content", "training"])
        register_page("training:calendar", scopes=["training"])
        # The booking journey's first page, the one a course announcement sends everyone to:
        # stored without its CSRF token and keyed on the places counted at every request,
        # so it is exact even after rows written in bulk. The later steps are never stored.
        from .selectors import places_key

        register_page(
            "training:book",
            scopes=["content", "training"],
            key_extra=places_key,
            csrf_form=True,
        )
        grant_app_to_role(TRAINING_ADMIN, app_label=self.label)
        register_demo_loader("training.demo", order=10)
        # The real courses and venues, from content/data/ (core.content), before pages.
        from core.content import register_site_content_loader

        register_site_content_loader("training.site_content", order=10)
        # A past year of sessions and bookings, for the reports.
        register_demo_loader("training.demo_history", order=40)
        # Certificates and feedback links for the demo's past sessions.
        register_demo_loader("training.demo_after", order=45)
