"""The Moodle GIFT writer: the whole bank as one `.gift` file that Moodle 4.5 imports as is."""

from __future__ import annotations

import html
import json
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import replace
from fractions import Fraction
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any, Literal, assert_never

from pydantic import BaseModel, ConfigDict, Field

from qbank import collector
from qbank import richtext as rt
from qbank.diagnostics import Diagnostic, Location, warning
from qbank.model import (
    AnyQuestion,
    Bank,
    Description,
    Essay,
    Matching,
    MultipleChoice,
    Numerical,
    NumericAnswer,
    Section,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
)
from qbank.moodle import accepted, format_percent, multichoice_weights
from qbank.plugins import ExportRequest, ExportResult, Output, options_as

# Stable codes of what the GIFT writer reports (QB3xx: target compatibility).
UNREPRESENTABLE_WEIGHT = "QB301"
ALL_OR_NOTHING = "QB302"
NAME_TOO_LONG = "QB303"
IMAGE_LOST = "QB305"
FEATURE_LOST = "QB306"

MAX_NAME = 255
"""Moodle cuts longer question names (characters, after stripping tags)."""
STEM_NAME_LENGTH = 80
"""Names taken from the stem are cut here, like Moodle's own default names."""
META_PREFIX = "// qbank: "
"""Comment line carrying what GIFT has no syntax for, so a qbank round trip keeps it."""

_WS = re.compile(r"\s+")


