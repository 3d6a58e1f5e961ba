"""Render the shared rich-text tree (qbank.richtext) into WordprocessingML body elements."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, assert_never

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

from qbank import richtext as rt
from qbank.diagnostics import Diagnostic, Location, warning
from qbank_docx import _styles as st
from qbank_docx._math import omml
from qbank_docx._xml import INVALID_XML, R_NS, keep_next, paragraph, run, set_numbering, sub, w

EMU_PER_TWIP = 635
MAX_IMAGE_HEIGHT = 12 * st.CM * EMU_PER_TWIP

IMAGE_MISSING = "QB330"
IMAGE_REMOTE = "QB331"
IMAGE_UNREADABLE = "QB332"
INVALID_CHARACTERS = "QB333"
TOO_MANY_ITEMS = "QB334"
MATH_UNCONVERTED = "QB335"


@dataclass(frozen=True, slots=True)
class Fmt:
    """Character formatting inherited by nested inline nodes."""

    bold: bool = False
    italic: bool = False
    style: str | None = None


@dataclass
class Context:
    """Which question is being rendered, for image paths and diagnostics."""

    question_id: str | None = None
    source: str | None = None
    base_dir: Path = Path()


@dataclass
class Renderer:
    """Turns rich-text documents into paragraphs and tables, with lists, links and images."""

    part: Any
    numbering: st.Numbering
    text_width: int
    report: Callable[[Diagnostic], None]
    ctx: Context = field(default_factory=Context)
    _links: dict[str, str] = field(default_factory=dict)
    _images: dict[Path, tuple[str, Any]] = field(default_factory=dict)
    _shape_id: int = 0
    _source_text: dict[str, str] = field(default_factory=dict)

    # ------------------------------------------------------------------ diagnostics

    def locate(self, needle: str) -> Location:
        """Where `needle` first occurs in the current question's file (line 0 if not found)."""
        path = self.ctx.source
        if path is None:
            return Location(str(self.ctx.base_dir))
        text = self._source_text.get(path)
        if text is None:
            try:
                text = Path(path).read_text(encoding="utf-8")
            except OSError:
                text = ""
            self._source_text[path] = text
        index = text.find(needle) if needle else -1
        if index < 0 and self.ctx.question_id:
            index = text.find(self.ctx.question_id)
        if index < 0:
            return Location(path)
        line = text.count("\n", 0, index) + 1
        col = index - (text.rfind("\n", 0, index) + 1) + 1
        return Location(path, line, col)

    def warn(self, code: str, message: str, needle: str, help: str | None = None) -> None:
        """Report a loss for the current question."""
        self.report(
            warning(code, message, self.locate(needle), help=help, question_id=self.ctx.question_id)
        )

    def clean(self, text: str) -> str:
        """Text with characters XML cannot hold removed (reported once per occurrence)."""
        if INVALID_XML.search(text) is None:
            return text
        bad = sorted({f"U+{ord(c):04X}" for c in INVALID_XML.findall(text)})
        self.warn(
            INVALID_CHARACTERS,
            f"control character(s) {', '.join(bad)} cannot be stored in Word and were dropped",
            "",
            help="remove the control characters from the text",
        )
        return INVALID_XML.sub("", text)

    # ------------------------------------------------------------------ blocks

    def blocks(
        self,
        doc: rt.Document,
        *,
        style: str,
        into: etree._Element | None = None,
        depth: int = 0,
        keep: bool = False,
    ) -> list[etree._Element]:
        """Body elements for a block tree; a first paragraph's inlines go into `into` if given."""
        out: list[etree._Element] = []
        start = 0
        if into is not None and doc and isinstance(doc[0], rt.Paragraph):
            self.inlines(into, doc[0].children)
            start = 1
        for block in doc[start:]:
            out.extend(self.block(block, style=style, depth=depth))
        if keep:
            for element in out:
                if element.tag == w("p"):
                    keep_next(element[0])
        return out

    def block(self, block: rt.Block, *, style: str, depth: int = 0) -> list[etree._Element]:
        """Body elements for one block."""
        match block:
            case rt.Paragraph(children=children):
                p, _ = paragraph(style)
                self.inlines(p, children)
                return [p]
            case rt.Heading(level=level, children=children):
                p, _ = paragraph(st.HEADING.format(level=min(max(level, 1), 6)))
                self.inlines(p, children)
                return [p]
            case rt.BulletList(items=items):
                return self.list_items(items, self.numbering.bullets, depth)
            case rt.OrderedList(items=items, start=start_at):
                num = self.numbering.new(st.ORDERED, start=start_at, level=min(depth, 8))
                return self.list_items(items, num, depth)
            case rt.CodeBlock(text=text):
                p, _ = paragraph(st.CODE)
                run(p, self.clean(text))
                return [p]
            case rt.MathBlock(tex=tex):
                p, _ = paragraph(st.MATH_BLOCK)
                self.math(p, tex, display=True)
                return [p]
            case rt.Quote(children=children):
                return [e for b in children for e in self.block(b, style=st.QUOTE, depth=depth)]
            case rt.Table():
                return [self.table(block)]
            case rt.ThematicBreak():
                p, _ = paragraph(st.RULE)
                return [p]
            case _:
                assert_never(block)

    def list_items(
        self, items: tuple[tuple[rt.Block, ...], ...], num: int, depth: int
    ) -> list[etree._Element]:
        """Paragraphs of a list: each item's first paragraph carries the number or bullet."""
        out: list[etree._Element] = []
        level = min(depth, 8)
        indent = st.Q_INDENT + st.L_STEP * (level + 1)
        for item in items:
            p, ppr = paragraph(st.LIST_ITEM)
            set_numbering(ppr, num, level)
            out.append(p)
            rest = item
            if item and isinstance(item[0], rt.Paragraph):
                self.inlines(p, item[0].children)
                rest = item[1:]
            for block in rest:
                if isinstance(block, rt.BulletList | rt.OrderedList):
                    out.extend(self.block(block, style=st.LIST_ITEM, depth=depth + 1))
                    continue
                for element in self.block(block, style=st.LIST_ITEM, depth=depth + 1):
                    if element.tag == w("p") and block_is_plain(block):
                        sub(element[0], "ind", left=str(indent))
                    out.append(element)
        return out

    def table(self, table: rt.Table, indent: int = st.Q_INDENT) -> etree._Element:
        """A Word table with a repeating header row and per-column alignment."""
        columns = max([len(table.header), *(len(r) for r in table.rows)], default=1) or 1
        rows = [table.header, *table.rows] if table.header else list(table.rows)
        return self.grid(
            [[self.cell_inline(cell) for cell in row] for row in rows],
            columns=columns,
            header=bool(table.header),
            align=table.align,
            indent=indent,
        )

    def cell_inline(self, nodes: tuple[rt.Inline, ...]) -> list[etree._Element]:
        """One table-cell paragraph holding inline content."""
        p, _ = paragraph(st.TABLE_TEXT)
        self.inlines(p, nodes)
        return [p]

    def grid(
        self,
        rows: list[list[list[etree._Element]]],
        *,
        columns: int,
        header: bool,
        align: tuple[str | None, ...] = (),
        indent: int = st.Q_INDENT,
        widths: list[int] | None = None,
    ) -> etree._Element:
        """A bordered table of cells, each cell a list of paragraphs."""
        total = self.text_width - indent
        if widths is None:
            widths = [total // columns] * columns
        tbl = etree.Element(w("tbl"))
        tblpr = sub(tbl, "tblPr")
        sub(tblpr, "tblStyle", val=st.TABLE_STYLE)
        sub(tblpr, "tblW", w=str(sum(widths)), type="dxa")
        sub(tblpr, "tblInd", w=str(indent), type="dxa")
        sub(tblpr, "tblLayout", type="fixed")
        sub(tblpr, "tblLook", val="04A0", firstRow="1", lastRow="0", firstColumn="0", noVBand="1")
        grid = sub(tbl, "tblGrid")
        for width in widths:
            sub(grid, "gridCol", w=str(width))
        for index, row in enumerate(rows):
            tr = sub(tbl, "tr")
            trpr = sub(tr, "trPr")
            sub(trpr, "cantSplit")
            if header and index == 0:
                sub(trpr, "tblHeader")
            for col in range(columns):
                tc = sub(tr, "tc")
                sub(sub(tc, "tcPr"), "tcW", w=str(widths[col]), type="dxa")
                cell = row[col] if col < len(row) else []
                if not cell:
                    cell = [paragraph(st.TABLE_TEXT)[0]]
                for p in cell:
                    if p.tag == w("p"):
                        ppr = p[0]
                        if header and index == 0:
                            ppr[0].set(w("val"), st.TABLE_HEADING)
                        jc = align[col] if col < len(align) else None
                        if jc in ("center", "right"):
                            sub(ppr, "jc", val=jc)
                    tc.append(p)
        return tbl

    # ------------------------------------------------------------------ inlines

    def inlines(
        self, parent: etree._Element, nodes: tuple[rt.Inline, ...], fmt: Fmt = Fmt()
    ) -> None:
        """Append runs for inline nodes to a paragraph (or hyperlink)."""
        for index, node in enumerate(nodes):
            match node:
                case rt.Text(text=text):
                    run(parent, self.clean(text), style=fmt.style, bold=fmt.bold, italic=fmt.italic)
                case rt.Emph(children=children):
                    self.inlines(parent, children, replace(fmt, italic=True))
                case rt.Strong(children=children):
                    self.inlines(parent, children, replace(fmt, bold=True))
                case rt.Code(text=text):
                    run(parent, self.clean(text), style=st.INLINE_CODE, bold=fmt.bold)
                case rt.Math(tex=tex):
                    self.math(parent, tex, display=False)
                case rt.Link(href=href, children=children):
                    self.link(parent, href, children, fmt)
                case rt.Image():
                    self.image(parent, node)
                case rt.LineBreak():
                    sub(sub(parent, "r"), "br")
                case rt.SoftBreak():
                    if not _cjk_join(nodes, index):
                        run(parent, " ", style=fmt.style, bold=fmt.bold, italic=fmt.italic)
                case _:
                    assert_never(node)

    def math(self, parent: etree._Element, tex: str, *, display: bool) -> None:
        """An OMML equation (Word's native math); the TeX source if it cannot be converted."""
        tex = self.clean(tex)
        equation = omml(tex)
        if equation is None:
            self.warn(
                MATH_UNCONVERTED,
                "formula cannot be converted to a Word equation; its TeX source is printed",
                tex,
                help="check the TeX syntax of the formula",
            )
            run(parent, tex, style=st.MATH)
            return
        if display:
            para = etree.SubElement(parent, equation.tag.replace("oMath", "oMathPara"))
            para.append(equation)
        else:
            parent.append(equation)

    def link(
        self, parent: etree._Element, href: str, children: tuple[rt.Inline, ...], fmt: Fmt
    ) -> None:
        """A real hyperlink (external relationship), styled with the Hyperlink style."""
        href = self.clean(href).strip()
        if not href:
            self.inlines(parent, children, fmt)
            return
        rid = self._links.get(href)
        if rid is None:
            rid = f"rIdLink{len(self._links) + 1}"
            self.part.rels.add_relationship(RT.HYPERLINK, href, rid, is_external=True)
            self._links[href] = rid
        hyperlink = sub(parent, "hyperlink", history="1")
        hyperlink.set(f"{{{R_NS}}}id", rid)
        self.inlines(hyperlink, children or (rt.Text(href),), replace(fmt, style=st.HYPERLINK))

    def image(self, parent: etree._Element, node: rt.Image, max_width: int | None = None) -> None:
        """An embedded picture scaled to the text width; its alt text if it cannot be embedded."""
        from docx.image.exceptions import UnrecognizedImageError
        from docx.oxml.shape import CT_Inline
        from docx.shared import Emu

        src = node.src.strip()
        alt = self.clean(node.alt)
        if "://" in src or src.startswith("data:"):
            self.warn(
                IMAGE_REMOTE,
                f"remote image {src} is not embedded; a link to it is printed instead",
                src,
                help="download the image into the bank and refer to it by a relative path",
            )
            self.link(parent, src, (rt.Text(f"[{alt or src}]"),), Fmt())
            return
        path = (self.ctx.base_dir / src).resolve()
        cached = self._images.get(path)
        if cached is None:
            if not path.is_file():
                self.warn(
                    IMAGE_MISSING,
                    f"image file {src} not found; its alt text is printed instead",
                    src,
                    help=f"looked for {path}",
                )
                run(parent, f"[{alt or src}]", italic=True)
                return
            try:
                image_part = self.part.package.get_or_add_image_part(str(path))
                image = image_part.image
            except (UnrecognizedImageError, OSError, ValueError) as exc:
                self.warn(
                    IMAGE_UNREADABLE,
                    f"image {src} cannot be embedded in Word ({type(exc).__name__}); "
                    "its alt text is printed instead",
                    src,
                    help="use a PNG, JPEG, GIF, BMP or TIFF file",
                )
                run(parent, f"[{alt or src}]", italic=True)
                return
            rid = f"rIdImage{len(self._images) + 1}"
            self.part.rels.add_relationship(RT.IMAGE, image_part, rid)
            cached = (rid, image)
            self._images[path] = cached
        rid, image = cached
        width, height = int(image.width), int(image.height)
        limit = max_width or (self.text_width - st.Q_INDENT) * EMU_PER_TWIP
        scale = min(
            1.0, limit / width if width else 1.0, MAX_IMAGE_HEIGHT / height if height else 1
        )
        self._shape_id += 1
        inline = CT_Inline.new_pic_inline(
            self._shape_id, rid, image.filename, Emu(int(width * scale)), Emu(int(height * scale))
        )
        doc_pr = inline.find(
            "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
        )
        if doc_pr is not None and alt:
            doc_pr.set("descr", alt)
        sub(sub(parent, "r"), "drawing").append(inline)


def block_is_plain(block: rt.Block) -> bool:
    """Whether a block renders as plain paragraphs that take the list indent."""
    return isinstance(block, rt.Paragraph | rt.Heading | rt.Quote | rt.ThematicBreak)


def _is_cjk(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def _cjk_join(nodes: tuple[rt.Inline, ...], index: int) -> bool:
    """Whether a soft line break sits between two CJK characters (then it is no space)."""
    before = rt.plain_inline(nodes[max(index - 1, 0) : index])
    after = rt.plain_inline(nodes[index + 1 : index + 2])
    return bool(before and after and _is_cjk(before[-1]) and _is_cjk(after[0]))
