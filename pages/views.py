import hashlib
from functools import cache

from django.core.cache import cache as page_cache
from django.http import (
    FileResponse,
    Http404,
    HttpResponse,
    HttpResponsePermanentRedirect,
)
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from . import selectors
from .search import clean_query, search_site

# How long a rendered anonymous page is kept; its key is its ETag, so it is never stale.
RENDERED_PAGE_SECONDS = 300


@cache
def _build_token():
    """Changes when a deployment changes the static files the pages point at."""
    return f"{static('css/main.css')}|{static('js/app.js')}"


def _page_template(page):
    if page is None or page.is_home:
        return "pages/home.html"
    return "pages/page.html"


def page_response(request, *, page, path):
    """Render a content page, with ETag/Last-Modified and 304s for anonymous visitors.

    Staff may see things visitors do not (an "Edit this page" link), so their
    responses are private and never cached or compared.
    """
    template = _page_template(page)

    def make_context():
        if page is None:
            return _home_without_page()
        return {"page": page, **selectors.page_context(page).as_dict()}

    if request.user.is_authenticated:
        response = render(request, template, make_context())
        patch_cache_control(response, private=True, no_cache=True)
        patch_vary_headers(response, ["Cookie"])
        return response
    return _anonymous_response(
        request, page=page, path=path, template=template, make_context=make_context
    )


def _anonymous_response(request, *, page, path, template, make_context):
    alert = selectors.active_site_alert()
    if page is not None:
        changed = max(filter(None, [page.updated_at, page.site_changed_at]))
    else:
        changed = selectors.site_changed_at()
    stamps = [changed.isoformat() if changed else "-", path, _build_token()]
    if alert:
        stamps += [str(alert["id"]), alert["starts_at"].isoformat()]
    etag = '"' + hashlib.sha256("|".join(stamps).encode()).hexdigest()[:32] + '"'
    last_modified = max(filter(None, [changed, alert and alert["starts_at"]]), default=None)

    headers = HttpResponse()
    headers["ETag"] = etag
    if last_modified:
        headers["Last-Modified"] = http_date(last_modified.timestamp())
    patch_cache_control(headers, no_cache=True)
    patch_vary_headers(headers, ["Cookie"])
    not_modified = get_conditional_response(
        request,
        etag=etag,
        last_modified=int(last_modified.timestamp()) if last_modified else None,
        response=headers,
    )
    if not_modified is not headers:
        return not_modified

    key = f"pages:html:{etag}"
    html = page_cache.get(key)
    if html is None:
        html = render_to_string(template, make_context(), request=request)
        if _shareable(request):
            page_cache.set(key, html, RENDERED_PAGE_SECONDS)
    response = HttpResponse(html)
    for name in ("ETag", "Last-Modified", "Cache-Control", "Vary"):
        if name in headers:
            response[name] = headers[name]
    return response


def _shareable(request):
    """Rendered HTML may be reused for other visitors only if it holds nothing per-request:
    no CSP nonce and no CSRF token (a template that adds either opts out by itself)."""
    return not getattr(request, "_csp_nonce", None) and not request.META.get(
        "CSRF_COOKIE_NEEDS_UPDATE"
    )


def _home_without_page():
    """Before any content is loaded the home page still shows its routes."""
    return {"page": None, **selectors.structured_content("home")}


@require_safe
def home(request):
    return page_response(request, page=selectors.published_page(""), path="")


@require_safe
def page_detail(request, page_path):
    page = selectors.published_page(page_path)
    if page is None:
        target = selectors.redirect_target(page_path)
        if target is not None:
            return HttpResponsePermanentRedirect(target)
        raise Http404("No published page at this address")
    return page_response(request, page=page, path=page_path)


@require_safe
def search(request):
    query = clean_query(request.GET.get("q", ""))
    results = search_site(query, page=request.GET.get("page"))
    response = render(
        request,
        "pages/search.html",
        {
            "query": query,
            "search": results,
            "searched": "q" in request.GET,
            "breadcrumbs": [("Home", "/"), ("Search", None)],
        },
    )
    patch_vary_headers(response, ["Cookie"])
    return response


@require_safe
def document(request, pk, filename):
    found = selectors.published_document(pk)
    if found is None:
        raise Http404("No published document")
    if filename != found.filename:
        return redirect(found.get_absolute_url(), permanent=True)
    try:
        handle = found.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404("Document file missing") from missing
    kind = found.type_info
    response = FileResponse(
        handle,
        content_type=kind.content_type,
        as_attachment=kind.code != "pdf",
        filename=found.filename,
    )
    patch_cache_control(response, public=True, max_age=3600)
    return response


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        "",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
