"""Permitted quotes from training feedback become draft testimonials for an editor.

Lives here, not in training (training must not import pages, which imports training)
nor in pages (which would then have to know training's feedback). reports already reads
both apps. Connected in ReportsConfig.ready() to training.signals.feedback_given, which is
sent inside the transaction that stores the feedback, so the draft and the answer commit
together.
"""


def make_draft_testimonial(sender, *, feedback, **kwargs):
    """A quote the attendee allowed to be published, unpublished until an editor checks it."""
    from pages.models import Testimonial

    if not (feedback.may_publish and feedback.most_useful):
        return None
    booking = feedback.booking
    return Testimonial.objects.create(
        quote=feedback.most_useful,
        role=booking.job_role[:120] or "Delegate",
        organisation=booking.organisation[:150],
        course=booking.session.course,
        is_published=False,
    )


def connect():
    from training.signals import feedback_given

    feedback_given.connect(make_draft_testimonial, dispatch_uid="reports.draft_testimonial")
