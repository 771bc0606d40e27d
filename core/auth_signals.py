"""Sign-in events: logged (never a password, a code or a username), and sessions ended.

Log lines name users by their database id only; the admin's axes records hold the
address and time of each attempt for a site administrator to investigate.
"""

import logging
from datetime import timedelta
from importlib import import_module

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save, pre_delete
from django.dispatch import receiver
from django.utils import timezone

from .models import StaffSession
from .security_middleware import start_staff_session

logger = logging.getLogger("core.security")
User = get_user_model()


def _user_id(username):
    if not username:
        return "unknown"
    found = User._default_manager.filter(**{User.USERNAME_FIELD: username}).values_list(
        "pk", flat=True
    )
    return str(found.first() or "unknown")


def end_all_sessions(user, *, only=None):
    """Delete every session of `user` (or those of them in `only`) from the session store.

    Returns how many were ended."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    mapped = StaffSession.objects.filter(user=user)
    if only is not None:
        mapped = mapped.filter(session_key__in=only)
    keys = list(mapped.values_list("session_key", flat=True))
    for key in keys:
        store().delete(session_key=key)
    StaffSession.objects.filter(session_key__in=keys).delete()
    return len(keys)


@receiver(user_logged_in, dispatch_uid="core.record_sign_in")
def record_sign_in(sender, request, user, **kwargs):
    start_staff_session(request.session, user)
    # No session outlives the 8-hour limit, so neither does its record.
    cutoff = timezone.now() - timedelta(seconds=settings.STAFF_SESSION_MAX_SECONDS)
    StaffSession.objects.filter(signed_in_at__lt=cutoff).delete()
    device = getattr(user, "otp_device", None)
    second_factor = type(device).__name__ if device is not None else "none"
    logger.info("Staff sign-in: user %s (second factor: %s)", user.pk, second_factor)


@receiver(user_logged_out, dispatch_uid="core.end_sessions_on_sign_out")
def end_sessions_on_sign_out(sender, request, user, **kwargs):
    if user is None:
        return
    ended = end_all_sessions(user)
    logger.info("Staff sign-out: user %s, %d session(s) ended", user.pk, ended)


@receiver(user_login_failed, dispatch_uid="core.log_failed_sign_in")
def log_failed_sign_in(sender, credentials, request=None, stage="password", **kwargs):
    # `credentials` has the password masked by Django; only the account's id is logged.
    logger.warning(
        "Staff sign-in refused at the %s step for user %s",
        stage,
        _user_id(credentials.get("username")),
    )


@receiver(user_locked_out, dispatch_uid="core.log_lockout")
def log_lockout(sender, request, username, ip_address, **kwargs):
    logger.warning(
        "Staff sign-in locked for %s after repeated failures: user %s",
        settings.AXES_COOLOFF_TIME,
        _user_id(username),
    )


@receiver(post_save, sender=User, dispatch_uid="core.end_sessions_on_deactivation")
def end_sessions_on_deactivation(sender, instance, **kwargs):
    if instance.is_active and instance.is_staff:
        return
    ended = end_all_sessions(instance)
    if ended:
        logger.info("User %s deactivated: %d session(s) ended", instance.pk, ended)


@receiver(pre_delete, sender=User, dispatch_uid="core.end_sessions_on_delete")
def end_sessions_on_delete(sender, instance, **kwargs):
    end_all_sessions(instance)
