"""Text helpers for the rules: every text field of a question, normalisation, Markdown facts."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from markdown_it.token import Token

from qbank import richtext
from qbank.model import (
    AnyQuestion,
    Essay,
    Matching,
    MultipleChoice,
    Numerical,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
)

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

    from qbank.load import PathPart

_WORD = re.compile(r"[^\W_]")
_INVISIBLE = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]+")


def text_fields(question: AnyQuestion) -> Iterator[tuple[tuple[PathPart, ...], str]]:
    """Every Markdown text of a question with its path: stem, options, feedback, explanation."""
    yield ("stem",), question.stem
    if isinstance(question, SingleChoice | MultipleChoice):
        for i, option in enumerate(question.options):
            yield ("options", i, "text"), option.text
            if option.feedback:
                yield ("options", i, "feedback"), option.feedback
    elif isinstance(question, TrueFalse):
        if question.correct_feedback:
            yield ("correct_feedback",), question.correct_feedback
        if question.incorrect_feedback:
            yield ("incorrect_feedback",), question.incorrect_feedback
    elif isinstance(question, ShortAnswer | Numerical):
        feedback = [answer.feedback for answer in question.answers]
        for i, text in enumerate(feedback):
            if text:
                yield ("answers", i, "feedback"), text
    elif isinstance(question, Matching):
        for i, pair in enumerate(question.pairs):
            yield ("pairs", i, "left"), pair.left
            yield ("pairs", i, "right"), pair.right
        for i, item in enumerate(question.distractors):
            yield ("distractors", i), item
    elif isinstance(question, Essay) and question.grading_notes:
        yield ("grading_notes",), question.grading_notes
    for i, section in enumerate(question.explanation):
        if section.title:
            yield ("explanation", i, "title"), section.title
        yield ("explanation", i, "body"), section.body


def normalise(text: str) -> str:
    """Compare-form of a text: NFKC (full/half width folded), case-folded, whitespace collapsed."""
    # str.split() splits on exactly the characters `\s` matches (checked over all of Unicode)
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def is_blank(text: str) -> bool:
    """Whether Markdown shows nothing: no visible text, no image, no math, no code."""
    if "[" not in text and _WORD.search(text):
        return False
    doc = richtext.parse(text)
    if any(isinstance(node, richtext.Image) for node in richtext.walk_inlines(doc)):
        return False
    return not _INVISIBLE.sub("", richtext.plain_text(doc))


def images(text: str) -> tuple[richtext.Image, ...]:
    """Every image of a Markdown text (parsed only when it may have one)."""
    if "![" not in text and "]:" not in text:
        return ()
    return tuple(
        node
        for node in richtext.walk_inlines(richtext.parse(text))
        if isinstance(node, richtext.Image)
    )


def plain(text: str) -> str:
    """The visible text of Markdown (markup removed; parsed only when it has markup)."""
    if not re.search(r"[*_`$\[\]<>#|~\\!-]", text):
        return text
    return richtext.plain_text(richtext.parse(text))


@lru_cache(maxsize=1)
def _tokens_parser() -> MarkdownIt:
    # Same parser as qbank.richtext, but keeps escapes (`\$`) as their own tokens.
    md = richtext.markdown_parser()
    md.disable("text_join")
    return md


@lru_cache(maxsize=1 << 14)
def tokens(text: str) -> tuple[Token, ...]:
    """The markdown-it token stream of a text, escapes kept apart (cached)."""
    return tuple(_tokens_parser().parse(text))


def prose(text: str) -> Iterator[str]:
    """The literal text runs of Markdown: no code, math, escapes or markup."""
    for token in tokens(text):
        if token.type == "inline" and token.children:
            for child in token.children:
                if child.type == "text":
                    yield child.content
                elif child.type == "image" and child.children:
                    yield from (c.content for c in child.children if c.type == "text")
