"""The site's one page cache: whole anonymous pages, answered before anything else runs.

Rendering a template, not the database, is what a page costs (DESIGN.md, "Performance
facts"), so a public page that has not changed is not rendered again. This module is the
only cache of pages, fragments or data the site has; docs/caching.md is the short
operator's view of it.

Who registers what (the kernel names no app):
- `register_scope("content", models=[...])`, from an app's AppConfig.ready(): saving or
  deleting any of those models retires every stored page of that scope. A scope is a
  name the app chooses (the content app's "content", training's "training").
- `register_page("training:catalogue", scopes=("content", "training"), params=("course",))`,
  also from ready(): the URL pattern of that name is cacheable, shows what those scopes
  hold, and is keyed on those query parameters and no others.

How a request is answered (PageCacheMiddleware, the first middleware of all):
1. Only a GET or HEAD to a registered URL pattern, without the session or messages cookie,
   is looked at. Other cookies (a CSRF cookie, a parent domain's analytics) change nothing
   a cached page shows, so they do not stop it.
2. The key is the scheme, host, path, the static build and the registered query
   parameters (sorted, every value). The view is given only those parameters, so what it
   renders is exactly what the key says; `?x=<random>` shares the key of the bare page and
   cannot fill the cache.
3. One round trip (MGET) fetches the stored page and the current generation of each of
   its scopes; when this process already holds a copy of the page (`_LocalCopies`), the
   generations alone. It is served only if it was made under those same generations and
   within CACHE_SECONDS (which bounds what changes with the clock alone: a booking that
   has just closed, an alert that starts at a set time). Nothing else runs: no other
   middleware, no session, no database, no template. The stored page is the response
   object itself, pickled, as the whole middleware stack returned it: Content-Type,
   Content-Length, Vary, Cache-Control, ETag, Last-Modified, the security headers (HSTS
   on https, nosniff, referrer, COOP, CORP, Permissions-Policy, X-Frame-Options) and the
   CSP header (the site's policy without a nonce: a page that used one is not stored). The
   scheme is part of the key, so an https page's HSTS header is never sent over http. So a
   hit carries the same headers as a fresh render.
4. Otherwise the page is rendered, and stored if it is a plain 200 that used nothing of
   the request's own: no cookie set, no CSRF token, no CSP nonce, nothing written to the
   session, no message, not private or no-store, no `Vary: *`. It is stored under the
   generations read in step 3, before rendering began.
5. Every cacheable 200 gets an ETag (a hash of its body) and Last-Modified (when it was
   rendered) if the view set none, and `Cache-Control: no-cache` so browsers revalidate;
   a conditional request is answered 304 from a hit or a fresh render alike.

Forms (`register_page(..., csrf_form=True)`, the booking journey's first page): a form
page's only personal part is its CSRF token, so it is stored with a placeholder in place
of the one token it holds and without the CSRF cookie it set; a hit runs Django's CSRF
middleware on the request (reading the visitor's CSRF cookie, or making a new secret),
puts a token masked from that secret in the placeholder's place and sets the cookie, as
any render would. Such a page keeps the view's `Cache-Control: no-store` for browsers,
gets no ETag (every copy differs by its token) and is stored only if it holds exactly one
token. What it shows that no scope follows (places counted now) is part of its key through
`key_extra`. A visitor with a session cookie (their answers so far) is never served one.

What keeps it correct:
- A save or delete of a registered model bumps its scope's generation twice: at once, and
  after commit, so a page rendered from the old rows while the transaction was open is
  stored under a generation that is already retired. Bulk writes that send no signal call
  `bump(scope)` themselves.
- An out-of-date page is never served, not even while its replacement renders: a request
  that finds it out of date renders the page itself. An unpublished page therefore stops
  at the moment its change commits, on every worker and machine sharing the cache.
- A generation that is missing (evicted, or Redis restarted empty) starts again from the
  clock in nanoseconds, a number never used before, so old pages cannot come back.

Where it lives: its own cache alias, CACHES["pages"] (settings PAGE_CACHE_URL; by default
the next Redis database of CACHE_URL's server, local memory without Redis), apart from the
rate-limit counters in the default alias, so a flood of pages never evicts a counter.

When Redis fails: every read and write of this cache is guarded; a failure (refused
connection, the short client timeout set in settings) means "rendered, not cached", never
a 500. After one failure this process leaves Redis alone for RETRY_SECONDS, then tries
again, so caching resumes by itself when Redis returns. A bump that failed is kept and
sent first once Redis answers again (pages stored before it expire within CACHE_SECONDS
in any case). `cache_health()` is what /healthz reports. With the database down, pages
already cached are still served: a hit touches nothing but Redis.
"""