class GiftOptions(BaseModel):
    """Options of the GIFT writer (`qbank export -f gift -o key=value`)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    category: Literal["folder", "bank", "none"] = Field(
        default="folder",
        description="$CATEGORY lines: 'folder' = bank title/folder of each question, "
        "'bank' = the bank title only, 'none' = no category lines.",
    )
    name: Literal["id", "stem"] = Field(
        default="id",
        description="Question names: the qbank id (stable; lint rule QB303 checks its length) "
        "or the start of the stem (80 characters).",
    )
    meta: bool = Field(
        default=True,
        description="Write a `// qbank:` comment with what GIFT cannot carry (difficulty, "
        "points, ...) so that `qbank import` restores it; Moodle ignores comments.",
    )


# --------------------------------------------------------------------------- escaping


def gift_escape(text: str) -> str:
    r"""Escape text for any GIFT field: backslash and `~ = # { } :` escaped, newlines as `\n`."""
    # One C-level pass per character to escape (backslash first) beats a regex with a Python
    # callback per match, and str.translate (a dict lookup per character of CJK text).
    return (
        text.replace("\\", "\\\\")
        .replace("~", "\\~")
        .replace("=", "\\=")
        .replace("#", "\\#")
        .replace("{", "\\{")
        .replace("}", "\\}")
        .replace(":", "\\:")
        .replace("\n", "\\n")
        .replace("\r", "")
    )


_HTML_SPECIAL = re.compile("[&<>\"']")


def _esc(text: str) -> str:
    # Most text has nothing to escape: one scan instead of html.escape's five replaces.
    return html.escape(text, quote=True) if _HTML_SPECIAL.search(text) else text


# --------------------------------------------------------------------------- rich text -> HTML


def _inline(nodes: Sequence[rt.Inline], images: list[str]) -> str:
    out: list[str] = []
    for node in nodes:
        if type(node) is rt.Text:  # the common case, without the match below
            out.append(_esc(node.text))
            continue
        match node:
            case rt.Text(text=t):
                out.append(_esc(t))
            case rt.Emph(children=c):
                out.append(f"<em>{_inline(c, images)}</em>")
            case rt.Strong(children=c):
                out.append(f"<strong>{_inline(c, images)}</strong>")
            case rt.Code(text=t):
                out.append(f"<code>{_esc(t)}</code>")
            case rt.Math(tex=t):
                out.append(f"\\({_esc(t)}\\)")
            case rt.Link(href=href, children=c):
                out.append(f'<a href="{_esc(href)}">{_inline(c, images)}</a>')
            case rt.Image(src=src, alt=alt, title=title):
                images.append(src)
                extra = f' title="{_esc(title)}"' if title else ""
                out.append(f'<img src="{_esc(src)}" alt="{_esc(alt)}"{extra}>')
            case rt.LineBreak():
                out.append("<br>")
            case rt.SoftBreak():
                out.append("\n")
            case _:
                assert_never(node)
    return "".join(out)


def _item(blocks: tuple[rt.Block, ...], tight: bool, images: list[str]) -> str:
    if not tight:
        return _blocks(blocks, images)
    # A tight list shows its paragraphs without <p>, as CommonMark renders them.
    return "".join(
        _inline(b.children, images) if isinstance(b, rt.Paragraph) else _blocks((b,), images)
        for b in blocks
    )


def _blocks(blocks: Sequence[rt.Block], images: list[str]) -> str:
    out: list[str] = []
    for block in blocks:
        match block:
            case rt.Paragraph(children=c):
                out.append(f"<p>{_inline(c, images)}</p>")
            case rt.Heading(level=level, children=c):
                out.append(f"<h{level}>{_inline(c, images)}</h{level}>")
            case rt.BulletList(items=items, tight=tight):
                lis = "".join(f"<li>{_item(i, tight, images)}</li>" for i in items)
                out.append(f"<ul>{lis}</ul>")
            case rt.OrderedList(items=items, start=start, tight=tight):
                lis = "".join(f"<li>{_item(i, tight, images)}</li>" for i in items)
                attr = f' start="{start}"' if start != 1 else ""
                out.append(f"<ol{attr}>{lis}</ol>")
            case rt.CodeBlock(text=t, lang=lang):
                cls = f' class="language-{_esc(lang)}"' if lang else ""
                out.append(f"<pre><code{cls}>{_esc(t)}</code></pre>")
            case rt.MathBlock(tex=t):
                out.append(f"<p>\\[{_esc(t)}\\]</p>")
            case rt.Quote(children=c):
                out.append(f"<blockquote>{_blocks(c, images)}</blockquote>")
            case rt.Table(header=header, rows=rows, align=align):
                out.append(_table(header, rows, align, images))
            case rt.ThematicBreak():
                out.append("<hr>")
            case _:
                assert_never(block)
    return "".join(out)


def _table(
    header: tuple[tuple[rt.Inline, ...], ...],
    rows: tuple[tuple[tuple[rt.Inline, ...], ...], ...],
    align: tuple[str | None, ...],
    images: list[str],
) -> str:
    def cells(row: tuple[tuple[rt.Inline, ...], ...], tag: str) -> str:
        parts = []
        for i, cell in enumerate(row):
            a = align[i] if i < len(align) else None
            style = f' style="text-align:{a}"' if a else ""
            parts.append(f"<{tag}{style}>{_inline(cell, images)}</{tag}>")
        return "<tr>" + "".join(parts) + "</tr>"

    body = "".join(cells(r, "td") for r in rows)
    tbody = f"<tbody>{body}</tbody>" if rows else ""
    return f"<table><thead>{cells(header, 'th')}</thead>{tbody}</table>"


def to_html(markdown: str, images: list[str] | None = None) -> str:
    """Render author Markdown to HTML; a lone paragraph renders as its inline content."""
    if rt.is_plain_paragraph(markdown):  # most options: no tree needed
        return _esc(markdown)
    doc = rt.parse(markdown)
    found: list[str] = [] if images is None else images
    if len(doc) == 1 and isinstance(doc[0], rt.Paragraph):
        return _inline(doc[0].children, found)
    return _blocks(doc, found)


def title_inlines(title: str) -> tuple[rt.Inline, ...]:
    """What a section title shows as a heading: its inline content (plain text if not inline)."""
    doc = rt.parse(title)
    if len(doc) == 1 and isinstance(doc[0], rt.Paragraph):
        return doc[0].children
    text = _WS.sub(" ", rt.plain_text(doc)).strip()
    return (rt.Text(text or _WS.sub(" ", title).strip()),)


def explanation_html(sections: Sequence[Section], images: list[str]) -> str:
    """General feedback: `<h4>title</h4>` before each titled section, each body in a `<div>`."""
    parts: list[str] = []
    for section in sections:
        if section.title is not None:
            parts.append(f"<h4>{_inline(title_inlines(section.title), images)}</h4>")
        body = section.body.rstrip("\n")
        if rt.is_plain_paragraph(body):  # one plain paragraph: no tree needed
            parts.append(f"<div><p>{_esc(body)}</p></div>")
        else:
            parts.append(f"<div>{_blocks(rt.parse(body), images)}</div>")
    return "".join(parts)


# --------------------------------------------------------------------------- fields


def _field(markdown: str, images: list[str]) -> str:
    """A rich-text field (format inherited from the stem's `[html]`), GIFT-escaped."""
    rendered = to_html(markdown, images)
    if rendered.startswith(("[", "%")):
        # A leading `[word]` would be read as a format, a leading `%n%` as a weight.
        rendered = "[html]" + rendered
    return gift_escape(rendered)


def _plain(text: str) -> str:
    """A plain-text field (short answers, matching right sides): GIFT-escaped only."""
    escaped = gift_escape(text.strip())
    return "[plain]" + escaped if escaped.startswith(("[", "%")) else escaped


def _number(value: float) -> str:
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)


