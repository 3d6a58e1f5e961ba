"""Hypothesis strategies for questions and banks: every type, Chinese, emoji and Markdown."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from qbank.model import LETTERS, QUESTION_TYPES, Bank, BankMeta

_ALPHABET = st.characters(
    codec="utf-8",
    exclude_categories=("Cs", "Cc", "Co", "Cn", "Zl", "Zp"),
)
_PIECES = st.sampled_from(
    [
        "卷积神经网络",
        "池化层(pooling)",
        "是吗?",
        "😀",
        "**bold**",
        "*em*",
        "`code`",
        "$x^2$",
        "[link](https://example.org)",
        "~ = # { } :",
        "####",
        "->",
        "<b>&amp;</b>",
        "100%",
        "\\",
    ]
)

text = (
    st.lists(
        st.one_of(_PIECES, st.text(_ALPHABET, min_size=1, max_size=12)), min_size=1, max_size=5
    )
    .map(" ".join)
    .filter(lambda s: bool(s.strip()))
)
"""Non-blank author text mixing Chinese, emoji, Markdown and format-special characters."""

slugs = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,6}){0,2}", fullmatch=True)


def _common(draw: st.DrawFn, qid: str) -> dict[str, Any]:
    data: dict[str, Any] = {"id": qid, "stem": draw(text)}
    if draw(st.booleans()):
        data["explanation"] = draw(
            st.lists(
                st.fixed_dictionaries({"body": text}, optional={"title": text}),
                min_size=1,
                max_size=3,
            )
        )
    if draw(st.booleans()):
        data["tags"] = draw(st.lists(slugs, max_size=3))
    if draw(st.booleans()):
        data["difficulty"] = draw(st.sampled_from(["easy", "medium", "hard"]))
    if draw(st.booleans()):
        data["points"] = draw(st.sampled_from([0.5, 1, 2, 5]))
    if draw(st.booleans()):
        data["lang"] = draw(st.sampled_from(["en", "zh-CN"]))
    return data


@st.composite
def question_data(draw: st.DrawFn, qid: str = "q") -> dict[str, Any]:
    """A valid question as an author would write it (a plain mapping)."""
    kind = draw(st.sampled_from(list(QUESTION_TYPES)))
    data = _common(draw, qid)
    data["type"] = kind
    if kind in ("single_choice", "multiple_choice"):
        n = draw(st.integers(2, 6))
        options: list[Any] = []
        for _ in range(n):
            if draw(st.booleans()):
                options.append(draw(text))
            else:
                option: dict[str, Any] = {"text": draw(text)}
                if draw(st.booleans()):
                    option["feedback"] = draw(text)
                if draw(st.booleans()):
                    option["pin"] = True
                options.append(option)
        data["options"] = options
        if kind == "single_choice":
            data["answer"] = LETTERS[draw(st.integers(0, n - 1))]
        else:
            keys = draw(st.sets(st.integers(0, n - 1), min_size=1))
            data["answer"] = [LETTERS[i] for i in sorted(keys)]
            data["scoring"] = draw(st.sampled_from(["partial", "all_or_nothing"]))
        data["shuffle"] = draw(st.booleans())
    elif kind == "true_false":
        data["answer"] = draw(st.booleans())
    elif kind == "short_answer":
        data["answers"] = [
            draw(text),
            *draw(
                st.lists(
                    st.fixed_dictionaries(
                        {"text": text, "weight": st.sampled_from([50, 25, 10])},
                        optional={"feedback": text},
                    ),
                    max_size=2,
                )
            ),
        ]
        data["case_sensitive"] = draw(st.booleans())
    elif kind == "numerical":
        value = draw(st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False))
        data["answers"] = [{"value": value, "tolerance": draw(st.sampled_from([0, 0.5, 1]))}]
        if draw(st.booleans()):
            low = draw(st.integers(-1000, 1000))
            data["answers"].append(
                {"min": low, "max": low + draw(st.integers(0, 50)), "weight": 50}
            )
    elif kind == "matching":
        data["pairs"] = draw(
            st.lists(st.fixed_dictionaries({"left": text, "right": text}), min_size=2, max_size=4)
        )
        data["distractors"] = draw(st.lists(text, max_size=2))
    elif kind == "essay":
        data["answer_lines"] = draw(st.integers(1, 20))
        if draw(st.booleans()):
            data["grading_notes"] = draw(text)
    return data


@st.composite
def banks(draw: st.DrawFn, max_questions: int = 6) -> Bank:
    """A valid bank of every question type."""
    n = draw(st.integers(0, max_questions))
    questions = [draw(question_data(qid=f"q{i}")) for i in range(n)]
    meta = BankMeta(
        title=draw(text),
        lang=draw(st.sampled_from(["en", "zh-CN"])),
    )
    return Bank.model_validate({"meta": meta.model_dump(), "questions": questions})
