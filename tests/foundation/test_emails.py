import pytest
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core.emails import queue_email
from core.models import OutboundEmail
from tests.servers import text_of

pytestmark = pytest.mark.django_db(transaction=True)


def queue_notice(**extra):
    return queue_email(
        to=["delegate@example.com"],
        subject="Your booking",
        template="message",
        context={"heading": "Booking confirmed", "paragraphs": ["Reference ABC123."]},
        **extra,
    )


def test_email_is_multipart_and_sent_once(run_tasks):
    with transaction.atomic():
        email = queue_notice(attachments=[("session.ics", "BEGIN:VCALENDAR", "text/calendar")])
    outbox = run_tasks()
    assert len(outbox) == 1
    message = outbox[0]
    assert message.to == ["delegate@example.com"]
    assert "Reference ABC123." in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "Booking confirmed" in html
    assert message.attachments[0].filename == "session.ics"
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENT
    # Running the delivery again (a duplicate task, a second worker) sends nothing more.
    from core.emails import deliver_email

    deliver_email.call(email_id=email.pk)
    assert len(run_tasks()) == 1


def test_email_rolls_back_with_its_transaction(run_tasks):
    with pytest.raises(RuntimeError), transaction.atomic():
        queue_notice()
        raise RuntimeError("booking failed")
    assert OutboundEmail.objects.count() == 0
    assert run_tasks() == []


def test_mail_server_down_keeps_email_and_sends_it_once_when_back(
    mail_server, run_tasks, run_retries
):
    with transaction.atomic():
        email = queue_notice()
    run_tasks()  # nothing listens on the port: the attempt fails and is rescheduled
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.QUEUED
    assert email.attempts >= 1
    assert email.last_error
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.run_after > timezone.now()  # backed off, not retried at once

    mail_server.start()
    run_retries()
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENT
    assert len(mail_server.mailbox.copies) == 1
    assert "Reference ABC123." in text_of(mail_server.mailbox.copies[0])
