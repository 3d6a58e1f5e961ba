"""The GIFT reader: Moodle GIFT (ours and hand-written) into canonical questions, losses listed."""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from qbank import collector
from qbank import richtext as rt
from qbank.diagnostics import Diagnostic, Location, error, warning
from qbank.importers import (
    IMPORT_LOSS,
    MALFORMED_QUESTION,
    UNREADABLE_SOURCE,
    ImportResult,
    slugify,
    unique_ids,
)
from qbank.model import AnyQuestion, Question
from qbank.moodle import multichoice_weights

META_PREFIX = "// qbank:"
"""The writer's comment line with what GIFT has no syntax for (see exporters/qbank_gift)."""

_QUESTION: TypeAdapter[AnyQuestion] = TypeAdapter(Question)

# escapedchar_pre(): `\\` first, then `\~ \= \# \{ \} \:` and `\n`, in one left-to-right pass.
_ESCAPES = {"\\": "\ue000", "~": "\ue001", "=": "\ue002", "#": "\ue003", "{": "\ue004"}
_ESCAPES |= {"}": "\ue005", ":": "\ue006", "n": "\ue007"}
_UNESCAPE = {v: ("\n" if k == "n" else k) for k, v in _ESCAPES.items()}
_ESCAPE_RE = re.compile(r"\\([\\~=#{}:n])")
_UNESCAPE_RE = re.compile("[\ue000-\ue007]")
_FORMAT_RE = re.compile(r"^\[(moodle|html|plain|markdown)\]")
_WEIGHT_RE = re.compile(r"^%(-*[0-9]{1,2}\.?[0-9]*)%")
_ID_RE = re.compile(r"\[id:((?:\\\]|[^\]])+)\]")
_TAG_RE = re.compile(r"\[tag:((?:\\\]|[^\]])+)\]")
_TF = {"T": True, "TRUE": True, "F": False, "FALSE": False}


def _split_weight(raw: str) -> tuple[float, str]:
    """A leading `%n%` weight and the rest of the answer (100 when there is none)."""
    m = _WEIGHT_RE.match(raw)
    return (float(m.group(1)), raw[m.end() :]) if m else (100.0, raw)


def sniff(path: Path, head: bytes) -> bool:
    """A `.gift` file, or text that starts the way GIFT does (`::name::`, `$CATEGORY:`, braces)."""
    if path.suffix.lower() == ".gift":
        return True
    text = head.decode("utf-8", "ignore")
    return bool(
        re.search(r"(?m)^\s*(::[^\n]*?::|\$CATEGORY:)", text)
        or re.search(r"\{\s*(=|~|#|T\}|F\}|TRUE\}|FALSE\})", text)
    )


# --------------------------------------------------------------------------- blocks


@dataclass
class _Block:
    """One question block: its comment lines and its text, with a map back to file lines."""

    comments: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def line_at(self, offset: int) -> int:
        """The file line of a character offset in `text`."""
        starts: list[int] = []
        pos = 0
        for line in self.lines:
            starts.append(pos)
            pos += len(line) + 1
        index = max(bisect.bisect_right(starts, offset) - 1, 0)
        return self.numbers[index] if self.numbers else 0


def _blocks(text: str) -> list[_Block]:
    """Split like Moodle: trimmed lines; a blank line (or one that is just `0`) ends a block."""
    blocks: list[_Block] = []
    current = _Block()
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if line in ("", "0"):
            if current.lines or current.comments:
                blocks.append(current)
            current = _Block()
        elif line.startswith("//"):
            current.comments.append(line)
        else:
            current.lines.append(line)
            current.numbers.append(number)
    if current.lines or current.comments:
        blocks.append(current)
    return blocks


def _pre(text: str) -> str:
    """Escapes to private-use placeholders: the same as one left-to-right pass of `_ESCAPE_RE`.

    Backslash pairs go first (as the pass pairs them, left to right); a backslash left over
    ends an odd run and escapes the one character after it. C-level replaces, no callbacks.
    """
    if "\\" not in text:
        return text
    text = text.replace("\\\\", _ESCAPES["\\"])
    for char in "~=#{}:n":
        text = text.replace("\\" + char, _ESCAPES[char])
    return text


def _post(text: str) -> str:
    """Placeholders back to the characters they stand for."""
    if _UNESCAPE_RE.search(text) is None:
        return text
    for placeholder, char in _UNESCAPE.items():
        text = text.replace(placeholder, char)
    return text


# --------------------------------------------------------------------------- HTML -> rich text


_BLOCK_TAGS = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "pre", "blockquote", "table", "hr"}
)
_CONTAINER_TAGS = frozenset({"div", "section", "article", "body", "html", "center", "figure"})
_BREAKING_TAGS = _BLOCK_TAGS | _CONTAINER_TAGS | {"li"}
"""Tags that end a run of inline content."""
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_MATH_RE = re.compile(r"\\\((.+?)\\\)|\\\[(.+?)\\\]", re.DOTALL)
_WS_NL = re.compile(r"[ \t]*\n\s*")


_FULL_HTML = re.compile(r"^\s*<(?:html|!doctype)", re.IGNORECASE)


@lru_cache(maxsize=1)
def _html_parser() -> Any:
    from lxml import etree

    return etree.HTMLParser()


def _fragment(html_text: str) -> Any:
    """`lxml.html.fragment_fromstring(html_text, create_parent="div")`, in plain lxml.etree.

    The same steps, without lxml.html's element classes and their per-node class lookup.
    """
    try:
        return _fragment_of(html_text)
    except Exception:  # lxml raises ParserError for an empty or unreadable fragment
        return _fragment_of("<p></p>")


