"""Markdown parsed once (markdown-it-py) into a small typed tree that every writer renders."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeAlias

from markdown_it import MarkdownIt
from markdown_it.common.utils import isMdAsciiPunct, isPunctChar, isWhiteSpace
from markdown_it.token import Token
from mdit_py_plugins.dollarmath import dollarmath_plugin

# --------------------------------------------------------------------------- inline nodes


@dataclass(frozen=True, slots=True)
class Text:
    """Plain text, exactly as the author wrote it (no escaping)."""

    text: str


@dataclass(frozen=True, slots=True)
class Emph:
    """Emphasis (italic)."""

    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Strong:
    """Strong emphasis (bold)."""

    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Code:
    """Inline code."""

    text: str


@dataclass(frozen=True, slots=True)
class Math:
    """Inline math in TeX notation (`$...$`)."""

    tex: str


@dataclass(frozen=True, slots=True)
class Link:
    """A hyperlink."""

    href: str
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Image:
    """An image; `src` is a path relative to the question's file, or a URL."""

    src: str
    alt: str
    title: str | None = None


@dataclass(frozen=True, slots=True)
class LineBreak:
    """A hard line break."""


@dataclass(frozen=True, slots=True)
class SoftBreak:
    """A line end inside a paragraph (a space in English, nothing between CJK characters)."""


Inline: TypeAlias = Text | Emph | Strong | Code | Math | Link | Image | LineBreak | SoftBreak

# --------------------------------------------------------------------------- block nodes


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph of inline content."""

    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading, level 1-6."""

    level: int
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class BulletList:
    """An unordered list; each item is a sequence of blocks (so lists nest)."""

    items: tuple[tuple[Block, ...], ...]
    tight: bool = True


@dataclass(frozen=True, slots=True)
class OrderedList:
    """An ordered list starting at `start`."""

    items: tuple[tuple[Block, ...], ...]
    start: int = 1
    tight: bool = True


@dataclass(frozen=True, slots=True)
class CodeBlock:
    """A code block; `text` keeps its indentation and ends without a newline."""

    text: str
    lang: str | None = None


@dataclass(frozen=True, slots=True)
class MathBlock:
    """Display math in TeX notation (`$$...$$`)."""

    tex: str


@dataclass(frozen=True, slots=True)
class Quote:
    """A block quote."""

    children: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class Table:
    """A table: header cells, body rows, and per-column alignment (left/center/right or None)."""

    header: tuple[tuple[Inline, ...], ...]
    rows: tuple[tuple[tuple[Inline, ...], ...], ...]
    align: tuple[str | None, ...]


@dataclass(frozen=True, slots=True)
class ThematicBreak:
    """A horizontal rule."""


Block: TypeAlias = (
    Paragraph
    | Heading
    | BulletList
    | OrderedList
    | CodeBlock
    | MathBlock
    | Quote
    | Table
    | ThematicBreak
)
Document: TypeAlias = tuple[Block, ...]

# --------------------------------------------------------------------------- parsing


def markdown_parser() -> MarkdownIt:
    """A new markdown-it parser set up as qbank reads Markdown (CommonMark, tables, `$math$`)."""
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table")
    # `$5 and $6` stays text: no space inside the dollars, no digit right outside them.
    md.use(dollarmath_plugin, allow_space=False, allow_digits=False, double_inline=True)
    return md


@lru_cache(maxsize=1)
def _md() -> MarkdownIt:
    return markdown_parser()  # built on first need: the shortcut reads most texts without it


@lru_cache(maxsize=1 << 17)
def parse(source: str) -> Document:
    """Parse Markdown into the block tree (cached: each distinct text is parsed once)."""
    simple = _simple_document(source)
    if simple is not None:
        return simple
    tokens = _md().parse(source)
    blocks, _ = _block_run(tokens, 0, len(tokens))
    return blocks


def reads_as(source: str, doc: Document) -> bool:
    """Whether `source` parses into `doc`; a check that leaves the parse cache as it was."""
    return parse.__wrapped__(source) == doc


