"""CSV downloads of report tables: the same (suppressed) values the page shows, never more.

A table's CSV holds its column headings, its rows and its total; suppressed counts are
written as words ("fewer than 5", "not shown"), exactly as on the page. No report table
holds personal data: only counts, rates, days and the names of courses, venues,
sectors, districts, months and outcomes.
"""

import csv
import io

from django.http import HttpResponse

from .tables import csv_value

# A spreadsheet would run a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe(text):
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def table_csv(table):
    output = io.StringIO()
    writer = csv.writer(output)
    if table.withheld_message:
        writer.writerow([table.title])
        writer.writerow([table.withheld_message])
        return output.getvalue()
    writer.writerow([column.csv_label for column in table.columns])
    rows = list(table.rows)
    if table.total and table.rows:
        rows.append(table.total)
    for row in rows:
        writer.writerow(
            [safe(csv_value(row.get(column.key), column.kind)) for column in table.columns]
        )
    return output.getvalue()


def csv_response(table, period):
    response = HttpResponse(table_csv(table), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{table.slug}-{period.slug}.csv"'
    return response
