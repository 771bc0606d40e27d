"""Spam protection for public forms without a CAPTCHA.

    class BookingForm(SpamProtectionMixin, GovUKForm): ...

(A form with its own clean() must call super().clean().)

Two checks, both answered with a clear error on the form (never a silent drop):
- a honeypot text box that people never see or reach with the Tab key, labelled
  "leave this empty" for the screen reader user who does come across it; robots fill it in;
- a signed timestamp of when the form was shown: a form sent back in under
  SPAM_MIN_FILL_SECONDS (3 s) was not filled in by a person.

The honeypot's wrapper is hidden with GOV.UK's `govuk-visually-hidden` (off-screen, still
in the accessibility tree, never aria-hidden: it holds an input) and the input has
tabindex="-1" and autocomplete="off", so keyboard users and browsers' autofill skip it.
"""

import logging
import time

from django import forms
from django.conf import settings
from django.core import signing

HONEYPOT_FIELD = "website"
STARTED_FIELD = "form_started"
_SALT = "core.spam.form-started"
logger = logging.getLogger("core.security")

TOO_FAST = (
    "This form was sent too quickly to be checked. Check your answers, then send the form again."
)
HONEYPOT_FILLED = (
    "The box labelled 'Leave this box empty' had something in it. "
    "It has been emptied: check your answers, then send the form again."
)
NOT_CHECKED = "This form could not be checked. Check your answers, then send the form again."


def min_fill_seconds():
    return getattr(settings, "SPAM_MIN_FILL_SECONDS", 3)


def form_started_stamp(at=None):
    """A signed record of 'now' (or of the time `at`), put in the form when it is shown."""
    return signing.Signer(salt=_SALT).sign(str(int(time.time() if at is None else at)))


def seconds_since(stamp):
    """Seconds since a stamp was made, or None when it is missing or was tampered with."""
    try:
        started = int(signing.Signer(salt=_SALT).unsign(stamp or ""))
    except (signing.BadSignature, ValueError):
        return None
    return time.time() - started


class HoneypotBoundField(forms.BoundField):
    def css_classes(self, extra_classes=None):
        # The form-group wrapper (label and input) goes off-screen; see module docstring.
        classes = super().css_classes(extra_classes)
        return f"{classes} govuk-visually-hidden".strip()


class HoneypotField(forms.CharField):
    bound_field_class = HoneypotBoundField

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", "Leave this box empty")
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"})
        )
        super().__init__(**kwargs)


class SpamProtectionMixin(forms.Form):
    """Adds the honeypot and the minimum fill time to any form (Form or ModelForm).

    check_fill_time=False skips the minimum fill time (the honeypot still applies): for a
    page the person already answered once, shown again filled in (Back, or a Change link),
    which a fast keyboard user may rightly send back within a second.
    """

    website = HoneypotField()
    form_started = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, check_fill_time=True, **kwargs):
        self.check_fill_time = check_fill_time
        super().__init__(*args, **kwargs)
        # Per instance, never at import: the time the form is shown.
        self.fields[STARTED_FIELD].initial = form_started_stamp()

    def order_fields(self, field_order):
        # Last, after the real questions (BaseForm calls this before any layout is built).
        super().order_fields(field_order)
        for name in (HONEYPOT_FIELD, STARTED_FIELD):
            self.fields[name] = self.fields.pop(name)

    def _set_data(self, name, value):
        # Bound forms render the submitted value; replace it so the form sent back passes.
        self.data = self.data.copy()
        self.data[self.add_prefix(name)] = value

    def _refuse(self, message, code):
        # Logged to see robots at work: the form's name and the check, nothing typed in it.
        logger.warning("Spam check refused %s: %s", type(self).__name__, code)
        raise forms.ValidationError(message, code=code)

    def clean(self):
        cleaned_data = super().clean()
        if self.cleaned_data.get(HONEYPOT_FIELD):
            self._set_data(HONEYPOT_FIELD, "")
            self._refuse(HONEYPOT_FILLED, "honeypot")
        # Only once the answers are otherwise right: a person who has mistakes to put right
        # hears about those alone, and their second try is timed from the first showing.
        if self.check_fill_time and not self._errors:
            elapsed = seconds_since(self.cleaned_data.get(STARTED_FIELD))
            if elapsed is None:
                self._set_data(STARTED_FIELD, form_started_stamp())
                self._refuse(NOT_CHECKED, "not_checked")
            if elapsed < min_fill_seconds():
                self._refuse(TOO_FAST, "too_fast")
        # Services take cleaned_data: they never see these two.
        cleaned_data.pop(HONEYPOT_FIELD, None)
        cleaned_data.pop(STARTED_FIELD, None)
        return cleaned_data
