"""The Aiken reader."""

from __future__ import annotations

from pathlib import Path

from qbank.importers import MALFORMED_QUESTION, UNPLACED_LINE, aiken
from qbank.model import SingleChoice

DATA = Path(__file__).resolve().parent / "data" / "import"


def test_aiken_file() -> None:
    result = aiken.read(DATA / "aiken.txt")
    assert result.diagnostics == []
    assert result.encoding == "utf-8"
    q1, q2, q3 = result.questions
    assert isinstance(q1, SingleChoice) and q1.answer == "B" and q1.options[1].text == "Paris"
    assert isinstance(q2, SingleChoice) and q2.options[1].text == "Carbon dioxide"
    assert q3.stem == "下列哪一项是 Python 的关键字？" and q3.id == "python"
    assert result.lines == {q1.id: 1, q2.id: 8, q3.id: 14}


def test_bad_aiken_reports_and_keeps_the_good_question() -> None:
    result = aiken.read(DATA / "aiken-bad.txt")
    assert [q.stem for q in result.questions] == ["Good question?"]
    found = [(d.code, d.line) for d in result.diagnostics]
    assert found == [(MALFORMED_QUESTION, 3), (MALFORMED_QUESTION, 8), (UNPLACED_LINE, 10)]
    assert "no ANSWER line" in result.diagnostics[0].message
    assert "ANSWER C is not among the options A-B" in result.diagnostics[1].message


def test_answer_must_be_one_letter() -> None:
    result = aiken.parse("Q?\nA. a\nB. b\nANSWER: A, B\n", "t", source_name="t")
    assert result.questions == []
    assert "one option letter" in result.diagnostics[0].message


def test_sniff() -> None:
    assert aiken.sniff(Path("a.txt"), (DATA / "aiken.txt").read_bytes())
    assert not aiken.sniff(Path("s.txt"), (DATA / "seed.txt").read_bytes())
    assert not aiken.sniff(Path("j.bin"), (DATA / "junk.bin").read_bytes())
