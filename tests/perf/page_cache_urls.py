"""Views of the page cache tests' own (tests/perf/test_page_cache.py), behind the full
middleware stack: each one does one thing the cache must notice."""

from django.contrib import messages
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.urls import include, path

CALLS = []


def _counted(respond):
    def view(request):
        CALLS.append(request.path)
        return respond(request)

    return view


def _sets_cookie(request):
    response = HttpResponse("hi")
    response.set_cookie("seen", "1")
    return response


def _private(request):
    response = HttpResponse("mine")
    response["Cache-Control"] = "private, no-cache"
    return response


def _writes_session(request):
    request.session["seen"] = True
    return HttpResponse("hi")


def _leaves_message(request):
    messages.info(request, "Saved")
    return HttpResponse("hi")


def _nonce(request):
    return HttpResponse(f"<script nonce='{request._csp_nonce}'></script>")


def _csrf(request):
    return HttpResponse(f"<form><input value='{get_token(request)}'></form>")


def _echo(request):
    return HttpResponse(repr(sorted(request.GET.lists())))


VIEWS = {
    "plain": lambda request: HttpResponse("<p>Hello</p>"),
    "echo": _echo,
    "sets-cookie": _sets_cookie,
    "not-found": lambda request: HttpResponse("gone", status=404),
    "redirect": lambda request: HttpResponse("moved", status=302),
    "private": _private,
    "writes-session": _writes_session,
    "leaves-message": _leaves_message,
    "nonce": _nonce,
    "csrf": _csrf,
}

urlpatterns = [
    path(f"t/{name}/", _counted(view), name=f"cache-test-{name}") for name, view in VIEWS.items()
] + [path("", include("prevent_site.urls"))]
