"""A referral's answers in the order of the National Prevent Referral Form, and as a PDF.

Nationally, Prevent referrals reach Counter Terrorism Policing on the National Prevent
Referral Form. Its published online version (for example South Wales Police's "Prevent
Referral Form") runs: the individual's details; a description of the concern; complex
needs (what else in their life may be making them vulnerable); other information
(other agencies and professionals, family, who knows); and the referrer's details. The
officer's "share with police" document follows that order, so the police gateway reads
our answers where it expects them. (To confirm against the current national form, 2025
version, when the team next receives it.)

The PDF is drawn with fpdf2 in DejaVu Sans (Debian's fonts-dejavu-core) so every
character a referrer can type prints; without that font it falls back to Helvetica and
replaces what Latin-1 cannot show.
"""

from pathlib import Path

from django.utils import timezone
from fpdf import FPDF

from . import journey

# (section title, [(step slug, [field names] or None for all of the step's fields)])
NATIONAL_FORM_ORDER = [
    ("Urgency", [("immediate-danger", None)]),
    (
        "1. The individual’s details",
        [
            ("person", None),
            ("address", None),
            ("education-and-needs", ["setting", "first_language", "interpreter"]),
        ],
    ),
    (
        "2. Describe the concern",
        [("concern", None), ("contact-and-material", None), ("risks", None)],
    ),
    ("3. Complex needs", [("education-and-needs", ["needs"])]),
    (
        "4. Other information",
        [("agencies", None), ("family", None), ("awareness", None)],
    ),
    ("5. The referrer’s details", [("about-you", None), ("declaration", None)]),
]
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")


def sections(referral):
    """[{title, rows: [{label, value, multiline}]}] in the national form's order."""
    by_step = {
        section["step"].slug: section["rows"]
        for section in journey.sections(referral.answers.get("steps", {}))
    }
    result = []
    for title, parts in NATIONAL_FORM_ORDER:
        rows = []
        for slug, names in parts:
            for row in by_step.get(slug, []):
                if names is None or row["name"] in names:
                    rows.append(row)
        if rows:
            result.append({"title": title, "rows": rows})
    return result


class _Document(FPDF):
    def __init__(self, reference):
        super().__init__(format="A4")
        self.reference = reference
        self.set_margins(18, 18, 18)
        self.set_auto_page_break(auto=True, margin=18)
        if (FONT_DIR / "DejaVuSans.ttf").exists():
            self.add_font("Body", "", str(FONT_DIR / "DejaVuSans.ttf"))
            self.add_font("Body", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
            self.unicode = True
        else:  # pragma: no cover (Debian machines have DejaVu)
            self.unicode = False

    def text(self, value):
        value = str(value)
        if self.unicode:
            return value
        return value.encode("latin-1", "replace").decode("latin-1")

    def use(self, style="", size=10):
        self.set_font("Body" if self.unicode else "Helvetica", style, size)

    def footer(self):
        self.set_y(-12)
        self.use(size=8)
        self.cell(
            0,
            6,
            self.text(
                f"OFFICIAL-SENSITIVE · Prevent referral {self.reference} · page {self.page_no()}"
            ),
            align="C",
        )


def pdf(referral):
    """The referral as a PDF (bytes), sections in the national form's order."""
    document = _Document(referral.reference)
    document.add_page()
    document.use("B", 16)
    width = document.epw
    document.multi_cell(width, 9, document.text(f"Prevent referral {referral.reference}"))
    document.use(size=10)
    received = timezone.localtime(referral.received_at).strftime("%d %B %Y %H:%M")
    document.multi_cell(
        width,
        6,
        document.text(
            f"Received by the council’s Prevent team on {received}. Shared with Counter "
            "Terrorism Policing for the gateway assessment, in the order of the National "
            "Prevent Referral Form."
        ),
    )
    for section in sections(referral):
        document.ln(4)
        document.use("B", 12)
        document.multi_cell(width, 7, document.text(section["title"]))
        for row in section["rows"]:
            document.use("B", 10)
            document.multi_cell(width, 5.5, document.text(row["label"]))
            document.use(size=10)
            document.multi_cell(width, 5.5, document.text(row["value"]))
            document.ln(1.5)
    return bytes(document.output())
