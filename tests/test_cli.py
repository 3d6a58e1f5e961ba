"""The command line: exit codes, output, and a start-up that imports no heavy writer library."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from qbank import __version__
from qbank.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def broken_bank(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "a.yaml").write_text(
        "id: a\ntype: single_choice\nstem: x\noptions: [p, q]\nanwser: A\n", encoding="utf-8"
    )
    (root / "b.yaml").write_text("id: b\nstem: [\n", encoding="utf-8")
    return root


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "--version") == (0, f"qbank {__version__}\n", "")


def test_validate_clean_bank(capsys: pytest.CaptureFixture[str], sample_bank: Path) -> None:
    assert run(capsys, "validate", str(sample_bank)) == (0, "No problems found.\n", "")


def test_validate_reports_every_problem(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bank = broken_bank(tmp_path / "bank")
    code, out, _ = run(capsys, "validate", str(bank))
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == f"{bank.as_posix()}/a.yaml:1:1: QB105 missing required field 'answer'"
    assert lines[1] == f"{bank.as_posix()}/a.yaml:5:1: QB104 unknown field 'anwser'"
    assert lines[2] == "  help: did you mean 'answer'?"
    assert any(
        line.startswith(f"{bank.as_posix()}/b.yaml:3:1: QB102 YAML syntax error") for line in lines
    )
    assert lines[-1] == "Found 3 errors and 0 warnings."
    assert "Traceback" not in out


def test_validate_missing_folder_is_an_io_failure(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, _ = run(capsys, "validate", str(tmp_path / "missing"))
    assert code == 3
    assert "QB108 bank folder not found" in out


def test_export_json(capsys: pytest.CaptureFixture[str], sample_bank: Path, tmp_path: Path) -> None:
    out_dir = tmp_path / "build" / "json"
    code, _, err = run(
        capsys, "export", "--format", "json", "--bank", str(sample_bank), "--out", str(out_dir)
    )
    assert code == 0
    assert f"wrote {(out_dir / 'bank.json').as_posix()}" in err
    assert (
        json.loads((out_dir / "bank.json").read_text(encoding="utf-8"))["meta"]["title"]
        == "深度学习测验"
    )


def test_export_refuses_a_broken_bank(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bank = broken_bank(tmp_path / "bank")
    code, out, err = run(
        capsys, "export", "-f", "json", "--bank", str(bank), "--out", str(tmp_path / "o")
    )
    assert code == 1
    assert "QB104" in out and "nothing written" in err
    assert not (tmp_path / "o").exists()


def test_bad_option_syntax(
    capsys: pytest.CaptureFixture[str], sample_bank: Path, tmp_path: Path
) -> None:
    code, _, err = run(capsys, "export", "-f", "json", "--bank", str(sample_bank), "-o", "novalue")
    assert code == 2 and "must be written key=value" in err


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "export")[0] == 2
    assert run(capsys, "no-such-command")[0] == 2


def test_build_writes_every_format(
    capsys: pytest.CaptureFixture[str], sample_bank: Path, tmp_path: Path
) -> None:
    from qbank import plugins

    code, _, err = run(capsys, "build", "--bank", str(sample_bank), "--out", str(tmp_path))
    assert code == 0, err
    for name in plugins.available():
        assert (tmp_path / name).is_dir(), f"no output for {name}"


def test_schema_check(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert run(capsys, "schema", "--out", str(tmp_path))[0] == 0
    assert run(capsys, "schema", "--check", "--out", str(tmp_path)) == (0, "", "")
    (tmp_path / "bank.schema.json").write_text("{}\n", encoding="utf-8")
    code, out, _ = run(capsys, "schema", "--check", "--out", str(tmp_path))
    assert code == 1 and "bank.schema.json: out of date" in out


def test_formats_lists_the_builtin_writers(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "formats")
    assert code == 0
    assert "json" in [line.split()[0] for line in out.splitlines()]


@pytest.mark.parametrize("args", [["--help"], ["formats"], ["validate", "--help"]])
def test_start_up_imports_no_writer_library(args: list[str]) -> None:
    code = (
        "import sys\n"
        "from qbank.cli import main\n"
        f"rc = main({args!r})\n"
        "heavy = sorted(m for m in ('reportlab', 'docx', 'lxml') if m in sys.modules)\n"
        "print('HEAVY', heavy)\n"
        "sys.exit(rc)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "HEAVY []" in result.stdout


def test_internal_errors_are_reported_without_a_traceback(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, sample_bank: Path
) -> None:
    from qbank import api

    def explode(**_: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(api, "validate", explode)
    code, _, err = run(capsys, "validate", str(sample_bank))
    assert code == 3
    assert "internal error: RuntimeError: disk on fire" in err and "Traceback" not in err


def test_build_assembles_each_exam_once(
    capsys: pytest.CaptureFixture[str], sample_bank: Path, tmp_path: Path
) -> None:
    code, _, err = run(capsys, "build", "--bank", str(sample_bank), "--out", str(tmp_path))
    assert code == 0, err
    wrote = [line for line in err.splitlines() if line.startswith("wrote ")]
    assert wrote.count(f"wrote {(tmp_path / 'quiz' / 'manifest.json').as_posix()}") == 1
    assert len(wrote) == len(set(wrote))


def test_build_goes_on_past_a_broken_exam(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bank = tmp_path / "bank"
    bank.mkdir()
    (bank / "bank.yaml").write_text(
        "title: T\nexams:\n  big:\n    sections:\n      - tags: [none]\n        count: 3\n",
        encoding="utf-8",
    )
    (bank / "q.yaml").write_text(
        "id: q\ntype: true_false\nstem: s\nanswer: true\n", encoding="utf-8"
    )
    code, _, err = run(capsys, "build", "--bank", str(bank), "--out", str(tmp_path / "out"))
    assert code == 2
    assert "exam 'big'" in err
    assert (tmp_path / "out" / "json" / "bank.json").is_file()
