"""Activities of datasets that are no longer public stop being public

Revision ID: 5e1f0c2a7b07
Revises: 5e1f0c2a7b06
Create Date: 2026-12-02

From now on a dataset's past activities are narrowed whenever its
visibility changes (activity_visibility.py). This does it once for what
happened before: an activity stored as public whose dataset is private or
deleted now takes the labels such a dataset has (its organization's, or
its creator's, and the coordinators' for an action report).
"""
from alembic import op

revision = "5e1f0c2a7b07"
down_revision = "5e1f0c2a7b06"
branch_labels = None
depends_on = None

# permission_labels.COORDINATOR_LABEL; CKAN's labels: member-<organization>
# or creator-<user>
NARROW = """
UPDATE activity a SET permission_labels =
  CASE WHEN p.owner_org IS NOT NULL THEN ARRAY['member-' || p.owner_org]
       ELSE ARRAY['creator-' || p.creator_user_id] END
  || CASE WHEN p.type = 'action' THEN ARRAY['simore-coordinator'] ELSE ARRAY[]::text[] END
FROM package p
WHERE a.object_id = p.id AND a.activity_type LIKE '%package'
  AND a.permission_labels @> ARRAY['public'] AND (p.private OR p.state <> 'active')
"""


def upgrade():
    # the activity plugin's table exists only where that plugin ran its migrations
    if op.get_bind().exec_driver_sql("SELECT to_regclass('activity')").scalar() is not None:
        op.execute(NARROW)


def downgrade():
    pass  # which activities were public before cannot be told
