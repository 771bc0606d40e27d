"""Bar charts drawn on the server as accessible SVG: no JavaScript, sharp in print.

Each chart is an `<svg role="img">` named by its `<title>` and described by a `<desc>`
that reads out every value, with the data table beside it on the page. Bars run
across, one group per table row, the row's label above its bars, so long course
names wrap instead of shrinking. Widths are percentages of the chart's own width
and text keeps its size, so one drawing fits a phone, a desktop and a printed page.
With several series, an HTML key above the drawing wraps like text. The printable
summary also uses compact layouts (the label beside its bars) for print only.

Only what a table may show is drawn: a suppressed count (suppression.Cell) gets no
bar, just its words ("fewer than 5"), and the scale is set from the shown values
alone. Axis steps are multiples of 5, so no tick label is a small number.
"""

import math
import textwrap
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from .suppression import Cell
from .tables import PERCENT, display


@dataclass(frozen=True)
class Layout:
    """Sizes in px (text keeps its size) and bar positions in % of the chart's width."""

    css: str = "app-chart"
    line: int = 18  # height of a line of label text
    bar: int = 14
    bar_gap: int = 4
    row_gap: int = 14
    axis: int = 24
    label_characters: int = 40
    # The label on the bar's own line, bars starting after it (short labels: months).
    inline: bool = False
    bar_start: float = 0
    bar_space: float = 72  # the longest bar; the rest of the width holds its value


REGULAR = Layout()
# The printable summary: smaller, so that a section fits on one page.
COMPACT = Layout(css="app-chart app-chart--compact", line=14, bar=10, bar_gap=2, row_gap=8, axis=20)
COMPACT_INLINE = Layout(
    css="app-chart app-chart--compact",
    line=13,
    bar=11,
    bar_gap=0,
    row_gap=5,
    axis=20,
    label_characters=22,
    inline=True,
    bar_start=38,
    bar_space=38,
)
SERIES_CLASSES = ("app-chart__bar--1", "app-chart__bar--2", "app-chart__bar--3")
STEPS = (5, 10, 20, 25, 50)


def nice_step(largest):
    """The smallest step from 5, 10, 20, 25, 50, 100... that spans `largest` in 5 steps."""
    scale = 1
    while True:
        for step in STEPS:
            if step * scale * 5 >= largest:
                return step * scale
        scale *= 10


def axis(largest, *, percent):
    if percent:
        return 1.0, [0, 0.25, 0.5, 0.75, 1.0]
    step = nice_step(max(largest, 1))
    top = step * max(1, math.ceil(largest / step))
    return top, list(range(0, top + 1, step))


def tick_label(tick, *, percent):
    if percent:
        return f"{round(tick * 100)}%"
    return f"{tick:,}"


def shown_number(value):
    if isinstance(value, Cell):
        return value.value
    return value


def render_chart(table, *, layout=REGULAR, id_suffix=""):
    """The SVG for `table.chart`, or "" when the table has no chart or nothing to show.

    `id_suffix` keeps the title and description ids unique when a page draws the same
    table twice (the summary: one drawing for the screen, a compact one for print).
    """
    chart = table.chart
    if chart is None or not table.has_rows:
        return ""
    series = [table.column(key) for key in chart.series]
    rows = chart_rows(table)
    percent = all(column.kind == PERCENT for column in series)
    numbers = [
        number
        for row in rows
        for column in series
        if (number := shown_number(row.get(column.key))) is not None
    ]
    top, ticks = axis(max(numbers, default=0), percent=percent)
    chart_id = f"chart-{table.slug}{id_suffix}"

    parts = []
    y = 0
    for row in rows:
        lines = textwrap.wrap(str(row.get(chart.label_key, "")), layout.label_characters)
        row_top = y
        for number, line in enumerate(lines or [""]):
            baseline = y + layout.line * (number + 1) - 4
            if layout.inline:
                baseline = row_top + layout.bar - 2 + layout.line * number
            parts.append(
                format_html('<text class="app-chart__label" x="0" y="{}">{}</text>', baseline, line)
            )
        if not layout.inline:
            y += layout.line * len(lines or [""]) + 2
        for number, column in enumerate(series):
            parts.append(bar(row.get(column.key), column, number, y, top, chart.unit, layout))
            y += layout.bar + layout.bar_gap
        if layout.inline:
            y = max(y, row_top + layout.line * len(lines or [""]))
        y += layout.row_gap
    grid = gridlines(ticks, top, y, percent=percent, layout=layout)
    key = legend(series) if len(series) > 1 else ""
    return format_html(
        '{}<svg xmlns="http://www.w3.org/2000/svg" class="{}" width="100%" height="{}" '
        'role="img" aria-labelledby="{}-title {}-desc" focusable="false">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}{}</svg>',
        key,
        layout.css,
        y + layout.axis,
        chart_id,
        chart_id,
        chart_id,
        f"Bar chart: {table.title}",
        chart_id,
        describe(rows, series, chart),
        grid,
        mark_safe("".join(str(part) for part in parts)),  # noqa: S308 (built by format_html)
    )


