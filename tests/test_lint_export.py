"""Lint and export agree: writer and exam codes are registered rules, suppressible at export."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from qbank import api, exam
from qbank.cli import main
from qbank.lint import REGISTRY, ConfigError, lint_bank
from qbank.lint.base import ExamRule, ManifestRule, QuestionRule, WriterRule
from qbank.load import load_bank

ROOT = Path(__file__).resolve().parent.parent
WRITERS = {
    "gift": ROOT / "exporters" / "qbank_gift",
    "pdf": ROOT / "exporters" / "qbank_pdf",
    "docx": ROOT / "exporters" / "qbank_docx",
}
CODE = re.compile(r"""["'](QB\d{3})["']""")
TF = "type: true_false\nstem: {stem}\nanswer: true\nexplanation: E\n"


@pytest.fixture(autouse=True)
def _no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out + err


def make_bank(folder: Path, files: dict[str, str], meta: str = "title: T\n") -> Path:
    folder.mkdir(parents=True)
    (folder / "bank.yaml").write_text(meta, encoding="utf-8")
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


# --------------------------------------------------------------------------- one registry


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_every_code_a_writer_reports_is_a_rule_about_it(writer: str) -> None:
    codes = {
        code
        for path in sorted(WRITERS[writer].glob("*.py"))
        for code in CODE.findall(path.read_text(encoding="utf-8"))
    }
    assert codes, f"no codes found in the {writer} writer"
    for code in sorted(codes):
        rule = REGISTRY.get(code)
        assert rule is not None, f"{writer} writer reports {code}, which is not registered"
        assert writer in rule.targets, f"{code} does not name {writer} among its targets"
        assert issubclass(rule, WriterRule | QuestionRule)
    writer_rules = {c for c, r in REGISTRY.items() if issubclass(r, WriterRule)}
    assert {c for c in writer_rules if REGISTRY[c].targets == (writer,)} <= codes


def test_exam_codes_are_rules() -> None:
    constants = {
        value
        for name, value in vars(exam).items()
        if name.isupper() and re.fullmatch(r"QB1\d\d", str(value))
    }
    assert constants == {"QB150", "QB151", "QB152", "QB153", "QB154", "QB155"}
    assert {c for c, r in REGISTRY.items() if issubclass(r, ExamRule)} == {
        "QB150",
        "QB151",
        "QB152",
    }
    assert {c for c, r in REGISTRY.items() if issubclass(r, ManifestRule)} == {
        "QB153",
        "QB154",
        "QB155",
    }


@pytest.mark.parametrize(
    ("code", "reporter"),
    [
        ("QB320", "reported by the pdf writer at export"),
        ("QB306", "reported by the gift writer at export"),
        ("QB335", "reported by the docx writer at export"),
        ("QB151", "reported by lint and by exam assembly"),
        ("QB154", "reported by `qbank exam verify`"),
    ],
)
def test_rule_command_documents_every_code(
    capsys: pytest.CaptureFixture[str], code: str, reporter: str
) -> None:
    status, out = run(capsys, "rule", code)
    assert status == 0
    assert out.startswith(f"# {code} {REGISTRY[code].name}\n")
    assert reporter in out.splitlines()[2]
    assert "## Example" in out and "## Use instead" in out


def test_rule_list_shows_writer_codes(capsys: pytest.CaptureFixture[str]) -> None:
    status, out = run(capsys, "rule", "--list")
    assert status == 0
    assert re.search(r"^QB326  pdf-font-not-embedded +warning$", out, re.M)
    assert re.search(r"^QB152  question-selected-twice +error$", out, re.M)


def test_writer_and_exam_codes_are_accepted_in_configuration(tmp_path: Path) -> None:
    meta = "title: T\nlint:\n  ignore: [QB320, QB306, QB151, QB154]\n"
    bank = make_bank(tmp_path / "bank", {"a.yaml": "id: a\n" + TF.format(stem="S")}, meta)
    report = lint_bank(bank=bank, use_pyproject=False)
    assert report.diagnostics == []
    report = lint_bank(bank=bank, ignore=["QB33"], use_pyproject=False)  # a prefix of writer codes
    assert report.diagnostics == []


@pytest.mark.parametrize("codes", [["QB320", "QB153", "QB306", "QB151"], ["QB335"]])
def test_question_may_ignore_every_registered_code(tmp_path: Path, codes: list[str]) -> None:
    text = "id: a\n" + TF.format(stem="S") + f"lint: {{ignore: [{', '.join(codes)}]}}\n"
    bank = make_bank(tmp_path / "bank", {"a.yaml": text})
    assert lint_bank(bank=bank, select=["QB214"], use_pyproject=False).diagnostics == []


def test_unknown_code_in_question_ignore_is_still_reported(tmp_path: Path) -> None:
    text = "id: a\n" + TF.format(stem="S") + "lint: {ignore: [QB320, QB329]}\n"
    bank = make_bank(tmp_path / "bank", {"a.yaml": text})
    found = lint_bank(bank=bank, select=["QB214"], use_pyproject=False).diagnostics
    assert [(d.code, d.message, d.line, d.col) for d in found] == [
        ("QB214", "unknown rule code 'QB329' in lint.ignore", 6, 24)
    ]


# --------------------------------------------------------------------------- suppression at export


def image_question(qid: str, ignore: str | None = None) -> str:
    """A question with a missing image; `ignore` suppresses one code on it."""
    text = f"id: {qid}\n" + TF.format(stem='"![grid](missing.png)"')
    return text + (f"lint: {{ignore: [{ignore}]}}\n" if ignore else "")


@pytest.mark.parametrize(
    ("writer", "code"), [("gift", "QB305"), ("pdf", "QB321"), ("docx", "QB330")]
)
def test_question_suppression_applies_at_export(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], writer: str, code: str
) -> None:
    files = {"a.yaml": image_question("kept"), "b.yaml": image_question("quiet", code)}
    bank = make_bank(tmp_path / "bank", files)
    report = api.export(loaded=load_bank(bank), format=writer, out_dir=tmp_path / "out")
    assert [(d.code, d.question_id) for d in report.diagnostics] == [(code, "kept")]
    assert [(d.code, d.question_id) for d in report.suppressed] == [(code, "quiet")]

    status, out = run(
        capsys, "export", "-f", writer, "--bank", str(bank), "--out", str(tmp_path / "o2")
    )
    assert status == 0
    assert code in out and "a.yaml" in out and "b.yaml" not in out


