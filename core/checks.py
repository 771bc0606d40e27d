"""System checks for the live site (`manage.py check --deploy`, run by `make test`)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register
from django.utils.csp import CSP

PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}
UNSAFE_SOURCES = {CSP.UNSAFE_INLINE, CSP.UNSAFE_EVAL, CSP.UNSAFE_HASHES, "*"}


@register(Tags.security, deploy=True)
def shared_cache_for_rate_limits(app_configs, **kwargs):
    if settings.CACHES["default"]["BACKEND"] in PER_PROCESS_CACHES:
        return [
            Warning(
                "Rate limits are counted in the default cache, which is per process here: "
                "each worker would allow the full rate.",
                hint="Set CACHE_URL=redis://... so every worker shares one count.",
                id="core.W001",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def page_cache_apart_from_rate_limits(app_configs, **kwargs):
    pages, default = settings.CACHES.get("pages", {}), settings.CACHES["default"]
    if pages.get("LOCATION") and pages.get("LOCATION") == default.get("LOCATION"):
        return [
            Warning(
                "The page cache shares its Redis database with the rate-limit counters: a "
                "flood of pages could evict them.",
                hint="Point PAGE_CACHE_URL at another Redis instance (docs/caching.md).",
                id="core.W003",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def strict_content_security_policy(app_configs, **kwargs):
    unsafe = sorted(
        f"{directive} {value}"
        for directive, values in (settings.SECURE_CSP or {}).items()
        for value in (values if isinstance(values, list | tuple | set) else [values])
        if value in UNSAFE_SOURCES
    )
    if not settings.SECURE_CSP or unsafe:
        return [
            Warning(
                "The Content Security Policy is missing or allows unsafe sources: "
                + (", ".join(unsafe) or "no SECURE_CSP"),
                hint="Use a file or a nonce (csp_nonce) instead of inline code.",
                id="core.W002",
            )
        ]
    return []


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
