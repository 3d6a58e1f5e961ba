"""Writer plugins: discovery through entry points, a third-party writer, options, atomic output."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from qbank import api, plugins
from qbank.cli import main
from qbank.output import OutputError, write_outputs
from qbank.plugins import Output

PLUGIN = '''
"""A third-party qbank writer: every stem in upper case."""

from pydantic import BaseModel, ConfigDict

from qbank.plugins import ExportRequest, ExportResult, Output


class Options(BaseModel):
    model_config = ConfigDict(extra="forbid")
    prefix: str = "-"
    fail: bool = False


class Upper:
    name = "upper"
    description = "Stems in upper case"
    suffix = ".txt"
    binary = False
    options_model = Options

    def export(self, request: ExportRequest) -> ExportResult:
        if request.options.fail:
            raise RuntimeError("boom")
        lines = [f"{request.options.prefix} {q.stem.upper()}" for q in request.bank.questions]
        return ExportResult([Output("upper.txt", "\\n".join(lines) + "\\n")])


exporter = Upper()
'''


@pytest.fixture
def third_party(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Install a writer the way a separate distribution would: module + dist-info on sys.path."""
    site = tmp_path / "site"
    (site / "qbank_upper-0.1.dist-info").mkdir(parents=True)
    (site / "qbank_upper.py").write_text(PLUGIN, encoding="utf-8")
    (site / "qbank_upper-0.1.dist-info" / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: qbank-upper\nVersion: 0.1\n", encoding="utf-8"
    )
    (site / "qbank_upper-0.1.dist-info" / "entry_points.txt").write_text(
        textwrap.dedent(
            """
            [qbank.exporters]
            upper = qbank_upper:exporter
            broken = qbank_missing_module:exporter
            """
        ),
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(site))
    return site


def english_bank(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "q.yaml").write_text(
        "id: q\ntype: true_false\nstem: the sky is blue\nanswer: true\n", encoding="utf-8"
    )
    return root


def test_builtin_writers_are_registered() -> None:
    assert "json" in plugins.available()
    exporter = plugins.load("json")
    assert isinstance(exporter, plugins.Exporter)
    assert exporter.binary is False


def test_third_party_writer_runs_through_the_cli(
    third_party: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert "upper" in plugins.available()
    bank = english_bank(tmp_path / "bank")
    out = tmp_path / "out"
    code = main(
        ["export", "--format", "upper", "--bank", str(bank), "--out", str(out), "-o", "prefix=>>"]
    )
    assert code == 0, capsys.readouterr()
    assert (out / "upper.txt").read_text(encoding="utf-8") == ">> THE SKY IS BLUE\n"
    capsys.readouterr()
    assert main(["formats"]) == 3  # the broken plugin is reported, not a traceback
    listing = capsys.readouterr()
    assert "writer 'broken' (qbank_missing_module:exporter) failed to load" in listing.err
    assert re.search(r"^upper +Stems in upper case$", listing.out, re.M)
    assert "json" in listing.out


def test_unknown_option_lists_the_valid_ones(
    third_party: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bank = english_bank(tmp_path / "bank")
    code = main(
        [
            "export",
            "-f",
            "upper",
            "--bank",
            str(bank),
            "--out",
            str(tmp_path / "o"),
            "-o",
            "colour=red",
        ]
    )
    assert code == 2
    err = capsys.readouterr().err
    assert "unknown option 'colour' for format 'upper' (valid options: fail, prefix)" in err
    assert not (tmp_path / "o").exists()


def test_unknown_format_lists_installed(
    capsys: pytest.CaptureFixture[str], sample_bank: Path
) -> None:
    assert main(["export", "-f", "nope", "--bank", str(sample_bank)]) == 2
    err = capsys.readouterr().err
    assert "unknown format 'nope'; installed formats:" in err
    assert "json" in err


def test_a_failing_writer_leaves_the_last_good_file(third_party: Path, tmp_path: Path) -> None:
    bank = english_bank(tmp_path / "bank")
    out = tmp_path / "out"
    loaded = api.validate(bank=bank)
    api.export(loaded=loaded, format="upper", out_dir=out)
    before = (out / "upper.txt").read_text(encoding="utf-8")
    with pytest.raises(RuntimeError, match="boom"):
        api.export(loaded=loaded, format="upper", out_dir=out, options={"fail": True})
    assert (out / "upper.txt").read_text(encoding="utf-8") == before
    assert sorted(p.name for p in out.iterdir()) == ["upper.txt"]


def test_write_outputs_is_all_or_nothing(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("old", encoding="utf-8")
    (tmp_path / "blocker").write_text("a file where a folder should be", encoding="utf-8")
    with pytest.raises(OutputError):
        write_outputs(tmp_path, [Output("a.txt", "new"), Output("blocker/b.txt", "x")])
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "blocker"]


@pytest.mark.parametrize(
    "name", ["../evil.txt", "sub/../../evil.txt", "..", "sub/..", "link/evil.txt"]
)
def test_write_outputs_refuses_to_escape(tmp_path: Path, name: str) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "link").symlink_to(tmp_path)  # a folder inside that leads outside
    with pytest.raises(OutputError, match="outside"):
        write_outputs(out, [Output("fine.txt", "x"), Output(name, "x")])
    assert not (tmp_path / "evil.txt").exists()
    assert not (out / "fine.txt").exists()  # all or nothing


def test_write_outputs_refuses_absolute_paths(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="outside"):
        write_outputs(tmp_path / "out", [Output(str(tmp_path / "evil.txt"), "x")])
    assert not (tmp_path / "evil.txt").exists()


def test_write_outputs_makes_subfolders(tmp_path: Path) -> None:
    names = ["a.txt", "sub/b.txt", "sub/c.txt", "sub/deeper/d.txt"]
    written = write_outputs(tmp_path / "out", [Output(n, n) for n in names])
    assert [p.relative_to(tmp_path / "out").as_posix() for p in written] == names
    assert all(p.read_text(encoding="utf-8") == n for p, n in zip(written, names, strict=True))


def test_outputs_get_the_usual_file_mode(tmp_path: Path) -> None:
    import os

    mask = os.umask(0o022)
    os.umask(mask)
    (path,) = write_outputs(tmp_path, [Output("a.txt", "x")])
    assert path.stat().st_mode & 0o777 == 0o666 & ~mask


def test_options_as_gives_the_writers_own_model() -> None:
    from pydantic import BaseModel

    from qbank.model import Bank, BankMeta
    from qbank.plugins import ExportRequest, options_as

    class Mine(BaseModel):
        size: int = 1

    class Other(BaseModel):
        size: int = 3

    bank = Bank(meta=BankMeta(title="t"))
    own = Mine(size=2)
    assert options_as(ExportRequest(bank=bank, papers=[], options=own), Mine) is own
    converted = options_as(ExportRequest(bank=bank, papers=[], options=Other()), Mine)
    assert isinstance(converted, Mine) and converted.size == 3
