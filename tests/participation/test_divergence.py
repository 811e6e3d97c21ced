"""Where civil society's assessments differ from the State's: the pure
tally, and the API action and the statistics page on real records."""

import builders
from participation.conftest import call, contribute, moderate

from ckanext.simore.participation import divergence

RECOMMENDATIONS = {
    "a": {"implementation_status": "implemented", "mechanism": "cedaw", "themes": ["t1", "t2"], "institutions": ["x"]},
    "b": {"implementation_status": "not_started", "mechanism": "upr", "themes": ["t1"], "institutions": []},
}


def test_assessments_are_tallied_by_each_dimension_most_differences_first():
    rows = divergence.by_dimension([("a", "not_started"), ("a", "implemented"), ("b", "not_started")], RECOMMENDATIONS)
    assert rows["mechanism"] == [divergence.Row("cedaw", 2, 1, 1), divergence.Row("upr", 1, 1, 0)]
    assert rows["theme"] == [divergence.Row("t1", 3, 2, 1), divergence.Row("t2", 2, 1, 1)]
    assert rows["institution"] == [divergence.Row("x", 2, 1, 1)]


def test_an_assessment_of_a_recommendation_not_public_is_left_out():
    assessments = [("a", "not_started"), ("hidden", "implemented")]
    assert divergence.totals(assessments, RECOMMENDATIONS) == divergence.Row("", 1, 0, 1)
    assert divergence.by_dimension(assessments, RECOMMENDATIONS)["mechanism"] == [divergence.Row("cedaw", 1, 0, 1)]


def test_the_api_and_the_statistics_page_show_where_the_state_and_civil_society_differ(app, members):
    rec = members.recommendation  # CEDAW, assigned to salud and justicia, status not set
    call("coordinadora", "simore_status_set", id=rec["id"], status="implemented", justification="Ley 2024")
    moderate(contribute(record=rec["name"], kind="assessment", status="not_started"))
    moderate(
        contribute("profesora", organization="catedra", record=rec["name"], kind="assessment", status="implemented")
    )
    # an older assessment of the same organization gives way to its latest
    moderate(contribute(record=rec["name"], kind="assessment", status="in_progress"))
    hidden = builders.recommendation("coordinacion", "cedaw")
    moderate(contribute(record=hidden["name"], kind="assessment", status="not_started"))
    call("coordinadora", "package_patch", id=hidden["id"], private=True)
    found = call("", "simore_assessment_divergence")
    assert found["total"] == {"code": "", "assessed": 2, "agree": 1, "differ": 1}
    assert found["mechanism"] == [{"code": "cedaw", "assessed": 2, "agree": 1, "differ": 1}]
    assert {row["code"] for row in found["institution"]} == {"salud", "justicia"}
    page = app.get("/statistics").body
    assert "The State and civil society" in page and "Ministerio de Salud" in page
