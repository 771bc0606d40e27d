from django.http import (
    FileResponse,
    Http404,
    HttpResponse,
    HttpResponsePermanentRedirect,
)
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import require_safe

from . import selectors
from .search import clean_query, search_site


def _page_template(page):
    if page is None or page.is_home:
        return "pages/home.html"
    return "pages/page.html"


def page_response(request, *, page):
    """Render a content page.

    Visitors' copies come from the page cache (core/page_cache.py), which also gives them
    ETag/Last-Modified and 304s. Staff may see things visitors do not (an "Edit this page"
    link), so their responses are private and never cached.
    """
    context = _home_without_page() if page is None else {"page": page}
    if page is not None:
        context.update(selectors.page_context(page).as_dict())
    response = render(request, _page_template(page), context)
    if request.user.is_authenticated:
        patch_cache_control(response, private=True, no_cache=True)
    patch_vary_headers(response, ["Cookie"])
    return response


def _home_without_page():
    """Before any content is loaded the home page still shows its routes."""
    return {"page": None, **selectors.structured_content("home")}


@require_safe
def home(request):
    return page_response(request, page=selectors.published_page(""))


@require_safe
def page_detail(request, page_path):
    page = selectors.published_page(page_path)
    if page is None:
        target = selectors.redirect_target(page_path)
        if target is not None:
            return HttpResponsePermanentRedirect(target)
        raise Http404("No published page at this address")
    return page_response(request, page=page)


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
