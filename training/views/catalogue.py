"""The catalogue, course pages and the calendar feed: read-only pages anyone can see."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from .. import selectors
from ..calendar import build_calendar
from ..forms import CatalogueFilterForm
from ..models import Course


def catalogue(request):
    courses = list(Course.objects.published())
    months, towns, has_online = selectors.filter_options()
    form = CatalogueFilterForm(
        request.GET or None, courses=courses, months=months, towns=towns, has_online=has_online
    )
    filters = selectors.CatalogueFilters(**(form.filters() if request.GET else {}))
    listed = selectors.catalogue(filters, courses=courses)
    return render(
        request,
        "training/catalogue.html",
        {
            "filter_form": form,
            "filters": filters,
            "courses": listed,
            # Without a filter each course shows its next few dates; its page shows all.
            "per_course": None if filters.active else 5,
            "crumbs": [("Home", "/"), ("Training", None)],
        },
    )


def course(request, slug):
    try:
        course = selectors.course_page(slug)
    except Course.DoesNotExist:
        raise Http404("No such course") from None
    testimonials = list(course.testimonials.published()) if hasattr(course, "testimonials") else []
    return render(
        request,
        "training/course.html",
        {
            "course": course,
            "testimonials": testimonials,
            "crumbs": [
                ("Home", "/"),
                ("Training", reverse("training:catalogue")),
                (course.title, None),
            ],
        },
    )


def calendar_feed(request):
    """Every upcoming session as an iCalendar feed that calendar programs can subscribe to."""
    text = build_calendar(selectors.upcoming_sessions(), name="Prevent training in Warwickshire")
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="prevent-training.ics"'
    return response
