"""Dashboard indexes: active recommendations by creation, those without a
responsible institution, and the datasets of the other types

Revision ID: 5e1f0c2a7b06
Revises: 5e1f0c2a7b05
Create Date: 2026-11-23

The coordination dashboard lists the oldest recommendations no action
refers to and the recommendations without an institution; without these
indexes each is a scan of the whole package table (and one more to find
the action reports). Partial indexes on CKAN's package table: one of the
active recommendations, one of only those without an institution (tiny),
one of the datasets of every other type. The predicates are the ones
portal.py queries with (the planner uses a partial index only when the
query's condition implies its predicate).

Where the institutions are depends on CKAN's version: 2.12 keeps a
dataset's extras in the JSONB column ``package.extras``, 2.11 in
``package_extra`` rows, where the index holds the recommendations that
have an institution (the dashboard asks for those that have none).
Moving a database from 2.11 to 2.12 drops package_extra and its index:
run this revision's downgrade and upgrade once afterwards to index the
JSONB column.
"""
import sqlalchemy as sa
from alembic import op

revision = "5e1f0c2a7b06"
down_revision = "5e1f0c2a7b05"
branch_labels = None
depends_on = None

RECOMMENDATIONS = """
CREATE INDEX IF NOT EXISTS simore_package_recommendations ON package (metadata_created, name)
  WHERE type = 'recommendation' AND state = 'active'
"""
# the few thousand reports and mechanisms among tens of thousands of
# recommendations, by type (a query for type = 'action' implies the predicate)
OTHER_TYPES = """
CREATE INDEX IF NOT EXISTS simore_package_other_types ON package (type)
  WHERE type <> 'recommendation'
"""
# CKAN 2.12: portal._WITHOUT_INSTITUTION's condition on the JSONB column
WITHOUT_INSTITUTION = """
CREATE INDEX IF NOT EXISTS simore_package_without_institution ON package (metadata_modified DESC, name)
  WHERE type = 'recommendation' AND state = 'active'
    AND coalesce(extras->>'institutions', '') IN ('', '[]')
"""
# CKAN 2.11: the institutions of datasets that have one
WITH_INSTITUTION_EXTRA = """
CREATE INDEX IF NOT EXISTS simore_package_extra_institutions ON package_extra (package_id)
  WHERE key = 'institutions' AND state = 'active' AND value NOT IN ('', '[]')
"""


def upgrade():
    inspector = sa.inspect(op.get_bind())
    op.execute(RECOMMENDATIONS)
    op.execute(OTHER_TYPES)
    if "extras" in {column["name"] for column in inspector.get_columns("package")}:
        op.execute(WITHOUT_INSTITUTION)
    elif inspector.has_table("package_extra"):
        op.execute(WITH_INSTITUTION_EXTRA)


def downgrade():
    for index in ("simore_package_extra_institutions", "simore_package_without_institution",
                  "simore_package_other_types", "simore_package_recommendations"):
        op.execute(f"DROP INDEX IF EXISTS {index}")
