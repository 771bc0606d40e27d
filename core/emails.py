"""The one way every app sends email: at least once and, in practice, once.

`queue_email()` renders the message, stores it encrypted as an OutboundEmail row and
enqueues the delivery task, all inside the caller's transaction: if the booking or
referral rolls back, so does its email; if it commits, the email will go out even when
the mail server or a worker is down at that moment.

Delivery (`deliver_email`) never holds a lock during the SMTP conversation:
1. claim: in one short transaction the row is locked with SKIP LOCKED, checked to be
   due, marked "sending" with the attempt counted and its start time, and committed;
   so two workers never send one message at the same time;
2. send, with the message's own Message-ID (the same on every attempt);
3. record the outcome in a new transaction: sent (and the content emptied in the same
   update), back to queued with a back-off, or failed with the reason. Any exception
   ends the attempt this way; nothing is rolled back into "queued for ever".
A worker killed between 1 and 3 leaves the row "sending": the sweeper
(`core.tasks.sweep_stuck_emails`, every minute) re-enqueues it once its attempt is
EMAIL_STALE_SECONDS old. The one window where a message can go twice is a kill after
the server accepted it and before step 3 committed: the repeat carries the same
Message-ID.
"""

import base64
import email.policy
import logging
import smtplib
import time
from datetime import timedelta
from email.utils import make_msgid, parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import InterfaceError, OperationalError, connection, transaction
from django.db.models import Q
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from .encryption import address_digest, encrypt_json
from .models import OutboundEmail

logger = logging.getLogger(__name__)

Status = OutboundEmail.Status


@sensitive_variables()
def queue_email(*, to, subject, template, context=None, attachments=(), topic="", headers=None):
    """Render `emails/<template>.txt` and `.html` and queue them for delivery.

    Must be called inside the transaction that writes the data the email reports;
    the OutboundEmail row and its task row commit (or roll back) with it. Addresses,
    bodies, attachments and extra headers are stored encrypted (core.encryption) and
    emptied once sent. `attachments` is a sequence of (filename, content, mimetype), the
    content text (a calendar file) or bytes (a PDF);
    `headers` a dict of extra message headers (List-Unsubscribe for the training alerts,
    whose link is as personal as the body).
    Returns the OutboundEmail.
    """
    to = list(to)
    context = {
        "site_name": settings.SITE_NAME,
        "council_name": settings.COUNCIL_NAME,
        "site_url": settings.SITE_URL,
        "subject": subject,
        **(context or {}),
    }
    content = {
        "to": to,
        "text_body": render_to_string(f"emails/{template}.txt", context),
        "html_body": render_to_string(f"emails/{template}.html", context),
        "attachments": [_stored_attachment(*attachment) for attachment in attachments],
        "headers": dict(headers or {}),
    }
    email = OutboundEmail.objects.create(
        recipient_domain=",".join(sorted({a.rpartition("@")[2].lower() for a in to})),
        recipient_digest=address_digest(to[0]) if to else "",
        subject=subject,
        content_encrypted=encrypt_json(content),
        message_id=make_msgid(domain=_sender_domain()),
        topic=topic,
    )
    deliver_email.enqueue(email_id=email.pk)
    return email


def _stored_attachment(filename, content, mimetype):
    """An attachment as the encrypted JSON content keeps it: bytes go as base64."""
    if isinstance(content, bytes):
        content = base64.b64encode(content).decode("ascii")
        return {"filename": filename, "content": content, "mimetype": mimetype, "base64": True}
    return {"filename": filename, "content": content, "mimetype": mimetype}


def _sender_domain():
    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"


def retry_delay(attempts):
    """Exponential back-off: 30 s, 1 min, 2 min, ... capped at 1 hour."""
    return timedelta(seconds=min(settings.EMAIL_RETRY_BASE_SECONDS * 2 ** (attempts - 1), 3600))


def is_permanent(error):
    """True for refusals that a retry cannot cure: the recipient or the message itself.

    Every recipient refused with a 5xx, or an SMTP 5xx reply (except authentication, which is our
    configuration and is retried), or an error that is not about the mail server at all
    (a bad header, a message no key decrypts). Connection trouble and 4xx are transient.
    """
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in error.recipients.values()]
        return bool(codes) and all(code >= 500 for code in codes)
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return False
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code >= 500
    return not isinstance(error, (smtplib.SMTPException, OSError))


def stale_before(now=None):
    """Attempts started before this are taken to have died with their worker."""
    return (now or timezone.now()) - timedelta(seconds=settings.EMAIL_STALE_SECONDS)


