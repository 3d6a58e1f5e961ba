"""Time exam assembly, manifest writing and verification on a synthetic bank.

Usage: python benchmarks/bench_exam.py [N]   (default N=2000)
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from gen_bank import generate
from qbank import exam
from qbank.load import load_bank
from qbank.model import ExamSection, ExamSpec


def best_of(repeat: int, fn: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    with tempfile.TemporaryDirectory() as tmp:
        root = generate(n, Path(tmp) / "bank", per_file=50)
        bank = load_bank(root).bank
    blueprint = ExamSpec(
        variants=4,
        sections=[
            ExamSection(title="cnn", tags=["cnn"], count=20),
            ExamSection(
                title="easy optimisation", tags=["optimisation"], difficulty=["easy"], count=10
            ),
            ExamSection(title="essays", type=["essay"], count=5),
        ],
    )
    whole = ExamSpec(variants=4, sections=[ExamSection()])
    papers = exam.assemble_exam(bank, whole, name="all", seed=1)
    manifest = exam.build_manifest(papers)
    rows = [
        (
            "blueprint exam, 35 questions x 4 variants",
            lambda: exam.assemble_exam(bank, blueprint, name="b", seed=1),
        ),
        (
            f"whole bank shuffled, {len(bank.questions)} questions x 4 variants",
            lambda: exam.assemble_exam(bank, whole, name="all", seed=1),
        ),
        ("manifest + key CSVs of the whole-bank build", lambda: exam.exam_outputs(papers)),
        (
            "verify that manifest against the bank",
            lambda: exam.verify_manifest(bank, manifest, manifest_path="m.json"),
        ),
    ]
    for label, fn in rows:
        print(f"{label:<60} {best_of(3, fn) * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
