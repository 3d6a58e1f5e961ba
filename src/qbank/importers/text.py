"""Plain-text reader: numbered questions, lettered options and answer lines, Chinese and English."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import TypeAdapter, ValidationError

from qbank import richtext
from qbank.diagnostics import Diagnostic, Location, error, warning
from qbank.importers import (
    MALFORMED_QUESTION,
    UNPLACED_LINE,
    ImportResult,
    looks_binary,
    read_source_text,
    slugify,
    unique_ids,
)
from qbank.model import LETTERS, AnyQuestion, Question

TypeHint = Literal["single_choice", "multiple_choice", "true_false", "short_answer", "essay"]


@dataclass(frozen=True, slots=True)
class Line:
    """One source line (or Word paragraph): its 1-based number, its text, and whether all bold."""

    number: int
    text: str
    bold: bool = False


# --------------------------------------------------------------------------- line patterns

_D = r"[0-9０-９]"
_L = r"[A-ZＡ-Ｚ]"
_HEADS = (
    re.compile(rf"^第\s*({_D}{{1,4}})\s*[题題][\s、.．:：]*(.*)$"),
    re.compile(rf"^(?:Q|Question)\s*({_D}{{1,4}})\s*(?:[.．:：、)）]\s*|\s+)(.*)$", re.IGNORECASE),
    re.compile(rf"^[(（]\s*({_D}{{1,4}})\s*[)）]\s*(.*)$"),
    re.compile(rf"^({_D}{{1,4}})\s*(?:[、．)）]|\.(?!\d))\s*(.*)$"),
)
_OPTION = re.compile(rf"^(?:[(（]\s*({_L})\s*[)）]|({_L})\s*[.．、:：)）])\s*(.*)$")
_LETTER_ALONE = re.compile(rf"^[(（]?\s*({_L})\s*[)）.．、:：]?$")
_INLINE_OPTION = re.compile(rf"(?:^|\s)(?:[(（]({_L})[)）]|({_L})[.．、)）])")
_ANSWER = re.compile(
    r"^[【\[(（]?\s*(正确答案|正常答案|参考答案|标准答案|答案|correct\s+answers?|answers?|key)"
    r"\s*[】\])）]?\s*([:：]?)\s*(.*)$",
    re.IGNORECASE,
)
_EXPLANATION_LABEL = re.compile(
    r"^[【\[]?\s*(?:答案解析|试题解析|题目解析|解析|分析|详解|explanation|rationale)\s*[】\]]?\s*[:：]\s*",
    re.IGNORECASE,
)
_EXPLANATION_ALONE = re.compile(
    r"^[【\[]?\s*(?:答案解析|试题解析|题目解析|解析|explanation)\s*[】\]]?\s*[:：]?$", re.IGNORECASE
)
_SECTION = re.compile(
    r"^(?:[一二三四五六七八九十]+\s*[、.．]\s*|第[一二三四五六七八九十\d]+部分\s*[:：、]?\s*)?"
    r"(单项选择|单选|多项选择|多选|不定项选择|判断|是非|填空|简答|问答|论述)题?"
    r"\s*(?:[(（][^)）]*[)）])?\s*[:：]?$"
    r"|^(?:part|section)\s+\w+\s*[:.\-–]\s*"
    r"(single[- ]choice|multiple[- ]choice|true[/ -]false|short[- ]answer|essay)\b.*$",
    re.IGNORECASE,
)
_BULLET = re.compile(r"^[-•·●▪◦*]\s+(.*)$")
_NUMBERED = re.compile(rf"^({_D}{{1,3}})\s*(?:[、．)）]|\.(?!\d))\s*(.+)$")
_INLINE_BULLET = re.compile(r"^(.*[。.!?！？;；])\s+-\s+(\S.{0,40}[:：])$")
_LETTER_KEY = re.compile(r"^[A-Z](?:[\s,，、;；/]*[A-Z])*$")
_NUMBER_KEY = re.compile(r"^[-+]?\d+(?:\.\d+)?$")
_SENTENCE_END = "。.!?！？;；,，、…"

_TRUE_WORDS = {"对", "正确", "是", "√", "✓", "✔", "T", "TRUE", "Y", "YES", "RIGHT", "CORRECT"}
_FALSE_WORDS = {
    "错",
    "错误",
    "否",
    "×",
    "✗",
    "✘",
    "X",
    "F",
    "FALSE",
    "N",
    "NO",
    "WRONG",
    "INCORRECT",
}

_OPTION_TRUTHS = {"对", "错", "正确", "错误", "是", "否", "√", "×", "✓", "✗", "TRUE", "FALSE"}
"""Option texts that make a two-option question a true/false one."""

_SECTION_TYPES: dict[str, TypeHint] = {
    "单项选择": "single_choice",
    "单选": "single_choice",
    "single choice": "single_choice",
    "多项选择": "multiple_choice",
    "多选": "multiple_choice",
    "不定项选择": "multiple_choice",
    "multiple choice": "multiple_choice",
    "判断": "true_false",
    "是非": "true_false",
    "true false": "true_false",
    "填空": "short_answer",
    "short answer": "short_answer",
    "简答": "essay",
    "问答": "essay",
    "论述": "essay",
    "essay": "essay",
}


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def _head(text: str) -> tuple[int, str] | None:
    for pattern in _HEADS:
        m = pattern.match(text)
        if m:
            return int(_nfkc(m.group(1))), m.group(2).strip()
    return None


def _section(text: str) -> TypeHint | None:
    m = _SECTION.match(text)
    if not m:
        return None
    word = (m.group(1) or m.group(2) or "").lower().replace("-", " ").replace("/", " ")
    return _SECTION_TYPES.get(word)


def _truth(word: str) -> bool | None:
    key = _nfkc(word).strip().strip("。.").upper()
    if key in _TRUE_WORDS:
        return True
    if key in _FALSE_WORDS:
        return False
    return None


@dataclass(frozen=True, slots=True)
class _Answer:
    raw: str
    line: int
    consumed: int


def _answer(lines: Sequence[Line], i: int) -> _Answer | None:
    """An answer line at lines[i] (its key may be on the next line after a bare label)."""
    m = _ANSWER.match(lines[i].text)
    if not m:
        return None
    label, colon, rest = m.group(1), m.group(2), m.group(3).strip()
    bracketed = lines[i].text.lstrip()[:1] in "【[(（"
    if not rest:
        if not (colon or bracketed or not label.isascii()) or i + 1 >= len(lines):
            return None
        following = lines[i + 1].text.strip()
        if _key_like(following):
            return _Answer(following, lines[i].number, 2)
        return None
    if not (colon or bracketed) and not _key_like(rest):
        return None
    return _Answer(rest, lines[i].number, 1)


def _key_like(text: str) -> bool:
    key = _nfkc(text).strip().rstrip("。.").upper()
    return bool(_LETTER_KEY.match(key)) or _truth(key) is not None


def _options(text: str, expected: int) -> list[str] | None:
    """Options on one line starting at letter number `expected`: `A. x`, or `A. x  B. y ...`."""
    marks = list(_INLINE_OPTION.finditer(text))
    if len(marks) >= 2 and marks[0].start() == 0:
        letters = [_nfkc(m.group(1) or m.group(2)) for m in marks]
        want = list(LETTERS[expected : expected + len(letters)])
        if letters == want:
            bounds = [*(m.end() for m in marks)]
            starts = [m.start() for m in marks[1:]] + [len(text)]
            texts = [text[b:s].strip() for b, s in zip(bounds, starts, strict=True)]
            if all(texts):
                return texts
    m = _OPTION.match(text)
    if m and m.group(3).strip():
        letter = _nfkc(m.group(1) or m.group(2))
        if expected < len(LETTERS) and letter == LETTERS[expected]:
            return [m.group(3).strip()]
    return None


def _letter_alone(text: str, expected: int) -> bool:
    m = _LETTER_ALONE.match(text)
    return m is not None and expected < len(LETTERS) and _nfkc(m.group(1)) == LETTERS[expected]


def _has_structure(lines: Sequence[Line]) -> bool:
    """Whether lines hold an answer line or options A and B (a question, not a numbered list)."""
    seen_a = False
    for i, line in enumerate(lines):
        if _answer(lines, i) is not None:
            return True
        if _options(line.text, 0) or _letter_alone(line.text, 0):
            seen_a = True
        elif seen_a and (_options(line.text, 1) or _letter_alone(line.text, 1)):
            return True
    return False


# --------------------------------------------------------------------------- Markdown out


_ESCAPE = re.compile(r"[\\`*_\[\]<>$~&|]")
_BLOCK_START = re.compile(r"^(?:[#>+=-]|\d+[.)])")


def _plain(doc: richtext.Document) -> str | None:
    if len(doc) == 1 and isinstance(doc[0], richtext.Paragraph):
        return richtext.plain_inline(doc[0].children)
    return None


def md_text(text: str) -> str:
    """Plain text as Markdown that reads back as the same text (escaped only where needed)."""
    text = " ".join(text.split()) if "\n" in text else text.strip()
    if not text or _plain(richtext.parse(text)) == text:
        return text
    escaped = _ESCAPE.sub(lambda m: "\\" + m.group(0), text)
    m = _BLOCK_START.match(escaped)
    if m:
        mark = m.group(0)
        escaped = (
            mark[:-1] + "\\" + mark[-1] + escaped[len(mark) :]
            if mark[0].isdigit()
            else "\\" + escaped
        )
    return escaped


@dataclass
class _List:
    ordered: bool
    start: int
    items: list[list[str]] = field(default_factory=list)


@dataclass
class _Section:
    title: str | None
    blocks: list[str | _List] = field(default_factory=list)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _short(text: str) -> bool:
    return _width(text) <= 60 and not text.endswith(tuple(_SENTENCE_END))


def _is_item(text: str) -> bool:
    return bool(_BULLET.match(text) or _NUMBERED.match(text))


def _is_title(text: str, following: str | None) -> bool:
    """A short line followed by body text (a list item, or a longer sentence) is a heading."""
    if following is None or _is_item(text) or not _short(text):
        return False
    return _is_item(following) or not _short(following)


def _takes_body(item: list[str]) -> bool:
    """Whether a list item holds a title line (`非线性:`) that the next lines belong to."""
    first = item[0]
    return len(item) > 1 or (_width(first) <= 40 and not first.endswith(tuple(_SENTENCE_END)))


def explanation_sections(lines: Sequence[str]) -> list[dict[str, str]]:
    """Explanation lines -> sections: a short line over body text is a title; lists kept."""
    texts = [t for t in (line.strip() for line in lines) if t]
    sections: list[_Section] = []
    for i, text in enumerate(texts):
        following = texts[i + 1] if i + 1 < len(texts) else None
        if _is_title(text, following):
            sections.append(_Section(text))
            continue
        if not sections:
            sections.append(_Section(None))
        section = sections[-1]
        current = section.blocks[-1] if section.blocks else None
        bullet, numbered = _BULLET.match(text), _NUMBERED.match(text)
        if bullet or numbered:
            body = bullet.group(1) if bullet else numbered.group(2) if numbered else ""
            if not isinstance(current, _List) or (bullet and current.ordered):
                start = int(_nfkc(numbered.group(1))) if numbered and not bullet else 1
                current = _List(ordered=not bullet, start=start)
                section.blocks.append(current)
            _add_item(current, body)
        elif isinstance(current, _List) and current.items and _takes_body(current.items[-1]):
            _add_item(current, text, continuation=True)
        else:
            section.blocks.append(text)
    return [_render(section) for section in sections]


def _add_item(target: _List, text: str, *, continuation: bool = False) -> None:
    """Add an item (or a paragraph to the last item), splitting `body. - Next title:` in two."""
    m = _INLINE_BULLET.match(text)
    parts = [m.group(1), m.group(2)] if m else [text]
    if continuation:
        target.items[-1].append(parts[0])
    else:
        target.items.append([parts[0]])
    if len(parts) > 1:
        target.items.append([parts[1]])


def _render(section: _Section) -> dict[str, str]:
    chunks: list[str] = []
    for block in section.blocks:
        if isinstance(block, str):
            chunks.append(md_text(block))
            continue
        loose = any(len(item) > 1 for item in block.items)
        rendered: list[str] = []
        for n, item in enumerate(block.items):
            marker = f"{block.start + n}." if block.ordered else "-"
            pad = " " * (len(marker) + 1)
            paras = [md_text(p) for p in item]
            rendered.append(f"{marker} {paras[0]}" + "".join(f"\n\n{pad}{p}" for p in paras[1:]))
        chunks.append(("\n\n" if loose else "\n").join(rendered))
    out: dict[str, str] = {}
    if section.title is not None:
        out["title"] = md_text(section.title)
    out["body"] = "\n\n".join(chunks) + "\n" if chunks else md_text(section.title or "") + "\n"
    return out


# --------------------------------------------------------------------------- questions


_QUESTION = TypeAdapter(Question)


@dataclass
class _Draft:
    number: int
    line: int
    end_line: int
    stem: list[str] = field(default_factory=list)
    options: list[tuple[str, bool]] = field(default_factory=list)
    answer: _Answer | None = None
    explanation: list[str] = field(default_factory=list)
    hint: TypeHint | None = None


def _parse_question(head: Line, rest: str, body: Sequence[Line], draft: _Draft) -> list[Line]:
    """Fill a draft from the lines of one question; returns lines it could not place."""
    extra: list[Line] = []
    if rest:
        draft.stem.append(rest)
    state = "stem"
    i = 0
    while i < len(body):
        line = body[i]
        text = line.text.strip()
        if not text:
            i += 1
            continue
        found = _answer(body, i)
        if found is not None:
            if draft.answer is None:
                draft.answer = found
            else:
                extra.append(line)
            i += found.consumed
            if state == "options":
                state = "explanation"
            continue
        if state in ("stem", "options"):
            opts = _options(text, len(draft.options))
            if opts:
                draft.options.extend((o, line.bold and len(opts) == 1) for o in opts)
                state = "options"
                i += 1
                continue
            if (
                _letter_alone(text, len(draft.options))
                and i + 1 < len(body)
                and body[i + 1].text.strip()
            ):
                nxt = body[i + 1]
                draft.options.append((nxt.text.strip(), nxt.bold or line.bold))
                state = "options"
                i += 2
                continue
            if state == "options" and _continues_option(body, i, len(draft.options)):
                last, bold = draft.options[-1]
                draft.options[-1] = (f"{last} {text}", bold)
                i += 1
                continue
            if state == "stem" and draft.answer is None and not _EXPLANATION_LABEL.match(text):
                draft.stem.append(text)
                i += 1
                continue
            state = "explanation"
        label = _EXPLANATION_LABEL.match(text)
        if label:
            text = text[label.end() :].strip()
        elif _EXPLANATION_ALONE.match(text):
            text = ""
        if text:
            draft.explanation.append(text)
        i += 1
    return extra


def _continues_option(body: Sequence[Line], i: int, expected: int) -> bool:
    """A line between options (the next letter follows within two lines) continues the last."""
    for j in range(i + 1, min(i + 3, len(body))):
        text = body[j].text.strip()
        if _options(text, expected) or _letter_alone(text, expected):
            return True
        if _answer(body, j) is not None:
            return False
    return False


def id_base(stem: str, number: int) -> str:
    """An id from the ASCII words of a stem (numbers left out), else `q<number>`."""
    words = [w for w in re.findall(r"[a-z0-9]+", _nfkc(stem).lower()) if not w.isdigit()]
    if not any(sum(c.isalpha() for c in w) >= 3 for w in words):
        return f"q{number}"
    return slugify("-".join(words[:6]), fallback=f"q{number}")


def _build(
    draft: _Draft, display: str, source: str, unit: str
) -> tuple[dict[str, Any] | None, list[Diagnostic]]:
    """The question data for a draft, or a QB503 diagnostic saying why it cannot be one."""
    where = Location(display, draft.line, 1)
    span = f"{unit}s {draft.line}-{draft.end_line}" if draft.end_line > draft.line else ""
    skipped = f"question {draft.number} not imported" + (f" ({span})" if span else "")

    def bad(
        message: str, at: Location = where, hint: str | None = None
    ) -> tuple[None, list[Diagnostic]]:
        return None, [error(MALFORMED_QUESTION, f"{skipped}: {message}", at, help=hint)]

    stem = "\n\n".join(md_text(s) for s in draft.stem if s.strip())
    if not stem:
        return bad("it has no question text")
    data: dict[str, Any] = {"id": id_base(" ".join(draft.stem), draft.number), "stem": stem}
    options = [text for text, _ in draft.options]
    marked = [md_text(text) for text in options]
    answer = draft.answer
    at = Location(display, answer.line, 1) if answer else where
    raw = _nfkc(answer.raw).strip().rstrip("。.").upper() if answer else ""
    if options:
        if len(options) == 1:
            return bad("it has only one option (A)")
        truths = [
            _truth(o) if _nfkc(o).strip().upper() in _OPTION_TRUTHS else None for o in options
        ]
        tf_pair = len(options) == 2 and None not in truths and truths[0] != truths[1]
        if answer is None:
            bold = [LETTERS[n] for n, (_, b) in enumerate(draft.options) if b]
            if bold and len(bold) < len(options):
                raw = "".join(bold)
            else:
                return bad(
                    "no answer key found",
                    hint="add a line such as `答案：C` or `Answer: C` to the question",
                )
        if tf_pair and _truth(raw) is not None and not _LETTER_KEY.match(raw):
            data.update(type="true_false", answer=_truth(raw))
        elif _LETTER_KEY.match(raw):
            letters = sorted(set(re.findall("[A-Z]", raw)))
            outside = [c for c in letters if LETTERS.index(c) >= len(options)]
            if outside:
                last = LETTERS[len(options) - 1]
                return bad(f"answer {', '.join(outside)} is not among the options A-{last}", at)
            if tf_pair and len(letters) == 1:
                data.update(type="true_false", answer=truths[LETTERS.index(letters[0])])
            elif len(letters) == 1 and draft.hint != "multiple_choice":
                data.update(type="single_choice", options=marked, answer=letters[0])
            else:
                data.update(type="multiple_choice", options=marked, answer=letters)
        else:
            assert answer is not None
            return bad(f"answer '{answer.raw}' is not an option letter", at)
    elif answer is None:
        return bad(
            "no options and no answer key found",
            hint="options are written `A. text` (or a letter alone on a line above its text); "
            "the key as `答案：C` or `Answer: C`",
        )
    elif _truth(raw) is not None and (draft.hint in (None, "true_false") or len(raw) > 1):
        data.update(type="true_false", answer=_truth(raw))
    elif _LETTER_KEY.match(_nfkc(answer.raw).strip()) and draft.hint != "short_answer":
        return bad(f"the answer is {answer.raw} but no options A, B, ... were found", at)
    elif _NUMBER_KEY.match(raw):
        data.update(type="numerical", answers=[float(raw) if "." in raw else int(raw)])
    elif draft.hint == "essay" or _width(answer.raw) > 60:
        data.update(type="essay", grading_notes=md_text(answer.raw))
    else:
        data.update(type="short_answer", answers=[answer.raw.strip()])
    data["source"] = source
    sections = explanation_sections(draft.explanation)
    if sections:
        data["explanation"] = sections
    return data, []


def parse_lines(
    lines: Sequence[Line], display: str, *, source_name: str, unit: str = "line"
) -> ImportResult:
    """Questions from numbered lines (shared by the text and Word readers)."""
    result = ImportResult()
    heads = {i: h for i, line in enumerate(lines) if (h := _head(line.text.strip())) is not None}
    sections = {i: s for i, line in enumerate(lines) if (s := _section(line.text.strip()))}
    cuts = sorted([*heads, *sections, len(lines)])

    def segment(i: int) -> Sequence[Line]:
        end = next(c for c in cuts if c > i)
        return lines[i + 1 : end]

    accepted = {i for i in heads if _has_structure(segment(i))}
    # A question with neither options nor key still counts when numbered between two found ones.
    for i in sorted(heads):
        n = heads[i][0]
        before = max((a for a in accepted if a < i), default=None)
        after = min((a for a in accepted if a > i), default=None)
        if i in accepted or after is None or heads[after][0] != n + 1:
            continue
        if before is None or heads[before][0] == n - 1:
            accepted.add(i)
    starts = sorted([*accepted, *sections])
    hint: TypeHint | None = None
    drafts: list[tuple[_Draft, dict[str, Any] | None]] = []
    first = starts[0] if starts else len(lines)
    for line in lines[:first]:
        if line.text.strip():
            result.diagnostics.append(_unplaced(display, line, "before the first question"))
    for k, start in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(lines)
        if start in sections:
            hint = sections[start]
            for line in lines[start + 1 : end]:
                if line.text.strip():
                    result.diagnostics.append(
                        _unplaced(
                            display, line, "after a section heading, before its first question"
                        )
                    )
            continue
        body = lines[start + 1 : end]
        last = max((ln.number for ln in body if ln.text.strip()), default=lines[start].number)
        draft = _Draft(heads[start][0], lines[start].number, last, hint=hint)
        extra = _parse_question(lines[start], heads[start][1], body, draft)
        for line in extra:
            result.diagnostics.append(_unplaced(display, line, "a second answer line"))
        source = f"{source_name}, {unit} {draft.line}"
        data, diags = _build(draft, display, source, unit)
        result.diagnostics += diags
        drafts.append((draft, data))
    made = [(d, data) for d, data in drafts if data is not None]
    ids = unique_ids(str(data["id"]) for _, data in made)
    for (draft, data), qid in zip(made, ids, strict=True):
        data["id"] = qid
        try:
            question: AnyQuestion = _QUESTION.validate_python(data)
        except ValidationError as exc:  # pragma: no cover - a reader bug, reported not raised
            message = "; ".join(str(e["msg"]) for e in exc.errors(include_url=False))
            result.diagnostics.append(
                error(
                    MALFORMED_QUESTION,
                    f"question {draft.number} not imported: {message}",
                    Location(display, draft.line, 1),
                )
            )
            continue
        result.questions.append(question)
        result.lines[qid] = draft.line
    if not heads and not result.diagnostics:
        result.diagnostics.append(
            error(MALFORMED_QUESTION, "no numbered questions found", Location(display, 1, 1))
        )
    result.diagnostics.sort(key=Diagnostic.sort_key)
    return result


def _unplaced(display: str, line: Line, why: str) -> Diagnostic:
    text = line.text.strip()
    shown = text if len(text) <= 60 else text[:57] + "..."
    return warning(
        UNPLACED_LINE,
        f"line not placed in any question ({why}): {shown!r}",
        Location(display, line.number, 1),
    )


def split_lines(text: str) -> list[Line]:
    """Numbered lines of a text."""
    return [Line(n, line.strip()) for n, line in enumerate(text.split("\n"), start=1)]


def read(path: Path) -> ImportResult:
    """Read a plain-text quiz; never raises for bad input."""
    text, encoding, diags = read_source_text(path)
    if text is None:
        return ImportResult(diagnostics=diags)
    result = parse_lines(split_lines(text), path.as_posix(), source_name=path.name)
    result.encoding = encoding
    return result


def sniff(path: Path, head: bytes) -> bool:
    """Any text file (this is the fallback reader)."""
    return not looks_binary(head)
