"""GIFT benchmark: export N questions end to end (CLI) and read them back; best of several runs.

Targets (issue 4), for 10,000 questions: export <= 2.5 s end to end, import <= 3 s.
Run: .venv/bin/python benchmarks/bench_gift.py [N] [--repeat R] [--import-cli]

Every run is a fresh process, so the rich-text parse cache starts cold as it does for a user.
Export: `qbank export -f gift` as a whole (start-up, loading the bank, writing, exit). Import:
`qbank.importers.gift.read` on the exported file (the reader alone, timed inside a process set
up as `qbank import` sets itself up: what the read leaves alive is frozen, see qbank.collector).
`--import-cli` also times `qbank import FILE --out DIR` (the reader plus the YAML writer).
The machine's load average is printed: other work on the machine inflates every figure.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from gen_bank import generate

_READ = """
import sys, time
from pathlib import Path
from qbank import collector
from qbank.importers import gift
collector.keep_survivors()  # as `qbank import` sets it
start = time.perf_counter()
result = gift.read(Path(sys.argv[1]))
print(time.perf_counter() - start, len(result.questions), len(result.diagnostics))
"""


def _timed(cmd: list[str]) -> tuple[float, subprocess.CompletedProcess[str]]:
    start = time.perf_counter()
    run = subprocess.run(cmd, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if run.returncode != 0:
        sys.exit(f"{' '.join(cmd[:3])} failed ({run.returncode}): {run.stderr[-2000:]}")
    return elapsed, run


def main() -> None:
    """Generate a synthetic bank, time export and import, print the best of each."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("n", nargs="?", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--import-cli", action="store_true")
    args = parser.parse_args()
    qbank = str(Path(sys.executable).with_name("qbank"))
    with tempfile.TemporaryDirectory() as tmp:
        bank = generate(args.n, Path(tmp) / "bank")
        out = Path(tmp) / "out"
        load_before = os.getloadavg()
        exports, imports, clis = [], [], []
        counts = ""
        for i in range(args.repeat):
            elapsed, _ = _timed([qbank, "export", "-f", "gift", "-b", str(bank), "--out", str(out)])
            exports.append(elapsed)
            (gift_file,) = out.glob("*.gift")
            _, run = _timed([sys.executable, "-c", _READ, str(gift_file)])
            seconds, questions, findings = run.stdout.split()
            imports.append(float(seconds))
            counts = f"{questions} questions, {findings} findings"
            if args.import_cli:
                target = Path(tmp) / f"imported-{i}"
                elapsed, _ = _timed([qbank, "import", str(gift_file), "--out", str(target)])
                clis.append(elapsed)
        load_after = os.getloadavg()
        print(f"questions: {args.n}, best of {args.repeat} runs")
        print(f"load average (1 min) before/after: {load_before[0]:.2f}/{load_after[0]:.2f}")
        print(f"gift export, end to end (qbank export CLI): {min(exports):.2f} s (target 2.5 s)")
        print(f"gift import (qbank.importers.gift.read):    {min(imports):.2f} s (target 3 s)")
        if clis:
            print(f"qbank import CLI (reader + YAML files):     {min(clis):.2f} s")
        print(f"imported: {counts}")
        print(f"file size: {gift_file.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
