"""`qbank lint` and `qbank rule`: run the lint rules, print a report, explain a rule."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def _codes(values: list[str] | None) -> list[str]:
    """Codes from repeatable, comma-separated options (`--select QB2,QB301`)."""
    return [part.strip() for value in values or [] for part in value.split(",") if part.strip()]


def lint(
    bank: Annotated[Path, typer.Argument(help="The bank folder.")] = Path("bank"),
    output_format: Annotated[
        str,
        typer.Option(
            "--output-format", help="text, json, github (annotations) or sarif (SARIF 2.1.0)."
        ),
    ] = "text",
    select: Annotated[
        list[str] | None,
        typer.Option(help="Run only these rules (codes or prefixes, comma-separated)."),
    ] = None,
    extend_select: Annotated[
        list[str] | None,
        typer.Option("--extend-select", help="Also run these rules (e.g. ones off by default)."),
    ] = None,
    ignore: Annotated[
        list[str] | None, typer.Option(help="Do not run these rules (codes or prefixes).")
    ] = None,
    target: Annotated[
        list[str] | None,
        typer.Option(help="Check compatibility with these writers only [default: installed]."),
    ] = None,
    warnings_as_errors: Annotated[
        bool, typer.Option("--warnings-as-errors", help="Exit 1 on warnings too.")
    ] = False,
    no_config: Annotated[
        bool, typer.Option("--isolated", help="Ignore [tool.qbank.lint] in pyproject.toml.")
    ] = False,
) -> None:
    """Check the bank with every selected rule; exit 1 if any error (or warning) is found."""
    from qbank import __version__, api
    from qbank.cli import Exit, fail, print_diagnostics
    from qbank.lint import ConfigError
    from qbank.lint.report import FORMATS, format_github, format_json, format_sarif

    if output_format not in FORMATS:
        fail(f"unknown output format '{output_format}' (one of: {', '.join(FORMATS)})", Exit.USAGE)
    try:
        report = api.lint(
            bank=bank,
            select=_codes(select) if select is not None else None,
            extend_select=_codes(extend_select),
            ignore=_codes(ignore),
            targets=_codes(target) if target is not None else None,
            use_pyproject=not no_config,
        )
    except ConfigError as exc:
        fail(str(exc), Exit.USAGE)
    diagnostics = report.diagnostics
    if output_format == "text":
        print_diagnostics(diagnostics)
    elif output_format == "json":
        typer.echo(format_json(diagnostics))
    elif output_format == "github":
        if diagnostics:
            typer.echo(format_github(diagnostics))
    else:
        typer.echo(format_sarif(diagnostics, version=__version__))
    if not bank.is_dir():
        raise typer.Exit(Exit.FAILURE)
    failing = report.errors or (warnings_as_errors and diagnostics)
    raise typer.Exit(Exit.FINDINGS if failing else Exit.OK)


def rule(
    code: Annotated[
        str | None, typer.Argument(help="A rule code (QB203) or name (duplicate-option).")
    ] = None,
    list_all: Annotated[bool, typer.Option("--list", help="List every rule.")] = False,
) -> None:
    """Print a rule's documentation (or, with --list, every rule's code, name and status)."""
    from qbank.cli import Exit, fail
    from qbank.lint import REGISTRY, lookup
    from qbank.lint.docs import rule_markdown

    if list_all or code is None:
        if code is None and not list_all:
            fail("give a rule code (e.g. `qbank rule QB203`) or --list", Exit.USAGE)
        width = max(len(r.name) for r in REGISTRY.values())
        for found in REGISTRY.values():
            status = "" if found.default else "  (off by default)"
            typer.echo(f"{found.code}  {found.name.ljust(width)}  {found.severity}{status}")
        return
    chosen = lookup(code)
    if chosen is None:
        import difflib

        names = list(REGISTRY) + [r.name for r in REGISTRY.values()]
        close = difflib.get_close_matches(code, names, n=3, cutoff=0.5)
        hint = f"; did you mean {', '.join(close)}?" if close else "; see `qbank rule --list`"
        fail(f"unknown rule '{code}'{hint}", Exit.USAGE)
    typer.echo(rule_markdown(chosen, heading="#"))
