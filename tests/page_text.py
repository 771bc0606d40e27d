"""A page's words as a reader sees them, for the tests of what the site's pages say."""

import re


def text_of(client, url):
    """The text of the page's <main>: tags dropped, white space collapsed, apostrophes as
    typed (Django escapes them as &#x27;)."""
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.text
    main = html[html.index("<main") :]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main)).replace("&#x27;", "'")
