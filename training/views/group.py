"""Requests for a group or team session."""

import uuid

from django.conf import settings
from django.shortcuts import redirect, render

from core.ratelimit import rate_limit

from .. import services
from ..forms import GroupRequestForm

SENT_KEY = "training_group_request"


@rate_limit(key="training-group-request", rate=settings.RATE_LIMITS["training-group-request"])
def group_request(request):
    form = GroupRequestForm(
        request.POST if request.method == "POST" else None,
        initial={"submission_key": uuid.uuid4()},
        initial_course=request.GET.get("course"),
    )
    if request.method == "POST" and form.is_valid():
        # The form's questions are the request's fields (the spam checks drop their own).
        group_request, _created = services.submit_group_request(**form.cleaned_data)
        request.session[SENT_KEY] = group_request.pk
        return redirect("training:group-request-sent")
    return render(request, "training/group_request.html", {"form": form, "back_url": "/training/"})


def group_request_sent(request):
    if not request.session.get(SENT_KEY):
        return redirect("training:group-request")
    return render(request, "training/group_request_sent.html")
