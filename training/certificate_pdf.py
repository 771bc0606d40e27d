"""The certificate of attendance as a PDF (fpdf2: see pages/pdf.py for why that library)."""

from datetime import UTC, datetime

from django.conf import settings
from fpdf import FPDF

NAVY = (18, 52, 74)
GREY = (80, 90, 95)
# Helvetica (a PDF core font) is Latin-1 only: typographic quotes and dashes become plain
# ones; a character outside Latin-1 shows as "?". (pages.pdf does the same for documents;
# training does not import pages, which imports training.)
REPLACEMENTS = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


def latin1(text):
    return text.translate(REPLACEMENTS).encode("latin-1", "replace").decode("latin-1")


def certificate_pdf(certificate):
    """One A4 landscape page: who attended what, when, for how long, issued by whom, the code."""
    pdf = FPDF(orientation="landscape", format="A4", unit="mm")
    issued = certificate.issued_at.astimezone(UTC) if certificate.issued_at else datetime.now(UTC)
    pdf.set_creation_date(issued)
    pdf.set_title(latin1(f"Certificate of attendance: {certificate.course_title}"))
    pdf.set_author(latin1(settings.COUNCIL_NAME))
    pdf.set_auto_page_break(auto=False)
    pdf.add_page()
    pdf.set_draw_color(*NAVY)
    pdf.set_line_width(2)
    pdf.rect(10, 10, 277, 190)

    def line(text, *, size, style="", color=(11, 12, 12), gap=6):
        pdf.set_font("Helvetica", style=style, size=size)
        pdf.set_text_color(*color)
        pdf.multi_cell(0, size * 0.5, latin1(text), align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(gap)

    pdf.set_y(30)
    line(settings.COUNCIL_NAME, size=16, style="B", color=NAVY)
    line("Certificate of attendance", size=32, style="B", color=NAVY, gap=10)
    line("This is to certify that", size=14, color=GREY)
    line(certificate.full_name, size=26, style="B", gap=8)
    line("attended the Prevent training", size=14, color=GREY)
    line(certificate.course_title, size=20, style="B", gap=8)
    when = f"on {certificate.date_display}"
    if certificate.duration:
        when += f" ({certificate.duration})"
    line(when, size=14, gap=14)
    line(f"Issued by {settings.COUNCIL_NAME}, {settings.SITE_NAME}", size=12, color=GREY)
    check_url = settings.SITE_URL + certificate.get_absolute_url()
    line(f"Verification code: {certificate.code}", size=12, style="B", gap=2)
    line(f"Check it at {check_url}", size=10, color=GREY)
    return bytes(pdf.output())