def _fragment_of(html_text: str) -> Any:
    from lxml import etree

    if not _FULL_HTML.match(html_text):
        html_text = f"<html><body>{html_text}</body></html>"
    doc = etree.fromstring(html_text, _html_parser())
    if doc is None or doc.tag != "html":
        raise etree.ParserError("Document is empty")
    bodies = [e for e in doc if e.tag == "body"]
    if len(bodies) != 1:
        raise etree.ParserError("not one body")
    body = bodies[0]
    root = etree.Element("div")
    if body.text and body.text.strip():
        root.text = body.text
    root.extend(body)
    return root


def _text_content(el: Any) -> str:
    """All the text inside an element (lxml.html's `text_content()`)."""
    return "".join(el.itertext())


def _text_inlines(text: str) -> list[rt.Inline]:
    if "\\" not in text:  # no `\(` or `\[`: no math
        return _plain_inlines(text)
    out: list[rt.Inline] = []
    pos = 0
    for m in _MATH_RE.finditer(text):
        out.extend(_plain_inlines(text[pos : m.start()]))
        tex = (m.group(1) if m.group(1) is not None else m.group(2)).strip()
        out.append(rt.Math(tex) if tex else rt.Text(m.group()))
        pos = m.end()
    out.extend(_plain_inlines(text[pos:]))
    return out


def _plain_inlines(text: str) -> list[rt.Inline]:
    if "\n" not in text:
        return [rt.Text(text)] if text else []
    out: list[rt.Inline] = []
    for i, part in enumerate(_WS_NL.split(text)):
        if i:
            out.append(rt.SoftBreak())
        if part:
            out.append(rt.Text(part))
    return out


def _inlines_of(el: Any) -> list[rt.Inline]:
    """Inline content of an element (its text, inline children and their tails)."""
    out: list[rt.Inline] = []
    if el.text:
        out.extend(_text_inlines(el.text))
    for child in el:
        out.extend(_inline_el(child))
        if child.tail:
            out.extend(_text_inlines(child.tail))
    return out


def _inline_el(el: Any) -> list[rt.Inline]:
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag in ("em", "i"):
        return [rt.Emph(tuple(_norm(_inlines_of(el))))]
    if tag in ("strong", "b"):
        return [rt.Strong(tuple(_norm(_inlines_of(el))))]
    if tag in ("code", "tt", "kbd", "samp"):
        return [rt.Code(_text_content(el))]
    if tag == "a":
        return [rt.Link(el.get("href", ""), tuple(_norm(_inlines_of(el))))]
    if tag == "img":
        return [rt.Image(el.get("src", ""), el.get("alt", ""), el.get("title") or None)]
    if tag == "br":
        return [rt.LineBreak()]
    if not tag:  # a comment or processing instruction
        return []
    return _inlines_of(el)


def _norm(nodes: Sequence[rt.Inline]) -> list[rt.Inline]:
    """Merge text, drop empties, strip space at line edges (as CommonMark's tree has it)."""
    if len(nodes) == 1 and type(only := nodes[0]) is rt.Text:  # the common case, quickly
        text = only.text.strip(" \t")
        if text == only.text:
            return [only] if text else []
        return [rt.Text(text)] if text else []
    merged: list[rt.Inline] = []
    for node in nodes:
        if isinstance(node, rt.Text):
            if not node.text:
                continue
            if merged and isinstance(merged[-1], rt.Text):
                merged[-1] = rt.Text(merged[-1].text + node.text)
                continue
        elif (
            isinstance(node, rt.SoftBreak)
            and (not merged or isinstance(merged[-1], rt.SoftBreak | rt.LineBreak))
        ) or (isinstance(node, rt.Emph | rt.Strong) and not node.children):
            continue
        merged.append(node)
    while merged and isinstance(merged[-1], rt.SoftBreak | rt.LineBreak):
        merged.pop()
    out: list[rt.Inline] = []
    for i, node in enumerate(merged):
        if isinstance(node, rt.Text):
            text = node.text
            if i == 0 or isinstance(merged[i - 1], rt.SoftBreak | rt.LineBreak):
                text = text.lstrip(" \t")
            if i == len(merged) - 1 or isinstance(merged[i + 1], rt.SoftBreak):
                text = text.rstrip(" \t")
            if not text:
                continue
            node = rt.Text(text)
        out.append(node)
    return out


def _paragraph(nodes: Sequence[rt.Inline]) -> rt.Block | None:
    inlines = _norm(nodes)
    if not inlines:
        return None
    if len(inlines) == 1 and isinstance(inlines[0], rt.Math):
        return None if False else _maybe_block_math(inlines[0], nodes)
    return rt.Paragraph(tuple(inlines))


def _maybe_block_math(math: rt.Math, nodes: Sequence[rt.Inline]) -> rt.Block:
    raw = "".join(n.text for n in nodes if isinstance(n, rt.Text))
    display = not raw.strip() and _display_math(nodes)
    return rt.MathBlock(math.tex) if display else rt.Paragraph((math,))


def _display_math(nodes: Sequence[rt.Inline]) -> bool:
    return any(getattr(n, "_display", False) for n in nodes)


