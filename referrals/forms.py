"""The question pages of the referral journey, one form per topic.

Each form knows the answers given so far (`answers`, step slug -> cleaned values) so a
page can depend on an earlier one: the parents-or-carers question appears only when
the person is under 18 or their age is not known.
"""

import re

from crispy_forms_gds.layout import Field, Fixed, Fluid, Layout, Size
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.forms import govuk_field
from core.spam import HONEYPOT_FIELD, STARTED_FIELD, SpamProtectionMixin

from .form_fields import (
    LONG_TEXT,
    MEDIUM_TEXT,
    PHONE_ALLOWED,
    POSTCODE,
    YES_NO_NOT_KNOWN,
    DateOfBirthField,
    StepForm,
    age_band_from,
    age_on,
    long_text,
    optional,
    radios,
    text,
)
from .models import AgeBand, ConcernType, District, Sector


class AboutYouForm(StepForm):
    title = "About you"
    summary_labels = {"sector": "Sector", "relationship": "Relationship to the person"}
    intro = "We will contact you if we need to know more about the concern."

    referrer_name = text("Full name", required="Enter your full name")
    job_title = text("Job title", required="Enter your job title")
    organisation = text("Organisation", required="Enter the name of your organisation")
    sector = radios(
        "Which sector do you work in?", Sector.choices, required="Select the sector you work in"
    )
    email = govuk_field(
        forms.EmailField(
            label="Email address",
            max_length=254,
            # A TextInput (typed "email" below) so crispy-forms-gds styles it in error.
            widget=forms.TextInput,
            help_text="We will send the referral reference to this address. Use your work "
            "email address if you have one.",
        ),
        required="Enter your email address",
    )
    phone = text(
        "Telephone number",
        max_length=30,
        help_text="For example, 01926 410410 or 07700 900 982",
        required="Enter your telephone number",
    )
    relationship = text(
        "Your relationship to the person",
        help_text="For example, their teacher, GP or youth worker",
        required="Enter your relationship to the person",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Typed inputs for phone keyboards, kept as TextInput so errors are styled.
        self.fields["email"].widget.input_type = "email"
        self.fields["phone"].widget.input_type = "tel"

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
        phone = self.cleaned_data["phone"].strip()
        digits = re.sub(r"\D", "", phone)
        if not PHONE_ALLOWED.match(phone) or not 10 <= len(digits) <= 15:
            raise ValidationError("Enter a telephone number, like 01926 410410 or 07700 900 982")
        return phone


class SpamCheckedAboutYouForm(SpamProtectionMixin, AboutYouForm):
    """The first question page as the public posts it: with the honeypot and minimum fill
    time (core/spam.py). Its two extra fields are never stored with the answers."""

    def layout_fields(self):
        return [*super().layout_fields(), HONEYPOT_FIELD, STARTED_FIELD]


class PersonForm(StepForm):
    title = "About the person"
    summary_labels = {"approximate_age": "Approximate age"}
    intro = "Tell us who you are worried about. Give as much as you know."

    GENDERS = [
        ("female", "Female"),
        ("male", "Male"),
        ("another", "They describe their gender another way"),
        ("not_known", "Not known"),
    ]

    full_name = text("Full name", required="Enter the person’s full name")
    other_names = text(
        "Other names they use",
        help_text="For example, a nickname, a previous name or an online username",
    )
    date_of_birth = DateOfBirthField(
        label=optional("Date of birth"),
        required=False,
        help_text="For example, 27 3 2009",
    )
    approximate_age = govuk_field(
        forms.IntegerField(
            label=optional("Approximate age, if you do not know their date of birth"),
            required=False,
            min_value=0,
            max_value=120,
            # GOV.UK asks for numbers in a text input (a number input mangles what is typed).
            widget=forms.TextInput,
        ),
        min_value="Approximate age must be 0 or more",
        max_value="Approximate age must be 120 or less",
        invalid="Approximate age must be a whole number, like 15",
    )
    gender = forms.ChoiceField(
        label=optional("Gender"), choices=GENDERS, required=False, widget=forms.RadioSelect
    )

    def layout_fields(self):
        return [
            Field.text("full_name", autocomplete="off", spellcheck="false"),
            Field.text("other_names", autocomplete="off", spellcheck="false"),
            Field("date_of_birth", context={"legend_size": Size.for_legend(Size.SMALL)}),
            Field.text("approximate_age", field_width=Fixed.THREE, inputmode="numeric"),
            Field.radios("gender", legend_size=Size.SMALL),
        ]

    def clean_date_of_birth(self):
        born = self.cleaned_data.get("date_of_birth")
        if born is None:
            return None
        today = timezone.localdate()
        if born > today:
            raise ValidationError("Date of birth must be in the past")
        if age_on(born, today) > 120:
            raise ValidationError("Date of birth must be after 1 January " + str(today.year - 120))
        return born


class AddressForm(StepForm):
    title = "Where the person lives"
    summary_labels = {"district": "District"}

    address = long_text(
        "Address",
        max_length=500,
        help_text="If you do not know their full address, give what you know, such as the "
        "street or town. If they have no fixed address, say where they are staying.",
        required="Enter the person’s address, or what you know of it",
    )
    postcode = text("Postcode", required=False, max_length=10)
    district = radios(
        "Which district do they live in?",
        District.choices,
        help_text="If they live outside Warwickshire, choose Outside Warwickshire.",
        required="Select the district they live in",
    )

    def layout_fields(self):
        return [
            Field.textarea("address", rows=4, autocomplete="off"),
            Field.text("postcode", field_width=Fixed.TEN, autocomplete="off", spellcheck="false"),
            Field.radios("district", legend_size=Size.SMALL),
        ]

    def clean_postcode(self):
        postcode = re.sub(r"\s+", " ", self.cleaned_data["postcode"].strip().upper())
        if not postcode:
            return ""
        match = POSTCODE.match(postcode)
        if not match:
            raise ValidationError("Enter a real postcode, like CV34 4RL")
        return f"{match.group(1)} {match.group(2)}"


class EducationAndNeedsForm(StepForm):
    title = "Education, work and support needs"
    summary_labels = {"interpreter": "Interpreter needed", "needs": "Disability or special needs"}

    setting = text("School, college or employer", required=False)
    first_language = text("First language", required=False, max_length=100)
    interpreter = radios(
        "Do they need an interpreter?",
        YES_NO_NOT_KNOWN,
        required="Select whether they need an interpreter",
    )
    needs = long_text(
        "Known disability or special educational needs",
        required=False,
        max_length=MEDIUM_TEXT,
        help_text="Include anything that would help us communicate with them or support them.",
    )

    def layout_fields(self):
        return [
            Field.text("setting", autocomplete="off"),
            Field.text("first_language", field_width=Fluid.ONE_HALF, autocomplete="off"),
            Field.radios("interpreter", legend_size=Size.SMALL, inline=True),
            Field.textarea("needs", rows=4, max_characters=MEDIUM_TEXT),
        ]


class ConcernForm(StepForm):
    title = "The concern"
    summary_labels = {
        "what_happened": "What happened",
        "how_it_came_to_light": "How it came to light",
        "concern_type": "Type of concern",
    }
    intro = (
        "Describe what you have seen or heard. Give facts and dates where you can, and say "
        "when something is your opinion."
    )

    what_happened = long_text(
        "What happened, and when?",
        # (Every character-counted field needs a hint: crispy-forms-gds expects one.)
        help_text="Include dates, what was said or done, and by whom.",
        required="Enter what happened, and when",
    )
    how_it_came_to_light = long_text(
        "How did the concern come to light?",
        max_length=MEDIUM_TEXT,
        help_text="For example, something they said in class, a disclosure to a colleague, "
        "or material found on a device.",
        required="Enter how the concern came to light",
    )
    concern_type = radios(
        "What type of concern is it?",
        ConcernType.choices,
        help_text="If you are not sure, choose ‘Mixed, unclear or unstable’.",
        required="Select the type of concern",
    )

    def layout_fields(self):
        return [
            Field.textarea("what_happened", rows=8, max_characters=LONG_TEXT),
            Field.textarea("how_it_came_to_light", rows=4, max_characters=MEDIUM_TEXT),
            Field.radios("concern_type", legend_size=Size.SMALL),
        ]


class RisksForm(StepForm):
    title = "Online activity and risks"
    summary_labels = {
        "violence": "Threat of violence or access to weapons",
        "violence_details": "Details of the threat",
    }

    online_activity = long_text(
        "Online activity",
        required=False,
        max_length=MEDIUM_TEXT,
        help_text="Websites, apps, games, groups or material you know they use or share.",
    )
    violence = radios(
        "Is there any threat of violence, or do they have access to weapons?",
        YES_NO_NOT_KNOWN,
        required="Select whether there is any threat of violence or access to weapons",
    )
    violence_details = long_text(
        "Details of the threat or access to weapons",
        required=False,
        max_length=MEDIUM_TEXT,
        help_text="Needed if you answered yes.",
    )
    other_safeguarding = long_text(
        "Other safeguarding concerns",
        required=False,
        max_length=MEDIUM_TEXT,
        help_text="For example, neglect, exploitation, mental health or substance misuse.",
    )

    def layout_fields(self):
        return [
            Field.textarea("online_activity", rows=4, max_characters=MEDIUM_TEXT),
            Field.radios("violence", legend_size=Size.SMALL, inline=True),
            Field.textarea("violence_details", rows=4, max_characters=MEDIUM_TEXT),
            Field.textarea("other_safeguarding", rows=4, max_characters=MEDIUM_TEXT),
        ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("violence") == "yes" and not cleaned.get("violence_details", "").strip():
            self.add_error(
                "violence_details", "Enter details of the threat of violence or access to weapons"
            )
        return cleaned


class AgenciesForm(StepForm):
    title = "Other agencies"
    summary_labels = {
        "agencies_involved": "Other agencies involved",
        "agencies": "Which agencies",
        "agency_contact": "Contact at those agencies",
    }

    agencies_involved = radios(
        "Are any other agencies involved with the person?",
        YES_NO_NOT_KNOWN,
        help_text="For example, children’s social care, a youth offending team, mental health "
        "services or probation.",
        required="Select whether any other agencies are involved",
    )
    agencies = long_text(
        "Which agencies are involved?",
        required=False,
        max_length=MEDIUM_TEXT,
        help_text="Needed if you answered yes.",
    )
    agency_contact = long_text(
        "Contact at those agencies",
        required=False,
        max_length=MEDIUM_TEXT,
        help_text="A name, role, telephone number or email address we can use.",
    )

    def layout_fields(self):
        return [
            Field.radios("agencies_involved", legend_size=Size.SMALL, inline=True),
            Field.textarea("agencies", rows=3, max_characters=MEDIUM_TEXT),
            Field.textarea("agency_contact", rows=3, max_characters=MEDIUM_TEXT),
        ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("agencies_involved") == "yes" and not cleaned.get("agencies", "").strip():
            self.add_error("agencies", "Enter which agencies are involved")
        return cleaned


class AwarenessForm(StepForm):
    title = "Who knows about this referral"
    summary_labels = {
        "person_aware": "The person knows",
        "parents_aware": "Parents or carers know",
    }

    AWARE = [("yes", "Yes"), ("no", "No"), ("not_sure", "Not sure")]

    person_aware = radios(
        "Does the person know you are making this referral?",
        AWARE,
        help_text="You do not need their consent to refer, but tell us if they know.",
        required="Select whether the person knows about this referral",
    )
    parents_aware = radios(
        "Do their parents or carers know about this referral?",
        AWARE,
        required="Select whether their parents or carers know about this referral",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        band = age_band_from(self.answers)
        if band not in AgeBand.under_18_or_unknown():
            del self.fields["parents_aware"]
        elif band == AgeBand.UNKNOWN:
            self.fields["parents_aware"].help_text = "We ask this when the person is under 18."
            self.fields["parents_aware"].choices = [
                *self.AWARE,
                ("adult", "Not applicable: they are 18 or over"),
            ]
        self.helper.layout = Layout(*self.layout_fields())

    def layout_fields(self):
        return [Field.radios(name, legend_size=Size.SMALL) for name in self.fields]


class DeclarationForm(StepForm):
    title = "Declaration"
    summary_labels = {"confirm": "Declaration"}

    confirm = govuk_field(
        forms.BooleanField(
            label="I confirm that the information I have given is correct to the best of my "
            "knowledge, and I understand that the council’s Prevent team will share it with "
            "Counter Terrorism Policing to assess the concern.",
        ),
        required="Confirm that you have read and agree to the declaration",
    )
