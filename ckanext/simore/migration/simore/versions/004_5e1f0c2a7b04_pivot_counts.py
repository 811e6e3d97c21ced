"""Pivot counts: facet counts per partition and per value of a few pivot
fields, kept by triggers like simore_search_facet_count; an index for
listings of one dataset type

Revision ID: 5e1f0c2a7b04
Revises: 5e1f0c2a7b03
Create Date: 2026-11-23

A search narrowed to one value of a pivot field (the statistics filtered on
a mechanism, an institution's dashboard) reads its facet counts here
instead of counting them over every matching row. For each document and
each distinct pivot token it holds (``mechanism=upr``, ``institutions=x``)
the document's tokens of the counted fields are counted under that pivot,
so the counts under a pivot equal what counting the matching rows gives.
Few pivots and fields, to keep writes cheap: the fields the statistics and
dashboards count. Both lists are the triggers' arguments;
search/translate.py's PIVOT_FIELDS and search/facets.py's
PIVOT_COUNTED_FIELDS must name the same ones (a test checks it). Rows are
appended by writers and merged by whoever gets the advisory lock, as for
the partition counts.

A listing of one dataset type by last change (the mechanisms, the actions)
otherwise walks the whole metadata_modified index past every
recommendation.
"""
from alembic import op

revision = "5e1f0c2a7b04"
down_revision = "5e1f0c2a7b03"
branch_labels = None
depends_on = None

# search/translate.py's PIVOT_FIELDS and search/facets.py's
# PIVOT_COUNTED_FIELDS at the time of this revision ("": the total)
PIVOT_FIELDS = ("mechanism", "institutions", "upr_cycle")
COUNTED_FIELDS = ("", "implementation_status", "mechanism", "institutions", "upr_cycle", "themes",
                  "affected_persons", "sdg_goals", "publication_year", "status_flow")

FUNCTIONS = r"""
-- The counts a set of rows adds (sign 1) or removes (sign -1), per
-- partition, pivot token and token of a counted field. "changed" yields
-- the partition columns and facets of simore_search_doc rows, and a
-- "sign" column. Tokens are grouped whole and split once grouped.
CREATE OR REPLACE FUNCTION simore_search_pivot_delta_sql(changed text, pivots text[], counted text[])
RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT format($sql$
    SELECT site_id, dataset_type, state, capacity, labels, pivot,
           split_part(token, '=', 1) AS field, substr(token, strpos(token, '=') + 1) AS value, n
    FROM (
      SELECT c.site_id, c.dataset_type, c.state, c.capacity, c.labels, p.pivot, t AS token,
             sum(c.sign) AS n
      FROM (%s) c
      CROSS JOIN LATERAL (SELECT DISTINCT pt AS pivot FROM unnest(c.facets) AS pt
                          WHERE split_part(pt, '=', 1) = ANY(%L::text[])) p
      CROSS JOIN LATERAL unnest(c.facets) AS t
      WHERE split_part(t, '=', 1) = ANY(%L::text[])
      GROUP BY 1, 2, 3, 4, 5, 6, 7
      HAVING sum(c.sign) <> 0
    ) grouped
  $sql$, changed, pivots, counted)
$$;

CREATE OR REPLACE FUNCTION simore_search_count_pivots()
RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  columns text := 'd.site_id, d.dataset_type, d.state, d.capacity, d.labels, d.facets';
  delta text;
BEGIN
  delta := simore_search_pivot_delta_sql(CASE TG_OP
    WHEN 'INSERT' THEN 'SELECT ' || columns || ', 1 AS sign FROM new_rows d'
    WHEN 'DELETE' THEN 'SELECT ' || columns || ', -1 AS sign FROM old_rows d'
    ELSE 'SELECT ' || columns || ', 1 AS sign FROM new_rows d UNION ALL '
         'SELECT ' || columns || ', -1 FROM old_rows d'
  END, TG_ARGV[0]::text[], TG_ARGV[1]::text[]);
  IF pg_try_advisory_xact_lock(hashtext('simore_search_pivot_count')) THEN
    EXECUTE format($sql$
      WITH delta AS MATERIALIZED (%s),
      gone AS (
        DELETE FROM simore_search_pivot_count c
        USING delta x
        WHERE c.pivot = x.pivot AND c.value = x.value AND c.field = x.field
          AND c.site_id = x.site_id AND c.dataset_type = x.dataset_type
          AND c.state = x.state AND c.capacity = x.capacity AND c.labels = x.labels
        RETURNING c.site_id, c.dataset_type, c.state, c.capacity, c.labels,
                  c.pivot, c.field, c.value, c.n
      )
      INSERT INTO simore_search_pivot_count
      SELECT site_id, dataset_type, state, capacity, labels, pivot, field, value, sum(n)
      FROM (SELECT * FROM gone UNION ALL SELECT * FROM delta) merged
      GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
      HAVING sum(n) <> 0
    $sql$, delta);
  ELSE
    EXECUTE 'INSERT INTO simore_search_pivot_count ' || delta;
  END IF;
  RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION simore_search_clear_pivot_counts()
RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM simore_search_pivot_count;
  RETURN NULL;
END
$$;
"""

