"""What the page cache tests cache: a course with one session, and a page under the home page."""

import pytest

from tests.training.factories import make_course, make_session


@pytest.fixture
def course_session(db):
    course = make_course(title="Workshop to Raise Awareness of Prevent", slug="wrap")
    return make_session(course=course, capacity=20)


@pytest.fixture
def content(db):
    from tests.pages.factories import make_page

    make_page("Home", kind="home", slug="")
    return make_page("About Prevent", slug="about-prevent", body="How radicalisation works.")
