"""The base form every public form extends.

It gives GOV.UK Design System wording to the errors Django would otherwise word
for developers ("This field is required."), renders with the crispy-forms-gds
template pack, and adds a Continue (or other) button. Pages render the error
summary above the form with `{% error_summary form %}`, and the base layout puts
"Error: " in front of the page title whenever the form has errors.
"""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Submit
from django import forms


def _subject(field, name):
    label = str(field.label or name.replace("_", " "))
    return label[0].lower() + label[1:] if label[:2] != label[:2].upper() else label


class GovUKFormMixin:
    submit_label = "Continue"
    # Optional mapping of field name to the thing the user must give, used in errors:
    # e.g. {"email": "your email address"} gives "Enter your email address".
    error_subjects: dict[str, str] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            subject = self.error_subjects.get(name) or _subject(field, name)
            choose = isinstance(field, (forms.ChoiceField, forms.BooleanField)) or isinstance(
                field.widget, (forms.RadioSelect, forms.CheckboxInput, forms.Select)
            )
            defaults = {
                "required": f"{'Select' if choose else 'Enter'} {subject}",
                "invalid": f"Enter {subject} in the correct format",
                "max_length": f"{subject[0].upper() + subject[1:]} must be %(limit_value)d characters or fewer",
                "invalid_choice": f"Select {subject} from the list",  # noqa: S608 (not SQL)
            }
            if isinstance(field, forms.EmailField):
                defaults["invalid"] = (
                    "Enter an email address in the correct format, like name@example.com"
                )
            if isinstance(field, forms.IntegerField):
                defaults["invalid"] = f"{subject[0].upper() + subject[1:]} must be a whole number"
            # Messages a form declares itself win over the defaults.
            field.error_messages = {
                **field.error_messages,
                **defaults,
                **self._declared_messages(field),
            }
        self.helper = FormHelper(self)
        self.helper.attrs = {"novalidate": ""}
        if self.submit_label:
            self.helper.add_input(Submit("submit", self.submit_label))

    @staticmethod
    def _declared_messages(field):
        return getattr(field, "govuk_messages", {})


class GovUKForm(GovUKFormMixin, forms.Form):
    pass


class GovUKModelForm(GovUKFormMixin, forms.ModelForm):
    pass


def govuk_field(field, **messages):
    """Attach GOV.UK error messages to a field: govuk_field(forms.CharField(), required="...")."""
    field.govuk_messages = messages
    return field
