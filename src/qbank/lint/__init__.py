"""`qbank lint`: coded rules over a loaded bank, configured like ruff (see docs/lint.md)."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from qbank.lint.config import ConfigError, Settings, resolve
    from qbank.lint.engine import LintReport, lint_bank, run
    from qbank.lint.registry import REGISTRY, lookup

# Imported on first use: `qbank export` reads the lint settings (qbank.lint.config) without
# importing every rule.
_EXPORTS = {
    "REGISTRY": "qbank.lint.registry",
    "lookup": "qbank.lint.registry",
    "ConfigError": "qbank.lint.config",
    "Settings": "qbank.lint.config",
    "resolve": "qbank.lint.config",
    "LintReport": "qbank.lint.engine",
    "lint_bank": "qbank.lint.engine",
    "run": "qbank.lint.engine",
}

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


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
