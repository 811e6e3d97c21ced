"""The calendar's pure logic, without the app: overdue is derived, dates
are checked, due dates come from the shipped periodicities, reminders
fall due, and the iCalendar feed reads back."""

from __future__ import annotations

import datetime

import icalendar
import pytest

from ckanext.simore.reporting import calendar, feed

D = datetime.date


def test_overdue_is_derived_from_the_due_date_and_not_submitted():
    today = D(2027, 6, 1)
    assert calendar.state_of("drafting", D(2027, 5, 31), today) == calendar.OVERDUE
    assert calendar.state_of("drafting", D(2027, 6, 1), today) == "drafting"
    assert calendar.state_of("submitted", D(2020, 1, 1), today) == "submitted"
    assert calendar.OVERDUE not in calendar.STATES and calendar.OVERDUE in calendar.SHOWN_STATES


def _obligation(**fields):
    return {"due_date": D(2027, 6, 1), "state": "planned", **fields}


@pytest.mark.parametrize(
    "fields, field, message",
    [
        ({"period_start": D(2027, 7, 1)}, "due_date", calendar.DUE_BEFORE_PERIOD),
        ({"period_start": D(2026, 1, 1), "period_end": D(2025, 1, 1)}, "period_end", calendar.PERIOD_ENDS_BEFORE_START),
        ({"submitted_on": D(2027, 1, 1)}, "submitted_on", calendar.SUBMITTED_DATE_NOT_SUBMITTED),
        ({"document_symbol": "CCPR/C/PRY/5"}, "document_symbol", calendar.SYMBOL_NOT_SUBMITTED),
        ({"state": "submitted"}, "submitted_on", calendar.SUBMITTED_WITHOUT_DATE),
        ({"state": "submitted", "submitted_on": D(2030, 1, 1)}, "submitted_on", calendar.SUBMITTED_IN_THE_FUTURE),
    ],
)
def test_what_does_not_hold_together_is_named_by_field(fields, field, message):
    assert calendar.problems(_obligation(**fields), D(2028, 1, 1)) == {field: message}


def test_a_consistent_obligation_has_no_problem():
    submitted = _obligation(
        state="submitted", submitted_on=D(2027, 5, 2), document_symbol="CRC/C/PRY/6", period_start=D(2022, 1, 1)
    )
    assert calendar.problems(submitted, D(2028, 1, 1)) == {}


def test_months_are_added_to_the_last_day_of_a_shorter_month():
    assert calendar.add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
    assert calendar.add_months(D(2023, 1, 31), 1) == D(2023, 2, 28)
    assert calendar.add_months(D(2022, 11, 15), 54) == D(2027, 5, 15)


def test_the_shipped_periodicities_cover_the_treaty_bodies_and_the_upr():
    shipped = calendar.shipped_periodicities()
    months = {code: {e.kind: e.months for e in p.reports} for code, p in shipped.mechanisms.items()}
    assert months["CRC"] == {"periodic_report": 60}
    assert months["CERD"]["periodic_report"] == 48
    assert months["CESCR"]["periodic_report"] == 60
    assert months["CCPR"]["list_of_issues_reply"] == 84  # the 8-year predictable review cycle
    assert set(months["UPR"]) == {"upr_national_report", "upr_midterm_report"}
    for code in ("CERD", "CESCR", "CCPR", "CEDAW", "CAT", "CMW", "CRPD", "CED"):
        assert months[code]["follow_up_report"] in (12, 24), code
    assert all(p.note for p in shipped.mechanisms.values())
    assert [c.cycle for c in shipped.upr_cycles] == [1, 2, 3, 4, 5]


def test_the_regional_systems_periodicities_follow_their_texts():
    shipped = calendar.shipped_periodicities()
    months = {code: {e.kind: e.months for e in p.reports} for code, p in shipped.mechanisms.items()}
    assert months["ACHPR"] == {"periodic_report": 24}  # article 62 of the African Charter
    assert months["ACERWC"] == {"periodic_report": 36}  # article 43 of the children's Charter
    assert months["ECTHR"] == {"compliance_report": 6}  # action plan or report, judgment final
    assert months["CPT"] == {"follow_up_report": 6}  # response to the visit report
    assert months["ECSR"] == {"periodic_report": 12}
    assert months["ECRI"] == {"follow_up_report": 24}  # interim follow-up
    assert months["GREVIO"] == {"follow_up_report": 36}
    assert calendar.planned_after_review(shipped, "ECtHR", D(2025, 3, 10)) == [
        {
            "kind": "compliance_report",
            "upr_cycle": None,
            "period_start": D(2025, 3, 10),
            "due_date": D(2025, 9, 10),
            "state": "planned",
        }
    ]


