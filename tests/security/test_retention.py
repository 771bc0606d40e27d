"""Sign-in records are not kept for ever."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessLog

from core.models import StaffSession
from core.tasks import prune_sign_in_records

from .conftest import sign_in_fully, sign_in_with_password

pytestmark = pytest.mark.django_db


def test_daily_job_prunes_old_sign_in_records(client, staff, clock):
    user = staff(superuser=True, device=True)
    sign_in_with_password(client, user, password="wrong", REMOTE_ADDR="203.0.113.4")
    sign_in_fully(client, user)
    assert AccessLog.objects.count() == 1 and StaffSession.objects.count() == 1
    assert AccessAttempt.objects.count() == 1  # the failure from the other address

    clock.shift(timedelta(days=89).total_seconds())
    prune_sign_in_records.call()
    assert AccessLog.objects.count() == 1  # kept for 90 days
    assert AccessAttempt.objects.count() == 0  # spent after the 15-minute cool-off
    assert StaffSession.objects.count() == 0  # no session outlives 8 hours

    clock.shift(timedelta(days=2).total_seconds())
    result = prune_sign_in_records.call()
    assert result["access_logs"] == 1 and AccessLog.objects.count() == 0
