"""New-date alerts: sign up (then confirm by email), and the one-click unsubscribe."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from ..forms import DateAlertForm
from ..models import Course
from ..services import alerts


def _course(slug):
    course = Course.objects.published().filter(slug=slug).first()
    if course is None:
        raise Http404("No such course")
    return course


@never_cache
def sign_up(request, slug):
    course = _course(slug)
    form = DateAlertForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        alerts.subscribe(course_id=course.pk, email=form.cleaned_data["email"])
        return redirect(reverse("training:alert-sent", kwargs={"slug": course.slug}))
    return render(
        request,
        "training/alert_sign_up.html",
        {"course": course, "form": form, "back_url": course.get_absolute_url()},
    )


def sent(request, slug):
    # The same page whether the address was new, unconfirmed or already confirmed.
    return render(request, "training/alert_sent.html", {"course": _course(slug)})


@never_cache
def confirm(request, token):
    alert = alerts.confirm(token=token)
    if alert is None:
        return render(request, "training/alert_link_invalid.html", status=404)
    return render(request, "training/alert_confirmed.html", {"course": alert.course})


@never_cache
@csrf_exempt  # RFC 8058 one-click: the mail provider POSTs without a form of ours
def unsubscribe(request, token):
    """GET shows a button (link scanners must not unsubscribe anyone); POST unsubscribes.

    A POST is what RFC 8058's List-Unsubscribe-Post makes a mail program send, with no
    cookie or token of ours, so CSRF protection cannot apply: the signed token in the
    URL is the authority, and all it can do is delete that one subscription.
    """
    if request.method == "POST":
        valid, course = alerts.unsubscribe(token=token)
        if not valid:
            return render(request, "training/alert_link_invalid.html", status=404)
        return render(request, "training/alert_unsubscribed.html", {"course": course})
    alert = alerts.alert_for_unsubscribe(token)
    if alert is None:
        return render(request, "training/alert_link_invalid.html", status=404)
    return render(request, "training/alert_unsubscribe.html", {"course": alert.course})