def _blocks_of(el: Any) -> list[rt.Block]:
    """Block content of a container: inline runs between blocks become paragraphs."""
    out: list[rt.Block] = []
    run: list[rt.Inline] = _text_inlines(el.text) if el.text else []
    for child in el:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in _BREAKING_TAGS:
            _flush(run, out)
            out.extend(_block_el(child))
        else:
            run.extend(_inline_el(child))
        if child.tail:
            run.extend(_text_inlines(child.tail))
    _flush(run, out)
    return out


def _flush(run: list[rt.Inline], out: list[rt.Block]) -> None:
    """The inline run gathered so far becomes a paragraph of `out` (if it holds anything)."""
    if run:
        block = _paragraph(run)
        if block is not None:
            out.append(block)
        run.clear()


def _block_el(el: Any) -> list[rt.Block]:
    tag = el.tag
    if tag == "p":
        return _p(el)
    if tag in _HEADINGS:
        level = _HEADINGS[tag]
        inl = _inlines_of(el)
        if level > 2:  # only setext headings (levels 1-2) can span lines
            inl = [rt.Text(" ") if isinstance(n, rt.SoftBreak) else n for n in inl]
        return [rt.Heading(level, tuple(_norm(inl)))]
    if tag in ("ul", "ol"):
        items = [li for li in el if li.tag == "li"]
        tight = not any(next(li.iter("p"), None) is not None for li in items)
        blocks = tuple(tuple(_item_blocks(li, tight)) for li in items)
        if tag == "ul":
            return [rt.BulletList(blocks, tight=tight)]
        try:
            start = int(el.get("start", "1"))
        except ValueError:
            start = 1
        return [rt.OrderedList(blocks, start=start, tight=tight)]
    if tag == "pre":
        code = el.find("code")
        cls = (code if code is not None else el).get("class", "")
        lang = next((c[9:] for c in cls.split() if c.startswith("language-")), None)
        return [rt.CodeBlock(_text_content(el).rstrip("\n"), lang or None)]
    if tag == "blockquote":
        return [rt.Quote(tuple(_blocks_of(el)))]
    if tag == "table":
        return [_table_el(el)]
    if tag == "hr":
        return [rt.ThematicBreak()]
    return _blocks_of(el)


def _p(el: Any) -> list[rt.Block]:
    nodes = _inlines_of(el)
    inlines = _norm(nodes)
    if not inlines:
        return []
    text = (el.text or "").strip() if len(el) == 0 else ""
    if len(inlines) == 1 and isinstance(inlines[0], rt.Math) and text.startswith("\\["):
        return [rt.MathBlock(inlines[0].tex)]
    return [rt.Paragraph(tuple(inlines))]


def _item_blocks(li: Any, tight: bool) -> list[rt.Block]:
    return _blocks_of(li)


def _table_el(el: Any) -> rt.Table:
    rows = list(el.iter("tr"))
    header: tuple[tuple[rt.Inline, ...], ...] = ()
    align: tuple[str | None, ...] = ()
    body: list[tuple[tuple[rt.Inline, ...], ...]] = []
    for i, tr in enumerate(rows):
        cells = [c for c in tr if c.tag in ("td", "th")]
        content = tuple(
            tuple(
                _norm([rt.Text(" ") if isinstance(n, rt.SoftBreak) else n for n in _inlines_of(c)])
            )
            for c in cells
        )
        if i == 0:
            header = content
            align = tuple(_align(c.get("style", "")) for c in cells)
        else:
            width = len(header)
            body.append((content + ((),) * width)[:width])
    return rt.Table(header, tuple(body), align)


def _align(style: str) -> str | None:
    m = re.search(r"text-align:\s*(left|center|right)", style)
    return m.group(1) if m else None


def html_blocks(html_text: str) -> rt.Document:
    """HTML (as Moodle stores question text) into the rich-text tree."""
    if not html_text.strip():
        return ()
    return tuple(_blocks_of(_fragment(html_text)))


# --------------------------------------------------------------------------- rich text -> Markdown

_PUNCT = re.compile(r"([!-/:-@\[-`{-~])")
_ALWAYS = re.compile(
    r"([\\`*_\[\]$])|&(?=#?[0-9A-Za-z]+;)|<(?=[A-Za-z][A-Za-z0-9+.-]{1,31}:|[^>\s]*@)"
)
_LINE_START = re.compile(r"^([#>+=~|-]|[0-9]+(?=[.)]))")


def _escape(text: str, at_line_start: bool, full: bool, in_table: bool) -> str:
    if full:
        out = _PUNCT.sub(r"\\\1", text)
    else:
        out = _ALWAYS.sub(lambda m: "\\" + m.group(), text)
        if in_table:
            out = out.replace("|", "\\|")
        if at_line_start:
            m = _LINE_START.match(out)
            if m:
                if m.group(1)[0].isdigit():
                    end = m.end()
                    out = out[:end] + "\\" + out[end:]
                elif out[0] == "|":
                    # an escaped pipe still counts for markdown-it's table rule; an entity does not
                    out = "&#124;" + out[1:]
                else:
                    out = "\\" + out
    return out


