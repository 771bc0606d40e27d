"""The booking journey's forms, the admin's phone booking, group requests, catalogue filters."""

import re

from crispy_forms_gds.layout import Field, Fluid, Layout, Size
from django import forms
from django.core.exceptions import ValidationError

from core.forms import GovUKForm, govuk_field
from core.spam import HONEYPOT_FIELD, STARTED_FIELD, SpamProtectionMixin

from ..models import Course, Sector, Session

YES_NO = [("yes", "Yes"), ("no", "No")]


# crispy-forms-gds gives the red error border only to TextInput widgets; its documented
# "input_type" attribute sets the input's type without a second type attribute.
def email_input():
    return forms.TextInput(
        attrs={"input_type": "email", "autocomplete": "email", "spellcheck": "false"}
    )


def phone_input():
    return forms.TextInput(attrs={"input_type": "tel", "autocomplete": "tel"})


PHONE_CHARACTERS = re.compile(r"^[0-9 +()\-]+$")
PHONE_FORMAT = "Enter a telephone number, like 01632 960 001 or 07700 900 982"


def validate_phone(value):
    digits = re.sub(r"\D", "", value)
    if not PHONE_CHARACTERS.match(value) or not 10 <= len(digits) <= 15:
        raise ValidationError(PHONE_FORMAT, code="invalid")


class CouncilEmployeeForm(GovUKForm):
    council_employee = govuk_field(
        forms.ChoiceField(
            label="Do you work for Warwickshire County Council?",
            help_text="Council employees book council training through Your HR.",
            choices=YES_NO,
            widget=forms.RadioSelect,
        ),
        required="Select yes if you work for Warwickshire County Council",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Field.radios("council_employee", legend_size=Size.LARGE, legend_tag="h1", inline=True)
        )


class DelegateDetailsForm(GovUKForm):
    """The delegate's details. Also used by the admin's phone booking form."""

    full_name = govuk_field(
        forms.CharField(
            label="Full name",
            max_length=100,
            widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
        ),
        required="Enter your full name",
    )
    email = govuk_field(
        forms.EmailField(
            label="Email address",
            max_length=254,
            help_text="We will send your booking confirmation and calendar file here.",
            widget=email_input(),
        ),
        required="Enter your email address",
    )
    phone = govuk_field(
        forms.CharField(
            label="Telephone number",
            max_length=30,
            help_text="In case the session has to change at short notice.",
            validators=[validate_phone],
            widget=phone_input(),
        ),
        required="Enter your telephone number",
        invalid=PHONE_FORMAT,
    )
    organisation = govuk_field(
        forms.CharField(
            label="Organisation",
            max_length=150,
            widget=forms.TextInput(attrs={"autocomplete": "organization"}),
        ),
        required="Enter the name of your organisation",
    )
    sector = govuk_field(
        forms.ChoiceField(
            label="Which sector do you work in?", choices=Sector.choices, widget=forms.RadioSelect
        ),
        required="Select the sector you work in",
    )
    job_role = govuk_field(
        forms.CharField(
            label="Job role",
            max_length=100,
            widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
        ),
        required="Enter your job role",
    )
    needs = govuk_field(
        forms.CharField(
            label="Access or dietary needs (optional)",
            help_text=(
                "For example, step-free access, a hearing loop or a food allergy. We use "
                "your answer only to make the session work for you: the training team and "
                "your trainer see it, nobody else, and it is deleted with your booking "
                "details 2 years after the session."
            ),
            required=False,
            max_length=1000,
            widget=forms.Textarea(attrs={"rows": 3}),
        ),
        max_length="Access or dietary needs must be 1000 characters or fewer",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Field.text("full_name", field_width=Fluid.TWO_THIRDS),
            Field.text("email", field_width=Fluid.TWO_THIRDS),
            Field.text("phone", field_width=Fluid.ONE_THIRD),
            Field.text("organisation", field_width=Fluid.TWO_THIRDS),
            Field.radios("sector", legend_size=Size.SMALL),
            Field.text("job_role", field_width=Fluid.TWO_THIRDS),
            Field.textarea("needs", rows=3),
        )

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean_full_name(self):
        return " ".join(self.cleaned_data["full_name"].split())


class PublicDelegateDetailsForm(SpamProtectionMixin, DelegateDetailsForm):
    """The booking journey's details page: the details plus the spam checks (core/spam.py).

    The admin's phone booking form extends DelegateDetailsForm, not this one.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout.extend([HONEYPOT_FIELD, STARTED_FIELD])


class ConfirmBookingForm(GovUKForm):
    """Check your answers: carries the journey's idempotency key, so a resubmit books once."""

    idempotency_key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, submit_label="Confirm booking", **kwargs):
        self.submit_label = submit_label
        super().__init__(*args, **kwargs)


class CancelBookingForm(GovUKForm):
    submit_label = "Yes, cancel my booking"


