"""The shared rich-text tree (qbank.richtext) as reportlab flowables, escaped, fonts per run."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    Flowable,
    HRFlowable,
    Image,
    ListFlowable,
    ListItem,
    Spacer,
    Table,
    TableStyle,
    XPreformatted,
)

from qbank import richtext as rt
from qbank_pdf.cjkwrap import Para as Paragraph
from qbank_pdf.fonts import FontSet, has_cjk, is_cjk
from qbank_pdf.mathtext import MathResult, to_markup

REMOTE_IMAGE = "QB320"
MISSING_IMAGE = "QB321"
BAD_IMAGE = "QB322"
MATH_AS_TEX = "QB323"
MISSING_GLYPH = "QB324"

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:|^//")
_LINK_SCHEMES = ("http://", "https://", "mailto:", "ftp://")
LINK_COLOUR = "#1a4f9c"
GREY = colors.HexColor("#555555")
CODE_BG = colors.HexColor("#f2f2f2")
RULE = colors.HexColor("#999999")


_CACHE_SIZE = 20_000
"""Most texts whose run markup is kept (paper and solutions print the same stems and options)."""


@dataclass
class Loss:
    """Something the PDF could not carry as written (becomes a Diagnostic)."""

    code: str
    message: str
    help: str | None = None


@dataclass
class Styles:
    """Paragraph styles of one document, built from the base font size."""

    size: float
    body: ParagraphStyle
    body_cjk: ParagraphStyle
    small: ParagraphStyle
    code: ParagraphStyle
    math: ParagraphStyle
    cell: ParagraphStyle
    headings: list[ParagraphStyle]
    derived: dict[tuple[object, ...], ParagraphStyle] = field(default_factory=dict)
    """Styles made from these by `variant`, shared by every paragraph that needs them."""

    def variant(self, name: str, parent: ParagraphStyle, **changes: Any) -> ParagraphStyle:
        """`parent` with `changes`, made once per document and shared (styles are read-only)."""
        key = (name, parent.name, *sorted(changes.items()))
        style = self.derived.get(key)
        if style is None:
            style = ParagraphStyle(f"{parent.name}/{name}", parent=parent, **changes)
            self.derived[key] = style
        return style

    def indented(self, parent: ParagraphStyle, indent: float, step: float) -> ParagraphStyle:
        """`parent` moved right by `indent`, its bullet `step` to the left of the text."""
        return self.variant(
            "item",
            parent,
            leftIndent=parent.leftIndent + indent,
            bulletIndent=parent.leftIndent + indent - step,
        )

    @classmethod
    def make(cls, latin: str, size: float) -> Styles:
        """Styles for a base size (10.5 pt, Chinese 五号, by default)."""
        leading = round(size * 1.5, 2)
        body = ParagraphStyle(
            "qb-body",
            fontName=latin,
            fontSize=size,
            leading=leading,
            spaceAfter=size * 0.35,
            bulletFontName=latin,
            bulletFontSize=size,
        )
        body_cjk = ParagraphStyle("qb-body-cjk", parent=body, wordWrap="CJK")
        small = ParagraphStyle(
            "qb-small", parent=body_cjk, fontSize=size * 0.85, leading=size * 1.2, textColor=GREY
        )
        code = ParagraphStyle(
            "qb-code",
            parent=body,
            fontName="Courier",
            fontSize=size * 0.9,
            leading=size * 1.25,
            backColor=CODE_BG,
            borderPadding=(3, 4, 3, 4),
            spaceBefore=4,
            spaceAfter=8,
            leftIndent=4,
            rightIndent=4,
        )
        math = ParagraphStyle(
            "qb-math", parent=body_cjk, alignment=TA_CENTER, spaceAfter=size * 0.6
        )
        cell = ParagraphStyle("qb-cell", parent=body_cjk, spaceAfter=0, leading=size * 1.3)
        headings = [
            ParagraphStyle(
                f"qb-h{level}",
                parent=body_cjk,
                fontName=latin,
                fontSize=size * scale,
                leading=size * scale * 1.35,
                spaceBefore=size * 0.5,
                spaceAfter=size * 0.3,
                keepWithNext=True,
            )
            for level, scale in enumerate((1.35, 1.2, 1.1, 1.0, 1.0, 1.0), start=1)
        ]
        return cls(size, body, body_cjk, small, code, math, cell, headings)


@dataclass
class Renderer:
    """Turns rich text into flowables for one document; collects what it could not carry."""

    fonts: FontSet
    styles: Styles
    width: float
    max_image_height: float
    losses: list[Loss] = field(default_factory=list)
    base_dir: Path = Path()
    latin_in_cjk: bool = False
    """Plain Latin text in the CJK font (a Chinese paper: see `FontSet.font_in_cjk`)."""
    maths: dict[str, MathResult] = field(default_factory=dict)
    """Formulas already typeset, by their TeX (shared by the renderers of one export)."""
    _indent: float = 0.0
    """Left indent of the list items being rendered (0 outside lists)."""
    _bullet: str | None = None
    """The bullet or number the next paragraph carries (the first of a list item)."""

    # ------------------------------------------------------------------- inline markup

    def run(self, text: str, mono: bool = False, cjk: bool = False) -> str:
        """Escaped markup of plain text, each run of characters in a font that has them.

        `cjk`: the text is plain text of a Chinese paragraph, where the CJK font also sets
        the Latin letters it has (see `FontSet.font_in_cjk`).
        """
        cjk = cjk and not mono
        if not mono and not cjk and text.isascii() and text.isprintable():
            return escape(text)  # printable ASCII: all in the Latin font
        cache = self.fonts.markup
        key = (text, mono, cjk)
        found = cache.get(key)
        if found is not None:
            return found
        out: list[str] = []
        base = None if mono else self.fonts.latin
        fonts = self.fonts
        if cjk and fonts.cjk_covers(text):  # one run: no need to look at each character
            piece = escape(text)
            markup = piece if fonts.cjk == base else f'<font face="{fonts.cjk}">{piece}</font>'
            if len(cache) >= _CACHE_SIZE:
                cache.clear()
            cache[key] = markup
            return markup
        pick: Callable[[str], str] = (
            fonts.font_in_cjk if cjk else lambda ch: fonts.font_for(ch, mono)
        )
        for font, chars in groupby(text, key=pick):
            piece = escape("".join(chars))
            out.append(piece if font == base else f'<font face="{font}">{piece}</font>')
        markup = "".join(out)
        if len(cache) >= _CACHE_SIZE:
            cache.clear()
        cache[key] = markup
        return markup

    def inline(self, nodes: Sequence[rt.Inline], cjk: bool | None = None) -> str:
        """Paragraph markup of inline nodes (images are left out: see `paragraphs`).

        In a Chinese paper (`latin_in_cjk`), plain text is set in the CJK font, Latin
        letters included; bold and italic text keep the Latin font's bold and italic
        faces, code its monospace.
        """
        if cjk is None:
            cjk = self.latin_in_cjk
        out: list[str] = []
        for i, node in enumerate(nodes):
            match node:
                case rt.Text(text=text):
                    out.append(self.run(text, cjk=cjk))
                case rt.Emph(children=children):
                    out.append(f"<i>{self.inline(children, False)}</i>")
                case rt.Strong(children=children):
                    out.append(f"<b>{self.inline(children, False)}</b>")
                case rt.Code(text=text):
                    out.append(self.run(text, mono=True))
                case rt.Math(tex=tex):
                    out.append(self.math(tex))
                case rt.Link(href=href, children=children):
                    out.append(self.link(href, children))
                case rt.Image():
                    pass
                case rt.LineBreak():
                    out.append("<br/>")
                case rt.SoftBreak():
                    out.append("" if _cjk_join(nodes, i) else " ")
        return "".join(out)

    def math(self, tex: str) -> str:
        """Markup of a formula; commands it cannot render are reported and printed as typed."""
        result = self.maths.get(tex)
        if result is None:
            result = to_markup(tex, self.run)
            if len(self.maths) >= _CACHE_SIZE:
                self.maths.clear()
            self.maths[tex] = result
        if result.unknown:
            self.losses.append(
                Loss(
                    MATH_AS_TEX,
                    f"math printed partly as TeX: {', '.join(sorted(set(result.unknown)))} "
                    f"in ${tex}$",
                    help="the PDF writer typesets common TeX (symbols, fractions, roots, "
                    "sub- and superscripts); rewrite the formula with those",
                )
            )
        return result.markup

    def link(self, href: str, children: Sequence[rt.Inline]) -> str:
        """A link: its text underlined, then the address when it differs (paper cannot click)."""
        text = self.inline(children)
        label = rt.plain_inline(tuple(children)).strip()
        if not href.startswith(_LINK_SCHEMES):
            return text
        shown = "" if label == href else f" ({self.run(href)})"
        return f"<a href={quoteattr(href)} color={quoteattr(LINK_COLOUR)}><u>{text}</u></a>{shown}"

    def para(
        self, markup: str, style: ParagraphStyle | None = None, cjk: bool | None = None
    ) -> Paragraph:
        """A paragraph; CJK line breaking when the markup holds CJK text."""
        if style is None:
            style = (
                self.styles.body_cjk
                if (cjk or (cjk is None and _has_cjk(markup)))
                else self.styles.body
            )
        if self._indent:
            style = self.styles.indented(style, self._indent, self._step)
        bullet, self._bullet = self._bullet, None
        return Paragraph(markup, style, bulletText=bullet)

    @property
    def _step(self) -> float:
        """Indent of one list level."""
        return self.styles.size * 1.8

    # ------------------------------------------------------------------- blocks

    def blocks(self, doc: Sequence[rt.Block], width: float | None = None) -> list[Flowable]:
        """Flowables of a document for a column `width` wide (the renderer's width by default)."""
        width = self.width if width is None else width
        out: list[Flowable] = []
        for block in doc:
            out.extend(self.block(block, width))
        return out

    def block(self, block: rt.Block, width: float) -> Iterator[Flowable]:
        """Flowables of one block."""
        match block:
            case rt.Paragraph(children=children):
                yield from self.paragraphs(children, width)
            case rt.Heading(level=level, children=children):
                style = self.styles.headings[min(level, 6) - 1]
                yield Paragraph(f"<b>{self.inline(children)}</b>", style)
            case rt.BulletList(items=items):
                yield from self.listing(items, width, ordered=False, start=1)
            case rt.OrderedList(items=items, start=start):
                yield from self.listing(items, width, ordered=True, start=start)
            case rt.CodeBlock(text=text):
                yield self.code(text, width)
            case rt.MathBlock(tex=tex):
                yield Paragraph(self.math(tex), self.styles.math)
            case rt.Quote(children=children):
                yield self.quote(children, width)
            case rt.Table():
                yield self.table(block, width)
            case rt.ThematicBreak():
                yield HRFlowable(
                    width="100%", thickness=0.5, color=RULE, spaceBefore=4, spaceAfter=6
                )

    def paragraphs(
        self, children: Sequence[rt.Inline], width: float, prefix: str = ""
    ) -> Iterator[Flowable]:
        """A paragraph; images inside it become their own flowables, in order."""
        segment: list[rt.Inline] = []
        first = True
        for node in (*children, None):
            if node is not None and not isinstance(node, rt.Image):
                segment.append(node)
                continue
            markup = _strip(self.inline(segment))
            if markup or (first and prefix):
                yield self.para((prefix if first else "") + markup)
                first = False
            segment = []
            if isinstance(node, rt.Image):
                yield from self.image(node, width)

    def listing(
        self, items: Sequence[Sequence[rt.Block]], width: float, *, ordered: bool, start: int
    ) -> list[Flowable]:
        """A (nested) bullet or ordered list.

        Items of text (paragraphs and nested lists) become indented paragraphs, the first of
        each carrying its bullet or number: light to lay out, and they break over pages like
        any paragraph. Items holding other blocks (code, tables, images…) use ListFlowable.
        """
        step = self._step
        if all(_flat_item(item) for item in items):
            out: list[Flowable] = []
            self._indent += step
            try:
                for n, item in enumerate(items):
                    self._bullet = f"{start + n}." if ordered else "\u2022"
                    out.extend(self.blocks(item, width - step))
                    if self._bullet is not None:  # an empty item: its bullet alone
                        out.append(self.para(""))
            finally:
                self._indent -= step
                self._bullet = None
            return out
        return [self._list_flowable(items, width, ordered=ordered, start=start)]

    def _list_flowable(
        self, items: Sequence[Sequence[rt.Block]], width: float, *, ordered: bool, start: int
    ) -> Flowable:
        indent = self._step
        entries = [ListItem(self.blocks(item, width - indent) or [Spacer(1, 1)]) for item in items]
        if ordered:
            return ListFlowable(
                entries,
                bulletType="1",
                start=start,
                leftIndent=indent,
                bulletFontName=self.fonts.latin,
                bulletFontSize=self.styles.size,
                bulletFormat="%s.",
            )
        return ListFlowable(
            entries,
            bulletType="bullet",
            start="•",
            leftIndent=indent,
            bulletFontName=self.fonts.latin,
            bulletFontSize=self.styles.size,
        )

    def code(self, text: str, width: float) -> Flowable:
        """A code block in monospace, indentation kept, long lines wrapped to the column."""
        style = self.styles.code
        limit = width - style.leftIndent - style.rightIndent - 8
        lines: list[str] = []
        for line in text.expandtabs(4).split("\n"):
            lines.extend(self._wrap_code(line, limit, style.fontSize))
        return XPreformatted("\n".join(self.run(line, mono=True) for line in lines), style)

    def _wrap_code(self, line: str, limit: float, size: float) -> list[str]:
        pieces: list[str] = []
        current: list[str] = []
        used = 0.0
        for ch in line:
            w = stringWidth(ch, self.fonts.font_for(ch, True), size)
            if current and used + w > limit:
                pieces.append("".join(current))
                current, used = [], 0.0
            current.append(ch)
            used += w
        pieces.append("".join(current))
        return pieces

    def quote(self, children: Sequence[rt.Block], width: float) -> Flowable:
        """A block quote: the blocks behind a grey rule."""
        inner = self.blocks(children, width - 14) or [Spacer(1, 1)]
        table = Table([[inner]], colWidths=[width - 2])
        table.setStyle(
            TableStyle(
                [
                    ("LINEBEFORE", (0, 0), (0, 0), 2, RULE),
                    ("LEFTPADDING", (0, 0), (0, 0), 10),
                    ("TOPPADDING", (0, 0), (0, 0), 0),
                    ("BOTTOMPADDING", (0, 0), (0, 0), 0),
                ]
            )
        )
        table.hAlign = "LEFT"
        return table

    def table(self, table: rt.Table, width: float) -> Flowable:
        """A table with a bold header row; columns sized to their text, shrunk to fit."""
        rows = [table.header, *table.rows]
        ncols = max((len(r) for r in rows), default=1)
        size = self.styles.cell.fontSize
        natural = [0.0] * ncols
        for i, row in enumerate(rows):
            bold = 1.12 if i == 0 else 1.0  # the header is bold, and bold is wider
            for j, cell in enumerate(row):
                text = rt.plain_inline(cell)
                w = sum(stringWidth(ch, self.fonts.font_for(ch), size) for ch in text) * bold + 16
                natural[j] = max(natural[j], min(w, width))
        total = sum(natural) or 1.0
        widths = [w * min(1.0, width / total) for w in natural]
        aligns = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT}
        data: list[list[Paragraph]] = []
        for i, row in enumerate(rows):
            cells = []
            for j in range(ncols):
                cell = row[j] if j < len(row) else ()
                align = table.align[j] if j < len(table.align) else None
                style = self.styles.variant(
                    f"cell-{align}", self.styles.cell, alignment=aligns.get(align or "", TA_LEFT)
                )
                markup = self.inline(cell)
                cells.append(Paragraph(f"<b>{markup}</b>" if i == 0 else markup, style))
            data.append(cells)
        out = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
        out.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.5, RULE),
                    ("BACKGROUND", (0, 0), (-1, 0), CODE_BG),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        return out

    def image(self, node: rt.Image, width: float) -> Iterator[Flowable]:
        """An image scaled to fit the column; a note in its place when it cannot be embedded."""
        alt = node.alt or node.src
        if _SCHEME.match(node.src):
            self.losses.append(
                Loss(
                    REMOTE_IMAGE,
                    f"remote image not embedded: {node.src}",
                    help="download the image into the bank and link it by a relative path",
                )
            )
            yield self.placeholder(alt)
            return
        path = self.base_dir / node.src
        if not path.is_file():
            self.losses.append(
                Loss(MISSING_IMAGE, f"image not found: {node.src} (looked for {path})")
            )
            yield self.placeholder(alt)
            return
        try:
            reader = ImageReader(str(path))
            px_w, px_h = reader.getSize()
        except Exception as exc:  # PIL raises many kinds for a damaged or unknown file
            # reportlab's message embeds object reprs (memory addresses): keep ours stable
            reason = type(exc).__name__
            self.losses.append(
                Loss(
                    BAD_IMAGE,
                    f"image cannot be read: {node.src} (damaged or not an image: {reason})",
                )
            )
            yield self.placeholder(alt)
            return
        w, h = px_w * 0.75, px_h * 0.75
        if w < width / 4:
            grow = min(4.0, (width / 4) / w)
            w, h = w * grow, h * grow
        shrink = min(1.0, width / w, self.max_image_height / h)
        img = Image(str(path), width=w * shrink, height=h * shrink)
        img.hAlign = "CENTER"
        yield img
        if node.title:
            yield Paragraph(
                self.run(node.title),
                ParagraphStyle("qb-caption", parent=self.styles.small, alignment=TA_CENTER),
            )

    def placeholder(self, alt: str) -> Flowable:
        """What stands in for an image that cannot be embedded."""
        return Paragraph(f"<i>[{self.run(alt)}]</i>", self.styles.small)


