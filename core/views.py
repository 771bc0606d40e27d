import logging

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpResponsePermanentRedirect, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.views.decorators.cache import never_cache

from .page_cache import cache_health

logger = logging.getLogger(__name__)


@never_cache
def healthz(request):
    """200 with a small JSON body when the database answers and every periodic job has
    succeeded within twice its interval; 503 (saying which) when not.

    "cache": "degraded" when the page cache's Redis does not answer: still 200, since
    pages are then rendered rather than cached (core/page_cache.py).
    """
    cache = cache_health()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.warning("Health check: database unavailable")
        return JsonResponse(
            {"status": "error", "database": "unavailable", "cache": cache}, status=503
        )
    # Periodic jobs: 503 naming any that has not succeeded within twice its interval.
    from .scheduling import overdue_jobs

    overdue = overdue_jobs()
    if overdue:
        logger.warning("Health check: periodic jobs overdue: %s", ", ".join(overdue))
        return JsonResponse(
            {
                "status": "error",
                "database": "ok",
                "cache": cache,
                "jobs": "overdue",
                "overdue_jobs": overdue,
            },
            status=503,
        )
    return JsonResponse({"status": "ok", "database": "ok", "cache": cache})


def favicon(request):
    return HttpResponsePermanentRedirect(static("images/favicon.svg"))


def error_page(request, status, template):
    return render(request, template, {"status": status}, status=status)


def bad_request(request, exception=None):
    return error_page(request, 400, "errors/400.html")


def permission_denied(request, exception=None):
    return error_page(request, 403, "errors/403.html")


def page_not_found(request, exception=None):
    return error_page(request, 404, "errors/404.html")


def server_error(request):
    """Rendered without context processors or the database, which may be what failed."""
    context = {
        "site_name": settings.SITE_NAME,
        "council_name": settings.COUNCIL_NAME,
        "is_error_page": True,
    }
    return HttpResponseServerError(render_to_string("errors/500.html", context))
