"""API action of a deployment: the country set up from the web by the first
sysadmin, the same steps as ``ckan simore setup-country`` (the country's
recommendations are then imported on the imports page, in the background)."""

from __future__ import annotations

import dataclasses
import tempfile
from pathlib import Path
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.simore.deployment import country
from ckanext.simore.records import loaders

__all__ = ["simore_country_setup"]


def _mechanism_codes(value: Any) -> list[str] | None:
    """The codes asked for (a list, or text separated by commas), None for
    every shipped mechanism; an unknown code is refused by name."""
    if value is None or value == "all" or value == ["all"]:
        return None
    if isinstance(value, str):
        value = [code.strip() for code in value.split(",") if code.strip()]
    if not isinstance(value, list) or not value or not all(isinstance(code, str) for code in value):
        raise tk.ValidationError({"mechanisms": [tk._("Choose at least one mechanism")]})
    shipped = {entry["code"].upper() for entry in loaders.read_data_file("mechanisms.yaml")}
    unknown = [code for code in value if code.upper() not in shipped]
    if unknown:
        raise tk.ValidationError(
            {"mechanisms": [tk._("Unknown mechanism codes: {codes}").format(codes=", ".join(unknown))]}
        )
    return value


def simore_country_setup(context, data_dict):
    """Create or update the institutions of a sheet, invite their focal
    points and validating authorities by mail, and load the mechanisms, as
    ``ckan simore setup-country`` does; run again, it does only what is
    left. Sysadmins only.

    :param upload: the sheet of institutions (CSV or Excel, multipart), as
        ``ckanext/simore/data/institutions-template.csv``
    :param mechanisms: the codes of the mechanisms to load (a list, or text
        separated by commas), or ``all`` (the default)
    :param dry_run: check everything and report what would be done, writing
        nothing (default false)
    :returns: what was done: ``institutions`` (created, updated, unchanged),
        ``invitations`` (sent, already members), ``mechanisms`` (created,
        kept), ``refused`` (each refused row, naming its row and column)
    """
    tk.check_access("simore_country_setup", context, data_dict)
    upload = data_dict.get("upload")
    filename = getattr(upload, "filename", None)
    if not filename or not hasattr(upload, "save"):
        raise tk.ValidationError({"upload": [tk._("Choose the sheet of institutions")]})
    codes = _mechanism_codes(data_dict.get("mechanisms"))
    try:
        dry_run = tk.asbool(data_dict.get("dry_run", False))
    except ValueError:
        raise tk.ValidationError({"dry_run": [tk._("expected true or false")]}) from None
    with tempfile.TemporaryDirectory(prefix="simore-setup-") as folder:
        path = Path(folder) / "institutions"  # read by its content: CSV or Excel
        upload.save(str(path))
        try:
            report = country.set_up(path, codes, None, dry_run)
        except country.SetupRefused as error:  # the file it names is the upload: named as uploaded
            raise tk.ValidationError({"upload": [error.render(tk._, filename)]}) from None
    refused = [refusal.render(tk._) for refusal in report.refused]
    return dict(dataclasses.asdict(report), refused=refused, dry_run=dry_run)
