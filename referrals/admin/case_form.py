"""The form on a case record: assignment, the next stage, a panel review, or a note."""

from django import forms
from django.contrib.admin.widgets import AdminDateWidget

from .. import services
from ..models import SUPPORTED_STAGES, Referral, Stage
from .walls import officers


def _date(label, help_text=""):
    return forms.DateField(label=label, required=False, widget=AdminDateWidget, help_text=help_text)


def _text(label, help_text):
    return forms.CharField(
        label=label,
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=help_text,
    )


class ReferralCaseForm(forms.ModelForm):
    """Assignment; the next stage with its date and encrypted note; a panel review of a
    supported case (date, encrypted note, next review date); or a note on its own."""

    new_stage = forms.ChoiceField(label="Move the case to", required=False)
    occurred_on = _date(
        "Date it happened",
        "For the Channel panel, the panel date; for a gateway outcome, the date of the "
        "police decision; for consent, the date it was given or declined. For a note on "
        "its own, the date it is about (today if left empty).",
    )
    # (Not "gateway_decision_on": that is the referral's own, read-only, column.)
    gateway_decision_date = _date(
        "Police gateway decision date",
        "Only when moving straight to the Channel panel and the decision was on another "
        "day than the panel.",
    )
    consent_recorded_on = _date("Date consent was recorded", "Needed to adopt a case.")
    support_plan = _text("Support plan", "Needed to adopt a case. Stored encrypted.")
    note = _text(
        "Note",
        "What happened and why. Stored encrypted. With no new stage, it is added to the "
        "timeline as a note and the stage stays as it is.",
    )
    review_on = _date("Panel review date")
    review_note = _text("What the panel reviewed and decided", "Stored encrypted.")
    next_review_on = _date("Next review date")

    class Meta:
        model = Referral
        fields = ["assigned_officer"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigned_officer"].queryset = officers()
        self.fields["assigned_officer"].label_from_instance = lambda user: (
            user.get_full_name() or user.get_username()
        )
        self.fields["new_stage"].choices = [("", "No change")] + [
            (stage.value, stage.label) for stage in self.instance.next_stages()
        ]

    @property
    def review_given(self):
        data = getattr(self, "cleaned_data", {})
        return any(data.get(name) for name in ("review_on", "review_note", "next_review_on"))

    @property
    def stage_step(self):
        """The stage change asked for (None without a new stage): checked in clean() and
        made by the admin's save_model, so both read these fields the one same way."""
        data = getattr(self, "cleaned_data", {})
        if not data.get("new_stage"):
            return None
        return services.StageStep(
            stage=Stage(data["new_stage"]),
            occurred_on=data.get("occurred_on"),
            note=data.get("note", ""),
            support_plan=data.get("support_plan", ""),
            consent_recorded_on=data.get("consent_recorded_on"),
            gateway_decision_on=data.get("gateway_decision_date"),
        )

    def clean(self):
        cleaned = super().clean()
        if step := self.stage_step:
            errors = services.stage_change_errors(referral=self.instance, step=step)
            form_fields = {"stage": "new_stage", "gateway_decision_on": "gateway_decision_date"}
            for field, message in errors.items():
                self.add_error(form_fields.get(field, field), message)
        elif any(cleaned.get(name) for name in ("support_plan", "consent_recorded_on")):
            self.add_error("new_stage", "Choose the stage this support plan or date belongs to.")
        if self.review_given:
            if Stage(self.instance.stage) not in SUPPORTED_STAGES:
                self.add_error("review_on", "Panel reviews are recorded while a case is adopted.")
            for name, message in (
                ("review_on", "Enter the date of the review."),
                ("review_note", "Enter what the panel reviewed and decided."),
                ("next_review_on", "Enter the date of the next review."),
            ):
                if not cleaned.get(name):
                    self.add_error(name, message)
        return cleaned
