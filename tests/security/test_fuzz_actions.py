"""Property-based fuzzing of the API: every ``simore_*`` action (read from
the registered actions, so a new one is covered without editing this file)
and the create/update/patch of every dataset type and of institutions,
through the real app, as a sysadmin (auth never stops the input early) and
anonymously. Whatever the input: never a 500, never SQL in the answer, and a
refused call leaves every table as it was.

Bounded in time (about a minute and a half in all): fixed examples
(``derandomize``), no deadline, no example database.
"""

from __future__ import annotations

import json
import re

import pytest
import sqlalchemy as sa
from ckan import logic, model
from ckan.tests import factories
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from workflow.conftest import draft_action, network  # noqa: F401 (fixtures)

FUZZ = settings(
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Values that broke the portal once, or break PostgreSQL, JSON or Lucene.
NASTY_TEXTS = [
    "",
    " ",
    "a\x00b",
    "\x00",
    "a\ud800b",
    "\udfff",
    "x" * 20001,
    "w " * 60000,
    "nan",
    "NaN",
    "inf",
    "-1",
    "99999999999999999999999",
    "1e309",
    "0x10",
    "'; DROP TABLE package; --",
    '"',
    "\\",
    "*:*",
    "((((((((((",
    "a OR b AND -c",
    "metadata_modified:[NOW+9999999999YEARS TO *]",
    "[* TO *]",
    "{!dismax qf=x^nan}q",
    "title:a^1e308^1e308",
    "2030-01-01",
    "2030-02-30",
    "99999-01-01",
    "true",
    "false",
    "<script>alert(1)</script>",
    "javascript:alert(1)",
    "../../etc/passwd",
    "coordinacion",
    "salud",
    "justicia",
    "cedaw",
    "root",
    "focal-salud",
    "focal.salud@example.org",
    "submit",
    "approve",
    "publish",
    "return",
    "withdraw",
    "implemented",
    "main",
    "validator",
    "dry_run",
    "import",
    "status",
    "timeline",
]
texts = st.one_of(st.sampled_from(NASTY_TEXTS), st.text(max_size=30))
scalars = st.one_of(
    texts,
    texts,
    texts,
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
)
values = st.recursive(
    scalars,
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(texts, children, max_size=3)),
    max_leaves=8,
)

# The parameters the extension's actions read, and CKAN's common ones.
KEYS = [
    "id",
    "ids",
    "q",
    "fq",
    "title",
    "due_date",
    "description",
    "institutions",
    "lead_institution",
    "replace",
    "preview",
    "organization",
    "email",
    "designation",
    "status",
    "justification",
    "transition",
    "comment",
    "today",
    "charts",
    "with_messages",
    "offset",
    "limit",
    "phase",
    "outcome",
    "recommendation",
    "from_user",
    "to_user",
    "mechanism",
    "upr_cycle",
    "theme",
    "institution",
    "year_from",
    "year_to",
    "lang",
    "upload",
    "create_mechanisms",
    "start",
    "rows",
    "sort",
    "kind",
    "period",
    "period_start",
    "period_end",
    "state",
    "recommendations",
    "document_symbol",
    "submitted_on",
    "notes",
    "review_date",
    "kinds",
    "due_from",
    "due_until",
]


def _simore_actions() -> list[str]:
    logic.get_action("package_show")  # fills the registry
    return sorted(name for name in logic._actions if name.startswith("simore_"))


def _parameters(action: str) -> list[str]:
    """The parameters an action documents (``:param name:``), and ``id``."""
    doc = logic.get_action(action).__doc__ or ""
    return sorted({"id"} | set(re.findall(r":param (\w+):", doc)))


CORE_TABLES = ["package", "package_extra", "resource", "member", "group", "user", "activity"]
# Any write to a dataset or an institution changes its revision time or row.
FINGERPRINTS = {
    "package": "SELECT md5(string_agg(id || metadata_modified::text || state, ',' ORDER BY id)) FROM package",
    "group": "SELECT md5(string_agg(id || title || state, ',' ORDER BY id)) FROM \"group\"",
}


def _counts() -> dict[str, object]:
    """Rows of every table a write could touch, and fingerprints of the
    datasets and institutions."""
    existing = sa.inspect(model.meta.engine).get_table_names()
    names = [name for name in existing if name.startswith("simore_") and name != "simore_alembic_version"]
    names += [name for name in CORE_TABLES if name in existing]
    with model.meta.engine.connect() as connection:
        found: dict[str, object] = {
            name: connection.execute(sa.text(f'SELECT count(*) FROM "{name}"')).scalar() for name in names
        }
        for name, sql in FINGERPRINTS.items():
            found[name + " fingerprint"] = connection.execute(sa.text(sql)).scalar()
    return found


def _post(app, action: str, data: dict, headers: dict):
    body = json.dumps(data)  # ensure_ascii: lone surrogates travel as \\ud800
    return app.post("/api/3/action/" + action, data=body, headers=dict(headers, **{"Content-Type": "application/json"}))


