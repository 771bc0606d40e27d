"""The training action log, in the manner of pretix's `log_action`.

pretix logs every change to a sensitive record as a LogEntry with a namespaced action
code, the user and a JSON `data` payload, created inside the transaction of the change
(docs.pretix.eu, development/implementation/logging). Here the entries hang off a
session and, where there is one, a booking, and show on the session's admin page.
"""

from django.db import transaction

from ..models import ActionLogEntry


def log_action(action, *, session=None, booking=None, user=None, data=None):
    """Record `action` (e.g. "training.session.changed"). Call inside the change's transaction.

    `data` must be JSON-serialisable and carry no delegate contact details: references,
    field names and values of the session, counts.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("log_action must run inside the transaction of the change it logs.")
    if booking is not None and session is None:
        session = booking.session
    return ActionLogEntry.objects.create(
        action=action,
        session=session,
        booking=booking,
        user=user if user is not None and user.is_authenticated else None,
        data=data or {},
    )
