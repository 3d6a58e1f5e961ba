"""The `qbank` command: parse arguments, call `qbank.api`, print, exit with a documented code."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from enum import IntEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

if TYPE_CHECKING:
    from qbank.diagnostics import Diagnostic
    from qbank.load import LoadResult
    from qbank.paper import Paper


class Exit(IntEnum):
    """The exit codes every qbank command uses (documented in the README)."""

    OK = 0
    FINDINGS = 1
    USAGE = 2
    FAILURE = 3


app = typer.Typer(
    name="qbank",
    help="Author question banks as YAML in git; lint them; export GIFT, PDF, Word and JSON.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: importing rich's formatter costs 60 ms of start-up
    context_settings={"help_option_names": ["-h", "--help"]},
)

BankArg = Annotated[Path, typer.Option("--bank", "-b", help="The bank folder.")]
VariantsOpt = Annotated[
    int | None,
    typer.Option("--variants", min=1, max=26, help="Exam variants [default: the exam's]."),
]
SeedOpt = Annotated[int | None, typer.Option("--seed", min=0, help="Seed for exam shuffling.")]


def _version(value: bool) -> None:
    if value:
        from qbank import __version__

        typer.echo(f"qbank {__version__}")
        raise typer.Exit(Exit.OK)


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Author question banks as YAML in git; lint them; export GIFT, PDF, Word and JSON."""


# --------------------------------------------------------------------------- printing


def _colour() -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    return bool(os.environ.get("FORCE_COLOR")) or sys.stdout.isatty()


def fail(message: str, code: Exit) -> NoReturn:
    """Print `qbank: message` on stderr and exit with `code`."""
    typer.echo(f"qbank: {message}", err=True)
    raise typer.Exit(code)


def print_diagnostics(diagnostics: Sequence[Diagnostic], *, summary: bool = True) -> None:
    """Print diagnostics as `path:line:col: CODE message` with `help:` lines, then a summary."""
    from qbank.diagnostics import format_text
    from qbank.diagnostics import summary as summarise

    colour = _colour()
    for diag in diagnostics:
        text = format_text(diag)
        if colour:
            head, _, rest = text.partition("\n")
            where, _, msg = head.partition(": ")
            fg = typer.colors.RED if diag.severity == "error" else typer.colors.YELLOW
            code = typer.style(diag.code, fg=fg, bold=True)
            head = f"{typer.style(where, bold=True)}: {code}{msg[len(diag.code) :]}"
            text = head + ("\n" + rest if rest else "")
        typer.echo(text, color=colour)  # FORCE_COLOR keeps the colours in a pipe
    if summary:
        typer.echo(summarise(diagnostics))


def load(bank: Path) -> LoadResult:
    """Load a bank for a command.

    Run as `qbank`, what loading leaves alive is then frozen out of the garbage collector's
    sight (`qbank.collector.keep_survivors`, set by `entry`).
    """
    from qbank import api

    return api.validate(bank=bank)


def _options(pairs: Sequence[str]) -> dict[str, str]:
    options: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            fail(f"option '{pair}' must be written key=value", Exit.USAGE)
        options[key.strip().replace("-", "_")] = value
    return options


# --------------------------------------------------------------------------- commands


@app.command()
def validate(
    bank: Annotated[Path, typer.Argument(help="The bank folder.")] = Path("bank"),
) -> None:
    """Check every file of the bank against the schema; report every problem in one run."""
    loaded = load(bank)
    print_diagnostics(loaded.diagnostics)
    if not loaded.ok:
        raise typer.Exit(Exit.FINDINGS if bank.is_dir() else Exit.FAILURE)


