"""The first pages: is anyone in danger now, and who is making the referral."""

from crispy_forms_gds.layout import Field, Fixed, Size

from core.forms import email_field
from core.spam import HONEYPOT_FIELD, STARTED_FIELD, SpamProtectionMixin

from ..form_fields import StepForm, clean_phone, radios, text
from ..models import Sector


class DangerForm(StepForm):
    title = "Is anyone in immediate danger?"
    intro = (
        "If someone is in danger now, or a crime is happening, call 999 before you go on. "
        "This form is read in working hours only."
    )

    immediate_danger = radios(
        "Is anyone in immediate danger?",
        [("yes", "Yes"), ("no", "No")],
        summary_label="Anyone in immediate danger",
        help_text="For example, someone is threatening to hurt themselves or others now, "
        "or has a weapon.",
        required="Select yes if anyone is in immediate danger",
    )

    def layout_fields(self):
        return [Field.radios("immediate_danger", legend_size=Size.MEDIUM, inline=True)]


class SpamCheckedDangerForm(SpamProtectionMixin, DangerForm):
    """The first question page as the public posts it: with the honeypot and minimum fill
    time (core/spam.py). Its two extra fields are never stored with the answers."""

    def layout_fields(self):
        return [*super().layout_fields(), HONEYPOT_FIELD, STARTED_FIELD]


class AboutYouForm(StepForm):
    title = "About you"
    intro = "We will contact you if we need to know more about the concern."

    referrer_name = text("Full name", required="Enter your full name")
    job_title = text("Job title", required="Enter your job title")
    organisation = text("Organisation", required="Enter the name of your organisation")
    sector = radios(
        "Which sector do you work in?",
        Sector.choices,
        summary_label="Sector",
        required="Select the sector you work in",
    )
    email = email_field(
        help_text="We will send the referral reference to this address. Use your work "
        "email address if you have one.",
        required="Enter your email address",
    )
    phone = text(
        "Telephone number",
        max_length=30,
        input_type="tel",
        help_text="For example, 01632 960 001 or 07700 900 982",
        required="Enter your telephone number",
    )
    relationship = text(
        "Your relationship to the person",
        summary_label="Relationship to the person",
        help_text="For example, their teacher, GP or youth worker",
        required="Enter your relationship to the person",
    )

    def layout_fields(self):
        return [
            Field.text("referrer_name", autocomplete="name", spellcheck="false"),
            Field.text("job_title", autocomplete="organization-title"),
            Field.text("organisation", autocomplete="organization"),
            Field.radios("sector", legend_size=Size.SMALL),
            Field.text("email", autocomplete="email", spellcheck="false"),
            Field.text("phone", autocomplete="tel", field_width=Fixed.TWENTY),
            Field.text("relationship"),
        ]

    def clean_phone(self):
        return clean_phone(self.cleaned_data["phone"])


class SpamCheckedAboutYouForm(SpamProtectionMixin, AboutYouForm):
    """The first page with free text, as the public posts it: the same spam checks."""

    def layout_fields(self):
        return [*super().layout_fields(), HONEYPOT_FIELD, STARTED_FIELD]