class PhoneBookingForm(DelegateDetailsForm):
    """The admin's 'booking taken by phone' form: a session plus the delegate's details."""

    submit_label = "Book place"
    session = forms.ModelChoiceField(
        label="Session",
        queryset=Session.objects.none(),
        help_text="Only sessions that are open for booking are listed.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = (
            Session.objects.upcoming().select_related("course", "venue").order_by("starts_at")
        )
        # The admin page renders this form as plain Django fields, not the GOV.UK layout.
        self.order_fields(["session"])
        for name in ["full_name", "email", "phone", "organisation", "job_role", "needs"]:
            self.fields[name].label = self.fields[name].label.replace(" (optional)", "")
        self.fields["sector"].widget = forms.Select(choices=[("", "---------"), *Sector.choices])
        self.fields["sector"].label = "Sector"
        self.fields["email"].help_text = "The confirmation and calendar file are sent here."
        self.fields["phone"].help_text = ""
        for field in self.fields.values():
            if "input_type" in field.widget.attrs:
                field.widget.input_type = field.widget.attrs.pop("input_type")


class GroupRequestForm(SpamProtectionMixin, GovUKForm):
    submit_label = "Send request"
    NOT_SURE = "not-sure"
    # The hidden key last, so an error about the whole form links to the first question.
    field_order = ["organisation", "contact_name", "email", "phone", "course"]

    # Set when the page is shown; a resubmitted form finds the request it already made.
    submission_key = forms.UUIDField(widget=forms.HiddenInput)
    organisation = govuk_field(
        forms.CharField(
            label="Organisation",
            max_length=150,
            widget=forms.TextInput(attrs={"autocomplete": "organization"}),
        ),
        required="Enter the name of your organisation",
    )
    contact_name = govuk_field(
        forms.CharField(
            label="Contact name",
            max_length=100,
            widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
        ),
        required="Enter the name of the person we should contact",
    )
    email = govuk_field(
        forms.EmailField(
            label="Email address",
            max_length=254,
            widget=email_input(),
        ),
        required="Enter an email address",
    )
    phone = govuk_field(
        forms.CharField(
            label="Telephone number",
            max_length=30,
            validators=[validate_phone],
            widget=phone_input(),
        ),
        required="Enter a telephone number",
        invalid=PHONE_FORMAT,
    )
    course = govuk_field(
        forms.ChoiceField(label="Which course would you like?", widget=forms.RadioSelect),
        required="Select a course, or select that you are not sure",
    )
    number_of_people = govuk_field(
        forms.IntegerField(
            label="How many people would attend?",
            min_value=5,
            max_value=200,
            widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        ),
        required="Enter how many people would attend",
        invalid="How many people must be a whole number, like 12",
        min_value="A group session needs at least 5 people",
        max_value="For more than 200 people, contact the training team",
    )
    preferred_dates = govuk_field(
        forms.CharField(
            label="Preferred dates and times",
            help_text="For example, any Tuesday morning in February.",
            max_length=500,
            widget=forms.Textarea(attrs={"rows": 3}),
        ),
        required="Enter the dates and times you would prefer",
    )
    preferred_place = govuk_field(
        forms.CharField(
            label="Where would the session be?",
            help_text="The address of your premises, or say if you would prefer online.",
            max_length=150,
        ),
        required="Enter where the session would be",
    )

    def __init__(self, *args, initial_course=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.courses = {
            course.slug: course
            for course in Course.objects.published().filter(offers_group_sessions=True)
        }
        self.fields["course"].choices = [
            *((slug, course.title) for slug, course in self.courses.items()),
            (self.NOT_SURE, "I'm not sure"),
        ]
        if initial_course in self.courses:
            self.initial["course"] = initial_course
        self.helper.layout = Layout(
            Field.text("organisation", field_width=Fluid.TWO_THIRDS),
            Field.text("contact_name", field_width=Fluid.TWO_THIRDS),
            Field.text("email", field_width=Fluid.TWO_THIRDS),
            Field.text("phone", field_width=Fluid.ONE_THIRD),
            Field.radios("course", legend_size=Size.SMALL),
            Field.text("number_of_people", field_width=4),
            Field.textarea("preferred_dates", rows=3),
            Field.text("preferred_place", field_width=Fluid.TWO_THIRDS),
            # Hidden inputs go in the layout too: crispy renders only what it lists.
            "submission_key",
            HONEYPOT_FIELD,
            STARTED_FIELD,
        )

    def clean_course(self):
        value = self.cleaned_data["course"]
        return None if value == self.NOT_SURE else self.courses[value]


class CatalogueFilterForm(forms.Form):
    """The catalogue's GET filters. Bad values are ignored, never an error page."""

    course = forms.ChoiceField(label="Course", required=False)
    place = forms.ChoiceField(label="Place", required=False)
    month = forms.ChoiceField(label="Month", required=False)

    def __init__(self, *args, courses, months, towns, has_online, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].choices = [("", "All courses")] + [
            (course.slug, course.title) for course in courses if course.books_online
        ]
        self.fields["place"].choices = (
            [("", "All places")]
            + [(town, town) for town in towns]
            + ([("online", "Online")] if has_online else [])
        )
        self.fields["month"].choices = [("", "Any month")] + [
            (f"{month:%Y-%m}", f"{month:%B %Y}") for month in months
        ]

    def filters(self):
        """The valid filter values; anything not offered is dropped."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: data.get(name) or "" for name in self.fields}
