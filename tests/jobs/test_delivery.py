"""Delivery at least once, sent once: claims, outcomes, the sweeper, the resend action.

A real SMTP server on loopback (aiosmtpd) answers as a mail server would; the database
is the real PostgreSQL, with a second connection (a thread) where two workers race.
"""

import smtplib
import threading
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core.emails import deliver_email, is_permanent, queue_email, resend_email
from core.models import JobRun, OutboundEmail
from core.roles import CONTENT_EDITOR, SITE_ADMIN, TRAINING_ADMIN
from core.tasks import sweep_stuck_emails
from tests.servers import Mailbox, MailServer, mailers_for

pytestmark = pytest.mark.django_db(transaction=True)

Status = OutboundEmail.Status


def queue_notice(subject="Your booking", to="delegate@example.com"):
    with transaction.atomic():
        return queue_email(
            to=[to],
            subject=subject,
            template="message",
            context={"heading": "Booking confirmed", "paragraphs": ["Reference ABC123."]},
        )


class RefusingMailbox(Mailbox):
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        return self.reply


@pytest.fixture
def smtp():
    """smtp(mailbox) starts a server and points the site's mailer at it."""
    started = []

    def start(mailbox):
        server = MailServer(mailbox)
        server.start()
        started.append(server)
        override = override_settings(MAILERS=mailers_for(server.port, timeout=5))
        override.enable()
        started.append(override)
        return mailbox

    yield start
    for thing in reversed(started):
        thing.disable() if hasattr(thing, "disable") else thing.stop()


def test_a_permanent_refusal_fails_at_once_with_the_reason_and_no_retry(smtp):
    smtp(RefusingMailbox(reply="550 5.1.1 No such user"))
    email = queue_notice()
    assert deliver_email.call(email_id=email.pk) == "failed"
    email.refresh_from_db()
    assert (email.status, email.attempts) == (Status.FAILED, 1)
    assert email.last_error == "SMTPRecipientsRefused"
    assert email.content_encrypted  # kept (encrypted) so staff can resend
    # No retry queued: only the first delivery task exists.
    assert DBTaskResult.objects.filter(task_path=deliver_email.module_path).count() == 1


def test_a_temporary_refusal_is_retried_with_the_same_message_id(smtp):
    refusing = smtp(RefusingMailbox(reply="451 4.3.0 Try again later"))
    email = queue_notice()
    assert deliver_email.call(email_id=email.pk) == "retrying"
    email.refresh_from_db()
    assert (email.status, email.attempts) == (Status.QUEUED, 1)
    assert email.last_error == "SMTPRecipientsRefused"
    assert email.next_attempt_at > timezone.now()
    # Not due yet: a stray task sends nothing and counts no attempt.
    assert deliver_email.call(email_id=email.pk) == "nothing to send"
    refusing.reply = "250 OK"
    OutboundEmail.objects.filter(pk=email.pk).update(next_attempt_at=timezone.now())
    accepting = smtp(Mailbox())
    assert deliver_email.call(email_id=email.pk) == "sent"
    assert [m["Message-ID"] for m in accepting.delivered] == [email.message_id]


def test_a_451_on_data_is_transient_and_a_554_is_permanent():
    assert not is_permanent(smtplib.SMTPDataError(451, b"later"))
    assert is_permanent(smtplib.SMTPDataError(554, b"rejected"))
    assert not is_permanent(smtplib.SMTPAuthenticationError(535, b"bad login"))  # ours to fix
    assert not is_permanent(ConnectionRefusedError())
    assert is_permanent(ValueError("bad header"))
    assert is_permanent(smtplib.SMTPRecipientsRefused({"a@example.com": (550, b"unknown")}))
    assert not is_permanent(smtplib.SMTPRecipientsRefused({"a@example.com": (452, b"full")}))


def test_an_error_that_is_not_the_mail_server_ends_the_attempt_as_failed(smtp):
    """A bad header (an admin-typed course title with a line break) used to roll the
    attempt back and leave the email queued for ever."""
    mailbox = smtp(Mailbox())
    email = queue_notice(subject="Prevent awareness\nBcc: everyone@example.com")
    assert deliver_email.call(email_id=email.pk) == "failed"
    email.refresh_from_db()
    assert email.status == Status.FAILED and email.attempts == 1
    assert email.last_error  # the kind of error, e.g. BadHeaderError
    assert mailbox.copies == []


def test_two_workers_never_send_one_email_at_the_same_time(smtp):
    """While one worker holds the claim (the row lock of step 1), another skips the row
    (SKIP LOCKED) instead of waiting; once claimed, the row is "sending" and not
    claimable by anyone until it is stale."""
    mailbox = smtp(Mailbox())
    email = queue_notice()
    locked, release = threading.Event(), threading.Event()

    def other_worker_claiming():
        with transaction.atomic():
            OutboundEmail.objects.select_for_update().get(pk=email.pk)
            locked.set()
            release.wait(10)
        connection.close()

    thread = threading.Thread(target=other_worker_claiming)
    thread.start()
    locked.wait(10)
    try:
        assert deliver_email.call(email_id=email.pk) == "nothing to send"  # skipped, not blocked
    finally:
        release.set()
        thread.join()
    OutboundEmail.objects.filter(pk=email.pk).update(
        status=Status.SENDING, last_attempt_at=timezone.now(), attempts=1
    )
    assert deliver_email.call(email_id=email.pk) == "nothing to send"  # someone is sending it
    assert mailbox.copies == []


