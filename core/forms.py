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

    def error_links(self):
        """(target id, message) pairs for the error summary, each linking to its own input.

        GOV.UK links a radio group to its first radio (crispy-forms-gds names them
        "id_<name>_1", not "id_<name>"), and a date to the part that is wrong (its widget
        records which part failed in `errors`), else to the day.
        """
        names = list(self.fields)
        links = [(self[names[0]].auto_id if names else "", e) for e in self.non_field_errors()]
        for name, field in self.fields.items():
            bound = self[name]
            if not bound.errors:
                continue
            if isinstance(field, forms.MultiValueField):
                parts = {}
                for index, subfield in enumerate(field.fields):
                    for message in getattr(subfield.widget, "errors", []):
                        parts.setdefault(message, f"{bound.auto_id}_{index}")
                links.extend((parts.get(e, f"{bound.auto_id}_0"), e) for e in bound.errors)
            elif isinstance(field.widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
                links.extend((f"{bound.auto_id}_1", e) for e in bound.errors)
            else:
                links.extend((bound.auto_id, e) for e in bound.errors)
        return links

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


def text_field(
    label,
    *,
    required,
    field_class=forms.CharField,
    attrs=None,
    input_type=None,
    **options,
):
    """A one-line text input with GOV.UK error messages, for the many short text questions.

    `required` is the message shown when the answer is missing, or False for an optional
    question. `attrs` go on the input (autocomplete, inputmode, a width class...);
    `input_type` ("email", "tel") sets the input's type through crispy-forms-gds's
    "input_type" attribute, because that pack gives the red error border only to
    TextInput widgets. Any other option goes to the field (max_length, help_text,
    validators, min_value...), except keys ending in "_message", which become the error
    messages of that name: text_field(..., invalid_message="Enter a real number").
    """
    messages = {
        k.removesuffix("_message"): options.pop(k) for k in list(options) if k.endswith("_message")
    }
    attrs = dict(attrs or {})
    if input_type:
        attrs["input_type"] = input_type
    if required:
        messages["required"] = required
    field = field_class(
        label=label, required=bool(required), widget=forms.TextInput(attrs=attrs), **options
    )
    return govuk_field(field, **messages)


def email_field(label="Email address", *, required, **options):
    """An email question: the address is lower-cased by the services, not here."""
    attrs = {"autocomplete": "email", "spellcheck": "false", **options.pop("attrs", {})}
    return text_field(
        label,
        required=required,
        field_class=forms.EmailField,
        attrs=attrs,
        input_type="email",
        max_length=254,
        **options,
    )
