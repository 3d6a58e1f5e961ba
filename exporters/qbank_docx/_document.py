"""Compose a paper, its answer key or its solutions as one .docx (body built in linear time)."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, assert_never

from lxml import etree

from qbank import richtext as rt
from qbank.diagnostics import Diagnostic
from qbank.i18n import colon, format_points, numeric_answer, points_label, t, weighted
from qbank.model import (
    LETTERS,
    Bank,
    Description,
    Essay,
    Matching,
    MultipleChoice,
    Numerical,
    Section,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
)
from qbank.paper import Paper, PaperQuestion
from qbank_docx import _styles as st
from qbank_docx._rich import TOO_MANY_ITEMS, Context, Renderer
from qbank_docx._xml import el, field, keep_next, paragraph, run, set_numbering, sub, w

Edition = Literal["paper", "key", "solutions"]

FIXED_TIME = datetime(2000, 1, 1, tzinfo=UTC)
"""Core-properties dates: fixed, so the same inputs give the same bytes."""
ZIP_TIME = (1980, 1, 1, 0, 0, 0)

PAGE_SIZES = {"A4": (11906, 16838), "Letter": (12240, 15840)}
MARGIN = 1134  # 2 cm
HEADER_MARGIN = 567


@dataclass(frozen=True)
class Fonts:
    """Fonts and languages a document uses."""

    latin: str
    east_asia: str
    mono: str
    size_half_points: int
    lang: str
    east_asia_lang: str


@dataclass(frozen=True)
class Job:
    """One document to produce."""

    bank: Bank
    paper: Paper
    edition: Edition
    fonts: Fonts
    bank_dir: Path
    source_of: dict[str, str]
    student_block: bool


def render(job: Job, report: Callable[[Diagnostic], None]) -> bytes:
    """The .docx bytes of one edition of one paper."""
    import docx

    document = docx.Document()
    width, height = PAGE_SIZES.get(job.paper.paper_size, PAGE_SIZES["A4"])
    text_width = width - 2 * MARGIN
    fonts = job.fonts
    st.install_styles(
        document.styles.element,
        latin=fonts.latin,
        east_asia=fonts.east_asia,
        mono=fonts.mono,
        size_half_points=fonts.size_half_points,
        lang=fonts.lang,
        east_asia_lang=fonts.east_asia_lang,
        text_width=text_width,
    )
    _settings(document.settings.element, fonts)
    numbering = st.Numbering(document.part.numbering_part.element)
    renderer = Renderer(document.part, numbering, text_width, report)
    composer = _Composer(job, renderer)
    elements = composer.compose()
    numbering.finish()

    _header_footer(document, job)  # before the body grows: python-docx finds sections by xpath
    body = document.element.body
    sect_pr = body.sectPr
    for child in list(body):
        body.remove(child)
    body.extend(elements)  # one linear append; never python-docx's per-paragraph insert
    body.append(sect_pr)
    _page(sect_pr, width, height)
    _core_properties(document, job)
    return save(document)


class _Members:
    """Collects the members python-docx's package writer would put in the zip."""

    def __init__(self) -> None:
        self.members: list[tuple[str, bytes]] = []

    def write(self, pack_uri: Any, blob: bytes) -> None:
        self.members.append((pack_uri.membername, blob))


def save(document: Any) -> bytes:
    """The .docx bytes, compressed once, with fixed timestamps and member order."""
    from docx.opc.pkgwriter import PackageWriter

    writer: Any = PackageWriter  # its static member writers, fed our own sink
    package = document.part.package
    parts = list(package.iter_parts())
    sink = _Members()
    writer._write_content_types_stream(sink, parts)
    writer._write_pkg_rels(sink, package.rels)
    writer._write_parts(sink, parts)
    return _zip(sink.members)


# --------------------------------------------------------------------------- composing


