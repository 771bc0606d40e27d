"""The demo on top of the site content: every section of the seed page, idempotent, with
real (stand-in) PDF documents and newsletters. The content itself is loaded from content/
by load_site_content (tests/content/ tests that loader on its own)."""

import io

import pytest
from django.core.management import call_command

from pages import demo
from pages.documents import sniff_document_type
from pages.models import (
    Contact,
    Document,
    Newsletter,
    OutOfHoursService,
    Page,
    PageDocument,
    PageVersion,
    Resource,
    ResourceCategory,
)
from pages.models import Testimonial as TrainingTestimonial
from tests.page_text import text_of

pytestmark = pytest.mark.django_db

MODELS = [
    Page,
    PageVersion,
    PageDocument,
    Document,
    Contact,
    OutOfHoursService,
    Resource,
    ResourceCategory,
    Newsletter,
    TrainingTestimonial,
]


@pytest.fixture
def loaded():
    call_command("load_site_content", stdout=io.StringIO())
    output = io.StringIO()
    demo.load(stdout=output)
    return output.getvalue()


def test_a_second_run_changes_and_duplicates_nothing(loaded):
    before = {model: model.objects.count() for model in MODELS}
    stamps = dict(Page.objects.values_list("pk", "updated_at"))
    files = dict(Document.objects.values_list("pk", "file"))
    output = io.StringIO()
    demo.load(stdout=output)
    assert "0 created, 0 updated" in output.getvalue()
    assert {model: model.objects.count() for model in MODELS} == before
    assert dict(Page.objects.values_list("pk", "updated_at")) == stamps
    assert dict(Document.objects.values_list("pk", "file")) == files


SECTIONS = {
    "/about-prevent/": ["CONTEST 2023", "Pursue", "Protect", "Prepare", "relatively safe"],
    "/about-prevent/prevent-strategy/": [
        "tackle the ideological causes of terrorism",
        "susceptible to radicalisation",
        "disengage and rehabilitate",
        "31 December 2023",
        "14 March 2024",
        "violence, hatred or intolerance",
    ],
    "/about-prevent/safeguarding/": ["Before any crime", "safeguarding", "01926 414144"],
    "/about-prevent/action-plan/": [
        "Warwickshire Prevent Working Group",
        "Safer Warwickshire Partnership Board",
        "Warwickshire Prevent action plan 2019 to 2020 (archived)",
        "Warwickshire County Council Prevent annual report 2019 (archived)",
    ],
    "/about-prevent/channel/": [
        "every month",
        "gateway assessment",
        "Channel in Warwickshire: leaflet",
        "Warwickshire Channel panel referral pathway",
        "make a Prevent referral online",
    ],
    "/get-help/": [
        "999",
        "0800 789 321",
        "0800 011 3764",
        "01926 414144",
        "prevent@warwickshireandwestmercia.pnn.police.uk",
        "01926 412016",
        "01926 412338",
        "Help outside office hours",
    ],
    "/learning-and-development/": ["30 to 40 minutes", "Your HR", "face to face and online"],
    "/learning-and-development/e-learning/": [
        "Awareness course",
        "Referrals course",
        "Channel awareness course",
        "Refresher courses",
        "reference number",
    ],
    "/learning-and-development/face-to-face-courses/": [
        "Workshop to Raise Awareness of Prevent (WRAP)",
        "Prevent Update Training",
        "online grooming",
        "Train the Trainer",
        "course outline",
    ],
    "/learning-and-development/designated-safeguarding-leads/": ["WRAP 3", "booking form"],
    "/learning-and-development/parents/": [
        "Online Grooming: Keeping Your Family Safe",
        "cyber crime advisers",
        "Cyber Safe Warwickshire",
        "0800 011 3764",
    ],
    "/learning-and-development/commissioned-services/": [
        "commissioned services",
        "flyer",
    ],
    "/resources/": [
        "Prevent duty training",
        "Educate Against Hate",
        "Extreme Dialogue",
        "Let's Talk About It",
        "ACT Early",
    ],
    "/newsletters/": [
        "Keep Me Posted",
        "Sign up to Keep Me Posted",
        "Safe in Warwickshire",
        "Prevent newsletter, issue 24",
    ],
}


