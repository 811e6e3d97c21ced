"""What a search reads of every match kept in the row: a ranking vector
apart (a record's own words, without the labels of its vocabulary codes),
and the facet values

Ranking read the catch-all vector of every match, labels in seven languages
included: 5 KB compressed on average, fetched from TOAST; counting facets
fetched each match's facet values from there too. The index rows written
from now on carry rank_tsv and keep both in the row; rows written before
(rank_tsv NULL) are ranked on the catch-all as before until ``ckan
search-index rebuild`` rewrites them.

Revision ID: 5e1f0c2a7b16
Revises: 5e1f0c2a7b15
Create Date: 2026-12-04
"""
from alembic import op

revision = "5e1f0c2a7b16"
down_revision = "5e1f0c2a7b15"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("ALTER TABLE simore_search_doc ADD COLUMN rank_tsv tsvector")
    # kept in the row (compressed if need be) rather than moved to TOAST
    op.execute("ALTER TABLE simore_search_doc ALTER COLUMN rank_tsv SET STORAGE MAIN")
    op.execute("ALTER TABLE simore_search_doc ALTER COLUMN facets SET STORAGE MAIN")


def downgrade():
    op.execute("ALTER TABLE simore_search_doc ALTER COLUMN facets SET STORAGE EXTENDED")
    op.execute("ALTER TABLE simore_search_doc DROP COLUMN rank_tsv")
