"""CLI tests for `qbank exam ...` and the exam options of `export` and `build`."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from qbank.cli import main

EXAMS = Path(__file__).resolve().parent / "data" / "exams"


@pytest.fixture
def bank(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the exam fixture bank, with the working directory beside it."""
    target = tmp_path / "bank"
    shutil.copytree(EXAMS, target)
    monkeypatch.chdir(tmp_path)
    return target


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_exam_list(bank: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "exam", "list")
    assert code == 0
    assert out.splitlines() == [
        "midterm  3 variant(s), 4 section(s), seed 42  Midterm 期中考试",
        f"fixed  1 variant(s), 1 section(s), seed {__import__('qbank.exam').exam.default_seed('fixed')}",
    ]


def test_exam_show_prints_every_variant(bank: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "exam", "show", "midterm")
    assert code == 0
    for stem in ("midterm-A", "midterm-B", "midterm-C"):
        assert f"{stem} · Midterm 期中考试 · seed 42" in out
    assert "Part A — CNN" in out
    assert "1-A; 2-D; 3-C" in out  # variant A's matching key
    assert out.count("total") == 3


def test_exam_show_seed_and_variants_override(
    bank: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "exam", "show", "midterm", "--seed", "7", "--variants", "2")
    assert code == 0
    assert "midterm-B · Midterm 期中考试 · seed 7" in out
    assert "midterm-C" not in out


def test_exam_show_unknown_exam_is_a_usage_error(
    bank: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "exam", "show", "final")
    assert code == 2
    assert err == "qbank: unknown exam 'final'; exams defined in the bank: fixed, midterm\n"


def test_exam_show_unsatisfiable_is_exit_2_with_file_and_line(
    bank: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    meta = bank / "bank.yaml"
    meta.write_text(
        meta.read_text(encoding="utf-8").replace("count: 3", "count: 9"), encoding="utf-8"
    )
    code, out, err = run(capsys, "exam", "show", "midterm")
    assert code == 2
    assert "Traceback" not in out + err
    line = next(
        i
        for i, text in enumerate(meta.read_text(encoding="utf-8").splitlines(), 1)
        if "- title: Part A" in text
    )
    assert out.startswith(
        f"bank/bank.yaml:{line}:9: QB151 exam 'midterm', section 1 ('Part A — CNN'): "
        "asks for 9 questions tagged 'cnn'; the bank has 4 "
        "(cnn-pin, cnn-noshuffle, cnn-multi, cnn-receptive)\n"
    )


def test_exam_show_on_a_broken_bank_reports_findings(
    bank: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (bank / "broken.yaml").write_text("id: x\ntype: essay\n", encoding="utf-8")
    code, out, _ = run(capsys, "exam", "show", "midterm")
    assert code == 1
    assert "bank/broken.yaml:1:1: QB105 missing required field 'stem'" in out


def test_export_with_exam_writes_manifest_and_keys(
    bank: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "export", "-f", "json", "--exam", "midterm", "--variants", "2")
    assert code == 0
    assert err.splitlines() == [
        "wrote build/json/midterm-A.json",
        "wrote build/json/midterm-B.json",
        "wrote build/midterm/manifest.json",
        "wrote build/midterm/midterm-A-key.csv",
        "wrote build/midterm/midterm-B-key.csv",
    ]
    manifest = json.loads(Path("build/midterm/manifest.json").read_text(encoding="utf-8"))
    assert manifest["seed"] == 42 and [v["variant"] for v in manifest["variants"]] == ["A", "B"]


def test_export_seed_changes_the_papers(bank: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "export", "-f", "json", "--exam", "midterm", "--out", "one")[0] == 0
    assert run(capsys, "export", "-f", "json", "--exam", "midterm", "--out", "two")[0] == 0
    code = run(capsys, "export", "-f", "json", "--exam", "midterm", "--out", "three", "--seed", "1")
    assert code[0] == 0
    one, two, three = (Path(d, "midterm-A.json").read_bytes() for d in ("one", "two", "three"))
    assert one == two
    assert one != three


def test_export_bad_variants_is_a_usage_error(
    bank: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "export", "-f", "json", "--exam", "midterm", "--variants", "27")
    assert code == 2
    assert "--variants" in err
    assert not Path("build").exists()


def test_build_builds_the_bank_and_every_exam(
    bank: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "build")
    assert code == 0, err
    assert Path("build/json/bank.json").is_file()
    assert Path("build/json/midterm-C.json").is_file()
    assert Path("build/json/fixed.json").is_file()
    assert Path("build/midterm/manifest.json").is_file()
    assert Path("build/fixed/fixed-key.csv").is_file()


def test_exam_build_then_verify_then_change_a_question(
    bank: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "exam", "build", "midterm")
    assert code == 0
    assert "wrote build/midterm/manifest.json" in err
    assert not Path("build/json").exists()  # keys and manifest only
    code, out, _ = run(capsys, "exam", "verify", "build/midterm/manifest.json")
    assert code == 0
    assert out == (
        "build/midterm/manifest.json: exam 'midterm', seed 42, 3 variant(s), "
        "30 question(s) checked\nNo problems found.\n"
    )
    misc = bank / "misc.yaml"
    misc.write_text(misc.read_text(encoding="utf-8").replace("at 0.", "at zero."), encoding="utf-8")
    code, out, _ = run(capsys, "exam", "verify", "build/midterm/manifest.json")
    assert code == 1
    assert (
        "bank/misc.yaml:15:3: QB153 question 'tf-relu' (variant A, question 7) changed since "
        "exam 'midterm' was built" in out
    )
    assert "Found 1 error and 0 warnings." in out


def test_verify_bad_manifest_paths(bank: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "exam", "verify", "missing.json")
    assert code == 3
    assert err.startswith("qbank: missing.json: cannot read manifest")
    Path("junk.json").write_text("{not json", encoding="utf-8")
    code, _, err = run(capsys, "exam", "verify", "junk.json")
    assert code == 2
    assert (
        err
        == "qbank: junk.json: invalid JSON at line 1, column 2: Expecting property name enclosed in double quotes\n"
    )


def test_rebuild_prints_the_recorded_papers(bank: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "export", "-f", "json", "--exam", "midterm")[0] == 0
    original = Path("build/json/midterm-B.json").read_bytes()
    meta = bank / "bank.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("seed: 42", "seed: 43"), "utf-8")
    code, _, err = run(
        capsys, "exam", "rebuild", "build/midterm/manifest.json", "-f", "json", "--out", "again"
    )
    assert code == 0, err
    assert Path("again/midterm-B.json").read_bytes() == original
    (bank / "misc.yaml").write_text(
        (bank / "misc.yaml").read_text(encoding="utf-8").replace("at 0.", "at zero."), "utf-8"
    )
    code, out, err = run(
        capsys, "exam", "rebuild", "build/midterm/manifest.json", "-f", "json", "--out", "late"
    )
    assert code == 1
    assert "QB153" in out
    assert not Path("late").exists()


def test_help_does_not_import_heavy_writers() -> None:
    code = (
        "import sys; from qbank.cli import main; main(['exam', '--help']); "
        "bad = [m for m in ('reportlab', 'docx') if m in sys.modules]; "
        "print('HEAVY', bad)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert "HEAVY []" in result.stdout
    assert "show" in result.stdout and "verify" in result.stdout
