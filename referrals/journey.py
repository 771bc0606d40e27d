"""The order of the question pages, and turning stored answers into clean values and summaries.

A draft stores each page's answers as the raw values that were posted (only ever a set
that validated). Re-validating them in order gives the clean answers: that is how the
check-answers page, the submit service and the case record all read them, so a change
on one page that makes a later page incomplete (a date of birth that now makes the
person a child) sends the referrer back to that page instead of submitting a gap.
"""

from dataclasses import dataclass
from datetime import date

from django import forms
from django.utils.datastructures import MultiValueDict
from django.utils.dateformat import format as format_date

from core.spam import HONEYPOT_FIELD, STARTED_FIELD

from . import forms as step_forms
from .form_fields import DateOfBirthField, StepForm

# 2: the immediate-danger, family and contact-and-material pages, and the new questions
# on the referrer, person and awareness pages.
ANSWERS_VERSION = 2


@dataclass(frozen=True)
class Step:
    slug: str
    form_class: type[StepForm]
    # The form the public page shows and posts, when it adds to form_class (spam checks);
    # stored answers are always read back with form_class.
    page_form_class: type[StepForm] | None = None
    # Whether the pages after this one wait for it. The immediate-danger question comes
    # first but holds nothing back (someone may have gone to call 999): check your
    # answers and the submit still need it.
    gates_later_pages: bool = True

    @property
    def public_form_class(self):
        return self.page_form_class or self.form_class

    @property
    def title(self):
        return self.form_class.title

    @property
    def url_name(self):
        return f"referrals:{self.slug}"


STEPS = [
    # The first pages are where a robot would post: they carry the spam checks.
    Step(
        "immediate-danger",
        step_forms.DangerForm,
        step_forms.SpamCheckedDangerForm,
        gates_later_pages=False,
    ),
    Step("about-you", step_forms.AboutYouForm, step_forms.SpamCheckedAboutYouForm),
    Step("person", step_forms.PersonForm),
    Step("address", step_forms.AddressForm),
    Step("family", step_forms.FamilyForm),
    Step("education-and-needs", step_forms.EducationAndNeedsForm),
    Step("concern", step_forms.ConcernForm),
    Step("contact-and-material", step_forms.InfluencesForm),
    Step("risks", step_forms.RisksForm),
    Step("agencies", step_forms.AgenciesForm),
    Step("awareness", step_forms.AwarenessForm),
    Step("declaration", step_forms.DeclarationForm),
]
STEPS_BY_SLUG = {step.slug: step for step in STEPS}


def raw_values(form, data):
    """The posted values that belong to `form`'s fields (never the CSRF token, buttons or spam
    checks)."""
    raw = {}
    for name, field in form.fields.items():
        if name in (HONEYPOT_FIELD, STARTED_FIELD):
            continue
        key = form.add_prefix(name)
        suffixes = getattr(field.widget, "widgets_names", None)
        keys = [key + suffix for suffix in suffixes] if suffixes else [key]
        for item in keys:
            if item in data:
                raw[item] = data.getlist(item)
    return raw


def to_json(value):
    if isinstance(value, date):
        return value.isoformat()
    return value


def bind(step, raw, answers):
    return step.form_class(data=MultiValueDict(raw or {}), answers=answers)


def initial_from_raw(form_class, raw, answers):
    """Initial values for an unbound form from stored raw values (so GET shows no errors)."""
    form = form_class(answers=answers)
    data = MultiValueDict(raw or {})
    return {
        name: field.widget.value_from_datadict(data, {}, form.add_prefix(name))
        for name, field in form.fields.items()
    }


def check_steps(stored_steps):
    """Validate every stored page in order.

    Returns (answers, first_incomplete_step, first_blocking_step): answers maps each
    valid page's slug to its clean values as JSON; first_incomplete_step is None when
    every page is complete; first_blocking_step is the first incomplete page that the
    pages after it wait for (None when nothing holds a page back).
    """
    answers = {}
    first_incomplete = None
    for step in STEPS:
        raw = stored_steps.get(step.slug)
        form = None if raw is None else bind(step, raw, answers)
        if form is None or not form.is_valid():
            first_incomplete = first_incomplete or step
            if step.gates_later_pages:
                return answers, first_incomplete, step
            continue
        answers[step.slug] = {name: to_json(value) for name, value in form.cleaned_data.items()}
    return answers, first_incomplete, None


def clean_steps(stored_steps):
    """(answers, first_incomplete_step) of check_steps: what the submit and the check page
    need (every page, the immediate-danger one included)."""
    answers, first_incomplete, _blocking = check_steps(stored_steps)
    return answers, first_incomplete


def display_value(field, value):
    if value in (None, "", []):
        return "Not given"
    if isinstance(field, forms.BooleanField):
        return "Confirmed" if value else "Not confirmed"
    if isinstance(field, DateOfBirthField):
        return format_date(date.fromisoformat(value), "j F Y")
    if isinstance(field, forms.ChoiceField):
        return dict(field.choices).get(value, value)
    return str(value)


def in_danger(answers):
    """True when the referrer said someone is in immediate danger (pages then say: 999)."""
    return (answers.get("immediate-danger") or {}).get("immediate_danger") == "yes"


def sections(answers):
    """Check-your-answers sections: [{step, title, rows: [{name, label, value}]}].

    Works from clean JSON answers, so the referrer's check page and the officers' case
    record show the same thing.
    """
    result = []
    for step in STEPS:
        values = answers.get(step.slug)
        if values is None:
            continue
        form = step.form_class(answers=answers)
        rows = []
        for name, field in form.fields.items():
            if name not in values:
                continue
            rows.append(
                {
                    "name": name,
                    "label": getattr(field, "summary_label", None)
                    or str(field.label).removesuffix(" (optional)"),
                    "value": display_value(field, values[name]),
                    "multiline": isinstance(field.widget, forms.Textarea),
                }
            )
        result.append({"step": step, "title": step.title, "rows": rows})
    return result
