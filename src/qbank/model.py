"""The canonical, format-neutral question model: pydantic v2, the single source of truth."""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated, Any, Literal, TypeAlias

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic.json_schema import WithJsonSchema

SCHEMA_VERSION = "1.0"
"""Version of the canonical JSON form; the major part changes only on incompatible changes."""

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
MAX_OPTIONS = len(LETTERS)

_ID_RE = re.compile(r"^[a-z0-9]+(?:[-_.][a-z0-9]+)*$")
_LANG_RE = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
_CODE_RE = re.compile(r"^QB[1-9][0-9]{2}$")


def _non_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value


def _slug(value: str) -> str:
    if not _ID_RE.match(value):
        raise ValueError(
            "must be a slug: lower-case ASCII letters and digits, "
            "joined by '-', '_' or '.' (e.g. 'cnn-pooling-1')"
        )
    return value


def _bcp47(value: str) -> str:
    if not _LANG_RE.match(value):
        raise ValueError("must be a BCP 47 language tag such as 'en', 'zh-CN' or 'de-AT'")
    return value


def _rule_code(value: str) -> str:
    if not _CODE_RE.match(value):
        raise ValueError("must be a rule code such as 'QB203'")
    return value


Text = Annotated[
    str, AfterValidator(_non_blank), WithJsonSchema({"type": "string", "pattern": r"\S"})
]
"""Author text in Markdown (CommonMark plus `$math$`); never empty."""
Slug = Annotated[
    str, AfterValidator(_slug), WithJsonSchema({"type": "string", "pattern": _ID_RE.pattern})
]
LangTag = Annotated[
    str, AfterValidator(_bcp47), WithJsonSchema({"type": "string", "pattern": _LANG_RE.pattern})
]
RuleCode = Annotated[
    str, AfterValidator(_rule_code), WithJsonSchema({"type": "string", "pattern": _CODE_RE.pattern})
]
Difficulty: TypeAlias = Literal["easy", "medium", "hard"]


