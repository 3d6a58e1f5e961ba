"""`qbank lint`: coded rules over a loaded bank, configured like ruff (see docs/lint.md)."""

from __future__ import annotations

from qbank.lint.config import ConfigError, Settings, resolve
from qbank.lint.engine import LintReport, lint_bank, run
from qbank.lint.registry import REGISTRY, lookup

__all__ = [
    "REGISTRY",
    "ConfigError",
    "LintReport",
    "Settings",
    "lint_bank",
    "lookup",
    "resolve",
    "run",
]
