"""The rule base's timed duties give the dates their provisions give: standstills over bank holidays and weekends,
clear days before a dismissal, the period in force on each side of a change of law; and the dates a timetable
counts from are asked only for a plan, never read by a rule's condition."""

from __future__ import annotations

import datetime as dt

import pytest

from advisor.law.conditions import FactLeaf, leaves
from advisor.law.rules import Rule, Rulebook
from advisor.law.shipped import load_book
from advisor.law.working_days import step_date

PLAN_ANCHORS = ("go_live_date", "decision_date", "contract_award_date", "first_dismissal_date")
D = dt.date


@pytest.fixture(scope="module")
def book() -> Rulebook:
    return load_book()


def _date(book: Rulebook, rule_id: str, anchor: dt.date) -> dt.date:
    """The step's date for `anchor`, with the period in force on the anchor day."""
    rule = book.rules[rule_id]
    assert rule.timing is not None
    period = rule.timing.period
    if period.param is None:
        return step_date(rule.timing, anchor, period.value or 0)
    topic = next(t for t in book.files.values() if t.topic == rule.topic and period.param in t.parameters)
    amount = topic.parameters[period.param].value_on(anchor)
    assert amount is not None
    return step_date(rule.timing, anchor, int(amount))


@pytest.mark.parametrize(("sent", "first_day"), [
    (D(2016, 6, 6), D(2016, 6, 17)),    # Monday: the 10th day after is Thursday 16 June
    (D(2016, 6, 1), D(2016, 6, 14)),    # the 10th day is Saturday 11 June: runs to Monday 13 June
    (D(2016, 3, 15), D(2016, 3, 30)),   # the 10th day is Good Friday: runs past Easter Monday to Tuesday 29 March
])
def test_the_2015_regulations_standstill_runs_to_a_working_day(book: Rulebook, sent: dt.date,
                                                                 first_day: dt.date) -> None:
    assert _date(book, "procurement.standstill.pcr_award_decision_notice", sent) == first_day


@pytest.mark.parametrize(("published", "first_day"), [
    (D(2026, 9, 3), D(2026, 9, 15)),     # Thursday: day 1, then eight working days end Monday 14 September
    (D(2026, 6, 4), D(2026, 6, 17)),     # Scotland's bank holiday of 15 June 2026 does not count either
    (D(2025, 11, 27), D(2025, 12, 10)),  # St Andrew's Day (observed, Scotland) on 1 December does not count
    (D(2026, 5, 1), D(2026, 5, 14)),     # the early May bank holiday on 4 May does not count
])
def test_the_acts_standstill_counts_uk_working_days_from_the_day_of_publication(
        book: Rulebook, published: dt.date, first_day: dt.date) -> None:
    assert _date(book, "procurement.standstill.pa_contract_award_notice", published) == first_day


def test_collective_consultation_counts_clear_days_before_the_first_dismissal(book: Rulebook) -> None:
    first_dismissal = D(2027, 3, 31)
    assert _date(book, "redundancy.consultation.begin_30_days_before", first_dismissal) == D(2027, 2, 28)
    assert _date(book, "redundancy.hr1.notify_30_days_before", first_dismissal) == D(2027, 2, 28)
    assert _date(book, "redundancy.consultation.begin_45_days_before", first_dismissal) == D(2027, 2, 13)


def test_the_large_scale_period_is_90_days_before_6_april_2013_and_45_from_it(book: Rulebook) -> None:
    assert _date(book, "redundancy.consultation.begin_45_days_before", D(2013, 4, 5)) == D(2013, 1, 4)
    assert _date(book, "redundancy.hr1.notify_45_days_before", D(2013, 4, 6)) == D(2013, 2, 19)


def test_a_step_due_by_the_anchor_falls_on_the_anchor_day(book: Rulebook) -> None:
    assert _date(book, "childrens_social_care.regulation.ofsted_registration", D(2027, 4, 1)) == D(2027, 4, 1)
    assert _date(book, "equality.psed.analysis_before_decision", D(2026, 10, 15)) == D(2026, 10, 15)


def _timed(book: Rulebook) -> list[Rule]:
    return [rule for rule in book.rules.values() if rule.timing is not None]


def test_the_plan_dates_are_asked_only_for_a_plan_and_read_by_no_condition(book: Rulebook) -> None:
    read = {leaf.fact for rule in book.rules.values() for leaf in leaves(rule.condition) if isinstance(leaf, FactLeaf)}
    for name in PLAN_ANCHORS:
        assert name not in read
        assert not book.vocabulary[name].always_ask
        assert any(rule.timing is not None and rule.timing.anchor == name for rule in _timed(book))


def test_a_timing_from_practice_says_why(book: Rulebook) -> None:
    for rule in _timed(book):
        assert rule.timing is not None
        if rule.timing.confidence != "settled" or rule.timing.clear:
            assert rule.timing.note, rule.id