import hashlib
import logging
import pickle
import re
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from functools import cache, lru_cache, partial

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import DisallowedHost, ImproperlyConfigured
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import QueryDict
from django.http.cookie import SimpleCookie
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.templatetags.static import static
from django.urls import Resolver404, resolve
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, parse_http_date_safe

logger = logging.getLogger(__name__)

ALIAS = "pages"
# How long a stored page may be served while its scopes are unchanged.
CACHE_SECONDS = 60
# After a failed cache call, this process renders without the cache for this long.
RETRY_SECONDS = 2.0
# Bytes of stored pages each process also keeps in its own memory (see _LocalCopies).
LOCAL_COPY_BYTES = 16 * 1024 * 1024
_GENERATION_KEY = "generation:{}"
# The stored form's version is part of the key: a deploy that changes it never reads old ones.
_PAGE_KEY = "page:v3:{}"
# Request cookies that mean the page may differ for this visitor.
_PERSONAL_COOKIES = ("messages",)
_CONDITIONAL_HEADERS = (
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_MATCH",
    "HTTP_IF_UNMODIFIED_SINCE",
)

# Filled by the apps' AppConfig.ready(): scope -> models, URL name -> rule.
SCOPE_MODELS = {}
PAGES = {}


@dataclass(frozen=True)
class PageRule:
    url_name: str
    scopes: tuple
    params: tuple
    # callable(**url kwargs) -> str or None: more of the key, read at every request.
    key_extra: object = None
    # The page holds a form with the visitor's CSRF token: stored without it, filled per hit.
    csrf_form: bool = False


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


def register_page(url_name, *, scopes, params=(), key_extra=None, csrf_form=False):
    """Make the URL pattern named `url_name` ("app:name") cacheable for anonymous visitors.

    `scopes`: what the page shows (its copies are retired when any of them changes).
    `params`: the query parameters that change it; every other one is dropped before the
    view runs and is no part of the key. Called from the owning app's AppConfig.ready().
    `key_extra(**url_kwargs)`: for a page that shows something no scope can follow (rows
    written in bulk, counted now), a short string read at every request and made part of
    the key; None means "render it". `csrf_form`: the page is a form; see "Forms" above.
    """
    if not scopes:
        raise ImproperlyConfigured(f"register_page({url_name!r}): name at least one scope")
    PAGES[url_name] = PageRule(
        url_name, tuple(scopes), tuple(sorted(set(params))), key_extra, csrf_form
    )
    _rule_for_path.cache_clear()


def check_registrations():
    """Every registered page names scopes some app registered (run once, at start-up)."""
    for rule in PAGES.values():
        unknown = set(rule.scopes) - set(SCOPE_MODELS)
        if unknown:
            raise ImproperlyConfigured(
                f"Page {rule.url_name!r} names unknown page cache scopes: {sorted(unknown)}"
            )


# --- The cache alias, guarded ----------------------------------------------------------------


class _Guard:
    """Skip the cache for RETRY_SECONDS after a failure; remember bumps that failed."""

    def __init__(self):
        self.down_until = 0.0
        self.pending_bumps = set()
        self.lock = threading.Lock()

    def available(self):
        return time.monotonic() >= self.down_until

    def run(self, operation):
        """operation(cache) on the pages cache: (True, result), or (False, None) if it failed."""
        if not self.available():
            return False, None
        store = caches[ALIAS]
        try:
            if self.pending_bumps:
                self._send_pending(store)
            return True, operation(store)
        except Exception as error:
            if self.available():
                logger.warning("Page cache unavailable, rendering without it: %s", error)
            self.down_until = time.monotonic() + RETRY_SECONDS
            return False, None

    def _send_pending(self, store):
        with self.lock:
            scopes, self.pending_bumps = self.pending_bumps, set()
        try:
            for scope in scopes:
                _bump_in(store, scope)
        except Exception:
            with self.lock:
                self.pending_bumps |= scopes
            raise


_guard = _Guard()


def cache_health():
    """Say "ok" if the page cache answers now, else "degraded" (for /healthz)."""
    _guard.down_until = 0.0  # asked now, not from the memory of an earlier failure
    ok, _ = _guard.run(lambda store: store.get("health-probe"))
    return "ok" if ok else "degraded"


# --- Generations -----------------------------------------------------------------------------


def _new_generation():
    # A number never used before (not 1): if the key was lost, pages stored under its old
    # numbers can never be served again.
    return time.time_ns()


def _generations_in(store, keys, found):
    missing = [key for key in keys if key not in found]
    if missing:
        for key in missing:
            store.add(key, _new_generation(), timeout=None)
        found = {**found, **store.get_many(missing)}
    return [found[key] for key in keys]


