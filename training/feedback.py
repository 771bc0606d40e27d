"""Read-side figures from attendees' feedback, for the reports (which import this; training
imports no report code). One grouped query."""

from django.db.models import Count, Q

from .models import Confidence, FeedbackRequest, Usefulness

USEFUL = [Usefulness.VERY, Usefulness.QUITE]
CONFIDENT = [Confidence.VERY, Confidence.FAIRLY]


def feedback_by_course(*, start_at, end_before):
    """Answered feedback on sessions starting in [start_at, end_before), per course.

    Returns [{"title", "responses", "useful", "confident", "may_publish"}], one per
    course with any answer, in catalogue order.
    "useful" counts "very useful" and "useful"; "confident" counts "very" and "fairly".
    """
    rows = (
        FeedbackRequest.objects.filter(
            answered_at__isnull=False,
            booking__session__starts_at__gte=start_at,
            booking__session__starts_at__lt=end_before,
        )
        .order_by()
        .values(
            "booking__session__course_id",
            "booking__session__course__title",
            "booking__session__course__order",
        )
        .annotate(
            responses=Count("pk"),
            useful=Count("pk", filter=Q(usefulness__in=USEFUL)),
            confident=Count("pk", filter=Q(confidence__in=CONFIDENT)),
            may_publish=Count("pk", filter=Q(may_publish=True)),
        )
    )
    rows = sorted(
        rows,
        key=lambda row: (
            row["booking__session__course__order"],
            row["booking__session__course__title"],
        ),
    )
    return [
        {
            "title": row["booking__session__course__title"],
            **{key: row[key] for key in ("responses", "useful", "confident", "may_publish")},
        }
        for row in rows
    ]
