"""Building blocks of the question pages: GOV.UK-worded fields and the base StepForm."""

import re
from datetime import date

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.layout import Field, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils import timezone

from core.forms import GovUKForm, govuk_field, text_field

from .models import AgeBand

LONG_TEXT = 5000
MEDIUM_TEXT = 2000
YES_NO_NOT_KNOWN = [("yes", "Yes"), ("no", "No"), ("not_known", "Not known")]
POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$")
PHONE_ALLOWED = re.compile(r"^[0-9 +()\-]+$")
# Example numbers come from Ofcom's ranges for drama (01632 960xxx, 07700 900xxx).
PHONE_ERROR = "Enter a telephone number, like 01632 960 001 or 07700 900 982"
DETAILS_HINT = "Needed if you answered yes."


def clean_phone(phone):
    """A UK or international number as typed, with 10 to 15 digits. Raises ValidationError."""
    phone = phone.strip()
    digits = re.sub(r"\D", "", phone)
    if not PHONE_ALLOWED.match(phone) or not 10 <= len(digits) <= 15:
        raise ValidationError(PHONE_ERROR)
    return phone


def optional(label):
    return f"{label} (optional)"


def summarised(field, summary_label):
    """Give `field` a shorter label for the check-your-answers page and the case record
    (journey.sections). Without one, those show the question, less "(optional)"."""
    if summary_label:
        field.summary_label = summary_label
    return field


def text(label, *, required=None, max_length=200, summary_label=None, **options):
    """A one-line answer: core's text_field, with "(optional)" on an optional one's label.
    `required` is its error message; None makes it optional. Other options (help_text,
    input_type, field_class...) go to text_field."""
    field = text_field(
        label if required else optional(label), required=required, max_length=max_length, **options
    )
    return summarised(field, summary_label)


def long_text(label, *, required=None, max_length=MEDIUM_TEXT, help_text="", summary_label=None):
    field = govuk_field(
        forms.CharField(
            label=label if required else optional(label),
            required=bool(required),
            max_length=max_length,
            widget=forms.Textarea,
            help_text=help_text,
        ),
        **({"required": required} if required else {}),
    )
    return summarised(field, summary_label)


def radios(label, choices, *, required, help_text="", summary_label=None):
    field = govuk_field(
        forms.ChoiceField(
            label=label, choices=choices, widget=forms.RadioSelect, help_text=help_text
        ),
        required=required,
        # A value that is not one of the choices (a tampered form): the same plain request.
        invalid_choice=required,
    )
    return summarised(field, summary_label)


class DateOfBirthField(DateInputField):
    """The GOV.UK date input with GOV.UK wording for every way a date can be wrong."""

    def __init__(self, **kwargs):
        # Each missing part gets its own message ("must include a month").
        super().__init__(require_all_fields=False, **kwargs)
        self.error_messages.update(
            {
                "required": "Date of birth must include a day, month and year",
                "incomplete": "Date of birth must include a day, month and year",
                "invalid": "Date of birth must be a real date",
            }
        )
        for subfield, part in zip(self.fields, ("day", "month", "year"), strict=True):
            subfield.validators = [RegexValidator(r"^[0-9]+$", "Date of birth must be a real date")]
            subfield.error_messages["incomplete"] = f"Date of birth must include a {part}"

    def compress(self, data_list):
        if data_list and len(data_list) == 3 and data_list[2] and len(str(data_list[2])) != 4:
            raise ValidationError("Year must include 4 numbers", code="invalid")
        try:
            return super().compress(data_list)
        # A huge day or month ("2147483648") overflows before it can be called out of range.
        except (ValidationError, OverflowError):
            raise ValidationError("Date of birth must be a real date", code="invalid") from None


def age_on(born, today):
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


class StepForm(GovUKForm):
    """A question page. Subclasses list their layout in `layout_fields`."""

    title = ""
    intro = ""
    # Details that answering "yes" makes necessary, checked in order:
    # (question, details field, message when the details are missing). Each details
    # field's hint ends with DETAILS_HINT, so the page says what the check enforces.
    details_needed: tuple[tuple[str, str, str], ...] = ()

    def __init__(self, *args, answers=None, **kwargs):
        self.answers = answers or {}
        # Error messages name the field without its "(optional)" label suffix.
        self.error_subjects = {
            name: str(field.label).removesuffix(" (optional)").lower()
            for name, field in self.base_fields.items()
            if str(field.label).endswith(" (optional)")
        } | type(self).error_subjects
        super().__init__(*args, **kwargs)
        for _question, details, _message in self.details_needed:
            field = self.fields[details]
            field.help_text = f"{field.help_text} {DETAILS_HINT}".lstrip()
        self.adapt_to_age(age_band_from(self.answers))
        self.helper.layout = Layout(*self.layout_fields())

    def adapt_to_age(self, band):
        """Drop or reword the questions that depend on the person's age band, as given
        earlier in the journey (before the layout is built from what is left)."""

    def layout_fields(self):
        return list(self.fields)

    def counted_textarea(self, name, *, rows=4):
        """A textarea whose GOV.UK character count stops at the field's own max_length, so
        the page and the validation cannot give two different limits."""
        return Field.textarea(name, rows=rows, max_characters=self.base_fields[name].max_length)

    def clean(self):
        cleaned = super().clean()
        for question, details, message in self.details_needed:
            if cleaned.get(question) == "yes" and not cleaned.get(details, "").strip():
                self.add_error(details, message)
        return cleaned


def age_band_from(answers, *, on=None):
    """The age band from the 'person' step's cleaned answers (JSON values)."""
    person = answers.get("person") or {}
    born = person.get("date_of_birth")
    if born:
        born = date.fromisoformat(born) if isinstance(born, str) else born
        return AgeBand.for_age(age_on(born, on or timezone.localdate()))
    age = person.get("approximate_age")
    return AgeBand.for_age(age if age is not None and age != "" else None)
