"""The demo data set (``data/demo.yaml``), loaded through CKAN's actions.

Idempotent: organizations, users and datasets that exist (by name) are kept
as they are, so re-running the demo never loses what was done in it. Demo
logins get random passwords, kept in a credentials file so that every run
prints the same ones.
"""

from __future__ import annotations

import datetime
import secrets
from pathlib import Path
from typing import Any

import ckan.plugins.toolkit as tk
import yaml
from ckan import model

from ckanext.simore import keys
from ckanext.simore import organizations as organizations_module
from ckanext.simore.participation import contributions
from ckanext.simore.records import loaders
from ckanext.simore.workflow import machine as workflow
from ckanext.simore.workflow import rounds

# The transitions that bring a new (draft) action to each state.
PATHS = {
    workflow.DRAFT: [],
    workflow.SUBMITTED: ["submit"],
    workflow.APPROVED: ["submit", "approve"],
    workflow.PUBLISHED: ["submit", "approve", "publish"],
    workflow.RETURNED: ["submit", "return"],
    workflow.WITHDRAWN: ["submit", "approve", "publish", "withdraw"],
}
# Who acts at each step, by role; the coordinating body's staff otherwise.
STEP_ROLE = {
    "submit": workflow.FOCAL_POINT,
    "approve": workflow.VALIDATOR,
    "publish": workflow.COORDINATOR,
    "return": workflow.COORDINATOR,
    "withdraw": workflow.COORDINATOR,
}

SYSADMIN = "admin"


def _read_credentials(path: Path) -> dict[str, str]:
    if path.exists():
        return yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {}


def _ensure_user(spec: dict[str, Any], credentials: dict[str, str], sysadmin: bool = False) -> bool:
    context = loaders.site_user_context()
    try:
        tk.get_action("user_show")(context, {"id": spec["name"]})
        return False
    except tk.ObjectNotFound:
        pass
    password = credentials.setdefault(spec["name"], secrets.token_urlsafe(12))
    user = tk.get_action("user_create")(
        context,
        {
            "name": spec["name"],
            "email": spec.get("email", "{}@example.org".format(spec["name"])),
            "fullname": spec.get("fullname", spec["name"]),
            "password": password,
        },
    )
    if sysadmin:
        tk.get_action("user_patch")(context, {"id": user["id"], "sysadmin": True})
    for membership in spec.get("memberships", []):
        tk.get_action("organization_member_create")(
            context, {"id": membership["organization"], "username": spec["name"], "role": membership["capacity"]}
        )
    return True


def load_demo(credentials_path: Path) -> dict[str, Any]:
    data = loaders.read_data_file("demo.yaml")
    credentials = _read_credentials(credentials_path)
    report: dict[str, Any] = {
        "organizations": 0,
        "users": 0,
        "mechanisms": None,
        "recommendations": 0,
        "actions": 0,
        "practices": 0,
    }
    context = loaders.site_user_context

    organizations = data["organizations"]
    for org in organizations:
        report["organizations"] += loaders.ensure_organization(org)
    report["mechanisms"] = loaders.load_mechanisms(organizations[0]["name"]).summary()

    report["users"] += _ensure_user({"name": SYSADMIN, "fullname": "Demo administrator"}, credentials, sysadmin=True)
    for user in data.get("users", []):
        report["users"] += _ensure_user(user, credentials)

    for entry in data.get("recommendations", []):
        if loaders.exists("package_show", entry["name"]):
            continue
        _create_recommendation(entry, data)
        report["recommendations"] += 1

    round_id = _ensure_round(data.get("reporting_round"))
    filed = set((data.get("reporting_round") or {}).get("actions", []))
    for entry in data.get("actions", []):
        if loaders.exists("package_show", entry["name"]):
            continue
        if entry["name"] in filed and round_id:
            entry = dict(entry, reporting_round=round_id)
        created = tk.get_action("package_create")(context(), dict(entry, type="action"))
        state = data.get("action_states", {}).get(entry["name"], workflow.PUBLISHED)
        _replay_workflow(created, state, data.get("action_comments", {}).get(entry["name"], ""), data)
        report["actions"] += 1

    for entry in data.get("practices", []):
        if not loaders.exists("package_show", entry["name"]):
            tk.get_action("package_create")(context(), dict(entry, type="practice"))
            report["practices"] += 1

    report["reporting_obligations"] = _ensure_obligations(data.get("reporting_obligations", []), data)
    report["indicators"] = _ensure_indicators(data.get("indicators", []), data)
    report["information_requests"] = _ensure_information_request(data.get("information_request"), data)
    report["report_drafts"] = _ensure_draft(data.get("report_draft"), data)
    report["contributions"] = _ensure_contributions(data.get("civil_society_contributions", []), data)
    report["consultations"] = _ensure_consultation(data.get("civil_society_consultation"), data)

    credentials_path.parent.mkdir(parents=True, exist_ok=True)
    credentials_path.write_text(yaml.safe_dump(credentials, sort_keys=True), encoding="utf-8")
    credentials_path.chmod(0o600)
    civil_society = {org["name"] for org in organizations if org.get("type") == organizations_module.CIVIL_SOCIETY}
    report["logins"] = [(SYSADMIN, credentials.get(SYSADMIN), "sysadmin")] + [
        (user["name"], credentials.get(user["name"]), _role_description(user, organizations[0]["name"], civil_society))
        for user in data.get("users", [])
    ]
    return report


