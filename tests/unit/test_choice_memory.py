"""The proviso search remembered per process: what it recalls is what a fresh search finds, and it is recalled."""

from __future__ import annotations

import pytest

from advisor.assessment import choices
from advisor.assessment.assess import assess
from advisor.assessment.choice_memory import MISSING, recalled
from advisor.assessment.context import Context
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
    key = ("proviso", context.law.key, tuple(search.key_of(active, option[0]) for active in exclusions))
    assert recalled(book, key) == context.provisos[option]
    read = next(leaf.fact for active in exclusions for leaf in active.leaves if hasattr(leaf, "fact")
                and getattr(answers, leaf.fact) is not None)
    changed = assess(answers.model_copy(update={read: None}), book).context
    other = choices._Search(changed)
    assert tuple(other.key_of(active, option[0]) for active in exclusions) != key[2]
