"""Finer statistics of the index's exact terms: an institution with no
assigned recommendation is not walked for

Revision ID: 5e1f0c2a7b11
Revises: 5e1f0c2a7b10
Create Date: 2026-12-03

The picker asks first for the recommendations assigned to the user's
institutions, newest first. For a value absent from the sampled most common
elements of ``terms`` (the coordinating body's, which has none) PostgreSQL
estimated 649 of 300,000 rows and walked the ``metadata_modified`` index
backwards to find ten, testing every row: 1.8 s (``make bench-picker``, a
coordinator's empty query). With ten times the default statistics target
it estimates 65 rows and reads the GIN index: 9 ms. ANALYZE takes about 25
s at 300,000 documents.
"""
from alembic import op

revision = "5e1f0c2a7b11"
down_revision = "5e1f0c2a7b10"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("ALTER TABLE simore_search_doc ALTER COLUMN terms SET STATISTICS 1000")
    op.execute("ANALYZE simore_search_doc")


def downgrade():
    op.execute("ALTER TABLE simore_search_doc ALTER COLUMN terms SET STATISTICS -1")
