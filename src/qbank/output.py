"""Atomic output: every file is written to a temporary name and renamed into place."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from qbank.plugins import Output


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _umask()
"""The process's umask, read once at import (reading it means setting it)."""


class OutputError(OSError):
    """An output file could not be written."""


def write_outputs(out_dir: Path, outputs: Sequence[Output]) -> list[Path]:
    """Write every output under `out_dir`; on failure nothing new replaces an old file."""
    staged: list[tuple[str, Path]] = []
    folders: set[Path] = set()  # checked and created: once per folder, not once per file
    try:
        root = out_dir.resolve()
        for output in outputs:
            target = out_dir / output.path
            if target.parent not in folders:
                if not target.parent.resolve().is_relative_to(root):
                    raise OutputError(f"refusing to write outside {out_dir}: {output.path}")
                target.parent.mkdir(parents=True, exist_ok=True)
                folders.add(target.parent)
            if target.name in ("", ".", ".."):
                raise OutputError(f"refusing to write outside {out_dir}: {output.path}")
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            staged.append((tmp, target))
            with os.fdopen(fd, "wb") as fh:
                data = output.content
                fh.write(data.encode("utf-8") if isinstance(data, str) else data)
                # mkstemp makes the file private (0600); give it the mode a new file gets
                os.fchmod(fh.fileno(), 0o666 & ~_UMASK)
        written = []
        for tmp, target in staged:
            Path(tmp).replace(target)
            written.append(target)
        staged.clear()
        return written
    except OSError as exc:
        if isinstance(exc, OutputError):
            raise
        raise OutputError(f"cannot write {exc.filename or out_dir}: {exc.strerror or exc}") from exc
    finally:
        for tmp, _ in staged:
            Path(tmp).unlink(missing_ok=True)


def write_text_atomic(path: Path, text: str) -> None:
    """Write one text file atomically."""
    write_outputs(path.parent, [Output(path.name, text)])
