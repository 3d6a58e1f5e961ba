"""`qbank import`: exit codes, the report of unplaced lines, the summary, and what is written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from qbank.cli import main
from qbank.load import load_bank

DATA = Path(__file__).resolve().parent / "data" / "import"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["import", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_seed_import_reports_and_writes(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out_dir = tmp_path / "bank" / "dl"
    code, out, err = run(capsys, str(DATA / "seed.txt"), "--out", str(out_dir))
    assert code == 0
    seed = (DATA / "seed.txt").as_posix()
    assert out.splitlines() == [
        f"{seed}:1:1: QB501 line not placed in any question (before the first question): "
        "'凡客建网站线上推广软件'",
        f"Imported 3 questions from {seed} (text): 1 multiple_choice, 2 single_choice; "
        "1 line not placed.",
    ]
    names = sorted(p.name for p in out_dir.iterdir())
    assert names == ["01-pooling-layer.yaml", "02-4gb-dropout.yaml", "03-q3.yaml"]
    assert err.count("wrote ") == 3
    loaded = load_bank(out_dir)
    assert loaded.ok and len(loaded.bank.questions) == 3


def test_strict_writes_nothing(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run(capsys, str(DATA / "seed.txt"), "--out", str(tmp_path / "o"), "--strict")
    assert code == 1
    assert "QB501" in out and "nothing written" in err
    assert not (tmp_path / "o").exists()


def test_again_adds_copies_and_force_replaces(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    args = [str(DATA / "aiken.txt"), "--out", str(tmp_path)]
    assert run(capsys, *args)[0] == 0
    assert run(capsys, *args)[0] == 0
    assert len(list(tmp_path.iterdir())) == 6
    first = tmp_path / "01-what-is-the-capital-of-france.yaml"
    first.write_text(first.read_text(encoding="utf-8") + "tags: [edited]\n", encoding="utf-8")
    assert run(capsys, *args, "--force")[0] == 0
    assert len(list(tmp_path.iterdir())) == 6
    assert "edited" not in first.read_text(encoding="utf-8")


def test_bad_questions_exit_1_but_good_ones_are_written(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, _ = run(capsys, str(DATA / "bad.txt"), "--out", str(tmp_path))
    assert code == 1
    assert out.count("QB503") == 3 and "bad.txt:17:1: QB501" in out
    assert "Imported 2 questions" in out and "3 other findings" in out
    assert len(list(tmp_path.glob("*.yaml"))) == 2


@pytest.mark.parametrize(
    ("name", "fmt", "expected"),
    [
        ("gb18030.txt", None, "read as GB18030 text"),
        ("utf16.txt", None, "read as UTF-16 text"),
        ("aiken.txt", "aiken", ""),
        ("layouts-zh.txt", "text", ""),
    ],
)
def test_formats_and_encodings(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, fmt: str | None, expected: str
) -> None:
    extra = ["--from", fmt] if fmt else []
    code, out, err = run(capsys, str(DATA / name), "--out", str(tmp_path), *extra)
    assert code == 0
    assert expected in err
    assert "Imported" in out


@pytest.mark.parametrize(
    ("name", "message"),
    [("empty.txt", "QB504 the file is empty"), ("junk.bin", "QB504 cannot tell the format")],
)
def test_unreadable_input_exits_1(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, message: str
) -> None:
    code, out, _ = run(capsys, str(DATA / name), "--out", str(tmp_path / "o"))
    assert code == 1
    assert message in out
    assert not (tmp_path / "o").exists()


def test_usage_errors(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, str(tmp_path / "missing.txt"), "--out", str(tmp_path))
    assert code == 2 and "no such file" in err
    code, _, err = run(capsys, str(DATA / "seed.txt"), "--out", str(tmp_path), "--from", "pdf")
    assert code == 2 and "unknown format 'pdf'" in err and "text" in err
    afile = tmp_path / "f"
    afile.write_text("x")
    code, _, err = run(capsys, str(DATA / "seed.txt"), "--out", str(afile))
    assert code == 2 and "is a file" in err
    assert main(["import", str(DATA / "seed.txt")]) == 2  # --out is required


def test_wrong_reader_for_the_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, str(DATA / "seed.txt"), "--out", str(tmp_path), "--from", "docx")
    assert code == 1 and "not a readable Word" in out


def test_cli_import_does_not_load_heavy_libraries() -> None:
    code = (
        "import sys, qbank.cli, qbank.importers as i; i.guess(__import__('pathlib').Path('a.txt'), b'x');"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('docx', 'reportlab')];"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
