"""{% crispy_cached form %}: `{% crispy form %}`, with a blank form's markup made once per process.

On a question page the form costs more to render than everything else on it (crispy-forms
walks its layout objects and a dozen templates per field). A blank form (not submitted, no
answer to show) looks the same to every visitor but for the CSRF token, so the first time a
process renders one it keeps the markup with a placeholder where the token goes, and every
later page gets a copy with its own visitor's token. The page itself is still rendered for
each request, with whatever it shows counted then (places left on a booking page are exact).

Only forms whose class says so are kept (`cache_blank_render = True`): their markup must
depend on nothing but the class, which rules out choices read from the database. A form
that was submitted, has errors, or has an answer to show is rendered by crispy as usual.
"""

import secrets

from crispy_forms.templatetags.crispy_forms_tags import CrispyFormNode
from django import template
from django.utils.safestring import mark_safe

register = template.Library()

_PLACEHOLDER = "csrf-placeholder-" + secrets.token_hex(16)
_FORM_VARIABLE = "crispy_cached_form"
_MAX_ENTRIES = 64
_blank_forms = {}


def _crispy(context, form):
    with context.push({_FORM_VARIABLE: form}):
        return CrispyFormNode(_FORM_VARIABLE, None).render(context)


def _key(form):
    """What, besides the class, changes a blank form's markup; None if it may not be kept."""
    if not getattr(form, "cache_blank_render", False) or form.is_bound:
        return None
    if any(value not in (None, "", [], ()) for value in form.initial.values()):
        return None
    # A field changed for this instance (a per-visit value, a label set in __init__ that
    # depends on arguments...) is not the class's markup: render it afresh.
    declared = type(form).base_fields
    for name, field in form.fields.items():
        original = declared.get(name)
        if original is None or field.initial != original.initial or field.label != original.label:
            return None
    return (
        type(form),
        form.prefix,
        form.auto_id,
        form.label_suffix,
        getattr(form, "submit_label", None),
    )


@register.simple_tag(takes_context=True)
def crispy_cached(context, form):
    key = _key(form)
    token = context.get("csrf_token")
    if key is None or token is None:
        return _crispy(context, form)
    html = _blank_forms.get(key)
    if html is None:
        with context.push(csrf_token=_PLACEHOLDER):
            html = _crispy(context, form)
        if len(_blank_forms) < _MAX_ENTRIES:
            _blank_forms[key] = html
    # The token is the visitor's own (reading it also sets their CSRF cookie, as the
    # {% csrf_token %} tag would); it is made of letters and digits only.
    return mark_safe(html.replace(_PLACEHOLDER, str(token)))  # noqa: S308 (crispy's own output)


def forget_blank_forms():
    """For tests: start again with no markup kept."""
    _blank_forms.clear()
