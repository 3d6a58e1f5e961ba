"""The GIFT reader: hand-written GIFT, formats, malformed input (line numbers), and the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest

from qbank.api import validate
from qbank.cli import main
from qbank.importers import READERS, gift, reader
from qbank.model import (
    Description,
    Essay,
    Matching,
    MultipleChoice,
    Numerical,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
)

DATA = Path(__file__).resolve().parent / "data" / "gift"


def test_registered() -> None:
    assert READERS["gift"] == "qbank.importers.gift"
    assert reader("gift") is gift


def test_handwritten() -> None:
    result = gift.read(DATA / "handwritten.gift")
    qs = {q.id: q for q in result.questions}
    assert list(qs) == [
        "who-s-buried-in-grant-s-tomb",
        "q2-plain",
        "q3",
        "q4",
        "q5",
        "q6",
        "q7",
        "q8-description",
        "q9",
    ]
    q1 = qs["who-s-buried-in-grant-s-tomb"]
    assert isinstance(q1, SingleChoice) and q1.answer == "B"
    assert [o.text for o in q1.options] == ["Grant", "Grant's wife", "Nobody"]
    assert q1.options[2].feedback == "trick question"
    q2 = qs["q2-plain"]
    assert isinstance(q2, ShortAnswer)
    assert q2.stem == "1 + 1 = ?\\\nplain <b>text</b>"
    assert [(a.text, a.feedback) for a in q2.answers] == [("2", None), ("two", "words are fine")]
    q3 = qs["q3"]
    assert isinstance(q3, TrueFalse) and q3.answer is True and q3.stem == "Is **this** true?"
    assert (q3.incorrect_feedback, q3.correct_feedback) == ("Look again.", "Right.")
    assert q3.explanation[0].body == "It is."
    q4 = qs["q4"]
    assert isinstance(q4, Numerical)
    assert [(a.value, a.min, a.max, a.weight) for a in q4.answers] == [
        (1822, None, None, 100),
        (None, 1821, 1823, 50),
    ]
    q5 = qs["q5"]
    assert isinstance(q5, Matching)
    assert [(p.left, p.right) for p in q5.pairs] == [("cat", "猫"), ("dog", "狗")]
    assert q5.distractors == ["鸟"]
    q6 = qs["q6"]
    assert isinstance(q6, MultipleChoice) and q6.answer == ["A", "B"]
    assert isinstance(qs["q7"], Essay)
    q8 = qs["q8-description"]
    assert isinstance(q8, Description) and q8.stem == "Just some *text*"
    assert qs["q9"].stem == "Multi-line\\\nquestion text"
    assert result.diagnostics == []
    assert result.folders == {}  # one category for all: they go in the import folder itself


def test_malformed_reports_every_problem_with_its_line() -> None:
    result = gift.read(DATA / "malformed.gift")
    assert [q.id for q in result.questions] == ["ok1", "ok2"]
    found = [(d.code, d.line) for d in result.diagnostics]
    assert found == [("QB503", 3), ("QB503", 5), ("QB503", 7), ("QB503", 9), ("QB503", 11)]
    messages = " | ".join(d.message for d in result.diagnostics)
    assert "{...}" in messages and "not a number" in messages and "ordering" in messages


def test_escapes_and_zero_lines() -> None:
    text = "::a\\:b::x \\\\\\= \\n y{T}\n0\n::c::z{F}\n"
    result = gift.read_text(text, "t.gift")
    assert [q.stem for q in result.questions] == ["x \\\\= \\\ny", "z"]
    assert [q.id for q in result.questions] == ["a-b", "c"]


def test_duplicate_and_invalid_ids() -> None:
    text = "// [id:Same One]\n::x::a{T}\n\n// [id:same-one]\n::y::b{T}\n\n::昨天::c{T}\n"
    result = gift.read_text(text, "t.gift")
    assert [q.id for q in result.questions] == ["same-one", "same-one-2", "q"]


def test_bad_bytes_and_missing_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.gift"
    bad.write_bytes(b"::a::\xff{T}\n")
    result = gift.read(bad)
    assert not result.questions and result.diagnostics[0].code == "QB504"
    result = gift.read(tmp_path / "missing.gift")
    assert result.diagnostics[0].code == "QB504"


def test_bom_and_crlf(tmp_path: Path) -> None:
    path = tmp_path / "x.gift"
    path.write_bytes(b"\xef\xbb\xbf::a::b{T}\r\n\r\n::c::d{F}\r\n")
    assert [q.id for q in gift.read(path).questions] == ["a", "c"]


def test_sniff() -> None:
    assert gift.sniff(Path("x.gift"), b"")
    assert gift.sniff(Path("x.txt"), b"::q1:: What? {=a ~b}")
    assert not gift.sniff(Path("x.txt"), b"1. What?\nA. yes\nB. no\nAnswer: A\n")


def test_cli_import(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["import", str(DATA / "handwritten.gift"), "--out", str(tmp_path / "bank")])
    assert code == 0, capsys.readouterr().err
    files = sorted(p.name for p in (tmp_path / "bank").glob("*.yaml"))
    assert len(files) == 9
    assert main(["validate", str(tmp_path / "bank")]) == 0


CATEGORIES = """\
::q0:: Before any category {T}

$CATEGORY: $course$/top/Course/Algebra

::q1:: In algebra {T}

$CATEGORY: $course$/top/Course/Algebra/Week 1

::q2:: Deeper {F}