@app.command()
def export(
    format: Annotated[
        str, typer.Option("--format", "-f", help="Writer name (see `qbank formats`).")
    ],
    bank: BankArg = Path("bank"),
    out: Annotated[
        Path | None, typer.Option("--out", help="Output folder [default: build/<format>/].")
    ] = None,
    option: Annotated[
        list[str] | None,
        typer.Option("--option", "-o", help="Writer option as key=value (repeatable)."),
    ] = None,
    exam: Annotated[str | None, typer.Option("--exam", help="Export this exam's papers.")] = None,
    strict: Annotated[
        bool,
        typer.Option("--strict", help="Fail (exit 1, write nothing) if the format loses anything."),
    ] = False,
    variants: VariantsOpt = None,
    seed: SeedOpt = None,
) -> None:
    """Export the bank with one writer into build/<format>/."""
    loaded = load(bank)
    raise typer.Exit(_export_one(loaded, format, out, option or [], exam, strict, variants, seed))


def _export_one(
    loaded: object,
    format: str,
    out: Path | None,
    option: Sequence[str],
    exam: str | None,
    strict: bool,
    variants: int | None = None,
    seed: int | None = None,
    papers: Sequence[Paper] | None = None,
) -> int:
    """Run one export and print its outcome; returns the exit code (never raises for it)."""
    from qbank import api, plugins
    from qbank.load import LoadResult
    from qbank.output import OutputError

    assert isinstance(loaded, LoadResult)
    options = _options(option)

    def failed(message: str, code: Exit) -> int:
        typer.echo(f"qbank: {message}", err=True)
        return code

    try:
        report = api.export(
            loaded=loaded,
            format=format,
            out_dir=api.default_out_dir(format, out),
            options=options,
            exam=exam,
            strict=strict,
            variants=variants,
            seed=seed,
            papers=papers,
        )
    except (plugins.UnknownFormatError, plugins.OptionsError) as exc:
        return failed(str(exc), Exit.USAGE)
    except ValueError as exc:
        return failed(str(exc), Exit.USAGE)
    except plugins.PluginError as exc:
        return failed(str(exc), Exit.FAILURE)
    except OutputError as exc:
        return failed(str(exc), Exit.FAILURE)
    if not loaded.ok:
        print_diagnostics(loaded.diagnostics)
        typer.echo(f"qbank: {format}: nothing written: fix the errors above first", err=True)
        return Exit.FINDINGS if loaded.root.is_dir() else Exit.FAILURE
    if report.diagnostics:
        print_diagnostics(report.diagnostics, summary=False)
    if report.blocked:
        typer.echo(
            f"qbank: {format}: nothing written: {len(report.diagnostics)} loss(es) under --strict",
            err=True,
        )
        return Exit.FINDINGS
    for path in report.written:
        typer.echo(f"wrote {path.as_posix()}", err=True)
    return Exit.OK


@app.command()
def build(
    bank: BankArg = Path("bank"),
    out: Annotated[
        Path, typer.Option("--out", help="Output root; each format gets a folder.")
    ] = Path("build"),
    strict: Annotated[
        bool, typer.Option("--strict", help="Treat any format loss as fatal.")
    ] = False,
    variants: VariantsOpt = None,
    seed: SeedOpt = None,
) -> None:
    """Validate the bank, then run every installed writer on the bank and on every exam."""
    from qbank import api

    loaded = load(bank)
    print_diagnostics(loaded.diagnostics)
    if not loaded.ok:
        raise typer.Exit(Exit.FINDINGS if bank.is_dir() else Exit.FAILURE)
    from qbank.output import OutputError

    names = list(api.exporters_for_build())
    worst = Exit.OK
    # The whole bank, then every exam: assembled once, printed by every writer, and its
    # manifest and keys written once under <out>/<exam>/.
    jobs: list[tuple[str, str | None, Sequence[Paper] | None]] = [(n, None, None) for n in names]
    for exam in loaded.bank.meta.exams:
        try:
            assembled = api.assemble(loaded, exam=exam, variants=variants, seed=seed)
            for path in api.write_exam_files(assembled, exam_dir=out / exam):
                typer.echo(f"wrote {path.as_posix()}", err=True)
        except ValueError as exc:
            typer.echo(f"qbank: {exc}", err=True)
            worst = max(worst, Exit.USAGE)
            continue
        except OutputError as exc:
            typer.echo(f"qbank: {exc}", err=True)
            worst = max(worst, Exit.FAILURE)
            continue
        jobs += [(name, exam, assembled) for name in names]

    def run(name: str, exam: str | None, papers: Sequence[Paper] | None) -> Exit:
        return Exit(_export_one(loaded, name, out / name, [], exam, strict, papers=papers))

    if sys.stderr.isatty() and len(jobs) > 1:
        from rich.progress import Progress

        with Progress(transient=True) as progress:
            task = progress.add_task("exporting", total=len(jobs))
            for job in jobs:
                progress.update(task, description=f"exporting {job[0]} {job[1] or ''}".rstrip())
                worst = max(worst, run(*job))
                progress.advance(task)
    else:
        for job in jobs:
            worst = max(worst, run(*job))
    raise typer.Exit(worst)


