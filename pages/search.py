"""Site search over published pages, documents and training courses.

On PostgreSQL: full-text search with the English dictionary (so "radicalised"
finds "radicalisation"), weighted title (A) > summary (B) > body (C), ranked with
ts_rank and with ts_headline snippets. It runs in two steps: first the ids and
ranks of every match (one query per kind of thing), then snippets only for the
results on the page shown, because ts_headline is the expensive part.

On SQLite (the zero-set-up demo only) it falls back to a case-insensitive match
of every word, ranked by where the words appear.

Snippets are built with control characters as highlight markers, HTML-escaped,
and only then given <mark> tags, so nothing an editor typed becomes markup.
"""

import math
import re
from dataclasses import dataclass

from django.conf import settings
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db.models import F, Q, TextField, Value
from django.db.models.functions import Concat
from django.utils.html import escape
from django.utils.safestring import mark_safe

from training.models import Course

from .models import Document, Page
from .templatetags.pages_tags import file_size

MAX_QUERY_LENGTH = 200
PER_PAGE = 20
SNIPPET_CHARS = 240
CONFIG = "english"
START, STOP = "\x02", "\x03"
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass
class Result:
    kind: str
    label: str
    title: str
    url: str
    snippet: str
    meta: str = ""
    rank: float = 0.0


@dataclass
class SearchResults:
    query: str
    total: int
    results: list
    page: int
    page_count: int

    @property
    def first_number(self):
        return (self.page - 1) * PER_PAGE + 1


@dataclass(frozen=True)
class Source:
    kind: str
    label: str
    order: int  # breaks rank ties: pages before documents before courses

    def queryset(self):
        if self.kind == "page":
            return Page.objects.published()
        if self.kind == "document":
            return Document.objects.published()
        return Course.objects.published()

    def fields(self):
        """(field, weight) pairs, strongest first."""
        if self.kind == "page":
            return [("title", "A"), ("summary", "B"), ("body_text", "C")]
        if self.kind == "document":
            return [("title", "A"), ("description", "B")]
        return [("title", "A"), ("summary", "B"), ("description", "C")]

    def text_expression(self):
        if self.kind == "document":
            return F("description")
        body = "body_text" if self.kind == "page" else "description"
        return Concat("summary", Value(" "), body, output_field=TextField())

    def plain_text(self, item):
        if self.kind == "document":
            return item.description
        body = item.body_text if self.kind == "page" else item.description
        return f"{item.summary} {body}"

    def result(self, item, snippet, rank):
        meta = ""
        if self.kind == "document":
            meta = f"{item.type_info.label}, {file_size(item.size)}"
        return Result(
            kind=self.kind,
            label=self.label,
            title=item.title,
            url=item.get_absolute_url(),
            snippet=snippet,
            meta=meta,
            rank=rank,
        )


SOURCES = [
    Source("page", "Guidance", 0),
    Source("document", "Document", 1),
    Source("course", "Training course", 2),
]


def clean_query(raw):
    """Printable text only, single-spaced, at most MAX_QUERY_LENGTH characters."""
    text = _CONTROL.sub(" ", raw or "")
    return re.sub(r"\s+", " ", text).strip()[:MAX_QUERY_LENGTH]


def _page_number(raw, page_count):
    try:
        number = int(raw)
    except (TypeError, ValueError):
        number = 1
    return min(max(number, 1), max(page_count, 1))


def search_site(query, page=1):
    """Search everything the public can see. `query` should come from clean_query."""
    if not query:
        return SearchResults(query=query, total=0, results=[], page=1, page_count=0)
    hits = _postgres_hits(query) if settings.USING_POSTGRES else _simple_hits(query)
    hits.sort(key=lambda hit: (-hit[2], hit[0].order, hit[3]))
    page_count = math.ceil(len(hits) / PER_PAGE)
    number = _page_number(page, page_count)
    shown = hits[(number - 1) * PER_PAGE : number * PER_PAGE]
    if settings.USING_POSTGRES:
        results = _postgres_results(query, shown)
    else:
        results = _simple_results(query, shown)
    return SearchResults(
        query=query, total=len(hits), results=results, page=number, page_count=page_count
    )


# --- PostgreSQL ------------------------------------------------------------------------------


def _vector(source):
    vectors = [SearchVector(name, weight=weight, config=CONFIG) for name, weight in source.fields()]
    combined = vectors[0]
    for vector in vectors[1:]:
        combined = combined + vector
    return combined


def _postgres_hits(query):
    """[(source, pk, rank, title)] for every match."""
    search_query = SearchQuery(query, search_type="websearch", config=CONFIG)
    hits = []
    for source in SOURCES:
        vector = _vector(source)
        rows = (
            source.queryset()
            .annotate(document_vector=vector, rank=SearchRank(vector, search_query))
            .filter(document_vector=search_query)
            .values_list("pk", "rank", "title")
        )
        hits += [(source, pk, rank, title) for pk, rank, title in rows]
    return hits