_LEADING_SPACE = re.compile(r"^((?:<[^>/][^>]*>)*)\s+")
_TRAILING_SPACE = re.compile(r"\s+((?:</[^>]+>)*)$")


def _strip(markup: str) -> str:
    """Markup without white space at its ends, also inside its first and last tags."""
    return _TRAILING_SPACE.sub(r"\1", _LEADING_SPACE.sub(r"\1", markup))


def _has_image(nodes: Sequence[rt.Inline]) -> bool:
    """Whether inline nodes hold an image, at any depth."""
    for node in nodes:
        if isinstance(node, rt.Image):
            return True
        if isinstance(node, rt.Emph | rt.Strong | rt.Link) and _has_image(node.children):
            return True
    return False


def _flat_item(item: Sequence[rt.Block]) -> bool:
    """Whether a list item is text only: paragraphs (no images) and such lists, text first."""
    if item and not isinstance(item[0], rt.Paragraph):
        return False
    for block in item:
        if isinstance(block, rt.Paragraph):
            if _has_image(block.children):
                return False
        elif isinstance(block, rt.BulletList | rt.OrderedList):
            if not all(_flat_item(sub) for sub in block.items):
                return False
        else:
            return False
    return True


def _has_cjk(text: str) -> bool:
    return has_cjk(text)


def _cjk_join(nodes: Sequence[rt.Inline], i: int) -> bool:
    """Whether a soft line break sits between two CJK characters (and so prints as nothing)."""
    before = nodes[i - 1] if i > 0 else None
    after = nodes[i + 1] if i + 1 < len(nodes) else None
    if not isinstance(before, rt.Text) or not isinstance(after, rt.Text):
        return False
    return bool(before.text and after.text) and is_cjk(before.text[-1]) and is_cjk(after.text[0])


def any_cjk(text: str) -> bool:
    """Whether the text holds a CJK character."""
    return _has_cjk(text)
