"""The proviso search remembered per process: what it recalls is what a fresh search finds, and it is recalled."""

from __future__ import annotations

import dataclasses

import pytest

from advisor.assessment import choices
from advisor.assessment.assess import assess
from advisor.assessment.candidates import candidate_values
from advisor.assessment.choice_memory import MISSING, recalled, rule_key
from advisor.assessment.context import Context
from advisor.law.active import ActiveRule
from advisor.law.in_force import Law
from advisor.law.rules import Rulebook
from advisor.law.shipped import load_answers


def _fresh(context: Context, monkeypatch: pytest.MonkeyPatch) -> dict[tuple[str, str], choices.Proviso]:
    """The provisos a search finds with nothing remembered."""
    with monkeypatch.context() as patch:
        patch.setattr(choices, "recalled", lambda book, key: MISSING)
        patch.setattr(choices, "keep", lambda book, key, found: None)
        return choices.find_provisos(context)


@pytest.mark.parametrize("example", ["harwick-vale-care-2025", "tri-county-children-2021"])
def test_remembered_provisos_are_those_a_fresh_search_finds(book: Rulebook, example: str,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    answers = load_answers(None, example)
    given = [name for name in book.vocabulary.facts if getattr(answers, name) is not None]
    variants = [answers] + [answers.model_copy(update={name: None}) for name in given]
    found = 0
    for variant in variants * 2:  # the second time round, every search is recalled
        context = assess(variant, book).context
        assert context.provisos == _fresh(context, monkeypatch)
        found += len(context.provisos)
    assert found  # some options were open only on the council's choices


def test_a_search_is_recalled_until_a_fact_it_reads_changes(book: Rulebook) -> None:
    answers = load_answers(None, "harwick-vale-care-2025")
    context = assess(answers, book).context
    search = choices._Search(context)
    option = next(option for option in context.provisos)
    exclusions = search.open_exclusions(option)
    key = ("proviso", tuple(search.key_of(active, option[0]) for active in exclusions))
    assert recalled(book, key) == context.provisos[option]
    read = next(leaf.fact for active in exclusions for leaf in active.leaves if hasattr(leaf, "fact")
                and getattr(answers, leaf.fact) is not None)
    changed = assess(answers.model_copy(update={read: None}), book).context
    other = choices._Search(changed)
    assert tuple(other.key_of(active, option[0]) for active in exclusions) != key[1]


@pytest.mark.parametrize("example", ["harwick-vale-care-2025", "tri-county-children-2021", "bnes-2015"])
def test_laws_that_differ_in_other_rules_share_searches_only_where_they_agree(
        book: Rulebook, example: str, monkeypatch: pytest.MonkeyPatch) -> None:
    answers = load_answers(None, example)
    open_choices = {name: None for name in book.vocabulary.facts if book.vocabulary[name].settled_by_choice}
    laws, found = set(), 0
    for basis in ("procurement_start_date", "transfer_date"):
        context = assess(answers, book).context
        for day in candidate_values(book, context.law, book.vocabulary[basis]):
            variant = answers.model_copy(update={**open_choices, basis: day})
            context = assess(variant, book).context
            laws.add(context.law.key)
            assert context.provisos == _fresh(context, monkeypatch), (basis, day)
            found += len(context.provisos)
    assert len(laws) > 3 and found


def test_a_search_key_names_the_form_of_the_rule_it_reads_not_the_law(book: Rulebook) -> None:
    context = assess(load_answers(None, "harwick-vale-care-2025"), book).context
    exclusions = [active for active in context.law.rules if active.rule.effect == "exclude"]
    changed = next(active for active in exclusions if any(isinstance(v, int | float) for v in active.params.values()))
    other = next(active for active in exclusions if active is not changed and not active.per_adm)
    altered = dataclasses.replace(changed, params={name: value + 1 if isinstance(value, int | float) else value
                                                   for name, value in changed.params.items()})

    def swap(rules: tuple[ActiveRule, ...]) -> tuple[ActiveRule, ...]:
        return tuple(altered if active is changed else active for active in rules)

    law = Law(swap(context.law.rules), {option: swap(rules) for option, rules in context.law.by_option.items()},
              {**context.law.by_id, changed.rule.id: altered})
    moved, adm = dataclasses.replace(context, law=law), changed.adms[0]
    assert law.key != context.law.key
    assert rule_key(moved, altered, adm) != rule_key(context, changed, adm)
    assert rule_key(moved, other, other.adms[0]) == rule_key(context, other, other.adms[0])
