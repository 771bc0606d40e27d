"""Training forms, by journey: booking (and the admin's phone booking, group requests,
catalogue filters) and what follows (colleagues, feedback, new-date alerts)."""

from .booking import (
    YES_NO,
    CancelBookingForm,
    CatalogueFilterForm,
    ConfirmBookingForm,
    CouncilEmployeeForm,
    DelegateDetailsForm,
    GroupRequestForm,
    PhoneBookingForm,
    PublicDelegateDetailsForm,
)
from .fields import PHONE_FORMAT, validate_phone
from .follow_up import ColleaguesForm, DateAlertForm, FeedbackForm

__all__ = [
    "PHONE_FORMAT",
    "YES_NO",
    "CancelBookingForm",
    "CatalogueFilterForm",
    "ColleaguesForm",
    "ConfirmBookingForm",
    "CouncilEmployeeForm",
    "DateAlertForm",
    "DelegateDetailsForm",
    "FeedbackForm",
    "GroupRequestForm",
    "PhoneBookingForm",
    "PublicDelegateDetailsForm",
    "validate_phone",
]
