"""Search tables: the PostgreSQL search index that replaces Solr

Revision ID: b5035b850384
Revises:
Create Date: 2026-11-23

One narrow row per indexed dataset (simore_search_doc) with GIN-indexed
exact terms and text vectors (tsv: the catch-all text; ftsv: each text
field, lexemes prefixed with its name; ltsv: the same for the large
text_<lang> fields), the stored document beside it
(simore_search_stored), and facet counts per partition kept by triggers
(simore_search_facet_count). Text search configurations fold accents with
``unaccent`` (created by the superuser in scripts/setup-db); everything here
runs as the database owner. Objects that survive CKAN's test ``clean_db``
(configurations, functions) are created idempotently.
"""
from alembic import op

revision = "b5035b850384"
down_revision = None
branch_labels = None
depends_on = None

# ISO 639-1 code -> PostgreSQL Snowball stemmer, as in search/schema.py at
# the time of this revision.
LANGUAGE_STEMMERS = {
    "ar": "arabic", "hy": "armenian", "eu": "basque", "ca": "catalan",
    "da": "danish", "nl": "dutch", "en": "english", "fi": "finnish",
    "fr": "french", "de": "german", "el": "greek", "hi": "hindi",
    "hu": "hungarian", "id": "indonesian", "ga": "irish", "it": "italian",
    "lt": "lithuanian", "ne": "nepali", "no": "norwegian", "pt": "portuguese",
    "ro": "romanian", "ru": "russian", "sr": "serbian", "es": "spanish",
    "sv": "swedish", "ta": "tamil", "tr": "turkish", "yi": "yiddish",
}

CONFIGURATIONS = """
DO $$
DECLARE
  stemmers text[][] := %(stemmers)s;
  i int;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'unaccent') THEN
    RAISE EXCEPTION 'The unaccent extension is missing: run (as a superuser) '
      'CREATE EXTENSION unaccent; in this database (scripts/setup-db does it)';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'simore_simple') THEN
    CREATE TEXT SEARCH CONFIGURATION simore_simple (COPY = simple);
    ALTER TEXT SEARCH CONFIGURATION simore_simple
      ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;
  END IF;
  FOR i IN 1 .. array_length(stemmers, 1) LOOP
    IF EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = stemmers[i][2])
       AND NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'simore_' || stemmers[i][1]) THEN
      EXECUTE format('CREATE TEXT SEARCH CONFIGURATION %%I (COPY = %%I)',
                     'simore_' || stemmers[i][1], stemmers[i][2]);
      EXECUTE format('ALTER TEXT SEARCH CONFIGURATION %%I ALTER MAPPING FOR hword, hword_part, word WITH unaccent, %%I',
                     'simore_' || stemmers[i][1], stemmers[i][2] || '_stem');
    END IF;
  END LOOP;
END
$$;
"""

