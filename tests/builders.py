"""Builders of valid records, created through the real actions."""

from __future__ import annotations

import itertools
from types import SimpleNamespace
from typing import Any

from ckan.tests import factories, helpers

_serial = itertools.count(1)


def _create(action: str, data: dict[str, Any]) -> dict[str, Any]:
    """Run ``action`` as the user named by ``data["_user"]`` (checking
    auth), else as the site user."""
    user = data.pop("_user", None)
    if user:
        return helpers.call_action(action, context={"user": user, "ignore_auth": False}, **data)
    site_user = helpers.call_action("get_site_user", context={"ignore_auth": True})
    return helpers.call_action(action, context={"user": site_user["name"]}, **data)


def institution(**fields: Any) -> dict[str, Any]:
    data = {
        "name": "institution-{}".format(next(_serial)),
        "title": "Ministerio de prueba",
        "branch_of_government": "executive",
    }
    data.update(fields)
    return factories.Organization(**data)


def mechanism(owner_org: str, **fields: Any) -> dict[str, Any]:
    code = fields.pop("code", "CCPR{}".format(next(_serial)))
    data = {
        "type": "mechanism",
        "code": code,
        "family": "treaty_body",
        "system": "un",
        "title_translated": {
            "es": "Comité de Derechos Humanos",
            "en": "Human Rights Committee",
            "fr": "Comité des droits de l'homme",
        },
        "owner_org": owner_org,
    }
    data.update(fields)
    return _create("package_create", data)


def recommendation(owner_org: str, mechanism_name: str, **fields: Any) -> dict[str, Any]:
    """A recommendation; its institutions and status, if given, are set
    afterwards through simore_recommendation_assign and simore_status_set
    (the only ways to change them), as the same user."""
    assignment = {key: fields.pop(key) for key in ("institutions", "lead_institution") if key in fields}
    status = fields.pop("implementation_status", None)
    user = fields.get("_user")
    data = {
        "type": "recommendation",
        "text_translated": {
            "es": "Adoptar una ley integral contra la discriminación.",
            "en": "Adopt a comprehensive anti-discrimination law.",
            "fr": "Adopter une loi globale contre la discrimination.",
        },
        "mechanism": mechanism_name,
        "record_type": "recommendation",
        "owner_org": owner_org,
    }
    data.update(fields)
    created = _create("package_create", data)
    if assignment.get("institutions") or assignment.get("lead_institution"):
        assignment.setdefault("institutions", [assignment.get("lead_institution")])
        _create(
            "simore_recommendation_assign",
            {"_user": user, "ids": [created["id"]], **{key: value for key, value in assignment.items() if value}},
        )
    if status and status != created.get("implementation_status"):
        _create("simore_status_set", {"_user": user, "id": created["id"], "status": status, "justification": "Test"})
    if assignment or status:
        created = _create("package_show", {"_user": user, "id": created["id"]})
    return created


def action(owner_org: str, recommendations: list[str], **fields: Any) -> dict[str, Any]:
    data = {
        "type": "action",
        "title_translated": {"es": "Plan nacional de igualdad", "en": "National equality plan"},
        "owner_org": owner_org,
        "recommendations": recommendations,
        "measure_type": "policy_plan",
        "progress": "in_progress",
    }
    data.update(fields)
    return _create("package_create", data)


def practice(owner_org: str, **fields: Any) -> dict[str, Any]:
    """A good practice of the coordinating body (``owner_org``)."""
    data = {
        "type": "practice",
        "title_translated": {"es": "Mesas interinstitucionales", "en": "Inter-institutional tables"},
        "country": "PRY",
        "problem_translated": {"es": "Recomendaciones sin responsable.", "en": "Recommendations nobody owned."},
        "notes_translated": {"es": "Una institución líder por tema.", "en": "A lead institution per theme."},
        "owner_org": owner_org,
    }
    data.update(fields)
    return _create("package_create", data)


def publish(action_dict: dict[str, Any]) -> None:
    """Take an action through the workflow to publication, as the site user
    acting in each role in turn (as the demo loader does)."""
    site_user = helpers.call_action("get_site_user", context={"ignore_auth": True})
    for transition, role in [("submit", "focal_point"), ("approve", "validator"), ("publish", "coordinator")]:
        helpers.call_action(
            "simore_action_transition",
            context={"user": site_user["name"], "ignore_auth": True, "simore_acting_roles": {role}},
            id=action_dict["id"],
            transition=transition,
        )


