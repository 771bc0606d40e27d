"""The report period form: two GOV.UK date inputs, sent by GET (the period is in the URL)."""

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.layout import Field, Layout, Size
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator

from core.forms import GovUKForm, govuk_field

from .periods import MAX_YEARS, Period, financial_year

FIELD_NAMES = ("start", "end")
EARLIEST_YEAR = 2000
LATEST_YEAR = 2100


class ReportDateField(DateInputField):
    """A GOV.UK date input whose every error names the date ("the start date")."""

    def __init__(self, *, name, **kwargs):
        self.name = name
        super().__init__(require_all_fields=False, **kwargs)
        for subfield, part in zip(self.fields, ("day", "month", "year"), strict=True):
            subfield.validators = [RegexValidator(r"^[0-9]+$", f"The {name} must be a real date")]
            subfield.error_messages["incomplete"] = f"The {name} must include a {part}"

    def compress(self, data_list):
        if not data_list or not all(data_list):
            return None
        year = str(data_list[2])
        if len(year) != 4:
            raise ValidationError(
                f"The year of the {self.name} must include 4 numbers", code="invalid"
            )
        try:
            day = super().compress(data_list)
        except (ValidationError, OverflowError):
            raise ValidationError(f"The {self.name} must be a real date", code="invalid") from None
        if not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
            raise ValidationError(
                f"The {self.name} must be between {EARLIEST_YEAR} and {LATEST_YEAR}",
                code="invalid",
            )
        return day


def report_date(name, label):
    return govuk_field(
        ReportDateField(name=name, label=label, help_text="For example, 1 4 2026"),
        required=f"Enter the {name}",
        incomplete=f"The {name} must include a day, month and year",
        invalid=f"The {name} must be a real date",
    )


class PeriodForm(GovUKForm):
    submit_label = "Show figures"

    start = report_date("start date", "Start date")
    end = report_date("end date", "End date")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.form_method = "get"
        small = {"legend_size": Size.for_legend(Size.SMALL)}
        self.helper.layout = Layout(Field("start", context=small), Field("end", context=small))

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            if end < start:
                self.add_error("end", "The end date must be the same as or after the start date")
            elif end > start.replace(year=start.year + MAX_YEARS):
                self.add_error("end", f"The period must be {MAX_YEARS} years or shorter")
        return cleaned

    @property
    def period(self):
        return Period(self.cleaned_data["start"], self.cleaned_data["end"])


def period_form(query):
    """(form, period): the form bound to the query string, or the current financial year.

    With no dates in the query the form shows this financial year; with dates, a valid
    form gives its period and an invalid one gives None (the page shows the errors).
    """
    if not any(f"{name}_{part}" in query for name in FIELD_NAMES for part in range(3)):
        period = financial_year()
        form = PeriodForm(initial={"start": period.start, "end": period.end})
        return form, period
    form = PeriodForm(query)
    if form.is_valid():
        return form, form.period
    return form, None
