"""An appraisal's proposal through the public API: read by the CLI's strict reader, kept as the proposal file's text
without `answers:` (it is the appraisal's own answers), written beside the appraisal's answers in a private folder
and checked there exactly as `advisor check` checks the two side by side."""

from __future__ import annotations

import contextlib
import json
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from fastapi import Request

import advisor
from advisor.web.answers import edits_between

PROPOSAL_FILE = "proposal.yaml"
ANSWERS_FILE = "answers.yaml"
ORDER = ("name", "adm", "form", "as_at", "answers")


def shelf(request: Request) -> advisor.ProposalShelf:
    """The proposals kept with the application's appraisals."""
    return advisor.open_proposals(request.app.state.store)


@contextlib.contextmanager
def side_by_side(proposal: str, answers: str = "", suffix: str = ".yaml") -> Iterator[Path]:
    """The proposal file (and the answers file beside it) in a new private folder; the proposal's path."""
    with tempfile.TemporaryDirectory(prefix="adm-advisor-") as folder:
        path = Path(folder) / f"proposal{suffix}"
        path.write_text(proposal, encoding="utf-8")
        (Path(folder) / ANSWERS_FILE).write_text(answers, encoding="utf-8")
        yield path


def _cleaned(error: advisor.AdvisorError, path: Path) -> advisor.AnswersError:
    """The CLI's refusal, naming the files as proposal.yaml and answers.yaml rather than the private folder."""
    text = error.message.replace(str(path.parent) + "/", "").replace(path.name, PROPOSAL_FILE)
    return advisor.AnswersError(text, field=getattr(error, "field", None))


def read(text: str, suffix: str = ".yaml") -> advisor.Proposal:
    """A proposal file's text read as `advisor check` reads it (AnswersError with the CLI's message if refused)."""
    with side_by_side(text, suffix=suffix) as path:
        try:
            return advisor.read_proposal(str(path), PROPOSAL_FILE, advisor.load_book().catalogue)
        except advisor.AdvisorError as error:
            raise _cleaned(error, path) from None


def field_of(error: advisor.AdvisorError) -> str:
    """The dotted name of the field a refusal names, as the proposal's reader gave it, or '' when it names none."""
    return getattr(error, "field", None) or ""


def kept_text(data: dict[str, Any]) -> str:
    """The proposal file's text as kept: its values in the file's order, without `answers:`."""
    ordered = {key: data[key] for key in ORDER if key in data and key != "answers"}
    ordered.update((key, value) for key, value in data.items() if key not in ORDER)
    return yaml.safe_dump(ordered, sort_keys=False, allow_unicode=True, default_flow_style=False) if ordered else ""


def data_of(text: str) -> dict[str, Any]:
    """A kept proposal's values (a kept text was read by the CLI's reader before it was kept)."""
    loaded = yaml.safe_load(text) if text else None
    return loaded if isinstance(loaded, dict) else {}


def file_text(kept: str, answers_name: str) -> str:
    """The proposal file to download or check: the kept text with `answers:` naming the answers file beside it."""
    data = data_of(kept)
    data["answers"] = answers_name
    ordered = {key: data[key] for key in ORDER if key in data}
    ordered.update((key, value) for key, value in data.items() if key not in ORDER)
    return yaml.safe_dump(ordered, sort_keys=False, allow_unicode=True, default_flow_style=False)


def check(kept: str, answers: str, as_at: Any, fmt: str = "json", today: Any = None) -> str:
    """`advisor check proposal.yaml [--as-at DATE] [--today DAY] --format FMT` with the appraisal's answers beside the
    proposal."""
    with side_by_side(file_text(kept, ANSWERS_FILE), answers) as path:
        try:
            return str(advisor.check_text(str(path), None, as_at, fmt, today)[0])
        except advisor.AdvisorError as error:
            raise _cleaned(error, path) from None


def check_record(kept: str, answers: str, as_at: Any, today: Any = None) -> dict[str, Any]:
    """The checklist record, as `advisor check --format json` prints it (timed steps judged on `today`, by default the
    as-at date)."""
    record: dict[str, Any] = json.loads(check(kept, answers, as_at, "json", today))
    return record


def _flat(data: dict[str, Any], prefix: str = "proposal") -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            out.update(_flat(value, f"{prefix}.{key}"))
        else:
            out[f"{prefix}.{key}"] = value if isinstance(value, str) else json.dumps(value, default=str)
    return out


def is_proposal_change(change: Any) -> bool:
    """Whether a history row is a change of the proposal (its field `proposal.PART.FIELD`), not of an answer."""
    return str(change.field).startswith("proposal.")


def edits(old: dict[str, Any], new: dict[str, Any]) -> list[advisor.Edit]:
    """Each field changed between two proposals (`proposal.board.appointed_by`: old -> new; None: not stated)."""
    before, after = _flat(old), _flat(new)
    return edits_between(before, after, sorted(set(before) | set(after)))


def _stand_in(trial: dict[str, Any], name: str) -> bool:
    """Put a model and form the rule base has in place of a refused one, so the other fields can be checked."""
    adms = {adm.id: adm for adm in advisor.load_book().catalogue.adms}
    if name == "adm" or trial.get("adm") not in adms:
        trial["adm"] = next(iter(adms))
    trial["form"] = adms[trial["adm"]].forms[0]
    return True


def _without(trial: dict[str, Any], name: str) -> bool:
    """Leave out a refused field (or stand in for a refused model or form); False if it is not there to leave out."""
    if name in ("adm", "form"):
        return _stand_in(trial, name)
    part, _, field = name.rpartition(".")
    holder = trial.get(part) if part else trial
    if not isinstance(holder, dict) or field not in holder:
        return False
    del holder[field]
    return True


def problems(data: dict[str, Any]) -> dict[str, str]:
    """Every field the CLI's reader refuses, by its dotted name, with the CLI's message ('' for a refusal that names
    no field): the proposal is read again without each refused field until it is read."""
    trial, errors = json.loads(json.dumps(data, default=str)), {}
    if "adm" not in data and "form" not in data:  # the stand-in model brings a form: the missing form said first
        errors["form"] = f"{PROPOSAL_FILE}: field 'form': Field required"
    for _ in range(64):
        try:
            read(kept_text(trial))
            return errors
        except advisor.AdvisorError as error:
            name = field_of(error)
            if name in errors or not _without(trial, name):
                errors.setdefault(name, error.message)
                return errors
            errors[name] = error.message
    return errors
