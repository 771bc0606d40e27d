"""{% report_sections as sections %}: the report sections the signed-in user may see.

Used by the admin index (templates/admin/index.html) to link to the reports page only
for the roles that own a section.
"""

from django import template

from reports.access import sections_for_request

register = template.Library()


@register.simple_tag(takes_context=True)
def report_sections(context):
    request = context.get("request")
    return sections_for_request(request) if request is not None else []
