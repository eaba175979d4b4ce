"""The law as shipped with the package: the rule base (checked once per process, cached on disk), the
answers model built from its vocabulary, the proposal map, and the embedded example councils and proposals."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel

from advisor.base.errors import AnswersError
from advisor.base.reading import STANDARD_INPUT, quoted_path
from advisor.base.resources import data_dir
from advisor.law.answers import build_answers_model, read_answers_data, validate_answers
from advisor.law.cache import cached_rulebook
from advisor.law.proposal_map import ProposalMap, load_proposal_map
from advisor.law.rules import Rulebook


@lru_cache(maxsize=1)
def load_book() -> Rulebook:
    """The shipped rule base, loaded and checked once per process (and cached on disk)."""
    return cached_rulebook(data_dir("rules"))


@lru_cache(maxsize=1)
def answers_model() -> type[BaseModel]:
    """The Answers model built from the shipped vocabulary."""
    return build_answers_model(load_book().vocabulary)


@lru_cache(maxsize=1)
def proposal_map() -> ProposalMap:
    """How proposals set answers (rules/proposal_map.yaml), loaded and checked once."""
    return load_proposal_map(data_dir("rules"), load_book().vocabulary)


def example_folder() -> Path:
    """The folder of the embedded example councils: an embedded proposal's `answers:` is read from it."""
    return data_dir("examples")


def example_files() -> dict[str, Path]:
    """The embedded example councils' answers files, by name."""
    return {path.stem: path for path in sorted(data_dir("examples").glob("*.yaml"))}


def proposal_example_files() -> dict[str, Path]:
    """The embedded example proposals, by name."""
    return {path.stem: path for path in sorted((data_dir("examples") / "proposals").glob("*.yaml"))}


def example_names() -> list[str]:
    """The names of the embedded examples, sorted."""
    return list(example_files())


def example_path(name: str) -> Path:
    """The file of an embedded example; an unknown name lists the known ones."""
    known = example_files()
    if name not in known:
        raise AnswersError(f"--example {name!r} is not an embedded example; choose one of: {', '.join(known)}")
    return known[name]


def example_text(name: str) -> str:
    """The example's answers (or proposal) file, ready to copy and edit."""
    proposals = proposal_example_files()
    if name in proposals:
        return proposals[name].read_text(encoding="utf-8")
    return example_path(name).read_text(encoding="utf-8")


def load_answers(path: str | None, example: str | None) -> BaseModel:
    """Read and validate answers from a file, standard input or an embedded example."""
    if path is not None and example is not None:
        raise AnswersError("give an answers file or --example NAME, not both")
    if path is None and example is None:
        raise AnswersError("give an answers file (- reads standard input) or --example NAME; no answers yet? "
                           "Start them with `advisor ask answers.yaml`, or see `advisor examples`")
    source = str(example_path(example)) if example else str(path)
    data = read_answers_data(source)
    shown_as = example or ("standard input" if source == STANDARD_INPUT else quoted_path(source))
    return validate_answers(data, answers_model(), load_book().vocabulary, shown_as)