def _check(app, action: str, data: dict, headers: dict) -> None:
    model.Session.remove()
    before = _counts()
    response = _post(app, action, data, headers)
    model.Session.remove()
    text = response.get_data(as_text=True)
    assert response.status_code != 500, (action, data, text[:500])
    for leak in ("psycopg2", "sqlalchemy", "SELECT ", 'column "', "stack depth", "Traceback"):
        assert leak not in text, (action, data, text[:500])
    if response.status_code >= 400:
        assert _counts() == before, (action, data, text[:300])


@pytest.fixture
def world(app, network, draft_action, mail_server):  # noqa: F811
    token = factories.APIToken(user=network.people.sysadmin["name"])["token"]
    return {
        "app": app,
        "headers": {"Authorization": token},
        "known": {
            "id": draft_action["id"],
            "recommendation": network.recommendation["name"],
            "organization": "salud",
            "institutions": ["salud", "justicia"],
        },
    }


@settings(FUZZ, max_examples=160)
@given(st.data())
def test_simore_actions_never_fail_with_a_500(world, data):
    action = data.draw(st.sampled_from(_simore_actions()), label="action")
    own = data.draw(st.dictionaries(st.sampled_from(_parameters(action)), values, max_size=4), label="parameters")
    payload = data.draw(st.dictionaries(st.sampled_from(KEYS), values, max_size=2), label="others")
    payload.update(own)
    # now and then a real record, so that the input reaches deeper code
    for key, value in world["known"].items():
        if key not in payload and data.draw(st.booleans(), label="known " + key):
            payload[key] = value
    _check(world["app"], action, payload, world["headers"])


def _dataset_base(network, draft_action, dataset_type: str) -> dict:
    return {
        "recommendation": {
            "type": "recommendation",
            "owner_org": "coordinacion",
            "mechanism": "cedaw",
            "record_type": "recommendation",
            "text_translated": {"es": "Texto", "en": "Text"},
        },
        "action": {
            "type": "action",
            "owner_org": "salud",
            "recommendations": [network.recommendation["name"]],
            "measure_type": "policy_plan",
            "progress": "in_progress",
            "title_translated": {"es": "Plan"},
            "indicators": [{"indicator": "i"}],
        },
        "mechanism": {
            "type": "mechanism",
            "owner_org": "coordinacion",
            "code": "CRC",
            "family": "treaty_body",
            "system": "un",
            "title_translated": {"es": "Comité"},
        },
    }[dataset_type]


DATASET_KEYS = """
type name owner_org title title_translated text_translated notes_translated mechanism
record_type institutions lead_institution recommendations measure_type progress start_date end_date
budget_amount budget_currency indicators code family system implementation_status workflow_state
reporting_round private state resources extras tags id
""".split()


@settings(FUZZ, max_examples=120)
@given(st.data())
def test_dataset_writes_never_fail_with_a_500(world, network, draft_action, data):  # noqa: F811
    dataset_type = data.draw(st.sampled_from(["recommendation", "action", "mechanism"]), label="type")
    action = data.draw(st.sampled_from(["package_create", "package_update", "package_patch"]), label="action")
    payload = _dataset_base(network, draft_action, dataset_type)
    if action != "package_create":
        payload["id"] = {
            "recommendation": network.recommendation["id"],
            "action": draft_action["id"],
            "mechanism": "cedaw",
        }[dataset_type]
        if action == "package_patch":
            payload = {"id": payload["id"]}
    changes = data.draw(st.dictionaries(st.sampled_from(DATASET_KEYS), values, min_size=1, max_size=3), label="changes")
    payload.update(changes)
    _check(world["app"], action, payload, world["headers"])


ORGANIZATION_KEYS = """
name title description branch_of_government image_url users extras id
type state
""".split()


@settings(FUZZ, max_examples=50)
@given(st.data())
def test_organization_writes_never_fail_with_a_500(world, data):
    action = data.draw(
        st.sampled_from(["organization_create", "organization_update", "organization_patch"]), label="action"
    )
    payload = {"name": "fuzzed", "title": "Fuzzed", "branch_of_government": "executive"}
    if action != "organization_create":
        payload["id"] = "justicia"
        if action == "organization_patch":
            payload = {"id": "justicia"}
    payload.update(
        data.draw(st.dictionaries(st.sampled_from(ORGANIZATION_KEYS), values, min_size=1, max_size=3), label="changes")
    )
    _check(world["app"], action, payload, world["headers"])


@settings(FUZZ, max_examples=60)
@given(st.data())
def test_anonymous_calls_never_fail_with_a_500(world, data):
    action = data.draw(
        st.sampled_from(
            _simore_actions()
            + [
                "package_create",
                "package_update",
                "package_patch",
                "package_search",
                "package_show",
                "organization_create",
                "organization_update",
            ]
        ),
        label="action",
    )
    payload = data.draw(st.dictionaries(st.sampled_from(KEYS + DATASET_KEYS), values, max_size=5), label="data")
    _check(world["app"], action, payload, {})
