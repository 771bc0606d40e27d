"""Mail server down while booking: the booking is kept and its email goes out once later."""

import email
import socket
import time

import pytest
from aiosmtpd.controller import Controller
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core.models import OutboundEmail
from core.testing import as_browser
from training.models import Booking

from .factories import make_session

pytestmark = pytest.mark.django_db(transaction=True)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        self.messages.append(envelope.content)
        return "250 OK"


def test_booking_survives_mail_outage_and_its_email_is_sent_once_when_back(client, run_tasks):
    port = free_port()
    mailers = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 2},
        }
    }
    session = make_session()
    inbox = Inbox()
    server = Controller(inbox, hostname="127.0.0.1", port=port)
    server.start()
    server.stop()  # the mail server was up, and is now down
    with override_settings(MAILERS=mailers):
        client.post(f"/training/sessions/{session.public_id}/book/", {"council_employee": "no"})
        client.post(
            f"/training/sessions/{session.public_id}/book/details/",
            as_browser(
                {
                    "full_name": "Sam Example",
                    "email": "sam@example.com",
                    "phone": "01632 960001",
                    "organisation": "Northfield School",
                    "sector": "schools",
                    "job_role": "Teacher",
                }
            ),
        )
        check = client.get(f"/training/sessions/{session.public_id}/book/check/")
        key = check.context["form"].initial["idempotency_key"]
        response = client.post(
            f"/training/sessions/{session.public_id}/book/check/", {"idempotency_key": key}
        )
        assert response.status_code == 302  # the delegate sees their confirmation
        booking = Booking.objects.get()

        run_tasks()  # nothing listens: the attempt fails and is rescheduled
        queued = OutboundEmail.objects.get()
        assert queued.status == OutboundEmail.Status.QUEUED and queued.attempts == 1
        assert Booking.objects.get().status == Booking.Status.CONFIRMED

        server = Controller(inbox, hostname="127.0.0.1", port=port)
        server.start()
        try:
            time.sleep(0.1)
            DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
            OutboundEmail.objects.update(next_attempt_at=timezone.now())
            run_tasks()
            run_tasks()
        finally:
            server.stop()
    assert OutboundEmail.objects.get().status == OutboundEmail.Status.SENT
    assert len(inbox.messages) == 1
    message = email.message_from_bytes(inbox.messages[0])
    body = message.get_payload()[0].get_payload()[0].get_payload(decode=True).decode()
    assert booking.reference in body
    names = [part.get_filename() for part in message.walk() if part.get_filename()]
    assert names == ["prevent-training.ics"]
