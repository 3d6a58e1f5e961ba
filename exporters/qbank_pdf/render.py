"""Lay out papers, answer keys and solutions with reportlab Platypus; reproducible bytes."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from itertools import groupby
from pathlib import Path
from typing import Any, assert_never

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.fonts import tt2ps
from reportlab.lib.pagesizes import A4, letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    HRFlowable,
    Indenter,
    LongTable,
    PageTemplate,
    Spacer,
    Table,
    TableStyle,
)

from qbank import richtext as rt
from qbank.diagnostics import Diagnostic, Location, warning
from qbank.i18n import colon, format_points, language, numeric_answer, points_label, t, weighted
from qbank.model import (
    LETTERS,
    Description,
    Essay,
    Matching,
    MultipleChoice,
    Numerical,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
)
from qbank.paper import Paper, PaperQuestion, PaperSection
from qbank.plugins import ExportRequest, ExportResult, Output, options_as
from qbank_pdf.cjkwrap import Para as Paragraph
from qbank_pdf.cjkwrap import forget_measures, text_width
from qbank_pdf.draw import draw_runs, draw_string_on
from qbank_pdf.fonts import BUILTIN, FontSet, choose_fonts
from qbank_pdf.mathtext import MathResult
from qbank_pdf.mathtext import forget_parsed as forget_formulas
from qbank_pdf.options import PDFOptions
from qbank_pdf.rich import GREY, RULE, Loss, Renderer, Styles

FONT_UNUSABLE = "QB325"
FONT_NOT_EMBEDDED = "QB326"
MARGIN = 56.7  # 2 cm
FOOTER_GAP = 28.0


# --------------------------------------------------------------------------- flowables


class QuestionBlock(Flowable):  # type: ignore[misc]
    """One question kept on one page: a label (its number) beside its indented content.

    Cheaper than KeepTogether (each child is wrapped once per try) and, when a question is
    taller than a whole page, it gives its content to the frame to flow over pages.
    """

    def __init__(
        self,
        label: Flowable | None,
        content: list[Flowable],
        indent: float,
        page_height: float,
        space_after: float,
    ) -> None:
        super().__init__()
        self.label = label
        self.content = content
        self.indent = indent if label is not None else 0.0
        self.page_height = page_height
        self.spaceAfter = space_after
        self._placed: list[tuple[Flowable, float, float]] = []
        self._label_h = 0.0
        self.width: float = 0.0
        self.height: float = 0.0

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        """Wrap every child at the indented width and stack them (once per width)."""
        if self._placed and self.width == aw:
            return aw, self.height
        inner = aw - self.indent
        y = 0.0
        placed: list[tuple[Flowable, float, float]] = []
        last = len(self.content) - 1
        for i, child in enumerate(self.content):
            if i:
                y += child.getSpaceBefore()
            w, h = child.wrapOn(self.canv, inner, 1e9)
            align = getattr(child, "hAlign", "LEFT")
            x = (inner - w) / 2 if align == "CENTER" else inner - w if align == "RIGHT" else 0.0
            placed.append((child, max(x, 0.0), y + h))
            y += h
            if i < last:
                y += child.getSpaceAfter()
        if self.label is not None:
            _, self._label_h = self.label.wrapOn(self.canv, self.indent, 1e9)
        self._placed = placed
        self.width, self.height = aw, max(y, self._label_h)
        return aw, self.height

    def split(self, aw: float, ah: float) -> list[Flowable]:
        """Move to the next page; flow over pages only when taller than a page."""
        if self.height <= self.page_height + 0.01:
            return []
        head: list[Flowable] = [Indenter(left=self.indent)]
        if self.label is not None:
            head.append(_Label(self.label, self.indent))
        return [*head, *self.content, Indenter(left=-self.indent)]

    def draw(self) -> None:
        """Draw the label at the left and each child below the previous one."""
        if self.label is not None:
            self.label.drawOn(self.canv, 0, self.height - self._label_h)
        for child, x, bottom in self._placed:
            child.drawOn(self.canv, self.indent + x, self.height - bottom)


class Number(Flowable):  # type: ignore[misc]
    """A question's number in bold, as one line of a body paragraph would hold it.

    One string drawn on the canvas: a Paragraph per number costs a parse and a wrap.
    """

    def __init__(self, text: str, font: str, size: float, leading: float) -> None:
        super().__init__()
        self.text = text
        self.font = font
        self.size = size
        self.leading = leading

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        """As wide as the number, one line high."""
        return text_width(self.text, self.font, self.size), self.leading

    def draw(self) -> None:
        """Draw the number on the first line's baseline (where a paragraph puts it)."""
        self.canv.setFont(self.font, self.size)
        self.canv.drawString(0, self.leading - self.size, self.text)

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802,N803
        """Draw as `draw` does, the operators written directly when they can be."""
        baseline = self.leading - self.size
        if not draw_string_on(canvas, x, y, baseline, self.text, self.font, self.size):
            super().drawOn(canvas, x, y, _sW)


