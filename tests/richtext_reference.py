"""Reference conversion through markdown-it's SyntaxTreeNode: the fast converter must agree with it."""

from __future__ import annotations

from collections.abc import Iterator

from markdown_it.tree import SyntaxTreeNode

from qbank.richtext import (
    Block,
    BulletList,
    Code,
    CodeBlock,
    Document,
    Emph,
    Heading,
    Image,
    Inline,
    LineBreak,
    Link,
    Math,
    MathBlock,
    OrderedList,
    Paragraph,
    Quote,
    SoftBreak,
    Strong,
    Table,
    Text,
    ThematicBreak,
    markdown_parser,
    plain_inline,
)

_MD = markdown_parser()


def parse_reference(source: str) -> Document:
    """Parse through SyntaxTreeNode (slow, simple): the oracle for `qbank.richtext.parse`."""
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
            if joined := "".join(pending):  # markdown-it leaves empty text around emphasis
                yield Text(joined)
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
    if joined := "".join(pending):
        yield Text(joined)
