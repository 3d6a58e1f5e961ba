"""Tests of the Word writer: golden document.xml, read-back, numbering, fonts, losses, CLI."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hs
from lxml import etree

from qbank import api
from qbank.cli import main
from qbank.model import Bank, BankMeta, Essay, SingleChoice
from qbank.paper import Paper, PaperQuestion, PaperSection, whole_bank_paper
from qbank.plugins import ExportRequest, load, parse_options
from tests.conftest import require_tool

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
EDGE = Path(__file__).resolve().parent / "data" / "docx"


def _export(bank_dir: Path, **options: str) -> tuple[dict[str, bytes], list[str]]:
    loaded = api.validate(bank=bank_dir)
    assert loaded.ok, loaded.diagnostics
    exporter = load("docx")
    request = ExportRequest(
        bank=loaded.bank,
        papers=api.assemble(loaded),
        options=parse_options(exporter, options),
        bank_dir=loaded.root,
        source_of={qid: origin.path for qid, origin in loaded.origins.items()},
    )
    result = exporter.export(request)
    files = {o.path: o.content for o in result.outputs if isinstance(o.content, bytes)}
    return files, [f"{d.code} {d.location}" for d in result.diagnostics]


@pytest.fixture(scope="module")
def showcase() -> dict[str, bytes]:
    files, diagnostics = _export(Path(__file__).resolve().parent / "data" / "showcase")
    assert diagnostics == []
    return files


def _part(data: bytes, name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return etree.fromstring(z.read(name))


def normalised_document(data: bytes) -> str:
    """word/document.xml pretty-printed, rsid attributes (editing session ids) removed."""
    root = _part(data, "word/document.xml")
    for node in root.iter():
        for attr in [a for a in node.attrib if "rsid" in a]:
            del node.attrib[attr]
    return etree.tostring(root, pretty_print=True, encoding="unicode")


def _style_names(document: docx.document.Document) -> list[str | None]:
    return [p.style.name if p.style is not None else None for p in document.paragraphs]


# --------------------------------------------------------------------------- files and golden


def test_writes_paper_key_and_solutions(showcase: dict[str, bytes]) -> None:
    assert sorted(showcase) == ["paper-key.docx", "paper-solutions.docx", "paper.docx"]


def test_golden_document_xml(
    showcase: dict[str, bytes], golden: Callable[[str, str], None]
) -> None:
    for name, data in sorted(showcase.items()):
        golden(
            f"docx/showcase-{name.removesuffix('.docx')}.document.xml", normalised_document(data)
        )


def test_reproducible_bytes(showcase: dict[str, bytes]) -> None:
    again, _ = _export(Path(__file__).resolve().parent / "data" / "showcase")
    assert again == showcase
    with zipfile.ZipFile(io.BytesIO(showcase["paper.docx"])) as z:
        infos = z.infolist()
        assert infos[0].filename == "[Content_Types].xml"
        assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
        core = z.read("docProps/core.xml").decode()
    assert "2000-01-01T00:00:00Z" in core


# --------------------------------------------------------------------------- read back


def test_python_docx_reads_text_styles_and_numbering(showcase: dict[str, bytes]) -> None:
    document = docx.Document(io.BytesIO(showcase["paper.docx"]))
    texts = [p.text for p in document.paragraphs]
    names = _style_names(document)
    assert texts[0] == "qbank showcase 展示题库"
    assert names[0] == "Exam Title"
    questions = [t for t, n in zip(texts, names, strict=True) if n == "Question"]
    assert len(questions) == 7  # every numbered question; the description is not numbered
    assert questions[0].startswith("(2 pts) Which activation is piecewise linear?")
    assert "<b>not bold</b> & <script>alert(1)</script>" in questions[0]
    assert questions[1].startswith("(1 pt) 下列哪些是正则化方法")
    assert questions[1].endswith("(select all that apply)")
    options = [t for t, n in zip(texts, names, strict=True) if n == "Option"]
    assert options[:4] == ["Sigmoid ", "ReLU", "tanh", "None of the above"]
    assert sum(1 for n in names if n == "Answer Line") == 6
    assert any(
        n == "Student Info" and "Student number" in t for t, n in zip(texts, names, strict=True)
    )
    # numbers and letters come from numbering.xml, not from typed text
    question_style = document.styles["Question"].element
    num_pr = question_style.find(f"{W}pPr/{W}numPr/{W}numId")
    assert num_pr is not None
    numbering = _part(showcase["paper.docx"], "word/numbering.xml")
    abstract_of = {
        n.get(f"{W}numId"): n.find(f"{W}abstractNumId").get(f"{W}val")
        for n in numbering.iter(f"{W}num")
    }
    formats = {
        a.get(f"{W}abstractNumId"): a.find(f"{W}lvl/{W}numFmt").get(f"{W}val")
        for a in numbering.iter(f"{W}abstractNum")
    }
    assert formats[abstract_of[num_pr.get(f"{W}val")]] == "decimal"
    option_nums = {
        p._p.pPr.numPr.numId.val for p in document.paragraphs if p.style.name == "Option"
    }
    assert len(option_nums) == 2  # one restarting list per choice question
    assert {formats[abstract_of[str(n)]] for n in option_nums} == {"upperLetter"}
    for n in option_nums:  # each restarts at A
        num = next(x for x in numbering.iter(f"{W}num") if x.get(f"{W}numId") == str(n))
        assert num.find(f"{W}lvlOverride/{W}startOverride").get(f"{W}val") == "1"


def test_matching_table_and_true_false(showcase: dict[str, bytes]) -> None:
    document = docx.Document(io.BytesIO(showcase["paper.docx"]))
    matching = document.tables[0]
    left = [row.cells[0].text for row in matching.rows]
    right = [row.cells[1].text for row in matching.rows]
    assert left[0].startswith("卷积层 (convolution)") and left[3] == ""
    assert right == [
        "extracts local features 提取局部特征",
        "down-samples 降采样",
        "regularises 正则化",
        "normalises colour 颜色归一化",
    ]
    assert any(p.text == "○ True\t○ False" for p in document.paragraphs)


def test_solutions_carry_answers_and_explanations(showcase: dict[str, bytes]) -> None:
    document = docx.Document(io.BytesIO(showcase["paper-solutions.docx"]))
    texts = [p.text for p in document.paragraphs]
    names = _style_names(document)
    answers = [t for t, n in zip(texts, names, strict=True) if n == "Answer"]
    assert answers == [
        "Answer: B",
        "Answer: A, B, D",
        "Answer: True",
        "Answer: Adam; AdamW (50%)",
        "Answer: 256; between 250 and 260 (50%)",
        "Answer: 1–A, 2–B, 3–C",
    ]
    headings = [t for t, n in zip(texts, names, strict=True) if n == "Explanation Heading"]
    assert headings[:3] == ["Feedback", "Why ReLU", "In code"]
    assert "Grading notes" in headings
    assert "Answer Line" not in names
    code = [p for p in document.paragraphs if p.style.name == "Code Block"]
    assert code[0].text == "def relu(x):\n    return max(0.0, x)"  # indentation kept
    assert document.tables[0].rows[0].cells[0].text == "function"
    assert any(r.element.find(f"{W}drawing") is not None for r in _runs(document))


def _runs(document: docx.document.Document) -> list[docx.text.run.Run]:
    return [r for p in document.paragraphs for r in p.runs]


def test_key_table(showcase: dict[str, bytes]) -> None:
    document = docx.Document(io.BytesIO(showcase["paper-key.docx"]))
    table = document.tables[0]
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows[0] == ["Question", "Answer", "Points"]
    assert rows[1] == ["1", "B", "2"]
    assert rows[7][0] == "7" and "ReLU" in rows[7][1]
    assert rows[-1] == ["Total", "", "12"]


def test_rich_text_elements(showcase: dict[str, bytes]) -> None:
    root = _part(showcase["paper-solutions.docx"], "word/document.xml")
    rels = _part(showcase["paper-solutions.docx"], "word/_rels/document.xml.rels")
    links = root.findall(f".//{W}hyperlink")
    assert links
    rid = links[0].get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
    target = [r.get("Target") for r in rels if r.get("Id") == rid]
    assert target == ["https://example.org/relu?a=1&b=2"]
    assert root.findall(f".//{M}oMath"), "math is a Word equation"
    assert root.findall(f".//{M}oMathPara"), "display math is an equation paragraph"
    bold = [r for r in root.iter(f"{W}r") if r.find(f"{W}rPr/{W}b") is not None]
    assert any("activation" in "".join(r.itertext()) for r in bold)
    nested = [p for p in root.iter(f"{W}p") if p.find(f"{W}pPr/{W}numPr/{W}ilvl") is not None]
    levels = {p.find(f"{W}pPr/{W}numPr/{W}ilvl").get(f"{W}val") for p in nested}
    assert {"0", "1"} <= levels


def test_keep_with_next_does_not_chain_across_questions(showcase: dict[str, bytes]) -> None:
    root = _part(showcase["paper.docx"], "word/document.xml")
    breaks = [k for k in root.iter(f"{W}keepNext") if k.get(f"{W}val") == "0"]
    assert len(breaks) == 7


# --------------------------------------------------------------------------- fonts


def test_east_asian_font_and_language(showcase: dict[str, bytes]) -> None:
    styles = _part(showcase["paper.docx"], "word/styles.xml")
    fonts = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
    lang = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert fonts.get(f"{W}eastAsia") == "SimSun"
    assert fonts.get(f"{W}ascii") == "Times New Roman"
    assert lang.get(f"{W}eastAsia") == "zh-CN"
    assert lang.get(f"{W}val") == "en-US"
    # no style the paper uses overrides the East Asian font (one place to restyle it)
    document = _part(showcase["paper.docx"], "word/document.xml")
    used = {n.get(f"{W}val") for n in document.iter(f"{W}pStyle", f"{W}rStyle")}
    assert {"Question", "Option", "InlineCode", "Points"} <= used
    for style in styles.iter(f"{W}style"):
        if style.get(f"{W}styleId") in used:
            for node in style.iter(f"{W}rFonts"):
                assert node.get(f"{W}eastAsia") is None
                assert node.get(f"{W}eastAsiaTheme") is None


def test_east_asian_font_from_bank_and_option() -> None:
    files, _ = _export(EDGE, editions="paper")
    styles = _part(files["paper.docx"], "word/styles.xml")
    assert styles.find(f".//{W}rPrDefault//{W}rFonts").get(f"{W}eastAsia") == "Noto Serif CJK SC"
    files, _ = _export(EDGE, editions="paper", east_asia_font="KaiTi")
    styles = _part(files["paper.docx"], "word/styles.xml")
    assert styles.find(f".//{W}rPrDefault//{W}rFonts").get(f"{W}eastAsia") == "KaiTi"


def test_chinese_seed_bank(sample_bank: Path) -> None:
    files, diagnostics = _export(sample_bank)
    assert diagnostics == []
    document = docx.Document(io.BytesIO(files["paper.docx"]))
    assert document.paragraphs[0].text == "深度学习测验"
    assert any(p.text.startswith("(2 分) 当在卷积神经网络中") for p in document.paragraphs)
    assert any("姓名" in p.text and "学号" in p.text for p in document.paragraphs)
    footer = document.sections[0].footer.paragraphs[0]._p
    instr = "".join(footer.itertext())
    assert "第 " in instr and "PAGE" in instr and "NUMPAGES" in instr
    styles = _part(files["paper.docx"], "word/styles.xml")
    assert styles.find(f".//{W}rPrDefault//{W}lang").get(f"{W}val") == "zh-CN"


# --------------------------------------------------------------------------- exams and options


def test_exam_variants_and_sections(sample_bank: Path) -> None:
    loaded = api.validate(bank=sample_bank)
    papers = api.assemble(loaded, exam="quiz")
    exporter = load("docx")
    result = exporter.export(
        ExportRequest(
            bank=loaded.bank,
            papers=papers,
            options=parse_options(exporter, {"editions": "paper,key"}),
            bank_dir=loaded.root,
        )
    )
    names = [o.path for o in result.outputs]
    assert names == [f"{p.stem}{suffix}.docx" for p in papers for suffix in ("", "-key")]
    assert len(papers) == 2
    for paper, output in zip(papers, result.outputs[::2], strict=True):
        assert isinstance(output.content, bytes)
        document = docx.Document(io.BytesIO(output.content))
        headings = [p.text for p in document.paragraphs if p.style.name == "Section Heading"]
        assert headings[1:] == [f"{s.title} ({_pts(s)} 分)" for s in paper.sections if s.title]
        header = document.sections[0].header.paragraphs[0].text
        assert f"{paper.variant} 卷" in header
        assert [p.text for p in document.paragraphs if p.style.name == "Option"] == [
            option_text for pq in paper.questions() for option_text in _option_texts(pq)
        ]


def _pts(section: PaperSection) -> str:
    total = sum(pq.points for pq in section.questions)
    return str(int(total)) if total.is_integer() else str(total)


def _option_texts(pq: PaperQuestion) -> list[str]:
    return [o.text for o in pq.options()]


def test_numbering_restarts_when_paper_skips_numbers() -> None:
    bank = Bank(meta=BankMeta(title="T"), questions=[])
    q = SingleChoice(id="a", type="single_choice", stem="S", options=["x", "y"], answer="A")
    e = Essay(id="b", type="essay", stem="E", answer_lines=1)
    paper = Paper(
        name="p",
        title="T",
        lang="en",
        sections=(
            PaperSection(title="One", questions=(PaperQuestion(number=1, question=q, points=1),)),
            PaperSection(title="Two", questions=(PaperQuestion(number=1, question=e, points=1),)),
        ),
    )
    exporter = load("docx")
    result = exporter.export(
        ExportRequest(bank=bank, papers=[paper], options=parse_options(exporter, {}))
    )
    root = _part(result.outputs[0].content, "word/document.xml")  # type: ignore[arg-type]
    questions = [
        p for p in root.iter(f"{W}p") if p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") == "Question"
    ]
    assert questions[0].find(f"{W}pPr/{W}numPr") is None  # the style's list: 1.
    restarted = questions[1].find(f"{W}pPr/{W}numPr/{W}numId").get(f"{W}val")
    numbering = _part(result.outputs[0].content, "word/numbering.xml")  # type: ignore[arg-type]
    num = next(n for n in numbering.iter(f"{W}num") if n.get(f"{W}numId") == restarted)
    assert num.find(f"{W}lvlOverride/{W}startOverride").get(f"{W}val") == "1"


def test_unknown_option_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code = main(
        ["export", "-f", "docx", "--bank", str(EDGE), "--out", str(tmp_path), "-o", "nope=1"]
    )
    assert code == 2
    assert "unknown option 'nope'" in capsys.readouterr().err
    code = main(
        ["export", "-f", "docx", "--bank", str(EDGE), "--out", str(tmp_path), "-o", "editions=exam"]
    )
    assert code == 2
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------- losses


def test_losses_are_reported_with_file_and_line() -> None:
    files, diagnostics = _export(EDGE)
    where = (EDGE / "questions.yaml").as_posix()
    assert sorted(diagnostics) == [
        f"QB330 {where}:6:25",
        f"QB331 {where}:10:35",
        f"QB333 {where}:12:7",
    ]
    document = docx.Document(io.BytesIO(files["paper.docx"]))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "[a missing figure]" in text
    assert "[remote figure]" in text
    assert "Bell  inside the text." in text
    # ordered list starting at 3 keeps its start; a code block inside an option is kept
    root = _part(files["paper.docx"], "word/document.xml")
    numbering = _part(files["paper.docx"], "word/numbering.xml")
    starts = {o.get(f"{W}val") for o in numbering.iter(f"{W}startOverride")}
    assert "3" in starts
    assert any(p.text == "code" and p.style.name == "Code Block" for p in document.paragraphs)
    assert len(root.findall(f".//{W}drawing")) == 0


def test_strict_blocks_losses(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code = main(["export", "-f", "docx", "--bank", str(EDGE), "--out", str(tmp_path), "--strict"])
    captured = capsys.readouterr()
    assert code == 1
    assert "QB330" in captured.out and "QB331" in captured.out
    assert list(tmp_path.iterdir()) == []


def test_cli_writes_build_docx(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "build" / "docx"
    code = main(
        ["export", "--format", "docx", "--bank", str(EDGE.parent / "showcase"), "--out", str(out)]
    )
    assert code == 0
    assert sorted(p.name for p in out.iterdir()) == [
        "paper-key.docx",
        "paper-solutions.docx",
        "paper.docx",
    ]


def test_import_does_not_load_python_docx() -> None:
    code = (
        "import sys, qbank, qbank.cli, qbank_docx;"
        "from qbank.plugins import load; load('docx');"
        "assert 'docx' not in sys.modules, 'docx imported';"
        "assert 'qbank_docx._document' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# --------------------------------------------------------------------------- any text


_TEXT = hs.text(
    alphabet=hs.characters(blacklist_categories=("Cs",), max_codepoint=0x2FFFF), max_size=60
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stem=_TEXT.filter(lambda s: s.strip() != ""), option=_TEXT.filter(lambda s: s.strip() != ""))
def test_any_text_gives_a_valid_document(stem: str, option: str) -> None:
    q = SingleChoice(id="q", type="single_choice", stem=stem, options=[option, "b"], answer="A")
    bank = Bank(meta=BankMeta(title="T"), questions=[q])
    exporter = load("docx")
    result = exporter.export(
        ExportRequest(
            bank=bank,
            papers=[whole_bank_paper(bank)],
            options=parse_options(exporter, {"editions": "paper"}),
        )
    )
    data = result.outputs[0].content
    assert isinstance(data, bytes)
    document = docx.Document(io.BytesIO(data))
    assert [p.style.name for p in document.paragraphs].count("Question") == 1
    assert [p.style.name for p in document.paragraphs].count("Option") == 2


# --------------------------------------------------------------------------- LibreOffice


@pytest.mark.slow
def test_libreoffice_converts_every_edition(showcase: dict[str, bytes], tmp_path: Path) -> None:
    office = require_tool("libreoffice", "to check the .docx files open and convert")
    pdftotext = require_tool("pdftotext", "to read the converted PDF")
    for name, data in showcase.items():
        (tmp_path / name).write_bytes(data)
    subprocess.run(
        [
            office,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            *sorted(str(tmp_path / n) for n in showcase),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    for name in showcase:
        pdf = tmp_path / name.replace(".docx", ".pdf")
        assert pdf.exists(), f"LibreOffice did not convert {name}"
        text = subprocess.run(
            [pdftotext, "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
        ).stdout
        assert "qbank showcase 展示题库" in text
    paper = subprocess.run(
        [pdftotext, str(tmp_path / "paper.pdf"), "-"], check=True, capture_output=True, text=True
    ).stdout
    # live numbering and lettering as LibreOffice lays them out
    for expected in ("1.", "7.", "A.", "D.", "Page 1 of 2", "正则化"):
        assert expected in paper, expected
