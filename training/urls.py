from django.urls import path

from .views import after_training, alerts, booking, cancel, catalogue, group

app_name = "training"

book = "sessions/<uuid:public_id>/book/"
# The read-only pages come from the page cache for visitors (never the booking pages):
# TrainingConfig.ready() (training/apps.py) says which.

urlpatterns = [
    path("", catalogue.catalogue, name="catalogue"),
    path("calendar.ics", catalogue.calendar_feed, name="calendar"),
    path(book, booking.start, name="book"),
    path(book + "council-employee/", booking.council_employee, name="book-council-employee"),
    path(book + "details/", booking.details, name="book-details"),
    path(book + "colleagues/", booking.colleagues, name="book-colleagues"),
    path(book + "check/", booking.check, name="book-check"),
    path(book + "confirmation/", booking.confirmation, name="book-confirmation"),
    path("bookings/cancel/<str:token>/", cancel.cancel, name="cancel"),
    path("bookings/cancelled/", cancel.cancelled, name="cancelled"),
    path("group-sessions/", group.group_request, name="group-request"),
    path("group-sessions/sent/", group.group_request_sent, name="group-request-sent"),
    path("certificates/<str:code>/", after_training.certificate, name="certificate"),
    path(
        "certificates/<str:code>/certificate.pdf",
        after_training.certificate_pdf_view,
        name="certificate-pdf",
    ),
    path("feedback/<str:token>/", after_training.feedback, name="feedback"),
    path("alerts/confirm/<str:token>/", alerts.confirm, name="alert-confirm"),
    path("alerts/unsubscribe/<str:token>/", alerts.unsubscribe, name="alert-unsubscribe"),
    path("alerts/<slug:slug>/", alerts.sign_up, name="alert"),
    path("alerts/<slug:slug>/sent/", alerts.sent, name="alert-sent"),
    # Last: a course's slug takes whatever single path segment is left.
    path("<slug:slug>/", catalogue.course, name="course"),
]
