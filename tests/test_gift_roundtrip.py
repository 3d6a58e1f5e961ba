"""Round trip: bank -> GIFT -> read -> the same questions (Markdown compared as rendered trees)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter

from qbank.api import validate
from qbank.importers import ImportResult, gift
from qbank.model import QUESTION_TYPES, Bank, BankMeta, Question, SingleChoice
from tests.test_gift_helpers import canonical, export_bank, export_folder

QUESTION: TypeAdapter[Question] = TypeAdapter(Question)

_PIECES = [
    "0",
    "~",
    "=",
    "#",
    "{",
    "}",
    ":",
    "\\",
    "####",
    "->",
    "=>",
    "&&058;",
    "&&010",
    "[html]",
    "[plain]",
    "%50%",
    "%-100%",
    "//",
    "$CATEGORY:",
    "::",
    "T",
    "TRUE",
    "卷积神经网络",
    "是吗?",
    "😀",
    "👩‍🔬",
    "**bold**",
    "*em*",
    "`code`",
    "``a`b``",
    "$x^2$",
    "$$\\frac{a}{b}$$",
    "<b>x</b>",
    "&amp;",
    "&",
    "<",
    ">",
    "[link](https://example.org/a?b=1&c=2)",
    "![alt](a.png)",
    "100%",
    "$5",
    "a_b",
    "*",
    "_",
    "|",
    "- item",
    "1. one",
    "2) two",
    "> quote",
    "# heading",
    "```\nline\n\n  indented\n```",
    "| a | b |\n|:--|--:|\n| 1 | 2 |",
    "***",
    "---",
    "\\(x\\)",
]
_SEPARATORS = [" ", "  ", "\n", "\n\n", "\n0\n", "", " \n "]

piece = st.one_of(
    st.sampled_from(_PIECES),
    st.text(
        st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Co", "Cn", "Zl", "Zp")),
        min_size=1,
        max_size=8,
    ),
)


@st.composite
def texts(draw: st.DrawFn) -> str:
    parts = draw(st.lists(piece, min_size=1, max_size=6))
    out = parts[0]
    for part in parts[1:]:
        out += draw(st.sampled_from(_SEPARATORS)) + part
    out = draw(st.sampled_from(["", " ", "  "])) + out + draw(st.sampled_from(["", " ", "\n"]))
    if not out.strip() or "\\(" in out or "\\[" in out:  # see docs/gift.md: \( reads as math
        out = "plain " + out.replace("\\(", "(").replace("\\[", "[")
    return out


def plain_texts() -> st.SearchStrategy[str]:
    # '->' in a short answer is a reported loss (QB306), tested in test_gift_writer.py
    return texts().map(lambda s: s.replace("->", "=>").strip() or "x")


@st.composite
def questions(draw: st.DrawFn, qid: str) -> dict[str, Any]:
    t = texts()
    data: dict[str, Any] = {"id": qid, "stem": draw(t)}
    if draw(st.booleans()):
        data["explanation"] = draw(
            st.lists(
                st.fixed_dictionaries({"body": t}, optional={"title": t}), min_size=1, max_size=3
            )
        )
    if draw(st.booleans()):
        data["tags"] = draw(st.lists(plain_texts().map(lambda s: s.replace("\n", " ")), max_size=3))
    for key, values in (
        ("difficulty", ["easy", "hard"]),
        ("points", [0.5, 2]),
        ("lang", ["zh-CN"]),
    ):
        if draw(st.booleans()):
            data[key] = draw(st.sampled_from(values))
    kind = draw(st.sampled_from(list(QUESTION_TYPES)))
    data["type"] = kind
    option = st.fixed_dictionaries({"text": t}, optional={"feedback": t, "pin": st.booleans()})
    if kind in ("single_choice", "multiple_choice"):
        opts = draw(st.lists(option, min_size=2, max_size=6))
        data["options"] = opts
        n = len(opts)
        if kind == "single_choice":
            data["answer"] = "ABCDEF"[draw(st.integers(0, n - 1))]
        else:
            k = draw(st.integers(1, n))
            data["answer"] = list("ABCDEF"[:k])
        data["shuffle"] = draw(st.booleans())
    elif kind == "true_false":
        data["answer"] = draw(st.booleans())
        if draw(st.booleans()):
            data["correct_feedback"] = draw(t)
        if draw(st.booleans()):
            data["incorrect_feedback"] = draw(t)
    elif kind == "short_answer":
        extra = draw(
            st.lists(
                st.fixed_dictionaries(
                    {"text": plain_texts(), "weight": st.sampled_from([50, 25, 100])},
                    optional={"feedback": t},
                ),
                max_size=3,
            )
        )
        data["answers"] = [{"text": draw(plain_texts())}, *extra]
        data["case_sensitive"] = draw(st.booleans())
    elif kind == "numerical":
        number = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12)
        value = st.fixed_dictionaries({"value": number}, optional={"tolerance": number.map(abs)})
        data["answers"] = [
            draw(value),
            *draw(
                st.lists(
                    st.one_of(
                        value,
                        st.tuples(number, number).map(
                            lambda p: {"min": min(p), "max": max(p), "weight": 50}
                        ),
                    ),
                    max_size=2,
                )
            ),
        ]
    elif kind == "matching":
        data["pairs"] = draw(
            st.lists(st.fixed_dictionaries({"left": t, "right": t}), min_size=2, max_size=4)
        )
        data["distractors"] = draw(st.lists(t, max_size=2))
    elif kind == "essay":
        if draw(st.booleans()):
            data["grading_notes"] = draw(t)
        data["answer_lines"] = draw(st.integers(1, 20))
    return data


@st.composite
def banks(draw: st.DrawFn) -> Bank:
    n = draw(st.integers(1, 4))
    items = [QUESTION.validate_python(draw(questions(f"q{i}"))) for i in range(n)]
    return Bank(meta=BankMeta(title=draw(plain_texts()).replace("\n", " ")), questions=items)


def assert_same(original: list[Any], back: list[Any]) -> None:
    assert [q.id for q in back] == [q.id for q in original]
    for a, b in zip(original, back, strict=True):
        assert canonical(b) == canonical(a), a.id


def roundtrip(bank: Bank) -> ImportResult:
    result = export_bank(bank)
    content = result.outputs[0].content
    assert isinstance(content, str)
    return gift.read_text(content, "bank.gift")


def test_seed_bank_round_trip(sample_bank: Path) -> None:
    text, _ = export_folder(sample_bank)
    back = gift.read_text(text, "bank.gift")
    assert back.diagnostics == []
    original = validate(bank=sample_bank).bank.questions
    assert_same(original, back.questions)
    # The $CATEGORY lines bring each question back to its folder.
    assert back.folders == {q.id: ("deep-learning",) for q in original}


def test_showcase_round_trip(showcase_bank: Path) -> None:
    text, _ = export_folder(showcase_bank)
    back = gift.read_text(text, "bank.gift")
    assert back.diagnostics == []
    assert_same(validate(bank=showcase_bank).bank.questions, back.questions)
    assert back.folders == {}  # all at the bank's top


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(banks())
def test_generated_banks_round_trip(bank: Bank) -> None:
    back = roundtrip(bank)
    assert back.diagnostics == []
    assert_same(bank.questions, back.questions)


def test_whitespace_only_paragraph_is_dropped() -> None:
    # '\xa0' alone is an empty paragraph (markdown-it strips Unicode spaces): `<p></p>` in the
    # HTML, which shows nothing and reads back as nothing (docs/gift.md, known differences).
    data = {
        "id": "q",
        "type": "single_choice",
        "stem": "s",
        "options": ["0", "0\n\n\xa0"],
        "answer": "A",
    }
    bank = Bank(meta=BankMeta(title="t"), questions=[QUESTION.validate_python(data)])
    back = roundtrip(bank).questions
    assert isinstance(back[0], SingleChoice)
    assert [o.text for o in back[0].options] == ["0", "0"]
    assert_same(bank.questions, back)
