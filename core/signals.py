"""Signals the kernel sends about staff accounts, for apps that must record them.

core imports no app, yet every change to who is a Prevent officer must reach the
referral audit trail: the referrals app connects to these in its AppConfig.ready().
Each is sent inside the transaction that makes the change, so a receiver that writes
(an audit entry, a queued email) commits or rolls back with it.
"""

from django.dispatch import Signal

# user, granted (True: given the role, False: taken away), by (the officer, or None for
# the server-side command)
officer_role_changed = Signal()
# user, by: the person's authenticator and backup codes were deleted and an enrolment
# code issued; their next sign-in needs that code to enrol again
staff_enrolment_reset = Signal()
# user: the person set up a new authenticator with their enrolment code
staff_enrolled = Signal()
