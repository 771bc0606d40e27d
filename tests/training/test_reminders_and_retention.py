from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core.models import JobRun, OutboundEmail
from training import services, tasks
from training.models import Booking, CancellationToken, GroupSessionRequest

from .factories import book, make_session, reload

pytestmark = pytest.mark.django_db


def booked_days_before(session, number, days):
    booking = book(session, number)
    at = session.starts_at - timedelta(days=days)
    Booking.objects.filter(pk=booking.pk).update(created_at=at, confirmed_at=at)
    return reload(booking)


@pytest.mark.django_db(transaction=True)  # the task worker needs real transactions
def test_reminder_goes_3_days_before_exactly_once(run_tasks):
    session = make_session(days=2)  # within the 3-day window
    booking = booked_days_before(session, 1, 20)
    late = booked_days_before(session, 2, 1)  # confirmed inside the window: no reminder
    far = booked_days_before(make_session(days=10), 3, 20)
    run_tasks()  # deliver the confirmation emails first
    OutboundEmail.objects.all().delete()

    assert services.send_due_reminders() == 1
    assert services.send_due_reminders() == 0  # a second run sends nothing
    reminder = OutboundEmail.objects.get()
    assert reminder.to == [booking.email]
    assert reminder.subject.startswith("Reminder:")
    assert "/training/bookings/cancel/" in reminder.text_body
    assert reload(booking).reminder_sent_at is not None
    assert reload(late).reminder_sent_at is None
    assert reload(far).reminder_sent_at is None
    outbox = run_tasks()
    assert [message.subject for message in outbox].count(reminder.subject) == 1


def test_reminder_is_a_periodic_job_that_records_its_run_and_never_doubles():
    session = make_session(days=2)
    booked_days_before(session, 1, 20)
    OutboundEmail.objects.all().delete()
    assert tasks.send_training_reminders.call() == 1
    run = JobRun.objects.get(name=tasks.send_training_reminders.module_path)
    assert run.last_succeeded_at is not None
    # No chain: the run queues no next run of itself (the scheduler does, core.scheduling).
    assert not DBTaskResult.objects.filter(
        task_path=tasks.send_training_reminders.module_path, status="READY"
    ).exists()
    # A second run within the interval does nothing at all; the job is idempotent anyway.
    assert tasks.send_training_reminders.call() == "skipped: already ran this interval"
    JobRun.objects.update(last_succeeded_at=None)
    assert tasks.send_training_reminders.call() == 0
    assert OutboundEmail.objects.count() == 1


def test_cancelled_and_waiting_bookings_get_no_reminder():
    session = make_session(days=2, capacity=1)
    holder = booked_days_before(session, 1, 20)
    booked_days_before(session, 2, 20)  # waiting
    services.cancel_booking(booking_id=holder.pk, by=Booking.CancelledBy.ADMIN)
    OutboundEmail.objects.all().delete()
    # The promoted delegate got their place inside the window: their offer email is enough.
    assert services.send_due_reminders() == 0


def test_delegate_details_are_anonymised_two_years_after_the_session():
    old = make_session(days=-(2 * 365 + 5))
    old_booking = book(make_session(), 1)
    Booking.objects.filter(pk=old_booking.pk).update(session=old)  # as if booked back then
    kept = book(make_session(), 2)
    GroupSessionRequest.objects.create(
        organisation="Org",
        contact_name="A Person",
        email="a@example.com",
        phone="01632 960001",
        number_of_people=10,
        preferred_dates="Any",
        preferred_place="Here",
    )
    GroupSessionRequest.objects.update(created_at=timezone.now() - timedelta(days=2 * 365 + 1))

    counts = tasks.anonymise_old_training_records.call()

    assert counts == {"bookings": 1, "group_requests": 1}
    old_booking = reload(old_booking)
    assert old_booking.email == "" and old_booking.phone == "" and old_booking.anonymised_at
    assert old_booking.full_name == "(anonymised)"
    assert old_booking.sector == "schools"  # kept for reports
    assert not CancellationToken.objects.filter(booking=old_booking).exists()
    assert not OutboundEmail.objects.filter(topic=f"training-booking:{old_booking.pk}").exists()
    assert reload(kept).email == "delegate2@example.com"
    assert GroupSessionRequest.objects.get().email == ""
    JobRun.objects.update(last_succeeded_at=None)  # as if its next interval had come
    assert tasks.anonymise_old_training_records.call() == {"bookings": 0, "group_requests": 0}


def test_booking_admin_states_how_long_details_are_kept():
    booking = book(make_session())
    assert booking.retain_until == booking.session.ends_at + timedelta(days=730)
