"""The facts of December 2026 (issue 12) are on pages a reader reaches from the home page,
and no page sends readers to the retired Home Office e-learning site."""

import re
from html import unescape

import pytest

from tests.page_text import text_of

pytestmark = pytest.mark.django_db

# Each fact as a reader would find it, with the current official source in the page files.
FACTS = [
    # Prevent duty guidance 2023 and CONTEST 2023
    "tackle the ideological causes of terrorism",
    "intervene early to support people who are susceptible to radicalisation",
    "enable people who have already engaged in terrorism to disengage and rehabilitate",
    "in force since 31 December 2023",
    "replaced the Prevent duty guidance of 2015",
    "CONTEST 2023",
    # The definition of extremism, with its date
    "14 March 2024",
    "ideology based on violence, hatred or intolerance",
    "undermine, overturn or replace the UK's system of liberal parliamentary democracy",
    "deliberately create an environment that lets others achieve either of those",
    # Home Office Prevent duty training at the current service
    "support-people-susceptible-to-radicalisation.service.gov.uk",
    "Awareness course",
    "Referrals course",
    "Channel awareness course",
    "Refresher courses",
    "reference number",
    "certificate",
    # ACT Early, reporting, complaints
    "0800 011 3764",
    "actearly.uk",
    "0800 789 321",
    "gov.uk/ACT",
    "gov.uk/report-terrorism",
    "report-a-concern-about-prevent",
    "Standards and Compliance Unit",
    # Children's services by name and number
    "Children and Families Front Door",
    "01926 414144",
    # The documents say which years they cover and that they are archived
    "Warwickshire Prevent action plan 2019 to 2020 (archived)",
    "2018 to 2019",
    # Keep Me Posted sign-up link
    "Sign up to Keep Me Posted",
]
RETIRED = ("elearning.prevent.homeoffice", "log in as a guest")


def crawl(client, start="/"):
    """Every internal page reachable by links from `start`: {path: page text and links}."""
    seen, queue = {}, [start]
    while queue:
        path = queue.pop()
        if path in seen:
            continue
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response["Content-Type"]:
            continue
        html = response.text
        seen[path] = unescape(html)
        for href in re.findall(r'href="([^"#?]+)', html):
            is_page = href.startswith("/") and not href.startswith(("/static/", "/documents/"))
            if is_page and not href.startswith(("/admin", "/training/", "/referrals/")):
                queue.append(href)
    return seen


def test_every_fact_is_on_a_page_reached_from_the_home_page(loaded, client):
    pages = crawl(client)
    assert {"/get-help/", "/about-prevent/prevent-strategy/", "/privacy/"} <= set(pages)
    text = re.sub(r"\s+", " ", " ".join(pages.values())).replace("’", "'")
    missing = [fact for fact in FACTS if fact not in text]
    assert missing == []


def test_no_page_links_the_retired_elearning_site(loaded, client):
    pages = crawl(client)
    pages["/training/"] = client.get("/training/").text
    for slug in ("prevent-awareness-elearning", "prevent-referrals-elearning"):
        pages[slug] = client.get(f"/training/{slug}/").text
    for path, html in pages.items():
        for retired in RETIRED:
            assert retired not in html.lower(), (path, retired)


def test_the_home_office_courses_link_the_current_service(loaded, client):
    html = client.get("/training/prevent-awareness-elearning/").text
    assert "https://www.support-people-susceptible-to-radicalisation.service.gov.uk/portal" in html


def test_the_privacy_notice_says_what_the_site_does_with_personal_data(loaded, client):
    text = text_of(client, "/privacy/")
    for phrase in [
        "council's Prevent team",
        "shares it with Counter Terrorism Policing, who carry out the gateway assessment",
        "National Prevent Referral Form",
        "Emails waiting to be sent are stored encrypted",
        "its subject, whether it was delivered, the times",
        "domain of the address",
        "We do not keep the message or your full address",
        "your answers so far are kept encrypted",
        "after 2 hours without activity",
        "only while you are subscribed",
        "confirm the request",
        "unsubscribes you in one click",
        "certificate of attendance",
        "your name, the course, the date and a verification code",
        "feedback",
        "only to arrange the session",
        "Only the training team sees it, and it is deleted with your booking",
        "ends within a day",
        "3 years after the case is closed",
        "6 years after the case is closed",
        "0303 123 1113",
    ]:
        assert phrase in text, phrase
