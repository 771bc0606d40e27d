"""The pages about the concern: what happened, contact and material, risks."""

from crispy_forms_gds.layout import Field, Size

from ..form_fields import LONG_TEXT, YES_NO_NOT_KNOWN, StepForm, long_text, radios
from ..models import ConcernType


class ConcernForm(StepForm):
    title = "The concern"
    intro = (
        "Describe what you have seen or heard. Give facts and dates where you can, and say "
        "when something is your opinion."
    )

    what_happened = long_text(
        "What happened, and when?",
        summary_label="What happened",
        max_length=LONG_TEXT,
        # (Every character-counted field needs a hint: crispy-forms-gds expects one.)
        help_text="Include dates, what was said or done, and by whom.",
        required="Enter what happened, and when",
    )
    how_it_came_to_light = long_text(
        "How did the concern come to light?",
        summary_label="How it came to light",
        help_text="For example, something they said in class, a disclosure to a colleague, "
        "or material found on a device.",
        required="Enter how the concern came to light",
    )
    concern_type = radios(
        "What type of concern is it?",
        ConcernType.offered(),
        summary_label="Type of concern",
        help_text="The categories of the Home Office’s Prevent statistics. If you are not "
        "sure, choose the nearest: the police assess every referral.",
        required="Select the type of concern",
    )

    def layout_fields(self):
        return [
            self.counted_textarea("what_happened", rows=8),
            self.counted_textarea("how_it_came_to_light"),
            Field.radios("concern_type", legend_size=Size.SMALL),
        ]


class InfluencesForm(StepForm):
    title = "Contact with others and material seen"
    details_needed = (
        (
            "contact_with_others",
            "contact_details",
            "Enter who they are in contact with, how, and how often",
        ),
    )

    contact_with_others = radios(
        "Are they in contact with any groups or individuals who cause concern?",
        YES_NO_NOT_KNOWN,
        summary_label="Contact with groups or individuals of concern",
        help_text="In person or online, for example in a chat group or a game.",
        required="Select whether they are in contact with any groups or individuals of concern",
    )
    contact_details = long_text(
        "Who are they in contact with, how, and how often?",
        summary_label="Who, how and how often",
        help_text="Names or usernames if you know them, where or on which app, and how often.",
    )
    material_seen = long_text(
        "Material or ideology you have seen",
        summary_label="Material or ideology seen",
        help_text="For example, symbols, videos, posts, books or words they used. Describe "
        "it: do not copy or send the material itself.",
    )

    def layout_fields(self):
        return [
            Field.radios("contact_with_others", legend_size=Size.SMALL, inline=True),
            self.counted_textarea("contact_details"),
            self.counted_textarea("material_seen"),
        ]


class RisksForm(StepForm):
    title = "Online activity and risks"
    details_needed = (
        (
            "violence",
            "violence_details",
            "Enter details of the threat of violence or access to weapons",
        ),
    )

    online_activity = long_text(
        "Online activity",
        help_text="Websites, apps, games, groups or material you know they use or share.",
    )
    violence = radios(
        "Is there any threat of violence, or do they have access to weapons?",
        YES_NO_NOT_KNOWN,
        summary_label="Threat of violence or access to weapons",
        required="Select whether there is any threat of violence or access to weapons",
    )
    violence_details = long_text(
        "Details of the threat or access to weapons",
        summary_label="Details of the threat",
    )
    other_safeguarding = long_text(
        "Other safeguarding concerns",
        help_text="For example, neglect, exploitation, mental health or substance misuse.",
    )

    def layout_fields(self):
        return [
            self.counted_textarea("online_activity"),
            Field.radios("violence", legend_size=Size.SMALL, inline=True),
            self.counted_textarea("violence_details"),
            self.counted_textarea("other_safeguarding"),
        ]