# A line holding none of these characters, and starting with none of `_LINE_START`, is plain
# text in CommonMark (with our plugins): no inline syntax, no block syntax.
_LINE_START = frozenset("#=-+0123456789 ")
# Never taken by the shortcut: table pipes, `~` (fences), control characters (tab and CR
# included) and Unicode line breaks.
_NEVER = re.compile(r"[|~\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029]")
# Inline syntax: text holding none of it is a run of plain text.
_MARKUP = re.compile(r"[*_`\[\]!<>&\\$]")
# The inline syntax the shortcut reads: `*em*`, `**strong**`, `` `code` `` and `$math$`.
_SIMPLE_MARK = re.compile(r"[*`$]")
# Outside code and math, these are left to markdown-it (underscores, links, escapes, ...).
_OTHER_MARK = re.compile(r"[_\[\]!<>&\\]")


def _plain_line(line: str) -> bool:
    """A line that is paragraph text wherever it stands (no block syntax, no edge spaces)."""
    return bool(line) and line[0] not in _LINE_START and line == line.strip()


def is_plain_paragraph(source: str) -> bool:
    """Whether `parse(source)` is `(Paragraph((Text(source),)),)`: text that is just itself.

    True for one line without inline syntax, block syntax or edge spaces: writers render such
    text (most options, many stems) without building its tree.
    """
    return (
        _plain_line(source)
        and "\n" not in source
        and _MARKUP.search(source) is None
        and _NEVER.search(source) is None
    )


def _edge_char_ok(ch: str) -> bool:
    """A character emphasis may hug from the inside: neither whitespace nor punctuation."""
    code = ord(ch)
    return not (isWhiteSpace(code) or isMdAsciiPunct(code) or isPunctChar(ch))


def _text_run(text: str, out: list[Inline]) -> bool:
    """Append plain text (line ends as soft breaks); False if it holds other inline syntax."""
    if _OTHER_MARK.search(text):
        return False
    lines = text.split("\n")
    if lines[0]:
        out.append(Text(lines[0]))
    for line in lines[1:]:
        out.append(SoftBreak())
        if line:
            out.append(Text(line))
    return True


def _simple_inlines(src: str) -> tuple[Inline, ...] | None:
    """The inline nodes of a paragraph's text, read without the parser; None if in doubt.

    Reads plain text with soft breaks, `*em*` and `**strong**` (not nested, hugging a letter
    on both inner edges, so that CommonMark's flanking rules pair them in order), single-
    backtick code spans without edge spaces and `$math$` as dollarmath reads it (no edge
    spaces, no digit outside, no escaped dollar). Anything else is left to markdown-it.
    """
    if not _MARKUP.search(src):
        out: list[Inline] = []
        _text_run(src, out)
        return tuple(out)
    top: list[Inline] = []
    out = top
    open_len = 0  # length of the open emphasis run (1 or 2), 0 when none is open
    n = len(src)
    start = 0  # start of the pending plain text
    pos = 0
    while True:
        match = _SIMPLE_MARK.search(src, pos)
        if match is None:
            break
        i = match.start()
        ch = src[i]
        if ch == "`":
            end = src.find("`", i + 1)
            content = src[i + 1 : end]
            if (
                end <= i + 1
                or src.startswith("`", end + 1)
                or content[0] == " "
                or content[-1] == " "
                or "\n" in content
            ):
                return None
            node: Inline = Code(content)
            after = end + 1
        elif ch == "$":
            end = src.find("$", i + 1)
            content = src[i + 1 : end]
            if (
                end <= i + 1
                or content != content.strip()
                or "\n" in content
                or content[-1] == "\\"
                or src[i - 1].isdigit()  # dollarmath looks at src[-1] for a `$` at 0
                or src[end + 1 : end + 2].isdigit()
            ):
                return None
            node = Math(content)
            after = end + 1
        else:
            end = i
            while end < n and src[end] == "*":
                end += 1
            length = end - i
            if length > 2:
                return None
            if not open_len:
                if end == n or not _edge_char_ok(src[end]):
                    return None
                if not _text_run(src[start:i], out):
                    return None
                out = []
                open_len = length
                start = pos = end
                continue
            if length != open_len or not _edge_char_ok(src[i - 1]):
                return None
            if not _text_run(src[start:i], out):
                return None
            top.append(Emph(tuple(out)) if length == 1 else Strong(tuple(out)))
            out = top
            open_len = 0
            start = pos = end
            continue
        if not _text_run(src[start:i], out):
            return None
        out.append(node)
        start = pos = after
    if open_len or not _text_run(src[start:], out):
        return None
    return tuple(out)


