"""Every write in the training app that matters: views, the admin, tasks and tests call these.

Each function is keyword-only and runs in one transaction; its docstring says what it
guarantees. By journey: booking (places, cancelling, the waiting list, attendance),
sessions (create, change, cancel), certificates, feedback, new-date alerts, drafts of the
booking form, group requests, and housekeeping (reminders, retention). Administrators'
actions are written to the action log (log.log_action) in the same transaction.
"""

from .alerts import send_new_date_alerts
from .booking import (
    DETAIL_FIELDS,
    book_place,
    cancel_booking,
    cancel_booking_by_token,
    fill_places,
    promote_waiting_list,
    record_attendance,
    update_booking_details,
)
from .certificates import issue_certificates
from .common import (
    ACTIVE,
    AlreadyBookedError,
    BookingError,
    CannotCancelError,
    Delegate,
    DuplicateEmailError,
    SessionChangeError,
    SessionNotBookableError,
)
from .feedback import (
    FeedbackAlreadyGivenError,
    send_due_feedback_requests,
    send_feedback_requests,
    submit_feedback,
)
from .group import submit_group_request
from .housekeeping import (
    REMINDER_BEFORE,
    anonymise_old_records,
    expire_booking_drafts,
    expire_unconfirmed_alerts,
    send_due_reminders,
    send_joining_reminders,
)
from .log import log_action
from .sessions import cancel_session, change_session, create_session

__all__ = [
    "ACTIVE",
    "DETAIL_FIELDS",
    "REMINDER_BEFORE",
    "AlreadyBookedError",
    "BookingError",
    "CannotCancelError",
    "Delegate",
    "DuplicateEmailError",
    "FeedbackAlreadyGivenError",
    "SessionChangeError",
    "SessionNotBookableError",
    "anonymise_old_records",
    "book_place",
    "cancel_booking",
    "cancel_booking_by_token",
    "cancel_session",
    "change_session",
    "create_session",
    "expire_booking_drafts",
    "expire_unconfirmed_alerts",
    "fill_places",
    "issue_certificates",
    "log_action",
    "promote_waiting_list",
    "record_attendance",
    "send_due_feedback_requests",
    "send_due_reminders",
    "send_feedback_requests",
    "send_joining_reminders",
    "send_new_date_alerts",
    "submit_feedback",
    "submit_group_request",
    "update_booking_details",
]