class _Label(Flowable):  # type: ignore[misc]
    """A question number in the margin, taking no space (for a question split over pages)."""

    def __init__(self, label: Flowable, indent: float) -> None:
        super().__init__()
        self.label = label
        self.indent = indent

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        """Take no room."""
        return 0.0, 0.0

    def draw(self) -> None:
        """Draw the number left of the content that follows."""
        _, h = self.label.wrapOn(self.canv, self.indent, 1e9)
        self.label.drawOn(self.canv, -self.indent, -h)


class Deferred(Flowable):  # type: ignore[misc]
    """Flowables made only when the layout reaches them (see `_Doc.handle_flowable`).

    A story of Deferred items holds no paragraphs until they are laid out, and what has
    been drawn is freed: memory stays bounded however many questions the paper has.
    """

    def __init__(self, make: Callable[[], list[Flowable]]) -> None:
        super().__init__()
        self.make = make


class _Doc(BaseDocTemplate):  # type: ignore[misc]
    """A document template that expands `Deferred` items as the layout reaches them."""

    def handle_flowable(self, flowables: list[Flowable]) -> None:
        """Expand a Deferred item in place, then lay out as reportlab does."""
        while flowables and isinstance(flowables[0], Deferred):
            flowables[0:1] = flowables[0].make()
        if flowables:
            super().handle_flowable(flowables)

    def handle_keepWithNext(self, flowables: list[Flowable]) -> None:  # noqa: N802 - reportlab's
        """Expand what a keepWithNext heading is kept with before reportlab groups them."""
        i = 0
        while i < len(flowables):
            if isinstance(flowables[i], Deferred):
                flowables[i : i + 1] = flowables[i].make()
                continue
            if not flowables[i].getKeepWithNext():
                break
            i += 1
        super().handle_keepWithNext(flowables)


class Grid(Flowable):  # type: ignore[misc]
    """Short options in columns: each cell wrapped once, rows as tall as their tallest cell.

    What a Table with no padding but `gap` on the right of each cell and top alignment
    draws, without a Table's cost; it moves with its question and never splits.
    """

    def __init__(self, rows: list[list[Flowable]], column: float, gap: float) -> None:
        super().__init__()
        self.rows = rows
        self.column = column
        self.gap = gap
        self._heights: list[float] = []
        self._cells: list[list[float]] = []
        self.width: float = 0.0
        self.height: float = 0.0

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        """Wrap each cell at its column's width (less the gap) and stack the rows."""
        if self._heights:
            return self.width, self.height
        inner = self.column - self.gap
        self._cells = [[cell.wrapOn(self.canv, inner, 1e9)[1] for cell in row] for row in self.rows]
        self._heights = [max(row, default=0.0) for row in self._cells]
        self.width = self.column * max((len(r) for r in self.rows), default=0)
        self.height = sum(self._heights)
        return self.width, self.height

    def draw(self) -> None:
        """Draw each cell at the top of its row."""
        top = self.height
        for row, heights, row_height in zip(self.rows, self._cells, self._heights, strict=True):
            for j, (cell, h) in enumerate(zip(row, heights, strict=True)):
                cell.drawOn(self.canv, j * self.column, top - h)
            top -= row_height


class Rules(Flowable):  # type: ignore[misc]
    """Ruled lines to write on: one blank (with a label) or an essay's answer area."""

    def __init__(
        self, lines: int, gap: float, label: Paragraph | None = None, fraction: float = 1.0
    ) -> None:
        super().__init__()
        self.lines = lines
        self.gap = gap
        self.label = label
        self.fraction = fraction

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        """Full width, one gap per line."""
        self.width = aw
        self.height = self.lines * self.gap
        return aw, self.height

    def split(self, aw: float, ah: float) -> list[Flowable]:
        """Split a long answer area between pages, whole lines only."""
        fit = int(ah // self.gap)
        if fit < 1 or fit >= self.lines:
            return []
        head = Rules(fit, self.gap, self.label, self.fraction)
        return [head, Rules(self.lines - fit, self.gap, None, self.fraction)]

    def draw(self) -> None:
        """Draw the label (if any) and the lines."""
        canv = self.canv
        start = 0.0
        if self.label is not None:
            self.label.wrapOn(canv, self.width, self.gap)
            self.label.drawOn(canv, 0, self.height - self.gap + 3)
            start = min(self.label.minWidth() + 4, self.width / 2)
        canv.saveState()
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.5)
        for i in range(self.lines):
            y = self.height - (i + 1) * self.gap + 2
            x0 = start if i == 0 else 0.0
            canv.line(x0, y, self.width * self.fraction, y)
        canv.restoreState()


