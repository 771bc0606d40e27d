"""Servers on loopback that tests start and stop themselves: a free port for one, and a real
SMTP server (aiosmtpd) for the tests that need the mail server down, refusing, holding a
message or coming back. The site's own SMTP backend talks to it.

The `mail_server` fixture (tests/conftest.py) gives one the site's mailer points at; the
job tests (tests/jobs/) start their own for manage.py processes.
"""

import asyncio
import email
import socket
import threading

from aiosmtpd.controller import Controller


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Mailbox:
    """An SMTP server's handler. Every copy received is kept in `copies`; a message is
    delivered to `delivered` once per Message-ID, as a receiving server that drops repeats
    would. `hold_first` seconds: the first message is held (no reply) that long."""

    def __init__(self, *, hold_first=0.0, reply="250 OK"):
        self.hold_first = hold_first
        self.reply = reply
        self.copies = []
        self.delivered = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        message = email.message_from_bytes(envelope.content)
        with self.lock:
            self.copies.append(message)
            first = len(self.copies) == 1
        if first and self.hold_first:
            await asyncio.sleep(self.hold_first)
        with self.lock:
            if message["Message-ID"] not in {m["Message-ID"] for m in self.delivered}:
                self.delivered.append(message)
        return self.reply


def smtp_server(mailbox, port):
    server = Controller(mailbox, hostname="127.0.0.1", port=port)
    server.start()
    return server


def text_of(message):
    parts = [p for p in message.walk() if p.get_content_type() == "text/plain"]
    return parts[0].get_payload(decode=True).decode()


def mailers_for(port, *, timeout):
    """The MAILERS setting that sends through the test server on `port`."""
    return {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": timeout},
        }
    }


class MailServer:
    """A test SMTP server on a port of its own, down until `start()`; it may be stopped
    and started again (an outage and its end). What it received is in `mailbox`."""

    def __init__(self, mailbox=None):
        self.port = free_port()
        self.mailbox = mailbox or Mailbox()
        self._controller = None

    def start(self):
        self._controller = smtp_server(self.mailbox, self.port)
        return self.mailbox

    def stop(self):
        if self._controller is not None:
            self._controller.stop()
            self._controller = None
