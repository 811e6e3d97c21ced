"""``ckan simore import``, ``import-report`` and ``import-resume``."""

from __future__ import annotations

import pytest
from ckan.cli.cli import ckan
from ckan.tests import helpers
from uhri_files import PARAGUAY

pytestmark = [
    pytest.mark.usefixtures("clean_db", "with_plugins"),
    pytest.mark.ckan_config("ckanext.simore.coordinating_organization", "coordinacion"),
]


def test_dry_run_then_import_then_nothing_to_do(cli, portal):
    checked = cli.invoke(ckan, ["simore", "import", str(PARAGUAY), "--dry-run", "--workers", "1"])
    assert checked.exit_code == 0, checked.output
    assert "129 created, 0 updated, 0 unchanged, 0 merged, 0 rejected" in checked.output
    assert "dry run, nothing written" in checked.output
    assert helpers.call_action("package_search", fq="+dataset_type:recommendation", rows=0)["count"] == 0
    imported = cli.invoke(ckan, ["simore", "import", str(PARAGUAY), "--workers", "1"])
    assert "129 created" in imported.output
    again = cli.invoke(ckan, ["simore", "import", str(PARAGUAY), "--workers", "1"])
    assert "0 created, 0 updated, 129 unchanged" in again.output
    run_id = again.output.split("Run ", 1)[1].split(":", 1)[0]
    report = cli.invoke(ckan, ["simore", "import-report", run_id, "--all"])
    assert report.output.count("\tunchanged\trec-") == 129
    resume = cli.invoke(ckan, ["simore", "import-resume", run_id])
    assert resume.exit_code != 0 and "already complete" in resume.output


def test_a_refused_file_and_a_missing_organization_are_one_clear_line(cli, portal, tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    refused = cli.invoke(ckan, ["simore", "import", str(empty)])
    assert refused.exit_code != 0 and "the file was refused: The file is empty." in refused.output
    missing = cli.invoke(ckan, ["simore", "import", str(PARAGUAY), "--organization", "nowhere"])
    assert missing.exit_code != 0 and "there is no organization called 'nowhere'" in missing.output