# --------------------------------------------------------------------------- the document


@dataclass
class Job:
    """Everything one export needs: fonts, styles, geometry and the losses found so far."""

    request: ExportRequest
    options: PDFOptions
    fonts: FontSet
    styles: Styles
    pagesize: tuple[float, float]
    losses: dict[tuple[str, str, str], Diagnostic] = field(default_factory=dict)
    glyphs_reported: set[str] = field(default_factory=set)
    maths: dict[str, MathResult] = field(default_factory=dict)
    """Formulas already typeset (paper and solutions print the same stems)."""
    latin_in_cjk: bool = False
    """Whether the document being laid out sets plain Latin text in the CJK font: a
    Chinese paper, with an embedded CJK font (Latin letters then match the Chinese ones
    in size and weight, and a paragraph stays in one font)."""

    def __post_init__(self) -> None:
        # What is looked up once and kept (formulas, widths, templates) is kept for one
        # export: each export measures and parses afresh.
        forget_formulas()
        forget_measures()

    @property
    def width(self) -> float:
        """Width of the text column."""
        return self.pagesize[0] - 2 * MARGIN

    @property
    def height(self) -> float:
        """Height of the text column."""
        return self.pagesize[1] - 2 * MARGIN - FOOTER_GAP / 2

    def renderer(self, qid: str | None, width: float) -> Renderer:
        """A rich-text renderer for one question (images relative to its file)."""
        source = self.request.source_of.get(qid or "")
        base = Path(source).parent if source else self.request.bank_dir
        return Renderer(
            self.fonts,
            self.styles,
            width,
            self.height * 0.4,
            base_dir=base,
            maths=self.maths,
            latin_in_cjk=self.latin_in_cjk,
        )

    def collect(self, renderer: Renderer, qid: str | None, before: set[str]) -> None:
        """Turn a renderer's losses (and characters no font has) into diagnostics."""
        where = Location(self.request.source_of.get(qid or "", str(self.request.bank_dir)))
        losses = list(renderer.losses)
        new = sorted(self.fonts.missing - before - self.glyphs_reported)
        self.glyphs_reported.update(new)
        if new:
            chars = " ".join(f"U+{ord(c):04X}" for c in new)
            losses.append(
                Loss(
                    "QB324",
                    f"no font has a glyph for {chars}; it prints as a blank box",
                    help="set a font that has it: fonts.pdf_cjk in bank.yaml or -o font=PATH",
                )
            )
        for loss in losses:
            key = (loss.code, loss.message, qid or "")
            if key not in self.losses:
                self.losses[key] = warning(
                    loss.code, loss.message, where, help=loss.help, question_id=qid
                )


def export(request: ExportRequest) -> ExportResult:
    """Render each paper as `<stem>.pdf`, `<stem>-key.pdf` and `<stem>-solutions.pdf`."""
    from reportlab import rl_config

    rl_config.invariant = 1
    options = options_as(request, PDFOptions)
    diagnostics: list[Diagnostic] = []
    configured, where = _configured_font(request, options)
    fonts, problems = choose_fonts(configured, use_builtin=options.font == BUILTIN)
    for problem in problems:
        diagnostics.append(
            warning(
                FONT_UNUSABLE,
                f"configured PDF font not used: {problem}",
                where,
                help="fonts.pdf_cjk or -o font=PATH must name a TrueType .ttf/.ttc file",
            )
        )
    styles = Styles.make(fonts.latin, options.font_size)
    job = Job(request, options, fonts, styles, _pagesize(request.papers, options))
    outputs: list[Output] = []
    for paper in request.papers:
        outputs.append(Output(f"{paper.stem}.pdf", _document(job, paper, "paper")))
        outputs.append(Output(f"{paper.stem}-key.pdf", _document(job, paper, "key")))
        outputs.append(Output(f"{paper.stem}-solutions.pdf", _document(job, paper, "solutions")))
    if fonts.cjk_file is None and options.font != BUILTIN and fonts.cjk_used:
        skipped = "; ".join(n for n in fonts.notes if "CFF" in n)
        diagnostics.append(
            warning(
                FONT_NOT_EMBEDDED,
                f"no TrueType CJK font found: Chinese text uses the built-in {fonts.cjk} font, "
                "which is not embedded (how it looks depends on the reader's PDF viewer)"
                + (f"; {skipped}" if skipped else ""),
                Location(str(request.bank_dir / "bank.yaml")),
                help="install a TrueType CJK font (e.g. Debian fonts-wqy-zenhei) or set "
                "fonts.pdf_cjk in bank.yaml",
            )
        )
    diagnostics.extend(job.losses.values())
    return ExportResult(outputs, diagnostics)