FUNCTIONS = r"""
-- One analysed text. simore_* configurations fold accents before stemming;
-- a plain stemmer configuration's output is folded after stemming, so that
-- "discriminación" and "discriminacion" meet in one of the two forms.
-- A pair "simore_es|spanish" indexes both forms, the second one's lexemes
-- only where they differ from the first's (most words have no accent).
CREATE OR REPLACE FUNCTION simore_search_vector(form text, body text)
RETURNS tsvector LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  folded_first tsvector;
BEGIN
  IF position('|' IN form) > 0 THEN
    folded_first := simore_search_vector(split_part(form, '|', 1), body);
    RETURN folded_first || ts_delete(simore_search_vector(split_part(form, '|', 2), body),
                                     tsvector_to_array(folded_first));
  ELSIF left(form, 7) = 'simore_' THEN
    RETURN to_tsvector(form::regconfig, body);
  END IF;
  RETURN unaccent(to_tsvector(form::regconfig, body)::text)::tsvector;
END
$$;

-- Lexemes renamed "<prefix><lexeme>" (fielded text in one vector).
CREATE OR REPLACE FUNCTION simore_search_prefixed(prefix text, vector_or_query text)
RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT regexp_replace(vector_or_query, '''((?:[^'']|'''')*)''',
                        '''' || replace(prefix, '''', '''''') || '\1''', 'g')
$$;

-- The catch-all text: each part with its weight label (A-D), so that the
-- boosts of CKAN's default qf live inside one vector.
CREATE OR REPLACE FUNCTION simore_search_vectors(forms text[], bodies text[], weights text[])
RETURNS tsvector LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  result tsvector := ''::tsvector;
  i int;
BEGIN
  FOR i IN 1 .. coalesce(array_length(bodies, 1), 0) LOOP
    result := result || setweight(simore_search_vector(forms[i], bodies[i]), weights[i]::"char");
  END LOOP;
  RETURN result;
END
$$;

CREATE OR REPLACE FUNCTION simore_search_field_vectors(fields text[], forms text[], bodies text[])
RETURNS tsvector LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  result tsvector := ''::tsvector;
  i int;
BEGIN
  FOR i IN 1 .. coalesce(array_length(bodies, 1), 0) LOOP
    result := result || simore_search_prefixed(
      fields[i] || ':', simore_search_vector(forms[i], bodies[i])::text)::tsvector;
  END LOOP;
  RETURN result;
END
$$;

-- A query term as a tsquery over one field: ORed over the field's forms
-- (mode 'phrase'), or a folded, unstemmed prefix (mode 'prefix').
CREATE OR REPLACE FUNCTION simore_search_query(prefix text, forms text[], body text, mode text)
RETURNS tsquery LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  result tsquery := ''::tsquery;
  part tsquery;
  form text;
  seen text[] := '{}';
BEGIN
  IF mode = 'prefix' THEN
    result := to_tsquery('simore_simple',
      '''' || replace(replace(body, '\', '\\'), '''', '''''') || ''':*');
  ELSE
    FOREACH form IN ARRAY forms LOOP
      IF left(form, 7) = 'simore_' THEN
        part := phraseto_tsquery(form::regconfig, body);
      ELSE
        part := unaccent(phraseto_tsquery(form::regconfig, body)::text)::tsquery;
      END IF;
      -- forms often agree ("tortur" in four stemmers): each variant once
      IF numnode(part) > 0 AND NOT part::text = ANY(seen) THEN
        seen := seen || part::text;
        result := CASE WHEN numnode(result) = 0 THEN part ELSE result || part END;
      END IF;
    END LOOP;
  END IF;
  IF prefix <> '' AND numnode(result) > 0 THEN
    result := simore_search_prefixed(prefix, result::text)::tsquery;
  END IF;
  RETURN result;
END
$$;

-- Facet counts per partition, kept by statement triggers (every row's
-- facets start with the token '=', whose count is the number of rows). Rows are only
-- appended by writers (never blocking each other); whoever gets the
-- advisory lock also merges the rows of the keys it touched.
CREATE OR REPLACE FUNCTION simore_search_count_facets()
RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed text;
  delta text;
BEGIN
  changed := CASE TG_OP
    WHEN 'INSERT' THEN 'SELECT n.*, 1 AS sign FROM new_rows n'
    WHEN 'DELETE' THEN 'SELECT o.*, -1 AS sign FROM old_rows o'
    ELSE 'SELECT n.*, 1 AS sign FROM new_rows n UNION ALL SELECT o.*, -1 FROM old_rows o'
  END;
  delta := format($sql$
    SELECT c.site_id, c.dataset_type, c.state, c.capacity, c.labels,
           split_part(t, '=', 1) AS field, substr(t, strpos(t, '=') + 1) AS value,
           sum(c.sign) AS n
    FROM (%s) c CROSS JOIN LATERAL unnest(c.facets) AS t
    GROUP BY 1, 2, 3, 4, 5, 6, 7
    HAVING sum(c.sign) <> 0
  $sql$, changed);
  IF pg_try_advisory_xact_lock(hashtext('simore_search_facet_count')) THEN
    EXECUTE format($sql$
      WITH delta AS MATERIALIZED (%s),
      gone AS (
        DELETE FROM simore_search_facet_count c
        USING delta x
        WHERE c.value = x.value AND c.field = x.field AND c.site_id = x.site_id
          AND c.dataset_type = x.dataset_type AND c.state = x.state
          AND c.capacity = x.capacity AND c.labels = x.labels
        RETURNING c.site_id, c.dataset_type, c.state, c.capacity, c.labels,
                  c.field, c.value, c.n
      )
      INSERT INTO simore_search_facet_count
      SELECT site_id, dataset_type, state, capacity, labels, field, value, sum(n)
      FROM (SELECT * FROM gone UNION ALL SELECT * FROM delta) merged
      GROUP BY 1, 2, 3, 4, 5, 6, 7
      HAVING sum(n) <> 0
    $sql$, delta);
  ELSE
    EXECUTE 'INSERT INTO simore_search_facet_count ' || delta;
  END IF;
  RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION simore_search_clear_counts()
RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM simore_search_facet_count;
  RETURN NULL;
END
$$;
"""

