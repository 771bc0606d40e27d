from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = "Training"

    def ready(self):
        from core.demo import register_demo_loader
        from core.page_cache import TRAINING, register_scope
        from core.roles import TRAINING_ADMIN, grant_app_to_role

        # A booking changes the places left that the catalogue and course pages show.
        register_scope(
            TRAINING,
            models=[self.get_model(name) for name in ("Course", "Venue", "Session", "Booking")],
        )
        grant_app_to_role(TRAINING_ADMIN, app_label=self.label)
        register_demo_loader("training.demo", order=10)
        # A past year of sessions and bookings, for the reports.
        register_demo_loader("training.demo_history", order=40)
        # Certificates and feedback links for the demo's past sessions.
        register_demo_loader("training.demo_after", order=45)
