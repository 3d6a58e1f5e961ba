"""`qbank import`: read an existing quiz (text, Word, Aiken, GIFT) into canonical YAML files."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from qbank.cli import Exit, fail, print_diagnostics

if TYPE_CHECKING:
    from qbank.model import AnyQuestion


def import_quiz(
    file: Annotated[Path, typer.Argument(help="The quiz to import.", show_default=False)],
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Bank folder to write the questions into.")
    ],
    from_: Annotated[
        str | None,
        typer.Option(
            "--from",
            help="Source format: text, docx, aiken or gift [default: guessed from the file].",
            show_default=False,
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace files of an earlier import of the same ids.")
    ] = False,
    strict: Annotated[
        bool,
        typer.Option("--strict", help="Write nothing (exit 1) if any line is not placed."),
    ] = False,
) -> None:
    """Import a quiz: one YAML file per question, and a report of every line not placed."""
    from qbank import importers
    from qbank.diagnostics import Location, error
    from qbank.importers import yamlout
    from qbank.output import OutputError, write_outputs
    from qbank.plugins import Output

    if not file.exists():
        fail(f"{file.as_posix()}: no such file", Exit.USAGE)
    if file.is_dir():
        fail(f"{file.as_posix()}: is a folder; give the quiz file", Exit.USAGE)
    if out.exists() and not out.is_dir():
        fail(f"--out {out.as_posix()}: is a file, not a folder", Exit.USAGE)
    if from_ is not None and from_ not in importers.READERS:
        fail(f"unknown format '{from_}'; known: {', '.join(importers.READERS)}", Exit.USAGE)
    try:
        with file.open("rb") as fh:
            head = fh.read(8192)
    except OSError as exc:
        fail(f"{file.as_posix()}: cannot read: {exc.strerror or exc}", Exit.FAILURE)
    fmt = from_ or importers.guess(file, head)
    if fmt is None:
        print_diagnostics(
            [
                error(
                    importers.UNREADABLE_SOURCE,
                    "cannot tell the format: not a text, Word, Aiken or GIFT file",
                    Location(file.as_posix()),
                    help="give --from text|docx|aiken|gift if the file is one of them",
                )
            ]
        )
        raise typer.Exit(Exit.FINDINGS)
    try:
        result = importers.reader(fmt).read(file)
    except importers.ReaderUnavailableError as exc:
        fail(f"{exc}; available: {', '.join(importers.available())}", Exit.USAGE)

    display = file.as_posix()
    if result.encoding and result.encoding not in ("utf-8", "utf-8-sig"):
        typer.echo(f"{display}: read as {result.encoding.upper()} text", err=True)
    print_diagnostics(result.diagnostics, summary=False)
    unplaced = sum(1 for d in result.diagnostics if d.code == importers.UNPLACED_LINE)
    errors = sum(1 for d in result.diagnostics if d.severity == "error")
    _summary(display, fmt, result.questions, unplaced, len(result.diagnostics))

    if strict and result.diagnostics:
        typer.echo(
            f"qbank: import: nothing written: {len(result.diagnostics)} finding(s) under --strict",
            err=True,
        )
        raise typer.Exit(Exit.FINDINGS)
    if not result.questions:
        typer.echo("qbank: import: no questions found; nothing written", err=True)
        raise typer.Exit(Exit.FINDINGS)
    try:
        planned = yamlout.plan(result.questions, out, force=force, folders=result.folders)
    except yamlout.WriteConflictError as exc:
        fail(str(exc), Exit.FINDINGS)
    try:
        outputs = [Output(p.path.relative_to(out).as_posix(), p.text) for p in planned]
        written = write_outputs(out, outputs)
    except OutputError as exc:
        fail(str(exc), Exit.FAILURE)
    for path in written:
        typer.echo(f"wrote {path.as_posix()}", err=True)
    raise typer.Exit(Exit.FINDINGS if errors else Exit.OK)


def _summary(
    display: str, fmt: str, questions: Sequence[AnyQuestion], unplaced: int, findings: int
) -> None:
    """Print `Imported N questions from FILE (fmt): 2 single_choice, ...; 1 line not placed.`."""
    counts = Counter(q.type for q in questions)
    kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items()))
    noun = "question" if len(questions) == 1 else "questions"
    line = f"Imported {len(questions)} {noun} from {display} ({fmt})"
    line += f": {kinds}" if kinds else ""
    line += f"; {unplaced} line{'' if unplaced == 1 else 's'} not placed"
    other = findings - unplaced
    if other:
        line += f"; {other} other finding{'' if other == 1 else 's'}"
    typer.echo(line + ".")
