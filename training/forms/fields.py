"""The training forms' own questions, beside core.forms' text_field and email_field."""

import re

from django import forms
from django.core.exceptions import ValidationError

from core.forms import govuk_field, text_field

PHONE_CHARACTERS = re.compile(r"^[0-9 +()\-]+$")
PHONE_FORMAT = "Enter a telephone number, like 01632 960 001 or 07700 900 982"


def validate_phone(value):
    digits = re.sub(r"\D", "", value)
    if not PHONE_CHARACTERS.match(value) or not 10 <= len(digits) <= 15:
        raise ValidationError(PHONE_FORMAT, code="invalid")


def phone_field(*, required, **options):
    """A telephone number as typed: digits, spaces, + ( ) and -, with 10 to 15 digits."""
    return text_field(
        "Telephone number",
        required=required,
        input_type="tel",
        attrs={"autocomplete": "tel"},
        max_length=30,
        validators=[validate_phone],
        invalid_message=PHONE_FORMAT,
        **options,
    )


def organisation_field():
    """The delegate's and the group's organisation, asked in the same words."""
    return text_field(
        "Organisation",
        required="Enter the name of your organisation",
        max_length=150,
        attrs={"autocomplete": "organization"},
    )


def textarea_field(label, *, required, rows, **options):
    """A longer answer: text_field's arguments, in a textarea `rows` lines high.

    As with text_field, `required` is the message for a missing answer (or False), and
    keys ending in "_message" become error messages: max_length_message="...".
    """
    messages = {
        k.removesuffix("_message"): options.pop(k) for k in list(options) if k.endswith("_message")
    }
    if required:
        messages["required"] = required
    field = forms.CharField(
        label=label,
        required=bool(required),
        widget=forms.Textarea(attrs={"rows": rows}),
        **options,
    )
    return govuk_field(field, **messages)
