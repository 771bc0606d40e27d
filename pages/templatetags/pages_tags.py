from django import template
from django.utils.safestring import mark_safe

from ..rendering import sanitise_html
from ..selectors import active_site_alert

register = template.Library()


@register.filter
def sanitised(value):
    """Clean stored HTML again as it goes on the page (it was cleaned on save too)."""
    return mark_safe(sanitise_html(value))  # noqa: S308 (sanitised by nh3 on the line above)


@register.filter
def file_size(value):
    """Bytes as GOV.UK writes sizes: 512 bytes, 12 KB, 1.5 MB."""
    try:
        size = int(value)
    except (TypeError, ValueError):
        return ""
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{round(size / 1024)} KB"
    megabytes = size / (1024 * 1024)
    return f"{megabytes:.1f} MB".replace(".0 MB", " MB")


@register.inclusion_tag("pages/includes/site_alert_banner.html")
def site_alert():
    """The site-wide alert, if one is switched on now. Cached: usually no query."""
    return {"alert": active_site_alert()}
