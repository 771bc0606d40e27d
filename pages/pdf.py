"""A tiny PDF writer for the demo documents (text only, Helvetica, A4).

Enough to make real, valid files a browser opens, without a PDF library:
a catalogue, a page tree, one content stream per page and a correct
cross-reference table. Output is deterministic (no dates), so loading the
demo twice writes the same bytes.
"""

import textwrap

PAGE_WIDTH, PAGE_HEIGHT = 595, 842  # A4 in points
MARGIN = 56
LINE_HEIGHT = 16
LINES_PER_PAGE = (PAGE_HEIGHT - 2 * MARGIN) // LINE_HEIGHT
WRAP_AT = 88


def _escape(text):
    # Helvetica with WinAnsiEncoding: keep to Latin-1, replace what it cannot show.
    text = text.replace("‘", "'").replace("’", "'").replace("“", '"').replace("”", '"')
    text = text.replace("–", "-").replace("—", "-").replace("…", "...")
    text = text.encode("latin-1", "replace").decode("latin-1")
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _lines(title, paragraphs):
    lines = [("title", title), ("text", "")]
    for paragraph in paragraphs:
        for line in textwrap.wrap(paragraph, WRAP_AT) or [""]:
            lines.append(("text", line))
        lines.append(("text", ""))
    return lines


def _page_stream(lines):
    parts = ["BT", f"{MARGIN} {PAGE_HEIGHT - MARGIN} Td", f"{LINE_HEIGHT} TL"]
    for style, text in lines:
        size = 18 if style == "title" else 11
        font = "/F2" if style == "title" else "/F1"
        parts.append(f"{font} {size} Tf")
        parts.append(f"({_escape(text)}) Tj T*")
    parts.append("ET")
    return "\n".join(parts).encode("latin-1")


def simple_pdf(title, paragraphs):
    """A valid PDF with `title` as a heading and the paragraphs wrapped below it."""
    lines = _lines(title, paragraphs)
    pages = [lines[i : i + LINES_PER_PAGE] for i in range(0, len(lines), LINES_PER_PAGE)]
    # Object numbers: 1 catalog, 2 pages, 3 regular font, 4 bold font, 5 info,
    # then a (page, content) pair for each page.
    first_page = 6
    page_ids = [first_page + 2 * index for index in range(len(pages))]
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: (
            "<< /Type /Pages /Kids ["
            + " ".join(f"{pid} 0 R" for pid in page_ids)
            + f"] /Count {len(pages)} >>"
        ).encode(),
        3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        4: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
        5: f"<< /Title ({_escape(title)}) /Producer (Prevent in Warwickshire demo) >>".encode(
            "latin-1"
        ),
    }
    for pid, page_lines in zip(page_ids, pages, strict=True):
        stream = _page_stream(page_lines)
        objects[pid] = (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_WIDTH} {PAGE_HEIGHT}] "
            f"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents {pid + 1} 0 R >>"
        ).encode()
        objects[pid + 1] = (
            f"<< /Length {len(stream)} >>\nstream\n".encode() + stream + b"\nendstream"
        )

    output = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(output)
        output += f"{number} 0 obj\n".encode() + objects[number] + b"\nendobj\n"
    xref_at = len(output)
    count = max(objects) + 1
    output += f"xref\n0 {count}\n".encode()
    output += b"0000000000 65535 f \n"
    for number in range(1, count):
        output += f"{offsets[number]:010d} 00000 n \n".encode()
    output += (
        f"trailer\n<< /Size {count} /Root 1 0 R /Info 5 0 R >>\nstartxref\n{xref_at}\n%%EOF\n"
    ).encode()
    return bytes(output)
