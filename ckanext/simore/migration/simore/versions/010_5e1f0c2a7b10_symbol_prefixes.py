"""Document symbols found by their start through an index: the
recommendation picker's "A/HRC/17"

Revision ID: 5e1f0c2a7b10
Revises: 5e1f0c2a7b09
Create Date: 2026-12-03

A wildcard on a string field (``document_symbol:A\\/HRC\\/17*``) tested
every document having the field, unnesting its ``terms`` array: at 300,000
recommendations, seconds for each keystroke in the picker (``make
bench-picker``). The values of ``document_symbol`` are now also kept in a
column computed from ``terms`` (``document_symbols``: each value after a
newline, its backslashes and newlines escaped, so that a newline always
starts a value) with a trigram index; a prefix (a literal and one
trailing ``*``) is the LIKE ``'%' || E'\\n' || prefix || '%'`` on it
(``documents.VALUE_COLUMNS``, ``conditions.ConditionCompiler._wildcard``).
The column is computed by PostgreSQL: writers do not change.
"""
from alembic import op

revision = "5e1f0c2a7b10"
down_revision = "5e1f0c2a7b09"
branch_labels = None
depends_on = None

# search/documents.py: escape_value is the same escaping, in Python
VALUES = r"""
CREATE OR REPLACE FUNCTION simore_search_values(terms text[], field text)
RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT string_agg(E'\n' || replace(replace(substr(t, length(field) + 2), '\', '\\'), E'\n', '\n'), '')
  FROM unnest(terms) AS t WHERE starts_with(t, field || '=')
$$;
"""
COLUMN = """
ALTER TABLE simore_search_doc ADD COLUMN IF NOT EXISTS document_symbols text
  GENERATED ALWAYS AS (simore_search_values(terms, 'document_symbol')) STORED
"""
INDEX = """
CREATE INDEX IF NOT EXISTS simore_search_doc_document_symbols ON simore_search_doc
  USING gin (document_symbols gin_trgm_ops)
"""


def upgrade():
    op.execute(VALUES)
    op.execute(COLUMN)
    op.execute(INDEX)


def downgrade():
    op.execute("DROP INDEX IF EXISTS simore_search_doc_document_symbols")
    op.execute("ALTER TABLE simore_search_doc DROP COLUMN IF EXISTS document_symbols")
    op.execute("DROP FUNCTION IF EXISTS simore_search_values(text[], text)")