# Set through their own actions after creation, as the coordinators would.
ASSIGNMENT_FIELDS = ("institutions", "lead_institution")
STATUS_FIELD = "implementation_status"
DEMO_JUSTIFICATION = "Según el último informe de seguimiento (datos de demostración)."


def _create_recommendation(entry: dict[str, Any], data: dict[str, Any]) -> None:
    fields = {k: v for k, v in entry.items() if k not in ASSIGNMENT_FIELDS + (STATUS_FIELD,)}
    created = tk.get_action("package_create")(loaders.site_user_context(), dict(fields, type="recommendation"))
    coordinator = _as_coordinator(data)
    if entry.get("institutions") or entry.get("lead_institution"):
        assignment = {"ids": [created["id"]], "institutions": entry.get("institutions") or [entry["lead_institution"]]}
        if entry.get("lead_institution"):
            assignment["lead_institution"] = entry["lead_institution"]
        tk.get_action("simore_recommendation_assign")(coordinator, assignment)
    status = entry.get(STATUS_FIELD)
    if status and status != created.get(STATUS_FIELD):
        tk.get_action("simore_status_set")(
            coordinator,
            {
                "id": created["id"],
                "status": status,
                "justification": entry.get("status_justification") or DEMO_JUSTIFICATION,
            },
        )


def _role_description(user: dict[str, Any], coordinating: str, civil_society: set[str]) -> str:
    roles = []
    for membership in user.get("memberships", []):
        if membership["organization"] == coordinating:
            roles.append("coordinator")
        elif membership["organization"] in civil_society:
            roles.append("civil society {} of {}".format(membership["capacity"], membership["organization"]))
        elif membership["capacity"] == "admin":
            roles.append("validating authority of " + membership["organization"])
        else:
            roles.append("focal point of " + membership["organization"])
    return ", ".join(roles)


def _ensure_round(spec: dict[str, Any] | None) -> str | None:
    """The demo's open round, opened once (found again by its title)."""
    if not spec:
        return None
    for row in rounds.all_rounds():
        if row.title == spec["title"]:
            return row.id
    due = datetime.date.today() + datetime.timedelta(days=int(spec["due_in_days"]))
    round_id = rounds.open_round(spec["title"], due, "", spec["fq"], spec.get("description", ""), None)
    model.Session.commit()
    return round_id


def _ensure_obligations(entries: list[dict[str, Any]], data: dict[str, Any]) -> int:
    """The demo's calendar of reporting obligations, added once (while the
    calendar is empty) by a coordinator; a coming report's due date counts
    from today."""
    coordinator = _as_coordinator(data)
    if tk.get_action("simore_obligation_list")(coordinator, {"limit": 1})["count"]:
        return 0
    for entry in entries:
        fields = {key: str(value) if isinstance(value, datetime.date) else value for key, value in entry.items()}
        if "due_in_days" in fields:
            due = datetime.date.today() + datetime.timedelta(days=int(fields.pop("due_in_days")))
            fields["due_date"] = due.isoformat()
        tk.get_action("simore_obligation_create")(dict(coordinator), fields)
    return len(entries)


