"""An assembled exam paper: numbered questions in order, option permutations and keys; no layout."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field

from qbank.i18n import numeric_answer, t
from qbank.model import (
    LETTERS,
    AnyQuestion,
    Bank,
    Description,
    Matching,
    MultipleChoice,
    Numerical,
    NumericAnswer,
    Option,
    Question,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
)


class Feedback(NamedTuple):
    """One feedback text, and what it is the feedback to.

    `subject` is an option's printed letter (`option`), a short answer's text (`text`), a
    numerical answer (`number`), or None for a true/false answer judged `right` or `wrong`.
    """

    kind: Literal["option", "text", "number", "right", "wrong"]
    subject: str | NumericAnswer | None
    text: str

    def label(self, lang: str) -> str:
        """What the feedback is printed under: `A.`, `AdamW`, `3.14 ± 0.01`, `If correct`."""
        if self.kind == "option":
            return f"{self.subject}."
        if isinstance(self.subject, NumericAnswer):
            return numeric_answer(self.subject, lang)
        if self.subject is None:
            return t("if_correct" if self.kind == "right" else "if_incorrect", lang)
        return self.subject


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PaperQuestion(_Frozen):
    """One question as it stands on a paper."""

    number: int | None = Field(description="Printed number; None for a description.")
    question: Question = Field(description="The question as in the bank.")
    points: float = Field(description="Points on this paper.")
    option_order: tuple[int, ...] = Field(
        default=(),
        description="For choice questions: authoring indices of the options in printed order.",
    )
    match_order: tuple[int, ...] = Field(
        default=(),
        description="For matching: indices into rights+distractors in printed order.",
    )

    def options(self) -> list[Option]:
        """The options in printed order (empty for non-choice questions)."""
        q = self.question
        if not isinstance(q, SingleChoice | MultipleChoice):
            return []
        order = self.option_order or tuple(range(len(q.options)))
        return [q.options[i] for i in order]

    def key_letters(self) -> list[str]:
        """Printed letters of the correct options (empty for non-choice questions)."""
        q = self.question
        if not isinstance(q, SingleChoice | MultipleChoice):
            return []
        order = self.option_order or tuple(range(len(q.options)))
        return sorted(LETTERS[order.index(i)] for i in q.key_indices)

    def right_items(self) -> list[str]:
        """For matching: right-hand items (answers and distractors) in printed order."""
        q = self.question
        if not isinstance(q, Matching):
            return []
        items = [p.right for p in q.pairs] + list(q.distractors)
        order = self.match_order or tuple(range(len(items)))
        return [items[i] for i in order]

    def feedback(self) -> list[Feedback]:
        """The feedback a student could be shown, in printed order, for the solutions."""
        q = self.question
        out: list[Feedback] = []
        match q:
            case SingleChoice() | MultipleChoice():
                for letter, option in zip(LETTERS, self.options(), strict=False):
                    if option.feedback:
                        out.append(Feedback("option", letter, option.feedback))
            case TrueFalse():
                if q.correct_feedback:
                    out.append(Feedback("right", None, q.correct_feedback))
                if q.incorrect_feedback:
                    out.append(Feedback("wrong", None, q.incorrect_feedback))
            case ShortAnswer():
                out.extend(Feedback("text", a.text, a.feedback) for a in q.answers if a.feedback)
            case Numerical():
                out.extend(Feedback("number", a, a.feedback) for a in q.answers if a.feedback)
            case _:
                pass
        return out

    def match_key(self) -> list[str]:
        """For matching: the printed letter of the right item matching each left item, in order."""
        q = self.question
        if not isinstance(q, Matching):
            return []
        order = self.match_order or tuple(range(len(q.pairs) + len(q.distractors)))
        return [LETTERS[order.index(i)] for i in range(len(q.pairs))]


class PaperSection(_Frozen):
    """A section of a paper, with an optional heading."""

    title: str | None = Field(default=None, description="Section heading.")
    questions: tuple[PaperQuestion, ...] = Field(description="Questions in printed order.")


class Paper(_Frozen):
    """One printable paper (one variant of an exam)."""

    name: str = Field(description="Exam name, used in file names.")
    variant: str | None = Field(default=None, description="Variant letter (A, B, ...), if any.")
    title: str = Field(description="Title printed at the top.")
    subtitle: str | None = Field(default=None, description="Course or subtitle.")
    date: str | None = Field(default=None, description="Date of the exam, as printed.")
    duration: str | None = Field(default=None, description="Duration, as printed.")
    instructions: str | None = Field(default=None, description="Instructions (Markdown).")
    lang: str = Field(description="Language of the paper (BCP 47).")
    paper_size: Literal["A4", "Letter"] = Field(default="A4", description="Page size.")
    seed: int | None = Field(default=None, description="Seed the variant was shuffled with.")
    sections: tuple[PaperSection, ...] = Field(description="The sections in order.")

    def questions(self) -> Iterator[PaperQuestion]:
        """Every question of the paper in printed order."""
        for section in self.sections:
            yield from section.questions

    @property
    def total_points(self) -> float:
        """Sum of the points of every question."""
        return sum(pq.points for pq in self.questions())

    @property
    def stem(self) -> str:
        """File name stem: `<name>` or `<name>-<variant>`."""
        return f"{self.name}-{self.variant}" if self.variant else self.name


def whole_bank_paper(bank: Bank, *, name: str = "paper") -> Paper:
    """The whole bank as one paper in source order (no shuffling, no sections)."""
    items: list[PaperQuestion] = []
    number = 0
    for q in bank.questions:
        numbered = not isinstance(q, Description)
        if numbered:
            number += 1
        items.append(
            PaperQuestion(
                number=number if numbered else None,
                question=q,
                points=bank.points_of(q),
            )
        )
    return Paper(
        name=name,
        title=bank.meta.title,
        subtitle=bank.meta.course,
        lang=bank.meta.lang,
        sections=(PaperSection(questions=tuple(items)),),
    )


def is_choice(question: AnyQuestion) -> bool:
    """Whether a question has lettered options."""
    return isinstance(question, SingleChoice | MultipleChoice)