def _code_span(text: str) -> str:
    longest = max((len(r) for r in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = (
        text.startswith("`")
        or text.endswith("`")
        or (text.startswith(" ") and text.endswith(" ") and text.strip(" ") != "")
    )
    return f"{fence} {text} {fence}" if pad else f"{fence}{text}{fence}"


def _dest(href: str) -> str:
    if not href or re.search(r"[\s()<>]", href):
        return "<" + href.replace("<", "%3C").replace(">", "%3E") + ">"
    return href


def _md_inline(nodes: Sequence[rt.Inline], full: bool, table: bool = False) -> str:
    out: list[str] = []
    line_start = True
    for node in nodes:
        if type(node) is rt.Text:  # the common case, without the match below
            out.append(_escape(node.text, line_start, full, table))
            line_start = False
            continue
        match node:
            case rt.Text(text=t):
                out.append(_escape(t, line_start, full, table))
            case rt.Emph(children=c):
                out.append(f"*{_md_inline(c, full, table)}*")
            case rt.Strong(children=c):
                out.append(f"**{_md_inline(c, full, table)}**")
            case rt.Code(text=t):
                out.append(_code_span(t.replace("|", "\\|") if table else t))
            case rt.Math(tex=t):
                out.append(f"${t}$")
            case rt.Link(href=href, children=c):
                out.append(f"[{_md_inline(c, full, table)}]({_dest(href)})")
            case rt.Image(src=src, alt=alt, title=title):
                extra = ' "' + title.replace('"', '\\"') + '"' if title else ""
                out.append(f"![{_escape(alt, False, full, table)}]({_dest(src)}{extra})")
            case rt.LineBreak():
                out.append("\\\n")
            case rt.SoftBreak():
                out.append("\n")
            case _:
                pass
        line_start = isinstance(node, rt.LineBreak | rt.SoftBreak)
    return "".join(out)


def _indent(text: str, first: str) -> str:
    pad = " " * len(first)
    lines = text.split("\n")
    return "\n".join([first + lines[0]] + [(pad + line) if line else "" for line in lines[1:]])


def _md_blocks(blocks: Sequence[rt.Block], full: bool) -> str:
    parts: list[str] = []
    previous: rt.Block | None = None
    for block in blocks:
        match block:
            case rt.Paragraph(children=c):
                parts.append(_md_inline(c, full))
            case rt.Heading(level=level, children=c):
                if level <= 2 and any(isinstance(n, rt.SoftBreak) for n in c):
                    parts.append(_md_inline(c, full) + "\n" + ("===" if level == 1 else "---"))
                else:
                    parts.append(("#" * level + " " + _md_inline(c, full)).rstrip())
            case rt.BulletList(items=items, tight=tight):
                marker = "*" if isinstance(previous, rt.BulletList) else "-"
                sep = "\n" if tight else "\n\n"
                parts.append(
                    sep.join(_indent(_md_item(item, tight, full), marker + " ") for item in items)
                )
            case rt.OrderedList(items=items, start=start, tight=tight):
                delim = ")" if isinstance(previous, rt.OrderedList) else "."
                sep = "\n" if tight else "\n\n"
                parts.append(
                    sep.join(
                        _indent(_md_item(item, tight, full), f"{start + i}{delim} ")
                        for i, item in enumerate(items)
                    )
                )
            case rt.CodeBlock(text=t, lang=lang):
                longest = max((len(r) for r in re.findall(r"^`+", t, re.M)), default=0)
                fence = "`" * max(3, longest + 1)
                parts.append(
                    f"{fence}{lang or ''}\n{t}\n{fence}" if t else f"{fence}{lang or ''}\n{fence}"
                )
            case rt.MathBlock(tex=t):
                parts.append(f"$$\n{t}\n$$")
            case rt.Quote(children=c):
                inner = _md_blocks(c, full)
                parts.append("\n".join(("> " + ln) if ln else ">" for ln in inner.split("\n")))
            case rt.Table(header=header, rows=rows, align=align):
                parts.append(_md_table(header, rows, align, full))
            case rt.ThematicBreak():
                parts.append("---")
            case _:
                pass
        previous = block
    return "\n\n".join(parts)


def _md_item(blocks: tuple[rt.Block, ...], tight: bool, full: bool) -> str:
    if not tight:
        return _md_blocks(blocks, full)
    return "\n".join(_md_blocks((b,), full) for b in blocks)


def _md_table(
    header: tuple[tuple[rt.Inline, ...], ...],
    rows: tuple[tuple[tuple[rt.Inline, ...], ...], ...],
    align: tuple[str | None, ...],
    full: bool,
) -> str:
    def row(cells: Sequence[tuple[rt.Inline, ...]]) -> str:
        return "| " + " | ".join(_md_inline(c, full, table=True) for c in cells) + " |"

    rule = {"left": ":---", "center": ":---:", "right": "---:", None: "---"}
    delim = "| " + " | ".join(rule[a if a in rule else None] for a in align) + " |"
    return "\n".join([row(header), delim, *(row(r) for r in rows)])


def _plain_text(block: rt.Block) -> str | None:
    """The text of a paragraph whose Markdown is provably the text itself, else None."""
    if type(block) is rt.Paragraph and len(block.children) == 1:
        node = block.children[0]
        if type(node) is rt.Text and rt.is_plain_paragraph(node.text):
            return node.text
    return None


def tree_to_markdown(doc: rt.Document) -> str:
    """Markdown that qbank.richtext parses back into `doc` (readable escaping when possible)."""
    plain: list[str] = []
    for block in doc:
        text = _plain_text(block)
        if text is None:
            break
        plain.append(text)
    else:  # paragraphs of plain text: the Markdown is the text itself (no parse needed)
        return "\n\n".join(plain)
    text = _md_blocks(doc, full=False)
    if rt.reads_as(text, doc):
        return text
    escaped = _md_blocks(doc, full=True)
    return escaped if rt.reads_as(escaped, doc) else text


_XML_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def from_html(html_text: str) -> str:
    """HTML into Markdown, through the rich-text tree."""
    if not html_text.strip():
        return tree_to_markdown(())  # as html_blocks: nothing but (Unicode) whitespace
    if "<" not in html_text and "&" not in html_text:
        if "\\" not in html_text:
            return tree_to_markdown(_plain_doc(html_text))
        if _XML_UNSAFE.search(html_text) is None:
            # Text and math, no markup: what the HTML parser would give, without parsing.
            block = _paragraph(_text_inlines(html_text))
            return tree_to_markdown(() if block is None else (block,))
    return tree_to_markdown(html_blocks(html_text))


def _plain_doc(text: str) -> rt.Document:
    inlines = _norm(_plain_inlines(text))
    return (rt.Paragraph(tuple(inlines)),) if inlines else ()


def from_plain(text: str) -> str:
    """Plain text (shown literally) into Markdown: line ends become hard line breaks."""
    blocks: list[rt.Block] = []
    for chunk in re.split(r"\n\s*\n", text.strip()):
        inlines: list[rt.Inline] = []
        for i, line in enumerate(chunk.split("\n")):
            if i:
                inlines.append(rt.LineBreak())
            inlines.append(rt.Text(line))
        norm = _norm(inlines)
        if norm:
            blocks.append(rt.Paragraph(tuple(norm)))
    return tree_to_markdown(tuple(blocks))


def sections_from_html(html_text: str) -> list[dict[str, str]] | None:
    """General feedback as the writer writes it (`<h4>title</h4><div>body</div>`...), else None."""
    root = _fragment(html_text)
    if (root.text or "").strip():
        return None
    sections: list[dict[str, str]] = []
    title: str | None = None
    for child in root:
        if (child.tail or "").strip():
            return None
        if child.tag in _HEADINGS and title is None:
            title = tree_to_markdown((rt.Paragraph(tuple(_norm(_inlines_of(child)))),))
        elif child.tag == "div":
            body = tree_to_markdown(tuple(_blocks_of(child)))
            if not body.strip():
                return None
            section = {"body": body}
            if title is not None:
                section = {"title": title, "body": body}
            sections.append(section)
            title = None
        else:
            return None
    return sections if sections and title is None else None


# --------------------------------------------------------------------------- text fields


def _with_format(raw: str, default: str) -> tuple[str, str]:
    text = raw.strip()
    m = _FORMAT_RE.match(text)
    if m:
        return m.group(1), text[m.end() :]
    return default, text


@lru_cache(maxsize=1 << 14)
def to_markdown(text: str, fmt: str) -> str:
    """A GIFT text field (already un-escaped) in one of Moodle's formats, as qbank Markdown."""
    # Cached: option texts, feedback and section bodies recur; each is converted once.
    if fmt == "markdown":
        return text.strip()
    if fmt == "plain":
        return from_plain(text)
    if fmt == "moodle":
        # Moodle auto-format: HTML allowed, line ends are line breaks.
        return from_html(text.strip().replace("\n", "<br>"))
    return from_html(text)


# --------------------------------------------------------------------------- reading


class _Reader:
    """Reads one file; every problem becomes a diagnostic, the rest is still imported."""

    def __init__(self, display: str) -> None:
        self.display = display
        self.diagnostics: list[Diagnostic] = []
        self.category: str | None = None
        self.category_line = 0

    def loss(self, line: int, message: str, help: str | None = None) -> None:
        """Something the model cannot carry (QB502)."""
        self.diagnostics.append(
            warning(IMPORT_LOSS, message, Location(self.display, line, 1), help=help)
        )

    def malformed(self, line: int, message: str, help: str | None = None) -> None:
        """A question that cannot be read (QB503); it is skipped."""
        self.diagnostics.append(
            error(MALFORMED_QUESTION, message, Location(self.display, line, 1), help=help)
        )

    def read(self, text: str) -> list[tuple[dict[str, Any], int]]:
        """Parse every block into raw question data (id still unset) with its first line."""
        out: list[tuple[dict[str, Any], int]] = []
        for block in _blocks(text):
            if not block.lines:
                continue
            first = block.numbers[0]
            if block.lines[0].startswith("$CATEGORY:"):
                self.category = block.lines[0][len("$CATEGORY:") :].strip()
                self.category_line = first
                if len(block.lines) == 1:
                    continue
                # Moodle reads the whole block as the path, swallowing the question below.
                self.loss(
                    first,
                    "no blank line after $CATEGORY: Moodle would read the question below as "
                    "part of the category name (imported here as a question)",
                    "put a blank line after the $CATEGORY line",
                )
                block = _Block(block.comments, block.lines[1:], block.numbers[1:])
                first = block.numbers[0]
            try:
                data = self.question(block)
            except _MalformedError as exc:
                self.malformed(exc.line or first, exc.message, exc.help)
                continue
            if data is not None:
                if self.category is not None:
                    data["_category"] = (self.category, self.category_line)
                out.append((data, first))
        return out

    def question(self, block: _Block) -> dict[str, Any] | None:
        """One block into raw question data."""
        first = block.numbers[0]
        data: dict[str, Any] = {}
        meta: dict[str, Any] = {}
        tags: list[str] = []
        for comment in block.comments:
            if comment.startswith(META_PREFIX):
                try:
                    loaded = json.loads(comment[len(META_PREFIX) :])
                except ValueError:
                    loaded = None
                if isinstance(loaded, dict):
                    meta = loaded
                continue
            m = _ID_RE.search(comment)
            if m and "id" not in data:
                data["id"] = m.group(1).replace("\\]", "]").strip()
            tags.extend(t.replace("\\]", "]").strip() for t in _TAG_RE.findall(comment))
        if tags:
            data["tags"] = tags
        text = _pre(block.text)
        name: str | None = None
        if text.startswith("::"):
            end = text.find("::", 2)
            if end >= 0:
                name = _post(text[2:end]).strip()
                text = text[end + 2 :]
            else:
                text = text[2:]
        offset = len(block.text) - len(text)  # approximate: escapes shift offsets slightly
        start, close = text.find("{"), text.find("}")
        if start < 0 and close < 0:
            answers: str | None = None
            stem_raw = text
        elif start < 0 or close < start:
            raise _MalformedError(
                block.line_at(offset + max(start, close)),
                "could not find {...} around the answers",
                "escape a literal brace as \\{ or \\}",
            )
        else:
            answers = text[start + 1 : close]
            after = text[close + 1 :].strip()
            stem_raw = text[:start]
            if after:
                stem_raw = f"{stem_raw}_____{text[close + 1 :]}"
                self.loss(
                    block.line_at(offset + close),
                    "missing-word question: the blank is kept as _____ in the stem",
                )
        fmt, stem_text = _with_format(_post(stem_raw), "moodle")
        data["stem"] = to_markdown(stem_text, fmt)
        data["_name"] = name

        def field_md(raw: str) -> str:
            f, body = _with_format(_post(raw), fmt)
            return to_markdown(body, f)

        if answers is None:
            data["type"] = "description"
        else:
            line = block.line_at(offset + start)
            general: str | None = None
            cut = answers.rfind("####")
            if cut >= 0:
                general = answers[cut + 4 :]
                answers = answers[:cut]
            self.answers(data, answers, field_md, line, meta)
            if general is not None and general.strip():
                data["explanation"] = _explanation(_post(general), fmt)
        if not data["stem"].strip():
            raise _MalformedError(first, "question has no text")
        self.apply_meta(data, meta, first)
        return data

    def answers(
        self,
        data: dict[str, Any],
        answers: str,
        field_md: Callable[[str], str],
        line: int,
        meta: dict[str, Any],
    ) -> None:
        """Fill type and answers from the answer block (Moodle's detection order)."""
        body = answers.strip()
        if re.match(r"^>\s*[0-9]", body):
            raise _MalformedError(line, "ordering questions are not supported by qbank")
        if not body:
            data["type"] = "essay"
        elif body.startswith("#"):
            self.numerical(data, body[1:], field_md, line)
        elif "~" in body:
            self.choice(data, body, field_md, line)
        elif "=" in body and "->" in body:
            self.matching(data, body, field_md, line, meta)
        else:
            head = body.split("#", 1)[0].strip()
            if head in _TF:
                self.true_false(data, body, field_md, _TF[head])
            else:
                self.short_answer(data, body, field_md, line)

    def choice(
        self, data: dict[str, Any], body: str, field_md: Callable[[str], str], line: int
    ) -> None:
        """Multichoice: one `=` means single choice; no `=` means multiple answers."""
        single = "=" in body
        parts = re.split(r"([~=])", body)
        options: list[dict[str, Any]] = []
        weights: list[float] = []
        parts = ["~", *parts] if parts[0].strip() else parts[1:]
        for marker, raw in zip(parts[0::2], parts[1::2], strict=False):
            raw = raw.strip()
            weight = 100.0 if marker == "=" else 0.0
            m = _WEIGHT_RE.match(raw) if marker == "~" else None
            if m:
                weight = float(m.group(1).lstrip("-")) * (-1 if m.group(1).startswith("-") else 1)
                raw = raw[m.end() :]
            text, _, feedback = raw.partition("#")
            if not text.strip() and not feedback.strip():
                continue  # Moodle skips an empty answer too
            option: dict[str, Any] = {"text": field_md(text)}
            if feedback.strip():
                option["feedback"] = field_md(feedback)
            options.append(option)
            weights.append(weight)
        if len(options) < 2:
            raise _MalformedError(line, "a choice question needs at least two answers")
        data["options"] = options
        if single:
            correct = [i for i, w in enumerate(weights) if w == 100]
            data["type"] = "single_choice"
            if len(correct) != 1 or any(0 < w < 100 for w in weights):
                self.loss(
                    line,
                    "partial-credit weights of a single-answer question are not kept; "
                    "the first 100% answer is the key",
                )
            if not correct:
                best = max(range(len(weights)), key=lambda i: weights[i])
                correct = [best]
            data["answer"] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[correct[0]]
            return
        data["type"] = "multiple_choice"
        right = [i for i, w in enumerate(weights) if w > 0]
        if not right:
            raise _MalformedError(
                line, "a multiple-answer question needs an answer with a positive weight"
            )
        data["answer"] = ["ABCDEFGHIJKLMNOPQRSTUVWXYZ"[i] for i in right]
        expected = _multichoice_weights(len(weights), len(right))
        if expected is not None:
            good, bad = (float(w) for w in expected)
            same = all(
                abs(w - (good if w > 0 else bad)) < 0.001 or (w <= 0 and bad == 0) for w in weights
            )
        else:
            same = False
        if not same:
            shown = ", ".join(f"{w:g}%" for w in weights)
            self.loss(
                line,
                f"answer weights ({shown}) are not kept: qbank gives each correct option "
                "100/k and each wrong one -100/(n-k)",
            )

    def true_false(
        self, data: dict[str, Any], body: str, field_md: Callable[[str], str], answer: bool
    ) -> None:
        """`{T#if wrong#if right}`."""
        data["type"] = "true_false"
        data["answer"] = answer
        parts = body.split("#")
        if len(parts) > 1 and parts[1].strip():
            data["incorrect_feedback"] = field_md(parts[1])
        if len(parts) > 2 and parts[2].strip():
            data["correct_feedback"] = field_md("#".join(parts[2:]))

    def short_answer(
        self, data: dict[str, Any], body: str, field_md: Callable[[str], str], line: int
    ) -> None:
        """`=answer#feedback` lines, with optional `%weight%`."""
        data["type"] = "short_answer"
        accepted: list[dict[str, Any]] = []
        for raw in re.split(r"=", body):
            raw = raw.strip()
            if not raw:
                continue
            weight, raw = _split_weight(raw)
            text, _, feedback = raw.partition("#")
            _, text = _with_format(_post(text), "plain")
            if weight <= 0:
                self.loss(line, f"short answer {text.strip()!r} with weight {weight:g}% is dropped")
                continue
            answer: dict[str, Any] = {"text": text.strip()}
            if weight != 100:
                answer["weight"] = weight
            if feedback.strip():
                answer["feedback"] = field_md(feedback)
            accepted.append(answer)
        if not accepted:
            raise _MalformedError(line, "a short-answer question needs at least one answer")
        data["answers"] = accepted

    def numerical(
        self, data: dict[str, Any], body: str, field_md: Callable[[str], str], line: int
    ) -> None:
        """`{#=value:tolerance =min..max ~#other}`."""
        data["type"] = "numerical"
        out: list[dict[str, Any]] = []
        for marker, raw in re.findall(r"([=~]?)([^=~]*)", body):
            raw = raw.strip()
            if not raw and not marker:
                continue
            if marker == "~":
                self.loss(line, "feedback for any other answer (~#...) is not kept")
                continue
            weight, raw = _split_weight(raw)
            value, _, feedback = raw.partition("#")
            value = _post(value).strip()
            answer: dict[str, Any] = {}
            try:
                if ".." in value:
                    low, high = value.split("..", 1)
                    answer["min"], answer["max"] = float(low), float(high)
                elif ":" in value:
                    mid, tol = value.split(":", 1)
                    answer["value"], answer["tolerance"] = float(mid), abs(float(tol))
                else:
                    answer["value"] = float(value)
            except ValueError:
                raise _MalformedError(line, f"numerical answer {value!r} is not a number") from None
            if weight <= 0:
                self.loss(line, f"numerical answer {value} with weight {weight:g}% is dropped")
                continue
            if weight != 100:
                answer["weight"] = weight
            if feedback.strip():
                answer["feedback"] = field_md(feedback)
            out.append(answer)
        if not out:
            raise _MalformedError(line, "no answers found for a numerical question")
        data["answers"] = out

    def matching(
        self,
        data: dict[str, Any],
        body: str,
        field_md: Callable[[str], str],
        line: int,
        meta: dict[str, Any],
    ) -> None:
        """`=left -> right` pairs; `= -> extra` is a distractor."""
        data["type"] = "matching"
        pairs: list[dict[str, str]] = []
        extras: list[str] = []
        for raw in body.split("=")[1:] if body.startswith("=") else body.split("="):
            if not raw.strip():
                continue
            if "->" not in raw:
                raise _MalformedError(line, "matching answers must be written =left -> right")
            left, right = raw.split("->", 1)
            right_text = from_plain(_post(right).strip())
            if not right_text.strip():
                raise _MalformedError(line, "a matching pair has an empty right side")
            if left.strip():
                pairs.append({"left": field_md(left), "right": right_text})
            else:
                extras.append(right_text)
        rights = meta.pop("right", None)
        if isinstance(rights, list) and len(rights) == len(pairs) + len(extras):
            for pair, original in zip(pairs, rights, strict=False):
                pair["right"] = str(original)
            extras = [str(r) for r in rights[len(pairs) :]]
        if len(pairs) < 2:
            raise _MalformedError(line, "a matching question needs at least two pairs")
        data["pairs"] = pairs
        if extras:
            data["distractors"] = extras

    def apply_meta(self, data: dict[str, Any], meta: dict[str, Any], line: int) -> None:
        """Restore what the qbank writer kept in its `// qbank:` comment."""
        for key in ("difficulty", "points", "lang", "source", "author", "answer_lines"):
            if key in meta:
                data[key] = meta[key]
        if "lint_ignore" in meta:
            data["lint"] = {"ignore": meta["lint_ignore"]}
        kind = data.get("type")
        if kind in ("single_choice", "multiple_choice"):
            if meta.get("shuffle") is False:
                data["shuffle"] = False
            for index in meta.get("pin", []):
                if isinstance(index, int) and 0 <= index < len(data["options"]):
                    data["options"][index]["pin"] = True
            if kind == "multiple_choice" and "scoring" in meta:
                data["scoring"] = meta["scoring"]
        if kind == "short_answer" and meta.get("case_sensitive"):
            data["case_sensitive"] = True
        if kind == "essay":
            if "grading_notes" in meta:
                data["grading_notes"] = meta["grading_notes"]
        else:
            data.pop("answer_lines", None)
        if kind == "description" and "explanation" in meta:
            data["explanation"] = meta["explanation"]


class _MalformedError(Exception):
    def __init__(self, line: int, message: str, help: str | None = None) -> None:
        super().__init__(message)
        self.line = line
        self.message = message
        self.help = help


_multichoice_weights = lru_cache(maxsize=256)(multichoice_weights)


def _explanation(html_text: str, fmt: str) -> list[dict[str, str]]:
    """General feedback into sections: `<h4>title</h4><div>body</div>` as the writer writes it."""
    if fmt == "html":
        sections = sections_from_html(html_text)
        if sections is not None:
            return sections
    f, body = _with_format(html_text, fmt)
    text = to_markdown(body, f)
    return [{"body": text}] if text.strip() else []


# --------------------------------------------------------------------------- entry point


def read_text(text: str, display: str) -> ImportResult:
    """Read GIFT text; `display` names the file in diagnostics."""
    with collector.paused():  # many small objects, no reference cycles
        return _read_text(text, display)


def _read_text(text: str, display: str) -> ImportResult:
    reader = _Reader(display)
    raw = reader.read(text)
    bases = []
    for data, _ in raw:
        given = data.get("id")
        name = data.pop("_name", None)
        if isinstance(given, str) and given:
            bases.append(slugify(given))
        else:
            bases.append(slugify(name or data["stem"]))
    ids = unique_ids(bases)
    result = ImportResult(diagnostics=reader.diagnostics)
    folders = _category_folders(reader, [data.pop("_category", None) for data, _ in raw])
    for (data, line), qid, folder in zip(raw, ids, folders, strict=True):
        if data.get("id") and data["id"] != qid:
            reader.loss(line, f"id '{data['id']}' is not a valid qbank id; imported as '{qid}'")
        data["id"] = qid
        try:
            result.questions.append(_QUESTION.validate_python(data))
            if folder:
                result.folders[qid] = folder
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(str(p) for p in e['loc'][1:]) or 'question'}: {e['msg']}"
                for e in exc.errors(include_url=False)
            )
            reader.malformed(line, f"question '{qid}' is not valid: {problems}")
    result.diagnostics.sort(key=Diagnostic.sort_key)
    return result


