"""The last pages: other agencies, who knows and what was said, and the declaration."""

from crispy_forms_gds.layout import Field, Size
from django import forms

from core.forms import govuk_field

from ..form_fields import (
    YES_NO_NOT_KNOWN,
    StepForm,
    long_text,
    radios,
    summarised,
    text,
)
from ..models import AgeBand


class AgenciesForm(StepForm):
    title = "Other agencies"
    details_needed = (("agencies_involved", "agencies", "Enter which agencies are involved"),)

    agencies_involved = radios(
        "Are any other agencies involved with the person?",
        YES_NO_NOT_KNOWN,
        summary_label="Other agencies involved",
        help_text="For example, children’s social care, a youth offending team, mental health "
        "services or probation.",
        required="Select whether any other agencies are involved",
    )
    agencies = long_text(
        "Which agencies are involved?",
        summary_label="Which agencies",
    )
    agency_contact = long_text(
        "Contact at those agencies",
        help_text="A name, role, telephone number or email address we can use.",
    )

    def layout_fields(self):
        return [
            Field.radios("agencies_involved", legend_size=Size.SMALL, inline=True),
            self.counted_textarea("agencies", rows=3),
            self.counted_textarea("agency_contact", rows=3),
        ]


class AwarenessForm(StepForm):
    title = "Who knows about this referral"
    details_needed = (
        ("discussed", "discussion", "Enter what was discussed, and what they said"),
        (
            "safeguarding_lead_consulted",
            "safeguarding_lead_name",
            "Enter the name of the safeguarding lead you talked to",
        ),
    )

    AWARE = [("yes", "Yes"), ("no", "No"), ("not_sure", "Not sure")]

    person_aware = radios(
        "Does the person know you are making this referral?",
        AWARE,
        summary_label="The person knows",
        help_text="You do not need their consent to refer, but tell us if they know.",
        required="Select whether the person knows about this referral",
    )
    parents_aware = radios(
        "Do their parents or carers know about this referral?",
        AWARE,
        summary_label="Parents or carers know",
        required="Select whether their parents or carers know about this referral",
    )

    discussed = radios(
        "Have you or a colleague talked to the person or their family about this concern?",
        [("yes", "Yes"), ("no", "No")],
        summary_label="Concern discussed with the person or family",
        required="Select whether anyone has talked to the person or their family about this",
    )
    discussion = long_text(
        "What was discussed, and what did they say?",
        summary_label="What was discussed and said",
        help_text="Who talked to whom, when, and how they responded.",
    )

    safeguarding_lead_consulted = radios(
        "Have you talked to your organisation’s safeguarding lead about this concern?",
        [
            ("yes", "Yes"),
            ("no", "No"),
            ("i_am_the_lead", "I am the safeguarding lead"),
            ("no_lead", "My organisation does not have a safeguarding lead"),
        ],
        summary_label="Safeguarding lead consulted",
        help_text="Your designated safeguarding lead, Prevent lead or manager.",
        required="Select whether you have talked to your safeguarding lead",
    )
    safeguarding_lead_name = text(
        "Name of the safeguarding lead you talked to",
        summary_label="Safeguarding lead",
    )

    def adapt_to_age(self, band):
        if band not in AgeBand.under_18_or_unknown():
            del self.fields["parents_aware"]
        elif band == AgeBand.UNKNOWN:
            self.fields["parents_aware"].help_text = "We ask this when the person is under 18."
            self.fields["parents_aware"].choices = [
                *self.AWARE,
                ("adult", "Not applicable: they are 18 or over"),
            ]

    def layout_fields(self):
        layout = []
        for name in self.fields:
            if name == "discussion":
                layout.append(self.counted_textarea(name))
            elif name == "safeguarding_lead_name":
                layout.append(Field.text(name, autocomplete="off"))
            else:
                layout.append(Field.radios(name, legend_size=Size.SMALL))
        return layout


class DeclarationForm(StepForm):
    title = "Declaration"

    confirm = summarised(
        govuk_field(
            forms.BooleanField(
                label="I confirm that the information I have given is correct to the best of my "
                "knowledge, and I understand that the council’s Prevent team will share it with "
                "Counter Terrorism Policing, who assess every Prevent referral (nationally, on "
                "the National Prevent Referral Form), and that it is read in working hours only.",
            ),
            required="Confirm that you have read and agree to the declaration",
        ),
        "Declaration",
    )
