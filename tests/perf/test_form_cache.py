"""{% crispy_cached form %}: a blank form's markup made once, each visitor's own CSRF token."""

import re

import pytest
from django import forms
from django.template import engines
from django.test import RequestFactory

from core.forms import GovUKForm
from core.spam import SpamProtectionMixin
from core.templatetags import form_cache
from tests.training.factories import make_course, make_session
from training.forms import CouncilEmployeeForm

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CACHED = engines["django"].from_string("{% load form_cache %}{% crispy_cached form %}")
CRISPY = engines["django"].from_string("{% load crispy_forms_tags %}{% crispy form %}")


@pytest.fixture(autouse=True)
def _fresh():
    form_cache.forget_blank_forms()
    yield
    form_cache.forget_blank_forms()


def render(template, form):
    return template.render({"form": form}, RequestFactory().get("/"))


def without_token(html):
    return TOKEN.sub('name="csrfmiddlewaretoken" value="-"', html)


def test_the_markup_is_what_crispy_makes_with_each_visitors_own_token():
    first = render(CACHED, CouncilEmployeeForm())
    second = render(CACHED, CouncilEmployeeForm())
    assert without_token(first) == without_token(render(CRISPY, CouncilEmployeeForm()))
    assert without_token(second) == without_token(first)
    tokens = [TOKEN.search(html).group(1) for html in (first, second)]
    assert tokens[0] != tokens[1], "each request has its own CSRF token"
    assert all("placeholder" not in token for token in tokens)


def test_a_blank_form_is_rendered_once_per_process(monkeypatch):
    calls = []
    real = form_cache._crispy
    monkeypatch.setattr(form_cache, "_crispy", lambda *args: calls.append(1) or real(*args))
    for _ in range(3):
        render(CACHED, CouncilEmployeeForm())
    assert len(calls) == 1


@pytest.mark.parametrize(
    "make_form",
    [
        lambda: CouncilEmployeeForm(data={"council_employee": ""}),  # submitted, with an error
        lambda: CouncilEmployeeForm(data={"council_employee": "no"}),  # submitted
        lambda: CouncilEmployeeForm(initial={"council_employee": "no"}),  # an answer to show
    ],
)
def test_submitted_or_answered_forms_are_rendered_afresh(monkeypatch, make_form):
    calls = []
    real = form_cache._crispy
    monkeypatch.setattr(form_cache, "_crispy", lambda *args: calls.append(1) or real(*args))
    render(CACHED, make_form())
    render(CACHED, make_form())
    assert len(calls) == 2
    assert without_token(render(CACHED, make_form())) == without_token(render(CRISPY, make_form()))


class NotDeclared(GovUKForm):
    colour = forms.ChoiceField(choices=[("red", "Red")], widget=forms.RadioSelect)


class StampedForm(SpamProtectionMixin, GovUKForm):
    cache_blank_render = True  # wrongly: the spam stamp differs on every visit
    name = forms.CharField()


class RelabelledForm(GovUKForm):
    cache_blank_render = True
    name = forms.CharField(label="Name")

    def __init__(self, *args, label, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].label = label


@pytest.mark.parametrize(
    "make_form",
    [NotDeclared, StampedForm, lambda: RelabelledForm(label="Your name")],
    ids=["not declared", "per-visit field value", "label set per instance"],
)
def test_forms_whose_markup_is_not_the_classs_alone_are_never_kept(monkeypatch, make_form):
    calls = []
    real = form_cache._crispy
    monkeypatch.setattr(form_cache, "_crispy", lambda *args: calls.append(1) or real(*args))
    render(CACHED, make_form())
    render(CACHED, make_form())
    assert len(calls) == 2


def test_two_labels_of_one_class_are_never_mixed_up():
    assert "Your name" in render(CACHED, RelabelledForm(label="Your name"))
    assert "Full name" in render(CACHED, RelabelledForm(label="Full name"))


@pytest.mark.django_db
def test_the_booking_page_token_is_accepted_when_the_form_is_sent(client):
    session = make_session(course=make_course(slug="wrap"))
    path = f"/training/sessions/{session.public_id}/book/"
    client.get(path)  # the blank form's markup is now kept
    page = client.get(path)
    token = TOKEN.search(page.content.decode()).group(1)
    csrf_client = client.__class__(enforce_csrf_checks=True)
    csrf_client.cookies = client.cookies
    answer = csrf_client.post(path, {"council_employee": "no", "csrfmiddlewaretoken": token})
    assert answer.status_code == 302
    assert answer["Location"].endswith("/details/")
