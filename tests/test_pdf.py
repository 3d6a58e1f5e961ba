"""The PDF writer: golden text, one page per question, Chinese, page numbers, qpdf, fonts, hostile text."""

from __future__ import annotations

import functools
import io
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from qbank import api, richtext
from qbank.load import load_bank
from qbank.paper import Paper, PaperQuestion, PaperSection, whole_bank_paper
from qbank.plugins import ExportRequest, ExportResult, load
from qbank_pdf.options import PDFOptions
from tests.conftest import require_tool

if TYPE_CHECKING:
    from qbank_pdf.rich import Renderer

EDGE = Path(__file__).resolve().parent / "data" / "pdf"


def _export(bank: Path, out: Path, **options: str) -> api.ExportReport:
    report = api.export(loaded=api.validate(bank=bank), format="pdf", out_dir=out, options=options)
    assert not report.blocked
    return report


def _text(pdf: Path, *, layout: bool = True) -> str:
    tool = require_tool("pdftotext", "the PDF tests read the text back")
    args = [tool, "-layout"] if layout else [tool]
    return subprocess.run([*args, str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def _normalise(text: str) -> str:
    pages = text.split("\f")
    lines = []
    for number, page in enumerate(pages, start=1):
        if not page.strip():
            continue
        lines.append(f"===== page {number}")
        # Runs of spaces depend on glyph widths (which fonts are installed): keep one.
        lines.extend(re.sub(r" {2,}", "  ", line.strip()) for line in page.strip("\n").split("\n"))
    return "\n".join(lines) + "\n"


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def showcase_pdfs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("showcase-pdf")
    _export(Path(__file__).resolve().parent / "data" / "showcase", out)
    return out


@pytest.fixture(scope="module")
def seed_pdfs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("seed-pdf")
    _export(Path(__file__).resolve().parent.parent / "bank", out)
    return out


# --------------------------------------------------------------------------- golden text


@pytest.mark.parametrize("name", ["paper", "paper-key", "paper-solutions"])
def test_showcase_golden_text(
    showcase_pdfs: Path, golden: Callable[[str, str], None], name: str
) -> None:
    golden(f"pdf/showcase-{name}.txt", _normalise(_text(showcase_pdfs / f"{name}.pdf")))


@pytest.mark.parametrize("name", ["paper", "paper-key", "paper-solutions"])
def test_seed_golden_text(seed_pdfs: Path, golden: Callable[[str, str], None], name: str) -> None:
    golden(f"pdf/seed-{name}.txt", _normalise(_text(seed_pdfs / f"{name}.pdf")))


# --------------------------------------------------------------------------- content checks


@pytest.mark.parametrize("which", ["showcase", "seed"])
def test_each_question_on_exactly_one_page(
    which: str, showcase_pdfs: Path, seed_pdfs: Path
) -> None:
    folder, bank = (
        (showcase_pdfs, Path(__file__).parent / "data" / "showcase")
        if which == "showcase"
        else (seed_pdfs, Path(__file__).parent.parent / "bank")
    )
    pages = [_squash(p) for p in _text(folder / "paper.pdf", layout=False).split("\f")]
    loaded = load_bank(bank)
    for q in loaded.bank.questions:
        plain = _squash(richtext.plain_text(richtext.parse(q.stem)))
        head, tail = plain[:12], plain[-12:]
        # The start and the end of every stem are on the same single page.
        hits = [i for i, page in enumerate(pages) if head in page]
        assert len(hits) == 1, (q.id, head, hits)
        assert tail in pages[hits[0]], (q.id, tail)


def test_chinese_text_extracted_exactly(seed_pdfs: Path) -> None:
    paper = _squash(_text(seed_pdfs / "paper.pdf", layout=False))
    solutions = _squash(_text(seed_pdfs / "paper-solutions.pdf", layout=False))
    bank = load_bank(Path(__file__).resolve().parent.parent / "bank").bank
    for q in bank.questions:
        assert _squash(q.stem) in paper, q.id
        for section in q.explanation:
            for line in richtext.plain_text(richtext.parse(section.body)).split("\n"):
                assert _squash(line) in solutions, (q.id, line)
    assert "第1页/共1页" in paper


def test_page_numbers_on_every_page(showcase_pdfs: Path, seed_pdfs: Path) -> None:
    pages = [p for p in _text(showcase_pdfs / "paper-solutions.pdf").split("\f") if p.strip()]
    assert len(pages) >= 2
    for n, page in enumerate(pages, start=1):
        assert f"Page {n} of {len(pages)}" in page
    zh = [p for p in _text(seed_pdfs / "paper-solutions.pdf").split("\f") if p.strip()]
    for n, page in enumerate(zh, start=1):
        assert f"第{n}页/共{len(zh)}页" in _squash(page)


def test_qpdf_check_passes(showcase_pdfs: Path, seed_pdfs: Path) -> None:
    qpdf = require_tool("qpdf", "checks the PDF structure")
    for pdf in [*showcase_pdfs.glob("*.pdf"), *seed_pdfs.glob("*.pdf")]:
        done = subprocess.run([qpdf, "--check", str(pdf)], capture_output=True, text=True)
        assert done.returncode == 0, (pdf.name, done.stdout, done.stderr)


def test_reproducible_bytes(tmp_path: Path) -> None:
    bank = Path(__file__).resolve().parent / "data" / "showcase"
    _export(bank, tmp_path / "a")
    _export(bank, tmp_path / "b")
    for pdf in (tmp_path / "a").glob("*.pdf"):
        assert pdf.read_bytes() == (tmp_path / "b" / pdf.name).read_bytes(), pdf.name
    assert b"D:20000101" in (tmp_path / "a" / "paper.pdf").read_bytes()


def test_key_lists_every_answer(showcase_pdfs: Path) -> None:
    key = _text(showcase_pdfs / "paper-key.pdf")
    for expected in ("ABD", "True", "Adam; AdamW (50%)", "256; between 250 and 260 (50%)"):
        assert expected in key
    assert "1-A, 2-B, 3-C" in key
    assert re.search(r"Total\s+12", key)


def test_option_feedback_follows_the_printed_letters(tmp_path: Path) -> None:
    bank = tmp_path / "bank"
    bank.mkdir()
    (bank / "bank.yaml").write_text(
        "title: t\nexams:\n  e:\n    variants: 4\n    sections:\n      - ids: [q]\n",
        encoding="utf-8",
    )
    options = "\n".join(f"  - text: option {w}\n    feedback: about {w}" for w in "pqrs")
    (bank / "q.yaml").write_text(
        f"id: q\ntype: single_choice\nstem: Pick p.\noptions:\n{options}\nanswer: A\n",
        encoding="utf-8",
    )
    report = api.export(
        loaded=api.validate(bank=bank), format="pdf", out_dir=tmp_path / "o", exam="e"
    )
    assert not report.blocked
    orders = set()
    for variant in "ABCD":
        text = _text(tmp_path / "o" / f"e-{variant}-solutions.pdf", layout=False)
        printed = dict(re.findall(r"([A-D])\. option ([pqrs])", text))
        explained = dict(re.findall(r"([A-D])\. about ([pqrs])", text))
        assert printed == explained and len(printed) == 4, text
        key = {w: k for k, w in printed.items()}["p"]
        assert re.search(rf"Answer: {key}\b", text)
        orders.add(tuple(sorted(printed.items())))
    assert len(orders) > 1  # the variants shuffle the options, and the feedback follows


# --------------------------------------------------------------------------- hostile text, losses


def test_hostile_text_prints_literally_and_losses_are_reported(tmp_path: Path) -> None:
    report = _export(EDGE, tmp_path)
    text = _squash(_text(tmp_path / "paper.pdf", layout=False))
    for literal in ("<b>notbold</b>&<script>alert(1)</script>", "<para>&<]]>", "<br/>"):
        assert literal in text
    assert _squash("</para>") in text and "<![CDATA[x]]>" in text
    assert _squash("边界情况 <b>&amp; edge cases") in text
    codes = {d.code: d for d in report.diagnostics}
    assert {"QB320", "QB321", "QB323"} <= set(codes)
    assert codes["QB320"].path.endswith("hostile.yaml")
    assert codes["QB320"].question_id == "missing-and-remote-images"
    assert "\\foo" in codes["QB323"].message
    assert "[remote]" in text and "[missing]" in text


def test_strict_blocks_on_losses(tmp_path: Path) -> None:
    from qbank.cli import main

    code = main(
        ["export", "--format", "pdf", "--bank", str(EDGE), "--out", str(tmp_path), "--strict"]
    )
    assert code == 1
    assert not list(tmp_path.glob("*.pdf"))


def test_cli_export_and_bad_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from qbank.cli import main

    bank = str(Path(__file__).resolve().parent.parent / "bank")
    assert main(["export", "--format", "pdf", "--bank", bank, "--out", str(tmp_path)]) == 0
    err = capsys.readouterr().err
    assert "paper-solutions.pdf" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "paper-key.pdf",
        "paper-solutions.pdf",
        "paper.pdf",
    ]
    code = main(
        ["export", "--format", "pdf", "--bank", bank, "--out", str(tmp_path), "-o", "columns=3"]
    )
    assert code == 2
    assert "columns" in capsys.readouterr().err


# --------------------------------------------------------------------------- fonts


def _pdffonts(pdf: Path) -> str:
    tool = require_tool("pdffonts", "shows which fonts are embedded")
    return subprocess.run([tool, str(pdf)], capture_output=True, text=True, check=True).stdout


def test_cjk_font_embedded_and_subset(seed_pdfs: Path) -> None:
    from qbank_pdf.fonts import fontconfig_candidates

    if not any("wqy" in str(p).lower() or p.suffix == ".ttf" for p in fontconfig_candidates()):
        require_tool("no-ttf-cjk-font-installed", "install fonts-wqy-zenhei")
    fonts = _pdffonts(seed_pdfs / "paper.pdf")
    cjk = [
        line
        for line in fonts.splitlines()
        if "+" in line and "Vera" not in line and "DejaVu" not in line
    ]
    assert cjk, fonts
    for line in cjk:
        assert " yes yes " in line  # embedded, subset


def test_fallback_to_builtin_cid_font(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import qbank_pdf.fonts as fonts

    monkeypatch.setattr(fonts, "fontconfig_candidates", list)
    report = _export(Path(__file__).resolve().parent.parent / "bank", tmp_path)
    codes = [d.code for d in report.diagnostics]
    assert codes == ["QB326"]
    assert "not embedded" in report.diagnostics[0].message
    assert "STSong-Light" in _pdffonts(tmp_path / "paper.pdf")
    bank = load_bank(Path(__file__).resolve().parent.parent / "bank").bank
    text = _squash(_text(tmp_path / "paper.pdf", layout=False))
    assert _squash(bank.questions[0].stem) in text


def test_builtin_option_needs_no_warning(tmp_path: Path) -> None:
    report = _export(Path(__file__).resolve().parent.parent / "bank", tmp_path, font="builtin")
    assert report.diagnostics == []
    assert "STSong-Light" in _pdffonts(tmp_path / "paper.pdf")


def test_cff_and_missing_fonts_are_skipped_with_a_message(tmp_path: Path) -> None:
    cff = tmp_path / "NotoSansCJK-Regular.otf"
    cff.write_bytes(b"OTTO" + b"\0" * 64)
    bank = Path(__file__).resolve().parent.parent / "bank"
    report = _export(bank, tmp_path / "a", font=str(cff))
    problems = [d for d in report.diagnostics if d.code == "QB325"]
    assert len(problems) == 1 and "CFF" in problems[0].message
    report = _export(bank, tmp_path / "b", font=str(tmp_path / "nope.ttf"))
    problems = [d for d in report.diagnostics if d.code == "QB325"]
    assert len(problems) == 1 and "not found" in problems[0].message
    assert (tmp_path / "b" / "paper.pdf").exists()


def test_cff_detection_in_a_collection(tmp_path: Path) -> None:
    from qbank_pdf.fonts import is_cff

    ttc = tmp_path / "x.ttc"
    ttc.write_bytes(
        b"ttcf" + b"\0\1\0\0" + (1).to_bytes(4, "big") + (16).to_bytes(4, "big") + b"OTTO"
    )
    assert is_cff(ttc)
    ttf = tmp_path / "x.ttf"
    ttf.write_bytes(b"\0\1\0\0" + b"\0" * 8)
    assert not is_cff(ttf)


# --------------------------------------------------------------------------- papers, variants, options


def _request(papers: list[Paper], **options: object) -> tuple[ExportRequest, ExportResult]:
    bank_dir = Path(__file__).resolve().parent / "data" / "showcase"
    loaded = load_bank(bank_dir)
    request = ExportRequest(
        bank=loaded.bank,
        papers=papers,
        options=PDFOptions.model_validate(options),
        bank_dir=bank_dir,
        source_of={k: v.path for k, v in loaded.origins.items()},
    )
    return request, load("pdf").export(request)


def test_variants_sections_and_file_names(tmp_path: Path) -> None:
    bank = load_bank(Path(__file__).resolve().parent / "data" / "showcase").bank
    base = whole_bank_paper(bank)
    items = list(base.questions())
    first = PaperSection(title="一、选择题", questions=tuple(items[:2]))
    moved = PaperQuestion(number=3, question=items[0].question, points=2, option_order=(3, 2, 1, 0))
    second = PaperSection(title="二、其他", questions=(moved, *items[2:4]))
    papers = [
        base.model_copy(
            update={"name": "midterm", "variant": v, "lang": "zh-CN", "sections": (first, second)}
        )
        for v in ("A", "B")
    ]
    _, result = _request(papers)
    names = [o.path for o in result.outputs]
    assert names == [
        f"midterm-{v}{suffix}.pdf" for v in "AB" for suffix in ("", "-key", "-solutions")
    ]
    for output in result.outputs[:3]:
        path = tmp_path / output.path
        assert isinstance(output.content, bytes)
        path.write_bytes(output.content)
        pages = [p for p in _text(path).split("\f") if p.strip()]
        for page in pages:
            assert "A卷" in _squash(page)
    paper = _text(tmp_path / "midterm-A.pdf")
    assert "一、选择题" in paper and "二、其他" in paper
    key = _squash(_text(tmp_path / "midterm-A-key.pdf"))
    # Question 3 is question 1 with its options reversed: ReLU (B) prints as C.
    assert "3C2" in key


def test_letter_and_columns_options(tmp_path: Path) -> None:
    bank = load_bank(Path(__file__).resolve().parent / "data" / "showcase").bank
    _, result = _request([whole_bank_paper(bank)], paper_size="letter", columns=1)
    pdf = tmp_path / "p.pdf"
    content = result.outputs[0].content
    assert isinstance(content, bytes)
    pdf.write_bytes(content)
    assert b"/MediaBox [ 0 0 612 792 ]" in content
    text = _text(pdf)
    # One option per line: A and B are not on the same line.
    assert "A. Dropout" in text
    assert not re.search(r"A\. Dropout[ \t]+B\.", text)


def test_question_taller_than_a_page_flows_over_pages(tmp_path: Path) -> None:
    bank = load_bank(Path(__file__).resolve().parent / "data" / "showcase").bank
    essay = next(q for q in bank.questions if q.type == "essay")
    tall = essay.model_copy(update={"answer_lines": 120})
    paper = whole_bank_paper(bank.model_copy(update={"questions": [tall]}))
    _, result = _request([paper])
    pdf = tmp_path / "tall.pdf"
    content = result.outputs[0].content
    assert isinstance(content, bytes)
    pdf.write_bytes(content)
    pages = [p for p in _text(pdf).split("\f") if p.strip()]
    assert len(pages) >= 3
    assert "请解释为什么" in pages[0]


# --------------------------------------------------------------------------- import hygiene, math


def test_importing_the_writer_does_not_import_reportlab() -> None:
    code = "import sys, qbank_pdf, qbank.cli; print(any(m.startswith('reportlab') for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize(
    ("tex", "expected"),
    [
        (r"x_{12}^2", "<i>x</i><sub>12</sub><super>2</super>"),
        (r"\frac{a+b}{2}", "(<i>a</i>+<i>b</i>)/2"),
        (r"x \in \mathbb{R}", "<i>x</i> ∈ ℝ"),
        (r"a<b", "<i>a</i> &lt; <i>b</i>"),
        (r"\sqrt{x}", "√(<i>x</i>)"),
        (r"\text{if } x", "if <i>x</i>"),
    ],
)
def test_math_markup(tex: str, expected: str) -> None:
    from xml.sax.saxutils import escape

    from qbank_pdf.mathtext import to_markup

    result = to_markup(tex, escape)
    assert result.markup == expected
    assert result.unknown == []


@settings(max_examples=150, deadline=None)
@given(st.text(min_size=1, max_size=80))
def test_any_text_makes_a_valid_paragraph(text: str) -> None:
    from reportlab.pdfgen.canvas import Canvas

    from qbank_pdf.fonts import choose_fonts
    from qbank_pdf.rich import Renderer, Styles

    fonts, _ = choose_fonts(None, use_builtin=True)
    renderer = Renderer(fonts, Styles.make(fonts.latin, 10.5), 400, 300)
    canvas = Canvas(io.BytesIO())
    for flowable in renderer.blocks(richtext.parse(text)):
        flowable.wrapOn(canvas, 400, 10_000)
        flowable.drawOn(canvas, 0, 0)


# --------------------------------------------------------------------------- fast layout paths

_MIXED = "中文题目测试训练，。、！？）》”" + "abcdefghij XYZ 012,.;:-" + "∈α→"
_OPENING = "“‘（《「【"


@functools.cache
def _renderer(*, latin_in_cjk: bool = False) -> Renderer:
    """One renderer per kind for the whole module (choosing fonts asks fontconfig)."""
    from qbank_pdf.fonts import choose_fonts
    from qbank_pdf.rich import Renderer, Styles

    fonts, _ = choose_fonts(None)
    return Renderer(fonts, Styles.make(fonts.latin, 10.5), 400, 300, latin_in_cjk=latin_in_cjk)


def _lines(blpara: Any) -> list[object]:
    """Every fact of broken lines that drawing uses, comparable with ==."""
    if getattr(blpara, "kind", 0) == 0:
        return [(round(space, 6), words) for space, words in blpara.lines]
    return [
        (
            round(line.extraSpace, 6),
            round(line.currentWidth, 6),
            line.fontSize,
            line.ascent,
            line.descent,
            line.lineBreak,
            [(w.text, w.fontName, w.fontSize, w.rise) for w in line.words],
        )
        for line in blpara.lines
    ]


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(alphabet=_MIXED, max_size=120),
    bold=st.booleans(),
    br=st.booleans(),
    width=st.sampled_from([3.0, 11.0, 30.0, 80.0, 200.0, 400.0]),
    bullet=st.sampled_from([None, "A.", "12."]),
)
def test_cjk_wrap_breaks_lines_as_reportlab_does(
    text: str, bold: bool, br: bool, width: float, bullet: str | None
) -> None:
    """The cached-width CJK wrap gives reportlab's own lines, in one font or several."""
    from reportlab.platypus.paragraph import Paragraph

    from qbank_pdf.cjkwrap import Para

    r = _renderer()
    style = r.styles.body_cjk
    markup = r.run(text)
    if bold:
        markup = f"<b>{r.run(text[:7])}</b>{markup}<super>2</super>"
    if br:
        markup += "<br/>" + r.run(text[-5:])
    ours = Para(markup, style, bulletText=bullet).breakLinesCJK([width, width + 5])
    theirs = Paragraph(markup, style, bulletText=bullet).breakLinesCJK([width, width + 5])
    assert _lines(ours) == _lines(theirs)