@pytest.mark.parametrize(
    ("writer", "code"), [("gift", "QB305"), ("pdf", "QB321"), ("docx", "QB330")]
)
def test_suppressed_loss_does_not_block_strict(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], writer: str, code: str
) -> None:
    bank = make_bank(tmp_path / "bank", {"b.yaml": image_question("quiet", code)})
    out_dir = tmp_path / "out"
    status, out = run(
        capsys, "export", "-f", writer, "--bank", str(bank), "--out", str(out_dir), "--strict"
    )
    assert status == 0, out
    assert code not in out
    assert any(out_dir.iterdir())

    (bank / "a.yaml").write_text(image_question("kept"), encoding="utf-8")
    blocked = tmp_path / "blocked"
    status, out = run(
        capsys, "export", "-f", writer, "--bank", str(bank), "--out", str(blocked), "--strict"
    )
    assert status == 1
    assert re.search(rf"a\.yaml(:\d+:\d+)?: {code} ", out) and "b.yaml" not in out
    assert "nothing written: 1 loss(es) under --strict" in out
    assert not blocked.exists()


def test_suppression_names_the_question_not_its_neighbours(tmp_path: Path) -> None:
    # A suppression of another code, or on another question, suppresses nothing.
    files = {
        "a.yaml": "id: a\n" + TF.format(stem='"![g](x.png)"') + "lint: {ignore: [QB306]}\n",
        "b.yaml": "id: b\ntype: essay\nstem: S\ngrading_notes: N\nlint: {ignore: [QB305]}\n",
    }
    bank = make_bank(tmp_path / "bank", files)
    report = api.export(loaded=load_bank(bank), format="gift", out_dir=tmp_path / "out")
    assert sorted((d.code, d.question_id) for d in report.diagnostics) == [
        ("QB305", "a"),
        ("QB306", "b"),
    ]
    assert report.suppressed == []


def test_bank_config_ignore_applies_at_export(tmp_path: Path) -> None:
    files = {
        "a.yaml": "id: a\n" + TF.format(stem='"![g](x.png)"'),
        "b.yaml": "id: b\ntype: essay\nstem: S\ngrading_notes: N\n",
    }
    bank = make_bank(tmp_path / "bank", files, "title: T\nlint:\n  ignore: [QB306]\n")
    report = api.export(loaded=load_bank(bank), format="gift", out_dir=tmp_path / "out")
    assert [(d.code, d.question_id) for d in report.diagnostics] == [("QB305", "a")]
    assert [(d.code, d.question_id) for d in report.suppressed] == [("QB306", "b")]


