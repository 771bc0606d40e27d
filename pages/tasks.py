"""Scheduled content jobs (see core.scheduling). Each carries no arguments."""

from datetime import timedelta

from core.scheduling import periodic_task

from . import reviews


@periodic_task(every=timedelta(weeks=1))
def remind_editors_of_pages_due_for_review():
    """Email the content editors the pages whose review date has passed (weekly)."""
    return reviews.send_review_reminder()
