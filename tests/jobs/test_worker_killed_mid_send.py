"""A worker killed with SIGKILL in the middle of sending a booking confirmation.

Real processes: a `manage.py worker` talks to a test SMTP server that holds the message
(no reply) for seconds; the worker is killed while it waits. A new worker and the
scheduler (whose first tick runs the email sweeper) are started: the message goes again,
with the same Message-ID, and the server, which drops a Message-ID it already has,
delivers it once. What the server received is asserted too: two transmissions of the
same message (the first cut off before the server's reply), one delivery.
"""

import signal
import time

import pytest
from django.db import transaction

from core.models import OutboundEmail
from tests.servers import Mailbox, free_port, smtp_server, text_of
from tests.training.factories import book, make_session

from .processes import Processes, process_env, shared_database_url, wait_for

pytestmark = [pytest.mark.django_db(transaction=True)]

STALE_SECONDS = 3


def test_a_worker_killed_mid_send_loses_nothing_and_the_email_arrives_once(tmp_path):
    port = free_port()
    mailbox = Mailbox(hold_first=12)
    server = smtp_server(mailbox, port)
    processes = Processes(tmp_path)
    env = process_env(
        database_url=shared_database_url(),
        smtp_port=port,
        EMAIL_STALE_SECONDS=STALE_SECONDS,
        SCHEDULER_TICK_SECONDS=0.5,
    )
    try:
        with transaction.atomic():
            booking = book(make_session(), 1)
        email = OutboundEmail.objects.get()
        assert email.status == OutboundEmail.Status.QUEUED

        first = processes.worker("worker-1", env=env)
        wait_for(lambda: mailbox.copies, timeout=60, what="the first worker to start sending")
        email.refresh_from_db()
        assert email.status == OutboundEmail.Status.SENDING and email.attempts == 1
        # The row is not locked while the server holds the message: another transaction
        # can read it for update at once (the old code held the lock across the send).
        with transaction.atomic():
            assert OutboundEmail.objects.select_for_update(nowait=True).get(pk=email.pk)

        first.send_signal(signal.SIGKILL)
        assert first.wait(timeout=10) == -signal.SIGKILL
        time.sleep(STALE_SECONDS + 0.5)
        email.refresh_from_db()
        assert email.status == OutboundEmail.Status.SENDING  # nobody else took it over

        processes.worker("worker-2", env=env)
        processes.scheduler("scheduler", env=env)
        wait_for(
            lambda: OutboundEmail.objects.get(pk=email.pk).status == OutboundEmail.Status.SENT,
            timeout=60,
            what="the new worker to send the email",
        )
        wait_for(lambda: len(mailbox.copies) == 2, timeout=20, what="the second copy")
        # Let the held first transmission run out, as the real server would end it.
        time.sleep(13)
    finally:
        processes.stop_all()
        server.stop()

    email.refresh_from_db()
    assert email.attempts == 2 and email.sent_at is not None
    assert email.content_encrypted == ""  # sent: nothing kept but the summary
    # Exactly one delivery; the repeat carried the same Message-ID, the row's own.
    assert len(mailbox.delivered) == 1
    assert [m["Message-ID"] for m in mailbox.copies] == [email.message_id] * 2
    delivered = mailbox.delivered[0]
    assert delivered["To"] == "delegate1@example.com"
    assert booking.reference in text_of(delivered)
