"""The statistics' shaping, without CKAN: filters, charts, the status
history as flows and back, compliance lines, CSV rows."""

import pytest

from ckanext.simore.portal import stats

# -- filters -------------------------------------------------------------------


def test_filters_keep_codes_and_years_and_drop_anything_else():
    filters = stats.Filters.from_args(
        {
            "mechanism": "upr",
            "theme": 'x" OR *:*',
            "institution": "ministerio-salud",
            "upr_cycle": "3",
            "year_from": "2020",
            "year_to": "abc",
            "other": "1",
        }
    )
    assert filters.args() == {
        "mechanism": "upr",
        "institution": "ministerio-salud",
        "upr_cycle": "3",
        "year_from": "2020",
    }


def test_a_reversed_period_is_put_right_and_out_of_range_years_ignored():
    assert stats.Filters.from_args({"year_from": "2022", "year_to": "2015"}).args() == {
        "year_from": "2015",
        "year_to": "2022",
    }
    assert stats.Filters.from_args({"year_from": "20", "year_to": "99999"}).args() == {}


def test_filters_become_one_search_filter():
    filters = stats.Filters(mechanism="upr", theme="right_to_health", year_from=2015)
    assert filters.fq() == (
        '+dataset_type:recommendation +mechanism:"upr" +themes:"right_to_health" +publication_year:[2015 TO *]'
    )
    assert stats.Filters().fq() == "+dataset_type:recommendation"
    assert not stats.Filters() and stats.Filters(upr_cycle="2")


def test_search_links_carry_the_filters_and_the_bar():
    filters = stats.Filters(institution="salud", year_from=2010, year_to=2014)
    assert filters.search_args(themes="torture") == {
        "institutions": "salud",
        "q": "publication_year:[2010 TO 2014]",
        "themes": "torture",
    }
    # a year of the period replaces the period
    assert filters.search_args(publication_year="2012") == {"institutions": "salud", "publication_year": "2012"}


# -- charts --------------------------------------------------------------------


def _chart(counts, total, **kwargs):
    return stats.chart(
        "c", "Title", "field", counts, total, labeller=str.upper, search=lambda code: {"field": code}, **kwargs
    )


def test_a_chart_puts_the_largest_first_with_shares_and_lengths():
    chart = _chart({"a": 5, "b": 10, "c": 0, "d": 5}, 20)
    assert [(i.code, i.label, i.count) for i in chart.items] == [("b", "B", 10), ("a", "A", 5), ("d", "D", 5)]
    assert [i.share for i in chart.items] == [0.5, 0.25, 0.25]
    assert [i.length for i in chart.items] == [100.0, 50.0, 50.0]
    assert chart.items[0].search == {"field": "b"}


def test_a_chart_in_a_fixed_order_can_keep_empty_codes():
    chart = _chart({"implemented": 2, "in_progress": 1}, 3, order=list(stats.STATUSES), keep_zero=True)
    assert [(i.code, i.count) for i in chart.items] == [
        ("not_started", 0),
        ("in_progress", 1),
        ("partially_implemented", 0),
        ("implemented", 2),
    ]


def test_a_chart_draws_its_first_bars_and_tables_them_all():
    chart = _chart({str(n): n for n in range(1, 21)}, 210, limit=12)
    data = chart.to_dict()
    assert (data["shown"], data["hidden"], len(data["items"])) == (12, 8, 20)
    assert data["items"][0]["percent"] == "10"
    assert stats.Item("x", "X", 1, share=0.001).percent == "<1"


def test_years_run_without_gaps():
    assert stats.year_range(["2011", "2014", "x"]) == ["2011", "2012", "2013", "2014"]
    assert stats.year_range(["2024"], until=2026) == ["2024", "2025", "2026"]
    assert stats.year_range([]) == []


def test_axis_labels_are_thinned_evenly_and_the_last_is_kept():
    assert stats.column_labels(5) == [True] * 5
    labels = stats.column_labels(30, room=12)
    assert labels[-1] and sum(labels) <= 12
    assert labels.count(True) == len([i for i in range(30) if (29 - i) % 3 == 0])


# -- the status history as flows -------------------------------------------------------


def test_a_recommendation_without_history_counts_in_its_status_from_its_year():
    assert stats.status_flows(2014, [], "in_progress", 2026) == ["2014:+in_progress"]
    assert stats.status_flows(2014, [], None, 2026) == ["2014:+not_started"]


def test_changes_are_flows_out_of_one_status_into_another():
    events = [(2025, "not_started", "in_progress"), (2026, "in_progress", "implemented")]
    assert stats.status_flows(2014, events, "implemented", 2026) == [
        "2014:+not_started",
        "2025:-not_started",
        "2025:+in_progress",
        "2026:-in_progress",
        "2026:+implemented",
    ]


