"""One officer's questionnaire over one answers file: the answers so far, the next question worth asking, an
answer typed in accepted (or refused, losing nothing) and saved at once, and the text to show at each step."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from advisor.assessment.contract import disclaimer
from advisor.assessment.records import Assessment
from advisor.assessment.relevance import Plan, Planner, Question
from advisor.assessment.settling import deciders, settling_questions
from advisor.assessment.verdicts import Verdict, best_verdict
from advisor.base.errors import AnswersError
from advisor.documents.questions import changed_models, fact_record, plan_record, question_record, settling_summary, tally
from advisor.documents.templates import render_template
from advisor.law.answers import validate_answers
from advisor.law.answers_file import AnswersFile, mark_lines, open_answers_file, save_answers
from advisor.law.explain import compile_texts
from advisor.law.rules import Rulebook
from advisor.law.shipped import answers_model, load_book
from advisor.law.typed_answers import NotAnAnswer, parse_answer
from advisor.law.vocabulary import OFFICERS


class Questionnaire:
    """The state of one interview and what to show; a front end reads the answers and shows the text."""

    def __init__(self, file: AnswersFile, book: Rulebook, model: type[BaseModel], as_at: dt.date | None,
                 officer: str | None = None, mark_on_save: bool = True) -> None:
        self.file = file
        self.mark_on_save = mark_on_save  # mark answers that no longer matter each time the file is saved
        self.book = book
        self.model = model
        self.planner = Planner(book, as_at)
        self.answers = self._validated(file.raw())
        self.officer = officer  # interview only this officer's questions (None: everyone's)
        self.plan: Plan | None = None
        self.settling: tuple[Question, ...] = ()  # the second phase: questions that firm up what is still open
        self._announced = False

    def __enter__(self) -> Questionnaire:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """End the session: the answers file is no longer locked against other sessions."""
        self.file.close()

    def _validated(self, raw: dict[str, object]) -> BaseModel:
        return validate_answers(raw, self.model, self.book.vocabulary, "answer")

    def irrelevant(self) -> set[str]:
        """Answers given that no verdict depends on now (report-only answers never count)."""
        facts = self.book.vocabulary.facts
        return {name for name in self.file.asked
                if name in facts and not facts[name].always_ask and not self.planner.still_relevant(self.answers, name)}

    @property
    def as_at(self) -> dt.date:
        """The date of the law this interview applies (the command's --as-at, else the file's, else today)."""
        return self.planner.as_at or getattr(self.answers, "as_at", None) or dt.date.today()

    def keep_as_at(self) -> bool:
        """Keep the command's --as-at in the file when it differs from the file's; whether the file changed."""
        if self.planner.as_at is None or self.file.values.get("as_at") == self.planner.as_at:
            return False
        self.file.values["as_at"] = self.planner.as_at
        self.answers = self._validated(self.file.raw())
        self.save()
        return True

    def save(self) -> None:
        """Write the file now, with answers that no longer matter marked (unless marking is left to `marked_text`)."""
        save_answers(self.file, self.irrelevant() if self.mark_on_save else set())

    def marked_text(self) -> str:
        """The answers file's text with the answers that no longer matter marked (as a save marks them), nothing
        else changed."""
        return mark_lines(self.file.path.read_text(encoding="utf-8"), self.irrelevant())

    def mine(self, name: str) -> bool:
        """Whether this interview asks the question (every question, or the chosen officer's)."""
        return self.officer is None or self.book.vocabulary[name].officer == self.officer

    def replan(self) -> str:
        """Plan the questions for the answers as they stand now; the status line (what changed) to show."""
        before = self.plan.assessment if self.plan else None
        mine = None if self.officer is None else [n for n in self.book.vocabulary.facts if self.mine(n)]
        self.plan = self.planner.plan(self.answers, set(self.file.asked), rank_all=False, among=mine)
        asked = set(self.file.asked) | {q.fact for q in self.plan.questions}
        self.settling = tuple(q for q in settling_questions(self.plan.assessment, asked) if self.mine(q.fact))
        return self.status_text(before, self.plan)

    def model_verdicts(self) -> dict[str, tuple[str, Verdict]]:
        """Each model's name and verdict on the answers as they stand (no planning: one assessment, remembered)."""
        verdicts = self.planner.current(self.answers)
        return {adm.id: (adm.name, best_verdict([verdicts[(adm.id, form)] for form in adm.forms]))
                for adm in self.book.catalogue.adms}

    @property
    def phase(self) -> int | None:
        """1 while a question can change a verdict, 2 while one firms up what is open, None when done."""
        if self.plan and self.plan.questions:
            return 1
        return 2 if self.settling else None

    def next_fact(self) -> str | None:
        """The fact to ask next: a report-only answer not yet given, else the most useful question (None: done)."""
        for name, spec in self.book.vocabulary.facts.items():
            if spec.always_ask and name not in self.file.values and self.mine(name):
                return name
        if self.plan and self.plan.questions:
            return self.plan.questions[0].fact
        return self.settling[0].fact if self.settling else None

    def accept(self, name: str, typed: str) -> str | None:
        """Record and save the answer; or say why it cannot be accepted (nothing is lost)."""
        spec = self.book.vocabulary[name]
        try:
            value = None if typed.lower() == "u" else parse_answer(spec, typed)
            answers = self._validated({**self.file.raw(), name: "unknown" if value is None else value})
        except NotAnAnswer as exc:
            return str(exc)
        except AnswersError as exc:
            return exc.message.removeprefix("answer: ")
        self.file.values[name] = value
        self.answers = answers
        self.save()
        return None

    def question_text(self, name: str, answered: bool) -> str:
        """The question as shown: its number, wording, help, allowed answers, and how many remain."""
        spec = self.book.vocabulary[name]
        remaining = max(len(self.plan.questions) - (0 if answered else 1), 0) if self.plan else 0
        record = fact_record(self.book, spec, self.file.values.get(name), answered)
        number = self.file.asked.index(name) + 1 if answered else len(self.file.asked) + 1
        data = {"question": record, "number": number, "remaining": remaining}
        return render_template("ask_question.txt.j2", data)

    def why_record(self, name: str) -> dict[str, Any]:
        """The question with why it is asked: the options and rules (with citations) that depend on its answer."""
        question, law = self.planner.question_for(self.answers, name)
        return question_record(self.book, law, question)

    def why_text(self, name: str) -> str:
        """Why the question is asked, as the terminal shows it."""
        return render_template("ask_why.txt.j2", {"question": self.why_record(name)})

    def status_text(self, before: Assessment | None, plan: Plan) -> str:
        """What the last answer changed (per model, with its forms), the models by verdict, and a phase's start."""
        data = {"changed": changed_models(before, plan.assessment) if before else [],
                "models": tally({adm.adm.id: adm.verdict for adm in plan.assessment.adms}),
                "options": tally(plan.verdicts), "phase_two": self._phase_two_starts()}
        return render_template("ask_status.txt.j2", data)

    def _phase_two_starts(self) -> dict[str, Any] | None:
        """The second phase's opening, once: how many questions firm up how many open models, per officer."""
        if self.phase != 2 or self._announced:
            return None
        self._announced = True
        return {"officer": OFFICERS.get(self.officer or ""), **settling_summary(self.book, self.settling)}



def open_questionnaire(path: Path, as_at: dt.date | None, session: bool = False,
                       officer: str | None = None, mark_on_save: bool = True) -> Questionnaire:
    """The questionnaire over an answers file (started when the file does not exist) and the shipped rule base.

    With `session` (an interview that will save answers), the file is locked against other sessions until
    the questionnaire is closed (it is a context manager). With `officer`, only that officer's questions are asked.
    Without `mark_on_save`, a save does not work out which answers no longer matter (each needs the answers
    assessed again without it): a front end that keeps the file elsewhere marks them when it shows or hands it out
    (`marked_text`)."""
    if officer is not None and officer not in OFFICERS:
        raise AnswersError(f"--for {officer!r}: choose one of {', '.join(OFFICERS)}")
    book = load_book()
    file = open_answers_file(path, answers_model(), book.vocabulary, session)
    try:
        return Questionnaire(file, book, answers_model(), as_at, officer, mark_on_save)
    except BaseException:
        file.close()
        raise


def prepare_new_appraisals(as_at: dt.date | None = None) -> None:
    """Work out, before the first officer asks, what every new appraisal needs first: the rule engine for the law in
    force on the day (today when not given), the rules' texts compiled, the blank answers' plan (its first question)
    and the answers that would decide each model (its appraisal page), whose what-if verdicts this process's planner
    then keeps."""
    book = load_book()
    compile_texts(book)
    planner, answers = Planner(book, as_at), validate_answers({}, answers_model(), book.vocabulary, "answer")
    deciders(planner, answers, planner.plan(answers, set(), rank_all=False).assessment)


def next_questions_text(path: Path, as_at: dt.date | None, fmt: str, officer: str | None = None) -> str:
    """The questions still worth asking in each phase, most useful first, and why (text or JSON); nothing is written."""
    session = open_questionnaire(path, as_at, officer=officer)
    mine = None if officer is None else [n for n in session.book.vocabulary.facts if session.mine(n)]
    plan = session.planner.plan(session.answers, set(session.file.asked), among=mine)
    asked = set(session.file.asked) | {q.fact for q in plan.questions}
    settling = tuple(q for q in settling_questions(plan.assessment, asked) if session.mine(q.fact))
    record = plan_record(session.book, plan, len(session.file.asked), sorted(session.irrelevant()), settling)
    record.update(answers_file=str(path), disclaimer=disclaimer(), officer=officer)
    if fmt == "json":
        return json.dumps(record, indent=2, ensure_ascii=False) + "\n"
    return render_template("ask_next.txt.j2", record)
