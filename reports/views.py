"""The reports pages under /admin/reports/, behind the admin site's sign-in rules.

reports.urls wraps every view in `admin.site.admin_view`, so only active
staff who signed in with their second factor reach them. Inside, each section is shown
only to its own roles (access.py): someone with neither role gets the 403 page, and a
CSV of a section they do not own is a 404, as if it did not exist.
"""

from dataclasses import dataclass

from django.core.exceptions import BadRequest, PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from reports.referral_figures import referral_counts, referral_tables, total_display
from reports.training_figures import training_report, training_tables

from .access import REFERRALS, TRAINING, section_of, sections_for_request
from .charts import COMPACT_INLINE, REGULAR, render_chart
from .downloads import csv_response
from .forms import period_form
from .periods import financial_year, format_day
from .tables import display

# The printable summary: per section, the tables it keeps, in order, each as
# (slug, chart layout or None for no chart, show the table, width in the page's grid).
# Chosen so that each section fits on one printed A4 page.
SUMMARY = {
    TRAINING: [
        ("training-by-course", COMPACT_INLINE, True, "full"),
        ("training-summary", None, True, "half"),
        ("training-waiting-by-course", None, True, "half"),
    ],
    REFERRALS: [
        # Every month's value is written on its bar, so the chart stands alone here.
        ("referrals-by-month", COMPACT_INLINE, False, "half"),
        ("referrals-by-outcome", None, True, "half"),
        ("referrals-by-sector", None, True, "third"),
        ("referrals-by-district", None, True, "third"),
        ("referrals-by-age-band", None, True, "third"),
        ("referrals-by-concern", None, True, "half"),
        ("referrals-time-taken", None, True, "half"),
    ],
}


@dataclass
class ShownTable:
    table: object
    svg: str
    csv_url: str
    show_table: bool = True
    width: str = "full"
    # The summary's compact drawing for print (the screen keeps the regular one).
    print_svg: str = ""

    @property
    def side_by_side(self):
        """Narrow tables sit beside their chart; wide ones go under it."""
        return bool(self.svg) and self.show_table and len(self.table.columns) <= 3


@dataclass
class Section:
    key: str
    title: str
    headline: list  # [(label, value as text)]
    tables: list  # [ShownTable]

    @property
    def notes(self):
        """Every table's notes once, in order (the summary prints them at the end)."""
        return list(dict.fromkeys(note for item in self.tables for note in item.table.notes))


def section_tables(key, period):
    """(headline, tables) of one section for the period."""
    if key == TRAINING:
        tables = training_tables(training_report(period))
        summary = tables[0]  # "Training at a glance": its rows are the key figures
        kind = summary.column("value").kind
        figures = {row["key"]: row for row in summary.rows}
        headline = [
            (figures[name]["label"], display(figures[name]["value"], kind))
            for name in ("run", "booked", "attended", "fill_rate")
        ]
        return headline, tables
    counts = referral_counts(period)
    return [("Referrals received", total_display(counts).display)], referral_tables(counts)


def build_sections(keys, period, *, summary=False):
    query = period.query()
    titles = {TRAINING: "Training", REFERRALS: "Referrals"}
    sections = []
    for key in keys:
        headline, tables = section_tables(key, period)
        by_slug = {table.slug: table for table in tables}
        if summary:
            chosen = [
                (by_slug[slug], layout, show_table, width)
                for slug, layout, show_table, width in SUMMARY[key]
            ]
        else:
            chosen = [(table, REGULAR, True, "full") for table in tables]
        shown = [
            ShownTable(
                table=table,
                svg=render_chart(table) if layout else "",
                csv_url=f"{reverse('reports:csv', args=[table.slug])}?{query}",
                show_table=show_table,
                width=width,
                print_svg=(
                    render_chart(table, layout=layout, id_suffix="-print")
                    if layout and layout != REGULAR
                    else ""
                ),
            )
            for table, layout, show_table, width in chosen
        ]
        sections.append(Section(key, titles[key], headline, shown))
    return sections


def allowed_sections(request):
    keys = sections_for_request(request)
    if not keys:
        raise PermissionDenied("No report section for this role.")
    return keys


def page_context(request, form, period):
    this_year = financial_year()
    last_year = financial_year(this_year.start.replace(year=this_year.start.year - 1))
    return {
        "form": form,
        "period": period,
        "quick_periods": [
            (f"This financial year ({this_year.start.year} to {this_year.end.year})", this_year),
            (f"Last financial year ({last_year.start.year} to {last_year.end.year})", last_year),
        ],
        "custom_period": period is None or period not in (this_year, last_year),
        "crumbs": [("Staff area", reverse("admin:index")), ("Reports", "")],
    }


@require_GET
def index(request):
    """The reports page: a period, then each section the user's roles own."""
    keys = allowed_sections(request)
    form, period = period_form(request.GET)
    context = page_context(request, form, period)
    if period is not None:
        context["sections"] = build_sections(keys, period)
        context["summary_url"] = f"{reverse('reports:summary')}?{period.query()}"
    return render(request, "reports/index.html", context)


@require_GET
def summary(request):
    """The printable annual summary: one printed page per section."""
    keys = allowed_sections(request)
    form, period = period_form(request.GET)
    if period is None:
        # Bad dates: the reports page shows what is wrong, with its error summary.
        return render(request, "reports/index.html", page_context(request, form, period))
    return render(
        request,
        "reports/summary.html",
        {
            "period": period,
            "sections": build_sections(keys, period, summary=True),
            "produced_on": format_day(timezone.localdate()),
            "today": timezone.localdate(),
            "back_url": f"{reverse('reports:index')}?{period.query()}",
        },
    )


@require_GET
def download(request, slug):
    """One table as CSV. A table of a section the user does not own does not exist."""
    key = section_of(slug)
    if key is None or key not in sections_for_request(request):
        raise Http404("No such report table.")
    form, period = period_form(request.GET)
    if period is None:
        raise BadRequest("The report period is not valid.")
    _headline, tables = section_tables(key, period)
    for table in tables:
        if table.slug == slug:
            return csv_response(table, period)
    raise Http404("No such report table.")