def _highlight(marked_text):
    """Escape text that carries START/STOP markers, then turn the markers into <mark>."""
    safe = escape(marked_text)
    safe = safe.replace(START, "<mark>").replace(STOP, "</mark>")
    return mark_safe(safe)  # noqa: S308 (escaped above; only our own tags added)


def _postgres_results(query, shown):
    search_query = SearchQuery(query, search_type="websearch", config=CONFIG)
    snippets = {}
    for source in SOURCES:
        ids = [pk for hit_source, pk, _, _ in shown if hit_source is source]
        if not ids:
            continue
        rows = source.queryset().filter(pk__in=ids)
        if source.kind == "page":
            rows = rows.only("id", "path", "title", "summary", "body_text")
        rows = rows.annotate(
            snippet=SearchHeadline(
                source.text_expression(),
                search_query,
                config=CONFIG,
                start_sel=START,
                stop_sel=STOP,
                max_words=35,
                min_words=15,
                max_fragments=2,
                fragment_delimiter=" … ",
            )
        )
        for item in rows:
            marked = _with_ellipses(_CONTROL_OTHER.sub(" ", item.snippet), source.plain_text(item))
            snippets[(source.kind, item.pk)] = (item, _highlight(marked))
    results = []
    for source, pk, rank, _ in shown:
        item, snippet = snippets[(source.kind, pk)]
        results.append(source.result(item, snippet, rank))
    return results


# Control characters other than our two markers.
_CONTROL_OTHER = re.compile(r"[\x00\x01\x04-\x1f\x7f]")
_SENTENCE_END = re.compile(r"[.!?:;]\W*$")


def _with_ellipses(marked, text):
    """A leading "… " when the snippet starts inside a sentence of `text`, and a trailing
    " …" when the text goes on after it mid-sentence, so a reader knows words were cut."""
    bare = " ".join(marked.replace(START, "").replace(STOP, "").split())
    words = " ".join((text or "").split())
    if not bare or not words:
        return marked
    first_fragment = bare.split(" … ")[0]
    last_fragment = bare.split(" … ")[-1]
    head = words.find(" ".join(first_fragment.split()[:4]))
    if head > 0 and not _SENTENCE_END.search(words[:head]):
        marked = "… " + marked.lstrip()
    tail_words = " ".join(last_fragment.split()[-4:])
    last_start = words.find(" ".join(last_fragment.split()[:4]), max(head, 0))
    tail = words.find(tail_words, max(last_start, 0))
    rest = words[tail + len(tail_words) :] if tail >= 0 else ""
    if rest.strip(" .!?;:)\"'") and not _SENTENCE_END.search(bare):
        marked = marked.rstrip() + " …"
    return marked


# --- SQLite fallback (demo only) -------------------------------------------------------


def _terms(query):
    return [term for term in re.split(r"\s+", query.replace('"', " ")) if term][:10]


def _simple_hits(query):
    terms = _terms(query)
    hits = []
    for source in SOURCES:
        names = [name for name, _ in source.fields()]
        rows = source.queryset()
        for term in terms:
            matches = Q()
            for name in names:
                matches |= Q(**{f"{name}__icontains": term})
            rows = rows.filter(matches)
        for item in rows.only("pk", *names):
            score = 0.0
            for term in terms:
                lowered = term.lower()
                for (name, _), weight in zip(source.fields(), (1.0, 0.4, 0.2), strict=False):
                    if lowered in (getattr(item, name) or "").lower():
                        score += weight
            hits.append((source, item.pk, score, item.title))
    return hits


def _simple_snippet(text, terms):
    lowered = text.lower()
    positions = [lowered.find(term.lower()) for term in terms if term.lower() in lowered]
    start = max(min(positions) - 60, 0) if positions else 0
    if start:  # begin at a word, never inside one
        start = start + len(re.match(r"\S*\s*", text[start:]).group(0))
    window = _with_ellipses(text[start : start + SNIPPET_CHARS], text)
    pattern = re.compile("|".join(re.escape(term) for term in terms), re.IGNORECASE)
    marked = pattern.sub(lambda match: f"{START}{match.group(0)}{STOP}", _CONTROL.sub(" ", window))
    return _highlight(marked)


def _simple_results(query, shown):
    terms = _terms(query)
    results = []
    for source, pk, rank, _ in shown:
        item = source.queryset().get(pk=pk)
        results.append(source.result(item, _simple_snippet(source.plain_text(item), terms), rank))
    return results