$CATEGORY: $module$/top/Course/A//B: C?

::q3:: A slash and a colon in one name {T}

$CATEGORY: Course/Geometry

::q4:: A relative path {T}
"""


def import_tree(source: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    """Run `qbank import SOURCE --out OUT`; the files it wrote, relative to OUT."""
    assert main(["import", str(source), "--out", str(out)]) == 0, capsys.readouterr().err
    return sorted(p.relative_to(out).as_posix() for p in out.rglob("*.yaml"))


def test_categories_become_folders() -> None:
    result = gift.read_text(CATEGORIES, "c.gift")
    assert [q.id for q in result.questions] == ["q0", "q1", "q2", "q3", "q4"]
    # The top category all share (`Course`) names the bank itself: it is not a folder.
    assert result.folders == {
        "q1": ("Algebra",),
        "q2": ("Algebra", "Week 1"),
        "q3": ("A-B- C-",),
        "q4": ("Geometry",),
    }
    # A category name that cannot be a folder name as it is, is reported at its line.
    assert [(d.code, d.line) for d in result.diagnostics] == [("QB502", 11)]
    assert "is written as the folder 'A-B- C-'" in result.diagnostics[0].message


def test_a_question_right_under_a_category_is_imported_and_reported() -> None:
    text = "$CATEGORY: Week 1\n::a:: x {T}\n\n$CATEGORY: Week 2\n\n::b:: y {T}\n"
    result = gift.read_text(text, "w.gift")
    assert [q.id for q in result.questions] == ["a", "b"]
    assert result.folders == {"a": ("Week 1",), "b": ("Week 2",)}
    assert [(d.code, d.line) for d in result.diagnostics] == [("QB502", 1)]
    assert "Moodle would read the question below" in result.diagnostics[0].message


@pytest.mark.parametrize(
    ("category", "folder"),
    [
        ("Week 1", "Week 1"),
        ("a/b", "a/b"),
        ("a//b", "a-b"),
        ("...", "category"),
        ("CON", "CON-"),
        ("nul.txt", "nul.txt-"),
        ("Com1", "Com1-"),
        ("console", "console"),
        ("x: y?", "x- y-"),
    ],
)
def test_category_names_become_portable_folder_names(category: str, folder: str) -> None:
    text = f"$CATEGORY: Top/{category}\n\n::a:: x {{T}}\n\n$CATEGORY: Top\n\n::b:: y {{T}}\n"
    result = gift.read_text(text, "c.gift")
    assert "/".join(result.folders["a"]) == folder
    assert [d.code for d in result.diagnostics] == ([] if folder == category else ["QB502"])


def test_different_top_categories_are_all_kept() -> None:
    text = "$CATEGORY: Week 1\n\n::a:: x {T}\n\n$CATEGORY: Week 2\n\n::b:: y {T}\n"
    assert gift.read_text(text, "w.gift").folders == {"a": ("Week 1",), "b": ("Week 2",)}


def test_cli_import_writes_category_folders(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "c.gift"
    source.write_text(CATEGORIES, encoding="utf-8")
    out = tmp_path / "bank" / "imported"
    assert import_tree(source, out, capsys) == [
        "01-q0.yaml",
        "A-B- C-/01-q3.yaml",
        "Algebra/01-q1.yaml",
        "Algebra/Week 1/01-q2.yaml",
        "Geometry/01-q4.yaml",
    ]
    assert main(["validate", str(out)]) == 0


def test_a_bank_with_folders_comes_back_in_its_folders(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bank = tmp_path / "bank"
    for folder, qid in (("", "top"), ("algebra", "alg"), ("algebra/week-1", "wk"), ("geo", "geo")):
        (bank / folder).mkdir(parents=True, exist_ok=True)
        (bank / folder / f"{qid}.yaml").write_text(
            f"id: {qid}\ntype: true_false\nstem: Is {qid} right?\nanswer: true\n",
            encoding="utf-8",
        )
    (bank / "bank.yaml").write_text("title: Round trip 往返\n", encoding="utf-8")
    assert main(["export", "-f", "gift", "-b", str(bank), "--out", str(tmp_path / "g")]) == 0
    (gift_file,) = (tmp_path / "g").glob("*.gift")
    back = tmp_path / "back"
    assert import_tree(gift_file, back, capsys) == [
        "01-top.yaml",
        "algebra/01-alg.yaml",
        "algebra/week-1/01-wk.yaml",
        "geo/01-geo.yaml",
    ]
    before = {q.id: q for q in validate(bank=bank).bank.questions}
    after = {q.id: q for q in validate(bank=back).bank.questions}
    assert after == before


def test_cli_import_malformed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["import", str(DATA / "malformed.gift"), "--out", str(tmp_path / "bank")])
    out = capsys.readouterr()
    assert code == 1
    assert "malformed.gift:3:1: QB503" in out.out + out.err
    assert "Traceback" not in out.out + out.err


@pytest.mark.parametrize(
    "source", ["0 0 0\n|\n---", "| a", "x\n| y |", "|", "a\n\n| b | c |\n|---|---|\n| 1 | 2 |"]
)
def test_markdown_from_the_tree_reparses_to_the_same_tree(source: str) -> None:
    """A pipe at a line start is written as an entity: markdown-it's table rule counts `\\|`."""
    from qbank import richtext as rt
    from qbank.importers.gift import tree_to_markdown

    doc = rt.parse(source)
    assert rt.parse(tree_to_markdown(doc)) == doc