def _paragraph(lines: list[str], plain: bool) -> Paragraph | None:
    """A paragraph of these lines (`plain`: the whole text holds no inline syntax)."""
    if plain:
        children: list[Inline] = [Text(lines[0])]
        for line in lines[1:]:
            children += (SoftBreak(), Text(line))
        return Paragraph(tuple(children))
    inlines = _simple_inlines("\n".join(lines))
    return None if inlines is None else Paragraph(inlines)


# Leading spaces, then maybe a list marker (`- ` or `N. `), then the rest of the line.
_LINE_PARTS = re.compile(r"( *)(?:(-) |([0-9]{1,9})\. )?")

# Per line: (leading spaces, marker width or 0 when the line is no one-line list item,
# item number or -1 for a bullet). A list item's text starts at lead + width.
_LineInfo: TypeAlias = tuple[int, int, int]


def _line_infos(lines: list[str]) -> list[_LineInfo]:
    infos: list[_LineInfo] = []
    for line in lines:
        match = _LINE_PARTS.match(line)
        assert match is not None  # every group is optional
        lead, end = match.end(1), match.end()
        if end == lead or not _plain_line(line[end:]):
            infos.append((lead, 0, 0))
        else:
            number = match.group(3)
            infos.append((lead, end - lead, -1 if number is None else int(number)))
    return infos


def _simple_list(
    lines: list[str], infos: list[_LineInfo], i: int, indent: int, plain: bool
) -> tuple[Block, int] | None:
    """A tight list of one-line items (nested lists allowed) from lines[i], or None."""
    number = infos[i][2]
    bullet = number < 0
    if indent and number > 1:
        return None  # would not interrupt the parent item's paragraph
    items: list[tuple[Block, ...]] = []
    n = len(lines)
    while i < n:
        lead, width, mark = infos[i]
        if lead != indent or not width or (mark < 0) != bullet:
            return None
        paragraph = _paragraph([lines[i][indent + width :]], plain)
        if paragraph is None:
            return None
        children: list[Block] = [paragraph]
        i += 1
        if i < n and infos[i][1] and infos[i][0] == indent + width:
            nested = _simple_list(lines, infos, i, indent + width, plain)
            if nested is None:
                return None
            children.append(nested[0])
            i = nested[1]
        items.append(tuple(children))
        if i == n:
            break
        if lines[i] == "":
            if indent:
                return None  # a blank line inside an item makes the outer list loose
            break
        lead = infos[i][0]
        if lead < indent:
            break  # back to the parent list, which checks this line
        if lead > indent:
            return None
    block: Block = BulletList(tuple(items)) if bullet else OrderedList(tuple(items), start=number)
    return block, i


def _simple_document(source: str) -> Document | None:
    """Paragraphs and tight lists of simple text, built without the parser; None otherwise.

    Conservative by design: whatever could be read two ways (lazy continuation lines, loose
    lists, a list interrupting a paragraph, indented text, inline syntax beyond what
    `_simple_inlines` reads) is left to markdown-it.
    """
    text = source.rstrip("\n")
    if not text or _NEVER.search(text):
        return None
    plain = _MARKUP.search(text) is None
    if "\n" not in text and _plain_line(text):  # the commonest case: options, short stems
        paragraph = _paragraph([text], plain)
        return None if paragraph is None else (paragraph,)
    lines = text.split("\n")
    infos = _line_infos(lines)
    n = len(lines)
    blocks: list[Block] = []
    last_list: bool | None = None  # was the last block a bullet list (True), ordered (False)
    i = 0
    while i < n:
        line = lines[i]
        if line == "":
            i += 1
            continue
        lead, width, number = infos[i]
        if width and not lead:
            if (number < 0) is last_list:
                return None  # a blank line inside one list: a loose list
            parsed = _simple_list(lines, infos, i, 0, plain)
            if parsed is None:
                return None
            blocks.append(parsed[0])
            last_list, i = number < 0, parsed[1]
            continue
        start = i
        while i < n and lines[i] != "":
            if not _plain_line(lines[i]):
                return None
            i += 1
        paragraph = _paragraph(lines[start:i], plain)
        if paragraph is None:
            return None
        blocks.append(paragraph)
        last_list = None
    return tuple(blocks)