@settings(max_examples=100, deadline=None)
@given(
    text=st.text(alphabet=_MIXED + _OPENING * 3, min_size=1, max_size=150),
    width=st.sampled_from([20.0, 40.0, 95.0, 210.0]),
    cjk=st.booleans(),
)
@example(text="试“ ‘测《Y", width=20.0, cjk=True)
@example(text="000‘ 《0", width=40.0, cjk=True)
@example(text="→《《《", width=40.0, cjk=False)
def test_an_opening_bracket_never_ends_a_line(text: str, width: float, cjk: bool) -> None:
    """“ （ 《 … move to the next line with what they open (reportlab leaves them behind)."""
    from qbank_pdf.cjkwrap import Para

    r = _renderer()
    markup = r.run(text, cjk=cjk)
    para = Para(markup, r.styles.body_cjk)
    blpara = para.breakLinesCJK([width])
    if blpara.kind == 0:  # one font: [extra space, [text]] per line
        texts = ["".join(words) for _, words in blpara.lines]
    else:
        texts = ["".join(w.text for w in line.words) for line in blpara.lines]
    assert "".join(texts).replace(" ", "") == text.replace(" ", "")
    for line in texts[:-1]:
        printed = line.rstrip()
        # Only a line of nothing but opening brackets may end with one (the line must hold
        # at least one character).
        assert not printed.strip(_OPENING + " ") or printed[-1] not in _OPENING, texts


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                *"中文ab <>&\"';*_`$^{}[]()\\#|-∈α\n",
                *("**b**", "*i*", "`c<d>`", "$x_1^2$", "$\\frac{a}{b}$", "&amp;", "&#65;"),
                *("<b>x</b>", "[t](https://e.org/?a=1&b=2)", "  \n"),
            ]
        ),
        max_size=30,
    ).map("".join),
    st.booleans(),
)
def test_markup_is_read_as_reportlab_reads_it(source: str, latin_in_cjk: bool) -> None:
    """Fragments made without reportlab's HTML parser carry the same text and attributes."""
    from reportlab.platypus.paragraph import Paragraph

    from qbank_pdf.cjkwrap import Para

    def chars(frags: list[Any]) -> list[tuple[object, ...]]:
        return [
            (c, f.fontName, f.fontSize, f.rise, str(f.textColor), f.link, f.us_lines)
            for f in frags
            for c in (f.text or "\0")
        ]

    r = _renderer(latin_in_cjk=latin_in_cjk)
    for block in richtext.parse(source):
        if isinstance(block, richtext.Paragraph):
            markup = r.inline(block.children)
            style = r.styles.body_cjk
            assert chars(Para(markup, style).frags) == chars(Paragraph(markup, style).frags)


