"""The public, keyword-only API under the CLI: validate, assemble papers, export, build, schema."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qbank import plugins
from qbank.diagnostics import Diagnostic
from qbank.load import LoadResult, load_bank
from qbank.output import write_outputs
from qbank.paper import Paper, whole_bank_paper

if TYPE_CHECKING:
    from qbank.lint import LintReport


def validate(*, bank: Path | str = "bank") -> LoadResult:
    """Load a bank folder and validate every question against the schema."""
    return load_bank(Path(bank))


def assemble(
    loaded: LoadResult,
    *,
    exam: str | None = None,
    variants: int | None = None,
    seed: int | None = None,
) -> list[Paper]:
    """The papers to print: the exam's variants, or with no exam the whole bank as one paper.

    Raises `qbank.exam.ExamError` (a `ValueError`) for an unknown exam, a bad variant count
    or a blueprint the bank cannot satisfy; its message names the file, line and section.
    """
    if exam is None:
        return [whole_bank_paper(loaded.bank)]
    from qbank import exam as exams

    return exams.assemble_named(
        loaded.bank,
        exam,
        seed=seed,
        variants=variants,
        meta_file=loaded.meta_file,
        bank_dir=loaded.root,
    )


@dataclass
class ExportReport:
    """What one export did: the files written and everything worth telling the user."""

    format: str
    out_dir: Path
    written: list[Path] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    blocked: bool = False
    """True when nothing was written (bank errors, or losses under `strict`)."""
    suppressed: list[Diagnostic] = field(default_factory=list)
    """Losses the bank's lint settings ignore (`lint.ignore` of the question, or config)."""


def export(
    *,
    loaded: LoadResult,
    format: str,
    out_dir: Path | str,
    options: Mapping[str, Any] | None = None,
    exam: str | None = None,
    strict: bool = False,
    variants: int | None = None,
    seed: int | None = None,
    exam_dir: Path | str | None = None,
    papers: Sequence[Paper] | None = None,
) -> ExportReport:
    """Run one writer over a loaded bank and write its files atomically into `out_dir`.

    Raises `plugins.UnknownFormatError`, `plugins.OptionsError`, `lint.ConfigError` (usage
    errors) and `output.OutputError` (I/O). Nothing is written when the bank has errors, or
    when the writer reports losses and `strict` is set. A loss whose code the bank's lint
    settings ignore (in the question's `lint.ignore`, or in the lint configuration's `ignore`)
    is moved to `suppressed`: it is not reported and does not block `strict`.

    With `exam`, the exam's variants are assembled (`variants`, `seed` override its own) and
    its manifest and key CSVs are written into `exam_dir` (default: `<out_dir>/../<exam>/`).
    `papers` (e.g. rebuilt from a manifest) are printed as given, with no manifest written.
    """
    exporter = plugins.load(format)
    parsed = plugins.parse_options(exporter, options or {})
    report = ExportReport(format=format, out_dir=Path(out_dir))
    if not loaded.ok:
        report.blocked = True
        return report
    from qbank.lint.suppress import Suppressions

    suppressions = Suppressions.of(loaded)  # a config mistake stops before the writer runs
    assembled = papers is None
    if papers is None:
        papers = assemble(loaded, exam=exam, variants=variants, seed=seed)
    request = plugins.ExportRequest(
        bank=loaded.bank,
        papers=papers,
        options=parsed,
        bank_dir=loaded.root,
        exam=exam,
        source_of={qid: origin.path for qid, origin in loaded.origins.items()},
    )
    result = exporter.export(request)
    report.diagnostics, report.suppressed = suppressions.split(
        sorted(result.diagnostics, key=Diagnostic.sort_key)
    )
    if strict and report.diagnostics:
        report.blocked = True
        return report
    for output in result.outputs:
        content = output.content
        if exporter.binary != isinstance(content, bytes):
            kind = "bytes" if exporter.binary else "str"
            raise plugins.PluginError(f"writer '{format}' must return {kind} for {output.path}")
    report.written = write_outputs(Path(out_dir), result.outputs)
    if exam is not None and assembled:
        report.written += write_exam_files(
            papers, exam_dir=exam_dir if exam_dir is not None else Path(out_dir).parent / exam
        )
    return report


def write_exam_files(papers: Sequence[Paper], *, exam_dir: Path | str) -> list[Path]:
    """Write an exam build's `manifest.json` and `<exam>-<variant>-key.csv` files atomically."""
    from qbank import exam as exams
    from qbank.plugins import Output

    outputs = [Output(name, text) for name, text in exams.exam_outputs(papers)]
    return write_outputs(Path(exam_dir), outputs)


def formats() -> list[tuple[str, str]]:
    """(name, description) of every installed writer."""
    return [(e.name, e.description) for e in plugins.load_all()]


def write_schema(*, folder: Path | str = "schema") -> list[Path]:
    """Regenerate the committed JSON Schemas from the model."""
    from qbank import schema
    from qbank.plugins import Output

    folder = Path(folder)
    outputs = [Output(name, schema.render(doc)) for name, doc in schema.documents().items()]
    return write_outputs(folder, outputs)


def schema_drift(*, folder: Path | str = "schema") -> list[str]:
    """Schema files that are missing or stale."""
    from qbank import schema

    return schema.drift(Path(folder))


def default_out_dir(format: str, out: Path | str | None) -> Path:
    """`build/<format>/` unless an output folder is given."""
    return Path(out) if out is not None else Path("build") / format


def exporters_for_build() -> Sequence[str]:
    """Writers `qbank build` runs: every installed one."""
    return plugins.available()


def lint(
    *,
    bank: Path | str = "bank",
    loaded: LoadResult | None = None,
    select: Sequence[str] | None = None,
    extend_select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    targets: Sequence[str] | None = None,
    use_pyproject: bool = True,
) -> LintReport:
    """Lint a bank with its configuration plus these overrides; raises `lint.ConfigError`."""
    from qbank.lint import lint_bank

    return lint_bank(
        bank=bank,
        loaded=loaded,
        select=select,
        extend_select=extend_select,
        ignore=ignore,
        targets=targets,
        use_pyproject=use_pyproject,
    )
