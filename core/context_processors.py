from django.conf import settings

# Service navigation: (label, path). Paths are the public URLs of DESIGN.md.
NAVIGATION = [
    ("Home", "/"),
    ("About Prevent", "/about-prevent/"),
    ("Get help", "/get-help/"),
    ("Training", "/training/"),
    ("Make a referral", "/referrals/"),
]


def site(request):
    """Names and navigation every page needs; cheap because it runs on every page."""
    path = request.path
    navigation = [
        {
            "label": label,
            "href": href,
            "active": path == "/" if href == "/" else path.startswith(href),
        }
        for label, href in NAVIGATION
    ]
    return {
        "site_name": settings.SITE_NAME,
        "council_name": settings.COUNCIL_NAME,
        "navigation": navigation,
    }
