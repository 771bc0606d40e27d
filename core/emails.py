"""The one way every app sends email.

`queue_email()` renders the message, stores it as an OutboundEmail row and enqueues
the delivery task, all inside the caller's transaction: if the booking or referral
rolls back, so does its email, and if it commits, the email will go out even when the
mail server is down at that moment (the task retries with back-off).
"""

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone

from .models import OutboundEmail

logger = logging.getLogger(__name__)

# Errors that mean "the mail server is not answering properly": worth retrying.
TRANSIENT_MAIL_ERRORS = (smtplib.SMTPException, OSError)


def queue_email(*, to, subject, template, context=None, attachments=(), topic="", headers=None):
    """Render `emails/<template>.txt` and `.html` and queue them for delivery.

    Must be called inside the transaction that writes the data the email reports;
    the OutboundEmail row and its task row commit (or roll back) with it.
    `attachments` is a sequence of (filename, text content, mimetype); `headers` a dict
    of extra message headers (List-Unsubscribe for the training alerts).
    Returns the OutboundEmail.
    """
    context = {
        "site_name": settings.SITE_NAME,
        "council_name": settings.COUNCIL_NAME,
        "site_url": settings.SITE_URL,
        "subject": subject,
        **(context or {}),
    }
    email = OutboundEmail.objects.create(
        to=list(to),
        subject=subject,
        text_body=render_to_string(f"emails/{template}.txt", context),
        html_body=render_to_string(f"emails/{template}.html", context),
        attachments=[
            {"filename": name, "content": content, "mimetype": mimetype}
            for name, content, mimetype in attachments
        ],
        topic=topic,
        headers=dict(headers or {}),
    )
    deliver_email.enqueue(email_id=email.pk)
    return email


def retry_delay(attempts):
    """Exponential back-off: 30 s, 1 min, 2 min, ... capped at 1 hour."""
    return timedelta(seconds=min(settings.EMAIL_RETRY_BASE_SECONDS * 2 ** (attempts - 1), 3600))


@task()
def deliver_email(*, email_id):
    """Send one queued email exactly once.

    The row is locked while sending, and a row already marked sent is skipped, so
    two workers or a re-run task never send it twice. On a mail-server failure the
    attempt is counted and the task re-enqueues itself after a back-off delay; after
    EMAIL_MAX_ATTEMPTS it is marked failed for staff to see in the admin.
    """
    with transaction.atomic():
        email = OutboundEmail.objects.select_for_update().filter(pk=email_id).first()
        if email is None or email.status != OutboundEmail.Status.QUEUED:
            return "nothing to send"
        message = EmailMultiAlternatives(
            subject=email.subject,
            body=email.text_body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=email.to,
            headers=email.headers or None,
        )
        if email.html_body:
            message.attach_alternative(email.html_body, "text/html")
        for attachment in email.attachments:
            message.attach(attachment["filename"], attachment["content"], attachment["mimetype"])
        email.attempts += 1
        try:
            message.send()
        except TRANSIENT_MAIL_ERRORS as error:
            # Log the kind of failure only: the message and addresses stay out of logs.
            email.last_error = type(error).__name__
            if email.attempts >= settings.EMAIL_MAX_ATTEMPTS:
                email.status = OutboundEmail.Status.FAILED
                logger.error("Email %s failed after %s attempts", email.pk, email.attempts)
            else:
                delay = retry_delay(email.attempts)
                deliver_email.using(run_after=timezone.now() + delay).enqueue(email_id=email.pk)
                logger.warning(
                    "Email %s not sent (%s); retry in %s", email.pk, email.last_error, delay
                )
            email.save(update_fields=["attempts", "last_error", "status"])
            return "retrying" if email.status == OutboundEmail.Status.QUEUED else "failed"
        email.status = OutboundEmail.Status.SENT
        email.sent_at = timezone.now()
        email.last_error = ""
        email.save(update_fields=["attempts", "last_error", "status", "sent_at"])
        return "sent"
