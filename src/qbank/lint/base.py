"""The `Rule` base classes of lint rules, what a rule reports, and how rule docs are split."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import BaseModel, ConfigDict

from qbank.diagnostics import Location, Severity

if TYPE_CHECKING:
    from qbank.load import LoadResult, PathPart
    from qbank.model import AnyQuestion

CODE_RE = re.compile(r"^QB[1-4][0-9]{2}$")
"""A rule code: QB1xx load and schema, QB2xx content, QB3xx targets, QB4xx bank level."""
NAME_RE = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)+$")
"""A kebab-case rule name that reads as the thing flagged (`duplicate-option`)."""
DOC_HEADINGS = ("What it does", "Why is this bad?", "Example", "Use instead")
"""The sections every rule docstring has, in this order (as `## ` headings)."""
GROUPS = {
    "QB1": "load and schema",
    "QB2": "question content",
    "QB3": "target compatibility",
    "QB4": "bank level",
}
"""What each code group covers."""


class RegistryError(RuntimeError):
    """A rule module is malformed, or two rules share a code or a name."""


class NoOptions(BaseModel):
    """Options of a rule that takes none."""

    model_config = ConfigDict(extra="forbid", frozen=True)


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem a question rule found: a message and the value (path) it is about."""

    message: str
    path: tuple[PathPart, ...] = ()
    help: str | None = None
    related: tuple[Location, ...] = ()
    key: bool = False


@dataclass(frozen=True)
class QuestionContext:
    """What a question rule may know besides the question: its file, the bank folder, options."""

    file: Path | None
    bank_root: Path
    """The bank folder, resolved (absolute, symlinks followed)."""
    lang: str
    fields: tuple[tuple[tuple[PathPart, ...], str], ...] = ()
    """Every text of the question with its path (`qbank.lint.text.text_fields`), once."""


@dataclass(frozen=True)
class BankContext:
    """What a bank rule gets: the loaded bank (questions, origins, bank folder)."""

    loaded: LoadResult


class Rule:
    """Base of every rule: identity, default severity, docs, and per-rule options."""

    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity] = "error"
    default: ClassVar[bool] = True
    """Enabled without being selected."""
    message: ClassVar[str]
    """The one-line message, a `str.format` template filled by `finding()`."""
    help: ClassVar[str | None] = None
    targets: ClassVar[tuple[str, ...]] = ()
    """Writers this rule is about; it runs only when one of them is a selected target."""
    options_model: ClassVar[type[BaseModel]] = NoOptions

    def __init__(self, options: BaseModel | None = None) -> None:
        self.options: Any = options if options is not None else self.options_model()

    def finding(
        self,
        path: tuple[PathPart, ...] = (),
        *,
        help: str | None = None,
        related: Iterable[Location] = (),
        key: bool = False,
        **values: object,
    ) -> Finding:
        """A finding with this rule's message filled from `values`."""
        return Finding(
            self.message.format(**values),
            path,
            help if help is not None else self.help,
            tuple(related),
            key,
        )


class LoaderRule(Rule):
    """A problem the loader reports (file, YAML or schema); its check is the loader itself."""


class QuestionRule(Rule):
    """A rule that looks at one valid question at a time."""

    def check(self, question: AnyQuestion, ctx: QuestionContext) -> Iterator[Finding]:
        """Yield every problem of this kind in the question."""
        raise NotImplementedError


@dataclass(frozen=True, slots=True)
class BankFinding:
    """One problem a bank rule found: on a question (by id and path) or on the bank itself."""

    message: str
    question_id: str | None = None
    path: tuple[PathPart, ...] = ()
    help: str | None = None
    related: tuple[Location, ...] = ()


class BankRule(Rule):
    """A rule that looks at the whole bank at once (duplicates, distributions)."""

    def check_bank(self, ctx: BankContext) -> Iterator[BankFinding]:
        """Yield every problem of this kind in the bank."""
        raise NotImplementedError

    def bank_finding(
        self,
        question_id: str | None = None,
        path: tuple[PathPart, ...] = (),
        *,
        help: str | None = None,
        related: Iterable[Location] = (),
        **values: object,
    ) -> BankFinding:
        """A bank finding with this rule's message filled from `values`."""
        return BankFinding(
            self.message.format(**values),
            question_id,
            path,
            help if help is not None else self.help,
            tuple(related),
        )


def doc_sections(rule: type[Rule]) -> dict[str, str]:
    """The docstring of a rule split into its summary ("") and its `## ` sections."""
    import inspect

    doc = inspect.cleandoc(rule.__doc__ or "")
    sections: dict[str, str] = {}
    current = ""
    lines: list[str] = []
    for line in doc.splitlines():
        if line.startswith("## "):
            sections[current] = "\n".join(lines).strip()
            current, lines = line[3:].strip(), []
        else:
            lines.append(line)
    sections[current] = "\n".join(lines).strip()
    return sections
