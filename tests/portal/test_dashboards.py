"""The institution dashboard and the coordinators' dashboard: who may see
them, and what they show (assigned recommendations, actions by state with
the reason of a return, what is owed in open rounds, compliance, overdue
institutions, actions to publish, recommendations without an institution
or an action)."""

import datetime

import builders
import pytest
from ckan.plugins import toolkit as tk
from ckan.tests import factories, helpers

from ckanext.simore import clock
from ckanext.simore.dashboards import queries
from ckanext.simore.db import extras
from ckanext.simore.workflow import compliance, rounds


def as_user(user, action, **data):
    return helpers.call_action(action, context={"user": user}, **data)


def transition(user, action_dict, name, comment=""):
    return as_user(user, "simore_action_transition", id=action_dict["id"], transition=name, comment=comment)


def as_site(action, **data):
    site_user = helpers.call_action("get_site_user", context={"ignore_auth": True})
    return as_user(site_user["name"], action, **data)


@pytest.fixture
def round_(portal):
    return as_user("coordinadora", "simore_round_create", title="Ronda EPU", due_date="2030-01-31", fq="mechanism:upr")


def _compliance(round_id):
    return {row["name"]: row for row in compliance.round_compliance(rounds.get(round_id))}


@pytest.mark.parametrize(
    "user,allowed",
    [
        ("focal-salud", True),
        ("valida-salud", True),
        ("coordinadora", True),
        ("focal-justicia", False),
        ("ciudadana", False),
        ("", False),
    ],
)
def test_an_institutions_dashboard_is_for_its_staff_and_the_coordinators(portal, user, allowed):
    salud = helpers.call_action("organization_show", id="salud")
    if allowed:
        assert tk.check_access("simore_institution_dashboard", {"user": user}, {"id": salud["id"]})
    else:
        with pytest.raises(tk.NotAuthorized):
            tk.check_access("simore_institution_dashboard", {"user": user}, {"id": salud["id"]})


@pytest.mark.parametrize(
    "user,allowed",
    [("coordinadora", True), ("focal-salud", False), ("valida-salud", False), ("ciudadana", False), ("", False)],
)
def test_the_coordination_dashboard_is_for_the_coordinators(portal, user, allowed):
    for action in ("simore_coordinator_dashboard", "simore_recommendations_without_action"):
        if allowed:
            assert tk.check_access(action, {"user": user}, {})
        else:
            with pytest.raises(tk.NotAuthorized):
                tk.check_access(action, {"user": user}, {})


def test_the_institution_dashboard_shows_what_is_assigned_owed_and_waiting(portal, round_):
    returned = builders.action("salud", [portal.recs.health["name"]], reporting_round=round_["id"])
    transition("focal-salud", returned, "submit")
    transition("valida-salud", returned, "return", "Falta la resolución ministerial")
    draft = builders.action("salud", [portal.recs.shared["name"]])
    dashboard = as_user("focal-salud", "simore_institution_dashboard", id="salud")

    assert dashboard["organization"]["title"] == "Ministerio de Salud"
    assert dashboard["assigned"] == 2
    assert {i["code"]: i["count"] for i in dashboard["status_chart"]["items"]}["not_started"] == 2
    assert dashboard["reports"]["draft"]["count"] == 1
    assert [r["id"] for r in dashboard["reports"]["draft"]["results"]] == [draft["id"]]
    [shown] = dashboard["reports"]["returned"]["results"]
    assert shown["id"] == returned["id"]
    assert shown["simore_return"]["comment"] == "Falta la resolución ministerial"
    # both UPR recommendations are owed; a returned action does not answer
    [owed] = dashboard["rounds"]
    assert (owed["id"], owed["title"], owed["owed"], owed["outstanding"]) == (round_["id"], "Ronda EPU", 2, 2)
    assert sorted(r["name"] for r in owed["items"]["records"]) == sorted(
        [portal.recs.health["name"], portal.recs.shared["name"]]
    )
    assert owed["items"]["records"][0]["text"]["en"] == "Adopt a comprehensive anti-discrimination law."
    assert dashboard["outstanding"] == 2 and dashboard["next_due"] == "2030-01-31"
    assert dashboard["viewer_roles"] == ["focal_point"]


def test_an_answered_recommendation_is_no_longer_owed(portal, round_):
    act = builders.action("salud", [portal.recs.health["name"]], reporting_round=round_["id"])
    transition("focal-salud", act, "submit")
    as_user(
        "focal-salud",
        "simore_round_no_progress",
        id=round_["id"],
        recommendation=portal.recs.shared["name"],
        organization="salud",
    )
    [owed] = as_user("focal-salud", "simore_institution_dashboard", id="salud")["rounds"]
    assert (owed["submitted"], owed["no_progress"], owed["outstanding"], owed["answered_percent"]) == (1, 1, 0, 100)
    assert owed["items"]["records"] == []


