"""The site's URLs plus two small views that use the rate limit and the spam mixin."""

from django import forms
from django.http import HttpResponse, HttpResponseRedirect
from django.template import RequestContext, Template
from django.urls import path

from core.forms import GovUKForm
from core.ratelimit import rate_limit
from core.spam import SpamProtectionMixin
from prevent_site.urls import urlpatterns as site_urlpatterns


class ContactForm(SpamProtectionMixin, GovUKForm):
    submit_label = "Send"
    name = forms.CharField(label="Your name", max_length=100)


PAGE = Template(
    '{% extends "includes/form_page.html" %}{% block title %}Test form{% endblock %}'
    '{% block form_intro %}<h1 class="govuk-heading-l">Test form</h1>{% endblock %}'
)


@rate_limit(key="test-post", rate="10/m")
def limited(request):
    return HttpResponse("ok")


def contact(request):
    form = ContactForm(data=request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        request.session["sent_name"] = form.cleaned_data["name"]
        request.session["sent_keys"] = sorted(form.cleaned_data)
        return HttpResponseRedirect("/test/contact/?sent=1")
    return HttpResponse(PAGE.render(RequestContext(request, {"form": form})))


urlpatterns = [
    path("test/limited/", limited),
    path("test/contact/", contact),
    *site_urlpatterns,
]
