"""The yardstick server of `make bench`: the bench settings with only Django's default
middleware (the list `startproject` writes) and one bare view, as DESIGN.md defines the
baseline. bench/run.py starts it on the same gunicorn with the same worker count."""

from bench.settings import *  # noqa: F403

ROOT_URLCONF = "bench.baseline_urls"
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
