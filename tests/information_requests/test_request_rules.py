"""The pure rules of information requests: questions read from a text
area, the tracking figures and the reminders' timing."""

import datetime

from ckanext.simore.information_requests import questions as rules

DAY = datetime.date(2030, 6, 30)


def test_questions_are_read_one_paragraph_a_line_with_their_labels():
    text = "Intro without a label\n\n12. Measures taken?\n  and their results\n12 (a) Budget?\n13: Other\nIII. Roman\nI think so\na) lettered"
    assert rules.parse(text) == [
        rules.Question("", "Intro without a label"),
        rules.Question("12", "Measures taken?\nand their results"),
        rules.Question("12 (a)", "Budget?"),
        rules.Question("13", "Other"),
        rules.Question("III", "Roman\nI think so"),
        rules.Question("a", "lettered"),
    ]
    assert rules.parse(rules.as_text(rules.parse("12. A\n13. B"))) == rules.parse("12. A\n13. B")
    assert rules.parse("  \n") == []


def test_tracking_counts_owed_answered_and_overdue_per_institution():
    owed = [
        rules.Owed("salud", DAY, "approved"),
        rules.Owed("salud", DAY, "submitted"),
        rules.Owed("salud", DAY, None),
        rules.Owed("justicia", datetime.date(2031, 1, 1), None),
        rules.Owed("justicia", DAY, "approved"),
    ]
    figures = rules.tracking(owed, DAY + datetime.timedelta(days=1))
    assert figures == {
        "salud": {"owed": 3, "answered": 1, "overdue": 2, "in_progress": 1},
        "justicia": {"owed": 2, "answered": 1, "overdue": 0, "in_progress": 0},
    }
    assert rules.tracking(owed, DAY)["salud"]["overdue"] == 0  # due today is not overdue


def test_reminders_come_near_the_deadline_and_once_past_it():
    assert rules.reminder_kind(DAY, DAY - datetime.timedelta(days=8), 7) is None
    assert rules.reminder_kind(DAY, DAY - datetime.timedelta(days=7), 7) == "due-soon"
    assert rules.reminder_kind(DAY, DAY, 7) == "due-soon"
    assert rules.reminder_kind(DAY, DAY + datetime.timedelta(days=1), 7) == "overdue"
