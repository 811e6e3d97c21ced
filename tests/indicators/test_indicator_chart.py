"""The pure parts of indicators: values checked against their unit, periods
and breakdowns, and the SVG chart (its points where the values say, every
text escaped)."""

from __future__ import annotations

import datetime
import decimal
import xml.etree.ElementTree as ElementTree

import pytest

from ckanext.simore.indicators import chart, definitions, values


@pytest.mark.parametrize(
    "unit, raw, expected",
    [
        ("yes_no", True, 1),
        ("yes_no", "no", 0),
        ("yes_no", "Sí", 1),
        ("percentage", "45,5", decimal.Decimal("45.5")),
        ("percentage", 100, 100),
        ("count", "12", 12),
        ("count", 12.0, 12),
        ("number", "-3.25", decimal.Decimal("-3.25")),
        ("rate_per_100000", "71.3", decimal.Decimal("71.3")),
        ("currency_amount", "1500000", 1500000),
    ],
)
def test_a_value_in_its_unit(unit, raw, expected):
    assert values.number_in_unit(unit, raw) == expected


@pytest.mark.parametrize(
    "unit, raw",
    [
        ("yes_no", "perhaps"),
        ("yes_no", 2),
        ("percentage", "100.01"),
        ("percentage", "-0.5"),
        ("count", "1.5"),
        ("count", "-1"),
        ("days", True),
        ("number", "inf"),
        ("number", "nan"),
        ("number", "1e15"),
        ("number", {"a": 1}),
        ("currency_amount", "-5"),
        ("no_such_unit", "1"),
    ],
)
def test_a_value_out_of_its_unit_names_the_value(unit, raw):
    with pytest.raises(values.ValueProblem) as refused:
        values.number_in_unit(unit, raw)
    assert refused.value.field == "value"


def test_periods_and_breakdowns():
    assert values.period("2024") == ("2024", datetime.date(2024, 1, 1))
    assert values.period(2024) == ("2024", datetime.date(2024, 1, 1))
    assert values.period("2024-06") == ("2024-06", datetime.date(2024, 6, 1))
    assert values.disaggregation({"sex": "female", "age": " 15-24 "}, ["sex", "age"]) == (
        {"age": "15-24", "sex": "female"},
        '{"age": "15-24", "sex": "female"}',
    )
    assert values.disaggregation({"sex": ""}, ["sex"]) == ({}, "")
    assert values.disaggregation('{"sex": "male"}', ["sex"])[0] == {"sex": "male"}
    for raw in ({"sex": "female"}, {"age": 5}):
        with pytest.raises(values.ValueProblem) as refused:
            values.disaggregation(raw, ["age"])
        assert refused.value.field == "disaggregation"


def test_the_shipped_lists_have_labels_in_every_language():
    for name in (definitions.KINDS, definitions.UNITS, definitions.PERIODICITIES, definitions.DISAGGREGATIONS):
        for term in definitions.shipped(name).terms:
            assert set(term.label) == {"es", "en", "fr", "ar", "zh", "ru", "pt"}, (name, term.code)
    assert definitions.code_problem("new") and definitions.code_problem("a b")
    assert definitions.code_problem("sdg-5.2.1") is None


def test_the_chart_puts_each_value_where_it_belongs():
    points = [chart.Point("2020", 10), chart.Point("2021", 20), chart.Point("2022", 40)]
    axis = chart.scale([10, 20, 40])
    assert (axis.low, axis.high) == (0, 40) and axis.ticks == (0, 10, 20, 30, 40)
    where = chart.plot(points, axis)
    bottom, top = chart.HEIGHT - chart.BOTTOM, chart.TOP
    assert [y for _x, y in where] == [bottom - (bottom - top) * 0.25, bottom - (bottom - top) * 0.5, top]
    xs = [x for x, _y in where]
    assert xs == sorted(xs) and xs[1] - xs[0] == pytest.approx(xs[2] - xs[1])
    drawn = ElementTree.fromstring(chart.svg(points, "Tasa", "c"))
    namespace = "{http://www.w3.org/2000/svg}"
    line = drawn.find(namespace + "polyline").get("points")
    assert line == " ".join("{},{}".format(x, y) for x, y in where)
    assert len(drawn.findall(namespace + "circle")) == 3


def test_negative_values_lower_the_axis():
    axis = chart.scale([-15, 5])
    assert axis.low <= -15 and axis.high >= 5 and 0 in axis.ticks


def test_the_chart_escapes_every_text():
    svg = chart.svg([chart.Point("<script>alert(1)</script>", 1)], 'Tasa "x" <b>', 'id"><x')
    assert "<script>" not in svg and "<b>" not in svg and 'id"><x' not in svg
    parsed = ElementTree.fromstring(svg)  # well-formed
    assert parsed.find("{http://www.w3.org/2000/svg}title").text == 'Tasa "x" <b>'


def test_a_yes_no_chart_draws_bars_labelled_yes_and_no():
    svg = chart.svg([chart.Point("2020", 0), chart.Point("2021", 1)], "Ley", "c", yes_no=True, yes="Sí", no="No")
    drawn = ElementTree.fromstring(svg)
    bars = drawn.findall("{http://www.w3.org/2000/svg}rect")
    assert [float(bar.get("height")) for bar in bars] == [0, chart.HEIGHT - chart.BOTTOM - chart.TOP]
    assert ">Sí<" in svg and ">No<" in svg


def test_no_point_no_chart():
    assert chart.svg([], "x", "c") == ""
