"""What a test portal holds, as CKAN and the extension show it: every
dataset, the searches, each action's workflow history, the status history,
the reporting round, the import run, users, memberships, activity and each
action's evidence downloaded through the app.

Imported by the backup test for the original portal, and run as
``python portal_contents.py INI PORTAL_JSON OUTPUT_JSON`` for the restored
one: a second CKAN on the restored database and storage folder (CKAN 2.12
fixes its storages when the app starts)."""

from __future__ import annotations

import hashlib
import json
import sys
from typing import Any


def _as(user: str, action: str, **data: Any) -> Any:
    from ckan.tests import helpers

    return helpers.call_action(action, context={"user": user, "ignore_auth": False}, **data)


def contents(app: Any, portal: dict[str, Any], sysadmin: str) -> dict[str, Any]:
    # the actions in a request context of their own: a page request made
    # inside it would share its anonymous user
    with app.flask_app.test_request_context():
        shown = _shown_by_actions(portal, sysadmin)
    for state, (url, token) in list(shown["evidence"].items()):
        response = app.get(url, headers={"Authorization": token})
        shown["evidence"][state] = [response.status_code, hashlib.sha256(response.data).hexdigest()]
    # as JSON carries it (tuples become lists, dates strings)
    return json.loads(json.dumps(shown, default=str))


def _shown_by_actions(portal: dict[str, Any], sysadmin: str) -> dict[str, Any]:
    from ckan.tests import helpers

    everything = _as(sysadmin, "package_search", q="*:*", rows=100, include_private=True, include_drafts=True)
    shown = {
        "datasets": {d["name"]: _as(sysadmin, "package_show", id=d["id"]) for d in everything["results"]},
        "search": {
            t: _as(sysadmin, "package_search", fq="+dataset_type:" + t, include_private=True)["count"]
            for t in ("recommendation", "action", "mechanism")
        },
        "public_search": helpers.call_action("package_search", fq="+dataset_type:action")["count"],
        "actions": {
            state: [
                (e["transition"], e["from_state"], e["to_state"], e["comment"], e["created"])
                for e in _as(sysadmin, "simore_action_history", id=action_id)
            ]
            for state, action_id in portal["actions"].items()
        },
        "status_history": _as(sysadmin, "simore_status_history", id=portal["recommendation"]),
        "round": _as(sysadmin, "simore_round_show", id=portal["round"]),
        "import": _as(sysadmin, "simore_import_show", id=portal["run_id"]),
        "import_rows": _as(sysadmin, "simore_import_rows", id=portal["run_id"]),
        "users": sorted(u["name"] for u in _as(sysadmin, "user_list")),
        "members": {
            org: sorted([m[0], m[2]] for m in _as(sysadmin, "member_list", id=org, object_type="user"))
            for org in ("coordinacion", "salud")
        },
        "activity": [
            a["activity_type"] for a in _as(sysadmin, "package_activity_list", id=portal["actions"]["published"])
        ],
        "evidence": {},
    }
    token = helpers.call_action("api_token_create", context={"ignore_auth": True}, user=sysadmin, name="check")
    for state, action_id in portal["actions"].items():
        resource = _as(sysadmin, "package_show", id=action_id)["resources"][0]
        shown["evidence"][state] = (resource["url"], token["token"])
    return shown


def main(ini: str, portal_json: str, output: str) -> None:
    from ckan.cli import load_config
    from ckan.config.middleware import make_app
    from ckan.tests.helpers import CKANTestApp

    app = CKANTestApp(make_app(load_config(ini)))
    portal = json.loads(portal_json)
    found = contents(app, portal, portal["sysadmin"])
    with open(output, "w", encoding="utf-8") as target:
        json.dump(found, target)


if __name__ == "__main__":
    main(*sys.argv[1:])
