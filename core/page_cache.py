"""Whole responses of public pages, kept in the shared cache for visitors who are not signed in.

    @cache_public_page(scopes=(CONTENT, TRAINING))
    def catalogue(request): ...

Rendering a template, not the database, is what a page costs (DESIGN.md, "Performance
facts"), so a page that has not changed is not rendered again: the first anonymous GET
stores the finished response in the default cache (Redis through CACHE_URL on the live
site, shared by every worker on every machine) and later ones are answered from there
without a database query.

What keeps it correct:
- Each scope ("content": pages, documents, alerts...; "training": courses, sessions,
  bookings) has a generation number in the cache. Saving or deleting any of its models
  bumps it (signals, below). A stored page records the numbers it was made under and is
  served only while they are still current (both read in one round trip), so one
  increment retires every stored page of that scope on every machine at once. A booking
  bumps "training", so places left on the catalogue and course pages follow each booking.
- Only a GET from a visitor without a session or messages cookie is served from, or
  stored in, the cache: signed-in staff (and anyone mid-journey) always get a fresh page.
- A response is stored only if it is a plain 200 that sets no cookie and used nothing of
  the request's own: no CSRF token (so no form page is ever shared), no CSP nonce, nothing
  written to the session, no message. Booking and referral pages are never wrapped at
  all: their places left are counted on every request.
- A page is fresh for CACHE_SECONDS, which bounds what changes with the clock alone (a
  session whose booking has just closed, an alert that starts at a set time).
- When a page is out of date (it changed, or it is older than that), the first request to
  see so renders it again while requests arriving during that render get the previous copy
  (never a page that has since been taken down: one that renders as anything but a plain
  200 is dropped). So a booking in the middle of a rush costs one render of the catalogue,
  not one per worker, and nobody else waits for it.
- The stored ETag and Last-Modified headers are kept, and a hit answers If-None-Match or
  If-Modified-Since with a 304 as the view itself would.
"""

import hashlib
import time
from functools import partial, wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe

CONTENT = "content"
TRAINING = "training"
# Which models' changes retire which scope's pages: filled by each app's AppConfig.ready()
# through register_scope(), so the kernel names no app.
SCOPE_MODELS = {}
CACHE_SECONDS = 60
# An out-of-date copy is kept this much longer, for visitors who arrive while one request
# renders the page again.
STALE_SECONDS = 300
_LOCK = ":rendering"
_LOCK_SECONDS = 10
_GENERATION_KEY = "page-cache:generation:{}"
_PAGE_KEY = "page-cache:page:{}"
_DATA_KEY = "page-cache:data:{}"
# Request cookies that mean the page may differ for this visitor.
_MESSAGES_COOKIE = "messages"


def cache_public_page(*, scopes, timeout=CACHE_SECONDS):
    """Serve the view's anonymous GET responses from the shared cache (see module docstring).

    `scopes` names what the page shows: its stored copies are retired when any of them changes.
    """
    scopes = tuple(scopes)
    unknown = set(scopes) - set(SCOPE_MODELS)
    if not scopes or unknown:
        raise ValueError(f"Unknown page cache scopes: {sorted(unknown) or 'none given'}")

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not _cacheable_request(request):
                return view(request, *args, **kwargs)
            key = _page_key(request)
            # One round trip: the stored page and the generations it must have been made in.
            stored, current = _lookup(key, scopes)
            refreshing = False
            if stored is not None:
                fresh = stored["generations"] == current and stored["until"] > time.time()
                # Out of date: one request renders it again, the others meanwhile get the
                # copy they would have had a moment earlier (no stampede of renders).
                if fresh or not cache.add(key + _LOCK, 1, timeout=_LOCK_SECONDS):
                    return _response_from(request, stored)
                refreshing = True
            try:
                response = view(request, *args, **kwargs)
            except Exception:
                if refreshing:  # gone (Http404) or broken: the old copy must not be served
                    cache.delete_many([key, key + _LOCK])
                raise

            def store(rendered):
                if _storable(request, rendered):
                    cache.set(key, _stored(rendered, current, timeout), timeout + STALE_SECONDS)
                elif refreshing:
                    cache.delete(key)  # unpublished, say: the old copy must not be served
                if refreshing:
                    cache.delete(key + _LOCK)

            if getattr(response, "is_rendered", True):
                store(response)
            else:  # a TemplateResponse (the sitemap): judged once it has been rendered
                response.add_post_render_callback(store)
            return response

        wrapped.page_cache_scopes = scopes
        return wrapped

    return decorator


def _cacheable_request(request):
    if request.method != "GET":
        return False
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and _MESSAGES_COOKIE not in cookies


