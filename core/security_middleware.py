"""Security middleware of our own: the headers Django does not set, and staff session limits."""

import logging
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import AnonymousUser

logger = logging.getLogger("core.security")

SIGNED_IN_AT = "_staff_signed_in_at"
LAST_SEEN = "_staff_last_seen"
# The session key last written to StaffSession (a password change gives a new key).
MAPPED_KEY = "_staff_mapped_key"
# The store keeps a session a little past its limit, so that the next request meets this
# middleware (which ends it, and says why) rather than an unexplained empty session.
GRACE_SECONDS = 5 * 60


class SecurityHeadersMiddleware:
    """Cross-Origin-Resource-Policy, Permissions-Policy and X-Frame-Options on every response.

    It sits before WhiteNoise so static files get them too (Django's clickjacking
    middleware, further in, never sees those).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        headers = response.headers
        headers.setdefault(
            "Cross-Origin-Resource-Policy", settings.SECURE_CROSS_ORIGIN_RESOURCE_POLICY
        )
        headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        if not getattr(response, "xframe_options_exempt", False):
            headers.setdefault("X-Frame-Options", settings.X_FRAME_OPTIONS)
        return response


def start_staff_session(session, user):
    """Start the clocks of a session that has just signed in, and map it to its user."""
    now = time.time()
    session[SIGNED_IN_AT] = now
    session[LAST_SEEN] = now
    session.set_expiry(settings.STAFF_SESSION_IDLE_SECONDS + GRACE_SECONDS)
    map_session(session, user.pk)


def map_session(session, user_id):
    from .models import StaffSession

    if session.session_key is None:
        session.save()
    StaffSession.objects.update_or_create(
        session_key=session.session_key, defaults={"user_id": user_id}
    )
    session[MAPPED_KEY] = session.session_key


class StaffSessionMiddleware:
    """Sign a user out after STAFF_SESSION_IDLE_SECONDS without a request, or
    STAFF_SESSION_MAX_SECONDS after signing in, whichever comes first.

    The times live in the session (set at sign-in); the session's own expiry follows
    them (plus a grace period), so an abandoned session also goes from the store. Only the timed-out
    session ends: the user's others (another browser) keep their own clocks.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Visitors without a session cookie: nothing to check. Not even a look inside the
        # session, which would add "Vary: Cookie" to every public page (and spoil caching).
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            session = request.session
            if SESSION_KEY in session:
                self._check(request, session)
        response = self.get_response(request)
        if response.status_code == 403 and request.user.is_authenticated:
            # A refused access by someone signed in (the path holds ids, never names).
            logger.warning(
                "Access refused: user %s, %s %s", request.user.pk, request.method, request.path
            )
        return response

    def _check(self, request, session):
        now = time.time()
        signed_in_at = session.get(SIGNED_IN_AT)
        last_seen = session.get(LAST_SEEN)
        idle = settings.STAFF_SESSION_IDLE_SECONDS
        most = settings.STAFF_SESSION_MAX_SECONDS
        if signed_in_at is None or last_seen is None:
            reason = "no sign-in time"  # fail closed: a session we did not start
        elif now - signed_in_at >= most:
            reason = "8-hour limit"
        elif now - last_seen >= idle:
            reason = "30 minutes idle"
        else:
            session[LAST_SEEN] = now
            left = min(idle, most - (now - signed_in_at))
            session.set_expiry(int(left) + GRACE_SECONDS)
            if session.get(MAPPED_KEY) != session.session_key:
                map_session(session, session[SESSION_KEY])
            return
        self._end(request, session, reason)

    @staticmethod
    def _end(request, session, reason):
        from .models import StaffSession

        user_id = session.get(SESSION_KEY)
        StaffSession.objects.filter(session_key=session.session_key).delete()
        session.flush()
        request.user = AnonymousUser()
        logger.info("Staff session ended (%s) for user %s", reason, user_id)
        messages.info(request, "You were signed out to keep the staff area secure. Sign in again.")
