"""SQL that writes and deletes index rows, in the caller's transaction, and
counts the rows an earlier version wrote.

Documents arrive as CKAN's ``index_package`` builds them; ``documents``
turns each into row values, PostgreSQL analyses the texts (each once: a
text_<lang> field's vector goes to its own field, to the catch-all and to
the ranking vector; a labels_<lang> field's to the first two). Each batch is
one INSERT statement, so the facet-count trigger runs once per batch.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

import sqlalchemy as sa

from ckanext.simore.search import documents

BATCH_SIZE = 500

_DELETE_IDS = sa.text("DELETE FROM simore_search_doc WHERE index_id = ANY(:ids)")

_INSERT = sa.text(
    """
    WITH r AS MATERIALIZED (
      SELECT * FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS r(
        index_id text, id text, site_id text, name text, title text,
        dataset_type text, state text, capacity text, labels text[],
        metadata_created timestamptz, metadata_modified timestamptz,
        title_string text, terms text[], facets text[], vals jsonb,
        text_forms text[], text_bodies text[], text_weights text[], field_names text[],
        field_forms text[], field_bodies text[], language_names text[],
        language_forms text[], language_bodies text[], label_names text[],
        label_forms text[], label_bodies text[], stored jsonb)
    ),
    inserted AS (
      INSERT INTO simore_search_doc (
        index_id, id, site_id, name, title, dataset_type, state, capacity,
        labels, metadata_created, metadata_modified, title_string, terms,
        facets, vals, tsv, ftsv, ltsv, rank_tsv)
      SELECT index_id, id, site_id, name, title, dataset_type, state, capacity,
             labels, metadata_created, metadata_modified, title_string, terms,
             facets, vals,
             ranked.vector || labelled.plain,
             simore_search_field_vectors(field_names, field_forms, field_bodies),
             languages.fielded || labelled.fielded,
             ranked.vector
      FROM r
        CROSS JOIN LATERAL
          simore_search_language_vectors(language_names, language_forms, language_bodies) AS languages
        CROSS JOIN LATERAL
          simore_search_language_vectors(label_names, label_forms, label_bodies) AS labelled
        CROSS JOIN LATERAL (
          SELECT simore_search_vectors(text_forms, text_bodies, text_weights) || languages.plain AS vector
        ) AS ranked
      RETURNING index_id
    )
    INSERT INTO simore_search_stored (index_id, doc)
    SELECT r.index_id, r.stored FROM r JOIN inserted USING (index_id)
    """
)


def add(session: Any, docs: Iterable[dict[str, Any]], languages: Sequence[str]) -> None:
    """Index (or re-index) documents; a document replaces the one with the
    same ``index_id``, as in Solr."""
    batch: dict[str, documents.IndexRow] = {}
    for doc in docs:
        row = documents.build_row(doc, languages)
        batch[row.index_id] = row  # the last of duplicates wins
        if len(batch) >= BATCH_SIZE:
            _write(session, list(batch.values()))
            batch = {}
    if batch:
        _write(session, list(batch.values()))


def _write(session: Any, rows: list[documents.IndexRow]) -> None:
    session.execute(_DELETE_IDS, {"ids": [row.index_id for row in rows]})
    payload = json.dumps([row.__dict__ for row in rows], ensure_ascii=False, default=str)
    session.execute(_INSERT, {"rows": payload})


def delete_ids(session: Any, ids: Sequence[str]) -> None:
    session.execute(_DELETE_IDS, {"ids": list(ids)})


def delete_where(session: Any, where: str, params: dict[str, Any]) -> None:
    session.execute(sa.text(f"DELETE FROM simore_search_doc AS d WHERE {where}"), params)


def rows_without_ranking_vector(session: Any) -> int:
    """Index rows written before migration 016, ranked on the whole
    catch-all (slowly) until they are written again."""
    return session.execute(sa.text("SELECT count(*) FROM simore_search_doc WHERE rank_tsv IS NULL")).scalar_one()
