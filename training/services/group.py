"""Requests from teams for a session of their own."""

from django.db import IntegrityError, transaction

from .. import notifications
from ..models import GroupSessionRequest


def submit_group_request(*, submission_key=None, **details):
    """Save a group session request and tell the training team, in one transaction.

    A repeated `submission_key` (a double click, a resubmitted form) returns the request
    it already made and sends nothing more. Returns (request, created).
    """
    with transaction.atomic():
        if submission_key:
            # Serialise submits carrying the same key: the unique index makes the second wait.
            existing = GroupSessionRequest.objects.filter(submission_key=submission_key).first()
            if existing is not None:
                return existing, False
        group_request = GroupSessionRequest(submission_key=submission_key, **details)
        group_request.email = group_request.email.strip().lower()
        group_request.full_clean(validate_unique=False)
        try:
            with transaction.atomic():
                group_request.save()
        except IntegrityError:
            # A concurrent submit with the same key won the race: that one stands.
            return GroupSessionRequest.objects.get(submission_key=submission_key), False
        notifications.group_request_received(group_request)
        return group_request, True
