"""Who sees which section of the reports: the roles that own the data, nobody else.

Training figures are for training administrators (and superusers, who hold every role
but one); referral statistics are for Prevent officers only, superusers included only
when they are officers too, as for the referrals themselves.
"""

from core.roles import TRAINING_ADMIN, has_role, is_prevent_officer

TRAINING = "training"
REFERRALS = "referrals"
SECTIONS = {
    TRAINING: lambda user: has_role(user, TRAINING_ADMIN),
    REFERRALS: is_prevent_officer,
}


def sections_for(user):
    """The section keys `user` may see, in page order (empty for anyone else)."""
    return [key for key, allowed in SECTIONS.items() if allowed(user)]


def sections_for_request(request):
    """sections_for(request.user), asked once per request."""
    if not hasattr(request, "_report_sections"):
        request._report_sections = sections_for(request.user)
    return request._report_sections


def section_of(slug):
    """The section a table slug belongs to ("training-by-course" -> "training")."""
    key = slug.split("-", 1)[0]
    return key if key in SECTIONS else None
