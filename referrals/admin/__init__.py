"""Case records for Prevent officers, and nobody else, split by what officers do:

- walls.py: the wall (absent, not forbidden, for anyone but an officer);
- case_form.py and cases.py: the case list and record, moving a case on, panel reviews,
  notes, the print view and the export for the police;
- audit.py: the audit trail, read-only for officers, unchangeable for everyone;
- officers.py: giving and taking away the officer role and resetting an officer's
  authenticator, for officers signed in with two factors only.
"""

from . import audit, cases  # noqa: F401  (register the model admins)
