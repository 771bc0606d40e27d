"""Cancelling a booking from the link in its email: confirm first, then cancel."""

from django.conf import settings
from django.shortcuts import redirect
from django.shortcuts import render as django_render
from django.utils import timezone

from core.ratelimit import rate_limit

from .. import selectors, services
from ..forms import CancelBookingForm
from ..models import Booking

CANCELLED_KEY = "training_cancelled"


def render(request, template, context=None, status=200):
    context = {"training_team_email": settings.TRAINING_TEAM_EMAIL, **(context or {})}
    return django_render(request, template, context, status=status)


@rate_limit(key="training-cancel", rate=settings.RATE_LIMITS["training-cancel"])
def cancel(request, token):
    booking = selectors.booking_for_cancel_token(token)
    if booking is None:
        return render(request, "training/cancel_invalid.html", status=404)
    if not booking.is_active:
        return render(request, "training/cancel_already.html", {"booking": booking})
    if booking.session.starts_at <= timezone.now():
        return render(request, "training/cancel_past.html", {"booking": booking})
    form = CancelBookingForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_booking(booking_id=booking.pk, by=Booking.CancelledBy.DELEGATE)
        except services.CannotCancelError as error:
            # Cancelled in another tab (or the session started) since the page was shown.
            template = "cancel_past" if error.reason == "past" else "cancel_already"
            return render(request, f"training/{template}.html", {"booking": booking})
        request.session[CANCELLED_KEY] = booking.pk
        return redirect("training:cancelled")
    return render(request, "training/cancel_confirm.html", {"booking": booking, "form": form})


def cancelled(request):
    booking_id = request.session.get(CANCELLED_KEY)
    booking = (
        Booking.objects.select_related("session__course", "session__venue")
        .filter(pk=booking_id, status=Booking.Status.CANCELLED)
        .first()
        if booking_id
        else None
    )
    if booking is None:
        return redirect("training:catalogue")
    return render(request, "training/cancelled.html", {"booking": booking})
