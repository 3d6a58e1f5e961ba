"""The `Rule` base classes of lint rules, what a rule reports, and how rule docs are split."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
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
    "QB1": "load, schema and exam definitions",
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
    memo: dict[str, Any] = field(default_factory=dict, compare=False)
    """Work shared by the bank rules of one run (e.g. the exam check, done once)."""


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
    location: Location | None = None
    """Where to report it when it is neither on a question nor on the whole bank."""


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


class ExamRule(BankRule):
    """An exam definition in bank.yaml that the bank cannot satisfy (`qbank.exam.check_exams`).

    Exam assembly (`qbank export --exam`, `qbank exam build`) reports the same codes when it
    refuses to build; lint reports them earlier, at the exam's place in bank.yaml.
    """

    clean_load_only: ClassVar[bool] = True
    """Checked only when every file loaded (a question that failed to load is no evidence)."""

    def check_bank(self, ctx: BankContext) -> Iterator[BankFinding]:
        """Yield this rule's problems among those of every exam of the bank."""
        if not ctx.loaded.bank.meta.exams:
            return
        if self.clean_load_only and not ctx.loaded.ok:
            return
        found = ctx.memo.get("exams")
        if found is None:
            from qbank.exam import check_exams

            loaded = ctx.loaded
            found = check_exams(loaded.bank, meta_file=loaded.meta_file, bank_dir=loaded.root)
            ctx.memo["exams"] = found
        for diagnostic in found:
            if diagnostic.code == self.code:
                yield BankFinding(
                    diagnostic.message,
                    help=diagnostic.help,
                    related=diagnostic.related,
                    location=diagnostic.location,
                )


class ReportedRule(Rule):
    """A code another part of qbank reports; lint has no check of its own for it.

    It is registered so that it is documented (`qbank rule CODE`, docs/rules.md) and can be
    named in `ignore` lists, in the lint configuration and in a question's `lint.ignore`.
    """


class ManifestRule(ReportedRule):
    """A problem `qbank exam verify` finds when it checks a manifest against the bank."""


class WriterRule(ReportedRule):
    """What a writer's format cannot carry, reported by that writer (its one target) at export."""

    severity: ClassVar[Severity] = "warning"


def reporter(rule: type[Rule]) -> str | None:
    """Who reports a rule's findings when it is not (only) a lint check, as a docs phrase."""
    if issubclass(rule, WriterRule):
        return f"reported by the {rule.targets[0]} writer at export"
    if issubclass(rule, ManifestRule):
        return "reported by `qbank exam verify`"
    if issubclass(rule, ExamRule):
        return "reported by lint and by exam assembly"
    if issubclass(rule, LoaderRule):
        return "reported by the loader"
    return None


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
