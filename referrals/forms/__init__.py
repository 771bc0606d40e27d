"""The question pages of the referral journey, one form per topic, split by part of the
journey: the referrer (and the immediate-danger question), the person, the concern, and
what is shared.

Each form knows the answers given so far (`answers`, step slug -> cleaned values) so a
page can depend on an earlier one: the parents-or-carers questions appear only when the
person is under 18 or their age is not known, the children-in-the-household ones for an
adult.
"""

from .concern import ConcernForm, InfluencesForm, RisksForm
from .person import AddressForm, EducationAndNeedsForm, FamilyForm, PersonForm
from .referrer import AboutYouForm, DangerForm, SpamCheckedAboutYouForm, SpamCheckedDangerForm
from .sharing import AgenciesForm, AwarenessForm, DeclarationForm

__all__ = [
    "AboutYouForm",
    "AddressForm",
    "AgenciesForm",
    "AwarenessForm",
    "ConcernForm",
    "DangerForm",
    "DeclarationForm",
    "EducationAndNeedsForm",
    "FamilyForm",
    "InfluencesForm",
    "PersonForm",
    "RisksForm",
    "SpamCheckedAboutYouForm",
    "SpamCheckedDangerForm",
]
