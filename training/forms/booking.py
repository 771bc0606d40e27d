"""The booking journey's forms, the admin's phone booking, group requests, catalogue filters."""

from crispy_forms_gds.layout import Field, Fluid, Layout, Size
from django import forms

from core.forms import GovUKForm, email_field, govuk_field, text_field
from core.spam import HONEYPOT_FIELD, STARTED_FIELD, SpamProtectionMixin

from ..models import Course, Sector, Session
from .fields import organisation_field, phone_field, textarea_field

YES_NO = [("yes", "Yes"), ("no", "No")]


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

    full_name = text_field(
        "Full name",
        required="Enter your full name",
        max_length=100,
        attrs={"autocomplete": "name", "spellcheck": "false"},
    )
    email = email_field(
        required="Enter your email address",
        help_text="We will send your booking confirmation and calendar file here.",
    )
    phone = phone_field(
        required="Enter your telephone number",
        help_text="In case the session has to change at short notice.",
    )
    organisation = organisation_field()
    sector = govuk_field(
        forms.ChoiceField(
            label="Which sector do you work in?", choices=Sector.choices, widget=forms.RadioSelect
        ),
        required="Select the sector you work in",
    )
    job_role = text_field(
        "Job role",
        required="Enter your job role",
        max_length=100,
        attrs={"autocomplete": "organization-title"},
    )
    needs = textarea_field(
        "Access or dietary needs (optional)",
        required=False,
        rows=3,
        max_length=1000,
        help_text=(
            "For example, step-free access, a hearing loop or a food allergy. We use "
            "your answer only to make the session work for you: the training team and "
            "your trainer see it, nobody else, and it is deleted with your booking "
            "details 2 years after the session."
        ),
        max_length_message="Access or dietary needs must be 1000 characters or fewer",
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
    organisation = organisation_field()
    contact_name = text_field(
        "Contact name",
        required="Enter the name of the person we should contact",
        max_length=100,
        attrs={"autocomplete": "name", "spellcheck": "false"},
    )
    email = email_field(required="Enter an email address")
    phone = phone_field(required="Enter a telephone number")
    course = govuk_field(
        forms.ChoiceField(label="Which course would you like?", widget=forms.RadioSelect),
        required="Select a course, or select that you are not sure",
    )
    number_of_people = text_field(
        "How many people would attend?",
        required="Enter how many people would attend",
        field_class=forms.IntegerField,
        attrs={"inputmode": "numeric"},
        min_value=5,
        max_value=200,
        invalid_message="How many people must be a whole number, like 12",
        min_value_message="A group session needs at least 5 people",
        max_value_message="For more than 200 people, contact the training team",
    )
    preferred_dates = textarea_field(
        "Preferred dates and times",
        required="Enter the dates and times you would prefer",
        rows=3,
        max_length=500,
        help_text="For example, any Tuesday morning in February.",
    )
    preferred_place = text_field(
        "Where would the session be?",
        required="Enter where the session would be",
        max_length=150,
        help_text="The address of your premises, or say if you would prefer online.",
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
