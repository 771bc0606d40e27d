"""Authentication backends."""

from axes.backends import AxesStandaloneBackend


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' lockout check, for sign-ins made through a web request.

    It authenticates nobody itself (ModelBackend, next in the list, does); it refuses a
    locked-out username and address before the password is even checked. A call with no
    request (a management command, Django's test client `login()`) is not a web sign-in
    and cannot be keyed on an address, so it is left to the next backend.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
