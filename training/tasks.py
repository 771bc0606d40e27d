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


@periodic_task(every=timedelta(minutes=30))
def send_training_joining_reminders():
    """Online sessions: the joining details again the day before; once per booking."""
    return services.send_joining_reminders()


@periodic_task(every=timedelta(hours=1))
def send_training_feedback_requests():
    """Ask attendees for feedback the day after their session; each booking asked once."""
    return services.send_due_feedback_requests()


@periodic_task(every=timedelta(minutes=15))
def send_training_new_date_alerts():
    """Tell confirmed subscribers about newly published sessions; once per session."""
    return services.send_new_date_alerts()


@periodic_task(every=timedelta(minutes=15))
def expire_training_booking_drafts():
    """Delete booking answers idle for 2 hours (encrypted, but kept no longer than needed)."""
    return services.expire_booking_drafts()


@periodic_task(every=timedelta(days=1))
def expire_unconfirmed_date_alerts():
    """Delete new-date alert addresses never confirmed within 7 days."""
    return services.expire_unconfirmed_alerts()
