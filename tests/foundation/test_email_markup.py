"""The HTML emails' details tables are data tables a screen reader can follow (issue 16)."""

from html.parser import HTMLParser

import pytest

from tests.training.factories import book, make_session

pytestmark = pytest.mark.django_db(transaction=True)


class Tables(HTMLParser):
    """Each table's role, caption text and row headers."""

    def __init__(self):
        super().__init__()
        self.tables, self._in = [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self.tables.append({"role": attrs.get("role"), "caption": "", "headers": []})
        elif tag in {"caption", "th"} and self.tables:
            self._in = tag
            if tag == "th":
                self.tables[-1]["headers"].append(attrs.get("scope"))

    def handle_endtag(self, tag):
        if tag == self._in:
            self._in = None

    def handle_data(self, data):
        if self._in == "caption":
            self.tables[-1]["caption"] += data.strip()


def test_the_booking_email_details_table_is_a_data_table_with_a_caption(run_tasks):
    book(make_session(), email="sam@example.com")
    message = next(m for m in run_tasks() if "sam@example.com" in m.to)
    html = message.alternatives[0][0]
    parser = Tables()
    parser.feed(html)
    details = [table for table in parser.tables if table["headers"]]
    assert len(details) == 1
    assert details[0]["role"] is None  # not role="presentation": its headers are read out
    assert details[0]["caption"] == "Your booking"
    assert set(details[0]["headers"]) == {"row"}
    # The reference is never broken across lines.
    assert 'style="white-space:nowrap;"' in html
