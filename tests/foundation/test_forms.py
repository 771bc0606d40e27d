import pytest
from django import forms
from django.http import HttpRequest
from django.template.loader import render_to_string

from core.forms import GovUKForm


class DetailsForm(GovUKForm):
    full_name = forms.CharField(label="Full name", max_length=10)
    email = forms.EmailField(label="Email address")
    sector = forms.ChoiceField(label="Sector", choices=[("health", "Health")])


def test_errors_use_govuk_wording():
    form = DetailsForm(data={"full_name": "x" * 11, "email": "nope", "sector": "x"})
    assert not form.is_valid()
    assert form.errors["full_name"] == ["Full name must be 10 characters or fewer"]
    assert form.errors["email"] == [
        "Enter an email address in the correct format, like name@example.com"
    ]
    assert form.errors["sector"] == ["Select sector from the list"]
    empty = DetailsForm(data={})
    assert empty.errors["full_name"] == ["Enter full name"]
    assert empty.errors["sector"] == ["Select sector"]


@pytest.mark.django_db
def test_form_page_has_error_summary_and_error_title():
    request = HttpRequest()
    request.path = "/example/"
    form = DetailsForm(data={})
    form.is_valid()
    html = render_to_string(
        "includes/form_page.html", {"form": form, "back_url": "/"}, request=request
    )
    assert "<title>Error: " in html
    assert 'class="govuk-error-summary"' in html
    assert 'href="#id_full_name"' in html
    assert 'class="govuk-back-link"' in html
    clean = render_to_string("includes/form_page.html", {"form": DetailsForm()}, request=request)
    assert "Error: " not in clean


class ChoiceForm(GovUKForm):
    colour = forms.ChoiceField(
        label="Colour", choices=[("red", "Red"), ("blue", "Blue")], widget=forms.RadioSelect
    )
    name = forms.CharField(label="Name")


@pytest.mark.django_db
def test_error_summary_links_a_radio_group_to_its_first_radio():
    form = ChoiceForm(data={})
    assert not form.is_valid()
    assert form.error_links() == [("id_colour_1", "Select colour"), ("id_name", "Enter name")]
    html = render_to_string("includes/form_page.html", {"form": form})
    assert 'id="id_colour_1"' in html  # the target exists in the rendered form
    assert 'href="#id_colour_1"' in html
