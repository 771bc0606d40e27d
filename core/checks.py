"""System checks for the live site (`manage.py check --deploy`, run by `make test`)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register
from django.utils.csp import CSP

PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}
UNSAFE_SOURCES = {CSP.UNSAFE_INLINE, CSP.UNSAFE_EVAL, CSP.UNSAFE_HASHES, "*"}


# What each deploy check looks for: a function that returns what is wrong, or None.
def _per_process_rate_limits():
    if settings.CACHES["default"]["BACKEND"] in PER_PROCESS_CACHES:
        return (
            "Rate limits are counted in the default cache, which is per process here: "
            "each worker would allow the full rate."
        )
    return None


def _page_cache_beside_rate_limits():
    pages, default = settings.CACHES.get("pages", {}), settings.CACHES["default"]
    if pages.get("LOCATION") and pages.get("LOCATION") == default.get("LOCATION"):
        return (
            "The page cache shares its Redis database with the rate-limit counters: a "
            "flood of pages could evict them."
        )
    return None


def _unsafe_content_security_policy():
    unsafe = sorted(
        f"{directive} {value}"
        for directive, values in (settings.SECURE_CSP or {}).items()
        for value in (values if isinstance(values, list | tuple | set) else [values])
        if value in UNSAFE_SOURCES
    )
    if not settings.SECURE_CSP or unsafe:
        return "The Content Security Policy is missing or allows unsafe sources: " + (
            ", ".join(unsafe) or "no SECURE_CSP"
        )
    return None


DEPLOY_WARNINGS = [
    (
        "core.W001",
        _per_process_rate_limits,
        "Set CACHE_URL=redis://... so every worker shares one count.",
    ),
    (
        "core.W003",
        _page_cache_beside_rate_limits,
        "Point PAGE_CACHE_URL at another Redis instance (docs/caching.md).",
    ),
    (
        "core.W002",
        _unsafe_content_security_policy,
        "Use a file or a nonce (csp_nonce) instead of inline code.",
    ),
]


@register(Tags.security, deploy=True)
def live_site_settings(app_configs, **kwargs):
    """A warning for each problem of DEPLOY_WARNINGS that these settings have."""
    return [
        Warning(problem, hint=hint, id=check_id)
        for check_id, find_problem, hint in DEPLOY_WARNINGS
        if (problem := find_problem())
    ]


@register()
def message_encryption_keys(app_configs, **kwargs):
    """A malformed key would otherwise surface only when the first email is queued."""
    from django.core.checks import Error

    from .encryption import MessageKeyError, check_keys

    try:
        check_keys()
    except MessageKeyError as error:
        return [Error(str(error), id="core.E001")]
    return []
