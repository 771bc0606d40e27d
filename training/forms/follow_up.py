"""Forms for the colleagues step, attendees' feedback and new-date alerts."""

from crispy_forms_gds.layout import Field, Fieldset, Fluid, Layout, Size
from django import forms
from django.core.exceptions import ValidationError

from core.forms import GovUKForm, email_field, govuk_field, text_field
from core.spam import HONEYPOT_FIELD, STARTED_FIELD, SpamProtectionMixin

from ..models import Confidence, Usefulness
from .fields import textarea_field


class ColleaguesForm(GovUKForm):
    """Up to 5 colleagues from the same organisation, each with a name, email and job role.

    All optional: rows left empty are ignored; a row half filled in is an error. Each
    email must differ from the delegate's and the others'.
    """

    ROWS = 5
    PARTS = [
        ("full_name", "Full name", "their full name", 100),
        ("email", "Email address", "their email address", 254),
        ("job_role", "Job role", "their job role", 100),
    ]
    # Plain text fields, all optional: clean() checks each row, naming the colleague.
    INPUTS = {
        "full_name": {"attrs": {"spellcheck": "false"}},
        "email": {"attrs": {"autocomplete": "email", "spellcheck": "false"}, "input_type": "email"},
        "job_role": {},
    }

    def __init__(self, *args, lead, session, **kwargs):
        self.lead = lead
        self.session = session
        super_fields = {}
        for row in range(1, self.ROWS + 1):
            for part, label, _subject, limit in self.PARTS:
                super_fields[f"colleague_{row}_{part}"] = text_field(
                    label, required=False, max_length=limit, **self.INPUTS[part]
                )
        self.base_fields = super_fields
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            *(
                Fieldset(
                    *(
                        Field.text(f"colleague_{row}_{part}", field_width=Fluid.TWO_THIRDS)
                        for part, *_ in self.PARTS
                    ),
                    legend=f"Colleague {row}",
                    legend_size=Size.MEDIUM,
                )
                for row in range(1, self.ROWS + 1)
            )
        )

    @classmethod
    def initial_from(cls, colleagues):
        return {
            f"colleague_{row}_{part}": item[part]
            for row, item in enumerate(colleagues, start=1)
            for part, *_ in cls.PARTS
        }

    def clean(self):
        data = super().clean()
        seen = {self.lead["email"]}
        self._colleagues = []
        for row in range(1, self.ROWS + 1):
            values = {
                part: " ".join((data.get(f"colleague_{row}_{part}") or "").split())
                for part, *_ in self.PARTS
            }
            if not any(values.values()):
                continue
            for part, _label, subject, _limit in self.PARTS:
                if not values[part]:
                    self.add_error(
                        f"colleague_{row}_{part}", f"Enter {subject} for colleague {row}"
                    )
            email = values["email"].lower()
            if email:
                try:
                    forms.EmailField().clean(email)
                except ValidationError:
                    self.add_error(
                        f"colleague_{row}_email",
                        f"Enter colleague {row}'s email address in the correct format, "
                        "like name@example.com",
                    )
                    continue
                if email in seen:
                    self.add_error(
                        f"colleague_{row}_email",
                        f"Colleague {row} needs their own email address, different from "
                        "yours and the other colleagues'",
                    )
                    continue
                seen.add(email)
                values["email"] = email
            self._colleagues.append(values)
        return data

    def colleagues(self):
        return list(self._colleagues)


def _rating(question, scale, *, required):
    """One answer on a scale of integer choices (models.Usefulness, Confidence), as radios."""
    return govuk_field(
        forms.TypedChoiceField(
            label=question, choices=scale.choices, coerce=int, widget=forms.RadioSelect
        ),
        required=required,
    )


def _comment(question, *, subject):
    """An optional answer in the attendee's own words, up to 1000 characters."""
    return textarea_field(
        f"{question} (optional)",
        required=False,
        rows=4,
        max_length=1000,
        max_length_message=f"{subject} must be 1000 characters or fewer",
    )


class FeedbackForm(GovUKForm):
    """The attendee's feedback: four questions and the permission to quote."""

    submit_label = "Send feedback"

    usefulness = _rating(
        "How useful was the training?",
        Usefulness,
        required="Select how useful the training was",
    )
    confidence = _rating(
        "How confident do you now feel to spot the signs and make a referral?",
        Confidence,
        required="Select how confident you now feel",
    )
    most_useful = _comment("What was most useful?", subject="What was most useful")
    improve = _comment("What could we improve?", subject="What we could improve")
    may_publish = forms.BooleanField(
        label=(
            "You may publish what I said was most useful on this website, with my job role "
            "and organisation (never my name)"
        ),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Field.radios("usefulness", legend_size=Size.MEDIUM),
            Field.radios("confidence", legend_size=Size.MEDIUM),
            Field.textarea("most_useful", rows=4),
            Field.textarea("improve", rows=4),
            Field.checkbox("may_publish"),
        )


class DateAlertForm(SpamProtectionMixin, GovUKForm):
    submit_label = "Email me new dates"

    email = email_field(
        required="Enter your email address",
        help_text="We will send you an email to confirm first.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Field.text("email", field_width=Fluid.TWO_THIRDS), HONEYPOT_FIELD, STARTED_FIELD
        )

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()