@app.command()
def schema(
    check: Annotated[
        bool, typer.Option("--check", help="Exit 1 if the committed schemas differ from the model.")
    ] = False,
    out: Annotated[Path, typer.Option("--out", help="Schema folder.")] = Path("schema"),
) -> None:
    """Write the JSON Schemas generated from the model (or check them for drift)."""
    from qbank import api
    from qbank.output import OutputError

    if check:
        stale = api.schema_drift(folder=out)
        for name in stale:
            typer.echo(f"{(out / name).as_posix()}: out of date; run `qbank schema`")
        raise typer.Exit(Exit.FINDINGS if stale else Exit.OK)
    try:
        for path in api.write_schema(folder=out):
            typer.echo(f"wrote {path.as_posix()}", err=True)
    except OutputError as exc:
        fail(str(exc), Exit.FAILURE)


@app.command()
def formats() -> None:
    """List the installed writers."""
    from qbank import plugins

    names = plugins.available()
    width = max((len(name) for name in names), default=0)
    broken = False
    for name in names:
        try:
            description = plugins.load(name).description
        except plugins.PluginError as exc:
            typer.echo(f"qbank: {exc}", err=True)
            broken = True
            continue
        typer.echo(f"{name.ljust(width)}  {description}")
    if broken:
        raise typer.Exit(Exit.FAILURE)


from qbank.cli_exam import app as _exam_app  # noqa: E402  (after fail/Exit, which it uses)

app.add_typer(_exam_app, name="exam")

from qbank.cli_import import import_quiz  # noqa: E402  (after fail/Exit, which it uses)

app.command("import")(import_quiz)

from qbank.cli_lint import lint as _lint  # noqa: E402
from qbank.cli_lint import rule as _rule  # noqa: E402

app.command("lint")(_lint)
app.command("rule")(_rule)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return the exit code (an unexpected failure is exit 3, not a traceback)."""
    try:
        result = app(args=list(argv) if argv is not None else None, standalone_mode=False)
    except typer.Exit as exc:
        return int(exc.exit_code)
    except SystemExit as exc:  # pragma: no cover - click may still raise it
        return int(exc.code or 0) if isinstance(exc.code, int | None) else Exit.FAILURE
    except KeyboardInterrupt:
        typer.echo("qbank: interrupted", err=True)
        return 130
    except typer.Abort:
        return 130
    except Exception as exc:
        show, code = getattr(exc, "show", None), getattr(exc, "exit_code", None)
        if callable(show) and isinstance(code, int):  # click's usage errors: exit 2
            show()
            return code
        if os.environ.get("QBANK_DEBUG"):
            raise
        typer.echo(f"qbank: internal error: {type(exc).__name__}: {exc}", err=True)
        typer.echo("qbank: set QBANK_DEBUG=1 to see the traceback, and please report it", err=True)
        return Exit.FAILURE
    return int(result) if isinstance(result, int) else Exit.OK


def entry() -> None:
    """Console-script entry point."""
    from qbank import collector

    collector.keep_survivors()  # this process ends after one command
    code = main()
    # The process ends here: spare the interpreter's final garbage-collector passes over what
    # is still alive (a loaded bank, the rich-text cache: ~1.5 s of a 10,000-question export).
    import gc

    gc.freeze()
    sys.exit(code)