def test_several_changes_in_one_year_count_once_at_the_years_end():
    events = [
        (2025, "not_started", "in_progress"),
        (2025, "in_progress", "not_started"),
        (2025, "not_started", "implemented"),
    ]
    assert stats.status_flows(2020, events, "implemented", 2025) == [
        "2020:+not_started",
        "2025:-not_started",
        "2025:+implemented",
    ]
    back_and_forth = [(2025, "not_started", "in_progress"), (2025, "in_progress", "not_started")]
    assert stats.status_flows(2020, back_and_forth, "not_started", 2025) == ["2020:+not_started"]


def test_a_change_before_the_recommendation_was_issued_counts_in_its_year():
    assert stats.status_flows(2020, [(2018, "not_started", "in_progress")], "in_progress", 2026) == [
        "2020:+in_progress"
    ]


def test_a_status_set_without_history_ends_the_flows():
    assert stats.status_flows(2020, [(2024, "not_started", "in_progress")], "implemented", 2026) == [
        "2020:+not_started",
        "2024:-not_started",
        "2024:+in_progress",
        "2026:-in_progress",
        "2026:+implemented",
    ]


def test_the_flows_of_many_recommendations_give_the_status_at_each_years_end():
    flows = {}
    for recommendation in [
        stats.status_flows(2020, [], "not_started", 2026),
        stats.status_flows(
            2021, [(2023, None, "in_progress"), (2025, "in_progress", "implemented")], "implemented", 2026
        ),
        stats.status_flows(2023, [(2023, "not_started", "partially_implemented")], "partially_implemented", 2026),
    ]:
        for value in recommendation:
            flows[value] = flows.get(value, 0) + 1
    periods = stats.timeline(flows, until=2026)
    assert [p.year for p in periods] == [str(y) for y in range(2020, 2027)]
    by_year = {p.year: p.counts for p in periods}
    assert by_year["2020"] == {"not_started": 1, "in_progress": 0, "partially_implemented": 0, "implemented": 0}
    assert by_year["2022"]["not_started"] == 2
    assert by_year["2023"] == {"not_started": 1, "in_progress": 1, "partially_implemented": 1, "implemented": 0}
    assert by_year["2026"] == {"not_started": 1, "in_progress": 0, "partially_implemented": 1, "implemented": 1}
    assert [p.total for p in periods] == [1, 2, 2, 3, 3, 3, 3]


def test_a_timeline_ignores_malformed_flows_and_can_be_empty():
    assert stats.timeline({"junk": 3, "2020:*x": 1}, until=2026) == []


def test_stacked_columns_fill_the_plot():
    periods = [
        stats.Period("2025", {"not_started": 2, "implemented": 2}, 4),
        stats.Period("2026", {"not_started": 1, "implemented": 1}, 2),
    ]
    columns = stats.stacked_columns(periods, str, lambda year: {})
    assert [c.x for c in columns] == [7.5, 57.5] and columns[0].width == 35.0
    tallest = columns[0].segments
    assert sum(s.height for s in tallest) == pytest.approx(100.0)
    assert tallest[0].status == "not_started" and tallest[0].y == pytest.approx(50.0)
    assert sum(s.height for s in columns[1].segments) == pytest.approx(50.0)


# -- compliance and CSV ----------------------------------------------------------


def test_a_compliance_line_says_how_much_is_answered_and_whether_it_is_late():
    row = stats.compliance_row(
        {
            "name": "salud",
            "title": "Salud",
            "owed": 4,
            "submitted": 1,
            "approved": 0,
            "published": 0,
            "no_progress": 1,
            "outstanding": 2,
        },
        overdue_round=True,
    )
    assert (row["answered"], row["answered_percent"], row["overdue"]) == (2, 50, True)
    done = stats.compliance_row({"name": "x", "owed": 1, "outstanding": 0}, overdue_round=True)
    assert done["overdue"] is False and done["answered_share"] == 1.0


def test_the_compliance_chart_shows_the_least_answered_first():
    rows = [
        stats.compliance_row({"name": n, "title": n.title(), "owed": 4, "outstanding": o}, False)
        for n, o in (("a", 0), ("b", 4), ("c", 2))
    ]
    chart = stats.compliance_chart("r", "T", rows, description=lambda r: r["title"])
    assert [(i.code, i.text, i.description, i.length) for i in chart.items] == [
        ("b", "0 / 4", "B", 0.0),
        ("c", "2 / 4", "C", 50.0),
        ("a", "4 / 4", "A", 100.0),
    ]


def test_csv_rows_have_a_header_and_every_item():
    chart = _chart({"a": 1, "b": 3}, 4)
    assert stats.chart_rows(chart) == [["code", "label", "count", "percent"], ["b", "B", 3, 75.0], ["a", "A", 1, 25.0]]
    periods = [stats.Period("2026", {"not_started": 1, "implemented": 2}, 3)]
    assert stats.timeline_rows(periods)[1] == ["2026", 1, 0, 0, 2, 3]
