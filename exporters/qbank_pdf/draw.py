"""Paragraph drawing without reportlab's per-paragraph objects: the same PDF operators, faster."""

from __future__ import annotations

from itertools import groupby
from typing import Any

from reportlab.lib.colors import Color
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.rl_accel import escapePDF, fp_str, unicode2T1
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth
from reportlab.rl_config import paraFontSizeHeightOffset

# What reportlab's `Paragraph.drawOn` writes for a left-aligned paragraph of plain text
# runs (fonts, sizes, colours, rises; no links, underlines, backgrounds, images or dots),
# written straight into the canvas's operator list: reportlab makes a text object and two
# canvas states per paragraph and calls a method per operator. Every operator and its
# formatting below is reportlab's (`PDFTextObject`, `_putFragLine`, `_drawBullet`), in the
# same order, so the page content is byte for byte what reportlab writes; anything else
# goes to reportlab (`draw_on` returns False before writing anything).


class _Context:
    """Per-canvas look-ups: fonts by name, subset names, colour operators, glyph codes."""

    __slots__ = ("canv", "colours", "doc", "fonts", "names", "styles", "templates")

    def __init__(self, canv: Any) -> None:
        self.canv = canv
        self.doc = canv._doc
        self.fonts: dict[str, Any] = {}
        self.names: dict[tuple[str, int], str] = {}
        self.colours: dict[int, tuple[Any, str]] = {}
        self.styles: dict[int, tuple[Any, bool]] = {}
        self.templates: dict[tuple[float, float | None], str] = {}

    def font_template(self, size: float, leading: float | None) -> str:
        """The size and leading operands after a font name: `10.5 Tf 15.75 TL`."""
        found = self.templates.get((size, leading))
        if found is None:
            found = self.templates[(size, leading)] = f"{fp_str(size)} Tf {fp_str(leading)} TL"
        return found

    def font(self, name: str) -> Any:
        """The registered font of a name."""
        found = self.fonts.get(name)
        if found is None:
            found = self.fonts[name] = getFont(name)
        return found

    def subset_name(self, font: Any, subset: int) -> str:
        """The PDF name of a TrueType font's subset (`/F3+0`), registered on first use."""
        key = (font.fontName, subset)
        found = self.names.get(key)
        if found is None:
            found = self.names[key] = font.getSubsetInternalName(subset, self.doc)
        return found

    def colour(self, colour: Any) -> str | None:
        """The fill colour operator reportlab writes for `colour`; None if it does more."""
        hit = self.colours.get(id(colour))
        if hit is not None and hit[0] is colour:
            return hit[1]
        if type(colour) is not Color or colour.alpha != 1:
            return None
        found = f"{fp_str((colour.red, colour.green, colour.blue))} rg"
        self.colours[id(colour)] = (colour, found)  # the colour is kept: its id stays its own
        return found

    def split(self, font: Any, text: str) -> list[tuple[int, bytes]]:
        """`TTFont.splitString`: looked up directly when every character has its code."""
        state = font.state.get(self.doc)
        if state is not None:
            assignments = state.assignments
            try:
                codes = [assignments[c] for c in map(ord, text.replace("\xa0", " "))]
            except KeyError:
                pass
            else:
                if not codes:
                    return []
                if max(codes) < 256:
                    return [(0, bytes(codes))]
                return [
                    (subset, bytes(n & 0xFF for n in run))
                    for subset, run in groupby(codes, key=lambda n: n >> 8)
                ]
        out: list[tuple[int, bytes]] = font.splitString(text, self.doc)
        return out


def _context(canv: Any) -> _Context:
    """The look-ups of a canvas (made with its first fast paragraph, freed with it)."""
    ctx: _Context | None = getattr(canv, "_qb_draw", None)
    if ctx is None:
        ctx = _Context(canv)
        canv._qb_draw = ctx
    return ctx


