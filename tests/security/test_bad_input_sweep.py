"""The bad-input sweep (issue 6, item 8): every public form and every admin add form.

Hypothesis starts from what a browser sends for the page as shown (tests/security/
html_forms.py) and spoils it field by field: a value dropped, replaced by junk (random
and long text, NUL bytes, control and right-to-left characters, bytes that are not UTF-8,
UTF-8-encoded surrogates, numbers out of range, markup), sent two or three times, or
replaced by a 1 MB string; unknown fields are added. Each post must give:

- never a 500 (the test client re-raises any exception a view lets through);
- on refusal, a clear error: the GOV.UK error summary on public pages ("Error: " in the
  title), the admin's error note on admin pages; a body over Django's upload limit gets
  the 400 page;
- never a partial record: on any refusal, not one row of any table has been added or
  removed (every model's table is counted before and after, in one query).

Query strings get the same treatment on the search, the catalogue filters and the staff
reports' period form. Example counts are modest (25-40 a form, no deadline) to keep the
suite quick on two cores; BAD_INPUT_SWEEP_SCALE=10 multiplies them for a deeper hunt.
"""

import os
import re
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.contrib import admin
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from core.roles import PREVENT_OFFICER
from core.testing import as_browser
from referrals import journey, services
from referrals.models import Referral, ReferralDraft
from referrals.views import DRAFT_SESSION_KEY
from tests.referrals.factories import raw_answers
from tests.training.factories import book, make_course, make_session
from tests.training.journeys import DETAILS, book_url, group_request, start_booking
from training.models import Booking, GroupSessionRequest
from training.notifications import issue_cancel_token

from .html_forms import browser_pairs
from .test_admin_matrix import ALLOWED, SUPERUSER

pytestmark = pytest.mark.django_db

FORM = "application/x-www-form-urlencoded"

# --- Junk ---------------------------------------------------------------------------------------

SPECIAL = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\r\n",
    "\t\x0b\x0c",
    "\u202eevil",  # right-to-left override
    "\ufeff",
    "😀",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "١٢٣٤",
    "１２３４",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "%00",
    "\\ud800",  # a surrogate, escaped as a client might send it
    "NaN",
    "inf",
    "1e309",
    "-1",
    "0",
    "99999999999999999999999999",
    "2026-02-30",
    "31/02/2026",
    "../../etc/passwd",
    "null",
    "[]",
    "{}",
    "on",
]
# Sent as raw bytes: not UTF-8, a UTF-8-encoded surrogate, an overlong NUL, a cut-off
# sequence, a code point past U+10FFFF.
RAW_BYTES = [b"\xff\xfe", b"\xed\xa0\x80", b"\xc0\x80", b"\xe2\x82", b"\xf4\x90\x80\x80"]


class Long(str):
    """A long value that Hypothesis reports by its length, not its 1 MB of text."""

    def __repr__(self):
        return f"Long({len(self)} characters)"


MEGABYTE = Long("x" * 1_000_000)

junk = st.one_of(
    st.text(max_size=40),
    st.text(min_size=300, max_size=3000),
    st.sampled_from(SPECIAL),
    st.sampled_from(RAW_BYTES),
    st.integers().map(str),
)
# BAD_INPUT_SWEEP_SCALE=10 runs ten times the examples, for a deeper hunt by hand.
SCALE = int(os.environ.get("BAD_INPUT_SWEEP_SCALE", "1"))
examples = settings(
    max_examples=25 * SCALE,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
more_examples = settings(examples, max_examples=40 * SCALE)


@st.composite
def spoiled(draw, baseline):
    """`baseline` (name, value) pairs, spoiled field by field, plus unknown fields."""
    names = list(dict.fromkeys(name for name, _value in baseline))
    pairs = []
    for name in names:
        action = draw(st.sampled_from(["keep", "keep", "drop", "junk", "repeat"]))
        if action == "keep":
            pairs.extend((key, value) for key, value in baseline if key == name)
        elif action == "junk":
            pairs.append((name, draw(junk)))
        elif action == "repeat":
            pairs.extend((name, value) for value in draw(st.lists(junk, min_size=2, max_size=3)))
    pairs.extend(draw(st.lists(st.tuples(st.text(min_size=1, max_size=12), junk), max_size=3)))
    # Now and then one field is 1 MB long.
    if names and draw(st.integers(0, 4)) == 0:
        pairs.append((draw(st.sampled_from(names)), MEGABYTE))
    return pairs


def encoded(pairs):
    return urlencode(pairs).encode("ascii")


def every_table():
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    ]


