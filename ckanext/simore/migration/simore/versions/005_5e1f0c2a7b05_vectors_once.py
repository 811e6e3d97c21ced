"""Search vectors analysed once: a language text's vector serves both its
own field and the catch-all text, and a text without accents is stemmed
once

Revision ID: 5e1f0c2a7b05
Revises: 5e1f0c2a7b04
Create Date: 2026-11-23

simore_search_vector with a pair of forms ("simore_es|spanish") analysed
the text twice to add the lexemes that only the unfolded stemmer gives; an
ASCII text has none (both forms stem it alike), so the second analysis is
skipped. simore_search_language_vectors returns, for a document's
text_<lang> fields, the fielded vector (ltsv) and the same vectors for the
catch-all text, from one analysis each. The vectors are the same as before;
only the writes are cheaper.
"""
from alembic import op

revision = "5e1f0c2a7b05"
down_revision = "5e1f0c2a7b04"
branch_labels = None
depends_on = None

VECTOR = r"""
CREATE OR REPLACE FUNCTION simore_search_vector(form text, body text)
RETURNS tsvector LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  folded_first tsvector;
BEGIN
  IF position('|' IN form) > 0 THEN
    folded_first := simore_search_vector(split_part(form, '|', 1), body);
    IF %(ascii_shortcut)s octet_length(body) = char_length(body) THEN
      RETURN folded_first;  -- no accents: both forms stem alike
    END IF;
    RETURN folded_first || ts_delete(simore_search_vector(split_part(form, '|', 2), body),
                                     tsvector_to_array(folded_first));
  ELSIF left(form, 7) = 'simore_' THEN
    RETURN to_tsvector(form::regconfig, body);
  END IF;
  RETURN unaccent(to_tsvector(form::regconfig, body)::text)::tsvector;
END
$$;
"""

LANGUAGE_VECTORS = r"""
CREATE OR REPLACE FUNCTION simore_search_language_vectors(
  names text[], forms text[], bodies text[], OUT fielded tsvector, OUT plain tsvector)
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  vector tsvector;
  i int;
BEGIN
  fielded := ''::tsvector;
  plain := ''::tsvector;
  FOR i IN 1 .. coalesce(array_length(bodies, 1), 0) LOOP
    vector := simore_search_vector(forms[i], bodies[i]);
    fielded := fielded || simore_search_prefixed(names[i] || ':', vector::text)::tsvector;
    plain := plain || setweight(vector, 'D');
  END LOOP;
END
$$;
"""


def upgrade():
    op.execute(VECTOR % {"ascii_shortcut": ""})
    op.execute(LANGUAGE_VECTORS)


def downgrade():
    op.execute("DROP FUNCTION IF EXISTS simore_search_language_vectors(text[], text[], text[])")
    # the function as revision b5035b850384 created it: never shortcut
    op.execute(VECTOR % {"ascii_shortcut": "false AND"})