def bar(value, column, number, y, top, unit, layout):
    # With several series, the legend and the bars' fixed order say which is which (and
    # the description and the table beside the chart give every value in words).
    text = display(value, column.kind)
    number_shown = shown_number(value)
    if unit and number_shown is not None:
        text = f"{text} {unit}"
    width = 0 if number_shown is None or not top else layout.bar_space * min(number_shown / top, 1)
    rect = ""
    if width > 0:
        rect = format_html(
            '<rect class="app-chart__bar {}" x="{}%" y="{}" width="{}%" height="{}"></rect>',
            SERIES_CLASSES[number],
            f"{layout.bar_start:.2f}",
            y,
            f"{width:.2f}",
            layout.bar,
        )
    label_class = "app-chart__value"
    if number_shown is None:
        label_class += " app-chart__value--hidden"
    label = format_html(
        '<text class="{}" x="{}%" dx="{}" y="{}">{}</text>',
        label_class,
        f"{layout.bar_start + width:.2f}",
        6 if width > 0 else 0,
        y + layout.bar - 2,
        text,
    )
    return format_html("{}{}", rect, label)


def gridlines(ticks, top, bottom, *, percent, layout):
    return format_html_join(
        "",
        '<line class="app-chart__grid" x1="{}%" x2="{}%" y1="0" y2="{}"></line>'
        '<text class="app-chart__tick" x="{}%" y="{}" text-anchor="{}">{}</text>',
        (
            (
                x,
                x,
                bottom,
                x,
                bottom + 16,
                "start" if tick == 0 else "middle",
                tick_label(tick, percent=percent),
            )
            for tick in ticks
            for x in [f"{layout.bar_start + layout.bar_space * tick / top:.2f}"]
        ),
    )


def legend(series):
    """The key, as HTML above the drawing so it wraps like text at any width.

    Hidden from screen readers: the chart's description and the table say which value
    is which in words.
    """
    return format_html(
        '<ul class="app-chart-legend" aria-hidden="true">{}</ul>',
        format_html_join(
            "",
            '<li class="app-chart-legend__item"><span class="app-chart-legend__key {}"></span>{}</li>',
            (
                (f"app-chart-legend__key--{number + 1}", column.label)
                for number, column in enumerate(series)
            ),
        ),
    )


def chart_rows(table):
    only = table.chart.only_rows
    return [row for row in table.rows if not only or row.get("key") in only]


def describe(rows, series, chart):
    """Every value in words, for screen readers and anyone the picture does not help."""
    sentences = []
    for row in rows:
        values = []
        for column in series:
            value = row.get(column.key)
            text = display(value, column.kind)
            if chart.unit and shown_number(value) is not None:
                text = f"{text} {chart.unit}"
            values.append(f"{column.label.lower()} {text}")
        sentences.append(f"{row.get(chart.label_key, '')}: {', '.join(values)}.")
    return " ".join(sentences)
