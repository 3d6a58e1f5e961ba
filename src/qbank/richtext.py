"""Markdown parsed once (markdown-it-py) into a small typed tree that every writer renders."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeAlias

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode
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


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table")
    # `$5 and $6` stays text: no space inside the dollars, no digit right outside them.
    md.use(dollarmath_plugin, allow_space=False, allow_digits=False, double_inline=True)
    return md


_MD = _parser()


@lru_cache(maxsize=1 << 16)
def parse(source: str) -> Document:
    """Parse Markdown into the block tree (cached: each distinct text is parsed once)."""
    root = SyntaxTreeNode(_MD.parse(source))
    return tuple(_blocks(root.children))


def _blocks(nodes: list[SyntaxTreeNode]) -> Iterator[Block]:
    for node in nodes:
        block = _block(node)
        if block is not None:
            yield block


def _block(node: SyntaxTreeNode) -> Block | None:
    kind = node.type
    if kind == "paragraph":
        return Paragraph(_inline_of(node))
    if kind == "heading":
        return Heading(int(node.tag[1:]), _inline_of(node))
    if kind == "bullet_list":
        return BulletList(_items(node), tight=_tight(node))
    if kind == "ordered_list":
        start = node.attrs.get("start", 1)
        return OrderedList(_items(node), start=int(start), tight=_tight(node))
    if kind in ("fence", "code_block"):
        lang = node.info.strip().split(" ")[0] if kind == "fence" and node.info else None
        return CodeBlock(node.content.rstrip("\n"), lang or None)
    if kind in ("math_block", "math_block_label"):
        return MathBlock(node.content.strip())
    if kind == "blockquote":
        return Quote(tuple(_blocks(node.children)))
    if kind == "table":
        return _table(node)
    if kind == "hr":
        return ThematicBreak()
    # html is disabled, so nothing else reaches here; keep any text rather than lose it.
    if node.content:
        return Paragraph((Text(node.content),))
    return None


def _tight(node: SyntaxTreeNode) -> bool:
    for item in node.children:
        for child in item.children:
            if child.type == "paragraph" and not child.hidden:
                return False
    return True


def _items(node: SyntaxTreeNode) -> tuple[tuple[Block, ...], ...]:
    return tuple(tuple(_blocks(item.children)) for item in node.children)


def _table(node: SyntaxTreeNode) -> Table:
    header: tuple[tuple[Inline, ...], ...] = ()
    rows: list[tuple[tuple[Inline, ...], ...]] = []
    align: tuple[str | None, ...] = ()
    for part in node.children:
        for tr in part.children:
            cells = tuple(_inline_of(cell) for cell in tr.children)
            if part.type == "thead":
                header = cells
                align = tuple(_align(cell) for cell in tr.children)
            else:
                rows.append(cells)
    return Table(header, tuple(rows), align)


def _align(cell: SyntaxTreeNode) -> str | None:
    style = str(cell.attrs.get("style", ""))
    return style.split(":", 1)[1] if style.startswith("text-align:") else None


def _inline_of(node: SyntaxTreeNode) -> tuple[Inline, ...]:
    out: list[Inline] = []
    for child in node.children:
        if child.type == "inline":
            out.extend(_inlines(child.children))
    return tuple(out)


def _inlines(nodes: list[SyntaxTreeNode]) -> Iterator[Inline]:
    pending: list[str] = []
    for node in nodes:
        kind = node.type
        if kind == "text":
            pending.append(node.content)
            continue
        if pending:
            yield Text("".join(pending))
            pending.clear()
        if kind == "em":
            yield Emph(tuple(_inlines(node.children)))
        elif kind == "strong":
            yield Strong(tuple(_inlines(node.children)))
        elif kind == "code_inline":
            yield Code(node.content)
        elif kind in ("math_inline", "math_inline_double"):
            yield Math(node.content.strip())
        elif kind == "link":
            yield Link(str(node.attrs.get("href", "")), tuple(_inlines(node.children)))
        elif kind == "image":
            title = node.attrs.get("title")
            yield Image(
                str(node.attrs.get("src", "")),
                plain_inline(tuple(_inlines(node.children))),
                str(title) if title else None,
            )
        elif kind == "hardbreak":
            yield LineBreak()
        elif kind == "softbreak":
            yield SoftBreak()
        elif node.content:
            pending.append(node.content)
    if pending:
        yield Text("".join(pending))


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

    def inline(nodes: tuple[Inline, ...]) -> Iterator[Inline]:
        for node in nodes:
            yield node
            if isinstance(node, Emph | Strong | Link):
                yield from inline(node.children)

    def block(blocks: tuple[Block, ...]) -> Iterator[Inline]:
        for b in blocks:
            match b:
                case Paragraph(children=c) | Heading(children=c):
                    yield from inline(c)
                case BulletList(items=items) | OrderedList(items=items):
                    for item in items:
                        yield from block(item)
                case Quote(children=c):
                    yield from block(c)
                case Table(header=header, rows=rows):
                    for row in (header, *rows):
                        for cell in row:
                            yield from inline(cell)
                case _:
                    pass

    return block(doc)
