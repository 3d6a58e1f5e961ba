"""The canonical model: answer keys as authors write them, and every invariant."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from qbank.model import MultipleChoice, Numerical, Question, SingleChoice

QUESTION: TypeAdapter[Any] = TypeAdapter(Question)


def single(**extra: Any) -> dict[str, Any]:
    return {
        "id": "q1",
        "type": "single_choice",
        "stem": "Pick one",
        "options": ["a", "b", "c", "d"],
        **extra,
    }


def multi(**extra: Any) -> dict[str, Any]:
    return {**single(**extra), "type": "multiple_choice"}


@pytest.mark.parametrize("answer", ["C", "c", ["C"], " C ", "Ｃ"])
def test_single_answer_forms(answer: Any) -> None:
    q = QUESTION.validate_python(single(answer=answer))
    assert isinstance(q, SingleChoice)
    assert q.answer == "C"
    assert q.key_indices == (2,)


@pytest.mark.parametrize(
    "answer",
    ["ABD", "abd", "A, B, D", "A,B,D", "A B D", "A、B、D", ["A", "B", "D"], ["D", "B", "A"]],
)
def test_multiple_answer_forms(answer: Any) -> None:
    q = QUESTION.validate_python(multi(answer=answer))
    assert isinstance(q, MultipleChoice)
    assert q.answer == ["A", "B", "D"]
    assert q.key_indices == (0, 1, 3)


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (single(answer="AB"), "exactly one key"),
        (single(answer="E"), "out of range"),
        (multi(answer="AE"), "out of range"),
        (multi(answer="AA"), "given twice"),
        (multi(answer="A1"), "not an option letter"),
        (multi(answer=[]), "at least 1"),
        ({**single(answer="A"), "options": ["only"]}, "at least 2"),
        ({**single(answer="A"), "stem": "   "}, "must not be empty"),
        ({**single(answer="A"), "options": ["a", " "]}, "must not be empty"),
        ({**single(answer="A"), "id": "Bad Id"}, "slug"),
        ({**single(answer="A"), "lang": "chinese!"}, "BCP 47"),
        ({**single(answer="A"), "points": 0}, "greater than 0"),
        ({**single(answer="A"), "anwser": "A"}, "Extra inputs"),
        ({"id": "t", "type": "true_false", "stem": "x", "answer": "maybe"}, "valid boolean"),
        (
            {
                "id": "s",
                "type": "short_answer",
                "stem": "x",
                "answers": [{"text": "a", "weight": 50}],
            },
            "weight 100",
        ),
        (
            {"id": "n", "type": "numerical", "stem": "x", "answers": [{"min": 3, "max": 1}]},
            "greater than max",
        ),
        (
            {
                "id": "n",
                "type": "numerical",
                "stem": "x",
                "answers": [{"value": 1, "min": 0, "max": 2}],
            },
            "not both",
        ),
        (
            {"id": "n", "type": "numerical", "stem": "x", "answers": [{"min": 1}]},
            "both min and max",
        ),
        (
            {"id": "m", "type": "matching", "stem": "x", "pairs": [{"left": "a", "right": "b"}]},
            "at least 2",
        ),
        (
            {"id": "e", "type": "essay", "stem": "x", "answer_lines": 0},
            "greater than or equal to 1",
        ),
        ({"id": "x", "type": "riddle", "stem": "x"}, "does not match any of the expected tags"),
        (
            {
                "id": "q",
                "type": "single_choice",
                "stem": "x",
                "options": ["a", "b"],
                "answer": "A",
                "lint": {"ignore": ["E501"]},
            },
            "rule code",
        ),
    ],
)
def test_invariants(data: dict[str, Any], fragment: str) -> None:
    with pytest.raises(ValidationError) as info:
        QUESTION.validate_python(data)
    assert fragment in str(info.value)


def test_plain_strings_expand() -> None:
    q = QUESTION.validate_python(
        {
            **single(answer="B"),
            "options": ["a", {"text": "b", "feedback": "yes", "pin": True}],
            "explanation": "just text",
        }
    )
    assert q.options[0].text == "a" and not q.options[0].pin
    assert q.options[1].pin and q.options[1].feedback == "yes"
    assert [(s.title, s.body) for s in q.explanation] == [(None, "just text")]


def test_numerical_bare_number_and_range() -> None:
    q = QUESTION.validate_python(
        {
            "id": "n",
            "type": "numerical",
            "stem": "x",
            "answers": [3.5, {"min": 1, "max": 2, "weight": 50}],
        }
    )
    assert isinstance(q, Numerical)
    assert q.answers[0].value == 3.5 and q.answers[0].tolerance == 0
    assert (q.answers[1].min, q.answers[1].max, q.answers[1].weight) == (1, 2, 50)


def test_models_are_frozen() -> None:
    q = QUESTION.validate_python(single(answer="A"))
    with pytest.raises(ValidationError):
        q.stem = "changed"