def _close_of(tokens: list[Token], i: int) -> int:
    """Index of the token that closes the one opened at `i`."""
    depth = 0
    for j in range(i, len(tokens)):
        depth += tokens[j].nesting
        if depth == 0:
            return j
    return len(tokens) - 1


def _block_run(tokens: list[Token], i: int, end: int) -> tuple[Document, int]:
    """The blocks of tokens[i:end] (end exclusive)."""
    out: list[Block] = []
    while i < end:
        tok = tokens[i]
        kind = tok.type
        if kind == "paragraph_open":
            out.append(Paragraph(_inlines_of(tokens[i + 1])))
            i += 3
        elif kind == "heading_open":
            out.append(Heading(int(tok.tag[1:]), _inlines_of(tokens[i + 1])))
            i += 3
        elif kind in ("bullet_list_open", "ordered_list_open"):
            close = _close_of(tokens, i)
            items: list[Document] = []
            tight = True
            j = i + 1
            while j < close:
                item_close = _close_of(tokens, j)
                for k in range(j + 1, item_close):
                    if tokens[k].type == "paragraph_open" and tokens[k].level == tok.level + 2:
                        tight = tight and tokens[k].hidden
                items.append(_block_run(tokens, j + 1, item_close)[0])
                j = item_close + 1
            if kind == "bullet_list_open":
                out.append(BulletList(tuple(items), tight=tight))
            else:
                start = tok.attrs.get("start", 1)
                out.append(OrderedList(tuple(items), start=int(start), tight=tight))
            i = close + 1
        elif kind in ("fence", "code_block"):
            lang = tok.info.strip().split(" ")[0] if kind == "fence" and tok.info else None
            out.append(CodeBlock(tok.content.rstrip("\n"), lang or None))
            i += 1
        elif kind in ("math_block", "math_block_label"):
            out.append(MathBlock(tok.content.strip()))
            i += 1
        elif kind == "blockquote_open":
            close = _close_of(tokens, i)
            out.append(Quote(_block_run(tokens, i + 1, close)[0]))
            i = close + 1
        elif kind == "table_open":
            close = _close_of(tokens, i)
            out.append(_table(tokens, i + 1, close))
            i = close + 1
        elif kind == "hr":
            out.append(ThematicBreak())
            i += 1
        elif tok.nesting == 1:  # not produced with html disabled; keep its text, lose nothing
            close = _close_of(tokens, i)
            out.extend(_block_run(tokens, i + 1, close)[0])
            i = close + 1
        else:
            if tok.content:
                out.append(Paragraph((Text(tok.content),)))
            i += 1
    return tuple(out), i


def _table(tokens: list[Token], i: int, end: int) -> Table:
    header: tuple[tuple[Inline, ...], ...] = ()
    rows: list[tuple[tuple[Inline, ...], ...]] = []
    align: tuple[str | None, ...] = ()
    in_head = False
    cells: list[tuple[Inline, ...]] = []
    aligns: list[str | None] = []
    for j in range(i, end):
        tok = tokens[j]
        kind = tok.type
        if kind == "thead_open":
            in_head = True
        elif kind == "thead_close":
            in_head = False
        elif kind == "tr_open":
            cells, aligns = [], []
        elif kind in ("th_open", "td_open"):
            style = str(tok.attrs.get("style", ""))
            aligns.append(style.split(":", 1)[1] if style.startswith("text-align:") else None)
        elif kind == "inline":
            cells.append(_inlines_of(tok))
        elif kind == "tr_close":
            if in_head:
                header, align = tuple(cells), tuple(aligns)
            else:
                rows.append(tuple(cells))
    return Table(header, tuple(rows), align)


def _inlines_of(tok: Token) -> tuple[Inline, ...]:
    children = tok.children or []
    return _inline_run(children, 0, len(children))[0]