def reporting_round(**fields: Any) -> dict[str, Any]:
    """A reporting round opened by the coordinator ``coordinadora``, over
    CEDAW's recommendations unless ``fq`` says otherwise."""
    data = {"title": "Ronda", "due_date": "2030-06-30", "fq": "mechanism:cedaw", "_user": "coordinadora"}
    data.update(fields)
    return _create("simore_round_create", data)


# role: (user name, e-mail, full name)
PEOPLE = {
    "coordinator": ("coordinadora", "coord@example.org", "Carla Coordinadora"),
    "focal_point": ("focal-salud", "focal.salud@example.org", "Fabián Focal"),
    "validator": ("valida-salud", "valida.salud@example.org", "Valeria Validadora"),
    "other_focal_point": ("focal-justicia", "focal.justicia@example.org", "Julia Justicia"),
    "registered": ("ciudadana", "ciudadana@example.org", "Ciudadana Cualquiera"),
}


def network(full_names: bool = False) -> SimpleNamespace:
    """The follow-up network most tests work in: the coordinating body
    "coordinacion" (test.ini names it) with its coordinator; "salud" with a
    focal point and a validating authority; "justicia" with a focal point;
    a sysadmin, and a registered user with no role. Users are known by
    their user names unless ``full_names``."""
    people = SimpleNamespace(
        sysadmin=factories.Sysadmin(name="root", email="root@example.org"),
        **{
            role: factories.User(name=name, email=email, **({"fullname": full_name} if full_names else {}))
            for role, (name, email, full_name) in PEOPLE.items()
        },
    )
    coordination = institution(
        name="coordinacion", title="Coordinación Nacional", users=[{"name": "coordinadora", "capacity": "editor"}]
    )
    health = institution(
        name="salud",
        title="Ministerio de Salud",
        users=[{"name": "focal-salud", "capacity": "editor"}, {"name": "valida-salud", "capacity": "admin"}],
    )
    justice = institution(
        name="justicia", title="Ministerio de Justicia", users=[{"name": "focal-justicia", "capacity": "editor"}]
    )
    return SimpleNamespace(people=people, coordination=coordination, health=health, justice=justice)


_layout: dict[frozenset[str], tuple[list[str], list[str]]] = {}


def _tables_layout() -> tuple[list[str], list[str]]:
    """(every table but the migration versions, referencing tables before
    the ones they reference; the tables with triggers of their own),
    worked out once for a set of tables."""
    import warnings

    import sqlalchemy as sa
    from ckan import model

    engine = model.meta.engine
    tables = frozenset(sa.inspect(engine).get_table_names())
    if tables not in _layout:
        metadata = sa.MetaData()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # tsvector columns, cycles CKAN's own clean-up ignores too
            metadata.reflect(engine)
        with engine.connect() as connection:
            triggered = sorted(
                connection.exec_driver_sql(
                    "SELECT DISTINCT tgrelid::regclass::text FROM pg_trigger WHERE NOT tgisinternal"
                ).scalars()
            )
        ordered = [table.name for table in reversed(metadata.sorted_tables)]
        _layout[tables] = ([name for name in ordered if not name.endswith("alembic_version")], triggered)
    return _layout[tables]


def deletion_order() -> list[str]:
    return _tables_layout()[0]


def triggered_tables() -> list[str]:
    return _tables_layout()[1]


def empty_all_tables() -> None:
    """Empty every table, CKAN's, its plugins' and the extension's, in one
    transaction; only the migration versions stay. Rows are deleted, not
    truncated (a TRUNCATE of sixty tables takes half a second): first from
    the tables whose triggers keep counts in others (the search index), then
    referencing tables before the ones they reference."""
    import sqlalchemy as sa
    from ckan import model
    from sqlalchemy.orm import close_all_sessions

    close_all_sessions()  # an open transaction would hold the rows' locks
    triggered = triggered_tables()
    order = sorted(deletion_order(), key=lambda name: name not in triggered)
    # through CKAN's session, whose commit makes the extension forget what it memoised
    model.Session.execute(sa.text("".join('DELETE FROM "{}";'.format(name) for name in order)))
    model.Session.commit()