def claimable(now):
    """Rows a worker may start sending now: due and queued, or "sending" by a dead worker."""
    return Q(status=Status.QUEUED, next_attempt_at__lte=now) | Q(
        status=Status.SENDING, last_attempt_at__lt=stale_before(now)
    )


def _claim(email_id):
    now = timezone.now()
    with transaction.atomic():
        email = (
            OutboundEmail.objects.select_for_update(skip_locked=True)
            .filter(claimable(now), pk=email_id)
            .first()
        )
        if email is None:
            return None
        email.status = Status.SENDING
        email.attempts += 1
        email.last_attempt_at = now
        email.save(update_fields=["status", "attempts", "last_attempt_at"])
    return email


class _LongHeaderMessage(EmailMultiAlternatives):
    """Headers folded at RFC 5322's 998-character limit rather than 78, so a long
    one-token header (List-Unsubscribe's <https://...> address) goes out as written
    instead of RFC 2047-encoded, which receivers would not recognise."""

    def message(self, *, policy=email.policy.default):
        return super().message(policy=policy.clone(max_line_length=998))


@sensitive_variables()
def _message(email):
    content = email.content
    message = _LongHeaderMessage(
        subject=email.subject,
        body=content["text_body"],
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=content["to"],
        headers={**content.get("headers", {}), "Message-ID": email.message_id},
    )
    if content.get("html_body"):
        message.attach_alternative(content["html_body"], "text/html")
    for attachment in content.get("attachments", []):
        body = attachment["content"]
        if attachment.get("base64"):
            body = base64.b64decode(body)
        message.attach(attachment["filename"], body, attachment["mimetype"])
    return message


def _record(email, then=None, **fields):
    """Write the attempt's outcome (and run `then` in the same transaction), if the
    attempt is still ours; waits out a database restart (up to
    EMAIL_RECORD_PATIENCE_SECONDS) rather than leave the row "sending"."""
    deadline = time.monotonic() + settings.EMAIL_RECORD_PATIENCE_SECONDS
    while True:
        try:
            with transaction.atomic():
                updated = OutboundEmail.objects.filter(
                    pk=email.pk, status=Status.SENDING, attempts=email.attempts
                ).update(**fields)
                if updated and then is not None:
                    then()
                return updated
        except (OperationalError, InterfaceError):
            if time.monotonic() > deadline:
                raise
            connection.close()
            time.sleep(1)


@task()
def deliver_email(*, email_id):
    """Send one queued email: claim it, send it outside any lock, record the outcome.

    Returns "sent", "retrying", "failed" or "nothing to send" (already sent, being sent
    by another worker, not yet due). See the module docstring for the guarantees.
    """
    email = _claim(email_id)
    if email is None:
        return "nothing to send"
    try:
        _message(email).send()
    except Exception as error:  # every failure ends the attempt, recorded
        return _record_failure(email, error)
    _record(email, status=Status.SENT, sent_at=timezone.now(), last_error="", content_encrypted="")
    return "sent"


def _record_failure(email, error):
    # The kind of failure only: the message and addresses stay out of logs and the row.
    reason = type(error).__name__
    if isinstance(error, smtplib.SMTPResponseException):
        reason = f"{reason} {error.smtp_code}"
    if is_permanent(error) or email.attempts >= settings.EMAIL_MAX_ATTEMPTS:
        _record(email, status=Status.FAILED, last_error=reason[:200])
        logger.error("Email %s failed after %s attempt(s): %s", email.pk, email.attempts, reason)
        return "failed"
    delay = retry_delay(email.attempts)
    retry_at = timezone.now() + delay
    _record(
        email,
        then=lambda: deliver_email.using(run_after=retry_at).enqueue(email_id=email.pk),
        status=Status.QUEUED,
        last_error=reason[:200],
        next_attempt_at=retry_at,
    )
    logger.warning("Email %s not sent (%s); retry in %s", email.pk, reason, delay)
    return "retrying"


def resend_email(*, email_id):
    """Put a failed email back in the queue for a fresh round of attempts.

    Only a failed email whose content is still kept can be resent (its Message-ID stays
    the same). Returns True if it was queued again, False otherwise. One transaction.
    """
    with transaction.atomic():
        updated = (
            OutboundEmail.objects.filter(pk=email_id, status=Status.FAILED)
            .exclude(content_encrypted="")
            .update(status=Status.QUEUED, attempts=0, next_attempt_at=timezone.now())
        )
        if updated:
            deliver_email.enqueue(email_id=email_id)
    return bool(updated)