def generations(scopes):
    """The current generation of each scope (one round trip), or None if the cache failed."""
    keys = [_GENERATION_KEY.format(scope) for scope in scopes]
    ok, current = _guard.run(lambda store: _generations_in(store, keys, store.get_many(keys)))
    return current if ok else None


def _bump_in(store, scope):
    key = _GENERATION_KEY.format(scope)
    try:
        store.incr(key)
    except ValueError:  # no generation yet (or evicted): start a fresh one
        store.add(key, _new_generation(), timeout=None)


def bump(scope):
    """Retire every stored page of `scope`, on every machine sharing the cache.

    Never raises: if the cache is down the bump is kept and sent when it answers again.
    """
    ok, _ = _guard.run(lambda store: _bump_in(store, scope))
    if not ok:
        with _guard.lock:
            _guard.pending_bumps.add(scope)


def _changed(scope, **kwargs):
    if kwargs.get("raw"):
        return  # loading fixtures
    if "action" in kwargs and not kwargs["action"].startswith("post_"):
        return
    # Now, so a request later in this transaction sees fresh pages; and again after
    # commit, so a page rendered from the old rows while the transaction was open cannot
    # outlive it under the new number.
    bump(scope)
    transaction.on_commit(partial(bump, scope), robust=True)


# --- The middleware --------------------------------------------------------------------------


class PageCacheMiddleware:
    """Answer anonymous GET/HEAD requests of registered pages from the pages cache."""

    def __init__(self, get_response):
        self.get_response = get_response
        check_registrations()

    def __call__(self, request):
        found = _cacheable(request)
        if found is None:
            return self.get_response(request)
        rule, url_kwargs = found
        extra = rule.key_extra(**dict(url_kwargs)) if rule.key_extra else ""
        if extra is None:
            return self.get_response(request)
        query = _only(request.GET, rule.params) if request.META.get("QUERY_STRING") else None
        key = _page_key(request, query, extra)
        if key is None:
            return self.get_response(request)  # a host not allowed: refused further in
        if query is not None:
            # The view sees only what the key holds, so it renders exactly the stored page.
            request.GET = query
        stored, current = _lookup(key, rule.scopes)
        if _current(stored, current):
            _local_copies.keep(key, stored)
            # A response object of its own for each request, from bytes this module pickled.
            hit = pickle.loads(stored[2])  # noqa: S301  # nosec B301
            if rule.csrf_form:
                return _with_csrf_token(request, hit)
            return _conditional(request, hit)
        response = self.get_response(request)
        if not _shareable(request, response, rule):
            return response
        if rule.csrf_form:
            blob = _without_csrf_token(response)
        else:
            _add_validators(response)
            # The response itself, pickled now, with every header the stack gave it.
            blob = pickle.dumps(response)
        if current is not None and blob is not None:
            page = (current, time.time() + CACHE_SECONDS, blob)
            if _guard.run(lambda store: store.set(key, page, CACHE_SECONDS))[0]:
                _local_copies.keep(key, page)
        if rule.csrf_form:
            return response
        return _conditional(request, response)


def _cacheable(request):
    if request.method not in ("GET", "HEAD"):
        return None
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or any(c in cookies for c in _PERSONAL_COOKIES):
        return None
    urlconf = getattr(request, "urlconf", None) or settings.ROOT_URLCONF
    return _rule_for_path(urlconf, request.path_info)


@lru_cache(maxsize=4096)
def _rule_for_path(urlconf, path):
    """(rule, URL kwargs as sorted pairs) of a registered page, else None."""
    try:
        match = resolve(path, urlconf=urlconf)
    except Resolver404:
        return None
    rule = PAGES.get(match.view_name)
    return None if rule is None else (rule, tuple(sorted(match.kwargs.items())))


def _only(query, params):
    kept = QueryDict(mutable=True)
    for name in params:
        if name in query:
            kept.setlist(name, query.getlist(name))
    kept._mutable = False
    return kept


@cache
def _build_token():
    """Changes when a deployment changes the static files the pages point at."""
    return f"{static('css/main.css')}|{static('js/app.js')}"


def _page_key(request, query, extra=""):
    try:
        host = request.get_host()
    except DisallowedHost:
        return None
    query = query.urlencode() if query is not None else ""
    return _hashed_key(f"{request.scheme}://{host}{request.path}?{query}|{extra}|{_build_token()}")


@lru_cache(maxsize=4096)
def _hashed_key(raw):
    # A hash keeps the visitor's words out of the key and its length bounded.
    return _PAGE_KEY.format(hashlib.sha256(raw.encode()).hexdigest())


def _current(stored, generations):
    """A stored page may be served: made under these generations, and not too long ago."""
    return stored is not None and stored[0] == generations and stored[1] > time.time()


