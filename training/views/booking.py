"""The booking journey: council employee? -> your details -> colleagues -> check -> confirmation.

Answers in progress are a BookingDraft, encrypted at rest (core.encryption); the
visitor's Django session holds only the draft's random id per session booked, never a
name, email, phone or access need. The draft goes when the booking is made, and after 2
hours idle. Every page is `Cache-Control: no-store` (never_cache), so a shared computer's
next user cannot bring the answers back from the browser cache.

Every step re-reads the session with its places counted at that moment, so "places left"
is always exact and a session that closes mid-journey is caught at the next step.
"""

import uuid

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from core.ratelimit import rate_limit

from .. import selectors, services
from ..forms import (
    ColleaguesForm,
    ConfirmBookingForm,
    CouncilEmployeeForm,
    DelegateDetailsForm,
    PublicDelegateDetailsForm,
)
from ..models import Booking, Sector, Session
from ..services import drafts

JOURNEY_KEY = "training_booking"  # {session public id: draft id}
DONE_KEY = "training_booked_keys"  # idempotency keys of bookings this visitor made
CONFIRMATION_KEY = "training_confirmation"
DETAIL_FIELDS = services.DETAIL_FIELDS
KEEP_DONE_KEYS = 10
# One count for every step's posts: a person books in a handful, a robot in hundreds.
limited = rate_limit(key="training-booking", rate=settings.RATE_LIMITS["training-booking"])


def _session_or_404(public_id):
    try:
        return selectors.session_for_booking(public_id)
    except Session.DoesNotExist:
        raise Http404("No such session") from None


def _draft_id(request, session):
    return request.session.get(JOURNEY_KEY, {}).get(str(session.public_id))


def _answers(request, session):
    """The visitor's answers so far (decrypted from their draft), or {}."""
    draft_id = _draft_id(request, session)
    if not draft_id:
        return {}
    draft = drafts.load_draft(draft_id=draft_id, session_id=session.pk)
    return draft.payload if draft is not None else {}


def _save_answers(request, session, answers):
    draft = drafts.save_draft(
        draft_id=_draft_id(request, session), session_id=session.pk, payload=answers
    )
    journeys = request.session.get(JOURNEY_KEY, {})
    if journeys.get(str(session.public_id)) != str(draft.pk):
        journeys[str(session.public_id)] = str(draft.pk)
        request.session[JOURNEY_KEY] = journeys


def _forget_answers(request, session):
    journeys = request.session.get(JOURNEY_KEY, {})
    drafts.discard_draft(draft_id=journeys.pop(str(session.public_id), None))
    request.session[JOURNEY_KEY] = journeys


def _url(name, session):
    return reverse(f"training:{name}", kwargs={"public_id": session.public_id})


def _context(session, **extra):
    return {
        "session": session,
        "course": session.course,
        "state": session.booking_state(),
        **extra,
    }


def _unavailable(request, session, message=None):
    """The page for a session that cannot be booked (cancelled, past or closed)."""
    state = session.booking_state()
    message = message or services.SessionNotBookableError.MESSAGES.get(state)
    return render(
        request,
        "training/booking_unavailable.html",
        _context(session, message=message),
    )


def _closed(session):
    return session.booking_state() in {"cancelled", "past", "closed"}


@never_cache
@limited
def start(request, public_id):
    """Step 1: council employees are sent to Your HR instead of the public form.

    Kept cheap: a first visit (no draft yet) reads no draft and writes nothing.
    """
    session = _session_or_404(public_id)
    if _closed(session):
        return _unavailable(request, session)
    answers = _answers(request, session) if request.session.session_key else {}
    form = CouncilEmployeeForm(
        request.POST if request.method == "POST" else None,
        initial={"council_employee": answers.get("council_employee")},
    )
    if request.method == "POST" and form.is_valid():
        answers["council_employee"] = form.cleaned_data["council_employee"]
        _save_answers(request, session, answers)
        if answers["council_employee"] == "yes":
            return redirect(_url("book-council-employee", session))
        return redirect(_url("book-details", session))
    return render(
        request,
        "training/book_start.html",
        _context(session, form=form, back_url=session.course.get_absolute_url()),
    )


def council_employee(request, public_id):
    session = _session_or_404(public_id)
    return render(
        request,
        "training/book_council_employee.html",
        _context(
            session,
            back_url=_url("book", session),
            training_team_email=settings.TRAINING_TEAM_EMAIL,
        ),
    )


@never_cache
@limited
def details(request, public_id):
    """Step 2: the delegate's details.

    The spam checks' minimum fill time applies only the first time: details shown again
    filled in (Back, or Change on the check page) may rightly be sent back at once.
    """
    session = _session_or_404(public_id)
    if _closed(session):
        return _unavailable(request, session)
    answers = _answers(request, session)
    if answers.get("council_employee") != "no":
        return redirect(_url("book", session))
    form = PublicDelegateDetailsForm(
        request.POST if request.method == "POST" else None,
        initial=answers.get("details"),
        check_fill_time=not answers.get("details"),
    )
    if request.method == "POST" and form.is_valid() and _not_booked_yet(form, session):
        answers["details"] = {name: form.cleaned_data[name] for name in DETAIL_FIELDS}
        _save_answers(request, session, answers)
        return redirect(_url("book-colleagues", session))
    return render(
        request,
        "training/book_details.html",
        _context(session, form=form, back_url=_url("book", session)),
    )