def test_pyproject_ignore_applies_at_export(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.qbank.lint]\nignore = ["QB32"]\n', encoding="utf-8"
    )
    bank = make_bank(tmp_path / "bank", {"a.yaml": "id: a\n" + TF.format(stem='"![g](x.png)"')})
    report = api.export(loaded=load_bank(bank), format="pdf", out_dir=tmp_path / "out")
    assert report.diagnostics == []
    assert [d.code for d in report.suppressed] == ["QB321"]


def test_bank_level_loss_is_suppressed_by_config_only(tmp_path: Path) -> None:
    # A font problem is about no question: only the configuration can ignore it.
    meta = "title: T\nfonts:\n  pdf_cjk: nope.ttf\n"
    files = {"a.yaml": "id: a\n" + TF.format(stem="S") + "lint: {ignore: [QB325]}\n"}
    bank = make_bank(tmp_path / "bank", files, meta)
    report = api.export(loaded=load_bank(bank), format="pdf", out_dir=tmp_path / "out")
    assert [(d.code, d.question_id) for d in report.diagnostics] == [("QB325", None)]
    (bank / "bank.yaml").write_text(meta + "lint: {ignore: [QB325]}\n", encoding="utf-8")
    report = api.export(loaded=load_bank(bank), format="pdf", out_dir=tmp_path / "out")
    assert report.diagnostics == [] and [d.code for d in report.suppressed] == ["QB325"]