class _Strict(BaseModel):
    """Base for every model: unknown fields are errors, no type coercion, immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


# --------------------------------------------------------------------------- shared parts


class Section(_Strict):
    """One titled part of an explanation."""

    title: Text | None = Field(
        default=None, description="Heading of the section; omit for an untitled section."
    )
    body: Text = Field(description="Markdown body of the section.")


def _sections(value: Any) -> Any:
    # `explanation: "text"` is one untitled section; list items may be plain strings too.
    if isinstance(value, str):
        return [{"body": value}]
    if isinstance(value, list):
        return [{"body": item} if isinstance(item, str) else item for item in value]
    return value


Explanation = Annotated[
    list[Section], BeforeValidator(_sections, json_schema_input_type=str | list[str | Section])
]


class LintSettings(_Strict):
    """Per-question lint settings."""

    ignore: list[RuleCode] = Field(
        default_factory=list,
        description="Rule codes not to report for this question, e.g. [QB203]. Codes only: "
        "there is no blanket ignore.",
    )


class _QuestionBase(_Strict):
    id: Slug = Field(description="Stable identifier, unique in the bank (a slug).")
    stem: Text = Field(description="The question text (Markdown).")
    explanation: Explanation = Field(
        default_factory=list,
        description="Worked explanation: a list of sections, each with an optional title and a "
        "Markdown body. A plain string is one untitled section.",
    )
    tags: list[Annotated[str, AfterValidator(_non_blank)]] = Field(
        default_factory=list, description="Free-form tags used for selection and filtering."
    )
    difficulty: Difficulty | None = Field(
        default=None, description="How hard the question is: easy, medium or hard."
    )
    points: float | None = Field(
        default=None,
        gt=0,
        description="Points the question is worth; defaults to the bank's `defaults.points`.",
    )
    lang: LangTag | None = Field(
        default=None,
        description="Language of the question (BCP 47, e.g. zh-CN); defaults to the bank's.",
    )
    source: str | None = Field(default=None, description="Where the question comes from.")
    author: str | None = Field(default=None, description="Who wrote the question.")
    lint: LintSettings = Field(
        default_factory=LintSettings, description="Lint suppressions for this question."
    )


# --------------------------------------------------------------------------- choice questions


class Option(_Strict):
    """One option of a choice question."""

    text: Text = Field(description="The option text (Markdown).")
    feedback: Text | None = Field(
        default=None, description="Shown to a student who picked this option."
    )
    pin: bool = Field(
        default=False,
        description="Keep this option in its place when options are shuffled "
        "(e.g. 'all of the above').",
    )


def _option(value: Any) -> Any:
    return {"text": value} if isinstance(value, str) else value


OptionItem = Annotated[Option, BeforeValidator(_option, json_schema_input_type=Text | Option)]


def _letters(value: Any) -> Any:
    """Read an answer key as authors write it: `C`, `ABD`, `A, B, D` or `[A, B, D]`."""
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).upper()
        parts = [p for p in re.split(r"[\s,;、，]+", text) if p]
        if len(parts) == 1 and parts[0].isalpha() and parts[0].isascii():
            return list(parts[0])
        return parts
    if isinstance(value, list):
        return [
            unicodedata.normalize("NFKC", v).strip().upper() if isinstance(v, str) else v
            for v in value
        ]
    return value


def _check_letters(value: list[str]) -> list[str]:
    for letter in value:
        if len(letter) != 1 or letter not in LETTERS:
            raise ValueError(f"{letter!r} is not an option letter (A-Z)")
    seen: set[str] = set()
    for letter in value:
        if letter in seen:
            raise ValueError(f"letter {letter} is given twice")
        seen.add(letter)
    return sorted(value)


AnswerLetters = Annotated[
    list[str],
    BeforeValidator(_letters, json_schema_input_type=str | list[str]),
    AfterValidator(_check_letters),
]


def _one_letter(value: Any) -> Any:
    letters = _letters(value)
    if isinstance(letters, list) and len(letters) != 1:
        raise ValueError(
            "a single_choice question has exactly one key; "
            "use type: multiple_choice for several correct options"
        )
    return letters[0] if isinstance(letters, list) else letters


def _check_letter(value: str) -> str:
    _check_letters([value])
    return value


AnswerLetter = Annotated[
    str,
    BeforeValidator(_one_letter, json_schema_input_type=str | list[str]),
    AfterValidator(_check_letter),
]


class _ChoiceBase(_QuestionBase):
    options: list[OptionItem] = Field(
        min_length=2,
        description="The options, in authoring order; lettered A, B, C, ... A plain string is "
        "an option with only text.",
    )
    shuffle: bool = Field(
        default=True, description="Whether paper variants may shuffle the options."
    )


def _check_range(letters: list[str], info: ValidationInfo) -> None:
    """Every key letter names an option (the options are validated before the answer)."""
    options = info.data.get("options")
    if options is None:  # the options themselves are invalid; that is reported already
        return
    last = LETTERS[min(len(options), MAX_OPTIONS) - 1]
    for letter in letters:
        if LETTERS.index(letter) >= len(options):
            raise ValueError(f"answer {letter} is out of range: the options are A-{last}")


class SingleChoice(_ChoiceBase):
    """A choice question with exactly one correct option."""

    type: Literal["single_choice"] = Field(description="Question type.")
    answer: AnswerLetter = Field(description="The letter of the correct option, e.g. C.")

    @field_validator("answer")
    @classmethod
    def _answer_in_range(cls, value: str, info: ValidationInfo) -> str:
        _check_range([value], info)
        return value

    @property
    def key_indices(self) -> tuple[int, ...]:
        """Indices of the correct options in authoring order."""
        return (LETTERS.index(self.answer),)


class MultipleChoice(_ChoiceBase):
    """A choice question with one or more correct options."""

    type: Literal["multiple_choice"] = Field(description="Question type.")
    answer: AnswerLetters = Field(
        min_length=1,
        description="Letters of every correct option: `[A, B, D]`, `ABD` or `A, B, D`.",
    )
    scoring: Literal["partial", "all_or_nothing"] = Field(
        default="partial",
        description="partial: credit for each correct option; all_or_nothing: full marks only "
        "for exactly the right set.",
    )

    @field_validator("answer")
    @classmethod
    def _answer_in_range(cls, value: list[str], info: ValidationInfo) -> list[str]:
        _check_range(value, info)
        return value

    @property
    def key_indices(self) -> tuple[int, ...]:
        """Indices of the correct options in authoring order."""
        return tuple(LETTERS.index(letter) for letter in self.answer)


# --------------------------------------------------------------------------- other types


class TrueFalse(_QuestionBase):
    """A statement to judge true or false."""

    type: Literal["true_false"] = Field(description="Question type.")
    answer: bool = Field(description="Whether the statement is true.")
    correct_feedback: Text | None = Field(
        default=None, description="Shown to a student who answered correctly."
    )
    incorrect_feedback: Text | None = Field(
        default=None, description="Shown to a student who answered wrongly."
    )


class AcceptedAnswer(_Strict):
    """One accepted short answer."""

    text: Text = Field(description="The accepted answer, as plain text.")
    weight: float = Field(
        default=100, gt=0, le=100, description="Credit in percent for this answer."
    )
    feedback: Text | None = Field(default=None, description="Shown for this answer.")


def _accepted(value: Any) -> Any:
    return (
        {"text": value}
        if isinstance(value, str | int | float) and not isinstance(value, bool)
        else value
    )


class ShortAnswer(_QuestionBase):
    """A question answered by a short typed text."""

    type: Literal["short_answer"] = Field(description="Question type.")
    answers: list[
        Annotated[
            AcceptedAnswer,
            BeforeValidator(_accepted, json_schema_input_type=Text | float | AcceptedAnswer),
        ]
    ] = Field(
        min_length=1,
        description="Accepted answers; a plain string is worth 100%. At least one must be 100%.",
    )
    case_sensitive: bool = Field(default=False, description="Whether letter case matters.")

    @model_validator(mode="after")
    def _one_full(self) -> ShortAnswer:
        if not any(a.weight == 100 for a in self.answers):
            raise ValueError("at least one accepted answer must have weight 100")
        return self


class NumericAnswer(_Strict):
    """An accepted number: a value with a tolerance, or a range."""

    value: float | None = Field(default=None, description="The expected value.")
    tolerance: float = Field(default=0, ge=0, description="Accepted error either side of value.")
    min: float | None = Field(default=None, description="Lower end of an accepted range.")
    max: float | None = Field(default=None, description="Upper end of an accepted range.")
    weight: float = Field(
        default=100, gt=0, le=100, description="Credit in percent for this answer."
    )
    feedback: Text | None = Field(default=None, description="Shown for this answer.")

    @model_validator(mode="after")
    def _value_or_range(self) -> NumericAnswer:
        has_range = self.min is not None or self.max is not None
        if self.value is None and not has_range:
            raise ValueError("give either value (with an optional tolerance) or min and max")
        if self.value is not None and has_range:
            raise ValueError("give either value or min/max, not both")
        if has_range:
            if self.min is None or self.max is None:
                raise ValueError("a range needs both min and max")
            if self.min > self.max:
                raise ValueError("min must not be greater than max")
            if self.tolerance:
                raise ValueError("tolerance applies to value, not to a range")
        return self


def _bare_number(value: Any) -> Any:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return {"value": value}
    return value


class Numerical(_QuestionBase):
    """A question answered by a number."""

    type: Literal["numerical"] = Field(description="Question type.")
    answers: list[
        Annotated[
            NumericAnswer,
            BeforeValidator(_bare_number, json_schema_input_type=float | NumericAnswer),
        ]
    ] = Field(
        min_length=1,
        description="Accepted numbers; a bare number is an exact value worth 100%. "
        "At least one must be 100%.",
    )

    @model_validator(mode="after")
    def _one_full(self) -> Numerical:
        if not any(a.weight == 100 for a in self.answers):
            raise ValueError("at least one accepted answer must have weight 100")
        return self


class Pair(_Strict):
    """One pair of a matching question."""

    left: Text = Field(description="The item to match (left column).")
    right: Text = Field(description="Its match (right column).")


class Matching(_QuestionBase):
    """Match each left item with one right item."""

    type: Literal["matching"] = Field(description="Question type.")
    pairs: list[Pair] = Field(min_length=2, description="The correct pairs (at least two).")
    distractors: list[Text] = Field(
        default_factory=list, description="Extra right-hand items that match nothing."
    )


class Essay(_QuestionBase):
    """A question answered in free text."""

    type: Literal["essay"] = Field(description="Question type.")
    answer_lines: int = Field(
        default=8, ge=1, le=200, description="Ruled lines left for the answer on paper."
    )
    grading_notes: Text | None = Field(
        default=None, description="Notes for the grader (what a good answer contains)."
    )


class Description(_QuestionBase):
    """Text shown between questions; not answered and worth no points."""

    type: Literal["description"] = Field(description="Question type.")


Question = Annotated[
    SingleChoice
    | MultipleChoice
    | TrueFalse
    | ShortAnswer
    | Numerical
    | Matching
    | Essay
    | Description,
    Field(discriminator="type"),
]
"""Any question; discriminated on `type`."""

QUESTION_TYPES: dict[str, type[BaseModel]] = {
    "single_choice": SingleChoice,
    "multiple_choice": MultipleChoice,
    "true_false": TrueFalse,
    "short_answer": ShortAnswer,
    "numerical": Numerical,
    "matching": Matching,
    "essay": Essay,
    "description": Description,
}

ChoiceQuestion: TypeAlias = SingleChoice | MultipleChoice
AnyQuestion: TypeAlias = (
    SingleChoice
    | MultipleChoice
    | TrueFalse
    | ShortAnswer
    | Numerical
    | Matching
    | Essay
    | Description
)


# --------------------------------------------------------------------------- the bank


class Defaults(_Strict):
    """Defaults applied to every question that does not set its own value."""

    points: float = Field(default=1, gt=0, description="Points of a question.")


class Fonts(_Strict):
    """Fonts the paper writers use."""

    pdf_cjk: str | None = Field(
        default=None,
        description="TrueType (.ttf/.ttc) file for Chinese text in PDFs, relative to the bank "
        "folder or absolute; default: a CJK TrueType font found through fontconfig.",
    )
    word_east_asia: str | None = Field(
        default=None,
        description="Font name Word uses for East Asian text (w:eastAsia); default by language.",
    )


QuestionType: TypeAlias = Literal[
    "single_choice",
    "multiple_choice",
    "true_false",
    "short_answer",
    "numerical",
    "matching",
    "essay",
    "description",
]


def _one_or_many(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


class ExamSection(_Strict):
    """One section of an exam blueprint: a heading and the questions it selects."""

    title: str | None = Field(default=None, description="Heading printed above the section.")
    ids: list[Slug] = Field(
        default_factory=list,
        description="Explicit question ids, in this order. Not combined with a filter.",
    )
    tags: list[Annotated[str, AfterValidator(_non_blank)]] = Field(
        default_factory=list, description="Filter: questions carrying every one of these tags."
    )
    type: Annotated[
        list[QuestionType],
        BeforeValidator(_one_or_many, json_schema_input_type=QuestionType | list[QuestionType]),
    ] = Field(default_factory=list, description="Filter: questions of this type (or these types).")
    difficulty: Annotated[
        list[Difficulty],
        BeforeValidator(_one_or_many, json_schema_input_type=Difficulty | list[Difficulty]),
    ] = Field(default_factory=list, description="Filter: questions of this difficulty (or these).")
    count: int | None = Field(
        default=None,
        ge=1,
        description="How many questions the filter draws (seeded); omit for every match.",
    )
    points: float | None = Field(
        default=None, gt=0, description="Points of every question in this section."
    )
    shuffle: bool | None = Field(
        default=None,
        description="Shuffle the question order in this section; default: the exam's "
        "`shuffle_questions`.",
    )

    @model_validator(mode="after")
    def _ids_or_filter(self) -> ExamSection:
        if self.ids and (self.tags or self.type or self.difficulty or self.count is not None):
            raise ValueError(
                "give either ids or a filter (tags, type, difficulty, count), not both"
            )
        return self


class ExamSpec(_Strict):
    """An exam: what is printed at the top of the paper and a blueprint of sections."""

    title: Text | None = Field(default=None, description="Paper title; default: the bank title.")
    subtitle: str | None = Field(
        default=None, description="Course or subtitle; default: the bank's course."
    )
    date: str | None = Field(default=None, description="Date of the exam, as printed.")
    duration: str | None = Field(default=None, description="Duration, as printed (e.g. 90 min).")
    instructions: Text | None = Field(default=None, description="Instructions (Markdown).")
    lang: LangTag | None = Field(
        default=None, description="Language of the paper; default: the bank's."
    )
    paper_size: Literal["A4", "Letter"] = Field(default="A4", description="Page size.")
    variants: int = Field(
        default=1, ge=1, le=26, description="Number of variants (papers A, B, C, ...)."
    )
    seed: int | None = Field(
        default=None,
        ge=0,
        description="Seed for selection and shuffling; default: derived from the exam name.",
    )
    shuffle_questions: bool = Field(
        default=True, description="Shuffle the question order within each section."
    )
    shuffle_options: bool = Field(
        default=True,
        description="Shuffle options and matching items (pinned options and questions with "
        "`shuffle: false` keep theirs).",
    )
    points: dict[Slug, Annotated[float, Field(gt=0)]] = Field(
        default_factory=dict, description="Points overrides by question id."
    )
    sections: list[ExamSection] = Field(
        min_length=1, description="The blueprint: sections in printed order."
    )


_SELECTOR_RE = re.compile(r"^QB[0-9]{0,3}$")


def _selector(value: str) -> str:
    if not _SELECTOR_RE.match(value):
        raise ValueError("must be a rule code or code prefix such as 'QB203' or 'QB2'")
    return value


RuleSelector = Annotated[
    str,
    AfterValidator(_selector),
    WithJsonSchema({"type": "string", "pattern": _SELECTOR_RE.pattern}),
]
"""A rule code (`QB203`) or a prefix selecting a group (`QB2`, `QB20`; `QB` is every rule)."""


class LintConfig(_Strict):
    """Lint configuration: `lint:` in bank.yaml, or `[tool.qbank.lint]` in pyproject.toml."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    select: list[RuleSelector] | None = Field(
        default=None,
        description="Rules to run (codes or prefixes), replacing the default set.",
    )
    extend_select: list[RuleSelector] = Field(
        default_factory=list,
        alias="extend-select",
        description="Rules to run in addition to the selected ones (e.g. rules off by default).",
    )
    ignore: list[RuleSelector] = Field(
        default_factory=list, description="Rules not to run (codes or prefixes)."
    )
    targets: list[Annotated[str, AfterValidator(_non_blank)]] | None = Field(
        default=None,
        description="Writers whose limits the QB3xx rules check; default: every installed writer.",
    )
    options: dict[str, dict[str, float | bool | str]] = Field(
        default_factory=dict,
        description="Per-rule options by rule code or name, e.g. {QB401: {threshold: 0.9}}.",
    )


