"""Certificates of attendance: only attendees, a real PDF, checkable by code, issued once."""

import io
import re
from urllib.parse import urlsplit

import pytest
from pypdf import PdfReader

from core.emails import deliver_email
from core.models import OutboundEmail
from core.roles import CONTENT_EDITOR, TRAINING_ADMIN
from training import services
from training.models import ActionLogEntry, Booking, Certificate

from .factories import book, make_course, make_session

pytestmark = pytest.mark.django_db


def attended_session():
    session = make_session(course=make_course(title="Prevent awareness", duration="2 hours"))
    attended = book(session, 1, full_name="Priya Attended")
    absent = book(session, 2)
    unknown = book(session, 3)
    services.record_attendance(booking_ids=[attended.pk], attendance=Booking.Attendance.ATTENDED)
    services.record_attendance(
        booking_ids=[absent.pk], attendance=Booking.Attendance.DID_NOT_ATTEND
    )
    return session, attended, absent, unknown


def certificate_emails():
    return list(OutboundEmail.objects.filter(subject__startswith="Your certificate"))


def test_only_delegates_marked_as_attended_get_a_certificate():
    session, attended, _absent, _unknown = attended_session()
    made = services.issue_certificates(session_id=session.pk)
    assert [certificate.booking_id for certificate in made] == [attended.pk]
    assert Certificate.objects.count() == 1
    emails = certificate_emails()
    assert [email.to for email in emails] == [["delegate1@example.com"]]
    assert emails[0].text_body.strip() and "Download your certificate" in emails[0].text_body


def test_issuing_twice_sends_nothing_new():
    session, *_ = attended_session()
    services.issue_certificates(session_id=session.pk)
    assert services.issue_certificates(session_id=session.pk) == []
    assert Certificate.objects.count() == 1
    assert len(certificate_emails()) == 1


def test_the_pdf_opens_and_carries_name_course_and_code(client):
    session, attended, *_ = attended_session()
    (certificate,) = services.issue_certificates(session_id=session.pk)
    # The link in the email downloads it (again, whenever needed).
    link = re.search(r"https?://\S+certificate\.pdf", certificate_emails()[0].text_body).group()
    response = client.get(urlsplit(link).path)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Priya Attended" in text
    assert "Prevent awareness" in text
    assert certificate.code in text


def test_the_email_carries_the_pdf_itself_and_the_sent_row_keeps_none_of_it(mailoutbox):
    session, *_ = attended_session()
    (certificate,) = services.issue_certificates(session_id=session.pk)
    deliver_email.call(email_id=certificate_emails()[0].pk)
    (message,) = [m for m in mailoutbox if m.subject.startswith("Your certificate")]
    (attachment,) = [a for a in message.attachments if a[2] == "application/pdf"]
    filename, content, _mimetype = attachment
    assert filename == f"certificate-{certificate.code}.pdf"
    assert content.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    assert "Priya Attended" in text and "Prevent awareness" in text
    # On the wire too (the message the mail server gets), and nothing kept once sent.
    assert b"application/pdf" in message.message().as_bytes()
    (sent,) = certificate_emails()
    assert sent.status == OutboundEmail.Status.SENT and sent.content_encrypted == ""


def test_the_verification_page_says_genuine_and_a_changed_code_is_not_found(client):
    session, *_ = attended_session()
    (certificate,) = services.issue_certificates(session_id=session.pk)
    html = client.get(f"/training/certificates/{certificate.code}/").content.decode()
    assert "This certificate is genuine" in html
    assert "Priya Attended" in html and "Prevent awareness" in html
    # One character changed: not found, and no details of anyone.
    last = certificate.code[-1]
    changed = certificate.code[:-1] + ("A" if last != "A" else "B")
    response = client.get(f"/training/certificates/{changed}/")
    assert response.status_code == 404
    assert "Certificate not found" in response.content.decode()
    assert "Priya" not in response.content.decode()
    assert client.get(f"/training/certificates/{changed}/certificate.pdf").status_code == 404


def test_the_register_action_issues_them_and_is_logged(staff_client):
    session, attended, *_ = attended_session()
    client = staff_client(TRAINING_ADMIN)
    response = client.post(f"/admin/training/session/{session.pk}/issue-certificates/")
    assert response.status_code == 302
    assert Certificate.objects.get().booking_id == attended.pk
    entry = ActionLogEntry.objects.get(action="training.session.certificates_issued")
    assert entry.user == client.user and entry.data["issued"] == [attended.reference]
    # A GET changes nothing.
    assert (
        client.get(f"/admin/training/session/{session.pk}/issue-certificates/").status_code == 405
    )


def test_someone_without_the_training_role_cannot_issue(staff_client):
    session, *_ = attended_session()
    client = staff_client(CONTENT_EDITOR)
    response = client.post(f"/admin/training/session/{session.pk}/issue-certificates/")
    assert response.status_code in {302, 403}
    assert not Certificate.objects.exists()


def test_the_demo_documents_are_real_pdfs_from_the_same_library():
    from pages.pdf import simple_pdf

    content = simple_pdf("Prevent – a guide", ["A “quoted” paragraph …"] * 80)
    reader = PdfReader(io.BytesIO(content))
    assert content.startswith(b"%PDF") and len(reader.pages) > 1
    assert "Prevent - a guide" in reader.pages[0].extract_text()
    assert simple_pdf("Same", ["text"]) == simple_pdf("Same", ["text"])  # deterministic
