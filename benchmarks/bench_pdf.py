"""Benchmark of the PDF writer against a bare Platypus baseline, and peak memory at 10,000 questions.

Usage: python benchmarks/bench_pdf.py [N] [--big 10000] [--repeat 3]

The baseline lays out the same questions with nothing but Platypus: stem and options as
Paragraphs in one KeepTogether each (the paper), and the same with the explanations (the
solutions), in the bank's CJK font with CJK line breaking (what laying out the same Chinese
questions takes). The writer must not be slower: ratio = writer / baseline <= 1.0.

Both run in this one process, alternately, `--repeat` times; the best time of each counts
(other jobs on the machine only ever add time). The writer's time includes choosing fonts
and parsing each Markdown text once (the parse cache is emptied before every run); the
baseline prints the Markdown source as it is.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).resolve().parent))

from gen_bank import question
from qbank.model import Bank, BankMeta
from qbank.paper import whole_bank_paper
from qbank.plugins import ExportRequest
from qbank.richtext import parse


def make_bank(n: int) -> Bank:
    rng = random.Random(1)
    questions = [question(i, rng) for i in range(n)]
    return Bank.model_validate(
        {
            "meta": BankMeta(title="基准 benchmark", lang="zh-CN").model_dump(),
            "questions": questions,
        }
    )


def baseline(bank: Bank) -> float:
    """Bare Platypus: paper and solutions, one KeepTogether per question."""
    from reportlab import rl_config
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate

    from qbank_pdf.fonts import choose_fonts

    rl_config.invariant = 1
    fonts, _ = choose_fonts(None)
    style = ParagraphStyle("b", fontName=fonts.cjk, fontSize=10.5, leading=15.75, wordWrap="CJK")
    start = time.perf_counter()
    for solutions in (False, True):
        story = []
        for i, q in enumerate(bank.questions, start=1):
            parts = [Paragraph(f"{i}. {escape(q.stem)}", style)]
            for k, option in enumerate(getattr(q, "options", [])):
                parts.append(Paragraph(f"{'ABCDE'[k]}. {escape(option.text)}", style))
            if solutions:
                for section in q.explanation:
                    if section.title:
                        parts.append(Paragraph(f"<b>{escape(section.title)}</b>", style))
                    parts.append(Paragraph(escape(section.body), style))
            story.append(KeepTogether(parts))
        SimpleDocTemplate(io.BytesIO(), pagesize=A4).build(story)
    return time.perf_counter() - start


def writer(bank: Bank, *, with_key: bool = False) -> tuple[float, int]:
    """The PDF writer: paper and solutions (and the key when asked); returns seconds and pages."""
    from qbank_pdf import render
    from qbank_pdf.fonts import choose_fonts
    from qbank_pdf.options import PDFOptions
    from qbank_pdf.rich import Styles

    paper = whole_bank_paper(bank)
    request = ExportRequest(bank=bank, papers=[paper], options=PDFOptions())
    start = time.perf_counter()
    fonts, _ = choose_fonts(None)
    job = render.Job(request, PDFOptions(), fonts, Styles.make(fonts.latin, 10.5), (595.27, 841.89))
    pages = 0
    kinds = ("paper", "solutions", "key") if with_key else ("paper", "solutions")
    for kind in kinds:
        pdf = render._document(job, paper, kind)
        pages += pdf.count(b"/Type /Page\n")
    return time.perf_counter() - start, pages


def big(n: int) -> None:
    """Child process: the whole export of n questions; prints seconds and peak RSS."""
    bank = make_bank(n)
    seconds, pages = writer(bank, with_key=True)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {"n": n, "seconds": round(seconds, 1), "pages": pages, "peak_rss_mb": round(rss)}
        )
    )


def _runs(times: list[float]) -> str:
    return ", ".join(f"{t:.2f}" for t in times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("n", nargs="?", type=int, default=1000)
    parser.add_argument("--big", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", type=int, default=0)
    args = parser.parse_args()
    if args.child:
        big(args.child)
        return
    bank = make_bank(args.n)
    writer(make_bank(20))  # warm up: font registration, imports
    bases: list[float] = []
    ours: list[float] = []
    pages = 0
    for _ in range(max(1, args.repeat)):
        bases.append(baseline(bank))
        parse.cache_clear()
        seconds, pages = writer(bank)
        ours.append(seconds)
    base, best = min(bases), min(ours)
    print(f"{args.n} questions, paper + solutions ({pages} pages), best of {len(ours)}")
    print(f"  bare Platypus baseline: {base:6.2f} s   (runs: {_runs(bases)})")
    print(f"  qbank PDF writer:       {best:6.2f} s   (runs: {_runs(ours)})")
    print(f"  ratio {best / base:.2f} (target <= 1.0)")
    if args.big:
        out = subprocess.run(
            [sys.executable, __file__, "--child", str(args.big)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        print(f"  {args.big} questions, paper + key + solutions: {out.strip()}")


if __name__ == "__main__":
    main()
