"""The README's examples run: the question of every type loads, the example writer works."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from qbank import plugins
from qbank.cli import main
from qbank.load import load_bank
from qbank.model import QUESTION_TYPES

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", README, flags=re.S)


def test_every_question_type_example_loads(tmp_path: Path) -> None:
    (example,) = [b for b in blocks("yaml") if "# single_choice" in b]
    (tmp_path / "examples.yaml").write_text(example, encoding="utf-8")
    loaded = load_bank(tmp_path)
    assert loaded.diagnostics == []
    assert {q.type for q in loaded.bank.questions} == set(QUESTION_TYPES)


def test_bank_yaml_example_loads(tmp_path: Path) -> None:
    (example,) = [
        b
        for b in blocks("yaml")
        if b.lstrip().startswith("# yaml-language-server: $schema=../schema/bank")
    ]
    (tmp_path / "bank.yaml").write_text(example, encoding="utf-8")
    loaded = load_bank(tmp_path)
    assert loaded.diagnostics == []
    assert loaded.bank.meta.fonts.word_east_asia == "SimSun"


def test_the_example_writer_runs(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    sample_bank: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    (code,) = [b for b in blocks("python") if b.startswith("# my_writer.py")]
    (toml,) = [b for b in blocks("toml") if "qbank.exporters" in b]
    entry = re.search(r'^(\w+) = "([\w.:]+)"', toml, flags=re.M)
    assert entry is not None
    site = tmp_path / "site"
    info = site / "my_writer-1.0.dist-info"
    info.mkdir(parents=True)
    (site / "my_writer.py").write_text(code, encoding="utf-8")
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: my-writer\nVersion: 1.0\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(
        f"[qbank.exporters]\n{entry[1]} = {entry[2]}\n", encoding="utf-8"
    )
    monkeypatch.syspath_prepend(str(site))
    assert "plain" in plugins.available()
    out = tmp_path / "out"
    assert (
        main(
            [
                "export",
                "-f",
                "plain",
                "--bank",
                str(sample_bank),
                "--out",
                str(out),
                "-o",
                "heading=Quiz",
            ]
        )
        == 0
    )
    lines = (out / "questions.txt").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "Quiz"
    assert lines[1].startswith("1. 当在卷积神经网络中加入池化层")
    assert len(lines) == 4


def test_exam_example_assembles_on_the_sample_bank(tmp_path: Path, sample_bank: Path) -> None:
    import shutil

    from qbank import api

    (example,) = [b for b in blocks("yaml") if b.startswith("exams:")]
    bank = tmp_path / "bank"
    shutil.copytree(sample_bank, bank)
    (bank / "bank.yaml").write_text("title: T\nlang: zh-CN\n" + example, encoding="utf-8")
    loaded = api.validate(bank=bank)
    assert loaded.diagnostics == []
    papers = api.assemble(loaded, exam="quiz")
    assert [p.variant for p in papers] == ["A", "B"]
    assert [len(s.questions) for s in papers[0].sections] == [2, 1]
    assert papers[0].total_points == 2 * 1 + 4  # default points 1, the section gives 4