def test_the_shipped_codes_are_the_mechanisms_codes():
    from importlib import resources

    import yaml

    text = (resources.files("ckanext.simore") / "data" / "mechanisms.yaml").read_text(encoding="utf-8")
    codes = {entry["code"].upper() for entry in yaml.safe_load(text)}
    assert set(calendar.shipped_periodicities().mechanisms) == codes


def test_a_review_plans_the_usual_reports():
    shipped = calendar.shipped_periodicities()
    planned = calendar.planned_after_review(shipped, "cedaw", D(2023, 10, 20))
    assert [(p["kind"], p["due_date"]) for p in planned] == [
        ("follow_up_report", D(2025, 10, 20)),
        ("periodic_report", D(2027, 10, 20)),
    ]
    assert all(p["state"] == "planned" and p["period_start"] == D(2023, 10, 20) for p in planned)
    upr = calendar.planned_after_review(shipped, "UPR", D(2021, 1, 20), ["upr_midterm_report"])
    assert upr == [
        {
            "kind": "upr_midterm_report",
            "upr_cycle": 3,
            "period_start": D(2021, 1, 20),
            "due_date": D(2023, 7, 20),
            "state": "planned",
        }
    ]
    assert calendar.planned_after_review(shipped, "SP", D(2021, 1, 1)) == []
    assert calendar.planned_after_review(shipped, "NOPE", D(2021, 1, 1)) == []


@pytest.mark.parametrize(
    "data, message",
    [
        ({"mechanisms": {"X": {"reports": [{"kind": "essay", "months": 3}]}}}, "unknown kind"),
        ({"mechanisms": {"X": {"reports": [{"kind": "periodic_report", "months": 0}]}}}, "positive"),
        ({"mechanisms": {"X": {"reports": [{"kind": "periodic_report", "months": "4"}]}}}, "positive"),
    ],
)
def test_a_broken_periodicities_file_is_refused(data, message):
    with pytest.raises(ValueError, match=message):
        calendar.parse_periodicities(data)


@pytest.mark.parametrize(
    "due, expected",
    [(D(2027, 9, 1), None), (D(2027, 8, 30), 90), (D(2027, 6, 20), 30), (D(2027, 6, 1), 7), (D(2027, 5, 31), -1)],
)
def test_which_reminder_falls_due(due, expected):
    assert calendar.reminder_threshold(due, D(2027, 6, 1), [90, 30, 7]) == expected


def test_due_within_twelve_months():
    today = D(2027, 6, 1)
    assert calendar.is_due_within(D(2028, 6, 1), today, 12)
    assert not calendar.is_due_within(D(2028, 6, 2), today, 12)
    assert not calendar.is_due_within(D(2027, 5, 31), today, 12)


def test_the_feed_has_one_all_day_event_per_obligation():
    moment = datetime.datetime(2027, 1, 2, 3, 4, tzinfo=datetime.timezone.utc)
    data = feed.ics(
        "Calendar",
        [
            feed.Event("a1@portal", "CRC — Periodic report", D(2027, 6, 1), "x; y, z", "https://p/c/a1", moment, False),
            feed.Event("b2@portal", "UPR — UPR mid-term report", D(2025, 1, 1), "", "https://p/c/b2", moment, True),
        ],
    )
    parsed = icalendar.Calendar.from_ical(data)
    events = list(parsed.walk("VEVENT"))
    assert [str(e["uid"]) for e in events] == ["a1@portal", "b2@portal"]
    assert events[0].decoded("dtstart") == D(2027, 6, 1) and events[0].decoded("dtend") == D(2027, 6, 2)
    assert str(events[0]["description"]) == "x; y, z"
    assert "categories" not in events[0] and "categories" in events[1]
    assert str(parsed["x-wr-calname"]) == "Calendar"