class _Text:
    """One PDF text object's operators and state (what `PDFTextObject` tracks)."""

    __slots__ = ("code", "ctx", "font", "leading", "name", "size", "subset")

    def __init__(self, ctx: _Context, x: float, y: float) -> None:
        self.ctx = ctx
        self.code = ["BT", f"1 0 0 1 {fp_str(x, y)} Tm"]
        self.font: Any = None
        self.name: str | None = None
        self.size: float | None = None
        self.leading: float | None = None
        self.subset = -1

    def set_font(self, name: str, size: float, leading: float | None = None) -> None:
        """`setFont` (with a leading) or `_setFont` (without)."""
        font = self.ctx.font(name)
        self.font, self.name, self.size = font, name, size
        if leading is not None:
            self.leading = leading
        if font._dynamicFont:
            self.subset = -1
            return
        internal = self.ctx.doc.getInternalFontName(name)
        if leading is None:
            self.code.append(f"{internal} {fp_str(size)} Tf")
        else:
            self.code.append(f"{internal} {fp_str(size)} Tf {fp_str(leading)} TL")

    def x_pos(self, dx: float) -> None:
        """`setXPos`: a `Td`, merged into the previous one as `moveCursor` does."""
        if not (dx > 1e-6 or dx < -1e-6):
            return
        code = self.code
        dy = 0.0
        if code and code[-1].endswith(" Td"):
            parts = code[-1].split()
            if len(parts) == 3:
                del code[-1]
            else:
                code[-1] = "".join(parts[:-4])
            dx += float(parts[-3])
            dy -= float(parts[-2])
        code.append(f"{fp_str(dx, -dy)} Td")

    def rise(self, rise: float) -> None:
        """`setRise`: a rise right after another replaces it."""
        op = f"{fp_str(rise)} Ts"
        if self.code[-1].endswith(" Ts"):
            self.code[-1] = op
        else:
            self.code.append(op)

    def text(self, text: str) -> str:
        """`_formatText`: the operators that show `text` in the current font."""
        font = self.font
        ctx = self.ctx
        out: list[str] = []
        if font._dynamicFont:
            pieces = ctx.split(font, text)
            if len(pieces) == 1 and pieces[0][0] == self.subset:
                return f"({escapePDF(pieces[0][1])}) Tj"
            for subset, t in pieces:
                if subset != self.subset:
                    tmpl = ctx.font_template(self.size, self.leading)  # type: ignore[arg-type]
                    out.append(f"{ctx.subset_name(font, subset)} {tmpl}")
                    self.subset = subset
                out.append(f"({escapePDF(t)}) Tj")
        elif font._multiByte:
            internal = ctx.doc.getInternalFontName(font.fontName)
            out.append(f"{internal} {fp_str(self.size)} Tf {fp_str(self.leading)} TL")
            out.append(f"({font.formatForPdf(text)}) Tj")
        else:
            fc = font
            for f, t in unicode2T1(text, [font, *font.substitutionFonts]):
                if f != fc:
                    internal = ctx.doc.getInternalFontName(f.fontName)
                    out.append(f"{internal} {fp_str(self.size)} Tf {fp_str(self.leading)} TL")
                    fc = f
                out.append(f"({escapePDF(t)}) Tj")
            if font != fc:
                internal = ctx.doc.getInternalFontName(self.name)
                out.append(f"{internal} {fp_str(self.size)} Tf {fp_str(self.leading)} TL")
        return " ".join(out)

    def end(self) -> str:
        """The text object as `canvas.drawText` writes it."""
        self.code.append("ET")
        return " ".join(self.code)


def _plain_frag(f: Any) -> bool:
    """Whether a fragment is text alone: no image, link, underline or background."""
    return (
        type(getattr(f, "text", None)) is str
        and not hasattr(f, "cbDefn")
        and not getattr(f, "us_lines", None)
        and not getattr(f, "link", None)
        and not getattr(f, "backColor", None)
    )


