"""Read a page's form the way a browser does, to post it back in tests.

`browser_pairs(html, form_id=None)` gives the (name, value) pairs a browser would send for
the form as shown: text boxes and hidden inputs with their values, checked boxes and
radios, selected options (a single select without one sends its first option), textarea
text; disabled controls and buttons are left out.
"""

from html.parser import HTMLParser

_SKIPPED_TYPES = {"submit", "button", "image", "reset", "file"}


class _Forms(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []  # [(attrs, [(name, value)])]
        self._form = None
        self._select = None  # [name, multiple, options [(value, selected)]]
        self._option = None  # [value or None, text, selected]
        self._textarea = None  # [name, text]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = (attrs, [])
            self.forms.append(self._form)
            return
        if self._form is None or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind in _SKIPPED_TYPES:
                return
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self._form[1].append((name, attrs.get("value", "on")))
                return
            self._form[1].append((name, attrs.get("value", "")))
        elif tag == "select" and name:
            self._select = [name, "multiple" in attrs, []]
        elif tag == "option" and self._select is not None:
            self._option = [attrs.get("value"), "", "selected" in attrs]
        elif tag == "textarea" and name:
            self._textarea = [name, ""]

    def handle_data(self, data):
        if self._option is not None:
            self._option[1] += data
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "option" and self._option is not None:
            value, text, selected = self._option
            self._select[2].append((text.strip() if value is None else value, selected))
            self._option = None
        elif tag == "select" and self._select is not None:
            name, multiple, options = self._select
            chosen = [value for value, selected in options if selected]
            if not chosen and not multiple and options:
                chosen = [options[0][0]]
            self._form[1].extend((name, value) for value in chosen)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            # A browser drops the one newline that may follow <textarea>.
            self._form[1].append((name, text[1:] if text.startswith("\n") else text))
            self._textarea = None
        elif tag == "form":
            self._form = None


def forms_in(html):
    parser = _Forms()
    parser.feed(html)
    return parser.forms


def browser_pairs(html, form_id=None):
    """The pairs of the form with id `form_id`, else of the page's first POST form that is
    not the header's sign-out form."""
    for attrs, pairs in forms_in(html):
        if form_id is not None:
            if attrs.get("id") == form_id:
                return pairs
            continue
        if (attrs.get("method") or "get").lower() == "post" and "logout" not in (
            attrs.get("action") or ""
        ):
            return pairs
    raise AssertionError(f"No form {form_id or ''} on the page")