def row_counts():
    """{table: rows} for every model's table, in one query."""
    tables = sorted({model._meta.db_table for model in every_table()})
    # Table names come from Django's own model registry, quoted: nothing from outside.
    quote = connection.ops.quote_name
    counts = ", ".join(f"(SELECT count(*) FROM {quote(table)})" for table in tables)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + counts)
        return dict(zip(tables, cursor.fetchone(), strict=True))


def changed_tables(before, after, *, sessions=True):
    """Tables whose row count changed (sessions=False: ignoring the session store and the
    encrypted booking drafts, where a journey keeps its answers between steps)."""
    journey = {"django_session", "training_bookingdraft"}
    return {
        table: (before[table], after[table])
        for table in before
        if before[table] != after[table] and (sessions or table not in journey)
    }


def too_big(body):
    return len(body) > django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def post(client, path, pairs):
    """POST the pairs; returns (response, body, rows before, rows after)."""
    body = encoded(pairs)
    before = row_counts()
    response = client.generic("POST", path, body, content_type=FORM)
    event(f"HTTP {response.status_code}")  # --hypothesis-show-statistics shows the spread
    return response, body, before, row_counts()


def assert_refused_clearly(response, body, before, after, *, admin_page=False):
    """A refusal: the right error page or message, and nothing saved."""
    assert not changed_tables(before, after), changed_tables(before, after)
    if response.status_code == 400:
        assert too_big(body), "400 for a body within the upload limit"
        return
    assert response.status_code == 200, response.status_code
    html = response.content.decode()
    if admin_page:
        assert 'class="errornote"' in html, html[:3000]
    else:
        assert "<title>Error: " in html and 'class="govuk-error-summary"' in html, html[:3000]


def fresh_start():
    # Rate limits and cached pages start from nothing in each example.
    cache.clear()


# --- Training: booking journey --------------------------------------------------------------------


def test_booking_first_question(client):
    session = make_session()
    baseline = [
        *browser_pairs(client.get(book_url(session)).content.decode()),
        ("council_employee", "no"),
    ]

    @more_examples
    @given(pairs=spoiled(baseline))
    def check(pairs):
        fresh_start()
        response, body, before, after = post(Client(), book_url(session), pairs)
        if response.status_code == 302:
            assert response.url in {
                book_url(session, "details/"),
                book_url(session, "council-employee/"),
            }
            assert not changed_tables(before, after, sessions=False)
        else:
            assert_refused_clearly(response, body, before, after)

    check()


def test_booking_details(client):
    session = make_session()
    start_booking(client, session)
    page = client.get(book_url(session, "details/")).content.decode()
    baseline = list(as_browser(DETAILS).items())
    # The baseline is what the page asks for: every name is one of its controls.
    assert {f'name="{name}"' for name, _value in baseline} <= set(re.findall(r'name="[^"]+"', page))

    @more_examples
    @given(pairs=spoiled(baseline))
    def check(pairs):
        fresh_start()
        visitor = Client()
        start_booking(visitor, session)
        response, body, before, after = post(visitor, book_url(session, "details/"), pairs)
        if response.status_code == 302:
            assert response.url == book_url(session, "colleagues/")
            assert not changed_tables(before, after, sessions=False)  # answers wait in the draft
        else:
            assert_refused_clearly(response, body, before, after)

    check()


def test_booking_check_answers(client):
    session = make_session(capacity=500)

    @examples
    @given(pairs=spoiled([("idempotency_key", "KEY")]))
    def check(pairs):
        fresh_start()
        visitor = Client()
        start_booking(visitor, session)
        email = f"sam{Booking.objects.count()}@example.com"
        visitor.post(book_url(session, "details/"), as_browser({**DETAILS, "email": email}))
        shown = dict(browser_pairs(visitor.get(book_url(session, "check/")).content.decode()))
        pairs = [
            (name, shown["idempotency_key"] if value == "KEY" else value) for name, value in pairs
        ]
        bookings = Booking.objects.count()
        response, _body, before, after = post(visitor, book_url(session, "check/"), pairs)
        assert response.status_code in (302, 400), response.status_code
        booked = response.status_code == 302 and response.url == book_url(session, "confirmation/")
        assert Booking.objects.count() == bookings + (1 if booked else 0)
        if not booked:
            # A spoiled key starts the check again; nothing is saved.
            assert not changed_tables(before, after)

    check()


