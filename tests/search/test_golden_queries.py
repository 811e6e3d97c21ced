"""Every search CKAN 2.11 and 2.12 really sent while a portal was driven
through its pages, API and commands (captured by capture_ckan_queries.py
into data/ckan_queries.json), and the plan each translates into. Pure.

After a deliberate change of translation, review the differences and
refresh the expectations with ``python tests/search/golden.py
tests/search/data/ckan_queries.json``.
"""

import json
import pathlib

import pytest
from golden import render, request_of

DATA = pathlib.Path(__file__).parent / "data" / "ckan_queries.json"
ENTRIES = json.loads(DATA.read_text(encoding="utf-8"))


def test_the_captures_cover_both_versions_and_every_kind_of_caller():
    versions = {version[:4] for entry in ENTRIES for version in entry["ckan"]}
    assert versions == {"2.11", "2.12"}
    sources = " ".join(entry["source"] for entry in ENTRIES)
    for caller in ("anonymous", "member", "outsider", "sysadmin", "autocomplete", "search-index", "/recommendation/"):
        assert caller in sources


@pytest.mark.parametrize("entry", ENTRIES, ids=[f"{i}:{e['source'][:50]}" for i, e in enumerate(ENTRIES)])
def test_captured_query_translates_as_recorded(entry):
    assert render(request_of(entry)) == entry["expected"]
