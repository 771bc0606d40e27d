"""Scheduled training jobs (see core.scheduling). Each carries no arguments."""

from datetime import timedelta

from core.scheduling import periodic_task

from . import services


@periodic_task(every=timedelta(minutes=30))
def send_training_reminders():
    """Queue the 3-day reminders that are due; each booking is reminded exactly once."""
    return services.send_due_reminders()


@periodic_task(every=timedelta(days=1))
def anonymise_old_training_records():
    """Blank delegate and group-request details 2 years on (the privacy notice's promise)."""
    bookings, requests = services.anonymise_old_records()
    return {"bookings": bookings, "group_requests": requests}
