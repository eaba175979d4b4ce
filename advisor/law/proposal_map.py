"""Reads a proposal file and turns it into the answers the rules read, following rules/proposal_map.yaml."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from advisor.base.errors import AnswersError, RulebookError, shown
from advisor.base.reading import PROPOSAL_HINT
from advisor.base.yamlio import load_yaml
from advisor.law.answers import did_you_mean, read_answers_data
from advisor.law.catalogue import Catalogue
from advisor.law.proposal import Proposal, field_value
from advisor.law.vocabulary import Vocabulary


class Mapping(BaseModel):
    """How one answer fact is set from proposal fields."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    how: Literal["copy", "positive", "complement", "one_of", "total"]
    values: tuple[str, ...] = ()
    source: tuple[str, ...] = ()


class ProposalMap(BaseModel):
    """rules/proposal_map.yaml: the knife-edge margins and every fact a proposal sets."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    knife_edge: dict[str, float]
    sets: dict[str, dict[str, Any]]

    def mappings(self) -> dict[str, Mapping]:
        """Each answer fact and how the proposal sets it."""
        return {fact: Mapping(how=raw["how"], values=tuple(raw.get("values", ())), source=tuple(raw["from"]))
                for fact, raw in self.sets.items()}


def load_proposal_map(rules_dir: Path, vocabulary: Vocabulary) -> ProposalMap:
    """Load and check the map: every fact it sets exists, every field it reads is in the proposal."""
    path = rules_dir / "proposal_map.yaml"
    try:
        loaded = ProposalMap.model_validate(load_yaml(path.read_text(encoding="utf-8")))
        for fact, mapping in loaded.mappings().items():
            _check_mapping(fact, mapping, vocabulary)
    except (OSError, yaml.YAMLError, ValidationError, KeyError, AttributeError) as exc:
        raise RulebookError(f"{path.name}: {exc}") from None
    return loaded


def _check_mapping(fact: str, mapping: Mapping, vocabulary: Vocabulary) -> None:
    if fact not in vocabulary:
        raise RulebookError(f"proposal_map.yaml: {fact!r} is not an answer fact")
    example = Proposal(adm="x", form="x")
    for dotted in mapping.source:
        field_value(example, dotted)  # AttributeError names a field the proposal lacks


def proposal_answers(proposal: Proposal, proposal_map: ProposalMap) -> dict[str, object]:
    """The answers a proposal gives (facts it leaves out are not included)."""
    out: dict[str, object] = {}
    for fact, mapping in proposal_map.mappings().items():
        values = [field_value(proposal, dotted) for dotted in mapping.source]
        value = _apply(mapping, values)
        if value is not None:
            out[fact] = value
    return out


def _apply(mapping: Mapping, values: list[Any]) -> object:
    if mapping.how == "total":
        return None if any(v is None for v in values) else sum(values)
    value = values[0]
    if value is None:
        return None
    if mapping.how == "positive":
        return value > 0
    if mapping.how == "complement":
        return 100 - value
    if mapping.how == "one_of":
        return value in mapping.values
    return value


def _check_keys(data: dict[Any, Any], source: str) -> None:
    """Every field name is text (YAML reads `no:` as false), at the top and in each part; no deeper, as aliases may repeat."""
    for part, value in data.items():
        inner = value if isinstance(part, str) and isinstance(value, dict) else {}
        for key, where in [(part, str(part)), *((key, f"{part}.{key}") for key in inner)]:
            if not isinstance(key, str):
                raise AnswersError(f"{source}: field {shown(where)} is not part of a proposal: field names are text "
                                   "(see `advisor schema proposal`)", field=where)


def _known_fields(part: tuple[Any, ...]) -> list[str]:
    """The field names allowed at this place in a proposal (the top, or one part)."""
    model: Any = Proposal
    for name in part:
        field = model.model_fields.get(str(name)) if _is_model(model) else None
        model = field.annotation if field is not None else None
    return list(model.model_fields) if _is_model(model) else []


def _is_model(annotation: object) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def read_proposal(path: str, source: str, catalogue: Catalogue) -> Proposal:
    """Read and validate a proposal file; its ADM and form must exist and fit together."""
    data = read_answers_data(path, missing=PROPOSAL_HINT)
    if not isinstance(data, dict):
        raise AnswersError(f"{source}: must be a mapping describing the proposed structure")
    _check_keys(data, source)
    try:
        proposal = Proposal.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        place = ".".join(str(part) for part in error["loc"])
        where = shown(place)
        if error["type"] == "extra_forbidden":
            hint = did_you_mean(str(error["loc"][-1]), _known_fields(error["loc"][:-1]))
            raise AnswersError(f"{source}: field {where} is not part of a proposal{hint} "
                               "(see `advisor schema proposal`)", field=place) from None
        raise AnswersError(f"{source}: field {where}: {error['msg']}", field=place) from None
    known = {adm.id: adm for adm in catalogue.adms}
    if proposal.adm not in known:
        hint = did_you_mean(proposal.adm, known)
        raise AnswersError(f"{source}: field 'adm': {shown(proposal.adm)} is not a delivery model{hint}; "
                           f"allowed: {', '.join(known)}", field="adm")
    if proposal.form not in known[proposal.adm].forms:
        forms = ", ".join(known[proposal.adm].forms)
        hint = did_you_mean(proposal.form, known[proposal.adm].forms)
        raise AnswersError(f"{source}: field 'form': {proposal.adm} cannot take the form {shown(proposal.form)}{hint}; "
                           f"allowed: {forms}", field="form")
    return proposal