_INLINE_CLOSE = {"em_open": "em_close", "strong_open": "strong_close", "link_open": "link_close"}


def _inline_run(tokens: list[Token], i: int, end: int) -> tuple[tuple[Inline, ...], int]:
    out: list[Inline] = []
    pending: list[str] = []
    while i < end:
        tok = tokens[i]
        kind = tok.type
        if kind == "text":
            pending.append(tok.content)
            i += 1
            continue
        if pending:
            if joined := "".join(pending):  # markdown-it leaves empty text around emphasis
                out.append(Text(joined))
            pending.clear()
        if kind in _INLINE_CLOSE:
            close = _close_of(tokens, i)
            inner = _inline_run(tokens, i + 1, close)[0]
            if kind == "em_open":
                out.append(Emph(inner))
            elif kind == "strong_open":
                out.append(Strong(inner))
            else:
                out.append(Link(str(tok.attrs.get("href", "")), inner))
            i = close + 1
            continue
        if kind == "code_inline":
            out.append(Code(tok.content))
        elif kind in ("math_inline", "math_inline_double"):
            out.append(Math(tok.content.strip()))
        elif kind == "image":
            title = tok.attrs.get("title")
            alt = plain_inline(_inline_run(tok.children or [], 0, len(tok.children or []))[0])
            out.append(Image(str(tok.attrs.get("src", "")), alt, str(title) if title else None))
        elif kind == "hardbreak":
            out.append(LineBreak())
        elif kind == "softbreak":
            out.append(SoftBreak())
        elif tok.nesting == 1:  # another paired inline (none with our plugins): keep its text
            close = _close_of(tokens, i)
            out.extend(_inline_run(tokens, i + 1, close)[0])
            i = close + 1
            continue
        elif tok.content:
            pending.append(tok.content)
        i += 1
    if joined := "".join(pending):
        out.append(Text(joined))
    return tuple(out), i


# --------------------------------------------------------------------------- helpers


def plain_inline(nodes: tuple[Inline, ...]) -> str:
    """The text of inline nodes without markup (math as its TeX)."""
    parts: list[str] = []
    for node in nodes:
        match node:
            case Text(text=t) | Code(text=t) | Math(tex=t):
                parts.append(t)
            case Emph(children=c) | Strong(children=c) | Link(children=c):
                parts.append(plain_inline(c))
            case Image(alt=alt):
                parts.append(alt)
            case LineBreak() | SoftBreak():
                parts.append("\n")
    return "".join(parts)


def plain_text(doc: Document) -> str:
    """The text of a document without markup, blocks separated by newlines."""
    parts: list[str] = []
    for block in doc:
        match block:
            case Paragraph(children=c) | Heading(children=c):
                parts.append(plain_inline(c))
            case BulletList(items=items) | OrderedList(items=items):
                parts.extend(plain_text(item) for item in items)
            case CodeBlock(text=t) | MathBlock(tex=t):
                parts.append(t)
            case Quote(children=c):
                parts.append(plain_text(c))
            case Table(header=header, rows=rows):
                for row in (header, *rows):
                    parts.append("\t".join(plain_inline(cell) for cell in row))
            case ThematicBreak():
                pass
    return "\n".join(parts)


def walk_inlines(doc: Document) -> Iterator[Inline]:
    """Every inline node of a document, depth first (images, links, math, ...)."""
    # Module-level generators: nested closures would make a reference cycle on every call.
    return _walk_blocks(doc)


def _walk_inline(nodes: tuple[Inline, ...]) -> Iterator[Inline]:
    for node in nodes:
        yield node
        if isinstance(node, Emph | Strong | Link):
            yield from _walk_inline(node.children)


def _walk_blocks(blocks: tuple[Block, ...]) -> Iterator[Inline]:
    for b in blocks:
        match b:
            case Paragraph(children=c) | Heading(children=c):
                yield from _walk_inline(c)
            case BulletList(items=items) | OrderedList(items=items):
                for item in items:
                    yield from _walk_blocks(item)
            case Quote(children=c):
                yield from _walk_blocks(c)
            case Table(header=header, rows=rows):
                for row in (header, *rows):
                    for cell in row:
                        yield from _walk_inline(cell)
            case _:
                pass