def _not_booked_yet(form, session):
    """Say so early if this email already has a booking (book_place checks again, locked)."""
    if selectors.has_active_booking(session=session, email=form.cleaned_data["email"]):
        form.add_error("email", services.AlreadyBookedError.message)
        return False
    return True


@never_cache
@limited
def colleagues(request, public_id):
    """Step 3 (optional): up to 5 colleagues from the same organisation, each booked on
    their own (own name, email, job role and confirmation)."""
    session = _session_or_404(public_id)
    if _closed(session):
        return _unavailable(request, session)
    answers = _answers(request, session)
    if answers.get("council_employee") != "no" or not answers.get("details"):
        return redirect(_url("book", session))
    form = ColleaguesForm(
        request.POST if request.method == "POST" else None,
        initial=ColleaguesForm.initial_from(answers.get("colleagues", [])),
        lead=answers["details"],
        session=session,
    )
    if request.method == "POST" and form.is_valid():
        answers["colleagues"] = form.colleagues()
        _save_answers(request, session, answers)
        return redirect(_url("book-check", session))
    return render(
        request,
        "training/book_colleagues.html",
        _context(
            session,
            form=form,
            organisation=answers["details"]["organisation"],
            back_url=_url("book-details", session),
        ),
    )


def _known_keys(request, answers):
    """The idempotency keys this visitor's own session made: only these are honoured."""
    keys = set(request.session.get(DONE_KEY, []))
    if answers.get("idempotency_key"):
        keys.add(answers["idempotency_key"])
    return keys


@never_cache
@limited
def check(request, public_id):
    """Step 4: check your answers, then book (or join the waiting list).

    A resubmitted form (double click, back and submit again) finds its booking, even
    after the first submit deleted the draft, but only from the session that made it:
    another browser posting someone's key gets nothing of theirs.
    """
    session = _session_or_404(public_id)
    answers = _answers(request, session)
    if request.method == "POST":
        key = request.POST.get("idempotency_key", "")
        if key in _known_keys(request, answers):
            existing = _booking_for_key(key, session)
            if existing is not None:
                return _to_confirmation(request, session, existing)
    if _closed(session):
        return _unavailable(request, session)
    if answers.get("council_employee") != "no" or not answers.get("details"):
        return redirect(_url("book", session))
    if not answers.get("idempotency_key"):
        answers["idempotency_key"] = str(uuid.uuid4())
        _save_answers(request, session, answers)
    label = "Confirm booking" if session.booking_state() == "open" else "Join the waiting list"
    form = ConfirmBookingForm(
        request.POST if request.method == "POST" else None,
        initial={"idempotency_key": answers["idempotency_key"]},
        submit_label=label,
    )
    problem = None
    if (
        request.method == "POST"
        and form.is_valid()
        and str(form.cleaned_data["idempotency_key"]) == answers["idempotency_key"]
    ):
        try:
            result = services.book_place(
                session_id=session.pk,
                delegate=services.Delegate(**answers["details"]),
                colleagues=[
                    _colleague(answers["details"], item) for item in answers.get("colleagues", [])
                ],
                idempotency_key=answers["idempotency_key"],
            )
        except services.SessionNotBookableError as error:
            return _unavailable(request, session, error.message)
        except services.BookingError as error:
            problem = error.message
        else:
            return _to_confirmation(request, session, result.booking)
    elif request.method == "POST":
        # Only a tampered hidden field gets here: start the check again with a fresh key.
        return redirect(_url("book-check", session))
    return render(
        request,
        "training/book_check.html",
        _context(
            session,
            form=form,
            problem=problem,
            rows=_answer_rows(answers["details"]),
            colleagues=answers.get("colleagues", []),
            back_url=_url("book-colleagues", session),
        ),
    )


def _colleague(lead, item):
    """A colleague's own name, email and job role, with the lead's phone and organisation."""
    return services.Delegate(
        **item, phone=lead["phone"], organisation=lead["organisation"], sector=lead["sector"]
    )


def _answer_rows(details):
    """(label, value, field name) for the check-your-answers list."""
    fields = DelegateDetailsForm.base_fields
    rows = []
    for name in DETAIL_FIELDS:
        value = details.get(name, "")
        if name == "sector":
            value = Sector(value).label if value in Sector.values else value
        label = str(fields[name].label).replace(" (optional)", "")
        if name == "sector":
            label = "Sector"
        rows.append((label, value, name))
    return rows


def _booking_for_key(key, session):
    try:
        key = uuid.UUID(key)
    except ValueError:
        return None
    return Booking.objects.filter(idempotency_key=key, session=session).first()


def _to_confirmation(request, session, booking):
    _forget_answers(request, session)
    done = [key for key in request.session.get(DONE_KEY, []) if key != str(booking.idempotency_key)]
    if booking.idempotency_key:
        request.session[DONE_KEY] = [*done, str(booking.idempotency_key)][-KEEP_DONE_KEYS:]
    request.session[CONFIRMATION_KEY] = booking.pk
    return redirect(_url("book-confirmation", session))


@never_cache
def confirmation(request, public_id):
    """Step 5: the references, in a panel. Only the browser that booked can see it."""
    session = _session_or_404(public_id)
    booking_id = request.session.get(CONFIRMATION_KEY)
    booking = Booking.objects.filter(pk=booking_id, session=session).first() if booking_id else None
    if booking is None:
        return redirect(session.course.get_absolute_url())
    return render(
        request,
        "training/book_confirmation.html",
        _context(session, booking=booking, colleagues=list(booking.colleagues.order_by("pk"))),
    )
