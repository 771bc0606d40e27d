"""/healthz names a periodic job that stopped; visitors' sessions end within a day."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core.models import JobRun
from core.scheduling import DISPATCHER, dispatch_due_jobs, overdue_jobs

pytestmark = pytest.mark.django_db

REMINDERS = "training.tasks.send_training_reminders"  # every 30 minutes


def test_healthz_answers_503_naming_a_job_that_has_not_succeeded_within_twice_its_interval(
    client,
):
    dispatch_due_jobs()  # the scheduler has run: every job now has its record
    assert client.get("/healthz").status_code == 200
    JobRun.objects.filter(name=REMINDERS).update(
        last_succeeded_at=timezone.now() - timedelta(minutes=59)
    )
    assert client.get("/healthz").status_code == 200  # within twice 30 minutes
    JobRun.objects.filter(name=REMINDERS).update(
        last_succeeded_at=timezone.now() - timedelta(minutes=61)
    )
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["overdue_jobs"] == [REMINDERS]
    assert response.json()["database"] == "ok"


def test_a_job_that_never_succeeded_is_overdue_twice_its_interval_after_it_was_first_seen():
    dispatch_due_jobs()
    later = timezone.now() + timedelta(minutes=61)
    overdue = overdue_jobs(later)
    assert REMINDERS in overdue and "core.tasks.sweep_stuck_emails" in overdue
    # ... and so is the scheduler itself, when it stops ticking.
    assert DISPATCHER in overdue
    assert "training.tasks.anonymise_old_training_records" not in overdue  # daily


def test_a_fresh_install_is_not_reported_before_the_scheduler_ever_ran(client):
    assert not JobRun.objects.exists()
    assert client.get("/healthz").status_code == 200


def test_dispatching_twice_in_one_interval_queues_each_job_once():
    from django_tasks_db.models import DBTaskResult

    first = dispatch_due_jobs()
    assert REMINDERS in first
    assert dispatch_due_jobs() == []
    assert DBTaskResult.objects.filter(task_path=REMINDERS).count() == 1
    assert REMINDERS in dispatch_due_jobs(at=timezone.now() + timedelta(minutes=30))


def test_an_anonymous_visitors_session_ends_within_a_day(client):
    from django.conf import settings
    from django.contrib.sessions.models import Session as StoredSession

    from tests.training.factories import make_session
    from tests.training.journeys import start_booking

    response = start_booking(client, make_session())
    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    # The cookie ends with the browser session (no lifetime of its own), and the server
    # forgets the session within a day whatever the browser does.
    assert cookie["max-age"] == "" and cookie["expires"] == ""
    stored = StoredSession.objects.get(session_key=cookie.value)
    assert stored.expire_date <= timezone.now() + timedelta(days=1)


def test_debug_off_refuses_to_start_without_a_message_key_or_with_the_published_one():
    from tests.startup import manage_check

    live = {
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "s" * 60,
        "DJANGO_ALLOWED_HOSTS": "prevent.example",
        "EMAIL_URL": "console://",
        "REFERRAL_ENCRYPTION_KEYS": "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
        "SITE_URL": "https://prevent.example",
    }

    def check(**env):
        return manage_check(**live, **env)

    assert "MESSAGE_ENCRYPTION_KEYS must be set" in check().stderr
    from django.conf import settings

    published = check(MESSAGE_ENCRYPTION_KEYS=settings.DEVELOPMENT_MESSAGE_KEY)
    assert "published development key" in published.stderr
    malformed = check(MESSAGE_ENCRYPTION_KEYS="not-a-key")
    assert malformed.returncode != 0 and "core.E001" in malformed.stderr
