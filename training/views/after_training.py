"""After a session: the certificate check (and its PDF) and the attendee's feedback form."""

from contextlib import suppress

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from .. import services
from ..certificate_pdf import certificate_pdf
from ..forms import FeedbackForm
from ..models import Certificate, FeedbackRequest
from ..services import feedback as feedback_services


def _certificate(code):
    # Codes are shown in capitals; one typed in lower case is the same code.
    return Certificate.objects.filter(code=code.strip().upper()).first()


@never_cache
def certificate(request, code):
    """Anyone with the code can check a certificate: name, course and date, or "not found"."""
    found = _certificate(code)
    if found is None:
        return render(request, "training/certificate_not_found.html", status=404)
    return render(request, "training/certificate.html", {"certificate": found})


@never_cache
def certificate_pdf_view(request, code):
    """The certificate as a PDF: the delegate's link to download it again, at any time."""
    found = _certificate(code)
    if found is None:
        raise Http404("No such certificate")
    response = HttpResponse(certificate_pdf(found), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="prevent-certificate-{found.code}.pdf"'
    return response


@never_cache
def feedback(request, token):
    """The feedback form behind the link in the email: one answer per booking, then thanks."""
    found = feedback_services.feedback_for_token(token)
    if found is None:
        return render(request, "training/feedback_invalid.html", status=404)
    context = {"course": found.booking.session.course, "session": found.booking.session}
    if found.is_answered:
        return render(request, "training/feedback_thanks.html", context)
    form = FeedbackForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        # A second tab or a double click: the first answer stands.
        with suppress(services.FeedbackAlreadyGivenError, FeedbackRequest.DoesNotExist):
            services.submit_feedback(token=token, **form.cleaned_data)
        return render(request, "training/feedback_thanks.html", context)
    return render(request, "training/feedback.html", {**context, "form": form})
