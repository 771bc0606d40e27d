"""The booking journey: council employee? -> your details -> check your answers -> confirmation.

Answers live in the (database-backed) Django session between steps, keyed by the
session's public id, never in URLs. Every step re-reads the session with its places
counted at that moment, so "places left" is always exact and a session that closes
mid-journey is caught at the next step.
"""

import uuid

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from core.ratelimit import rate_limit

from .. import selectors, services
from ..forms import (
    ConfirmBookingForm,
    CouncilEmployeeForm,
    DelegateDetailsForm,
    PublicDelegateDetailsForm,
)
from ..models import Booking, Sector, Session

JOURNEY_KEY = "training_booking"
CONFIRMATION_KEY = "training_confirmation"
DETAIL_FIELDS = ["full_name", "email", "phone", "organisation", "sector", "job_role", "needs"]
# One count for every step's posts: a person books in a handful, a robot in hundreds.
limited = rate_limit(key="training-booking", rate=settings.RATE_LIMITS["training-booking"])


def _session_or_404(public_id):
    try:
        return selectors.session_for_booking(public_id)
    except Session.DoesNotExist:
        raise Http404("No such session") from None


def _answers(request, session):
    return request.session.get(JOURNEY_KEY, {}).get(str(session.public_id), {})


def _save_answers(request, session, answers):
    journeys = request.session.get(JOURNEY_KEY, {})
    journeys[str(session.public_id)] = answers
    request.session[JOURNEY_KEY] = journeys


def _forget_answers(request, session):
    journeys = request.session.get(JOURNEY_KEY, {})
    journeys.pop(str(session.public_id), None)
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


@limited
def start(request, public_id):
    """Step 1: council employees are sent to Your HR instead of the public form."""
    session = _session_or_404(public_id)
    if _closed(session):
        return _unavailable(request, session)
    answers = _answers(request, session)
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
        return redirect(_url("book-check", session))
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


@limited
def check(request, public_id):
    """Step 3: check your answers, then book (or join the waiting list)."""
    session = _session_or_404(public_id)
    answers = _answers(request, session)
    if request.method == "POST":
        # A resubmitted form (double click, back and submit again) finds its booking,
        # even after the first submit has cleared the answers.
        key = request.POST.get("idempotency_key", "")
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
    if request.method == "POST" and form.is_valid():
        delegate = services.Delegate(**answers["details"])
        try:
            result = services.book_place(
                session_id=session.pk,
                delegate=delegate,
                idempotency_key=form.cleaned_data["idempotency_key"],
            )
        except services.SessionNotBookableError as error:
            return _unavailable(request, session, error.message)
        except services.AlreadyBookedError as error:
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
            back_url=_url("book-details", session),
        ),
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
    request.session[CONFIRMATION_KEY] = booking.pk
    return redirect(_url("book-confirmation", session))


def confirmation(request, public_id):
    """Step 4: the reference, in a panel. Only the browser that booked can see it."""
    session = _session_or_404(public_id)
    booking_id = request.session.get(CONFIRMATION_KEY)
    booking = Booking.objects.filter(pk=booking_id, session=session).first() if booking_id else None
    if booking is None:
        return redirect(session.course.get_absolute_url())
    return render(
        request,
        "training/book_confirmation.html",
        _context(session, booking=booking),
    )
