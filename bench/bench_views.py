"""The yardstick of `make bench`: a fixed 10 KB page, served only by bench.settings (bench/urls.py).

It goes through the same server and middleware as every other page but does no work of
its own, so bench/run.py can give each page's requests per second as a share of it.
"""

from django.http import HttpResponse

_ROW = "<p>Baseline paragraph: a fixed line of text that is the same on every request.</p>\n"
BASELINE_HTML = (
    '<!DOCTYPE html>\n<html lang="en-GB"><head><meta charset="utf-8">'
    "<title>Bench baseline</title></head><body>\n"
    + _ROW * (10_240 // len(_ROW))
    + "</body></html>\n"
)


def baseline(request):
    return HttpResponse(BASELINE_HTML)