def _as_coordinator(data: dict[str, Any]) -> dict[str, Any]:
    return {"user": _actor("", workflow.COORDINATOR, data), "ignore_auth": True}


def _obligation_id(match: dict[str, str], data: dict[str, Any]) -> str:
    """The calendar's obligation of this mechanism and kind."""
    found = tk.get_action("simore_obligation_list")(_as_coordinator(data), dict(match))["obligations"]
    if not found:
        raise tk.ValidationError({"obligation": ["the demo's calendar has no {}".format(match)]})
    return found[0]["id"]


def _move(action: str, subject_id: str, organization: str, state: str, comment: str, data: dict[str, Any]) -> None:
    """Moves a new (draft) indicator value or answer to ``state``, each
    step taken by the institution's login that holds the role."""
    for step in PATHS[state]:
        actor = _actor(organization, STEP_ROLE[step], data)
        tk.get_action(action)(
            {"user": actor, "ignore_auth": True},
            {"id": subject_id, "transition": step, "comment": comment if step == "return" else ""},
        )


def _ensure_indicators(entries: list[dict[str, Any]], data: dict[str, Any]) -> int:
    """The demo's indicators (those missing, by code), their values
    reported by the institution's focal point and validated."""
    added = 0
    for entry in entries:
        if loaders.exists("simore_indicator_show", entry["code"]):
            continue
        fields = {key: value for key, value in entry.items() if key != "values"}
        tk.get_action("simore_indicator_create")(_as_coordinator(data), fields)
        focal_point = {"user": _actor(entry["organization"], workflow.FOCAL_POINT, data), "ignore_auth": True}
        for value in entry.get("values", []):
            reported = {key: item for key, item in value.items() if key not in ("state", "comment")}
            created = tk.get_action("simore_indicator_value_create")(
                dict(focal_point), dict(reported, indicator=entry["code"])
            )
            _move(
                "simore_indicator_value_transition",
                created["id"],
                entry["organization"],
                value["state"],
                value.get("comment", ""),
                data,
            )
        added += 1
    return added


def _ensure_information_request(spec: dict[str, Any] | None, data: dict[str, Any]) -> int:
    """The demo's information request, sent once (while there is none),
    and its answers in their states of the validation."""
    coordinator = _as_coordinator(data)
    if not spec or tk.get_action("simore_information_request_list")(dict(coordinator), {"limit": 1})["count"]:
        return 0
    deadline = datetime.date.today() + datetime.timedelta(days=int(spec["deadline_in_days"]))
    fields = {key: value for key, value in spec.items() if key not in ("answers", "deadline_in_days")}
    fields.update(deadline=deadline.isoformat(), obligation=_obligation_id(spec["obligation"], data))
    created = tk.get_action("simore_information_request_create")(dict(coordinator), fields)
    sent = tk.get_action("simore_information_request_send")(dict(coordinator), {"id": created["id"]})
    questions = {question["label"]: question["id"] for question in sent["questions"]}
    for answer in spec.get("answers", []):
        writer = {"user": _actor(answer["organization"], workflow.FOCAL_POINT, data), "ignore_auth": True}
        saved = tk.get_action("simore_answer_save")(
            writer,
            {"question": questions[answer["question"]], "organization": answer["organization"], "text": answer["text"]},
        )
        _move(
            "simore_answer_transition",
            saved["id"],
            answer["organization"],
            answer["state"],
            answer.get("comment", ""),
            data,
        )
    return 1


def _ensure_draft(spec: dict[str, Any] | None, data: dict[str, Any]) -> int:
    """The demo's report draft, assembled once (while there is none), its
    introduction rewritten by the coordinator (a second version)."""
    coordinator = _as_coordinator(data)
    if not spec or tk.get_action("simore_draft_list")(dict(coordinator), {"limit": 1})["count"]:
        return 0
    draft = tk.get_action("simore_draft_create")(
        dict(coordinator), {"obligation": _obligation_id(spec["obligation"], data), "language": spec["language"]}
    )
    if spec.get("introduction"):
        introduction = draft["sections"][0]
        tk.get_action("simore_draft_section_update")(
            dict(coordinator),
            {"id": introduction["id"], "body": spec["introduction"], "version": introduction["version"]},
        )
    return 1


