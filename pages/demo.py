"""Demo content for the pages app, loaded by `manage.py load_demo_content`."""

from .models import HomePage

HOME_SUMMARY = (
    "Prevent is about protecting people from being drawn into terrorism. In Warwickshire "
    "the county council, the police, schools, health services and community groups work "
    "together to spot the signs early and offer support before any crime is committed."
)


def load(*, stdout, bench=False):
    home, created = HomePage.objects.update_or_create(
        pk=1,
        defaults={"title": "Prevent in Warwickshire", "summary": HOME_SUMMARY},
    )
    stdout.write(f"Home page {'created' if created else 'up to date'}.")
