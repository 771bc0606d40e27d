"""PDF files for the demo documents, made with fpdf2 (text only, Helvetica, A4).

fpdf2 is a maintained, pure-Python PDF library (no system libraries, unlike WeasyPrint's
Pango), so it installs anywhere the site does; the training certificates use it too.
Output is deterministic (fixed creation date), so loading the demo twice writes the same
bytes.
"""

from datetime import UTC, datetime

from fpdf import FPDF

FIXED_DATE = datetime(2026, 1, 1, tzinfo=UTC)
# Helvetica is one of the PDF core fonts: Latin-1 only, so typographic characters
# outside it are replaced by their plain equivalents.
REPLACEMENTS = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


def latin1(text):
    text = text.translate(REPLACEMENTS).replace("…", "...")
    return text.encode("latin-1", "replace").decode("latin-1")


def simple_pdf(title, paragraphs):
    """A valid PDF with `title` as a heading and the paragraphs wrapped below it."""
    pdf = FPDF(format="A4", unit="pt")
    pdf.set_creation_date(FIXED_DATE)
    pdf.set_title(latin1(title))
    pdf.set_producer("Prevent in Warwickshire demo")
    pdf.set_margins(56, 56)
    pdf.set_auto_page_break(auto=True, margin=56)
    pdf.add_page()
    pdf.set_font("Helvetica", style="B", size=18)
    pdf.multi_cell(0, 24, latin1(title), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)
    pdf.set_font("Helvetica", size=11)
    for paragraph in paragraphs:
        pdf.multi_cell(0, 16, latin1(paragraph), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(8)
    return bytes(pdf.output())
