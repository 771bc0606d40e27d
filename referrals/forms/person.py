"""The pages about the person: who they are, where they live, their needs, their family."""

import re

from crispy_forms_gds.layout import Field, Fixed, Fluid, Size
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.forms import email_field, text_field

from ..form_fields import (
    POSTCODE,
    YES_NO_NOT_KNOWN,
    DateOfBirthField,
    StepForm,
    age_on,
    clean_phone,
    long_text,
    optional,
    radios,
    summarised,
    text,
)
from ..models import AgeBand, District


class PersonForm(StepForm):
    title = "About the person"
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
    # GOV.UK asks for numbers in a text input (a number input mangles what is typed).
    approximate_age = summarised(
        text_field(
            optional("Approximate age, if you do not know their date of birth"),
            required=False,
            field_class=forms.IntegerField,
            min_value=0,
            max_value=120,
            min_value_message="Approximate age must be 0 or more",
            max_value_message="Approximate age must be 120 or less",
            invalid_message="Approximate age must be a whole number, like 15",
        ),
        "Approximate age",
    )
    gender = forms.ChoiceField(
        label=optional("Gender"), choices=GENDERS, required=False, widget=forms.RadioSelect
    )
    person_phone = text(
        "Their telephone number, if you know it",
        summary_label="Their telephone number",
        max_length=30,
        input_type="tel",
        help_text="For example, 07700 900 457",
    )
    person_email = summarised(
        email_field(
            optional("Their email address, if you know it"),
            required=False,
            invalid_message="Enter their email address in the correct format, like name@example.com",
        ),
        "Their email address",
    )

    def layout_fields(self):
        return [
            Field.text("full_name", autocomplete="off", spellcheck="false"),
            Field.text("other_names", autocomplete="off", spellcheck="false"),
            Field("date_of_birth", context={"legend_size": Size.for_legend(Size.SMALL)}),
            Field.text("approximate_age", field_width=Fixed.THREE, inputmode="numeric"),
            Field.radios("gender", legend_size=Size.SMALL),
            Field.text("person_phone", autocomplete="off", field_width=Fixed.TWENTY),
            Field.text("person_email", autocomplete="off", spellcheck="false"),
        ]

    def clean_person_phone(self):
        phone = self.cleaned_data["person_phone"].strip()
        return clean_phone(phone) if phone else ""

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

    address = long_text(
        "Address",
        max_length=500,
        help_text="If you do not know their full address, give what you know, such as the "
        "street or town. If they have no fixed address, say where they are staying.",
        required="Enter the person’s address, or what you know of it",
    )
    postcode = text("Postcode", max_length=10)
    district = radios(
        "Which district do they live in?",
        District.choices,
        summary_label="District",
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

    setting = text("School, college or employer")
    first_language = text("First language", max_length=100)
    interpreter = radios(
        "Do they need an interpreter?",
        YES_NO_NOT_KNOWN,
        summary_label="Interpreter needed",
        required="Select whether they need an interpreter",
    )
    needs = long_text(
        "Known disability or special educational needs",
        summary_label="Disability or special needs",
        help_text="Include anything that would help us communicate with them or support them.",
    )

    def layout_fields(self):
        return [
            Field.text("setting", autocomplete="off"),
            Field.text("first_language", field_width=Fluid.ONE_HALF, autocomplete="off"),
            Field.radios("interpreter", legend_size=Size.SMALL, inline=True),
            self.counted_textarea("needs"),
        ]


class FamilyForm(StepForm):
    """Parents or carers for a child (or someone whose age is not known); children in the
    household for an adult. Which questions show depends on the age given earlier."""

    title = "Family and household"
    details_needed = (("children_in_household", "children_details", "Enter the children’s ages"),)

    SUPPORT = [
        ("yes", "Yes"),
        ("no", "No"),
        ("not_asked", "They have not been asked"),
        ("not_known", "Not known"),
    ]

    carers = long_text(
        "Parents or carers",
        help_text="For each one, their name, relationship to the person (for example, "
        "mother or foster carer), address and telephone number, if you know them.",
        required="Enter the parents’ or carers’ names and contact details, or what you know",
    )
    carers_support = radios(
        "Do the parents or carers support this referral?",
        SUPPORT,
        summary_label="Parents or carers support the referral",
        required="Select whether the parents or carers support this referral",
    )
    children_in_household = radios(
        "Are there any children living in the same household?",
        YES_NO_NOT_KNOWN,
        summary_label="Children in the household",
        required="Select whether any children live in the same household",
    )
    children_details = long_text(
        "About the children",
        help_text="Their ages, and their names if you know them.",
    )

    def adapt_to_age(self, band):
        if band in AgeBand.under_18_or_unknown():
            del self.fields["children_in_household"]
            del self.fields["children_details"]
            if band == AgeBand.UNKNOWN:
                self.fields["carers"].help_text += " We ask this because their age is not known."
        else:
            del self.fields["carers"]
            del self.fields["carers_support"]

    def layout_fields(self):
        layout = {
            "carers": self.counted_textarea("carers", rows=5),
            "carers_support": Field.radios("carers_support", legend_size=Size.SMALL),
            "children_in_household": Field.radios(
                "children_in_household", legend_size=Size.SMALL, inline=True
            ),
            "children_details": self.counted_textarea("children_details", rows=3),
        }
        return [layout[name] for name in self.fields]
