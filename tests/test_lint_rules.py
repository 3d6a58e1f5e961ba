"""Every rule's docs are tests: its Example raises exactly its code, its Use instead nothing."""

from __future__ import annotations

import re
import types
from pathlib import Path

import pytest

from qbank import api
from qbank.diagnostics import Diagnostic
from qbank.lint import REGISTRY, lint_bank
from qbank.lint.base import LoaderRule, QuestionRule, ReportedRule, WriterRule, doc_sections
from qbank.lint.docs import main as docs_main
from qbank.lint.docs import render
from qbank.lint.registry import RegistryError, build_registry
from qbank.load import load_bank

ROOT = Path(__file__).resolve().parent.parent
FENCE = re.compile(r"^```(\S*)(.*?)\n(.*?)^```", re.S | re.M)
LOADER_CODES = [code for code, rule in REGISTRY.items() if issubclass(rule, LoaderRule)]


def blocks(section: str) -> list[tuple[str, dict[str, str], str]]:
    """(language, attributes, body) of each fenced block in a doc section."""
    out = []
    for match in FENCE.finditer(section):
        attrs = dict(re.findall(r'(\w+)="([^"]*)"', match.group(2)))
        out.append((match.group(1), attrs, match.group(3)))
    return out


def write_bank(folder: Path, section: str) -> Path:
    """A bank folder from a doc section: yaml blocks are question files (or bank.yaml).

    A `text` block with a title is any other file (a damaged image); every example bank also
    holds a real image, `grid.png`, which the docs of image rules refer to.
    """
    from PIL import Image

    folder.mkdir()
    (folder / "bank.yaml").write_text("title: Example\n", encoding="utf-8")
    Image.new("RGB", (8, 8), "white").save(folder / "grid.png")
    for n, (lang, attrs, body) in enumerate(blocks(section)):
        assert lang == "yaml" or (lang == "text" and "title" in attrs), (
            f"unexpected block language {lang!r}"
        )
        name = attrs.get("title", f"q{n}.yaml")
        encoding = attrs.get("encoding", "utf-8")
        (folder / name).write_bytes(body.encode(encoding))
    return folder


def codes_raised(folder: Path, code: str) -> list[str]:
    rule = REGISTRY[code]
    report = lint_bank(
        bank=folder,
        select=[code, *LOADER_CODES],
        targets=list(rule.targets) if rule.targets else None,
        use_pyproject=False,
    )
    return [d.code for d in report.diagnostics]


def writer_diagnostics(folder: Path, code: str) -> list[Diagnostic]:
    """What the rule's writer reports when it exports the bank (suppressions applied)."""
    rule = REGISTRY[code]
    loaded = load_bank(folder)
    assert loaded.ok, loaded.diagnostics
    report = api.export(loaded=loaded, format=rule.targets[0], out_dir=folder.parent / "out")
    assert not report.blocked
    return report.diagnostics


DOC_TESTED = [
    code for code, rule in REGISTRY.items() if blocks(doc_sections(rule)["Example"])[0][0] == "yaml"
]
LINT_TESTED = [code for code in DOC_TESTED if not issubclass(REGISTRY[code], ReportedRule)]
WRITER_TESTED = [code for code in DOC_TESTED if issubclass(REGISTRY[code], WriterRule)]


@pytest.mark.parametrize("code", LINT_TESTED)
def test_example_raises_exactly_its_code(code: str, tmp_path: Path) -> None:
    bank = write_bank(tmp_path / "bank", doc_sections(REGISTRY[code])["Example"])
    raised = codes_raised(bank, code)
    assert raised, f"{code}: the Example raises nothing"
    assert set(raised) == {code}, f"{code}: the Example raises {raised}"


@pytest.mark.parametrize("code", LINT_TESTED)
def test_use_instead_raises_nothing(code: str, tmp_path: Path) -> None:
    bank = write_bank(tmp_path / "bank", doc_sections(REGISTRY[code])["Use instead"])
    assert codes_raised(bank, code) == []


@pytest.mark.parametrize("code", WRITER_TESTED)
def test_writer_example_reports_exactly_its_code(code: str, tmp_path: Path) -> None:
    # A writer rule's docs run through its writer: the Example is exported and must be
    # reported with exactly that code and severity, on the question when there is one.
    bank = write_bank(tmp_path / "bank", doc_sections(REGISTRY[code])["Example"])
    found = writer_diagnostics(bank, code)
    assert found, f"{code}: the {REGISTRY[code].targets[0]} writer reports nothing"
    assert {(d.code, d.severity) for d in found} == {(code, REGISTRY[code].severity)}, found
    loaded = load_bank(bank)
    if loaded.bank.questions and code not in ("QB325", "QB326"):  # font problems: no question
        assert {d.question_id for d in found} <= {q.id for q in loaded.bank.questions}
        assert None not in {d.question_id for d in found}


@pytest.mark.parametrize("code", WRITER_TESTED)
def test_writer_use_instead_reports_nothing(code: str, tmp_path: Path) -> None:
    bank = write_bank(tmp_path / "bank", doc_sections(REGISTRY[code])["Use instead"])
    assert writer_diagnostics(bank, code) == []
    assert codes_raised(bank, "QB214") == []  # any suppression it shows names a known code


