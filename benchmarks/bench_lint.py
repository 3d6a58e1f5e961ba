"""Benchmark `qbank lint`: load + lint of synthetic banks, near-duplicate scaling, peak memory.

Usage: python benchmarks/bench_lint.py [N ...]   (default: 1000 10000 100000)
       python benchmarks/bench_lint.py --near-dup [N ...]   (near-duplicate search alone)

Each size runs in a fresh process so its peak RSS is its own. Banks are generated once
with benchmarks/gen_bank.py into a temporary folder (50 questions per file, as a large
bank would be kept) and reused across sizes of the same run.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGETS = {10_000: 2.0, 100_000: 25.0}


def measure(bank: Path) -> dict[str, float]:
    """Time one full lint (load included) in this process; return the figures."""
    from qbank.lint import lint_bank
    from qbank.lint.rules.qb401_near_duplicate_question import comparable_text
    from qbank.lint.similarity import similar_pairs
    from qbank.load import load_bank

    start = time.perf_counter()
    loaded = load_bank(bank)
    loaded_at = time.perf_counter()
    report = lint_bank(loaded=loaded, use_pyproject=False)
    done = time.perf_counter()
    texts = [comparable_text(q) for q in loaded.bank.questions]
    near_start = time.perf_counter()
    pairs = sum(1 for _ in similar_pairs(texts, 0.85))
    near = time.perf_counter() - near_start
    return {
        "questions": len(loaded.bank.questions),
        "load_s": loaded_at - start,
        "rules_s": done - loaded_at,
        "total_s": done - start,
        "near_duplicates_s": near,
        "near_pairs": pairs,
        "findings": len(report.diagnostics),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def planted_texts(n: int, seed: int = 3) -> tuple[list[str], set[tuple[int, int]]]:
    """n question-like texts (half Chinese, half English, from a large vocabulary), 1% of them
    near-copies of an earlier text (one word changed), and the planted pairs."""
    import random

    rng = random.Random(seed)
    hanzi = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]
    words = [
        "".join(rng.choice("abcdefghijklmnoprstuvwy") for _ in range(rng.randint(3, 9)))
        for _ in range(20000)
    ]

    def text(zh: bool) -> str:
        if zh:
            return "".join(rng.choice(hanzi) for _ in range(rng.randint(40, 90)))
        return " ".join(rng.choice(words) for _ in range(rng.randint(12, 25)))

    texts = [text(i % 2 == 0) for i in range(n)]
    planted: set[tuple[int, int]] = set()
    for j in range(n // 2, n, 100):
        i = rng.randrange(j)
        source = texts[i]
        cut = rng.randrange(len(source) - 3)
        texts[j] = source[:cut] + "X" + source[cut + 1 :]  # one character changed
        planted.add((i, j))
    return texts, planted


def near_dup_scaling(sizes: list[int]) -> None:
    """Time the near-duplicate search alone on planted texts; report recall of the plants."""
    from qbank.lint.similarity import jaccard, shingles, similar_pairs

    print(f"\n{'n':>8} {'near-dup s':>10} {'planted':>8} {'found':>6} {'recall':>7}")
    for n in sizes:
        texts, plants = planted_texts(n)
        # only plants at or above the threshold count (a change in a short text may not)
        planted = {
            (i, j) for i, j in plants if jaccard(shingles(texts[i]), shingles(texts[j])) >= 0.85
        }
        start = time.process_time()
        found = {(i, j) for i, j, _ in similar_pairs(texts, 0.85)}
        elapsed = time.process_time() - start
        hit = len(planted & found)
        print(f"{n:>8} {elapsed:>10.2f} {len(planted):>8} {hit:>6} {hit / len(planted):>7.3f}")


def main() -> None:
    """Generate the banks, measure each size in a subprocess, print a table."""
    if len(sys.argv) == 3 and sys.argv[1] == "--measure":
        print(json.dumps(measure(Path(sys.argv[2]))))
        return
    if len(sys.argv) > 1 and sys.argv[1] == "--near-dup":
        near_dup_scaling([int(a) for a in sys.argv[2:]] or [1_000, 10_000, 100_000])
        return
    sizes = [int(a) for a in sys.argv[1:]] or [1_000, 10_000, 100_000]
    sys.path.insert(0, str(HERE))
    import gen_bank

    print(
        f"{'n':>8} {'load s':>8} {'rules s':>8} {'total s':>8} {'near-dup s':>10} "
        f"{'peak MB':>8}  target"
    )
    with tempfile.TemporaryDirectory(prefix="qbank-bench-lint-") as tmp:
        for n in sizes:
            bank = gen_bank.generate(n, Path(tmp) / f"bank{n}", per_file=50)
            out = subprocess.run(
                [sys.executable, __file__, "--measure", str(bank)],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            r = json.loads(out)
            limit = TARGETS.get(n)
            verdict = (
                ""
                if limit is None
                else f"<= {limit:g} s: {'ok' if r['total_s'] <= limit else 'MISSED'}"
            )
            print(
                f"{n:>8} {r['load_s']:>8.2f} {r['rules_s']:>8.2f} {r['total_s']:>8.2f} "
                f"{r['near_duplicates_s']:>10.2f} {r['peak_rss_mb']:>8.0f}  {verdict}"
            )


if __name__ == "__main__":
    main()