@lru_cache(maxsize=1024)
def _weight(value: float) -> str:
    frac = Fraction(value).limit_denominator(1000)
    if abs(float(frac) - value) > 1e-9:
        return f"{value:.5f}".rstrip("0").rstrip(".")
    return format_percent(frac)


def stem_name(question: AnyQuestion) -> str:
    """A question name from the start of its stem (plain text, whitespace collapsed)."""
    text = _WS.sub(" ", rt.plain_text(rt.parse(question.stem))).strip()
    if len(text) > STEM_NAME_LENGTH:
        cut = text[: STEM_NAME_LENGTH - 1]
        space = cut.rfind(" ")
        if space > STEM_NAME_LENGTH // 2:
            cut = cut[:space]
        text = cut.rstrip() + "…"
    return text or question.id


def _meta(question: AnyQuestion, bank: Bank) -> dict[str, Any]:
    """Every value GIFT has no syntax for (defaults left out)."""
    meta: dict[str, Any] = {}
    for key in ("difficulty", "points", "lang", "source", "author"):
        value = getattr(question, key)
        if value is not None:
            meta[key] = value
    if question.lint.ignore:
        meta["lint_ignore"] = list(question.lint.ignore)
    match question:
        case SingleChoice() | MultipleChoice():
            if not question.shuffle:
                meta["shuffle"] = False
            pinned = [i for i, o in enumerate(question.options) if o.pin]
            if pinned:
                meta["pin"] = pinned
            if isinstance(question, MultipleChoice) and question.scoring != "partial":
                meta["scoring"] = question.scoring
        case ShortAnswer():
            if question.case_sensitive:
                meta["case_sensitive"] = True
        case Essay():
            if question.answer_lines != Essay.model_fields["answer_lines"].default:
                meta["answer_lines"] = question.answer_lines
            if question.grading_notes is not None:
                meta["grading_notes"] = question.grading_notes
        case Matching():
            rights = [p.right for p in question.pairs] + list(question.distractors)
            if any(not _plain_only(r) or _right_text(r) != r.strip() for r in rights):
                meta["right"] = rights
        case Description():
            if question.explanation:
                meta["explanation"] = [
                    s.model_dump(exclude_none=True) for s in question.explanation
                ]
        case TrueFalse() | Numerical():
            pass
        case _:
            assert_never(question)
    return meta