TABLES = """
CREATE TABLE simore_search_pivot_count (
  site_id text NOT NULL,
  dataset_type text NOT NULL,
  state text NOT NULL,
  capacity text NOT NULL,
  labels text[] NOT NULL,
  pivot text NOT NULL,
  field text NOT NULL,
  value text NOT NULL,
  n bigint NOT NULL
);
-- the merge finds each counted key by it, a read each pivot
CREATE INDEX simore_search_pivot_count_key ON simore_search_pivot_count (pivot, field, value);
CREATE INDEX simore_search_doc_type_modified ON simore_search_doc (dataset_type, metadata_modified);
"""

TRIGGERS = """
CREATE TRIGGER simore_search_pivot_inserted AFTER INSERT ON simore_search_doc
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION simore_search_count_pivots({pivots});
CREATE TRIGGER simore_search_pivot_deleted AFTER DELETE ON simore_search_doc
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION simore_search_count_pivots({pivots});
CREATE TRIGGER simore_search_pivot_updated AFTER UPDATE ON simore_search_doc
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION simore_search_count_pivots({pivots});
CREATE TRIGGER simore_search_pivot_truncated AFTER TRUNCATE ON simore_search_doc
  FOR EACH STATEMENT EXECUTE FUNCTION simore_search_clear_pivot_counts();
"""


def _array(values) -> str:
    """A text[] literal ('{"",a,b}')."""
    return "'{{{}}}'".format(",".join(f'"{value}"' for value in values))


def upgrade():
    op.execute(FUNCTIONS)
    op.execute(TABLES)
    # what is already indexed, counted once
    op.execute(f"""
        DO $$ BEGIN
          EXECUTE 'INSERT INTO simore_search_pivot_count ' || simore_search_pivot_delta_sql(
            'SELECT d.site_id, d.dataset_type, d.state, d.capacity, d.labels, d.facets, 1 AS sign '
            'FROM simore_search_doc d', {_array(PIVOT_FIELDS)}, {_array(COUNTED_FIELDS)});
        END $$
    """)
    op.execute(TRIGGERS.format(pivots=f"{_array(PIVOT_FIELDS)}, {_array(COUNTED_FIELDS)}"))


def downgrade():
    for trigger in ("inserted", "deleted", "updated", "truncated"):
        op.execute(f"DROP TRIGGER IF EXISTS simore_search_pivot_{trigger} ON simore_search_doc")
    op.execute("DROP TABLE IF EXISTS simore_search_pivot_count")
    op.execute("DROP INDEX IF EXISTS simore_search_doc_type_modified")
    for function in ("simore_search_count_pivots()", "simore_search_clear_pivot_counts()",
                     "simore_search_pivot_delta_sql(text, text[], text[])"):
        op.execute(f"DROP FUNCTION IF EXISTS {function}")
