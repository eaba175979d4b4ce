"""An assessment's record: every ADM and form with its verdict, findings (explained) and open questions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

from advisor.assessment.context import Context
from advisor.assessment.open_questions import OpenQuestion, find_open_questions
from advisor.assessment.provisos import Choice
from advisor.assessment.verdicts import Verdict, best_verdict, deciding_rules
from advisor.law.active import ActiveRule
from advisor.law.catalogue import DeliveryModel, LegalForm
from advisor.law.conditions import DerivedLeaf, Status
from advisor.law.explain import render_text


@dataclass(frozen=True)
class Finding:
    """A rule that applies (status true) or might apply (unknown) to one ADM in one form."""

    active: ActiveRule
    adm: DeliveryModel
    form: LegalForm
    status: Status
    context: Context
    scene: Mapping[str, object]  # what explanations may use: facts, derived facts, ADM and form

    @property
    def rule_id(self) -> str:
        """The rule's stable id."""
        return self.active.rule.id

    @cached_property
    def facts(self) -> dict[str, object]:
        """The answers and derived facts the rule read, with their values."""
        out: dict[str, object] = {}
        for leaf in self.active.leaves:
            if isinstance(leaf, DerivedLeaf):
                out[f"derived.{leaf.name}"] = self.derived_status(leaf.name)
            else:
                out[leaf.fact] = getattr(self.context.answers, leaf.fact)
        return out

    def derived_status(self, name: str) -> Status | None:
        """The derived fact's value for this ADM (None when not derived for it)."""
        entry = self.context.derived.get(self.adm.id, {}).get(name)
        return entry[0] if entry else None

    @cached_property
    def text(self) -> str:
        """The rule's explanation, rendered for this council, ADM and form."""
        rule = self.active.rule
        return render_text(rule.explanation, self._render_context(), f"{rule.file}: rule {rule.id}")

    def render(self, template: str | None) -> str | None:
        """Render the rule's remedy or action text in the same context."""
        if not template:
            return None
        return render_text(template, self._render_context(), f"{self.active.rule.file}: rule {self.rule_id}")

    def _render_context(self) -> dict[str, object]:
        return dict(self.scene, params=self.active.params)


def scene(context: Context, adm: DeliveryModel, form: LegalForm) -> dict[str, object]:
    """The explanation context of one ADM in one form, shared by all its findings."""
    derived = {name: entry[0] for name, entry in context.derived.get(adm.id, {}).items()}
    return {
        "facts": context.fact_values,
        "derived": {name: derived.get(name) for name in context.book.derived},
        "adm": adm,
        "form": form,
    }


@dataclass(frozen=True)
class ChosenCondition:
    """A choice the council must make for an option to stay open: the condition in words, and the exclusions it avoids."""

    choice: Choice
    text: str  # "the body distributes no surplus to its owners or members"
    rules: tuple[ActiveRule, ...]


@dataclass(frozen=True, eq=False)
class FormAssessment:
    """One ADM in one legal form: its verdict, and (built when first asked for) its findings."""

    form: LegalForm
    verdict: Verdict
    adm: DeliveryModel
    context: Context

    @cached_property
    def applying(self) -> tuple[ActiveRule, ...]:
        """The rules that hold, in listing order."""
        return self._rules_with("true")

    @cached_property
    def pending(self) -> tuple[ActiveRule, ...]:
        """The rules that might hold, waiting on unknown answers (derivations aside)."""
        return tuple(a for a in self._rules_with("unknown") if a.rule.effect != "derive")

    def _rules_with(self, status: Status) -> tuple[ActiveRule, ...]:
        firings, adm = self.context.firings, self.adm.id
        return tuple(active for active in self.context.law.by_option[(adm, self.form.id)]
                     if firings.get((active.rule.id, adm if active.per_adm else None)) == status)

    @cached_property
    def findings(self) -> tuple[Finding, ...]:
        """The rules that apply, each with its explanation and the facts it used."""
        return self._build(self.applying, "true")

    @cached_property
    def possible(self) -> tuple[Finding, ...]:
        """The rules that might apply, depending on unknown answers."""
        return self._build(self.pending, "unknown")

    @cached_property
    def open_questions(self) -> tuple[OpenQuestion, ...]:
        """The unknown answers that keep a conclusion open."""
        deciding = frozenset(a.rule.id for a in deciding_rules(self.verdict, self.applying, self.pending))
        return find_open_questions(self.context, self.adm.id, self.pending, deciding)

    @cached_property
    def provided(self) -> tuple[ChosenCondition, ...]:
        """What the council must choose for this option to stay open (empty unless its verdict rests on choices)."""
        proviso = self.context.provisos.get((self.adm.id, self.form.id))
        if proviso is None:
            return ()
        vocabulary, law = self.context.book.vocabulary, self.context.law
        return tuple(ChosenCondition(choice, vocabulary[choice.fact].provided_text(choice.value),
                                     tuple(law.by_id[rule] for rule in choice.rules)) for choice in proviso.choices)

    def _build(self, rules: tuple[ActiveRule, ...], status: Status) -> tuple[Finding, ...]:
        shared = scene(self.context, self.adm, self.form)
        return tuple(Finding(active, self.adm, self.form, status, self.context, shared) for active in rules)


@dataclass(frozen=True, eq=False)
class AdmAssessment:
    """One ADM: its best form's verdict, and every form."""

    adm: DeliveryModel
    verdict: Verdict
    context: Context

    @cached_property
    def forms(self) -> tuple[FormAssessment, ...]:
        """Each form's assessment, in catalogue order."""
        catalogue, verdicts, adm = self.context.book.catalogue, self.context.verdicts, self.adm
        return tuple(FormAssessment(catalogue.form(form), verdicts[(adm.id, form)], adm, self.context)
                     for form in adm.forms)


@dataclass(frozen=True)
class Assessment:
    """The whole result: the date of the law applied and every ADM's assessment."""

    as_at: dt.date
    context: Context

    @cached_property
    def adms(self) -> tuple[AdmAssessment, ...]:
        """Every ADM's assessment, in catalogue order (every option's verdict is in context.verdicts)."""
        verdicts = self.context.verdicts
        return tuple(AdmAssessment(adm, best_verdict([verdicts[(adm.id, form)] for form in adm.forms]), self.context)
                     for adm in self.context.book.catalogue.adms)

    def adm(self, adm_id: str) -> AdmAssessment:
        """The assessment of one ADM."""
        return next(a for a in self.adms if a.adm.id == adm_id)