TABLES = """
CREATE TABLE simore_search_doc (
  index_id text PRIMARY KEY,
  seq bigserial NOT NULL,
  id text NOT NULL,
  site_id text NOT NULL,
  name text COLLATE "C",
  title text,
  dataset_type text NOT NULL DEFAULT '',
  state text NOT NULL DEFAULT '',
  capacity text NOT NULL DEFAULT '',
  labels text[] NOT NULL DEFAULT '{}',
  metadata_created timestamptz,
  metadata_modified timestamptz,
  title_string text COLLATE "C",
  terms text[] NOT NULL,
  facets text[] NOT NULL,
  vals jsonb NOT NULL DEFAULT '{}',
  tsv tsvector NOT NULL,
  ftsv tsvector NOT NULL,
  ltsv tsvector NOT NULL
);
-- Ranking and facet counting read the vectors and arrays of every match:
-- lz4 decompresses several times faster than the default pglz (PostgreSQL
-- 14+ built with lz4).
DO $$
BEGIN
  ALTER TABLE simore_search_doc ALTER COLUMN tsv SET COMPRESSION lz4,
                                ALTER COLUMN ftsv SET COMPRESSION lz4,
                                ALTER COLUMN ltsv SET COMPRESSION lz4,
                                ALTER COLUMN facets SET COMPRESSION lz4,
                                ALTER COLUMN terms SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported OR invalid_parameter_value OR syntax_error THEN
  RAISE NOTICE 'lz4 compression unavailable: the index stays pglz-compressed';
END
$$;
CREATE INDEX simore_search_doc_id ON simore_search_doc (id);
CREATE INDEX simore_search_doc_terms ON simore_search_doc USING gin (terms);
CREATE INDEX simore_search_doc_tsv ON simore_search_doc USING gin (tsv);
CREATE INDEX simore_search_doc_ftsv ON simore_search_doc USING gin (ftsv);
CREATE INDEX simore_search_doc_ltsv ON simore_search_doc USING gin (ltsv);
CREATE INDEX simore_search_doc_modified ON simore_search_doc (metadata_modified);
CREATE INDEX simore_search_doc_created ON simore_search_doc (metadata_created);
-- both directions, missing values last in each (Solr's sortMissingLast)
CREATE INDEX simore_search_doc_title_string ON simore_search_doc (title_string);
CREATE INDEX simore_search_doc_title_string_desc ON simore_search_doc (title_string DESC NULLS LAST);
CREATE INDEX simore_search_doc_name ON simore_search_doc (name);
CREATE INDEX simore_search_doc_name_desc ON simore_search_doc (name DESC NULLS LAST);
CREATE INDEX simore_search_doc_title_trgm ON simore_search_doc USING gin (lower(title) gin_trgm_ops);
CREATE INDEX simore_search_doc_name_trgm ON simore_search_doc USING gin (lower(name) gin_trgm_ops);

CREATE TABLE simore_search_stored (
  index_id text PRIMARY KEY REFERENCES simore_search_doc (index_id) ON DELETE CASCADE,
  doc jsonb NOT NULL
);

CREATE TABLE simore_search_facet_count (
  site_id text NOT NULL,
  dataset_type text NOT NULL,
  state text NOT NULL,
  capacity text NOT NULL,
  labels text[] NOT NULL,
  field text NOT NULL,
  value text NOT NULL,
  n bigint NOT NULL
);
CREATE INDEX simore_search_facet_count_field ON simore_search_facet_count (field, dataset_type);
CREATE INDEX simore_search_facet_count_value ON simore_search_facet_count USING hash (value);

CREATE TRIGGER simore_search_count_inserted AFTER INSERT ON simore_search_doc
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION simore_search_count_facets();
CREATE TRIGGER simore_search_count_deleted AFTER DELETE ON simore_search_doc
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION simore_search_count_facets();
CREATE TRIGGER simore_search_count_updated AFTER UPDATE ON simore_search_doc
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION simore_search_count_facets();
CREATE TRIGGER simore_search_count_truncated AFTER TRUNCATE ON simore_search_doc
  FOR EACH STATEMENT EXECUTE FUNCTION simore_search_clear_counts();
"""


def _stemmers_literal() -> str:
    pairs = ", ".join(f"['{code}', '{stemmer}']" for code, stemmer in LANGUAGE_STEMMERS.items())
    return f"ARRAY[{pairs}]"


def upgrade():
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.execute(CONFIGURATIONS % {"stemmers": _stemmers_literal()})
    op.execute(FUNCTIONS)
    op.execute(TABLES)


def downgrade():
    op.execute("DROP TABLE IF EXISTS simore_search_facet_count")
    op.execute("DROP TABLE IF EXISTS simore_search_stored")
    op.execute("DROP TABLE IF EXISTS simore_search_doc")
    for function in (
        "simore_search_count_facets()",
        "simore_search_clear_counts()",
        "simore_search_query(text, text[], text, text)",
        "simore_search_field_vectors(text[], text[], text[])",
        "simore_search_vectors(text[], text[], text[])",
        "simore_search_prefixed(text, text)",
        "simore_search_vector(text, text)",
    ):
        op.execute(f"DROP FUNCTION IF EXISTS {function}")
    for code in ["simple", *LANGUAGE_STEMMERS]:
        op.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS simore_{code}")
