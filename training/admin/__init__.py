"""The training administrators' admin, by journey: courses and venues, sessions (changes,
registers, certificates, feedback), bookings (details, attendance, phone bookings) and the
records the services keep (certificates, feedback, alerts, the action log).

Anything that changes who holds a place, or what a delegate was told, goes through
`training.services` (the same functions the public pages use), never a bare save.
"""

from . import bookings, courses, sessions  # noqa: F401 (registers the admin classes)