def _ensure_contributions(entries: list[dict[str, Any]], data: dict[str, Any]) -> int:
    """The civil society organizations' contributions, written once (while
    an organization has none) by their members through the actions,
    moderated by the coordinator and answered by the institutions'
    focal points."""
    coordinator = _as_coordinator(data)
    written = 0
    already = {
        entry["organization"]
        for entry in entries
        if tk.get_action("simore_contribution_list")(
            dict(coordinator), {"organization": entry["organization"], "limit": 1}
        )["count"]
    }
    for entry in (entry for entry in entries if entry["organization"] not in already):
        made = tk.get_action("simore_contribution_create")(
            {"user": entry["author"]},
            {
                key: entry[key]
                for key in ("kind", "organization", "record", "body", "status", "evidence", "show_author")
                if key in entry
            },
        )
        written += 1
        if entry.get("state", contributions.PUBLISHED) != contributions.PUBLISHED:
            continue
        tk.get_action("simore_contribution_moderate")(dict(coordinator), {"id": made["id"], "decision": "publish"})
        answer = entry.get("answer")
        if answer:
            tk.get_action("simore_contribution_answer")(
                {"user": _actor(answer["organization"], workflow.FOCAL_POINT, data)},
                {"id": made["id"], "organization": answer["organization"], "body": answer["body"]},
            )
    return written


def _ensure_consultation(spec: dict[str, Any] | None, data: dict[str, Any]) -> int:
    """A consultation held on the demo's draft, once (while the draft has
    none): opened, commented on by the organizations' members, moderated,
    responded to, closed and its record published."""
    coordinator = _as_coordinator(data)
    drafts = tk.get_action("simore_draft_list")(dict(coordinator), {"limit": 1})["drafts"]
    if not spec or not drafts:
        return 0
    draft_id = drafts[0]["id"]
    if tk.get_action("simore_consultation_list")(dict(coordinator), {"draft": draft_id})["count"]:
        return 0
    closes = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()
    opened = tk.get_action("simore_consultation_open")(
        dict(coordinator), {"draft": draft_id, "closes": closes, "audience": "all", "message": spec["message"]}
    )
    section = tk.get_action("simore_consultation_show")(dict(coordinator), {"id": opened["id"]})["sections"][0]["id"]
    for comment in spec["comments"]:
        made = tk.get_action("simore_consultation_comment")(
            {"user": comment["author"]},
            {
                "consultation": opened["id"],
                "section": section,
                "organization": comment["organization"],
                "body": comment["body"],
            },
        )
        tk.get_action("simore_contribution_moderate")(dict(coordinator), {"id": made["id"], "decision": "publish"})
        tk.get_action("simore_consultation_respond")(
            dict(coordinator),
            {"id": made["id"], "response": comment["response"], "text": comment.get("response_text", "")},
        )
    tk.get_action("simore_consultation_close")(dict(coordinator), {"id": opened["id"]})
    tk.get_action("simore_consultation_publish")(dict(coordinator), {"id": opened["id"]})
    return 1


def _actor(organization: str, role: str, data: dict[str, Any]) -> str:
    """A demo login holding ``role`` for the institution, if there is one."""
    wanted = {
        workflow.FOCAL_POINT: ("editor", "admin"),
        workflow.VALIDATOR: ("admin",),
        workflow.COORDINATOR: ("editor", "admin"),
    }[role]
    target = data["organizations"][0]["name"] if role == workflow.COORDINATOR else organization
    for user in data.get("users", []):
        for membership in user.get("memberships", []):
            if membership["organization"] == target and membership["capacity"] in wanted:
                return user["name"]
    return SYSADMIN


def _replay_workflow(action: dict[str, Any], state: str, comment: str, data: dict[str, Any]) -> None:
    organization = action["organization"]["name"]
    for step in PATHS[state]:
        role = STEP_ROLE[step]
        tk.get_action("simore_action_transition")(
            {"user": _actor(organization, role, data), "ignore_auth": True, keys.ACTING_ROLES: {role}},
            {"id": action["id"], "transition": step, "comment": comment if step in ("return", "withdraw") else ""},
        )