def _configured_font(request: ExportRequest, options: PDFOptions) -> tuple[Path | None, Location]:
    if options.font and options.font != BUILTIN:
        return Path(options.font), Location(options.font)
    meta_font = request.bank.meta.fonts.pdf_cjk
    where = Location(str(request.bank_dir / "bank.yaml"))
    if meta_font:
        path = Path(meta_font)
        return (path if path.is_absolute() else request.bank_dir / path), where
    return None, where


def _pagesize(papers: Sequence[Paper], options: PDFOptions) -> tuple[float, float]:
    size = options.paper_size or (papers[0].paper_size if papers else "A4")
    return (
        (float(letter[0]), float(letter[1])) if size == "Letter" else (float(A4[0]), float(A4[1]))
    )


def _document(job: Job, paper: Paper, kind: str) -> bytes:
    lang = paper.lang
    job.latin_in_cjk = job.fonts.latin_in_cjk and language(lang) == "zh"
    if kind == "paper":
        story = list(_paper_story(job, paper))
        tag = ""
    elif kind == "key":
        story = list(_key_story(job, paper))
        tag = t("key", lang)
    else:
        story = list(_solutions_story(job, paper))
        tag = t("solutions", lang)
    left = paper.title + (f" · {tag}" if tag else "")
    right = t("variant", lang, variant=paper.variant) if paper.variant else ""
    buf = io.BytesIO()
    doc = _Doc(
        buf,
        pagesize=job.pagesize,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + FOOTER_GAP / 2,
        title=left,
        author=job.request.bank.meta.course or "",
        subject=paper.subtitle or "",
        creator="qbank",
        producer="qbank (reportlab)",
        invariant=1,
        lang=lang,
    )
    frame = Frame(
        doc.leftMargin,
        doc.bottomMargin,
        doc.width,
        doc.height,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    doc.build(story, canvasmaker=_canvas_maker(job.fonts, lang, left, right))
    return buf.getvalue()


def _canvas_maker(fonts: FontSet, lang: str, left: str, right: str) -> type[Canvas]:
    """A canvas that holds its pages until the end, then prints "page n of N" on each."""

    class NumberedCanvas(Canvas):  # type: ignore[misc]
        _code: list[str]
        """The current page's operators (reportlab's)."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            # The page's operators as one string (the same bytes when written): a page kept
            # for its footer then takes a fraction of the memory of a list of small strings.
            self._code = ["\n".join(self._code)]
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            pages, self._pages = self._pages, []
            total = len(pages)
            for number in range(1, total + 1):
                state = pages[number - 1]
                pages[number - 1] = {}  # freed once written
                self.__dict__.update(state)
                self._footer(number, total)
                Canvas.showPage(self)
            Canvas.save(self)

        def _footer(self, number: int, total: int) -> None:
            width, _ = self._pagesize
            y = MARGIN - 6
            self.saveState()
            self.setStrokeColor(RULE)
            self.setLineWidth(0.5)
            self.line(MARGIN, y + 12, width - MARGIN, y + 12)
            self.setFillColor(GREY)
            size = 8.5
            _draw_runs(
                self,
                fonts,
                t("page_of", lang, page=number, pages=total),
                width / 2,
                y,
                size,
                "centre",
            )
            _draw_runs(self, fonts, _fit(fonts, left, size, width * 0.38), MARGIN, y, size, "left")
            if right:
                _draw_runs(self, fonts, right, width - MARGIN, y, size, "right")
            self.restoreState()

    return NumberedCanvas


def _runs(fonts: FontSet, text: str) -> list[tuple[str, str]]:
    """The text cut into runs of characters drawn in one font."""
    return [(font, "".join(chars)) for font, chars in groupby(text, key=fonts.font_for)]


def _width(fonts: FontSet, text: str, size: float) -> float:
    """Printed width of `text` (each run in its font), measured once per text and size."""
    key = (text, size)
    found = fonts.widths.get(key)
    if found is None:
        found = float(sum(text_width(s, f, size) for f, s in _runs(fonts, text)))
        if len(fonts.widths) >= 20_000:
            fonts.widths.clear()
        fonts.widths[key] = found
    return found


def _fit(fonts: FontSet, text: str, size: float, limit: float) -> str:
    if _width(fonts, text, size) <= limit:
        return text
    while text and _width(fonts, text + "…", size) > limit:
        text = text[:-1]
    return text + "…"


def _draw_runs(
    canv: Canvas, fonts: FontSet, text: str, x: float, y: float, size: float, align: str
) -> None:
    """Draw one line of text, each run in its font, in one text object."""
    width = _width(fonts, text, size)
    if align == "centre":
        x -= width / 2
    elif align == "right":
        x -= width
    draw_runs(canv, x, y, _runs(fonts, text), size)


# --------------------------------------------------------------------------- header


def _header(job: Job, paper: Paper, tag: str | None) -> Iterator[Flowable]:
    lang = paper.lang
    r = job.renderer(None, job.width)
    size = job.styles.size
    title_style = ParagraphStyle(
        "qb-title",
        parent=job.styles.body_cjk,
        fontSize=size * 1.6,
        leading=size * 2.1,
        alignment=TA_CENTER,
        spaceAfter=size * 0.3,
    )
    sub_style = ParagraphStyle(
        "qb-subtitle",
        parent=job.styles.body_cjk,
        fontSize=size * 1.1,
        leading=size * 1.5,
        alignment=TA_CENTER,
        spaceAfter=size * 0.3,
    )
    yield Paragraph(f"<b>{r.run(paper.title)}</b>", title_style)
    if tag:
        yield Paragraph(f"<b>{r.run(tag)}</b>", sub_style)
    if paper.subtitle:
        yield Paragraph(r.run(paper.subtitle), sub_style)
    facts: list[str] = []
    if paper.date:
        facts.append(t("date", lang) + colon(lang) + paper.date)
    if paper.duration:
        facts.append(t("duration", lang) + colon(lang) + paper.duration)
    facts.append(t("total_points", lang, points=format_points(paper.total_points)))
    if paper.variant:
        facts.append(t("variant", lang, variant=paper.variant))
    yield Paragraph(r.run("\u2003\u2003".join(facts)), sub_style)
    if tag is None:
        yield Spacer(1, size * 0.6)
        yield _student_lines(job, r, lang)
    yield HRFlowable(
        width="100%",
        thickness=0.8,
        color=colors.black,
        spaceBefore=size * 0.6,
        spaceAfter=size * 0.8,
    )
    job.collect(r, None, set())


def _student_lines(job: Job, r: Renderer, lang: str) -> Flowable:
    cells: list[Any] = []
    widths: list[float] = []
    for key, share in (("name", 0.36), ("student_number", 0.36), ("class", 0.28)):
        label = t(key, lang) + colon(lang)
        lw = _width(job.fonts, label, job.styles.size) + 8
        cells += [Paragraph(r.run(label), job.styles.body_cjk), ""]
        widths += [lw, job.width * share - lw]
    table = Table([cells], colWidths=widths, hAlign="LEFT")
    style: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
    ]
    for col in range(1, len(cells), 2):
        style.append(("LINEBELOW", (col, 0), (col, 0), 0.6, colors.black))
        style.append(("RIGHTPADDING", (col, 0), (col, 0), 10))
        style.append(("RIGHTPADDING", (col - 1, 0), (col - 1, 0), 0))
    table.setStyle(TableStyle(style))
    return table


def _instructions(job: Job, paper: Paper) -> Iterator[Flowable]:
    if not paper.instructions:
        return
    r = job.renderer(None, job.width)
    yield Paragraph(f"<b>{r.run(t('instructions', paper.lang))}</b>", job.styles.headings[3])
    yield from r.blocks(rt.parse(paper.instructions))
    yield Spacer(1, job.styles.size * 0.6)
    job.collect(r, None, set())


def _section_heading(job: Job, section: PaperSection, lang: str) -> Iterator[Flowable]:
    if not section.title:
        return
    r = job.renderer(None, job.width)
    points = sum(pq.points for pq in section.questions)
    label = t("section_points", lang, points=format_points(points))
    yield Paragraph(f"<b>{r.run(section.title)}</b> {r.run(f'({label})')}", job.styles.headings[1])
    job.collect(r, None, set())


# --------------------------------------------------------------------------- the paper


def _paper_story(job: Job, paper: Paper) -> Iterator[Flowable]:
    yield from _header(job, paper, None)
    yield from _instructions(job, paper)
    for section in paper.sections:
        yield from _section_heading(job, section, paper.lang)
        for pq in section.questions:
            yield Deferred(partial(_paper_question, job, pq, paper.lang))


def _indent(job: Job) -> float:
    return job.styles.size * 2.4


def _label(job: Job, pq: PaperQuestion) -> Flowable | None:
    if pq.number is None:
        return None
    body = job.styles.body
    return Number(f"{pq.number}.", tt2ps(body.fontName, 1, 0), body.fontSize, body.leading)


def _question(job: Job, pq: PaperQuestion, lang: str, *, solutions: bool) -> QuestionBlock:
    """One question as a block: stem, then the student's blanks (or, in solutions, the key)."""
    q = pq.question
    label = _label(job, pq)
    width = job.width - (_indent(job) if label is not None else 0)
    before = set(job.fonts.missing)
    r = job.renderer(q.id, width)
    prefix = ""
    if not isinstance(q, Description):
        prefix = r.run(points_label(pq.points, lang))
        if isinstance(q, MultipleChoice):
            prefix += " " + r.run(t("select_all", lang))
        prefix = f'<font color="#444444">{prefix}</font> '
    content = _stem(r, q.stem, prefix, width)
    content.extend(_body(job, r, pq, lang, width, solutions=solutions))
    if solutions:
        content.extend(_answer(job, r, pq, lang, width))
    job.collect(r, q.id, before)
    return QuestionBlock(label, content, _indent(job), job.height, job.styles.size * 1.1)


def _stem(r: Renderer, stem: str, prefix: str, width: float) -> list[Flowable]:
    doc = rt.parse(stem)
    out: list[Flowable] = []
    if doc and isinstance(doc[0], rt.Paragraph):
        out.extend(r.paragraphs(doc[0].children, width, prefix=prefix))
        doc = doc[1:]
    elif prefix:
        out.append(r.para(prefix))
    out.extend(r.blocks(doc, width))
    return out or [Spacer(1, 1)]


def _body(
    job: Job, r: Renderer, pq: PaperQuestion, lang: str, width: float, *, solutions: bool
) -> list[Flowable]:
    q = pq.question
    size = job.styles.size
    match q:
        case SingleChoice() | MultipleChoice():
            return _options(job, r, pq, width)
        case TrueFalse():
            if solutions:
                return []
            box, gap = "\u25a1", "\u00a0" * 8
            text = f"{box} {t('true', lang)}{gap}{box} {t('false', lang)}"
            return [r.para(r.run(text))]
        case ShortAnswer() | Numerical():
            if solutions:
                return []
            label = r.para(r.run(t("answer", lang) + colon(lang)))
            return [Rules(1, size * 2.0, label=label, fraction=0.7)]
        case Matching():
            return _matching(job, r, pq, lang, width, solutions=solutions)
        case Essay():
            if solutions:
                return []
            return [Spacer(1, size * 0.3), Rules(q.answer_lines, size * 2.3)]
        case Description():
            return []
        case _:
            assert_never(q)


def _options(job: Job, r: Renderer, pq: PaperQuestion, width: float) -> list[Flowable]:
    options = pq.options()
    size = job.styles.size
    docs = [rt.parse(o.text) for o in options]
    simple = all(
        len(d) == 1 and isinstance(d[0], rt.Paragraph) and not _breaks_or_images(d[0].children)
        for d in docs
    )
    gap = size * 1.5
    columns = 1
    if simple:
        widest = max(
            _width(job.fonts, f"{LETTERS[i]}. " + rt.plain_text(d), size)
            for i, d in enumerate(docs)
        )
        wanted = job.options.columns
        for n in (4, 2):
            if (wanted is None or wanted >= n) and widest <= width / n - gap and len(options) >= n:
                columns = n
                break
    if columns > 1:
        # The letter is set like the option's plain text (one font, one piece of text).
        cells: list[Flowable] = []
        for i, o in enumerate(options):
            markup = _inline_text(r, o.text)
            cells.append(r.para(r.run(f"{LETTERS[i]}. ", cjk=r.latin_in_cjk) + markup))
        rows: list[list[Flowable]] = [cells[i : i + columns] for i in range(0, len(cells), columns)]
        return [Grid(rows, width / columns, gap / 2)]
    out: list[Flowable] = []
    hang = size * 1.8
    for i, d in enumerate(docs):
        letter = f"{LETTERS[i]}."
        if len(d) == 1 and isinstance(d[0], rt.Paragraph) and simple:
            style = job.styles.variant(
                "option",
                job.styles.body_cjk,
                leftIndent=hang,
                bulletIndent=0,
                spaceAfter=size * 0.15,
                bulletFontName=job.fonts.cjk if r.latin_in_cjk else job.styles.body.bulletFontName,
            )
            out.append(Paragraph(r.inline(d[0].children), style, bulletText=letter))
            continue
        inner = r.blocks(d, width - hang)
        table = Table(
            [[Paragraph(letter, job.styles.body), inner]],
            colWidths=[hang, width - hang],
            hAlign="LEFT",
        )
        table.setStyle(
            TableStyle(
                [
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        out.append(table)
    return out


def _breaks_or_images(nodes: Sequence[rt.Inline]) -> bool:
    """Whether inline nodes hold a hard line break or an image, at any depth.

    (`rt.walk_inlines` would do, but its nested generators leave reference cycles for the
    garbage collector on every call.)
    """
    for node in nodes:
        if isinstance(node, rt.Image | rt.LineBreak):
            return True
        if isinstance(node, rt.Emph | rt.Strong | rt.Link) and _breaks_or_images(node.children):
            return True
    return False


def _matching(
    job: Job, r: Renderer, pq: PaperQuestion, lang: str, width: float, *, solutions: bool
) -> list[Flowable]:
    q = pq.question
    assert isinstance(q, Matching)
    rights = pq.right_items()
    size = job.styles.size
    blank = "" if solutions else "______ "
    left = [
        r.para(r.run(f"{blank}{i + 1}. ", cjk=r.latin_in_cjk) + _inline_text(r, p.left))
        for i, p in enumerate(q.pairs)
    ]
    right = [
        r.para(r.run(f"{LETTERS[i]}. ", cjk=r.latin_in_cjk) + _inline_text(r, item))
        for i, item in enumerate(rights)
    ]
    rows = [
        [left[i] if i < len(left) else "", right[i] if i < len(right) else ""]
        for i in range(max(len(left), len(right)))
    ]
    table = Table(rows, colWidths=[width * 0.5, width * 0.5], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), size),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    out: list[Flowable] = []
    if not solutions:
        out.append(Paragraph(r.run(t("matching_hint", lang)), job.styles.small))
    out.append(table)
    return out


def _inline_text(r: Renderer, text: str) -> str:
    """Markup of short Markdown (an option or a matching item) as one line of inline text."""
    parts: list[str] = []
    for block in rt.parse(text):
        if isinstance(block, rt.Paragraph | rt.Heading):
            parts.append(r.inline(block.children))
        else:
            parts.append(r.run(rt.plain_text((block,))))
    return "<br/>".join(parts)


# --------------------------------------------------------------------------- answers


def answer_text(pq: PaperQuestion, lang: str) -> str | None:
    """The key of a question as one line of plain text (None for a description or an essay)."""
    q = pq.question
    match q:
        case SingleChoice() | MultipleChoice():
            return "".join(pq.key_letters())
        case TrueFalse():
            return t("true" if q.answer else "false", lang)
        case ShortAnswer():
            return "; ".join(weighted(a.text, a.weight) for a in q.answers)
        case Numerical():
            return "; ".join(weighted(numeric_answer(a, lang), a.weight) for a in q.answers)
        case Matching():
            return ", ".join(f"{n}-{letter}" for n, letter in matching_key(pq))
        case Essay() | Description():
            return None
        case _:
            assert_never(q)


def matching_key(pq: PaperQuestion) -> list[tuple[int, str]]:
    """For a matching question: (left number, printed letter of its match)."""
    q = pq.question
    if not isinstance(q, Matching):
        return []
    n = len(q.pairs) + len(q.distractors)
    order = pq.match_order or tuple(range(n))
    return [(i + 1, LETTERS[order.index(i)]) for i in range(len(q.pairs))]


def _answer(job: Job, r: Renderer, pq: PaperQuestion, lang: str, width: float) -> list[Flowable]:
    q = pq.question
    out: list[Flowable] = []
    text = answer_text(pq, lang)
    head = f'<font color="#1a6b2f"><b>{r.run(t("answer", lang) + colon(lang))}</b></font>'
    if text is not None:
        out.append(r.para(head + f"<b>{r.run(text)}</b>"))
    feedback = pq.feedback()
    if feedback:
        # What a student is shown for each answer: under its printed letter, its text, ...
        out.append(r.para(head.replace(r.run(t("answer", lang)), r.run(t("feedback", lang)))))
        for item in feedback:
            after = " " if item.kind == "option" else colon(lang)
            bold = (item.label(lang) + after).rstrip(" ")
            prefix = f"<b>{r.run(bold)}</b>{' ' if after.endswith(' ') else ''}"
            out.extend(_stem(r, item.text, prefix, width))
    if isinstance(q, Essay) and q.grading_notes:
        out.append(r.para(head.replace(r.run(t("answer", lang)), r.run(t("grading_notes", lang)))))
        out.extend(r.blocks(rt.parse(q.grading_notes), width))
    return out


# --------------------------------------------------------------------------- key and solutions


def _key_story(job: Job, paper: Paper) -> Iterator[Flowable]:
    yield from _header(job, paper, t("key", paper.lang))
    lang = paper.lang
    r = job.renderer(None, job.width)
    bold = ParagraphStyle("qb-key-head", parent=job.styles.cell)
    rows: list[list[Any]] = [
        [Paragraph(f"<b>{r.run(t(k, lang))}</b>", bold) for k in ("question", "answer")]
        + [Paragraph(f"<b>{r.run(t('points_column', lang))}</b>", bold)]
    ]
    job.collect(r, None, set())
    for section in paper.sections:
        for pq in section.questions:
            if pq.number is None:
                continue
            r.losses.clear()  # each row's losses are its question's (suppressible by its id)
            before = set(job.fonts.missing)
            text = answer_text(pq, lang)
            q = pq.question
            if text is None:
                notes = q.grading_notes if isinstance(q, Essay) else None
                cell: Any = [r.para(_inline_text(r, notes), job.styles.cell)] if notes else "—"
            else:
                cell = Paragraph(r.run(text), job.styles.cell)
            rows.append([str(pq.number), cell, format_points(pq.points)])
            job.collect(r, q.id, before)
    r.losses.clear()
    rows.append(
        [
            Paragraph(f"<b>{r.run(t('total', lang))}</b>", bold),
            "",
            format_points(paper.total_points),
        ]
    )
    w = job.width
    first = max(_width(job.fonts, t("question", lang), job.styles.size) * 1.12 + 16, w * 0.1)
    last = max(_width(job.fonts, t("points_column", lang), job.styles.size) * 1.12 + 16, w * 0.1)
    table = LongTable(rows, colWidths=[first, w - first - last, last], repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, RULE),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f2f2f2")),
                ("FONT", (0, 0), (-1, -1), job.fonts.latin, job.styles.size),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (0, 0), (0, -1), "CENTER"),
                ("ALIGN", (2, 0), (2, -1), "CENTER"),
            ]
        )
    )
    yield table
    job.collect(r, None, set())


