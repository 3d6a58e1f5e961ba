"""`qbank lint` and `qbank rule` from the command line: output formats and exit codes."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest

from qbank.cli import main

ROOT = Path(__file__).resolve().parent.parent
PROBLEMS = "tests/data/lint/problems"
SARIF_SCHEMA = Path(__file__).resolve().parent / "sarif-2.1.0.schema.json"


@pytest.fixture(autouse=True)
def _repo_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("FORCE_COLOR", raising=False)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_seed_bank_lints_clean(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "lint", "bank") == (0, "No problems found.\n", "")


def test_text_report(
    capsys: pytest.CaptureFixture[str], golden: Callable[[str, str], None]
) -> None:
    code, out, err = run(capsys, "lint", PROBLEMS)
    assert code == 1
    assert err == ""
    golden("lint/problems.txt", out)
    assert out.endswith("Found 11 errors and 10 warnings.\n")


def test_colour_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from qbank.cli import app

    monkeypatch.delenv("NO_COLOR")
    args = ["lint", PROBLEMS, "--select", "QB203"]
    plain = CliRunner().invoke(app, args)  # not a terminal: no colour
    assert plain.exit_code == 1 and "\x1b[" not in plain.output
    monkeypatch.setattr("qbank.cli._colour", lambda: True)  # as on a terminal
    coloured = CliRunner().invoke(app, args, color=True)
    assert coloured.exit_code == 1 and "\x1b[31m\x1b[1mQB203" in coloured.output
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured.output) == plain.output


def test_force_color_colours_a_pipe(monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from qbank.cli import app

    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("FORCE_COLOR", "1")
    result = CliRunner().invoke(app, ["lint", PROBLEMS, "--select", "QB203"])  # not a terminal
    assert result.exit_code == 1 and "\x1b[31m\x1b[1mQB203" in result.output


def test_json_report(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "lint", PROBLEMS, "--output-format", "json")
    assert code == 1
    items = json.loads(out)
    assert len(items) == 21
    first = items[0]
    assert first["code"] == "QB203" and first["severity"] == "error"
    assert first["location"] == {"path": f"{PROBLEMS}/01-choice.yaml", "line": 4, "col": 19}
    assert first["question_id"] == "dup-option"


def test_github_report(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "lint", PROBLEMS, "--output-format", "github", "--select", "QB2")
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == (
        f"::error file={PROBLEMS}/01-choice.yaml,line=4,col=19,title=QB203 duplicate-option"
        '::duplicate option "是"%0Ahelp: option C repeats option A; reword or remove one of them'
    )
    assert all(line.startswith(("::error ", "::warning ")) for line in lines)
    assert any(line.startswith("::warning ") and "QB207" in line for line in lines)


def test_github_report_is_empty_on_a_clean_bank(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "lint", "bank", "--output-format", "github") == (0, "", "")


def test_sarif_report_validates_against_the_schema(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "lint", PROBLEMS, "--output-format", "sarif")
    assert code == 1
    log = json.loads(out)
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)(schema)
    errors = sorted(validator.iter_errors(log), key=str)
    assert not errors, errors[0].message
    run_ = log["runs"][0]
    assert log["version"] == "2.1.0"
    assert len(run_["results"]) == 21
    rules = run_["tool"]["driver"]["rules"]
    for result in run_["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    near = next(r for r in run_["results"] if r["ruleId"] == "QB401")
    assert near["relatedLocations"][0]["physicalLocation"]["region"]["startLine"] == 1


def test_sarif_schema_rejects_a_broken_log(capsys: pytest.CaptureFixture[str]) -> None:
    # The validation above must be able to fail.
    _, out, _ = run(capsys, "lint", PROBLEMS, "--output-format", "sarif", "--select", "QB203")
    log = json.loads(out)
    log["runs"][0]["results"][0]["level"] = "fatal"
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(log, schema)


def test_sarif_on_a_clean_bank(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "lint", "bank", "--output-format", "sarif")
    assert code == 0
    assert json.loads(out)["runs"][0]["results"] == []


def test_warnings_as_errors(capsys: pytest.CaptureFixture[str]) -> None:
    showcase = "tests/data/showcase"  # warnings only
    code, out, _ = run(capsys, "lint", showcase)
    assert code == 0 and "QB207" in out and "Found 0 errors and 3 warnings." in out
    code, _, _ = run(capsys, "lint", showcase, "--warnings-as-errors")
    assert code == 1


def test_select_and_ignore_flags(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "lint", PROBLEMS, "--select", "QB203,QB205", "--output-format", "json")
    codes = {d["code"] for d in json.loads(out)}
    # errors that stop a question from loading are always reported, and bank.yaml's
    # extend-select adds QB213 to whatever is selected (as in ruff)
    assert codes == {"QB203", "QB205", "QB213", "QB102", "QB104", "QB107"}
    _, out, _ = run(capsys, "lint", PROBLEMS, "--ignore", "QB2", "--ignore", "QB3,QB110")
    assert "QB2" not in out.replace("QB2xx", "") and "QB3" not in out and "QB110" not in out
    assert "QB401" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--select", "QB999"], "unknown rule code 'QB999' in --select"),
        (["--ignore", "QB104"], "QB104 (unknown-field) cannot be ignored"),
        (["--target", "moodle-xml"], "unknown target 'moodle-xml'"),
        (["--output-format", "xml"], "unknown output format 'xml'"),
    ],
)
def test_usage_errors_exit_2(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, out, err = run(capsys, "lint", PROBLEMS, *args)
    assert code == 2
    assert out == ""
    assert message in err and "Traceback" not in err


def test_unknown_code_in_bank_yaml_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bank = tmp_path / "bank"
    bank.mkdir()
    (bank / "bank.yaml").write_text("title: T\nlint:\n  ignore: [QB203, QB299]\n", "utf-8")
    code, out, err = run(capsys, "lint", str(bank), "--isolated")
    assert code == 2 and out == ""
    assert f"{bank.as_posix()}/bank.yaml:3:19: unknown rule code 'QB299' in ignore" in err


def test_missing_bank_folder_is_an_io_failure(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "lint", str(tmp_path / "nope"))
    assert code == 3
    assert "QB108 bank folder not found" in out


def test_rule_prints_its_documentation(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "rule", "QB203")
    assert code == 0
    assert out.startswith("# QB203 duplicate-option\n")
    for heading in ("## What it does", "## Why is this bad?", "## Example", "## Use instead"):
        assert heading in out
    assert run(capsys, "rule", "duplicate-option")[1] == out
    assert run(capsys, "rule", "qb203")[1] == out


def test_rule_for_a_loader_code(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "rule", "QB104")
    assert code == 0 and out.startswith("# QB104 unknown-field\n")
    assert "reported by the loader" in out


def test_rule_list_and_unknown_rule(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "rule", "--list")
    assert code == 0
    assert "QB206  longest-option-is-key" in out and "(off by default)" in out
    assert len(out.splitlines()) >= 30
    code, out, err = run(capsys, "rule", "duplicate-options")
    assert code == 2 and "did you mean" in err and "duplicate-option" in err
    assert run(capsys, "rule")[0] == 2


def test_help_does_not_import_heavy_libraries() -> None:
    import subprocess
    import sys

    code = (
        "import sys\nfrom qbank.cli import main\n"
        "main(['lint', '--help']); main(['rule', '--help'])\n"
        "assert 'reportlab' not in sys.modules and 'docx' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)


def test_pre_commit_hook_runs_qbank_lint(capsys: pytest.CaptureFixture[str]) -> None:
    import shlex

    import yaml

    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    [hook] = [h for h in hooks if h["id"] == "qbank-lint"]
    assert hook["language"] == "python" and hook["pass_filenames"] is False
    argv = shlex.split(hook["entry"])
    assert argv[:2] == ["qbank", "lint"]
    assert re.search(hook["files"], "bank/deep-learning/01.yaml")
    assert run(capsys, *argv[1:], "bank")[0] == 0
    assert run(capsys, *argv[1:], PROBLEMS)[0] == 1


def test_configuration_examples_in_the_docs_are_valid(tmp_path: Path) -> None:
    from qbank.lint import lint_bank

    text = (ROOT / "docs" / "lint.md").read_text(encoding="utf-8")
    yaml_example = next(b for b in re.findall(r"```yaml\n(.*?)```", text, re.S) if "lint:" in b)
    toml_example = re.findall(r"```toml\n(.*?)```", text, re.S)[0]
    bank = tmp_path / "bank"
    bank.mkdir()
    (bank / "bank.yaml").write_text(yaml_example, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(toml_example, encoding="utf-8")
    report = lint_bank(bank=bank)
    assert report.diagnostics == []
    assert report.settings.targets == {"gift", "pdf"}
    assert "QB213" in report.settings.enabled and "QB206" in report.settings.enabled
    assert "QB207" not in report.settings.enabled and "QB305" not in report.settings.enabled
