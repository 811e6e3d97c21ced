"""Loading the shipped reference data (mechanisms) and the demo data set
through CKAN's own actions, idempotently: what exists is kept, what is
missing is created."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import ckan.plugins.toolkit as tk
import yaml

from ckanext.simore import config, multilingual
from ckanext.simore.vocabularies import terms as vocabulary


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return "{} created, {} already present".format(len(self.created), len(self.kept))


def read_data_file(name: str) -> Any:
    path = resources.files("ckanext.simore") / "data" / name
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def site_user_context() -> dict[str, Any]:
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    return {"user": site_user["name"], "ignore_auth": True}


def exists(action: str, name: str) -> bool:
    try:
        tk.get_action(action)(site_user_context(), {"id": name})
    except tk.ObjectNotFound:
        return False
    return True


def mechanism_dict(entry: dict[str, Any], owner_org: str) -> dict[str, Any]:
    """A shipped mechanism as a record, its texts in the portal's languages
    (the file has them in the six UN languages and Portuguese)."""
    return {
        "type": "mechanism",
        "name": entry["code"].lower(),
        "code": entry["code"],
        "family": entry["family"],
        "system": entry["system"],
        "url": entry.get("url", ""),
        "title_translated": multilingual.restricted(entry["title"], config.languages()),
        "notes_translated": multilingual.restricted(entry.get("notes", {}), config.languages()),
        "owner_org": owner_org,
    }


def load_mechanisms(owner_org: str, entries: Iterable[dict] | None = None) -> LoadReport:
    """Create the shipped mechanisms that do not exist yet."""
    report = LoadReport()
    for entry in entries if entries is not None else read_data_file("mechanisms.yaml"):
        data = mechanism_dict(entry, owner_org)
        if exists("package_show", data["name"]):
            report.kept.append(data["name"])
            continue
        tk.get_action("package_create")(site_user_context(), data)
        report.created.append(data["name"])
    return report


def ensure_organization(data: dict[str, Any]) -> bool:
    """Create an organization unless one with that name exists."""
    if exists("organization_show", data["name"]):
        return False
    tk.get_action("organization_create")(site_user_context(), dict(data))
    return True


def validate_vocabulary_codes(entries: Iterable[dict], fields: dict[str, str]) -> None:
    """Fail early, naming the record, if demo data use an unknown code."""
    for entry in entries:
        for field_name, vocab_name in fields.items():
            value = entry.get(field_name)
            codes = value if isinstance(value, list) else [value] if value else []
            unknown = [c for c in codes if c not in vocabulary.get(vocab_name)]
            if unknown:
                raise ValueError("{}: unknown {} codes {}".format(entry.get("name"), vocab_name, unknown))
