"""Readers that turn existing quizzes (plain text, Word, Aiken, GIFT) into canonical questions."""

from __future__ import annotations

import importlib
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, cast

from qbank.diagnostics import Diagnostic
from qbank.model import AnyQuestion

# Stable codes of what an import reports (QB5xx: import; see docs/import.md).
UNPLACED_LINE = "QB501"
IMPORT_LOSS = "QB502"
MALFORMED_QUESTION = "QB503"
UNREADABLE_SOURCE = "QB504"


@dataclass
class ImportResult:
    """What a reader made of a file: questions, and a diagnostic for every line not placed."""

    questions: list[AnyQuestion] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


class Reader(Protocol):
    """A reader module: `read` a file, and `sniff` whether a file looks like its format."""

    def read(self, path: Path) -> ImportResult:
        """Read one file into questions; never raise for bad input, report it instead."""
        ...

    def sniff(self, path: Path, head: bytes) -> bool:
        """Whether the file (its path and first bytes) looks like this reader's format."""
        ...


READERS: dict[str, str] = {
    "gift": "qbank.importers.gift",
    "aiken": "qbank.importers.aiken",
    "docx": "qbank.importers.docx",
    "text": "qbank.importers.text",
}
"""Format name -> module; `qbank import --from NAME`. Order is the order formats are sniffed in."""


def reader(name: str) -> Reader:
    """The reader module for a format name (KeyError for an unknown one)."""
    return cast(Reader, importlib.import_module(READERS[name]))


def guess(path: Path, head: bytes) -> str | None:
    """The first format whose reader recognises the file, else None."""
    for name in READERS:
        if reader(name).sniff(path, head):
            return name
    return None


def slugify(text: str, *, fallback: str = "q") -> str:
    """A question id from a name or stem: ASCII lower-case words joined by '-' (max 60 chars)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    slug = "-".join(words)[:60].strip("-")
    return slug or fallback


def unique_ids(
    bases: Iterable[str], taken: Iterable[str] = (), *, fmt: Callable[[str, int], str] | None = None
) -> list[str]:
    """De-duplicate ids in order: `a`, `a-2`, `a-3`, ... avoiding every id in `taken`."""
    used = set(taken)
    out: list[str] = []
    make = fmt or (lambda base, n: f"{base}-{n}")
    for base in bases:
        candidate, n = base, 1
        while candidate in used:
            n += 1
            candidate = make(base, n)
        used.add(candidate)
        out.append(candidate)
    return out