def test_markup_of_other_tags_goes_to_reportlabs_parser() -> None:
    from qbank_pdf.cjkwrap import markup_tree

    assert markup_tree("a <b>b</b> <br/>c") is not None
    for foreign in ('<img src="x.png"/>', "<b>open", "a < b", "x &nosuch; y", "</i>"):
        assert markup_tree(foreign) is None, foreign


def test_latin_in_a_chinese_paper_shares_the_cjk_font() -> None:
    """In a Chinese paper plain Latin text is set in the CJK font; bold keeps the Latin bold."""
    zh = _renderer(latin_in_cjk=True)
    en = _renderer()
    doc = richtext.parse("在 Dropout 层之后 **ReLU** 与 `code`")
    assert isinstance(doc[0], richtext.Paragraph)
    cjk_font = zh.fonts.cjk
    markup = zh.inline(doc[0].children)
    assert f'<font face="{cjk_font}">在 Dropout 层之后 </font>' in markup
    assert "<b>ReLU</b>" in markup and '<font face="Courier">code</font>' in markup
    english = en.inline(doc[0].children)
    assert f'<font face="{cjk_font}">在</font> Dropout' in english


def test_questions_are_laid_out_as_the_layout_reaches_them(tmp_path: Path) -> None:
    """The story holds deferred questions; each is made once and printed, sections included."""
    from qbank_pdf import render

    bank = load_bank(Path(__file__).resolve().parent / "data" / "showcase").bank
    base = whole_bank_paper(bank)
    items = list(base.questions())
    sections = (
        PaperSection(title="一、选择题", questions=tuple(items[:2])),
        PaperSection(title="二、其他", questions=tuple(items[2:])),
    )
    paper = base.model_copy(update={"sections": sections, "lang": "zh-CN"})
    request, _ = _request([paper])
    from qbank_pdf.fonts import choose_fonts
    from qbank_pdf.rich import Styles

    fonts, _ = choose_fonts(None)
    job = render.Job(request, PDFOptions(), fonts, Styles.make(fonts.latin, 10.5), (595.0, 842.0))
    story = list(render._paper_story(job, paper))
    deferred = [f for f in story if isinstance(f, render.Deferred)]
    assert len(deferred) == len(items)
    pdf = tmp_path / "p.pdf"
    pdf.write_bytes(render._document(job, paper, "paper"))
    text = _squash(_text(pdf, layout=False))
    for pq in items:
        plain = _squash(richtext.plain_text(richtext.parse(pq.question.stem)))
        assert plain[:10] in text, pq.question.id
    assert text.index("一、选择题") < text.index("二、其他")