class BankMeta(_Strict):
    """Bank metadata, from `bank/bank.yaml`."""

    title: Text = Field(description="Title of the bank; also the default paper title.")
    lang: LangTag = Field(default="en", description="Default language of the questions (BCP 47).")
    description: str | None = Field(default=None, description="What the bank is for.")
    course: str | None = Field(default=None, description="Course the bank belongs to.")
    defaults: Defaults = Field(default_factory=Defaults, description="Defaults for questions.")
    fonts: Fonts = Field(default_factory=Fonts, description="Fonts for the PDF and Word writers.")
    exams: dict[Slug, ExamSpec] = Field(
        default_factory=dict, description="Exam definitions by name (see docs/exams.md)."
    )
    lint: LintConfig = Field(
        default_factory=LintConfig, description="Lint configuration (see docs/lint.md)."
    )


class Bank(_Strict):
    """A whole bank: its metadata and its questions in source order."""

    schema_version: str = Field(
        default=SCHEMA_VERSION, description="Version of the canonical form this was written in."
    )
    meta: BankMeta = Field(description="Bank metadata.")
    questions: list[Question] = Field(
        default_factory=list, description="Every question, in source order."
    )

    def points_of(self, question: AnyQuestion) -> float:
        """Points a question is worth, bank defaults applied (0 for a description)."""
        if isinstance(question, Description):
            return 0.0
        return question.points if question.points is not None else self.meta.defaults.points

    def lang_of(self, question: AnyQuestion) -> str:
        """Language of a question, bank default applied."""
        return question.lang or self.meta.lang
