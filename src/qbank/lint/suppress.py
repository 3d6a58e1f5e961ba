"""Suppression at export: a writer's findings that the bank's lint settings ignore are dropped."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from qbank.diagnostics import Diagnostic
from qbank.lint.config import config_sources, ignored_codes
from qbank.load import LoadResult


@dataclass(frozen=True)
class Suppressions:
    """The codes a bank's lint settings ignore: for the whole bank, and per question."""

    codes: frozenset[str]
    """The `ignore` of the lint configuration (pyproject.toml, bank.yaml), prefixes expanded."""
    by_question: dict[str, frozenset[str]]
    """Each question's `lint: {ignore: [...]}`, by id (only questions that set one)."""

    @classmethod
    def of(cls, loaded: LoadResult, *, use_pyproject: bool = True) -> Suppressions:
        """The suppressions of a loaded bank; raises `ConfigError` for an unknown code."""
        sources = config_sources(loaded, use_pyproject=use_pyproject)
        # Expanding codes needs every rule; without an `ignore` there is nothing to expand.
        codes = ignored_codes(sources) if any(s.config.ignore for s in sources) else frozenset()
        return cls(
            codes,
            {q.id: frozenset(q.lint.ignore) for q in loaded.bank.questions if q.lint.ignore},
        )

    def ignores(self, diagnostic: Diagnostic) -> bool:
        """Whether lint would not report this: its code ignored, in config or on its question."""
        if diagnostic.code in self.codes:
            return True
        on_question = self.by_question.get(diagnostic.question_id or "")
        return on_question is not None and diagnostic.code in on_question

    def split(self, diagnostics: Sequence[Diagnostic]) -> tuple[list[Diagnostic], list[Diagnostic]]:
        """(kept, suppressed), each in the given order."""
        kept: list[Diagnostic] = []
        suppressed: list[Diagnostic] = []
        for diagnostic in diagnostics:
            (suppressed if self.ignores(diagnostic) else kept).append(diagnostic)
        return kept, suppressed