class _Composer:
    """Builds the body elements of one edition."""

    def __init__(self, job: Job, renderer: Renderer) -> None:
        self.job = job
        self.r = renderer
        self.lang = job.paper.lang
        self.out: list[etree._Element] = []
        self.expected_number = 1
        self.question_num: int | None = None

    def t(self, key: str, **values: object) -> str:
        return t(key, self.lang, **values)

    def compose(self) -> list[etree._Element]:
        self.front_matter()
        if self.job.edition == "key":
            self.key_table()
            return self.out
        for section in self.job.paper.sections:
            if section.title:
                self.for_question(None)  # a section title's losses are no question's
                p, _ = paragraph(st.SECTION)
                run(p, self.r.clean(section.title))
                pts = sum(pq.points for pq in section.questions)
                if pts:
                    run(p, " (" + self.t("section_points", points=format_points(pts)) + ")")
                self.out.append(p)
            for pq in section.questions:
                self.question(pq)
        return self.out

    def for_question(self, qid: str | None) -> None:
        source = self.job.source_of.get(qid) if qid else None
        base = Path(source).parent if source else self.job.bank_dir
        self.r.ctx = Context(question_id=qid, source=source, base_dir=base)

    # ------------------------------------------------------------------ front matter

    def front_matter(self) -> None:
        paper = self.job.paper
        self.for_question(None)
        p, _ = paragraph(st.TITLE)
        run(p, self.r.clean(paper.title))
        self.out.append(p)
        edition = {"paper": None, "key": self.t("key"), "solutions": self.t("solutions")}[
            self.job.edition
        ]
        subtitle = [s for s in (paper.subtitle, edition) if s]
        if paper.variant:
            subtitle.append(self.t("variant", variant=paper.variant))
        if subtitle:
            p, _ = paragraph(st.SUBTITLE)
            run(p, self.r.clean(" · ".join(subtitle)))
            self.out.append(p)
        info = []
        if paper.date:
            info.append(f"{self.t('date')}: {paper.date}")
        if paper.duration:
            info.append(f"{self.t('duration')}: {paper.duration}")
        info.append(self.t("total_points", points=format_points(paper.total_points)))
        p, _ = paragraph(st.INFO)
        run(p, self.r.clean("    ".join(info)))
        self.out.append(p)
        if self.job.edition == "paper" and self.job.student_block:
            p, _ = paragraph(st.STUDENT)
            labels = (self.t("name"), self.t("student_number"), self.t("class"))
            run(p, f"{labels[0]}:\t\t{labels[1]}:\t\t{labels[2]}:\t")
            self.out.append(p)
        if paper.instructions and self.job.edition != "key":
            p, _ = paragraph(st.SECTION)
            run(p, self.t("instructions"))
            self.out.append(p)
            self.out.extend(
                self.r.blocks(rt.parse(paper.instructions), style=st.EXPLANATION, keep=False)
            )

    # ------------------------------------------------------------------ questions

    def question(self, pq: PaperQuestion) -> None:
        q = pq.question
        self.for_question(q.id)
        start = len(self.out)
        solutions = self.job.edition == "solutions"
        stem = rt.parse(q.stem)
        if isinstance(q, Description) or pq.number is None:
            self.out.extend(self.r.blocks(stem, style=st.DESCRIPTION))
            if solutions:
                self.explanation(q.explanation)
            return
        p, ppr = paragraph(st.QUESTION)
        self.number(ppr, pq.number)
        if pq.points:
            run(p, points_label(pq.points, self.lang) + " ", style=st.POINTS)
        self.out.append(p)
        self.out.extend(self.r.blocks(stem, style=st.QUESTION_BODY, into=p, keep=True))
        match q:
            case SingleChoice() | MultipleChoice():
                if isinstance(q, MultipleChoice):
                    run(self._last_paragraph(p), " " + self.t("select_all"), style=st.POINTS)
                self.options(pq)
            case TrueFalse():
                p, _ = paragraph(st.OPTION_BODY)
                run(p, f"○ {self.t('true')}\t○ {self.t('false')}")
                self.out.append(p)
            case ShortAnswer() | Numerical():
                if not solutions:
                    p, _ = paragraph(st.ANSWER_SPACE)
                    run(p, f"{self.t('answer')}: \t")
                    self.out.append(p)
            case Matching():
                self.matching(pq, filled=solutions)
            case Essay():
                if not solutions:
                    for _ in range(q.answer_lines):
                        self.out.append(paragraph(st.ANSWER_LINE)[0])
            case Description():
                pass
            case _:
                assert_never(q)
        if solutions:
            self.solution(pq)
        self._end_question(start)

    def _last_paragraph(self, first: etree._Element) -> etree._Element:
        last = self.out[-1]
        if last.tag == w("p") and last[0][0].get(w("val")) in (st.QUESTION, st.QUESTION_BODY):
            return last
        return first

    def _end_question(self, start: int) -> None:
        """Keep a question together, but never chain keep-with-next into the next question."""
        for element in reversed(self.out[start:]):
            if element.tag == w("p"):
                ppr = element[0]
                existing = ppr.find(w("keepNext"))
                if existing is None:
                    keep_next(ppr)
                    existing = ppr.find(w("keepNext"))
                assert existing is not None
                existing.set(w("val"), "0")
                return

    def number(self, ppr: etree._Element, number: int) -> None:
        """Number from the Question style's list; restart the list if the paper skips."""
        if number != self.expected_number:
            self.question_num = self.r.numbering.new(st.QUESTIONS, start=number)
        if self.question_num is not None:
            set_numbering(ppr, self.question_num)
        self.expected_number = number + 1

    def options(self, pq: PaperQuestion) -> None:
        num = self.r.numbering.new(st.OPTIONS)
        for option in pq.options():
            p, ppr = paragraph(st.OPTION)
            set_numbering(ppr, num)
            self.out.append(p)
            self.out.extend(
                self.r.blocks(rt.parse(option.text), style=st.OPTION_BODY, into=p, keep=True)
            )

    def matching(self, pq: PaperQuestion, *, filled: bool) -> None:
        q = pq.question
        assert isinstance(q, Matching)
        rights = pq.right_items()
        if len(rights) > len(LETTERS):
            self.r.warn(
                TOO_MANY_ITEMS,
                f"matching question has {len(rights)} right-hand items; Word letters past Z "
                "as AA, BB, ... which the key cannot refer to",
                "distractors:" if q.distractors else "pairs:",
                help="split the question or use fewer distractors",
            )
        p, _ = paragraph(st.QUESTION_BODY)
        run(p, self.t("matching_hint"), italic=True)
        self.out.append(p)
        left_num = self.r.numbering.new(st.MATCH_LEFT)
        right_num = self.r.numbering.new(st.MATCH_RIGHT)
        key = pq.match_key()
        rows: list[list[list[etree._Element]]] = []
        for index in range(max(len(q.pairs), len(rights))):
            cells: list[list[etree._Element]] = []
            if index < len(q.pairs):
                cp, cppr = paragraph(st.MATCH_ITEM)
                set_numbering(cppr, left_num)
                cell = [
                    cp,
                    *self.r.blocks(rt.parse(q.pairs[index].left), style=st.TABLE_TEXT, into=cp),
                ]
                answer = key[index] if filled and index < len(key) else "\u3000\u3000"
                run(cp, " (", style=st.POINTS)
                run(cp, answer, style=st.LABEL if filled else None)
                run(cp, ")", style=st.POINTS)
                cells.append(cell)
            else:
                cells.append([])
            if index < len(rights):
                cp, cppr = paragraph(st.MATCH_ITEM)
                set_numbering(cppr, right_num)
                cells.append(
                    [cp, *self.r.blocks(rt.parse(rights[index]), style=st.TABLE_TEXT, into=cp)]
                )
            else:
                cells.append([])
            rows.append(cells)
        self.out.append(self.r.grid(rows, columns=2, header=False))

    # ------------------------------------------------------------------ answers

    def answer_text(self, pq: PaperQuestion) -> str | None:
        """The answer as one line of text (None when it is Markdown, e.g. grading notes)."""
        q = pq.question
        match q:
            case SingleChoice() | MultipleChoice():
                return ", ".join(pq.key_letters())
            case TrueFalse():
                return self.t("true") if q.answer else self.t("false")
            case ShortAnswer():
                return "; ".join(weighted(a.text, a.weight) for a in q.answers)
            case Numerical():
                return "; ".join(
                    weighted(numeric_answer(a, self.lang), a.weight) for a in q.answers
                )
            case Matching():
                return ", ".join(f"{i + 1}–{letter}" for i, letter in enumerate(pq.match_key()))
            case Essay() | Description():
                return None
            case _:
                assert_never(q)

    def solution(self, pq: PaperQuestion) -> None:
        q = pq.question
        text = self.answer_text(pq)
        p, _ = paragraph(st.ANSWER)
        if text is not None:
            run(p, f"{self.t('answer')}: ", style=st.LABEL)
            run(p, self.r.clean(text))
            self.out.append(p)
        self.feedback(pq)
        if isinstance(q, Essay) and q.grading_notes:
            hp, _ = paragraph(st.EXPLANATION_HEADING)
            run(hp, self.t("grading_notes"))
            self.out.append(hp)
            self.out.extend(self.r.blocks(rt.parse(q.grading_notes), style=st.EXPLANATION))
        self.explanation(q.explanation)

    def feedback(self, pq: PaperQuestion) -> None:
        """What a student is shown for each answer: under its printed letter, its text, ..."""
        items = pq.feedback()
        if not items:
            return
        hp, _ = paragraph(st.EXPLANATION_HEADING)
        run(hp, self.t("feedback"))
        self.out.append(hp)
        for item in items:
            p, _ = paragraph(st.FEEDBACK)
            after = "\t" if item.kind == "option" else colon(self.lang)
            label = item.label(self.lang) + after
            run(p, label, style=st.LABEL)
            self.out.append(p)
            self.out.extend(self.r.blocks(rt.parse(item.text), style=st.FEEDBACK, into=p))

    def explanation(self, sections: list[Section]) -> None:
        for index, section in enumerate(sections):
            if section.title or index == 0:
                p, _ = paragraph(st.EXPLANATION_HEADING)
                if section.title:
                    title = rt.parse(section.title)
                    if title and isinstance(title[0], rt.Paragraph | rt.Heading):
                        self.r.inlines(p, title[0].children)
                    else:
                        run(p, self.r.clean(section.title))
                else:
                    run(p, self.t("explanation"))
                self.out.append(p)
            self.out.extend(self.r.blocks(rt.parse(section.body), style=st.EXPLANATION))

    # ------------------------------------------------------------------ answer key

    def key_table(self) -> None:
        rows: list[list[list[etree._Element]]] = []

        def cell(text: str, *, bold: bool = False) -> list[etree._Element]:
            p, _ = paragraph(st.TABLE_TEXT)
            run(p, self.r.clean(text), bold=bold)
            return [p]

        rows.append(
            [cell(self.t("question")), cell(self.t("answer")), cell(self.t("points_header"))]
        )
        for pq in self.job.paper.questions():
            if pq.number is None:
                continue
            q = pq.question
            self.for_question(q.id)
            text = self.answer_text(pq)
            if text is not None:
                answer = cell(text)
            elif isinstance(q, Essay) and q.grading_notes:
                answer = self.r.blocks(rt.parse(q.grading_notes), style=st.TABLE_TEXT)
            else:
                answer = cell("—")
            rows.append([cell(str(pq.number)), answer, cell(format_points(pq.points))])
        rows.append(
            [
                cell(self.t("total"), bold=True),
                [],
                cell(format_points(self.job.paper.total_points), bold=True),
            ]
        )
        total = self.r.text_width
        widths = [total * 2 // 10, total * 6 // 10, total - total * 8 // 10]
        self.out.append(
            self.r.grid(
                rows,
                columns=3,
                header=True,
                align=("center", None, "center"),
                indent=0,
                widths=widths,
            )
        )


# --------------------------------------------------------------------------- document parts


def _settings(settings: Any, fonts: Fonts) -> None:
    lang = settings.find(w("themeFontLang"))
    if lang is not None:
        lang.set(w("val"), fonts.lang)
        lang.set(w("eastAsia"), fonts.east_asia_lang)


def _page(sect_pr: Any, width: int, height: int) -> None:
    size = sect_pr.find(w("pgSz"))
    size.set(w("w"), str(width))
    size.set(w("h"), str(height))
    margins = sect_pr.find(w("pgMar"))
    for side in ("top", "right", "bottom", "left"):
        margins.set(w(side), str(MARGIN))
    margins.set(w("header"), str(HEADER_MARGIN))
    margins.set(w("footer"), str(HEADER_MARGIN))


_PLACEHOLDER = re.compile(r"\{(page|pages)\}")


def _header_footer(document: Any, job: Job) -> None:
    """Header: title and variant (edition on the right); footer: Page X of Y as live fields."""
    section = document.sections[0]
    lang = job.paper.lang
    head = section.header.paragraphs[0]._p
    left = job.paper.title
    if job.paper.variant:
        left += " · " + t("variant", lang, variant=job.paper.variant)
    run(head, left)
    right = {"paper": "", "key": t("key", lang), "solutions": t("solutions", lang)}[job.edition]
    if right:
        run(head, "\t\t" + right)
    foot = section.footer.paragraphs[0]._p
    ppr = foot.find(w("pPr"))
    if ppr is None:
        ppr = el("pPr")
        foot.insert(0, ppr)
    sub(ppr, "jc", val="center")
    template = t("page_of", lang, page="{page}", pages="{pages}")
    for index, piece in enumerate(_PLACEHOLDER.split(template)):
        if index % 2:
            field(foot, "PAGE" if piece == "page" else "NUMPAGES", "1")
        elif piece:
            run(foot, piece)


def _core_properties(document: Any, job: Job) -> None:
    props = document.core_properties
    props.title = job.paper.title
    props.subject = job.paper.subtitle or ""
    props.author = "qbank"
    props.last_modified_by = "qbank"
    props.comments = ""
    props.keywords = job.edition
    props.category = "exam"
    props.language = job.fonts.lang
    props.revision = 1
    props.created = FIXED_TIME
    props.modified = FIXED_TIME
    props.last_printed = FIXED_TIME


def _zip(members: list[tuple[str, bytes]]) -> bytes:
    """A zip with fixed timestamps; content types and package rels first, then sorted."""
    first = ("[Content_Types].xml", "_rels/.rels")
    ordered = sorted(
        members, key=lambda m: (m[0] not in first, first.index(m[0]) if m[0] in first else 0, m[0])
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, blob in ordered:
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            target.writestr(info, blob)
    return out.getvalue()