class _LocalCopies:
    """The pages this process stored or served lately, so that a hit need not fetch the
    page's bytes from Redis again: only the generations, which are read on every request
    all the same. A copy is served only under the rule a page from Redis is (made under
    the current generations, within CACHE_SECONDS), so it can never outlive a change.
    Bounded by LOCAL_COPY_BYTES per process, least recently used first out."""

    def __init__(self, max_bytes):
        self.max_bytes = max_bytes
        self.size = 0
        self.pages = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            page = self.pages.get(key)
            if page is not None:
                self.pages.move_to_end(key)
            return page

    def keep(self, key, page):
        if len(page[2]) > self.max_bytes:
            return
        with self.lock:
            old = self.pages.pop(key, None)
            if old is not None:
                self.size -= len(old[2])
            self.pages[key] = page
            self.size += len(page[2])
            while self.size > self.max_bytes:
                _key, evicted = self.pages.popitem(last=False)
                self.size -= len(evicted[2])

    def discard(self, key):
        with self.lock:
            old = self.pages.pop(key, None)
            if old is not None:
                self.size -= len(old[2])

    def clear(self):
        with self.lock:
            self.pages.clear()
            self.size = 0


_local_copies = _LocalCopies(LOCAL_COPY_BYTES)


def _lookup(page_key, scopes):
    """(stored page or None, current generations or None if the cache failed).

    One MGET: of the generations alone when this process holds a copy of the page, else
    of the page and the generations. A copy found out of date costs a second read of the
    page (another process may have stored a fresh one).
    """
    keys = [_GENERATION_KEY.format(scope) for scope in scopes]
    local = _local_copies.get(page_key)
    if local is not None:
        current = generations(scopes)
        if current is None:
            return None, None
        if _current(local, current):
            return local, current
        _local_copies.discard(page_key)

    def read(store):
        found = store.get_many([page_key, *keys])
        stored = found.pop(page_key, None)
        if len(found) < len(keys):  # a generation was lost: nothing stored is current
            return None, _generations_in(store, keys, found)
        return stored, [found[key] for key in keys]

    ok, result = _guard.run(read)
    return result if ok else (None, None)


def _shareable(request, response, rule):
    if response.status_code != 200 or response.streaming:
        return False
    # A form page sets the CSRF cookie and may say no-store (for the browser): it is
    # stored without the token (_without_csrf_token), and nothing else of the visitor's.
    cookies = set(response.cookies) - ({settings.CSRF_COOKIE_NAME} if rule.csrf_form else set())
    if cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") and not rule.csrf_form:
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
    if not rule.csrf_form and ("private" in cache_control or "no-store" in cache_control):
        return False
    return "*" not in response.get("Vary", "")


# --- Forms: a page whose only personal part is its CSRF token ---------------------------------

# What stands in a stored form page for the visitor's token: as long as a token (64
# characters), so Content-Length holds, and made of characters a token never has.
_CSRF_PLACEHOLDER = b"{{ the visitor's CSRF token, filled by core.page_cache }}".ljust(64, b"_")
_CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"')


def _without_csrf_token(response):
    """The response pickled with its CSRF token replaced and its cookie left out, or None
    if the page is not exactly one form with one token (nothing else is stored)."""
    tokens = set(_CSRF_INPUT.findall(response.content))
    if len(tokens) != 1:
        return None
    (token,) = tokens
    if response.content.count(token) != 1:
        return None
    # A copy to strip, leaving this visitor's response as it is (pickled just now).
    stored = pickle.loads(pickle.dumps(response))  # noqa: S301  # nosec B301
    stored.cookies = SimpleCookie()
    stored.content = response.content.replace(token, _CSRF_PLACEHOLDER)
    return pickle.dumps(stored)


def _no_view(request):
    raise AssertionError("the CSRF middleware's view is never called here")


def _with_csrf_token(request, response):
    """A stored form page made this visitor's: Django's CSRF middleware reads their CSRF
    cookie (or makes a new secret), a token is masked from it for the form, and the
    middleware sets the cookie as on any render. A POST is checked as always."""
    csrf = CsrfViewMiddleware(_no_view)
    csrf.process_request(request)
    response.content = response.content.replace(_CSRF_PLACEHOLDER, get_token(request).encode())
    return csrf.process_response(request, response)


def _add_validators(response):
    if not response.has_header("ETag"):
        response["ETag"] = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
    if not response.has_header("Last-Modified"):
        response["Last-Modified"] = http_date()
    if not response.has_header("Cache-Control"):
        # Revalidate every time (a 304 is cheap): places left change with each booking.
        patch_cache_control(response, no_cache=True)


def _conditional(request, response):
    if not any(header in request.META for header in _CONDITIONAL_HEADERS):
        return response
    last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
    return get_conditional_response(
        request, etag=response.get("ETag"), last_modified=last_modified, response=response
    )