@override_settings(EMAIL_STALE_SECONDS=60)
def test_the_sweeper_requeues_stuck_emails_once_and_leaves_fresh_ones(smtp):
    mailbox = smtp(Mailbox())
    stuck, fresh = queue_notice("Stuck"), queue_notice("Fresh")
    DBTaskResult.objects.all().delete()  # their tasks were lost with a worker
    long_ago = timezone.now() - timedelta(minutes=5)
    OutboundEmail.objects.filter(pk=stuck.pk).update(
        status=Status.SENDING, attempts=1, last_attempt_at=long_ago
    )
    OutboundEmail.objects.filter(pk=fresh.pk).update(next_attempt_at=timezone.now())
    assert sweep_stuck_emails.call() == "1 email(s) re-enqueued"
    JobRun.objects.update(last_succeeded_at=None)
    assert sweep_stuck_emails.call() == "0 email(s) re-enqueued"  # its task already waits
    task = DBTaskResult.objects.get()
    assert task.args_kwargs["kwargs"] == {"email_id": stuck.pk}
    assert deliver_email.call(email_id=stuck.pk) == "sent"
    stuck.refresh_from_db()
    assert (stuck.status, stuck.attempts) == (Status.SENT, 2)
    assert [m["Message-ID"] for m in mailbox.delivered] == [stuck.message_id]


def test_a_sent_row_keeps_only_the_summary():
    email = queue_notice()
    assert email.content_encrypted and "delegate@example.com" not in email.content_encrypted
    assert email.recipient_domain == "example.com"
    assert len(email.recipient_digest) == 64 and "delegate" not in email.recipient_digest
    assert deliver_email.call(email_id=email.pk) == "sent"
    with connection.cursor() as cursor:
        cursor.execute("SELECT t::text FROM core_outboundemail t WHERE id = %s", [email.pk])
        row = cursor.fetchone()[0]
    assert "delegate@example.com" not in row and "ABC123" not in row
    email.refresh_from_db()
    assert email.content_encrypted == "" and email.to == [] and email.text_body == ""
    assert email.sent_at and email.subject == "Your booking"


def test_staff_see_failed_emails_with_the_reason_and_resend_them(smtp, staff_client):
    smtp(RefusingMailbox(reply="550 5.1.1 No such user"))
    failed = queue_notice()
    deliver_email.call(email_id=failed.pk)
    sent = queue_notice("Already sent")
    OutboundEmail.objects.filter(pk=sent.pk).update(status=Status.SENT, content_encrypted="")

    admin = staff_client(SITE_ADMIN)
    page = admin.get("/admin/core/outboundemail/?status__exact=failed").content.decode()
    assert "SMTPRecipientsRefused" in page and "example.com" in page
    assert "delegate@example.com" not in page  # never the address or the text
    detail = admin.get(f"/admin/core/outboundemail/{failed.pk}/change/").content.decode()
    assert "Reference ABC123" not in detail and "delegate@example.com" not in detail

    response = admin.post(
        "/admin/core/outboundemail/",
        {"action": "resend", "_selected_action": [failed.pk, sent.pk]},
        follow=True,
    )
    assert "1 email queued again." in response.content.decode()
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (Status.QUEUED, 0)
    assert OutboundEmail.objects.get(pk=sent.pk).status == Status.SENT  # a sent one stays sent
    mailbox = smtp(Mailbox())
    assert deliver_email.call(email_id=failed.pk) == "sent"
    assert [m["Message-ID"] for m in mailbox.delivered] == [failed.message_id]


@pytest.mark.parametrize("role", [CONTENT_EDITOR, TRAINING_ADMIN])
def test_other_roles_can_neither_see_nor_resend_emails(smtp, staff_client, role):
    smtp(RefusingMailbox(reply="550 5.1.1 No such user"))
    failed = queue_notice()
    deliver_email.call(email_id=failed.pk)
    client = staff_client(role)
    assert client.get("/admin/core/outboundemail/").status_code == 403
    forged = client.post(
        "/admin/core/outboundemail/", {"action": "resend", "_selected_action": [failed.pk]}
    )
    assert forged.status_code == 403
    assert OutboundEmail.objects.get(pk=failed.pk).status == Status.FAILED


def test_resend_refuses_what_is_not_failed_or_has_no_content_left():
    email = queue_notice()
    assert resend_email(email_id=email.pk) is False  # still queued
    OutboundEmail.objects.filter(pk=email.pk).update(status=Status.FAILED, content_encrypted="")
    assert resend_email(email_id=email.pk) is False  # its content was purged
