"""Benchmark `qbank lint`: load + lint of synthetic banks, near-duplicate scaling, peak memory.

Usage: python benchmarks/bench_lint.py [--repeat R] [N ...]   (default: 1000 10000 100000)
       python benchmarks/bench_lint.py --near-dup [N ...]   (near-duplicate search alone)

Each run is a fresh process so its peak RSS is its own; each size runs R times (default 3)
and the table shows the fastest run (times) and the largest peak RSS of all runs. Banks are
generated once with benchmarks/gen_bank.py into a temporary folder (50 questions per file,
as a large bank would be kept) and reused across the runs. Each run keeps what loading leaves
alive out of the garbage collector's sight, as the `qbank` command does. The load average is printed
before and after, since a busy machine inflates every figure.

`--near-dup` times the search alone and measures its recall on planted near-copies, in
random texts (most shingles rare) and in texts of the generated bank (template text: most
shingles are boilerplate, the harder case), for a one-character and a one-word edit.
"""

from __future__ import annotations

import gc
import json
import os
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
    from qbank import collector
    from qbank.lint import lint_bank
    from qbank.lint.rules.qb401_near_duplicate_question import comparable_text
    from qbank.lint.similarity import similar_pairs
    from qbank.load import load_bank

    collector.keep_survivors()  # as the `qbank` command sets it (this process ends after one run)
    start = time.perf_counter()
    loaded = load_bank(bank)
    loaded_at = time.perf_counter()
    report = lint_bank(loaded=loaded, use_pyproject=False)
    done = time.perf_counter()
    texts = [comparable_text(q) for q in loaded.bank.questions]
    gc.freeze()  # as the lint engine does while rules run
    near_start = time.perf_counter()
    pairs = sum(1 for _ in similar_pairs(texts, 0.85))
    near = time.perf_counter() - near_start
    gc.unfreeze()
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


def bank_texts(n: int) -> list[str]:
    """The compared texts (`comparable_text`) of a generated bank of n questions, no files."""
    import random
    from typing import Any

    from qbank.lint.text import normalise

    sys.path.insert(0, str(HERE))
    import gen_bank

    rng = random.Random(1)
    texts = []
    for i in range(n):
        q: dict[str, Any] = gen_bank.question(i, rng)
        if q["type"] == "description":
            continue
        parts = [normalise(q["stem"])]
        if "options" in q:
            parts += sorted(normalise(option) for option in q["options"])
        elif "pairs" in q:
            parts += sorted(normalise(f"{p['left']} {p['right']}") for p in q["pairs"])
        texts.append("\n".join(parts))
    return texts


def plant(texts: list[str], edit: str, seed: int = 5) -> set[tuple[int, int]]:
    """Overwrite every 50th text of the second half with an edited copy of an earlier one."""
    import random
    import re

    rng = random.Random(seed)
    words = [w for t in texts[:200] for w in t.split()] or ["word"]
    planted: set[tuple[int, int]] = set()
    for j in range(len(texts) // 2, len(texts), 50):
        i = rng.randrange(j)
        source = texts[i]
        if edit == "word" and " " in source:
            parts = re.split(r"( +)", source)
            k = rng.randrange(0, len(parts), 2)
            parts[k] = rng.choice(words)
            texts[j] = "".join(parts)
        else:  # one character replaced by a random letter or hanzi
            cut = rng.randrange(len(source))
            char = chr(rng.choice([rng.randrange(0x4E00, 0x9FA5), rng.randrange(0x61, 0x7B)]))
            texts[j] = source[:cut] + char + source[cut + 1 :]
        planted.add((i, j))
    return planted


def near_dup_scaling(sizes: list[int]) -> None:
    """Time the near-duplicate search alone on planted texts; report recall of the plants."""
    from qbank.lint.similarity import jaccard, shingles, similar_pairs

    print(f"\n{'texts':>14} {'n':>8} {'near-dup s':>10} {'planted':>8} {'found':>6} {'recall':>7}")
    for kind in ("random", "bank+char", "bank+word"):
        for n in sizes:
            if kind == "random":
                texts, plants = planted_texts(n)
            else:
                texts = bank_texts(n)
                plants = plant(texts, kind.split("+")[1])
            # only plants at or above the threshold count (a change in a short text may not)
            planted = {
                (i, j) for i, j in plants if jaccard(shingles(texts[i]), shingles(texts[j])) >= 0.85
            }
            gc.freeze()
            start = time.process_time()
            found = {(i, j) for i, j, _ in similar_pairs(texts, 0.85)}
            elapsed = time.process_time() - start
            gc.unfreeze()
            hit = len(planted & found)
            print(
                f"{kind:>14} {n:>8} {elapsed:>10.2f} {len(planted):>8} {hit:>6} "
                f"{hit / max(1, len(planted)):>7.3f}"
            )


def load_average() -> str:
    """The 1-, 5- and 15-minute load averages (as `uptime` shows them)."""
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    """Generate the banks, measure each size in fresh subprocesses, print a table."""
    args = sys.argv[1:]
    if len(args) == 2 and args[0] == "--measure":
        print(json.dumps(measure(Path(args[1]))))
        return
    if args and args[0] == "--near-dup":
        near_dup_scaling([int(a) for a in args[1:]] or [1_000, 10_000, 100_000])
        return
    repeat = 3
    if len(args) >= 2 and args[0] == "--repeat":
        repeat, args = int(args[1]), args[2:]
    sizes = [int(a) for a in args] or [1_000, 10_000, 100_000]
    sys.path.insert(0, str(HERE))
    import gen_bank

    print(f"load average {load_average()}; best of {repeat} runs")
    print(
        f"{'n':>8} {'load s':>8} {'rules s':>8} {'total s':>8} {'near-dup s':>10} "
        f"{'peak MB':>8}  target"
    )
    with tempfile.TemporaryDirectory(prefix="qbank-bench-lint-") as tmp:
        for n in sizes:
            bank = gen_bank.generate(n, Path(tmp) / f"bank{n}", per_file=50)
            runs = []
            for _ in range(repeat):
                out = subprocess.run(
                    [sys.executable, __file__, "--measure", str(bank)],
                    check=True,
                    capture_output=True,
                    text=True,
                ).stdout
                runs.append(json.loads(out))
            r = min(runs, key=lambda run: run["total_s"])
            peak = max(run["peak_rss_mb"] for run in runs)
            limit = TARGETS.get(n)
            verdict = (
                ""
                if limit is None
                else f"<= {limit:g} s: {'ok' if r['total_s'] <= limit else 'MISSED'}"
            )
            print(
                f"{n:>8} {r['load_s']:>8.2f} {r['rules_s']:>8.2f} {r['total_s']:>8.2f} "
                f"{r['near_duplicates_s']:>10.2f} {peak:>8.0f}  {verdict}"
            )
    print(f"load average {load_average()}")


if __name__ == "__main__":
    main()