# What the privacy notice (bookings and referrals) and the accessibility statement (what the
# regulations require) must say.
REQUIRED_WORDING = {
    "/privacy/": [
        "Warwickshire County Council is the data controller",
        "your name",
        "your email address",
        "your telephone number",
        "your organisation",
        "the sector you work in",
        "your job role",
        "access needs or dietary needs",
        "2 years after the session",
        "public task",
        "substantial public interest",
        "safeguarding of children and of individuals at risk",
        "Counter Terrorism Policing",
        "3 years after the case is closed",
        "6 years after the case is closed",
        "2 hours after you last saved a page",
        "Your rights",
        "Information Commissioner",
        "0303 123 1113",
    ],
    "/accessibility/": [
        "partially compliant",
        "Web Content Accessibility Guidelines version 2.2",
        "Non-accessible content",
        "different format",
        "Enforcement procedure",
        "Equality Advisory and Support Service",
        "This statement was prepared on",
    ],
}


PAGE_WORDING = {**SECTIONS, **REQUIRED_WORDING}


@pytest.mark.parametrize("url", PAGE_WORDING)
def test_every_section_of_the_seed_page_and_the_required_wording_is_on_the_site(
    loaded, client, url
):
    text = text_of(client, url)
    for phrase in PAGE_WORDING[url]:
        assert phrase in text, (url, phrase)


def test_get_help_lists_emergency_contacts_first(loaded, client):
    text = text_of(client, "/get-help/")
    order = [
        "999",
        "0800 789 321",
        "0800 011 3764",
        "01926 414144",
        "prevent@warwickshireandwestmercia",
        "01926 412016",
        "01926 412338",
    ]
    positions = [text.index(item) for item in order]
    assert positions == sorted(positions)
    assert text.index("01926 412338") < text.index("Help outside office hours")


def test_cookies_page_lists_only_essential_cookies(loaded, client):
    text = text_of(client, "/cookies/")
    assert "csrftoken" in text and "sessionid" in text
    assert "We do not use analytics cookies" in text


def test_contacts_are_roles_never_people(loaded):
    names = ["Geoff", "Thomas", "Sophie", "Morley", "Nicola", "Perrett", "Begley", "Mitchelson"]
    texts = [p.title + p.body for p in Page.objects.all()]
    texts += [f"{c.role} {c.when_to_use} {c.email}" for c in Contact.objects.all()]
    texts += [f"{t.quote} {t.role} {t.organisation}" for t in TrainingTestimonial.objects.all()]
    texts += [f"{d.title} {d.description}" for d in Document.objects.all()]
    for name in names:
        assert not any(name in text for text in texts), name


def _check_pdf_structure(content):
    """A PDF a reader opens: pypdf parses it strictly (cross-reference table included)."""
    import io

    from pypdf import PdfReader

    assert content.startswith(b"%PDF-") and content.rstrip().endswith(b"%%EOF")
    reader = PdfReader(io.BytesIO(content), strict=True)
    assert len(reader.pages) >= 1
    assert reader.pages[0].extract_text().strip()


def test_demo_documents_are_valid_pdfs_that_download(loaded, client):
    documents = Document.objects.all()
    assert documents.count() == 13  # 9 stand-ins for the page documents, 4 newsletters
    for document in documents:
        with document.file.open("rb") as handle:
            content = handle.read()
            assert sniff_document_type(handle) == "pdf"
        _check_pdf_structure(content)
        assert document.size == len(content)
        response = client.get(document.get_absolute_url())
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == content


def test_every_demo_page_is_published_and_reviewed(loaded):
    pages = Page.objects.exclude(kind=Page.Kind.HOME)
    assert pages.count() == 17
    assert not pages.filter(last_reviewed__isnull=True).exists()
    assert not pages.filter(owner_role="").exists()
    assert not pages.filter(status=Page.Status.DRAFT).exists()
    assert not pages.filter(next_review__isnull=True).exists()
