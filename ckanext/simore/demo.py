"""The demo data set (``data/demo.yaml``), loaded through CKAN's actions.

Idempotent: organizations, users and datasets that exist (by name) are kept
as they are, so re-running the demo never loses what was done in it. Demo
logins get random passwords, kept in a credentials file so that every run
prints the same ones.
"""
from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

import ckan.plugins.toolkit as tk
import yaml

from ckanext.simore import loaders

SYSADMIN = "admin"


def _read_credentials(path: Path) -> dict[str, str]:
    if path.exists():
        return yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {}


def _ensure_user(spec: dict[str, Any], credentials: dict[str, str], sysadmin: bool = False) -> bool:
    context = loaders._site_user_context()
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
            context,
            {
                "id": membership["organization"],
                "username": spec["name"],
                "role": membership["capacity"],
            },
        )
    return True


def load_demo(credentials_path: Path) -> dict[str, Any]:
    data = loaders.read_data_file("demo.yaml")
    credentials = _read_credentials(credentials_path)
    report: dict[str, Any] = {"organizations": 0, "users": 0, "mechanisms": None,
                              "recommendations": 0, "actions": 0}
    context = loaders._site_user_context

    organizations = data["organizations"]
    for org in organizations:
        report["organizations"] += loaders.ensure_organization(org)
    report["mechanisms"] = loaders.load_mechanisms(organizations[0]["name"]).summary()

    report["users"] += _ensure_user({"name": SYSADMIN, "fullname": "Demo administrator"},
                                    credentials, sysadmin=True)
    for user in data.get("users", []):
        report["users"] += _ensure_user(user, credentials)

    for kind, dataset_type in (("recommendations", "recommendation"), ("actions", "action")):
        for entry in data.get(kind, []):
            if loaders._exists("package_show", entry["name"]):
                continue
            tk.get_action("package_create")(context(), dict(entry, type=dataset_type))
            report[kind] += 1

    credentials_path.parent.mkdir(parents=True, exist_ok=True)
    credentials_path.write_text(yaml.safe_dump(credentials, sort_keys=True), encoding="utf-8")
    credentials_path.chmod(0o600)
    report["logins"] = {
        name: credentials.get(name)
        for name in [SYSADMIN] + [user["name"] for user in data.get("users", [])]
    }
    return report
