"""After a booking and a referral are emailed, no table holds what the emails carried.

Every table is read raw (tests/referrals/test_no_plaintext.py's `whole_database`), while
the emails wait and after they are sent: the booking's cancel token (the booking tables
keep only its SHA-256), the confirmation's text and calendar file, and the referrer's
address must appear in none of them. A positive control (the token's hash, which the
booking tables do keep) proves the search reads those tables.
"""

import hashlib
import re

import pytest
from django.db import transaction

from core.models import OutboundEmail
from tests.referrals.test_journey import submit_token_of
from tests.referrals.test_no_plaintext import (
    MARKERS_IN_FLIGHT,
    Markers,
    answer_every_page,
    found_in,
    whole_database,
)
from tests.training.factories import book, make_session

pytestmark = pytest.mark.django_db(transaction=True)

CANCEL = re.compile(r"/training/bookings/cancel/([^/\s]+)/")


def leaks(needles):
    return {
        table: found
        for table, text in whole_database().items()
        if (found := found_in(text, needles))
    }


def test_sent_booking_and_referral_emails_leave_nothing_in_clear(client, run_tasks):
    # A booking: its confirmation is queued with the cancel link and the calendar file.
    with transaction.atomic():
        booking = book(make_session(), 1)
    queued = OutboundEmail.objects.get(topic__startswith="training-booking:")
    token = CANCEL.search(queued.text_body).group(1)  # decrypted by the model, for the test
    calendar = queued.attachments[0]["content"]
    uid = re.search(r"UID:(\S+)", calendar).group(1)

    # A referral through the public pages, full of markers.
    markers = Markers()
    MARKERS_IN_FLIGHT[:] = markers.all
    answer_every_page(client, markers.raw())
    response = client.post("/referrals/check-answers/", {"submit_token": submit_token_of(client)})
    assert response["Location"] == "/referrals/confirmation/"

    needles = [token.lower(), uid.lower(), markers.email.lower()]
    # The search can see these tables: the token's hash is where the booking keeps it.
    digest = hashlib.sha256(token.encode()).hexdigest()
    assert "training_cancellationtoken" in leaks([digest])

    # While the emails wait: encrypted, so in no table.
    assert leaks(needles) == {}

    outbox = run_tasks()
    confirmation = next(m for m in outbox if m.to == [booking.email])
    assert token in confirmation.body  # the link exists in the delegate's inbox ...
    acknowledgement = next(m for m in outbox if m.to == [markers.email])
    assert acknowledgement.subject.startswith("Prevent referral")

    # ... and only there: sent rows keep the summary alone.
    assert leaks(needles) == {}
    body_lines = [line.strip().lower() for line in confirmation.body.splitlines()]
    assert not leaks([line for line in body_lines if token.lower() in line])
    dump = whole_database()
    assert confirmation.body.strip().lower() not in dump["core_outboundemail"]
    for row in OutboundEmail.objects.all():
        assert row.status == OutboundEmail.Status.SENT and row.content_encrypted == ""
