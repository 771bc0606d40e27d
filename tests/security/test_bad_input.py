"""Random, oversized and malformed input to the sign-in pages: never a 500, never a sign-in."""

import pytest
from axes.models import AccessAttempt
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import sign_in_with_password

pytestmark = pytest.mark.django_db

junk = st.one_of(
    st.text(max_size=300),
    st.text(min_size=1000, max_size=5000),
    st.sampled_from(
        ["\x00", "000000\x00", "١٢٣٤٥٦", "１２３４５６", "' OR 1=1 --", "%00", " " * 7]
    ),
)
examples = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def forget_failures():
    # Each example starts unlocked and unthrottled, so every one is really checked.
    AccessAttempt.objects.all().delete()
    TOTPDevice.objects.update(throttling_failure_count=0, throttling_failure_timestamp=None)


def test_sign_in_form_never_fails(client):
    @examples
    @given(username=junk, password=junk, next_url=junk)
    def check(username, password, next_url):
        forget_failures()
        response = client.post(
            "/admin/login/", {"username": username, "password": password, "next": next_url}
        )
        assert response.status_code == 200

    check()


@pytest.mark.parametrize("page", ["/admin/login/code/", "/admin/two-factor/set-up/"])
def test_code_forms_never_fail(client, staff, page):
    user = staff(superuser=True, device=page == "/admin/login/code/")
    sign_in_with_password(client, user)

    @examples
    @given(code=junk)
    def check(code):
        forget_failures()
        response = client.post(page, {"code": code})
        assert response.status_code == 200
        assert "There is a problem" in response.content.decode()
        assert client.get("/admin/").status_code == 302  # nobody was signed in

    check()
