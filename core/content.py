"""The site's own words, kept as files under content/ and loaded by `load_site_content`.

The kernel names no app: each app registers the module that loads its part with
register_site_content_loader() from its AppConfig.ready(). A loader module has
`load(*, report)`; it reads files with read_yaml()/content_path() and writes rows
through sync_row() (or its own equivalent that keeps the same promise).

The promise, safe on the live site: a missing row is created; a row is updated only
while it still holds exactly what the last load wrote (a hash of those fields is kept on
the row), so an editor's change in the admin is never overwritten; the report names
every row it skipped and why. Nothing fictional is loaded here (that is the demo's job).
"""

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import yaml
from django.conf import settings
from django.db import models

SITE_CONTENT_LOADERS = []


def register_site_content_loader(module_path, *, order):
    """Run `module_path`'s `load(report=...)` in `load_site_content`, lowest order first."""
    if (order, module_path) not in SITE_CONTENT_LOADERS:
        SITE_CONTENT_LOADERS.append((order, module_path))
        SITE_CONTENT_LOADERS.sort()


def content_root():
    """The content/ folder (settings.SITE_CONTENT_DIR overrides it, for tests)."""
    return Path(getattr(settings, "SITE_CONTENT_DIR", None) or settings.BASE_DIR / "content")


def content_path(*parts):
    return content_root().joinpath(*parts)


def read_yaml(name):
    """A data file under content/data/, parsed with yaml.safe_load (no Python objects)."""
    with content_path("data", f"{name}.yaml").open(encoding="utf-8") as handle:
        return yaml.safe_load(handle) or []


def _plain(value):
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def content_hash(values):
    """A stable hash of a dict of field values (model instances count by primary key)."""
    plain = {name: _plain(value) for name, value in values.items()}
    return hashlib.sha256(json.dumps(plain, sort_keys=True, default=str).encode()).hexdigest()


@dataclass
class LoadReport:
    """What one run did: counts, and every row it left alone with the reason."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list = field(default_factory=list)
    notes: list = field(default_factory=list)

    def skip(self, label, reason):
        self.skipped.append((label, reason))

    def summary(self):
        return (
            f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged, "
            f"{len(self.skipped)} skipped"
        )


EDITED = "changed in the admin since the last load: the editor's version is kept"
NOT_LOADED = (
    "already on the site and never loaded from the content files (made or changed by an "
    "editor): left as it is"
)
NO_RECORD = (
    "differs from the content file, and this kind of row keeps no record of what was "
    "loaded, so it cannot tell an editor's change from an old load: left as it is"
)


def sync_row(report, model, *, lookup, fields, label, hash_field="loaded_hash"):
    """Create the row at `lookup` with `fields`, or update it while no editor has changed it.

    With hash_field=None (a model that keeps no hash) an existing row is never updated;
    a difference is reported instead. Returns the row (existing, new or updated).
    """
    wanted = content_hash(fields)
    row = model.objects.filter(**lookup).first()
    if row is None:
        row = model(**lookup, **fields)
        if hash_field:
            setattr(row, hash_field, wanted)
        row.full_clean()
        row.save()
        report.created += 1
        return row
    current = content_hash({name: getattr(row, name) for name in fields})
    stored = getattr(row, hash_field) if hash_field else None
    if current == wanted:
        if hash_field and stored != wanted:  # same words as the file: adopt it
            model.objects.filter(pk=row.pk).update(**{hash_field: wanted})
        report.unchanged += 1
        return row
    if not hash_field:
        report.skip(label, NO_RECORD)
        return row
    if stored != current:
        report.skip(label, EDITED if stored else NOT_LOADED)
        return row
    for name, value in fields.items():
        setattr(row, name, value)
    setattr(row, hash_field, wanted)
    row.full_clean()
    row.save()
    report.updated += 1
    return row
