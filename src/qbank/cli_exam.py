"""`qbank exam ...`: list exams, show assembled papers, write keys, verify and rebuild manifests."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from qbank.load import LoadResult
    from qbank.paper import Paper

app = typer.Typer(
    name="exam",
    help="Exam papers: list and show them, write keys and a manifest, verify or rebuild a build.",
    no_args_is_help=True,
)

BankOpt = Annotated[Path, typer.Option("--bank", "-b", help="The bank folder.")]
VariantsOpt = Annotated[
    int | None,
    typer.Option("--variants", min=1, max=26, help="Number of variants [default: the exam's]."),
]
SeedOpt = Annotated[
    int | None, typer.Option("--seed", min=0, help="Seed for selection and shuffling.")
]


def _load(bank: Path) -> LoadResult:
    """Load the bank; on errors print them and exit 1 (3 when the folder is missing)."""
    from qbank.cli import Exit, load, print_diagnostics

    loaded = load(bank)
    if not loaded.ok:
        print_diagnostics(loaded.diagnostics)
        typer.echo("qbank: fix the bank errors above first", err=True)
        raise typer.Exit(Exit.FINDINGS if bank.is_dir() else Exit.FAILURE)
    return loaded


def _assemble(loaded: LoadResult, name: str, variants: int | None, seed: int | None) -> list[Paper]:
    """Assemble an exam; an unknown exam or unsatisfiable blueprint is a usage error (exit 2)."""
    from qbank import api
    from qbank.cli import Exit, fail, print_diagnostics
    from qbank.exam import ExamError

    try:
        return api.assemble(loaded, exam=name, variants=variants, seed=seed)
    except ExamError as exc:
        print_diagnostics(exc.diagnostics)
        raise typer.Exit(Exit.USAGE) from exc
    except ValueError as exc:
        fail(str(exc), Exit.USAGE)


@app.command("list")
def list_exams(bank: BankOpt = Path("bank")) -> None:
    """List the exams the bank defines."""
    from qbank.exam import resolve_seed

    exams = _load(bank).bank.meta.exams
    if not exams:
        typer.echo("no exams defined (add an `exams:` block to bank.yaml)")
        return
    for name, spec in exams.items():
        title = spec.title or ""
        typer.echo(
            f"{name}  {spec.variants} variant(s), {len(spec.sections)} section(s), "
            f"seed {resolve_seed(spec, name)}  {title}".rstrip()
        )


@app.command()
def show(
    name: Annotated[str, typer.Argument(help="Exam name (see `qbank exam list`).")],
    bank: BankOpt = Path("bank"),
    variants: VariantsOpt = None,
    seed: SeedOpt = None,
) -> None:
    """Print the assembled papers as tables: order, options, key and points."""
    from rich.console import Console
    from rich.table import Table

    from qbank.exam import answer_text
    from qbank.i18n import format_points
    from qbank.model import LETTERS

    papers = _assemble(_load(bank), name, variants, seed)
    console = Console(highlight=False, soft_wrap=False)
    for paper in papers:
        heading = f"{paper.stem} · {paper.title} · seed {paper.seed}"
        table = Table(title=heading, title_justify="left")
        table.add_column("#", justify="right")
        table.add_column("id", overflow="fold")
        table.add_column("type")
        table.add_column("options", no_wrap=True)
        table.add_column("key")
        table.add_column("points", justify="right")
        for index, section in enumerate(paper.sections):
            if index:
                table.add_section()
            if section.title:
                table.add_row("", f"[bold]{section.title}[/bold]", "", "", "", "")
            for pq in section.questions:
                order = pq.option_order or pq.match_order
                table.add_row(
                    str(pq.number) if pq.number is not None else "",
                    pq.question.id,
                    pq.question.type,
                    " ".join(LETTERS[i] for i in order),
                    answer_text(pq, paper.lang),
                    format_points(pq.points) if pq.number is not None else "",
                )
        table.add_section()
        table.add_row("", "total", "", "", "", format_points(paper.total_points))
        console.print(table)
    console.print(
        "options: the original letter of each printed option (or matching item), in printed order"
    )


@app.command()
def build(
    name: Annotated[str, typer.Argument(help="Exam name.")],
    bank: BankOpt = Path("bank"),
    out: Annotated[
        Path, typer.Option("--out", help="Output root; files go to <out>/<exam>/.")
    ] = Path("build"),
    variants: VariantsOpt = None,
    seed: SeedOpt = None,
) -> None:
    """Write <out>/<exam>/manifest.json and one key CSV per variant (no paper formats)."""
    from qbank import api
    from qbank.cli import Exit, fail
    from qbank.output import OutputError

    papers = _assemble(_load(bank), name, variants, seed)
    try:
        written = api.write_exam_files(papers, exam_dir=out / name)
    except OutputError as exc:
        fail(str(exc), Exit.FAILURE)
    for path in written:
        typer.echo(f"wrote {path.as_posix()}", err=True)


def _read_manifest(path: Path) -> object:
    from qbank.cli import Exit, fail
    from qbank.exam import ManifestError, loads_manifest

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
        fail(f"{path.as_posix()}: cannot read manifest: {reason}", Exit.FAILURE)
    try:
        return loads_manifest(text)
    except ManifestError as exc:
        fail(f"{path.as_posix()}: {exc}", Exit.USAGE)


@app.command()
def verify(
    manifest: Annotated[Path, typer.Argument(help="A manifest.json written by a build.")],
    bank: BankOpt = Path("bank"),
) -> None:
    """Check that every question of a past build is still in the bank, unchanged (exit 1 if not)."""
    from qbank.cli import Exit, print_diagnostics
    from qbank.diagnostics import has_errors
    from qbank.exam import Manifest, exam_locator, verify_manifest

    recorded = _read_manifest(manifest)
    assert isinstance(recorded, Manifest)
    loaded = _load(bank)
    diags = verify_manifest(
        loaded.bank,
        recorded,
        manifest_path=manifest.as_posix(),
        locate_question=lambda qid: loaded.locate(qid),
        locate_exam=exam_locator(loaded.meta_file, recorded.exam, loaded.root),
    )
    count = sum(len(s.questions) for v in recorded.variants for s in v.sections)
    typer.echo(
        f"{manifest.as_posix()}: exam '{recorded.exam}', seed {recorded.seed}, "
        f"{len(recorded.variants)} variant(s), {count} question(s) checked"
    )
    print_diagnostics(diags)
    raise typer.Exit(Exit.FINDINGS if has_errors(diags) else Exit.OK)


@app.command()
def rebuild(
    manifest: Annotated[Path, typer.Argument(help="A manifest.json written by a build.")],
    format: Annotated[
        str, typer.Option("--format", "-f", help="Writer name (see `qbank formats`).")
    ],
    bank: BankOpt = Path("bank"),
    out: Annotated[
        Path | None, typer.Option("--out", help="Output folder [default: build/<format>/].")
    ] = None,
) -> None:
    """Print the papers of a past build again, exactly as the manifest recorded them."""
    from qbank import api, plugins
    from qbank.cli import Exit, fail, print_diagnostics
    from qbank.exam import ExamError, Manifest, rebuild_papers
    from qbank.output import OutputError

    recorded = _read_manifest(manifest)
    assert isinstance(recorded, Manifest)
    loaded = _load(bank)
    try:
        papers = rebuild_papers(loaded.bank, recorded, manifest_path=manifest.as_posix())
    except ExamError as exc:
        print_diagnostics(exc.diagnostics)
        typer.echo("qbank: nothing written: the bank no longer holds these papers", err=True)
        raise typer.Exit(Exit.FINDINGS) from exc
    try:
        report = api.export(
            loaded=loaded,
            format=format,
            out_dir=api.default_out_dir(format, out),
            exam=recorded.exam,
            papers=papers,
        )
    except (plugins.UnknownFormatError, plugins.OptionsError, ValueError) as exc:
        fail(str(exc), Exit.USAGE)
    except (plugins.PluginError, OutputError) as exc:
        fail(str(exc), Exit.FAILURE)
    if report.diagnostics:
        print_diagnostics(report.diagnostics, summary=False)
    for path in report.written:
        typer.echo(f"wrote {path.as_posix()}", err=True)
