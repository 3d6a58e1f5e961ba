"""Time load+validate, lint and every installed writer on synthetic banks; print a table.

Usage: python benchmarks/run.py [--sizes 1000,10000] [--formats json,gift,...] [--repeat 3]

Each figure is the best of `--repeat` runs (wall clock, seconds) so that other load on the
machine disturbs it least; `qbank --help` is timed as a fresh process.
"""

from __future__ import annotations

import argparse
import gc
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from gen_bank import generate
from qbank import api, plugins, richtext
from qbank.load import LoadResult, load_bank


def best_of(repeat: int, fn: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def time_help(repeat: int) -> float:
    cmd = [sys.executable, "-c", "from qbank.cli import main; main(['--help'])"]
    return best_of(repeat, lambda: subprocess.run(cmd, capture_output=True, check=True))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--formats", default=",".join(plugins.available()))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    formats = [f for f in args.formats.split(",") if f]

    rows: list[tuple[str, int, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            bank = generate(n, Path(tmp) / f"bank{n}")
            rows.append(("load + validate", n, best_of(args.repeat, lambda b=bank: load_bank(b))))
            loaded = load_bank(bank)
            assert loaded.ok, loaded.diagnostics[:3]
            gc.freeze()  # as the qbank command does after loading (qbank.cli.load)
            lint = getattr(api, "lint", None)
            if lint is not None:
                elapsed = best_of(args.repeat, lambda b=bank, lint=lint: lint(bank=b))
                rows.append(("lint (load included)", n, elapsed))
            for name in formats:
                out = Path(tmp) / f"out-{name}-{n}"
                repeat = args.repeat if n <= 1000 else 1

                def cold_export(
                    name: str = name, out: Path = out, loaded: LoadResult = loaded
                ) -> None:
                    richtext.parse.cache_clear()  # every run parses its Markdown afresh
                    api.export(loaded=loaded, format=name, out_dir=out)

                elapsed = best_of(repeat, cold_export)
                rows.append((f"export {name}", n, elapsed))
    rows.append(("qbank --help (process)", 0, time_help(args.repeat)))

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    width = max(len(r[0]) for r in rows)
    print(f"{'step'.ljust(width)}  {'questions':>9}  {'seconds':>8}")
    for step, n, seconds in rows:
        print(f"{step.ljust(width)}  {n or '-':>9}  {seconds:8.3f}")
    print(f"peak RSS of this process: {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
