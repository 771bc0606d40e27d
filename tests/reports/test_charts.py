"""Server-drawn SVG charts: accessible, script-free, and showing only what may be shown."""

import re
import xml.etree.ElementTree as ET

from reports.charts import nice_step, render_chart
from reports.suppression import FEWER_THAN_5, protect
from reports.tables import TEXT, Chart, Column, Table

SVG = "{http://www.w3.org/2000/svg}"


def table(counts, *, labels=None, total=None):
    protected = protect(counts, total=sum(counts) if total is None else total)
    labels = labels or [f"Group {chr(65 + index)}" for index in range(len(counts))]
    return Table(
        slug="test-table",
        title="Referrals by test group",
        columns=[Column("label", "Group", TEXT), Column("count", "Referrals")],
        rows=[
            {"label": label, "count": cell}
            for label, cell in zip(labels, protected.cells, strict=True)
        ],
        chart=Chart(series=("count",)),
        withheld_message=protected.message,
    )


def parse(svg):
    return ET.fromstring(str(svg))  # noqa: S314 (our own markup, made in the test)


def texts(root):
    return ["".join(element.itertext()) for element in root.iter(f"{SVG}text")]


def test_the_chart_is_an_image_named_by_its_title_and_described_in_words():
    root = parse(render_chart(table([10, 20, 40])))
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "chart-test-table-title chart-test-table-desc"
    assert root.find(f"{SVG}title").get("id") == "chart-test-table-title"
    assert root.find(f"{SVG}title").text == "Bar chart: Referrals by test group"
    description = root.find(f"{SVG}desc")
    assert description.get("id") == "chart-test-table-desc"
    assert description.text == (
        "Group A: referrals 10. Group B: referrals 20. Group C: referrals 40."
    )


def test_no_script_and_no_inline_style_so_it_works_under_the_csp_and_in_print():
    svg = str(render_chart(table([10, 20, 40])))
    assert "<script" not in svg and "style=" not in svg and "on" + "click" not in svg


def test_bars_are_in_proportion_with_the_largest_at_the_fixed_share_of_the_width():
    root = parse(render_chart(table([10, 20, 40])))
    widths = [rect.get("width") for rect in root.iter(f"{SVG}rect")]
    # The scale runs to 40 (a step of 10); the longest bar takes 72% of the width.
    assert widths == ["18.00%", "36.00%", "72.00%"]


def test_a_suppressed_count_gets_no_bar_and_its_words_only():
    root = parse(render_chart(table([3, 12, 7, 40])))
    assert len(list(root.iter(f"{SVG}rect"))) == 2  # 12 and 40; 3 and 7 are hidden
    words = texts(root)
    assert FEWER_THAN_5 in words and "not shown" in words
    assert not any(re.fullmatch(r"[1-4]|7", word) for word in words)
    assert "3" not in root.find(f"{SVG}desc").text.split()


def test_scale_steps_are_multiples_of_5_so_no_tick_is_a_small_number():
    assert [nice_step(largest) for largest in (0, 3, 24, 26, 90, 130, 1200)] == [
        5, 5, 5, 10, 20, 50, 250,
    ]  # fmt: skip
    ticks = texts(parse(render_chart(table([6, 8]))))
    assert ticks[:2] == ["0", "5"] and "10" in ticks


def test_a_withheld_table_draws_no_chart():
    assert render_chart(table([1, 5, 96])) == ""


def test_labels_are_escaped_and_long_ones_wrap():
    long_label = "A very long course name that will not fit on one line <b>at all</b>"
    root = parse(render_chart(table([10, 20], labels=[long_label, "Short"])))
    label_lines = [text for text in texts(root) if text.startswith(("A very", "fit", "<b>"))]
    assert len(label_lines) >= 1
    assert "<b>" in "".join(texts(root))  # as text, not markup
    assert root.find(f".//{SVG}b") is None
