"""Setting up a country's portal in one go (``ckan simore setup-country``):
its institutions and their people from a sheet, the mechanisms, its
recommendations from a UHRI or UPR Info export. Idempotent: run again with
a corrected sheet, it creates what is missing, updates what changed and
invites only whom it has not invited."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.simore import config, roles
from ckanext.simore.deployment import institutions
from ckanext.simore.focal_points.actions import DESIGNATION_CAPACITY
from ckanext.simore.imports import plan, runner, runs, sources
from ckanext.simore.imports.messages import FileRefused, Message
from ckanext.simore.multilingual import N_
from ckanext.simore.records import loaders

UNKNOWN_MECHANISMS = N_("--mechanisms: unknown code(s) {codes} (the shipped ones: {shipped})")
MISSING_COLUMNS = N_("the columns {columns} are missing")
NO_COORDINATION = N_(
    "the coordinating body {name!r} (ckanext.simore.coordinating_organization) is neither a row of the "
    "sheet nor an institution of the portal: add its row, with {name!r} in the name column"
)


class SetupRefused(ValueError):
    """Nothing was done: the reason says what to fix, in the file it names
    (if any)."""

    def __init__(self, reason: Message, file: str | None = None):
        self.reason, self.file = reason, file
        super().__init__(self.render())

    def render(self, translate: Callable[[str], str] = lambda text: text, file: str | None = None) -> str:
        """The reason translated; ``file``: the name to give the file it names."""
        reason = self.reason.render(translate)
        return "{}: {}".format(file or self.file, reason) if self.file else reason


@dataclass
class Report:
    institutions: dict[str, list[str]] = field(default_factory=lambda: {"created": [], "updated": [], "unchanged": []})
    invitations: dict[str, list[str]] = field(default_factory=lambda: {"sent": [], "already members": []})
    refused: list[institutions.Refusal] = field(default_factory=list)
    mechanisms: dict[str, list[str]] = field(default_factory=lambda: {"created": [], "kept": []})
    recommendations: str = ""


def _mechanism_entries(codes: list[str] | None) -> list[dict[str, Any]]:
    shipped = loaders.read_data_file("mechanisms.yaml")
    if codes is None:
        return shipped
    known = {entry["code"].upper(): entry for entry in shipped}
    unknown = [code for code in codes if code.upper() not in known]
    if unknown:
        raise SetupRefused(Message(UNKNOWN_MECHANISMS, {"codes": ", ".join(unknown), "shipped": ", ".join(known)}))
    return [known[code.upper()] for code in codes]


def _read_sheet(path: Path) -> tuple[list[institutions.Institution], list[institutions.Refusal]]:
    try:
        table = sources.open_table(path)
    except FileRefused as error:
        raise SetupRefused(error.message, path.name) from None
    languages = config.languages()
    missing = institutions.missing_columns(table.headers, languages)
    if missing:
        raise SetupRefused(Message(MISSING_COLUMNS, {"columns": ", ".join(missing)}), path.name)
    found: list[institutions.Institution] = []
    refused: list[institutions.Refusal] = []
    for entry in institutions.read(table.rows(), languages, config.required_languages()):
        if isinstance(entry, institutions.Refusal):
            refused.append(entry)
        else:
            found.append(entry)
    coordination = config.coordinating_organization()
    if coordination not in {entry.fields["name"] for entry in found} and model.Group.get(coordination) is None:
        raise SetupRefused(Message(NO_COORDINATION, {"name": coordination}))
    return found, refused


def _changed(existing: dict[str, Any], fields: dict[str, Any]) -> bool:
    return any((existing.get(key) or "") != (value or "") for key, value in fields.items())


def _save_institution(entry: institutions.Institution, report: Report, dry_run: bool) -> bool:
    context = loaders.site_user_context()
    name = entry.fields["name"]
    existing = tk.get_action("organization_show")(context, {"id": name}) if model.Group.get(name) else None
    outcome = "created" if existing is None else "updated" if _changed(existing, entry.fields) else "unchanged"
    if not dry_run and outcome != "unchanged":
        try:
            if existing is None:
                tk.get_action("organization_create")(context, dict(entry.fields))
            else:
                tk.get_action("organization_patch")(context, dict(entry.fields, id=existing["id"]))
        except tk.ValidationError as error:
            report.refused.extend(
                institutions.Refusal(entry.row, column, "; ".join(map(str, problems)))
                for column, problems in error.error_dict.items()
            )
            return False
    report.institutions[outcome].append(name)
    return True


def _already_designated(organization: model.Group, email: str, designation: str) -> bool:
    user = roles.user_with_email(email)
    if user is None:
        return False
    member = (
        model.Session.query(model.Member)
        .filter_by(table_name="user", table_id=user.id, group_id=organization.id, state="active")
        .first()
    )
    return member is not None and member.capacity == DESIGNATION_CAPACITY[designation]


def _invite(entry: institutions.Institution, report: Report, dry_run: bool) -> None:
    name = entry.fields["name"]
    for email, designation in entry.invitations:
        label = "{} ({}, {})".format(email, name, designation)
        organization = model.Group.get(name)
        if organization is not None and _already_designated(organization, email, designation):
            report.invitations["already members"].append(label)
            continue
        if not dry_run:
            try:
                tk.get_action("simore_focal_point_invite")(
                    loaders.site_user_context(), {"organization": name, "email": email, "designation": designation}
                )
            except (tk.ValidationError, tk.ObjectNotFound) as error:
                report.refused.append(institutions.Refusal(entry.row, email, str(error)))
                continue
        report.invitations["sent"].append(label)


def _import(path: Path, dry_run: bool) -> str:
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]
    run_id = runs.create(
        path.resolve(), path.name, config.coordinating_organization(), site_user, {"create_mechanisms": True}
    )
    try:
        counts = runner.execute(run_id, dry_run=True)
        if not dry_run:
            counts = runner.execute(run_id, dry_run=False)
    except FileRefused as error:
        raise SetupRefused(error.message, path.name) from None
    return "run {}: {}{}".format(run_id, plan.summary(counts), " (dry run)" if dry_run else "")


def set_up(
    sheet: Path, mechanisms: list[str] | None = None, recommendations: Path | None = None, dry_run: bool = False
) -> Report:
    """Everything checked first (the sheet's columns, the coordinating
    body, the mechanisms' codes, the recommendations file's layout), then
    done; a refused row is reported, the others are saved."""
    entries = _mechanism_entries(mechanisms)
    found, refused = _read_sheet(sheet)
    if recommendations is not None:
        try:
            sources.open_table(recommendations)
        except FileRefused as error:
            raise SetupRefused(error.message, recommendations.name) from None
    report = Report(refused=refused)
    coordination = config.coordinating_organization()
    # the coordinating body first: the mechanisms and recommendations are its
    for entry in sorted(found, key=lambda entry: entry.fields["name"] != coordination):
        if _save_institution(entry, report, dry_run):
            _invite(entry, report, dry_run)
    if dry_run:
        report.mechanisms["created"] = [entry["code"] for entry in entries if not _mechanism_exists(entry)]
    else:
        loaded = loaders.load_mechanisms(coordination, entries)
        report.mechanisms = {"created": loaded.created, "kept": loaded.kept}
    if recommendations is not None:
        if dry_run and model.Group.get(coordination) is None:
            report.recommendations = "read once the coordinating body exists (run without --dry-run)"
        else:
            report.recommendations = _import(recommendations, dry_run)
    return report


def _mechanism_exists(entry: dict[str, Any]) -> bool:
    return model.Package.get(loaders.mechanism_dict(entry, "")["name"]) is not None
