"""Cross-checks of the loaded rule base: references, windows, types, derivations and explanations."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from advisor.base.errors import RulebookError
from advisor.law.conditions import COMPARISONS, MEMBER_OPS, SET_OPS, DerivedLeaf, FactLeaf, leaves, split_top_level
from advisor.law.explain import render_text
from advisor.law.rules import InForce, Rule, Rulebook, TopicFile
from advisor.law.timing import Timing
from advisor.law.vocabulary import FactSpec

_OPS_BY_TYPE = {
    "yes_no": ("is",),
    "number": COMPARISONS,
    "date": COMPARISONS,
    "choice": (*COMPARISONS[:2], *SET_OPS),
    "choices": MEMBER_OPS,
    "text": (),
}


def check_rulebook(book: Rulebook) -> None:
    """Raise RulebookError on the first inconsistency found."""
    for topic in book.files.values():
        _check_parameters(topic)
        for rule in topic.rules:
            _check_rule(book, topic, rule)
    _check_derivations(book)
    _check_parties(book)


def _fail(rule: Rule, message: str) -> RulebookError:
    return RulebookError(f"{rule.file}: rule {rule.id}: {message}")


def _check_parameters(topic: TopicFile) -> None:
    for name, param in topic.parameters.items():
        for entry in param.values:
            if entry.authority not in topic.authorities:
                raise RulebookError(f"{topic.topic}: parameter {name} cites unknown authority {entry.authority}")


def _check_rule(book: Rulebook, topic: TopicFile, rule: Rule) -> None:
    if not rule.id.startswith(topic.topic + "."):
        raise _fail(rule, f"id must start with the file's topic '{topic.topic}.'")
    _check_authorities(topic, rule)
    _check_touches(book, rule)
    for leaf in leaves(rule.condition):
        if isinstance(leaf, FactLeaf):
            _check_fact_leaf(book, topic, rule, leaf)
        elif leaf.name not in book.derived:
            raise _fail(rule, f"reads unknown derived fact {leaf.name!r}")
    rest, _ = split_top_level(rule.condition)
    if any(isinstance(leaf, DerivedLeaf) for leaf in leaves(rest)):
        raise _fail(rule, "derived leaves may stand only directly under the top-level `all`")
    if rule.derives is not None and rule.derives not in book.derived:
        raise _fail(rule, f"derives unknown fact {rule.derives!r} (declare it in derived.yaml)")
    _check_explanation(book, topic, rule)
    if rule.timing is not None:
        _check_timing(book, topic, rule, rule.timing)


def _uncovered_day(window: InForce, covers: Iterable[InForce]) -> dt.date | None:
    """The first day of `window` no window in `covers` includes, or None."""
    day = window.start
    for cover in sorted(covers, key=lambda w: w.start):
        if cover.start > day:
            break
        if cover.end >= day:
            if cover.end >= window.end:
                return None
            day = cover.end + dt.timedelta(days=1)
    return day


def _check_authorities(topic: TopicFile, rule: Rule, timing: Timing | None = None) -> None:
    """The authorities cited (the rule's, or its timing's) are defined in the file and, between them, in force every
    day of the rule's window."""
    keys = rule.authorities if timing is None else timing.authorities
    missing = [key for key in keys if key not in topic.authorities]
    if missing:
        raise _fail(rule, f"{'timing ' if timing else ''}cites authorities not defined in the file: {missing}")
    gap = _uncovered_day(rule.in_force, [topic.authorities[k].in_force for k in keys])
    if gap is not None:
        which = "no authority for the timing" if timing else "no cited authority"
        raise _fail(rule, f"{which} is in force on {gap}, inside the rule's window")


def _check_parties(book: Rulebook) -> None:
    """Every party in parties.yaml does some timed step (the parties a step may name are checked with the rule)."""
    named = {rule.timing.who for rule in book.rules.values() if rule.timing is not None}
    if set(book.parties) - named:
        raise RulebookError(f"parties.yaml: no rule's timing names {sorted(set(book.parties) - named)}")


def _check_timing(book: Rulebook, topic: TopicFile, rule: Rule, timing: Timing) -> None:
    """A timed step counts from a date answer, by a dated parameter (or no time at all), on authorities in force,
    done by a party of parties.yaml."""
    if timing.who not in book.parties:
        raise _fail(rule, f"timing's who {timing.who!r} is not a party of parties.yaml: {', '.join(book.parties)}")
    if timing.anchor not in book.vocabulary or book.vocabulary[timing.anchor].type != "date":
        raise _fail(rule, f"timing counts from {timing.anchor!r}, which is not a date answer in rules/answers/")
    if timing.precedes is not None and (timing.precedes not in book.vocabulary
                                        or book.vocabulary[timing.precedes].type != "date"):
        raise _fail(rule, f"timing must precede {timing.precedes!r}, which is not a date answer in rules/answers/")
    period = timing.period
    if period.value not in (None, 0):
        raise _fail(rule, "a timing period of more than 0 must be a dated parameter (`param:`)")
    if period.param is not None:
        param = topic.parameters.get(period.param)
        if param is None or param.value_on(rule.in_force.start) is None:
            raise _fail(rule, f"timing uses parameter {period.param!r}, undefined or without a value on "
                              f"{rule.in_force.start}")
    _check_authorities(topic, rule, timing)


