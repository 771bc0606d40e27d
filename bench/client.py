"""A small HTTP client for the bench: one visitor with their own cookies, over plain HTTP.

The bench server runs the live settings, whose cookies are `Secure` and `__Host-` named;
browsers (and cookie jars such as http.cookiejar) would not send those over plain HTTP,
so this client keeps cookies by name itself. It never follows redirects: the journey
checks each step's answer.
"""

import html
import http.client
import re
import time
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
HIDDEN_INPUT = r'name="{}" value="([^"]+)"'


class Response:
    def __init__(self, status, headers, body, seconds):
        self.status = status
        self.headers = headers
        self.body = body
        self.seconds = seconds

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    @property
    def location(self):
        return self.headers.get("location", "")

    def hidden(self, name):
        """The value of a hidden form field, or None."""
        pattern = CSRF_INPUT if name == "csrfmiddlewaretoken" else HIDDEN_INPUT.format(name)
        match = re.search(pattern, self.text)
        return match.group(1) if match else None

    def hidden_fields(self):
        """{name: value} of every hidden input on the page (CSRF token, form stamps, keys)."""
        fields = {}
        for tag in re.findall(r"<input\b[^>]*>", self.text):
            if 'type="hidden"' in tag:
                name = re.search(r'name="([^"]+)"', tag)
                value = re.search(r'value="([^"]*)"', tag)
                if name:
                    fields[name.group(1)] = html.unescape(value.group(1)) if value else ""
        return fields


class Visitor:
    def __init__(self, base_url, *, timeout=60):
        parts = urlsplit(base_url)
        self.host = parts.hostname
        self.port = parts.port or 80
        self.timeout = timeout
        self.cookies = {}
        self.history = []  # (method, path, status, upstream) of every request

    def request(self, method, path, *, data=None, headers=None):
        body = urlencode(data, doseq=True).encode() if data is not None else None
        sent = {"Host": f"{self.host}:{self.port}", "Connection": "close", **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        if body is not None:
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        started = time.perf_counter()
        try:
            connection.request(method, path, body=body, headers=sent)
            answer = connection.getresponse()
            content = answer.read()
        finally:
            connection.close()
        seconds = time.perf_counter() - started
        for value in answer.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(value).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        headers = {name.lower(): value for name, value in answer.headers.items()}
        self.history.append((method, path, answer.status, headers.get("x-bench-upstream", "")))
        return Response(answer.status, headers, content, seconds)

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path, data, **kwargs):
        return self.request("POST", path, data=data, **kwargs)

    def post_form(self, page, path, data, **kwargs):
        """POST `data` with the hidden fields of the form on `page` (a Response), as a browser
        would: the CSRF token, the spam check's stamp, the idempotency key."""
        hidden = page.hidden_fields()
        if "csrfmiddlewaretoken" not in hidden:
            raise BookingStepError(f"No CSRF token on the page before POST {path}")
        return self.post(path, {**hidden, **data}, **kwargs)


class BookingStepError(Exception):
    pass


def expect(response, status, what):
    if response.status != status:
        raise BookingStepError(f"{what}: expected {status}, got {response.status}")
    return response


def delegate(number, tag):
    return {
        "full_name": f"Bench Visitor {number}",
        "email": f"bench.visitor.{tag}.{number}@example.com",
        "phone": "01632 960 001",
        "organisation": "Bench Test Organisation",
        "sector": "schools",
        "job_role": "Teacher",
        "needs": "",
    }


def open_details(visitor, book_path):
    """Booking steps 1 and 2: answer "not a council employee", open the details page."""
    start = expect(visitor.get(book_path), 200, "booking start page")
    answer = visitor.post_form(start, book_path, {"council_employee": "no"})
    details_path = expect(answer, 302, "council employee answer").location
    return details_path, expect(visitor.get(details_path), 200, "details page")


def send_details(visitor, details_path, details_page, details):
    """Send the details (at least SPAM_MIN_FILL_SECONDS after the page was shown, as a person
    would: the spam check refuses faster ones); return the check-your-answers page."""
    answer = visitor.post_form(details_page, details_path, {**details, "website": ""})
    colleagues_path = expect(answer, 302, "details answer").location
    # The optional colleagues page: nobody else, as most people book.
    colleagues_page = expect(visitor.get(colleagues_path), 200, "colleagues page")
    answer = visitor.post_form(colleagues_page, colleagues_path, {})
    check_path = expect(answer, 302, "colleagues answer").location
    return check_path, expect(visitor.get(check_path), 200, "check your answers page")


def book_until_check(visitor, book_path, details, *, fill_seconds=3.2):
    """Walk the booking journey to check-your-answers; return (its path, its page)."""
    details_path, details_page = open_details(visitor, book_path)
    time.sleep(fill_seconds)
    return send_details(visitor, details_path, details_page, details)


def confirm(visitor, check_path, check_page):
    """Submit check-your-answers; returns the Response (302 to the confirmation)."""
    if check_page.hidden("idempotency_key") is None:
        raise BookingStepError("No idempotency key on the check page")
    return visitor.post_form(check_page, check_path, {})
