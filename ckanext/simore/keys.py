"""The keys the extension puts into CKAN's action context, in one place.
Each tells a later step (a validator, an auth function, a chained action)
what an earlier one decided."""

from __future__ import annotations

# The workflow state simore_action_transition moves an action to: only then
# may the action's workflow_state change.
TRANSITION_TARGET = "simore_workflow_target"
# The status simore_status_set sets: only then may implementation_status change.
STATUS_TARGET = "simore_status_target"
# simore_recommendation_assign is writing: only then may the institutions change.
ASSIGNMENT = "simore_assignment"
# The roles a trusted internal caller (ignore_auth) acts in, e.g. the demo
# loader replaying an action's history as the site user.
ACTING_ROLES = "simore_acting_roles"
# Names the bulk import already knows to be free, and the organizations it
# already checked: the validators skip those queries.
FREE_NAMES = "simore_names_known_free"
OWNER_ORGS_CHECKED = "simore_owner_orgs_checked"
