"""Signals other apps may listen to. Training imports no other app to tell them things.

`feedback_given(feedback=FeedbackRequest)`: sent inside the transaction that stores an
attendee's feedback. The content side (reports.testimonials) turns a quote the attendee
allowed to be published into a draft testimonial for an editor; pages imports training,
so training must not import pages back.
"""

from django.dispatch import Signal

feedback_given = Signal()
