"""Records' texts by name, in one query: a recommendation's multilingual
text (else the record's title), hidden from a viewer who may not read it."""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from ckan import model

from ckanext.simore.db import extras
from ckanext.simore.records import readable


def record_texts(names: list[str], viewer: str | None = None) -> list[dict[str, Any]]:
    """Each named record with its multilingual text (a recommendation's
    ``text_translated``, else its title), in one query; with a ``viewer``,
    the text is None for a record the viewer may not read."""
    if not names:
        return []
    hidden = set(names) - set(readable.readable(names, viewer)) if viewer is not None else set()
    join, text = extras.value_sql("text_translated")
    sql = f"SELECT p.name, p.title, {text} AS text FROM package p {join} WHERE p.name = ANY(CAST(:names AS text[]))"
    found = {row.name: row for row in model.Session.execute(sa.text(sql), {"names": list(names)})}
    records = []
    for name in names:
        row = found.get(name)
        text: Any = None
        if row is not None and row.text:
            try:
                text = json.loads(row.text)
            except ValueError:
                text = row.text
        records.append(
            {"name": name, "text": None if name in hidden else text or (row.title if row is not None else name)}
        )
    return records