def test_compliance_counts_what_each_institution_answered(portal, round_):
    submitted = builders.action("salud", [portal.recs.health["name"]], reporting_round=round_["id"])
    transition("focal-salud", submitted, "submit")
    published = builders.action("justicia", [portal.recs.shared["name"]], reporting_round=round_["id"])
    builders.publish(published)
    builders.action("salud", [portal.recs.shared["name"]], reporting_round=round_["id"])  # a draft
    # the round's UPR recommendations: health (salud), shared (salud, justicia)
    expected = {
        "salud": dict(owed=2, submitted=1, approved=0, published=0, no_progress=0, outstanding=1, overdue=False),
        "justicia": dict(owed=1, submitted=1, approved=1, published=1, no_progress=0, outstanding=0, overdue=False),
    }
    mine = _compliance(round_["id"])
    assert {name: {key: row[key] for key in expected[name]} for name, row in mine.items()} == expected
    # the API, the dashboards and the reminders share one implementation
    shown = as_user("coordinadora", "simore_round_show", id=round_["id"])["compliance"]
    assert [row["name"] for row in shown] == ["salud", "justicia"]  # most outstanding first
    assert {row["name"]: {key: row[key] for key in expected[row["name"]]} for row in shown} == expected


def test_the_coordination_dashboard_finds_late_institutions_and_loose_ends(
    portal, round_, published_action, monkeypatch
):
    approved = builders.action("justicia", [portal.recs.justice["name"]])
    transition("focal-justicia", approved, "submit")
    helpers.call_action(
        "simore_action_transition",
        context={"user": "coordinadora", "ignore_auth": True, "simore_acting_roles": {"validator"}},
        id=approved["id"],
        transition="approve",
    )
    monkeypatch.setattr(clock, "today", lambda: datetime.date(2030, 2, 1))  # after the due date
    dashboard = as_user("coordinadora", "simore_coordinator_dashboard")

    [open_round] = dashboard["rounds"]
    assert open_round["overdue"] and open_round["days_left"] == -1
    assert {row["name"]: row["outstanding"] for row in open_round["compliance"]} == {"salud": 2, "justicia": 1}
    assert sorted(entry["name"] for entry in dashboard["overdue"]) == ["justicia", "salud"]
    assert [item["code"] for item in open_round["chart"]["items"]] == ["salud", "justicia"]  # least answered first
    assert [r["id"] for r in dashboard["to_publish"]["results"]] == [approved["id"]]
    assert dashboard["unassigned"]["count"] == 1
    assert [r["name"] for r in dashboard["unassigned"]["records"]] == [portal.recs.unassigned["name"]]
    # the health recommendation has a published action, the justice one an approved one
    assert dashboard["without_action"]["count"] == 2
    assert sorted(r["name"] for r in dashboard["without_action"]["records"]) == sorted(
        [portal.recs.shared["name"], portal.recs.unassigned["name"]]
    )


def test_recommendations_without_action_page_by_page(portal):
    first = as_user("coordinadora", "simore_recommendations_without_action", limit=3)
    second = as_user("coordinadora", "simore_recommendations_without_action", limit=3, offset=3)
    assert first["count"] == second["count"] == 4
    assert len(first["records"]) == 3 and len(second["records"]) == 1
    with pytest.raises(tk.ValidationError):
        as_user("coordinadora", "simore_recommendations_without_action", limit="many")


def test_dashboard_pages_for_each_role(portal, round_, app):
    headers = {
        name: {"Authorization": factories.APIToken(user=name)["token"]}
        for name in ("focal-salud", "valida-salud", "focal-justicia", "coordinadora")
    }
    page = app.get("/dashboard/institution", headers=headers["focal-salud"], follow_redirects=False)
    assert page.status_code == 302 and page.headers["Location"].endswith("/dashboard/institution/salud")
    page = app.get("/dashboard/institution/salud", headers=headers["focal-salud"]).body
    assert "Dashboard of Ministerio de Salud" in page and "Ronda EPU" in page
    assert "Report an action" in page and "No progress this period" in page
    page = app.get("/dashboard/institution/salud", headers=headers["valida-salud"]).body
    assert "Report an action" in page
    app.get("/dashboard/institution/salud", headers=headers["focal-justicia"], status=403)
    app.get("/dashboard/institution/salud", status=403)
    app.get("/dashboard/institution/nowhere", headers=headers["coordinadora"], status=404)

    page = app.get("/dashboard/coordination", headers=headers["coordinadora"]).body
    assert "Reporting compliance in open rounds" in page and "Ronda EPU" in page
    assert "/dashboard/coordination/round/{}.csv".format(round_["id"]) in page
    app.get("/dashboard/coordination", headers=headers["focal-salud"], status=403)
    chooser = app.get("/dashboard/institution", headers=headers["coordinadora"]).body
    assert "/dashboard/institution/justicia" in chooser and "/dashboard/institution/salud" in chooser
    # the dashboards are tabs of the user's dashboard
    assert "/dashboard/coordination" in app.get("/dashboard/datasets", headers=headers["coordinadora"]).body
    assert "/dashboard/institution/salud" in app.get("/dashboard/datasets", headers=headers["focal-salud"]).body
    listing = app.get("/dashboard/coordination/without-action", headers=headers["coordinadora"]).body
    assert portal.recs.unassigned["name"] in listing