def _check_touches(book: Rulebook, rule: Rule) -> None:
    adm_ids = {adm.id for adm in book.catalogue.adms}
    form_ids = {form.id for form in book.catalogue.forms}
    if rule.touches.adms != "all" and set(rule.touches.adms) - adm_ids:
        raise _fail(rule, f"touches unknown ADMs {sorted(set(rule.touches.adms) - adm_ids)}")
    if rule.touches.forms != "all" and set(rule.touches.forms) - form_ids:
        raise _fail(rule, f"touches unknown forms {sorted(set(rule.touches.forms) - form_ids)}")
    if not any(book.touches_option(rule, adm, form) for adm, form in book.catalogue.options()):
        raise _fail(rule, "touches no ADM/form pair the catalogue allows")


def _check_fact_leaf(book: Rulebook, topic: TopicFile, rule: Rule, leaf: FactLeaf) -> None:
    if leaf.fact not in book.vocabulary:
        raise _fail(rule, f"tests unknown fact {leaf.fact!r} (add it to rules/answers/)")
    spec = book.vocabulary[leaf.fact]
    if leaf.op not in _OPS_BY_TYPE[spec.type]:
        raise _fail(rule, f"operator {leaf.op!r} does not apply to {spec.type} fact {leaf.fact}")
    if leaf.param is not None:
        _check_param_use(topic, rule, leaf, spec)
    elif spec.type == "number":
        raise _fail(rule, f"compares {leaf.fact} with a literal: numbers must be dated parameters")
    else:
        _check_value(rule, leaf, spec)


def _check_param_use(topic: TopicFile, rule: Rule, leaf: FactLeaf, spec: FactSpec) -> None:
    param = topic.parameters.get(leaf.param or "")
    if param is None:
        raise _fail(rule, f"uses unknown parameter {leaf.param!r}")
    if spec.type != "number":
        raise _fail(rule, f"parameter {leaf.param} compared with non-number fact {leaf.fact}")
    if param.value_on(rule.in_force.start) is None:
        raise _fail(rule, f"parameter {leaf.param} has no value on {rule.in_force.start}")


def _check_value(rule: Rule, leaf: FactLeaf, spec: FactSpec) -> None:
    value = leaf.value
    ok = {
        "yes_no": isinstance(value, bool),
        "date": isinstance(value, dt.date),
        "choice": (value in spec.choices) if leaf.op in COMPARISONS
        else isinstance(value, tuple) and set(value) <= set(spec.choices),
        "choices": value in spec.choices,
        "text": False,
    }[spec.type]
    if not ok:
        raise _fail(rule, f"value {value!r} does not fit {spec.type} fact {leaf.fact} {list(spec.choices) or ''}")


def _check_explanation(book: Rulebook, topic: TopicFile, rule: Rule) -> None:
    adm, form = next((a, f) for a, f in book.catalogue.options() if book.touches_option(rule, a, f))
    context = {
        "facts": {name: None for name in book.vocabulary.facts},
        "params": _params_on(topic, rule.in_force.start),
        "derived": {name: None for name in book.derived},
        "adm": book.catalogue.adm(adm),
        "form": book.catalogue.form(form),
    }
    for text in (rule.explanation, rule.remedy or "", rule.action or ""):
        render_text(text, context, f"{rule.file}: rule {rule.id}")


def _params_on(topic: TopicFile, day: dt.date) -> dict[str, float | int]:
    """The parameters with a value on `day`, as an assessment sees them (one without a value is undefined)."""
    values = {name: param.value_on(day) for name, param in topic.parameters.items()}
    return {name: value for name, value in values.items() if value is not None}


def _check_derivations(book: Rulebook) -> None:
    derivers: dict[tuple[str, str], list[Rule]] = defaultdict(list)
    for rule in book.rules.values():
        if rule.derives:
            for adm in book.adms_of(rule):
                derivers[(rule.derives, adm)].append(rule)
    for (name, adm), rules in derivers.items():
        _check_no_overlap(name, adm, rules)
    for rule in book.rules.values():
        _check_reader(book, rule, derivers)
    _check_acyclic(book)


def _check_no_overlap(name: str, adm: str, rules: list[Rule]) -> None:
    ordered = sorted(rules, key=lambda r: r.in_force.start)
    for first, second in zip(ordered, ordered[1:], strict=False):
        if second.in_force.start <= first.in_force.end:
            raise _fail(second, f"derives {name} for {adm} on days {first.id} also covers")


def _check_reader(book: Rulebook, rule: Rule, derivers: dict[tuple[str, str], list[Rule]]) -> None:
    for leaf in leaves(rule.condition):
        if not isinstance(leaf, DerivedLeaf):
            continue
        for adm in book.adms_of(rule):
            windows = [r.in_force for r in derivers.get((leaf.name, adm), [])]
            gap = _uncovered_day(rule.in_force, windows)
            if gap is not None:
                raise _fail(rule, f"reads {leaf.name} for {adm}, which no rule derives on {gap}")


def _check_acyclic(book: Rulebook) -> None:
    edges: dict[str, set[str]] = defaultdict(set)
    for rule in book.rules.values():
        if rule.derives:
            edges[rule.derives] |= {leaf.name for leaf in leaves(rule.condition) if isinstance(leaf, DerivedLeaf)}
    state: dict[str, int] = {}

    def visit(name: str, path: tuple[str, ...]) -> None:
        if state.get(name) == 2:
            return
        if state.get(name) == 1:
            raise RulebookError(f"derived facts depend on each other in a cycle: {' -> '.join((*path, name))}")
        state[name] = 1
        for nxt in sorted(edges[name]):
            visit(nxt, (*path, name))
        state[name] = 2

    for name in sorted(edges):
        visit(name, ())
