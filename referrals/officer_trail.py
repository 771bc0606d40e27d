"""Every change to who is a Prevent officer, in the referral audit trail and to every officer.

core sends the signals (core/signals.py) inside the transaction that makes the change:
the role given or taken away, an officer's authenticator reset, an officer enrolling a
new one. These receivers, connected in ReferralsConfig.ready(), write the audit entry
and queue an email to every active officer in that same transaction, so the change, its
record and its notice commit or roll back together. The entries name accounts by
username only; the emails say what happened and who did it, nothing about any referral.
"""

from core.emails import queue_email
from core.roles import active_officers, is_officer_account

from .models import AuditEvent

EMAIL_TOPIC = "referrals:officers"


def _record(*, action, user, by, sentence):
    AuditEvent.objects.create(
        officer=by,
        officer_username=by.get_username() if by else "",
        action=action,
        detail=f"Account {user.get_username()}"[:200],
    )
    recipients = sorted(
        {email for email in active_officers().values_list("email", flat=True) if email}
        | ({user.email} if user.email else set())
    )
    if recipients:
        queue_email(
            to=recipients,
            subject="Prevent officers: a change to who can read referrals",
            template="message",
            context={
                "heading": "A change to who can read referrals",
                "paragraphs": [
                    sentence,
                    "It is recorded in the referral audit trail. If you did not expect it, "
                    "tell the Prevent team lead at once.",
                ],
            },
            topic=EMAIL_TOPIC,
        )


def _who(by):
    return by.get_username() if by else "the server’s create_staff_user command"


def on_officer_role_changed(sender, *, user, granted, by, **kwargs):
    if granted:
        _record(
            action=AuditEvent.Action.OFFICER_GRANTED,
            user=user,
            by=by,
            sentence=f"{user.get_username()} was made a Prevent officer by {_who(by)}.",
        )
    else:
        _record(
            action=AuditEvent.Action.OFFICER_REMOVED,
            user=user,
            by=by,
            sentence=f"{user.get_username()} is no longer a Prevent officer ({_who(by)}).",
        )


def on_enrolment_reset(sender, *, user, by, **kwargs):
    if is_officer_account(user):
        _record(
            action=AuditEvent.Action.OFFICER_RESET,
            user=user,
            by=by,
            sentence=f"The authenticator of officer {user.get_username()} was reset by "
            f"{_who(by)}. Their next sign-in needs the one-time enrolment code.",
        )


def on_enrolled(sender, *, user, **kwargs):
    if is_officer_account(user):
        _record(
            action=AuditEvent.Action.OFFICER_ENROLLED,
            user=user,
            by=user,
            sentence=f"Officer {user.get_username()} set up a new authenticator app.",
        )
