"""Bar charts drawn on the server as accessible SVG: no JavaScript, sharp in print.

Each chart is an `<svg role="img">` named by its `<title>` and described by a `<desc>`
that reads out every value, with the data table beside it on the page. Bars run
across, one group per table row, the row's label above its bars, so long course
names wrap instead of shrinking. Widths are percentages of the chart's own width
and text keeps its size, so one drawing fits a phone, a desktop and a printed page.

Only what a table may show is drawn: a suppressed count (suppression.Cell) gets no
bar, just its words ("fewer than 5"), and the scale is set from the shown values
alone. Axis steps are multiples of 5, so no tick label is a small number.
"""

import math
import textwrap

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from .suppression import Cell
from .tables import PERCENT, display

BAR_SPACE = 72  # % of the width the longest bar takes; the rest holds its value label
LABEL_CHARACTERS = 40
LINE = 18
BAR = 14
BAR_GAP = 4
ROW_GAP = 14
LEGEND = 28
AXIS = 24
LEGEND_WIDTH = 290  # px: the narrowest chart (a 320px-wide phone)
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


def tick_label(tick, *, percent, unit):
    if percent:
        return f"{round(tick * 100)}%"
    return f"{tick:,}"


def shown_number(value):
    if isinstance(value, Cell):
        return value.value
    return value


def render_chart(table, *, title=None):
    """The SVG for `table.chart`, or "" when the table has no chart or nothing to show."""
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
    chart_id = f"chart-{table.slug}"
    title = title or table.title

    parts = []
    y = 0
    if len(series) > 1:
        markup, y = legend(series)
        parts.append(markup)
    chart_top = y
    bars = []
    for row in rows:
        lines = textwrap.wrap(str(row.get(chart.label_key, "")), LABEL_CHARACTERS) or [""]
        for line in lines:
            y += LINE
            bars.append(
                format_html('<text class="app-chart__label" x="0" y="{}">{}</text>', y - 4, line)
            )
        y += 2
        for number, column in enumerate(series):
            value = row.get(column.key)
            bars.append(bar(value, column, number, y, top, chart.unit))
            y += BAR + BAR_GAP
        y += ROW_GAP
    chart_bottom = y
    parts.extend(gridlines(ticks, top, chart_top, chart_bottom, percent=percent, unit=chart.unit))
    parts.extend(bars)
    height = chart_bottom + AXIS
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" width="100%" height="{}" '
        'role="img" aria-labelledby="{}-title {}-desc" focusable="false">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}</svg>',
        height,
        chart_id,
        chart_id,
        chart_id,
        f"Bar chart: {title}",
        chart_id,
        describe(rows, series, chart),
        mark_safe("".join(str(part) for part in parts)),  # noqa: S308 (built by format_html)
    )


def bar(value, column, number, y, top, unit):
    # With several series, the legend and the bars' fixed order say which is which (and
    # the description and the table beside the chart give every value in words).
    text = display(value, column.kind)
    if unit and shown_number(value) is not None:
        text = f"{text} {unit}"
    number_shown = shown_number(value)
    width = 0 if number_shown is None or not top else BAR_SPACE * min(number_shown / top, 1)
    rect = ""
    if width > 0:
        rect = format_html(
            '<rect class="app-chart__bar {}" x="0" y="{}" width="{}%" height="{}"></rect>',
            SERIES_CLASSES[number],
            y,
            f"{width:.2f}",
            BAR,
        )
    label_class = "app-chart__value"
    if number_shown is None:
        label_class += " app-chart__value--hidden"
    label = format_html(
        '<text class="{}" x="{}%" dx="{}" y="{}">{}</text>',
        label_class,
        f"{width:.2f}",
        6 if width > 0 else 0,
        y + BAR - 3,
        text,
    )
    return rect + label


def gridlines(ticks, top, chart_top, chart_bottom, *, percent, unit):
    parts = []
    for tick in ticks:
        x = f"{BAR_SPACE * tick / top:.2f}"
        parts.append(
            format_html(
                '<line class="app-chart__grid" x1="{}%" x2="{}%" y1="{}" y2="{}"></line>'
                '<text class="app-chart__tick" x="{}%" y="{}" text-anchor="{}">{}</text>',
                x,
                x,
                chart_top,
                chart_bottom,
                x,
                chart_bottom + 16,
                "start" if tick == 0 else "middle",
                tick_label(tick, percent=percent, unit=unit),
            )
        )
    return parts


def legend(series):
    """Key squares and names, wrapping onto a new line before a 300px-wide phone's edge."""
    items = []
    x = y = 0
    for number, column in enumerate(series):
        width = 24 + 8 * len(column.label)
        if x and x + width > LEGEND_WIDTH:
            x, y = 0, y + LEGEND
        items.append((SERIES_CLASSES[number], x, y + 4, x + 18, y + 16, column.label))
        x += width + 16
    markup = format_html_join(
        "",
        '<rect class="app-chart__bar {}" x="{}" y="{}" width="14" height="14"></rect>'
        '<text class="app-chart__legend" x="{}" y="{}">{}</text>',
        items,
    )
    return markup, y + LEGEND


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