def test_unknown_code_in_config_stops_export(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    meta = "title: T\nlint:\n  ignore: [QB399]\n"
    bank = make_bank(tmp_path / "bank", {"a.yaml": "id: a\n" + TF.format(stem="S")}, meta)
    with pytest.raises(ConfigError, match="unknown rule code 'QB399'"):
        api.export(loaded=load_bank(bank), format="gift", out_dir=tmp_path / "out")
    status, out = run(
        capsys, "export", "-f", "gift", "--bank", str(bank), "--out", str(tmp_path / "o")
    )
    assert status == 2
    assert f"{(bank / 'bank.yaml').as_posix()}:3:12: unknown rule code 'QB399' in ignore" in out
    assert not (tmp_path / "o").exists()


def test_pdf_key_table_loss_is_on_its_question(tmp_path: Path) -> None:
    # A character no font has, only in a short answer (printed in the key and solutions):
    # reported once, on the question, so the question can suppress it.
    text = "id: sa\ntype: short_answer\nstem: Name it.\nanswers: ['\U0001d11e']\n"
    bank = make_bank(tmp_path / "bank", {"a.yaml": text})
    report = api.export(loaded=load_bank(bank), format="pdf", out_dir=tmp_path / "out")
    assert [(d.code, d.question_id) for d in report.diagnostics] == [("QB324", "sa")]
    (bank / "a.yaml").write_text(text + "lint: {ignore: [QB324]}\n", encoding="utf-8")
    report = api.export(loaded=load_bank(bank), format="pdf", out_dir=tmp_path / "out")
    assert report.diagnostics == []


# --------------------------------------------------------------------------- exam blueprints in lint

EXAMS = """title: T
exams:
  quiz:
    sections:
      - title: RNN
        tags: [rnn]
        count: 3
      - ids: [a, a]
"""


def test_lint_reports_unsatisfiable_exams_in_bank_yaml(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = {"a.yaml": "id: a\n" + TF.format(stem="S") + "tags: [rnn]\n"}
    bank = make_bank(tmp_path / "bank", files, EXAMS)
    meta = (bank / "bank.yaml").as_posix()
    status, out = run(capsys, "lint", str(bank), "--isolated")
    assert status == 1
    lines = out.splitlines()
    assert lines[0] == (
        f"{meta}:5:9: QB151 exam 'quiz', section 1 ('RNN'): asks for 3 questions tagged 'rnn'; "
        "the bank has 1 (a), 1 of them already used by other sections"
    )
    assert lines[2] == (
        f"{meta}:8:18: QB152 exam 'quiz', section 2: question 'a' is already selected earlier in this section"
    )
    assert "  help: lower `count`, widen the filter, or add questions to the bank" in lines
    # ... and export refuses the exam with the same codes.
    with pytest.raises(exam.ExamError) as refused:
        api.export(loaded=load_bank(bank), format="json", out_dir=tmp_path / "o", exam="quiz")
    assert {d.code for d in refused.value.diagnostics} == {"QB151", "QB152"}


def test_exam_rules_are_configurable(tmp_path: Path) -> None:
    files = {"a.yaml": "id: a\n" + TF.format(stem="S") + "tags: [rnn]\n"}
    bank = make_bank(tmp_path / "bank", files, EXAMS)
    report = lint_bank(bank=bank, ignore=["QB151"], use_pyproject=False)
    assert [d.code for d in report.diagnostics] == ["QB152"]
    report = lint_bank(bank=bank, select=["QB2"], use_pyproject=False)
    assert report.diagnostics == []


def test_exam_checks_wait_for_a_clean_load(tmp_path: Path) -> None:
    # A question that failed to load is no evidence that an exam is unsatisfiable.
    meta = "title: T\nexams:\n  quiz:\n    sections:\n      - ids: [a, b]\n      - ids: [a]\n"
    files = {"a.yaml": "id: a\n" + TF.format(stem="S"), "b.yaml": "id: b\ntype: true_false\n"}
    bank = make_bank(tmp_path / "bank", files, meta)
    report = lint_bank(bank=bank, use_pyproject=False)
    assert [d.code for d in report.diagnostics] == ["QB105", "QB105", "QB152"]
    (bank / "b.yaml").write_text("id: c\n" + TF.format(stem="Other"), encoding="utf-8")
    report = lint_bank(bank=bank, use_pyproject=False)
    assert [(d.code, d.line, d.col) for d in report.diagnostics] == [
        ("QB150", 5, 18),
        ("QB152", 6, 15),
    ]


def test_seed_bank_exams_lint_clean() -> None:
    report = lint_bank(bank=ROOT / "bank", select=["QB15"], use_pyproject=False)
    assert load_bank(ROOT / "bank").bank.meta.exams
    assert report.diagnostics == []


def test_docx_section_title_loss_is_on_no_question(tmp_path: Path) -> None:
    # A control character in an exam's section title is not the previous question's loss,
    # so that question's suppression does not hide it.
    meta = (
        'title: T\nexams:\n  q:\n    sections:\n      - ids: [a]\n      - title: "Part \\a two"\n'
        "        ids: [b]\n"
    )
    files = {
        "a.yaml": "id: a\n" + TF.format(stem="S") + "lint: {ignore: [QB333]}\n",
        "b.yaml": "id: b\n" + TF.format(stem="T"),
    }
    bank = make_bank(tmp_path / "bank", files, meta)
    report = api.export(loaded=load_bank(bank), format="docx", out_dir=tmp_path / "o", exam="q")
    assert [(d.code, d.question_id) for d in report.diagnostics] == [("QB333", None)]


def test_export_reads_lint_settings_without_importing_every_rule(tmp_path: Path) -> None:
    # Every rule is imported (~0.1 s) only when the settings ignore codes, to expand them.
    script = (
        "import sys\n"
        "from qbank.cli import main\n"
        f"code = main(['export', '-f', 'json', '-b', sys.argv[1], '--out', {str(tmp_path)!r}])\n"
        "print(code, 'qbank.lint.registry' in sys.modules)\n"
    )
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "bank.yaml").write_text("title: t\n", encoding="utf-8")
    (plain / "q.yaml").write_text(
        "id: q\ntype: true_false\nstem: s\nanswer: true\nlint: {ignore: [QB201]}\n",
        encoding="utf-8",
    )
    ignoring = tmp_path / "ignoring"
    ignoring.mkdir()
    (ignoring / "bank.yaml").write_text("title: t\nlint: {ignore: [QB3]}\n", encoding="utf-8")
    (ignoring / "q.yaml").write_text(
        "id: q\ntype: true_false\nstem: s\nanswer: true\n", encoding="utf-8"
    )
    for bank, imported in ((plain, "False"), (ignoring, "True")):
        done = subprocess.run(
            [sys.executable, "-c", script, str(bank)],
            capture_output=True,
            text=True,
            check=False,
            cwd=tmp_path,
        )
        assert done.stdout.split() == ["0", imported], done.stdout + done.stderr