def _page_key(request):
    # A hash keeps any query string (search terms) out of the key and its length bounded.
    return _PAGE_KEY.format(hashlib.sha256(request.get_full_path().encode()).hexdigest())


def _lookup(page_key, scopes):
    """(stored page or None, current generation of each scope), in one cache round trip."""
    generation_keys = [_GENERATION_KEY.format(scope) for scope in scopes]
    found = cache.get_many([page_key, *generation_keys])
    if any(key not in found for key in generation_keys):
        return None, generations(scopes)
    return found.get(page_key), [found[key] for key in generation_keys]


def _storable(request, response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False  # the page carries a CSRF token: it belongs to this visitor alone
    if getattr(request, "_csp_nonce", None):
        return False  # the nonce in the page must match the header sent with it
    # Reading the (empty) session of a visitor without a cookie is harmless: they are
    # anonymous, as everyone served this copy is. Writing to it, or leaving a message, is not.
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    if getattr(getattr(request, "_messages", None), "added_new", False):
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if "private" in cache_control or "no-store" in cache_control:
        return False
    return "*" not in response.get("Vary", "")


def _stored(response, generation_values, timeout):
    headers = [(name, value) for name, value in response.items() if name.lower() != "set-cookie"]
    return {
        "generations": generation_values,
        "until": time.time() + timeout,
        "content": response.content,
        "headers": headers,
    }


_CONDITIONAL_HEADERS = (
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_MATCH",
    "HTTP_IF_UNMODIFIED_SINCE",
)


def _response_from(request, stored):
    response = HttpResponse(stored["content"])
    for name, value in stored["headers"]:
        response[name] = value
    if not any(header in request.META for header in _CONDITIONAL_HEADERS):
        return response
    etag = response.get("ETag")
    last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
    if etag or last_modified:
        return get_conditional_response(
            request, etag=etag, last_modified=last_modified, response=response
        )
    return response


# --- Data kept by generation ------------------------------------------------------------


def remember(key, *, scopes, build, timeout=CACHE_SECONDS):
    """`build()`'s result, from the shared cache while no model of `scopes` has changed.

    For data a page needs that changes only when those models are saved (a session's
    course and venue, say). The value is pickled, so each caller gets its own copy to
    change. Exceptions from build() propagate and nothing is kept.
    """
    data_key = _DATA_KEY.format(hashlib.sha256(key.encode()).hexdigest())
    stored, current = _lookup(data_key, scopes)
    if stored is not None and stored["generations"] == current:
        return stored["value"]
    value = build()
    cache.set(data_key, {"generations": current, "value": value}, timeout)
    return value


# --- Generations -------------------------------------------------------------------------


def generations(scopes):
    """The current generation number of each scope, in one cache round trip."""
    keys = [_GENERATION_KEY.format(scope) for scope in scopes]
    found = cache.get_many(keys)
    missing = [key for key in keys if key not in found]
    for key in missing:
        # A number never used before (not 1): if the key was evicted, pages stored under
        # its old numbers can never be served again.
        cache.add(key, time.time_ns(), timeout=None)
    if missing:
        found.update(cache.get_many(missing))
    return [found.get(key, 0) for key in keys]


def bump(scope):
    """Retire every stored page of `scope`, on every machine sharing the cache."""
    key = _GENERATION_KEY.format(scope)
    try:
        cache.incr(key)
    except ValueError:  # no generation yet (or evicted): start a fresh one
        cache.add(key, time.time_ns(), timeout=None)


def _changed(scope, **kwargs):
    if kwargs.get("raw"):
        return  # loading fixtures
    if "action" in kwargs and not kwargs["action"].startswith("post_"):
        return
    # Now, so a test or a request later in this transaction sees fresh pages; and again
    # after commit, so a page rendered from the old rows while the transaction was open
    # cannot outlive it under the new number.
    bump(scope)
    transaction.on_commit(partial(bump, scope), robust=True)


def register_scope(scope, *, models):
    """Say that saving or deleting any of `models` retires the stored pages of `scope`.

    Called by the app that owns the models, from its AppConfig.ready().
    """
    SCOPE_MODELS.setdefault(scope, []).extend(models)
    receiver = partial(_changed, scope)
    for model in models:
        uid = f"page-cache-{scope}-{model._meta.label_lower}"
        post_save.connect(receiver, sender=model, weak=False, dispatch_uid=uid + "-save")
        post_delete.connect(receiver, sender=model, weak=False, dispatch_uid=uid + "-delete")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                receiver,
                sender=field.remote_field.through,
                weak=False,
                dispatch_uid=f"{uid}-{field.name}-m2m",
            )
