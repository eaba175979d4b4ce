"""What settles an appraisal further: the answers that firm up the conditions, duties and risks of the options
still open (the interview's second phase), and the fewest answers that would decide each undetermined model."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from itertools import combinations, product

from pydantic import BaseModel

from advisor.assessment.records import Assessment
from advisor.assessment.relevance import Option, Planner, Question, Residuals, dependants
from advisor.assessment.verdicts import Verdict, best_verdict, deciding_rules

FIRMED_UP = ("condition", "duty", "risk")  # what the second phase settles, once no verdict can change
MOST_TOGETHER = 2  # a model decided only by more answers together is listed with its questions, not worked out
_TRIED = 6  # the questions tried in pairs for one model (most options first)
BUDGET = 400  # whole assessments one search may run (about a second); past it, models get their questions only


def settling_questions(assessment: Assessment, asked: set[str]) -> tuple[Question, ...]:
    """Unasked questions whose answer settles a condition, duty or risk of an option still open, most settled first.

    A question's score is the number of findings (an option and a rule) that wait on it.
    """
    residuals = Residuals(assessment.context)
    found: dict[str, tuple[set[Option], set[str], list[int]]] = {}
    for adm in assessment.adms:
        for form in adm.forms:
            if form.verdict == "not_viable":
                continue
            deciding = {a.rule.id for a in deciding_rules(form.verdict, form.applying, form.pending)}
            for active in form.pending:
                if active.rule.effect not in FIRMED_UP or active.rule.id in deciding:
                    continue
                for fact in residuals.of(active, adm.adm.id) - asked:
                    options, rules, count = found.setdefault(fact, (set(), set(), [0]))
                    options.add((adm.adm.id, form.form.id))
                    rules.add(active.rule.id)
                    count[0] += 1
    order = assessment.context.book.vocabulary.order
    questions = [Question(fact, float(count[0]), tuple(sorted(o)), tuple(sorted(r)))
                 for fact, (o, r, count) in found.items()]
    return tuple(sorted(questions, key=lambda q: (-(q.score or 0.0), order(q.fact))))


@dataclass
class _Budget:
    """The assessments a search may still run."""

    left: int

    def spend(self) -> bool:
        """Take one assessment from the budget; False when none is left."""
        self.left -= 1
        return self.left >= 0


@dataclass(frozen=True)
class Decider:
    """The fewest unknown answers that would decide an undetermined model, and its verdict for each way of answering.

    `outcomes` is empty when more than MOST_TOGETHER answers are needed together: `facts` are then the questions
    its verdict waits on.
    """

    adm: str
    facts: tuple[str, ...]
    outcomes: tuple[tuple[tuple[object, ...], Verdict], ...]


def deciders(planner: Planner, answers: BaseModel, assessment: Assessment, budget: int = BUDGET) -> tuple[Decider, ...]:
    """For each undetermined model, the fewest unknown answers that decide it (one, else two together).

    At most `budget` assessments are run: the answer is the same every time for the same answers and date.
    """
    waiting = dependants(assessment)
    left = _Budget(budget)
    out = []
    for adm in assessment.adms:
        if adm.verdict != "undetermined":
            continue
        forms = {(adm.adm.id, form.form.id) for form in adm.forms}
        facts = sorted((f for f, d in waiting.items() if d.options & forms),
                       key=lambda f: (-len(waiting[f].options & forms), assessment.context.book.vocabulary.order(f)))
        out.append(_decider(planner, answers, assessment, adm.adm.id, facts, left))
    return tuple(out)


def _decider(planner: Planner, answers: BaseModel, now: Assessment, adm: str, facts: list[str],
             left: _Budget) -> Decider:
    for size in range(1, MOST_TOGETHER + 1):
        for chosen in combinations(facts[:_TRIED] if size > 1 else facts, size):
            outcomes = _outcomes(planner, answers, now, adm, chosen, left)
            if outcomes is not None:
                return Decider(adm, chosen, outcomes)
    return Decider(adm, tuple(facts), ())


def _outcomes(planner: Planner, answers: BaseModel, now: Assessment, adm: str, chosen: tuple[str, ...],
              left: _Budget) -> tuple[tuple[tuple[object, ...], Verdict], ...] | None:
    """The model's verdict for every way of answering these questions; None if some way leaves it undetermined
    (or the search has run its budget)."""
    found = []
    for values in product(*(planner.answers_to_try(now, fact) for fact in chosen)):
        if not left.spend():
            return None
        verdicts = planner.verdicts(answers.model_copy(update=dict(zip(chosen, values, strict=True))), now)
        verdict = _adm_verdict(verdicts, adm)
        if verdict == "undetermined":
            return None
        found.append((values, verdict))
    return tuple(found) if found else None


def _adm_verdict(verdicts: Mapping[Option, Verdict], adm: str) -> Verdict:
    return best_verdict([verdict for (model, _), verdict in verdicts.items() if model == adm])


__all__ = ["FIRMED_UP", "Decider", "deciders", "settling_questions"]