def _meta_line(meta: dict[str, Any]) -> str:
    text = json.dumps(meta, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    # Moodle scans comments for `[id:` and `[tag:`; those can only occur inside JSON strings.
    return META_PREFIX + re.sub(r"\[(?=id:|tag:)", r"\\u005b", text)


def _right_text(markdown: str) -> str:
    """A matching right side as the plain text Moodle shows in its drop-down."""
    text = rt.plain_text(rt.parse(markdown)).strip()
    return text or markdown.strip()


def _plain_only(markdown: str) -> bool:
    doc = rt.parse(markdown)
    # A drop-down item shows one line of text: no markup, no line breaks.
    return len(doc) == 1 and all(
        isinstance(b, rt.Paragraph) and all(isinstance(i, rt.Text) for i in b.children) for b in doc
    )


# --------------------------------------------------------------------------- questions


class _Writer:
    """Renders one bank; collects the diagnostics of everything GIFT cannot carry."""

    def __init__(self, request: ExportRequest, options: GiftOptions) -> None:
        self.request = request
        self.options = options
        self.diagnostics: list[Diagnostic] = []
        # Each distinct text is rendered once (options such as "True" or "None of these",
        # section titles and shared explanations recur): escaped GIFT text, images in order.
        self._fields: dict[str, tuple[str, tuple[str, ...]]] = {}
        self._general: dict[tuple[tuple[str | None, str], ...], tuple[str, tuple[str, ...]]] = {}
        self._categories: dict[str | None, str | None] = {}

    def field(self, markdown: str, images: list[str]) -> str:
        """`_field` of a text, rendered once per distinct text; its images added to `images`."""
        hit = self._fields.get(markdown)
        if hit is None:
            found: list[str] = []
            hit = self._fields[markdown] = (_field(markdown, found), tuple(found))
        images.extend(hit[1])
        return hit[0]

    def general(self, sections: Sequence[Section], images: list[str]) -> str:
        """The GIFT-escaped general feedback of an explanation, rendered once per distinct one."""
        key = tuple((s.title, s.body) for s in sections)
        hit = self._general.get(key)
        if hit is None:
            found: list[str] = []
            hit = self._general[key] = (
                gift_escape(explanation_html(sections, found)),
                tuple(found),
            )
        images.extend(hit[1])
        return hit[0]

    def where(self, question: AnyQuestion) -> Location:
        """The file a question came from (line unknown)."""
        return Location(self.request.source_of.get(question.id, str(self.request.bank_dir)))

    def loss(self, code: str, question: AnyQuestion, message: str, help: str) -> None:
        """Record one loss of a question."""
        self.diagnostics.append(
            warning(code, message, self.where(question), help=help, question_id=question.id)
        )

    def category(self, question: AnyQuestion) -> str | None:
        """The `$CATEGORY:` path of a question, or None when categories are off."""
        if self.options.category == "none":
            return None
        source = self.request.source_of.get(question.id)
        # Questions of one folder share their category: work it out once per folder.
        folder = None if source is None else os.path.dirname(source)  # noqa: PTH120 (speed)
        if folder in self._categories:
            return self._categories[folder]
        path = self._categories[folder] = self._category(source)
        return path

    def _category(self, source: str | None) -> str:
        parts = [_WS.sub(" ", self.request.bank.meta.title).strip()]
        if self.options.category == "folder" and source is not None:
            try:
                rel = Path(source).relative_to(self.request.bank_dir)
            except ValueError:
                rel = PurePosixPath(Path(source).name)  # type: ignore[assignment]
            parts.extend(p for p in rel.parent.parts if p not in ("", "."))
        # Moodle splits the path on '/'; a '/' inside a name is written '//'.
        return "$course$/top/" + "/".join(p.replace("/", "//") for p in parts)

    def name(self, question: AnyQuestion) -> str:
        """`::name::` text, at most 255 characters, GIFT-escaped."""
        name = stem_name(question) if self.options.name == "stem" else question.id
        if len(name) > MAX_NAME:
            self.loss(
                NAME_TOO_LONG,
                question,
                f"question name is {len(name)} characters; Moodle keeps {MAX_NAME}",
                "the name is cut to 255 characters; use a shorter id or -o name=stem",
            )
            name = name[: MAX_NAME - 1] + "…"
        # Moodle strips tags from names: keep `<`/`>` literal as entities.
        return gift_escape(html.escape(name, quote=False))

    def question(self, q: AnyQuestion) -> str:
        """One question block (comment lines, name, text, answers), no blank line inside."""
        images: list[str] = []
        lines = [f"// [id:{q.id}]"]
        if q.tags:
            # `]` is written `\]`; a space keeps a trailing `\` off the `]` (Moodle trims tags).
            tags = (
                t.replace("\n", " ").replace("]", "\\]") + (" " * t.endswith("\\")) for t in q.tags
            )
            lines.append("// " + " ".join(f"[tag:{t}]" for t in tags))
        if self.options.meta:
            meta = _meta(q, self.request.bank)
            if meta:
                lines.append(_meta_line(meta))
        head = f"::{self.name(q)}::[html]{self.field(q.stem, images).removeprefix('[html]')}"
        general = self.general(q.explanation, images) if q.explanation else ""
        tail = f"####{general}" if general else ""
        match q:
            case SingleChoice():
                lines.append(head + "{")
                for i, opt in enumerate(q.options):
                    mark = "=" if i in q.key_indices else "~"
                    lines.append(mark + self._option(opt.text, opt.feedback, images))
            case MultipleChoice():
                lines.append(head + "{")
                lines.extend(self._multiple(q, images))
            case TrueFalse():
                wrong = self.field(q.incorrect_feedback, images) if q.incorrect_feedback else ""
                right = self.field(q.correct_feedback, images) if q.correct_feedback else ""
                answer = "TRUE" if q.answer else "FALSE"
                fb = f"#{wrong}#{right}" if right else (f"#{wrong}" if wrong else "")
                lines.append(f"{head}{{{answer}{fb}{tail}}}")
                tail = ""
            case ShortAnswer():
                lines.append(head + "{")
                for a in q.answers:
                    self._check_weight(q, a.weight)
                    fb = f"#{self.field(a.feedback, images)}" if a.feedback else ""
                    text = a.text
                    if "->" in text:  # `=` and `->` in a block make Moodle read a matching question
                        self.loss(
                            FEATURE_LOST,
                            q,
                            f"short answer {text!r} contains '->', which GIFT cannot write",
                            "written as '-&gt;'; reword the answer or fix it in Moodle",
                        )
                        text = text.replace("->", "-&gt;")
                    lines.append(f"=%{_weight(a.weight)}%{_plain(text)}{fb}")
                if q.case_sensitive:
                    self.loss(
                        FEATURE_LOST,
                        q,
                        "GIFT cannot make a short answer case-sensitive",
                        "Moodle imports it as case-insensitive; edit the question after import",
                    )
            case Numerical():
                lines.append(head + "{#")
                for n in q.answers:
                    self._check_weight(q, n.weight)
                    fb = f"#{self.field(n.feedback, images)}" if n.feedback else ""
                    lines.append(f"=%{_weight(n.weight)}%{_numeric(n)}{fb}")
            case Matching():
                lines.append(head + "{")
                lines.extend(self._matching(q, images))
            case Essay():
                lines.append(f"{head}{{{tail}}}")
                tail = ""
                if q.grading_notes is not None:
                    self.loss(
                        FEATURE_LOST,
                        q,
                        "GIFT cannot carry an essay's grading notes",
                        "paste them into 'Information for graders' after import",
                    )
            case Description():
                lines.append(head)
                if q.explanation:
                    self.loss(
                        FEATURE_LOST,
                        q,
                        "GIFT cannot carry the explanation of a description",
                        "move it into the description text if students should see it",
                    )
                tail = ""
            case _:
                assert_never(q)
        if not isinstance(q, TrueFalse | Essay | Description):
            if tail:
                lines.append(tail)
            lines.append("}")
        for src in images:
            self.loss(
                IMAGE_LOST,
                q,
                f"image '{src}' cannot travel in GIFT",
                "Moodle shows a broken image with its alt text; upload the image in "
                "Moodle's editor after import (or use the Moodle XML route)",
            )
        return "\n".join(lines)

    def _option(self, text: str, feedback: str | None, images: list[str]) -> str:
        out = self.field(text, images)
        if feedback is not None:
            out += "#" + self.field(feedback, images)
        return out

    def _multiple(self, q: MultipleChoice, images: list[str]) -> Iterator[str]:
        n, k = len(q.options), len(q.answer)
        weights = _multichoice_weights(n, k)
        if weights is None:
            right, wrong = _nearest(Fraction(100, k)), _nearest(Fraction(-100, n - k))
            self.loss(
                UNREPRESENTABLE_WEIGHT,
                q,
                f"{k} correct of {n} options needs weights {format_percent(Fraction(100, k))}"
                f"%/{format_percent(Fraction(-100, n - k)) if n > k else '0'}%, which "
                f"Moodle's grade list cannot hold; written as {format_percent(right)}%/"
                f"{format_percent(wrong)}%",
                "change the number of options or correct answers (see docs/gift.md)",
            )
        else:
            right, wrong = weights
        if q.scoring == "all_or_nothing":
            self.loss(
                ALL_OR_NOTHING,
                q,
                "GIFT has no all-or-nothing scoring; Moodle will give partial credit",
                "use scoring: partial, or set 'all or nothing' in Moodle after import",
            )
        for i, opt in enumerate(q.options):
            w = right if i in q.key_indices else wrong
            yield f"~%{_percent(w)}%" + self._option(opt.text, opt.feedback, images)

    def _matching(self, q: Matching, images: list[str]) -> Iterator[str]:
        for side in [p.right for p in q.pairs] + list(q.distractors):
            if not _plain_only(side):
                self.loss(
                    FEATURE_LOST,
                    q,
                    f"matching answer {side.strip()!r} loses its formatting: Moodle shows "
                    "right-hand items as plain text",
                    "write right-hand items as plain text",
                )
                rt_images = [
                    n.src for n in rt.walk_inlines(rt.parse(side)) if isinstance(n, rt.Image)
                ]
                images.extend(rt_images)
        for pair in q.pairs:
            yield f"={self.field(pair.left, images)} -> {gift_escape(_right_text(pair.right))}"
        for extra in q.distractors:
            yield f"= -> {gift_escape(_right_text(extra))}"

    def _check_weight(self, q: AnyQuestion, weight: float) -> None:
        if not _accepted(weight):
            self.loss(
                UNREPRESENTABLE_WEIGHT,
                q,
                f"weight {weight:g}% is not in Moodle's grade list: the import would fail",
                "use one of 100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, "
                "30, 25, 20, 16.66667, 14.28571, 12.5, 11.11111, 10, 5",
            )


# The same few weights recur on every question: compute each once.
_multichoice_weights = lru_cache(maxsize=256)(multichoice_weights)
_percent = lru_cache(maxsize=256)(format_percent)
_accepted = lru_cache(maxsize=1024)(accepted)


def _nearest(percent: Fraction) -> Fraction:
    from qbank.moodle import ACCEPTED_PERCENTS

    return min(ACCEPTED_PERCENTS, key=lambda p: (abs(p - percent), -p))


def _numeric(answer: NumericAnswer) -> str:
    if answer.value is not None:
        if answer.tolerance:
            return f"{_number(answer.value)}:{_number(answer.tolerance)}"
        return _number(answer.value)
    assert answer.min is not None and answer.max is not None
    return f"{_number(answer.min)}..{_number(answer.max)}"


def file_name(bank: Bank) -> str:
    """`<slug of the bank title>.gift`, or `bank.gift` when the title has no ASCII word."""
    words = re.findall(r"[a-z0-9]+", bank.meta.title.lower())
    return ("-".join(words)[:60].strip("-") or "bank") + ".gift"


def render(request: ExportRequest, options: GiftOptions) -> tuple[str, list[Diagnostic]]:
    """The GIFT text of the whole bank, and what it could not carry."""
    with collector.paused():  # many small objects (rich-text trees), no reference cycles
        return _render(request, options)


def _render(request: ExportRequest, options: GiftOptions) -> tuple[str, list[Diagnostic]]:
    writer = _Writer(request, options)
    blocks: list[str] = [
        f"// {_WS.sub(' ', request.bank.meta.title).strip()}: written by qbank (GIFT for Moodle)"
    ]
    current: str | None = None
    for q in request.bank.questions:
        category = writer.category(q)
        if category is not None and category != current:
            blocks.append(f"$CATEGORY: {category}")
            current = category
        blocks.append(writer.question(q))
    return "\n\n".join(blocks) + "\n", writer.diagnostics


class GiftExporter:
    """Writes `<bank>.gift`: every question of the bank in Moodle's GIFT format."""

    name = "gift"
    description = "Moodle GIFT of the whole bank (import with Moodle's defaults)"
    suffix = ".gift"
    binary = False
    options_model: type[BaseModel] = GiftOptions

    def export(self, request: ExportRequest) -> ExportResult:
        """Render the whole bank as one GIFT file."""
        options = options_as(request, GiftOptions)
        name = file_name(request.bank)
        if request.exam is not None:
            # An exam: its questions (each once, as in the bank; Moodle shuffles by itself).
            seen: dict[str, AnyQuestion] = {}
            for paper in request.papers:
                for section in paper.sections:
                    for item in section.questions:
                        seen.setdefault(item.question.id, item.question)
            bank = request.bank.model_copy(update={"questions": list(seen.values())})
            request = replace(request, bank=bank)
            name = f"{request.exam}.gift"
        text, diagnostics = render(request, options)
        return ExportResult([Output(name, text)], diagnostics)


exporter = GiftExporter()
