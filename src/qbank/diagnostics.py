"""The one `Diagnostic` record every stage reports with, and its plain-text formatter."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Literal, TypeAlias

Severity: TypeAlias = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Location:
    """A place in a source file; line and col are 1-based (0 when unknown)."""

    path: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if self.line <= 0:
            return self.path
        return f"{self.path}:{self.line}:{max(self.col, 1)}"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding: a stable code, a severity, a one-line message and where it is."""

    code: str
    severity: Severity
    message: str
    location: Location
    help: str | None = None
    related: tuple[Location, ...] = field(default=())
    question_id: str | None = None

    @property
    def path(self) -> str:
        """The file the finding is in."""
        return self.location.path

    @property
    def line(self) -> int:
        """1-based line (0 when unknown)."""
        return self.location.line

    @property
    def col(self) -> int:
        """1-based column (0 when unknown)."""
        return self.location.col

    def sort_key(self) -> tuple[str, int, int, str, str]:
        """Order by file, position, then code."""
        return (self.path, self.line, self.col, self.code, self.message)


def error(
    code: str,
    message: str,
    location: Location,
    *,
    help: str | None = None,
    related: Sequence[Location] = (),
    question_id: str | None = None,
) -> Diagnostic:
    """Make an error-severity diagnostic."""
    return Diagnostic(code, "error", message, location, help, tuple(related), question_id)


def warning(
    code: str,
    message: str,
    location: Location,
    *,
    help: str | None = None,
    related: Sequence[Location] = (),
    question_id: str | None = None,
) -> Diagnostic:
    """Make a warning-severity diagnostic."""
    return Diagnostic(code, "warning", message, location, help, tuple(related), question_id)


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    """Whether any diagnostic is an error."""
    return any(d.severity == "error" for d in diagnostics)


def format_text(diagnostic: Diagnostic) -> str:
    """`path:line:col: CODE message`, then `help:` and related locations, one per line."""
    lines = [f"{diagnostic.location}: {diagnostic.code} {diagnostic.message}"]
    for loc in diagnostic.related:
        lines.append(f"  note: see {loc}")
    if diagnostic.help:
        lines.append(f"  help: {diagnostic.help}")
    return "\n".join(lines)


def summary(diagnostics: Sequence[Diagnostic]) -> str:
    """A one-line count of errors and warnings."""
    errors = sum(1 for d in diagnostics if d.severity == "error")
    warnings = len(diagnostics) - errors
    if not diagnostics:
        return "No problems found."

    def plural(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    return f"Found {plural(errors, 'error')} and {plural(warnings, 'warning')}."


def to_json(diagnostics: Sequence[Diagnostic]) -> str:
    """The diagnostics as a JSON array (stable keys, UTF-8 text)."""
    items = []
    for d in diagnostics:
        item = asdict(d)
        item["location"] = asdict(d.location)
        item["related"] = [asdict(r) for r in d.related]
        items.append(item)
    return json.dumps(items, ensure_ascii=False, indent=2, sort_keys=True)
