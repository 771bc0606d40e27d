from datetime import timedelta

import pytest
from django.utils import timezone

from training.models import Course, Session

from .factories import fill, make_course, make_session, make_venue

pytestmark = pytest.mark.django_db


def test_catalogue_lists_courses_with_upcoming_sessions_and_places_left(client):
    course = make_course(title="Workshop to Raise Awareness of Prevent")
    session = make_session(course=course, capacity=3)
    fill(session, 1)
    response = client.get("/training/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Workshop to Raise Awareness of Prevent" in html
    assert "2 places left" in html
    assert f"/training/sessions/{session.public_id}/book/" in html


def test_full_session_offers_the_waiting_list_and_closed_session_no_link(client):
    course = make_course()
    full = make_session(course=course, capacity=1)
    fill(full, 1)
    closed = make_session(course=course, days=20)
    Session.objects.filter(pk=closed.pk).update(
        booking_closes_at=timezone.now() - timedelta(hours=1)
    )
    html = client.get("/training/").content.decode()
    assert "Fully booked" in html and "Join the waiting list" in html
    assert "Booking closed" in html
    assert f"/training/sessions/{closed.public_id}/book/" not in html


def test_past_and_cancelled_sessions_are_never_offered(client):
    course = make_course()
    past = make_session(course=course, days=-2)
    cancelled = make_session(course=course, status=Session.Status.CANCELLED)
    for url in ["/training/", course.get_absolute_url()]:
        html = client.get(url).content.decode()
        assert str(past.public_id) not in html
        assert str(cancelled.public_id) not in html


def test_filters_by_course_place_and_month_without_javascript(client):
    wrap = make_course(title="WRAP", slug="wrap")
    update = make_course(title="Update", slug="update")
    rugby = make_venue(name="Town Hall", town="Rugby")
    in_rugby = make_session(course=wrap, venue=rugby, days=10)
    in_warwick = make_session(course=wrap, days=11)
    later = make_session(course=update, days=70)
    online = make_session(course=update, delivery=Session.Delivery.ONLINE, days=12)

    def listed(query):
        html = client.get("/training/", query).content.decode()
        return {s for s in (in_rugby, in_warwick, later, online) if str(s.public_id) in html}

    assert listed({"place": "Rugby"}) == {in_rugby}
    assert listed({"place": "online"}) == {online}
    assert listed({"course": "update"}) == {later, online}
    month = f"{timezone.localtime(later.starts_at):%Y-%m}"
    assert listed({"month": month}) == {later}
    # Unknown values are ignored rather than failing.
    response = client.get("/training/", {"course": "nope", "month": "2027-99", "place": "<x>"})
    assert response.status_code == 200
    assert listed({"course": "nope"}) == {in_rugby, in_warwick, later, online}
    html = client.get("/training/", {"place": "Rugby"}).content.decode()
    assert '<option value="Rugby" selected>' in html
    assert "Clear filters" in html


def test_catalogue_with_filters_matching_nothing_says_so(client):
    make_session(course=make_course(slug="wrap"), days=10)
    make_session(venue=make_venue(town="Rugby"), days=10)
    response = client.get("/training/", {"course": "wrap", "place": "Rugby"})
    html = response.content.decode()
    assert "No dates match your filters" in html
    assert "<title>Error" not in html  # a filter is not a form error


@pytest.mark.parametrize("sessions", [10, 300])
def test_catalogue_query_count_does_not_grow_with_sessions(
    client, django_assert_max_num_queries, sessions
):
    courses = [make_course() for _ in range(5)]
    venues = [make_venue(town=f"Town {n}") for n in range(5)]
    start = timezone.now() + timedelta(days=5)
    Session.objects.bulk_create(
        Session(
            course=courses[n % 5],
            venue=venues[n % 5],
            starts_at=start + timedelta(hours=n),
            ends_at=start + timedelta(hours=n, minutes=90),
            booking_closes_at=start - timedelta(days=1),
            capacity=20,
        )
        for n in range(sessions)
    )
    fill(Session.objects.first(), 3)
    with django_assert_max_num_queries(5):
        response = client.get("/training/")
    assert response.status_code == 200
    with django_assert_max_num_queries(5):
        client.get("/training/", {"place": "Town 1"})


def test_course_page_shows_description_sessions_and_published_testimonials(client):
    from pages.models import Testimonial

    course = make_course(title="WRAP", slug="wrap", covers="First point\nSecond point")
    session = make_session(course=course)
    Testimonial.objects.create(
        quote="Really useful.", role="Head teacher", organisation="A school", course=course
    )
    Testimonial.objects.create(
        quote="Not shown.",
        role="Nurse",
        organisation="A trust",
        course=course,
        is_published=False,
    )
    html = client.get("/training/wrap/").content.decode()
    assert "<h1" in html and "WRAP" in html
    assert "<li>First point</li>" in html
    assert str(session.public_id) in html
    assert "Really useful." in html and "Head teacher, A school" in html
    assert "Not shown." not in html


def test_unpublished_or_unknown_course_is_not_found(client):
    make_course(slug="draft", is_published=False)
    assert client.get("/training/draft/").status_code == 404
    assert client.get("/training/no-such-course/").status_code == 404


@pytest.mark.parametrize(
    ("method", "expected"),
    [
        (Course.BookingMethod.E_LEARNING, "Start the"),
        (Course.BookingMethod.DSL_FORM, "Education Safeguarding"),
        (Course.BookingMethod.ON_REQUEST, "Ask for a session for your group"),
    ],
)
def test_courses_booked_another_way_say_how(client, method, expected):
    course = make_course(
        booking_method=method,
        external_url="https://elearning.example/course",
        booking_contact_email="education-safeguarding@warwickshire.example",
    )
    assert expected in client.get(course.get_absolute_url()).content.decode()
    assert expected in client.get("/training/").content.decode()
