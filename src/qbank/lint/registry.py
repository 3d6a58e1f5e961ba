"""The registry of lint rules: every rule module's `RULE`, checked and indexed by code at import."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable, Iterator
from types import ModuleType

from qbank.lint.base import (
    CODE_RE,
    DOC_HEADINGS,
    NAME_RE,
    ExamRule,
    LoaderRule,
    ManifestRule,
    RegistryError,
    Rule,
    WriterRule,
    doc_sections,
)


def _check(rule: type[Rule], module: ModuleType) -> None:
    where = module.__name__
    if not CODE_RE.match(getattr(rule, "code", "")):
        raise RegistryError(f"{where}: malformed rule code {getattr(rule, 'code', None)!r}")
    if not NAME_RE.match(getattr(rule, "name", "")):
        raise RegistryError(f"{where}: rule name {getattr(rule, 'name', None)!r} is not kebab-case")
    if rule.severity not in ("error", "warning"):
        raise RegistryError(f"{where}: severity must be error or warning")
    if not getattr(rule, "message", "") or "\n" in rule.message:
        raise RegistryError(f"{where}: a rule needs a one-line message")
    sections = doc_sections(rule)
    headings = [h for h in sections if h]
    if not sections.get("") or headings != list(DOC_HEADINGS):
        raise RegistryError(
            f"{where}: the docstring needs a summary and the sections "
            f"{', '.join(DOC_HEADINGS)} (found {', '.join(headings) or 'none'})"
        )
    if rule.code.startswith("QB3") != bool(rule.targets):
        raise RegistryError(f"{where}: QB3xx rules, and only they, name their targets")
    if rule.code.startswith("QB1") != issubclass(rule, LoaderRule | ExamRule | ManifestRule):
        raise RegistryError(f"{where}: QB1xx codes belong to loader, exam and manifest rules only")
    if issubclass(rule, WriterRule) and len(rule.targets) != 1:
        raise RegistryError(f"{where}: a writer rule names its one writer in `targets`")


def build_registry(modules: Iterable[ModuleType]) -> dict[str, type[Rule]]:
    """Check each module's `RULE` and index them by code; reject malformed or duplicate ones."""
    rules: dict[str, type[Rule]] = {}
    names: dict[str, str] = {}
    for module in modules:
        rule = getattr(module, "RULE", None)
        if not (isinstance(rule, type) and issubclass(rule, Rule)):
            raise RegistryError(f"{module.__name__}: a rule module must define RULE = <Rule class>")
        _check(rule, module)
        if rule.code in rules:
            raise RegistryError(f"{module.__name__}: duplicate rule code {rule.code}")
        if rule.name in names:
            raise RegistryError(f"{module.__name__}: duplicate rule name {rule.name}")
        rules[rule.code] = rule
        names[rule.name] = rule.code
    return dict(sorted(rules.items()))


def _rule_modules() -> Iterator[ModuleType]:
    from qbank.lint import rules as package

    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        if not info.name.startswith("_"):
            yield importlib.import_module(f"{package.__name__}.{info.name}")


REGISTRY: dict[str, type[Rule]] = build_registry(_rule_modules())
"""Every rule, by code, sorted; built (and checked) when `qbank.lint` is first imported."""
BY_NAME: dict[str, type[Rule]] = {rule.name: rule for rule in REGISTRY.values()}
"""Every rule by its kebab-case name."""


def lookup(code_or_name: str) -> type[Rule] | None:
    """A rule by code (`QB203`, any case) or name (`duplicate-option`)."""
    return REGISTRY.get(code_or_name.upper()) or BY_NAME.get(code_or_name.lower())