def test_the_compliance_csv_is_for_who_sees_the_round(portal, round_, app):
    headers = {"Authorization": factories.APIToken(user="coordinadora")["token"]}
    response = app.get("/dashboard/coordination/round/{}.csv".format(round_["id"]), headers=headers)
    lines = response.body.splitlines()
    assert lines[0].startswith("institution,title,owed,submitted")
    assert {line.split(",")[0] for line in lines[1:]} == {"salud", "justicia"}
    app.get("/dashboard/coordination/round/{}.csv".format(round_["id"]), status=403)
    app.get("/dashboard/coordination/round/nothing.csv", headers=headers, status=404)


def test_a_deleted_or_private_recommendation_counts_as_the_coordinators_see_it(portal, published_action):
    private = builders.recommendation("coordinacion", "upr", private=True, institutions=["salud"])
    builders.action("justicia", [portal.recs.justice["name"], private["name"]])  # a draft action
    as_site("package_delete", id=portal.recs.justice["id"])  # referred to, then deleted
    as_site("package_delete", id=portal.recs.shared["id"])  # referred to by nothing

    found = as_user("coordinadora", "simore_recommendations_without_action", limit=10)
    assert found["count"] == 1
    assert [r["name"] for r in found["records"]] == [portal.recs.unassigned["name"]]
    dashboard = as_user("coordinadora", "simore_coordinator_dashboard")
    assert dashboard["without_action"]["count"] == 1
    assert dashboard["unassigned"]["count"] == 1


def test_an_institution_removed_from_a_recommendation_leaves_it_without_one(portal):
    as_site("simore_recommendation_assign", ids=[portal.recs.justice["id"]], institutions=[], replace=True)
    dashboard = as_user("coordinadora", "simore_coordinator_dashboard")
    assert dashboard["unassigned"]["count"] == 2
    assert [r["name"] for r in dashboard["unassigned"]["records"]] == [
        portal.recs.justice["name"],
        portal.recs.unassigned["name"],
    ]  # the most recently changed first


def _portal_of_size(session, sa, recommendations, others):
    """Rows in the caller's transaction (rolled back by the test)."""
    session.execute(
        sa.text(
            "INSERT INTO package (id, name, type, state, private, metadata_created, metadata_modified) "
            "SELECT 'size-' || n, 'size-' || n, CASE WHEN n <= :recs THEN 'recommendation' ELSE 'action' END, "
            "'active', false, now() - n * interval '1 minute', now() - n * interval '1 minute' "
            "FROM generate_series(1, :total) AS n"
        ),
        {"recs": recommendations, "total": recommendations + others},
    )
    assigned = "n % 2 = 0 AND n <= :recs"
    if extras.PACKAGE_EXTRAS_IN_JSONB:
        session.execute(
            sa.text(
                "UPDATE package SET extras = jsonb_build_object('institutions', '[\"salud\"]') "
                "FROM generate_series(1, :recs) AS n WHERE id = 'size-' || n AND " + assigned
            ),
            {"recs": recommendations},
        )
    else:
        session.execute(
            sa.text(
                "INSERT INTO package_extra (id, package_id, key, value, state) "
                "SELECT 'size-' || n, 'size-' || n, 'institutions', '[\"salud\"]', 'active' "
                "FROM generate_series(1, :recs) AS n WHERE " + assigned
            ),
            {"recs": recommendations},
        )
    session.execute(sa.text("ANALYZE package"))
    if not extras.PACKAGE_EXTRAS_IN_JSONB:
        session.execute(sa.text("ANALYZE package_extra"))


@pytest.mark.parametrize(
    "query,index",
    [
        (
            lambda: queries.without_institution(10),
            "simore_package_without_institution"
            if extras.PACKAGE_EXTRAS_IN_JSONB
            else "simore_package_extra_institutions",
        ),
        (lambda: queries.without_action(10, 0), "simore_package_recommendations"),
        (lambda: queries.without_action(10, 0), "simore_package_other_types"),
    ],
)
def test_the_coordination_dashboards_queries_can_use_their_indexes(portal, query, index):
    """The partial indexes of migration 006 are used only while the
    queries' conditions imply their predicates."""
    import sqlalchemy as sa
    from ckan import model

    plans = []

    def explain(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().startswith(("SELECT p.name", "WITH referenced")):
            cursor.execute("EXPLAIN " + statement, parameters)
            plans.append("\n".join(row[0] for row in cursor.fetchall()))

    # the plan for a portal of the size the indexes are for (thousands of
    # recommendations, half assigned; a few hundred other records), with
    # statistics of its own: a few records leave the planner indifferent,
    # and then the plan depends on when autovacuum last ran
    _portal_of_size(model.Session, sa, recommendations=4000, others=200)
    model.Session.execute(sa.text("SET LOCAL enable_seqscan = off"))
    sa.event.listen(model.meta.engine, "before_cursor_execute", explain)
    try:
        query()
    finally:
        sa.event.remove(model.meta.engine, "before_cursor_execute", explain)
        model.Session.rollback()
    assert plans and index in plans[0]
