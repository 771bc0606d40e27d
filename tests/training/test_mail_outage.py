"""Mail server down while booking: the booking is kept and its email goes out once later."""

import pytest

from core.models import OutboundEmail
from tests.servers import text_of
from training.models import Booking

from .factories import make_session
from .journeys import answer_questions, book_url, idempotency_key

pytestmark = pytest.mark.django_db(transaction=True)


def test_booking_survives_mail_outage_and_its_email_is_sent_once_when_back(
    client, mail_server, run_tasks, run_retries
):
    session = make_session()
    mail_server.start()
    mail_server.stop()  # the mail server was up, and is now down
    answer_questions(client, session)
    key = idempotency_key(client, session)
    response = client.post(book_url(session, "check/"), {"idempotency_key": key})
    assert response.status_code == 302  # the delegate sees their confirmation
    booking = Booking.objects.get()

    run_tasks()  # nothing listens: the attempt fails and is rescheduled
    queued = OutboundEmail.objects.get()
    assert queued.status == OutboundEmail.Status.QUEUED and queued.attempts == 1
    assert Booking.objects.get().status == Booking.Status.CONFIRMED

    mail_server.start()
    run_retries()
    assert OutboundEmail.objects.get().status == OutboundEmail.Status.SENT
    assert len(mail_server.mailbox.copies) == 1
    message = mail_server.mailbox.copies[0]
    assert booking.reference in text_of(message)
    names = [part.get_filename() for part in message.walk() if part.get_filename()]
    assert names == ["prevent-training.ics"]