def test_console_examples() -> None:
    # These Examples cannot be a bank's files (an unreadable file, a manifest that no longer
    # matches, which fonts are installed); each is tested where it is reported:
    # QB108 below, QB153-QB155 in test_exam_cli.py, QB326 in test_pdf.py.
    assert set(REGISTRY) - set(DOC_TESTED) == {"QB108", "QB153", "QB154", "QB155", "QB326"}
    assert set(DOC_TESTED) == set(LINT_TESTED) | set(WRITER_TESTED)


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bank = tmp_path / "bank"
    bank.mkdir()
    (bank / "a.yaml").write_text("id: a\ntype: true_false\nstem: S\nanswer: true\n", "utf-8")
    (bank / "b.yaml").write_text("id: b\ntype: true_false\nstem: S\nanswer: true\n", "utf-8")
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == "a.yaml":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    report = lint_bank(bank=bank, select=LOADER_CODES, use_pyproject=False)
    assert [(d.code, Path(d.path).name) for d in report.diagnostics] == [("QB108", "a.yaml")]
    assert "Permission denied" in report.diagnostics[0].message
    assert [q.id for q in report.loaded.bank.questions] == ["b"]


def test_loader_codes_match_the_loader() -> None:
    from qbank import load

    constants = {
        value
        for name, value in vars(load).items()
        if name.isupper() and isinstance(value, str) and re.fullmatch(r"QB1\d\d", value)
    }
    assert constants == set(LOADER_CODES)


def test_every_code_is_grouped_and_documented() -> None:
    for code, rule in REGISTRY.items():
        assert rule.code == code
        sections = doc_sections(rule)
        assert sections["What it does"] and sections["Why is this bad?"]
        if issubclass(rule, QuestionRule):
            assert code[:3] in ("QB2", "QB3")
        if code.startswith("QB3"):
            assert rule.targets


def _module(name: str, **attrs: object) -> types.ModuleType:
    module = types.ModuleType(name)
    for key, value in attrs.items():
        setattr(module, key, value)
    return module


def test_registry_rejects_a_duplicate_code() -> None:
    first = _module("a", RULE=REGISTRY["QB203"])

    class Copy(REGISTRY["QB203"]):  # type: ignore[misc,valid-type]
        __doc__ = REGISTRY["QB203"].__doc__
        name = "another-name"

    second = _module("b", RULE=Copy)
    with pytest.raises(RegistryError, match="duplicate rule code QB203"):
        build_registry([first, second])


@pytest.mark.parametrize("code", ["QB2031", "QB903", "qb203", "XB203", "QB20"])
def test_registry_rejects_a_malformed_code(code: str) -> None:
    class Bad(REGISTRY["QB203"]):  # type: ignore[misc,valid-type]
        pass

    Bad.code = code
    with pytest.raises(RegistryError, match="malformed rule code"):
        build_registry([_module("bad", RULE=Bad)])


def test_registry_rejects_a_bad_name_and_missing_sections() -> None:
    class BadName(REGISTRY["QB203"]):  # type: ignore[misc,valid-type]
        name = "no_duplicate_options"

    with pytest.raises(RegistryError, match="kebab-case"):
        build_registry([_module("bad", RULE=BadName)])

    class NoDocs(REGISTRY["QB203"]):  # type: ignore[misc,valid-type]
        """Only a summary."""

    with pytest.raises(RegistryError, match="Use instead"):
        build_registry([_module("bad", RULE=NoDocs)])
    with pytest.raises(RegistryError, match="must define RULE"):
        build_registry([_module("empty")])


def test_rules_md_is_up_to_date() -> None:
    path = ROOT / "docs" / "rules.md"
    assert path.read_text(encoding="utf-8") == render(), (
        "docs/rules.md is out of date; run `python -m qbank.lint.docs`"
    )


def test_docs_check_mode(tmp_path: Path) -> None:
    out = tmp_path / "rules.md"
    assert docs_main(["--check", "--out", str(out)]) == 1
    assert docs_main(["--out", str(out)]) == 0
    assert docs_main(["--check", "--out", str(out)]) == 0
    assert "## QB203 duplicate-option" in out.read_text(encoding="utf-8")


def test_registry_rejects_a_misplaced_kind() -> None:
    # QB1xx belongs to loader, exam and manifest rules; a writer rule names its one writer.
    class NotLoader(REGISTRY["QB203"]):  # type: ignore[misc,valid-type]
        __doc__ = REGISTRY["QB203"].__doc__
        code = "QB160"

    with pytest.raises(RegistryError, match="QB1xx codes belong to loader, exam and manifest"):
        build_registry([_module("bad", RULE=NotLoader)])

    class TwoWriters(REGISTRY["QB320"]):  # type: ignore[misc,valid-type]
        __doc__ = REGISTRY["QB320"].__doc__
        targets = ("pdf", "docx")

    with pytest.raises(RegistryError, match="names its one writer"):
        build_registry([_module("bad", RULE=TwoWriters)])

    class NoWriter(REGISTRY["QB320"]):  # type: ignore[misc,valid-type]
        __doc__ = REGISTRY["QB320"].__doc__
        targets = ()

    with pytest.raises(RegistryError, match="QB3xx rules, and only they, name their targets"):
        build_registry([_module("bad", RULE=NoWriter)])
