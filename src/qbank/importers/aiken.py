"""Aiken reader: Moodle's simple format of a question line, `A. option` lines and `ANSWER: X`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from qbank.diagnostics import Diagnostic, Location, error, warning
from qbank.importers import (
    MALFORMED_QUESTION,
    UNPLACED_LINE,
    ImportResult,
    decode_bytes,
    read_source_text,
    unique_ids,
)
from qbank.importers.text import id_base, md_text
from qbank.model import LETTERS, SingleChoice

_OPTION = re.compile(r"^([A-Z])[.)]\s+(.*\S)\s*$")
_ANSWER = re.compile(r"^ANSWER\s*:\s*(.*?)\s*$", re.IGNORECASE)
_NUMBERED = re.compile(r"^\s*(?:\d{1,4}[.、)]|Q\d{1,4}[.:])\s*\S")


@dataclass
class _Draft:
    line: int
    stem: list[str] = field(default_factory=list)
    options: list[str] = field(default_factory=list)
    last_line: int = 0


def read(path: Path) -> ImportResult:
    """Read an Aiken file; never raises for bad input."""
    text, encoding, diags = read_source_text(path)
    if text is None:
        return ImportResult(diagnostics=diags)
    result = parse(text, path.as_posix(), source_name=path.name)
    result.encoding = encoding
    return result


def parse(text: str, display: str, *, source_name: str) -> ImportResult:
    """Questions from Aiken text; every line that does not fit is reported."""
    result = ImportResult()
    made: list[tuple[int, SingleChoice]] = []
    draft: _Draft | None = None

    def drop(why: str, at: int) -> None:
        nonlocal draft
        assert draft is not None
        span = f"lines {draft.line}-{draft.last_line}"
        result.diagnostics.append(
            error(
                MALFORMED_QUESTION,
                f"question not imported ({span}): {why}",
                Location(display, at, 1),
                help="an Aiken question is a question line, options `A. text`, then `ANSWER: A`",
            )
        )
        draft = None

    lines = text.split("\n")
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            if draft is not None and draft.options:
                drop("no ANSWER line after its options", draft.last_line)
            elif draft is not None:
                result.diagnostics += _stray(display, lines, draft)
                draft = None
            continue
        answer = _ANSWER.match(line)
        if answer:
            if draft is None or not draft.options:
                result.diagnostics.append(_unplaced(display, number, line, "no options before it"))
                draft = None
                continue
            draft.last_line = number
            key = answer.group(1).upper()
            if len(key) != 1 or key not in LETTERS:
                drop(f"ANSWER must be one option letter, not '{answer.group(1)}'", number)
                continue
            if LETTERS.index(key) >= len(draft.options):
                last = LETTERS[len(draft.options) - 1]
                drop(f"ANSWER {key} is not among the options A-{last}", number)
                continue
            if len(draft.options) < 2:
                drop("it has only one option", number)
                continue
            stem = "\n\n".join(md_text(s) for s in draft.stem)
            question = SingleChoice.model_validate(
                {
                    "id": id_base(" ".join(draft.stem), len(made) + 1),
                    "type": "single_choice",
                    "stem": stem,
                    "options": [md_text(o) for o in draft.options],
                    "answer": key,
                    "source": f"{source_name}, line {draft.line}",
                }
            )
            made.append((draft.line, question))
            draft = None
            continue
        option = _OPTION.match(line)
        if draft is not None and option and option.group(1) == LETTERS[len(draft.options) % 26]:
            draft.options.append(option.group(2))
            draft.last_line = number
            continue
        if draft is not None and draft.options:
            drop(f"no ANSWER line after its options (line {number} starts something else)", number)
        if draft is None:
            if option:
                result.diagnostics.append(
                    _unplaced(display, number, line, "an option outside a question")
                )
                continue
            draft = _Draft(number)
        draft.stem.append(line)
        draft.last_line = number
    if draft is not None:
        if draft.options:
            drop("no ANSWER line after its options", draft.last_line)
        else:
            for n in range(draft.line, draft.last_line + 1):
                line = text.split("\n")[n - 1].strip()
                if line:
                    result.diagnostics.append(
                        _unplaced(display, n, line, "no options or ANSWER follow")
                    )
    ids = unique_ids(q.id for _, q in made)
    for (line_no, question), qid in zip(made, ids, strict=True):
        final = question if qid == question.id else question.model_copy(update={"id": qid})
        result.questions.append(final)
        result.lines[qid] = line_no
    result.diagnostics.sort(key=Diagnostic.sort_key)
    return result


def _stray(display: str, lines: list[str], draft: _Draft) -> list[Diagnostic]:
    """Lines of a would-be question that no options or ANSWER followed."""
    return [
        _unplaced(display, n, lines[n - 1].strip(), "no options or ANSWER follow it")
        for n in range(draft.line, draft.last_line + 1)
        if lines[n - 1].strip()
    ]


def _unplaced(display: str, number: int, line: str, why: str) -> Diagnostic:
    shown = line if len(line) <= 60 else line[:57] + "..."
    return warning(
        UNPLACED_LINE,
        f"line not placed in any question ({why}): {shown!r}",
        Location(display, number, 1),
    )


def sniff(path: Path, head: bytes) -> bool:
    """An `ANSWER: X` line right after an `X. option` line, and no numbered questions."""
    text, _ = decode_bytes(head, partial=True)
    if text is None:
        return False
    lines = [line.strip() for line in text.replace("\r", "\n").split("\n") if line.strip()]
    answers = [i for i, line in enumerate(lines) if re.match(r"^ANSWER:\s*[A-Z]$", line)]
    if not answers or (lines and _NUMBERED.match(lines[0])):
        return False
    return all(i > 0 and _OPTION.match(lines[i - 1]) for i in answers)