def test_booking_cancel_confirmation(client):
    session = make_session(capacity=500)

    @examples
    @given(pairs=spoiled([("csrfmiddlewaretoken", "x")]), token=st.one_of(st.none(), junk))
    def check(pairs, token):
        fresh_start()
        booking = book(session, Booking.objects.count() + 1)
        real = issue_cancel_token(booking)
        path = reverse("training:cancel", kwargs={"token": real})
        if token is not None and isinstance(token, str) and token and "/" not in token:
            path = reverse("training:cancel", kwargs={"token": token})
        response, _body, before, after = post(Client(), path, pairs)
        booking.refresh_from_db()
        if path.endswith(f"/{real}/") and response.status_code == 302:
            assert response.url == reverse("training:cancelled")
            assert booking.status == Booking.Status.CANCELLED
        else:
            assert response.status_code in (200, 400, 404), response.status_code
            assert booking.is_active
            assert not changed_tables(before, after)

    check()


def test_group_request(client):
    make_course(slug="wrap", offers_group_sessions=True)
    page = client.get("/training/group-sessions/").content.decode()
    shown = dict(browser_pairs(page))
    valid = group_request(course="wrap", submission_key=shown["submission_key"])
    baseline = list(as_browser(valid).items())

    @more_examples
    @given(pairs=spoiled(baseline))
    def check(pairs):
        fresh_start()
        requests = GroupSessionRequest.objects.count()
        response, body, before, after = post(Client(), "/training/group-sessions/", pairs)
        if response.status_code == 302:
            assert response.url == "/training/group-sessions/sent/"
            # Saved whole, or found again by its key: never half a request.
            assert GroupSessionRequest.objects.count() - requests in (0, 1)
            for saved in GroupSessionRequest.objects.all():
                saved.full_clean()
        else:
            assert_refused_clearly(response, body, before, after)

    check()


# --- Referrals: every question page and the final submit -------------------------------------------


def referral_visitor(answered):
    """A client whose draft has the first `answered` pages done."""
    visitor = Client()
    raw = raw_answers()
    draft = None
    for step in journey.STEPS[:answered]:
        draft = services.save_draft_step(
            draft_id=draft.pk if draft else None, step_slug=step.slug, raw=raw[step.slug]
        )
    if draft is not None:
        session = visitor.session
        session[DRAFT_SESSION_KEY] = str(draft.pk)
        session.save()
    return visitor, draft


@pytest.mark.parametrize("index", range(len(journey.STEPS)), ids=[s.slug for s in journey.STEPS])
def test_referral_question_page(index):
    step = journey.STEPS[index]
    path = reverse(step.url_name)
    raw = raw_answers()[step.slug]
    baseline = [(name, value) for name, values in raw.items() for value in values]
    if index == 0:
        baseline += list(as_browser({}).items())

    @examples
    @given(pairs=spoiled(baseline))
    def check(pairs):
        fresh_start()
        visitor, draft = referral_visitor(index)
        stored = dict(draft.steps) if draft else {}
        response, body, before, after = post(visitor, path, pairs)
        if response.status_code == 302:
            saved = ReferralDraft.objects.get(pk=visitor.session[DRAFT_SESSION_KEY])
            # Only what validated is stored, and it validates again when read back.
            form = journey.bind(step, saved.steps[step.slug], journey.clean_steps(stored)[0])
            assert form.is_valid(), form.errors
            assert "website" not in saved.steps[step.slug]
        else:
            assert_refused_clearly(response, body, before, after)
            if draft is not None:
                draft.refresh_from_db()
                assert draft.steps == stored

    check()


def test_referral_check_answers_submit():
    @examples
    @given(pairs=spoiled([("submit_token", "TOKEN")]))
    def check(pairs):
        fresh_start()
        visitor, draft = referral_visitor(len(journey.STEPS))
        pairs = [(name, draft.submit_token if value == "TOKEN" else value) for name, value in pairs]
        referrals = Referral.objects.count()
        response, _body, before, after = post(visitor, "/referrals/check-answers/", pairs)
        assert response.status_code in (302, 400), response.status_code
        sent = response.status_code == 302 and response.url == "/referrals/confirmation/"
        assert Referral.objects.count() == referrals + (1 if sent else 0)
        if not sent:
            assert not changed_tables(before, after)
            if response.status_code == 302:
                assert response.url == "/referrals/check-answers/"

    check()