# `$course$/top/A/B` (or `$module$`, `$system$`, ...): the context and `top` are not folders.
_CATEGORY_CONTEXT = re.compile(r"^\$[a-z0-9]*\$/(?:top(?:/|$))?")
# Moodle splits a category path on single slashes; `//` is a slash inside a name.
_CATEGORY_SPLIT = re.compile(r"(?<!/)/(?!/)")
# Characters a folder name cannot hold on some system (and `.`/space at its ends, below).
_FOLDER_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')


def _category_parts(path: str) -> tuple[str, ...]:
    parts = _CATEGORY_SPLIT.split(_CATEGORY_CONTEXT.sub("", path))
    return tuple(p.replace("//", "/").strip() for p in parts if p.strip())


# Names Windows keeps for devices, whatever the extension: `CON`, `nul.txt`, `COM1`.
_RESERVED_NAME = re.compile(r"(?i)(con|prn|aux|nul|com[1-9]|lpt[1-9])(\.[^.]*)?")


def _folder_name(part: str) -> str:
    name = _FOLDER_UNSAFE.sub("-", part).strip(" .") or "category"
    return f"{name}-" if _RESERVED_NAME.fullmatch(name) else name


def _category_folders(
    reader: _Reader, categories: Sequence[tuple[str, int] | None]
) -> list[tuple[str, ...]]:
    """The subfolder of each question: its category path, less the top category all share.

    `$course$/top/Bank/algebra` and `$course$/top/Bank/geometry` give `algebra/` and
    `geometry/` (the shared `Bank`, which qbank's writer puts first, names the bank itself);
    questions before any `$CATEGORY` line go in the import folder itself.
    """
    paths = [None if c is None else _category_parts(c[0]) for c in categories]
    tops = {p[0] for p in paths if p}
    shared = 1 if len(tops) == 1 and all(p for p in paths if p is not None) else 0
    folders: list[tuple[str, ...]] = []
    renamed: set[tuple[str, int]] = set()
    for category, parts in zip(categories, paths, strict=True):
        names = tuple(_folder_name(p) for p in (parts or ())[shared:])
        if category is not None and parts and names != parts[shared:]:
            renamed.add(category)
        folders.append(names)
    for path, line in sorted(renamed, key=lambda c: c[1]):
        shown = "/".join(_folder_name(p) for p in _category_parts(path)[shared:])
        reader.loss(line, f"category '{path}' is written as the folder '{shown}'")
    return folders


def read(path: Path) -> ImportResult:
    """Read a GIFT file (UTF-8, BOM and CRLF accepted) into questions."""
    display = path.as_posix()
    try:
        data = path.read_bytes()
    except OSError as exc:
        diag = error(UNREADABLE_SOURCE, f"cannot read file: {exc.strerror}", Location(display))
        return ImportResult(diagnostics=[diag])
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        diag = error(
            UNREADABLE_SOURCE,
            "file is not valid UTF-8 (GIFT files must be UTF-8)",
            Location(display, line, 1),
        )
        return ImportResult(diagnostics=[diag])
    if "\n" not in text and "\r" in text:
        text = text.replace("\r", "\n")
    return read_text(text, display)


__all__: Sequence[str] = ("read", "read_text", "sniff", "to_markdown")
