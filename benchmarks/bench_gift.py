"""GIFT benchmark: export 10,000 questions end to end (CLI) and import them back.

Targets (issue 4): export <= 2.5 s end to end, import <= 3 s.
Run: .venv/bin/python benchmarks/bench_gift.py [N]
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from gen_bank import generate
from qbank.importers import gift


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    qbank = Path(sys.executable).with_name("qbank")
    with tempfile.TemporaryDirectory() as tmp:
        bank = generate(n, Path(tmp) / "bank")
        out = Path(tmp) / "out"
        start = time.perf_counter()
        run = subprocess.run(
            [str(qbank), "export", "-f", "gift", "-b", str(bank), "--out", str(out)],
            capture_output=True,
            text=True,
            check=False,
        )
        export_s = time.perf_counter() - start
        if run.returncode != 0:
            sys.exit(f"export failed ({run.returncode}): {run.stderr[-2000:]}")
        (gift_file,) = out.glob("*.gift")
        start = time.perf_counter()
        result = gift.read(gift_file)
        import_s = time.perf_counter() - start
        print(f"questions: {n}")
        print(f"gift export, end to end (qbank export CLI): {export_s:.2f} s (target 2.5 s)")
        print(f"gift import (qbank.importers.gift.read):    {import_s:.2f} s (target 3 s)")
        print(f"imported: {len(result.questions)} questions, {len(result.diagnostics)} findings")
        print(f"file size: {gift_file.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