# --- Query strings: search, catalogue filters, the staff reports' period ------------------------------


def get(client, path, pairs):
    response = client.generic("GET", f"{path}?{urlencode(pairs)}")
    event(f"HTTP {response.status_code}")
    return response


@pytest.mark.parametrize(
    ("path", "baseline"),
    [
        ("/search/", [("q", "prevent training"), ("page", "2")]),
        ("/training/", [("course", "wrap"), ("place", "Rugby"), ("month", "2026-12")]),
    ],
)
def test_public_query_strings(path, baseline):
    make_session(course=make_course(slug="wrap"))

    @more_examples
    @given(pairs=spoiled(baseline))
    def check(pairs):
        fresh_start()
        response = get(Client(), path, pairs)
        assert response.status_code == 200, response.status_code

    check()


def test_reports_period_form_as_staff(staff_client):
    client = staff_client(PREVENT_OFFICER, superuser=True)  # sees both sections
    baseline = [
        ("start_0", "1"),
        ("start_1", "4"),
        ("start_2", "2026"),
        ("end_0", "31"),
        ("end_1", "3"),
        ("end_2", "2027"),
    ]

    @examples
    @given(pairs=spoiled(baseline), page=st.sampled_from(["", "summary/"]))
    def check(pairs, page):
        from reports.forms import PeriodForm

        fresh_start()
        response = get(client, f"/admin/reports/{page}", pairs)
        assert response.status_code == 200, response.status_code
        html = response.content.decode()
        query = dict(pairs)
        given_dates = any(name in query for name, _value in baseline)
        if given_dates and not PeriodForm(query).is_valid():
            assert 'class="govuk-error-summary"' in html, html[:3000]

    check()


def test_report_downloads_refuse_a_bad_period_with_400(staff_client):
    client = staff_client(PREVENT_OFFICER, superuser=True)

    @examples
    @given(pairs=spoiled([("start_0", "1"), ("start_1", "4"), ("start_2", "2026")]))
    def check(pairs):
        fresh_start()
        response = get(client, "/admin/reports/training-by-course.csv", pairs)
        assert response.status_code in (200, 400), response.status_code

    check()


# --- Admin add forms ------------------------------------------------------------------------------


def admin_models():
    return sorted(admin.site._registry, key=lambda model: model._meta.label)


def role_for(model):
    """The role whose staff use this admin (a superuser where only superusers may)."""
    roles = ALLOWED[model._meta.app_label]
    return next(iter(sorted(roles))) if roles else SUPERUSER


@pytest.mark.parametrize("model", admin_models(), ids=lambda model: model._meta.label)
def test_admin_add_form(model, staff_client):
    role = role_for(model)
    client = staff_client(None if role == SUPERUSER else role, superuser=role == SUPERUSER)
    meta = model._meta
    url = reverse(f"admin:{meta.app_label}_{meta.model_name}_add")
    page = client.get(url)
    if page.status_code == 302 and page.url.startswith("/admin/"):
        # An add page of the app's own (a booking taken by phone): sweep that form.
        url = page.url
        page = client.get(url)
    if page.status_code == 403:
        # No add for anyone (referrals come from the public form, logs from the site):
        # junk posted there is refused the same way and saves nothing.
        @examples
        @given(pairs=spoiled([("_save", "Save")]))
        def refused(pairs):
            response, _body, before, after = post(client, url, pairs)
            assert response.status_code in (400, 403)
            assert not changed_tables(before, after)

        refused()
        return
    assert page.status_code == 200, (meta.label, page.status_code)
    html = page.content.decode()
    form_id = f"{meta.model_name}_form" if f'id="{meta.model_name}_form"' in html else None
    baseline = [*browser_pairs(html, form_id), ("_save", "Save")]

    @examples
    @given(pairs=spoiled(baseline))
    def check(pairs):
        fresh_start()
        response, body, before, after = post(client, url, pairs)
        if response.status_code == 302:
            assert response.url.startswith("/admin/"), response.url
        else:
            assert_refused_clearly(response, body, before, after, admin_page=True)

    check()