def _plain_style(style: Any, ctx: _Context) -> bool:
    """Whether a style draws left-aligned text alone (no background, border, dots)."""
    hit = ctx.styles.get(id(style))
    if hit is not None and hit[0] is style:
        return hit[1]
    plain = not (
        style.alignment != TA_LEFT
        or style.backColor
        or (style.borderColor and style.borderWidth)
        or style.wordWrap == "RTL"
        or style.endDots
        or getattr(style, "autoLeading", "") in ("min", "max")
        or style.bulletAnchor != "start"
        or ctx.colour(getattr(style, "bulletColor", style.textColor)) is None
    )
    ctx.styles[id(style)] = (style, plain)  # styles are shared and never changed
    return plain


def _supported(para: Any, canv: Any, ctx: _Context) -> bool:
    """Whether the paragraph draws only what `draw_on` writes as reportlab would."""
    if (
        not _plain_style(para.style, ctx)
        or hasattr(para, "autoLeading")
        or hasattr(para, "_offsets")
        or getattr(para, "_showBoundary", None)
        or "preformatted" in type(para).__name__.lower()
        or not canv.bottomup
        or canv._enforceColorSpace is not None
        or canv._extgstate.getValue("ca") != 1
    ):
        return False
    bullet = para.bulletText
    if bullet and type(bullet) is not str:
        return False
    bl = para.blPara
    if not bl.lines:
        return True
    if bl.kind == 0:
        if (
            getattr(bl, "us_lines", None)
            or getattr(bl, "link", None)
            or ctx.colour(getattr(bl, "textColor", None)) is None
        ):
            return False
        return all(type(w) is str for _, words in bl.lines for w in words)
    for line in bl.lines:
        if getattr(line, "preformatted", False):
            return False
        for f in line.words:
            if not _plain_frag(f) or ctx.colour(f.textColor) is None:
                return False
    return True


def draw_on(para: Any, canv: Any, x: float, y: float, sw: float = 0) -> bool:
    """Draw a wrapped Paragraph as `Flowable.drawOn` does; False (nothing drawn) if unsupported."""
    ctx = _context(canv)
    if not _supported(para, canv, ctx):
        return False
    x = para._hAlignAdjust(x, sw)
    code = canv._code
    code.append("q")
    code.append(f"{fp_str(1, 0, 0, 1, x, y)} cm")
    lines = para.blPara.lines
    if lines:
        code.append("q")
        if para.blPara.kind == 0:
            _draw_simple(para, ctx, code)
        else:
            _draw_frags(para, ctx, code)
        code.append("Q")
    code.append("Q")
    return True


def _bullet(para: Any, ctx: _Context, code: list[str], offset: float, cur_y: float) -> float:
    """`_drawBullet` for a text bullet anchored at its start; returns the first line's offset."""
    style = para.style
    text = para.bulletText
    x = style.bulletIndent
    tx = _Text(ctx, x, cur_y + getattr(style, "bulletOffsetY", 0))
    name, size = style.bulletFontName, style.bulletFontSize
    tx.set_font(name, size, size * 1.2)
    tx.code.append(str(ctx.colour(getattr(style, "bulletColor", style.textColor))))
    ctx.doc.ensureMinPdfVersion("transparency")
    tx.code.append(tx.text(text))
    code.append(tx.end())
    end = float(x + stringWidth(text, name, size) + size * 0.6 - style.leftIndent)
    return max(offset, end)


def _top(para: Any, first: Any) -> float:
    """The first baseline (drawPara's `cur_y`)."""
    if paraFontSizeHeightOffset:
        return float(para.height - first.fontSize)
    return float(para.height - getattr(first, "ascent", first.fontSize))