def test_text_after_an_image_starts_without_a_space_in_a_chinese_paper() -> None:
    """The space around an image does not indent the text after it (CJK runs hold spaces)."""
    from reportlab.platypus import Paragraph

    r = _renderer(latin_in_cjk=True)
    doc = richtext.parse("远程图片 ![x](missing.png) 和缺失图片 ![y](nope.png) 。")
    assert isinstance(doc[0], richtext.Paragraph)
    texts = [f.text for f in r.paragraphs(doc[0].children, 400) if isinstance(f, Paragraph)]
    assert len(texts) >= 3
    for text in texts:
        assert not re.search(r"^(<[^>]*>)*\s", text) and not re.search(r"\s(</[^>]*>)*$", text)


def test_latin_shares_the_cjk_font_only_when_its_letters_are_proportional() -> None:
    """A CJK font with full-width (fixed-pitch) Latin letters would space words out."""
    from qbank_pdf.fonts import _proportional_latin

    ascii_cmap = frozenset(range(128))
    assert _proportional_latin("Helvetica", ascii_cmap)
    assert not _proportional_latin("Courier", ascii_cmap)
    assert not _proportional_latin("Helvetica", frozenset(range(ord("a"), ord("z") + 1)))


def test_a_damaged_image_is_one_stable_loss(tmp_path: Path) -> None:
    bank = tmp_path / "bank"
    bank.mkdir()
    (bank / "x.png").write_bytes(b"not a png")
    (bank / "q.yaml").write_text(
        'id: q\ntype: description\nstem: "![x](x.png)"\n', encoding="utf-8"
    )
    report = api.export(loaded=api.validate(bank=bank), format="pdf", out_dir=tmp_path / "out")
    losses = [d for d in report.diagnostics if d.code == "QB322"]
    assert [d.message for d in losses] == [
        "image cannot be read: x.png (damaged or not an image: UnidentifiedImageError)"
    ]
    assert losses[0].question_id == "q"