def _solutions_story(job: Job, paper: Paper) -> Iterator[Flowable]:
    yield from _header(job, paper, t("solutions", paper.lang))
    lang = paper.lang
    for section in paper.sections:
        yield from _section_heading(job, section, lang)
        for pq in section.questions:
            yield Deferred(partial(_solved_question, job, pq, lang))


def _paper_question(job: Job, pq: PaperQuestion, lang: str) -> list[Flowable]:
    return [_question(job, pq, lang, solutions=False)]


def _solved_question(job: Job, pq: PaperQuestion, lang: str) -> list[Flowable]:
    return [_question(job, pq, lang, solutions=True), *_explanation(job, pq, lang)]


def _explanation(job: Job, pq: PaperQuestion, lang: str) -> Iterator[Flowable]:
    q = pq.question
    if not q.explanation:
        return
    indent = _indent(job) if pq.number is not None else 0.0
    width = job.width - indent
    r = job.renderer(q.id, width)
    before = set(job.fonts.missing)
    size = job.styles.size
    head = job.styles.variant("explanation-head", job.styles.body_cjk, spaceAfter=size * 0.2)
    yield Indenter(left=indent)
    for i, section in enumerate(q.explanation):
        title = section.title or (t("explanation", lang) if i == 0 else None)
        body = r.blocks(rt.parse(section.body), width)
        if title:
            # The heading stays with the first block below it (what keepWithNext does,
            # without a KeepTogether's copies): both move to the next page together.
            heading = Paragraph(f'<font color="#1a4f9c"><b>{r.run(title)}</b></font>', head)
            if body:
                first = body.pop(0)
                yield QuestionBlock(None, [heading, first], 0.0, job.height, first.getSpaceAfter())
            else:
                yield heading
        yield from body
    yield Spacer(1, size * 0.8)
    yield Indenter(left=-indent)
    job.collect(r, q.id, before)
