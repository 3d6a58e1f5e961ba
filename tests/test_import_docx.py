"""The Word reader: a .docx generated here with python-docx, Word numbering and bold keys."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from qbank import richtext
from qbank.importers import IMPORT_LOSS, UNPLACED_LINE, UNREADABLE_SOURCE
from qbank.importers import docx as reader
from qbank.model import MultipleChoice, SingleChoice, TrueFalse

DATA = Path(__file__).resolve().parent / "data" / "import"
PNG = Path(__file__).resolve().parent / "data" / "showcase" / "images" / "grid.png"

NUMBERING = (
    f"<w:abstractNum {nsdecls('w')} w:abstractNumId='90'>"
    "<w:lvl w:ilvl='0'><w:start w:val='1'/><w:numFmt w:val='decimal'/>"
    "<w:lvlText w:val='%1.'/></w:lvl>"
    "<w:lvl w:ilvl='1'><w:start w:val='1'/><w:numFmt w:val='upperLetter'/>"
    "<w:lvlText w:val='%2.'/></w:lvl>"
    "</w:abstractNum>"
)


def numbered(document: docx.document.Document) -> str:
    """Add a two-level list (1. / A.) to the document's numbering part; return its numId."""
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(NUMBERING))
    numbering.append(
        parse_xml(f"<w:num {nsdecls('w')} w:numId='90'><w:abstractNumId w:val='90'/></w:num>")
    )
    return "90"


def para(
    document: docx.document.Document, text: str, *, level: int | None = None, bold: bool = False
) -> None:
    paragraph = document.add_paragraph()
    run = paragraph.add_run(text)
    run.bold = bold or None
    if level is not None:
        ppr = paragraph._p.get_or_add_pPr()
        ppr.append(
            parse_xml(
                f"<w:numPr {nsdecls('w')}><w:ilvl w:val='{level}'/><w:numId w:val='90'/></w:numPr>"
            )
        )


@pytest.fixture
def word_quiz(tmp_path: Path) -> Path:
    document = docx.Document()
    numbered(document)
    document.add_paragraph("期中测验题库（内部资料）")
    # Question 1: Word numbering for the question and the options, the key in bold.
    para(document, "卷积层的主要作用是什么？", level=0)
    para(document, "降维", level=1)
    para(document, "提取局部特征", level=1, bold=True)
    para(document, "分类", level=1)
    # Question 2: Word numbering, several bold options -> multiple choice; an image is lost.
    para(document, "以下哪些是激活函数？", level=0)
    para(document, "ReLU", level=1, bold=True)
    para(document, "Sigmoid", level=1, bold=True)
    para(document, "Adam", level=1)
    document.add_paragraph().add_run().add_picture(str(PNG))
    # Question 3: typed numbers and an answer line, as in a pasted text.
    document.add_paragraph("3、Dropout 只在训练时起作用。")
    document.add_paragraph("答案：正确")
    document.add_paragraph("解析：测试时所有神经元都参与计算。")
    path = tmp_path / "题库.docx"
    document.save(str(path))
    return path


def test_word_numbering_bold_keys_and_typed_questions(word_quiz: Path) -> None:
    result = reader.read(word_quiz)
    q1, q2, q3 = result.questions
    assert isinstance(q1, SingleChoice)
    assert q1.stem == "卷积层的主要作用是什么？"
    assert [o.text for o in q1.options] == ["降维", "提取局部特征", "分类"]
    assert q1.answer == "B"
    assert isinstance(q2, MultipleChoice) and q2.answer == ["A", "B"]
    assert isinstance(q3, TrueFalse) and q3.answer is True
    assert (
        richtext.plain_text(richtext.parse(q3.explanation[0].body))
        == "测试时所有神经元都参与计算。"
    )
    assert [(d.code, d.line) for d in result.diagnostics] == [(UNPLACED_LINE, 1), (IMPORT_LOSS, 10)]
    assert result.lines[q1.id] == 2 and result.lines[q3.id] == 11
    assert q1.source == "题库.docx, paragraph 2"


def test_word_file_is_sniffed(word_quiz: Path) -> None:
    from qbank.importers import guess

    assert guess(word_quiz, word_quiz.read_bytes()[:8192]) == "docx"
    assert reader.sniff(Path("quiz.bin"), word_quiz.read_bytes()[:8192]) is True


def test_questions_in_a_table_are_read(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=1, cols=1)
    cell = table.rows[0].cells[0]
    cell.paragraphs[0].text = "1. Which is a mammal?"
    for line in ("A. shark", "B. whale", "Answer: B"):
        cell.add_paragraph(line)
    path = tmp_path / "table.docx"
    document.save(str(path))
    (q,) = reader.read(path).questions
    assert isinstance(q, SingleChoice) and q.answer == "B"


@pytest.mark.parametrize("name", ["junk.bin", "seed.txt"])
def test_not_a_word_file(name: str) -> None:
    (diag,) = reader.read(DATA / name).diagnostics
    assert diag.code == UNREADABLE_SOURCE and "not a readable Word" in diag.message


def test_empty_word_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.docx"
    docx.Document().save(str(path))
    (diag,) = reader.read(path).diagnostics
    assert diag.code == UNREADABLE_SOURCE and "no text" in diag.message


def test_style_numbering_is_followed(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("What is 2 + 2?", style="List Number")
    for option in ("A. 3", "B. 4"):
        document.add_paragraph(option)
    document.add_paragraph("Answer: B")
    path = tmp_path / "style.docx"
    document.save(str(path))
    result = reader.read(path)
    assert [q.stem for q in result.questions] == ["What is 2 + 2?"]
    assert result.diagnostics == []
