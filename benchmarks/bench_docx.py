"""Time the Word writer (paper + solutions) on synthetic banks and check that growth is linear.

Usage: python benchmarks/bench_docx.py [--sizes 1000,10000] [--repeat 2]

Targets (issue 7): 1,000 questions <= 2 s, 10,000 <= 30 s, 1k -> 10k growth linear.
"""

from __future__ import annotations

import argparse
import gc
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from gen_bank import generate
from qbank import api
from qbank.load import load_bank
from qbank.plugins import ExportRequest, load, parse_options

TARGETS = {1000: 2.0, 10000: 30.0}


def time_docx(bank: Path, repeat: int) -> tuple[float, float, int]:
    loaded = load_bank(bank)
    assert loaded.ok, loaded.diagnostics[:3]
    gc.freeze()  # as the qbank command does after loading (qbank.cli.load)
    exporter = load("docx")
    request = ExportRequest(
        bank=loaded.bank,
        papers=api.assemble(loaded),
        options=parse_options(exporter, {"editions": "paper,solutions"}),
        bank_dir=loaded.root,
        source_of={qid: o.path for qid, o in loaded.origins.items()},
    )
    best = float("inf")
    cpu = float("inf")
    size = 0
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = exporter.export(request)
        best = min(best, time.perf_counter() - start)
        cpu = min(cpu, time.process_time() - start_cpu)
        size = sum(len(o.content) for o in result.outputs)
    return best, cpu, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    results: dict[int, float] = {}
    print(f"{'questions':>10} {'seconds':>9} {'cpu s':>7} {'ms/question':>12} {'MB':>6} target")
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            seconds, cpu, size = time_docx(generate(n, Path(tmp) / f"bank{n}"), args.repeat)
            results[n] = seconds
            target = TARGETS.get(n)
            verdict = (
                ""
                if target is None
                else f"<= {target:g} s {'ok' if seconds <= target else 'MISSED'}"
            )
            print(
                f"{n:>10} {seconds:>9.2f} {cpu:>7.2f} {1000 * seconds / n:>12.3f}"
                f" {size / 1e6:>6.1f} {verdict}"
            )
    if len(sizes) >= 2:
        small, large = min(sizes), max(sizes)
        ratio = (results[large] / large) / (results[small] / small)
        print(f"per-question time {large} vs {small}: x{ratio:.2f} (1.0 = perfectly linear)")


if __name__ == "__main__":
    main()