def _draw_simple(para: Any, ctx: _Context, code: list[str]) -> None:
    """A paragraph in one font (`blPara.kind == 0`): `_leftDrawParaLine` per line."""
    style = para.style
    bl = para.blPara
    cur_y = _top(para, bl)
    offset = style.firstLineIndent
    if para.bulletText:
        offset = _bullet(para, ctx, code, offset, cur_y)
    colour = bl.textColor
    code.append(str(ctx.colour(colour)))
    ctx.doc.ensureMinPdfVersion("transparency")  # what the colour's alpha of 1 does
    tx = _Text(ctx, style.leftIndent, cur_y)
    tx.set_font(bl.fontName, bl.fontSize, style.leading)
    out = tx.code
    for i, (extra, words) in enumerate(bl.lines):
        shift = offset if i == 0 else 0
        text = " ".join(words)
        tx.x_pos(shift)
        spaces = 0
        if not extra > -1e-8:
            spaces = len(words) + text.count("\xa0") - 1
        if spaces > 0:
            out.append(f"{fp_str(extra / float(spaces))} Tw")
            out.append(tx.text(text) + " T*")
            out.append("0 Tw")
        else:
            out.append(tx.text(text) + " T*")
        tx.x_pos(-shift)
    code.append(tx.end())


def _draw_frags(para: Any, ctx: _Context, code: list[str]) -> None:
    """A paragraph of runs (`blPara.kind == 1`): `_leftDrawParaLineX` and `_putFragLine`."""
    style = para.style
    lines = para.blPara.lines
    cur_y = _top(para, lines[0])
    offset = style.firstLineIndent
    if para.bulletText:
        offset = _bullet(para, ctx, code, offset, cur_y)
    tx = _Text(ctx, style.leftIndent, cur_y)
    out = tx.code
    leading = style.leading
    colour: Any = None
    rise: float = 0
    for i, line in enumerate(lines):
        shift = offset if i == 0 else 0
        tx.x_pos(shift)
        words = line.words
        extra = line.extraSpace
        spaces = 0
        if not extra > -1e-8:
            spaces = line.wordCount + sum(f.text.count("\xa0") for f in words) - 1
        if spaces > 0:
            out.append(f"{fp_str(extra / float(spaces))} Tw")
        if tx.leading != leading:
            tx.leading = leading
            out.append(f"{fp_str(leading)} TL")
        last = words[-1] if words else None
        for f in words:
            if tx.name != f.fontName or tx.size != f.fontSize:
                tx.set_font(f.fontName, f.fontSize)
            if colour is not f.textColor and colour != f.textColor:
                colour = f.textColor
                out.append(str(ctx.colour(colour)))
                ctx.doc.ensureMinPdfVersion("transparency")
            if rise != f.rise:
                rise = f.rise
                tx.rise(rise)
            shown = tx.text(f.text)
            out.append(shown + " T*" if f is last else shown)
        if spaces > 0:
            out.append("0 Tw")
        tx.x_pos(-shift)
    code.append(tx.end())


def draw_runs(canv: Any, x: float, y: float, runs: list[tuple[str, str]], size: float) -> None:
    """Draw one line of (font, text) runs in one text object.

    What `beginText`, `setFont` and `textOut` per run, then `drawText` write.
    """
    tx = _Text(_context(canv), x, y)
    for font, piece in runs:
        tx.set_font(font, size, size * 1.2)
        tx.code.append(tx.text(piece))
    canv._code.append(tx.end())


def draw_string_on(
    canv: Any, x: float, y: float, baseline: float, text: str, font: str, size: float
) -> bool:
    """Draw one string as a flowable drawing `setFont` and `drawString` at (x, y) would.

    That is `Flowable.drawOn` of a `draw` that calls `setFont(font, size)` and
    `drawString(0, baseline, text)`. False (nothing written) unless the font is a
    TrueType one (others write their font outside the text object).
    """
    ctx = _context(canv)
    if not ctx.font(font)._dynamicFont or not canv.bottomup:
        return False
    code = canv._code
    code.append("q")
    code.append(f"{fp_str(1, 0, 0, 1, x, y)} cm")
    tx = _Text(ctx, 0, baseline)
    tx.set_font(font, size, size * 1.2)
    tx.code.append(tx.text(text) + " T*")
    code.append(tx.end())
    code.append("Q")
    return True
