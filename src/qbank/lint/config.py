"""Lint settings: `[tool.qbank.lint]` in pyproject.toml, `lint:` in bank.yaml and CLI flags."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from qbank.diagnostics import Location
from qbank.lint.base import BankRule, LoaderRule, QuestionRule, Rule
from qbank.model import LintConfig

if TYPE_CHECKING:
    from qbank.load import LoadResult

PYPROJECT = "pyproject.toml"
CLI = "command line"


def _registry() -> dict[str, type[Rule]]:
    """Every rule by code, imported on first need.

    Importing every rule costs ~0.1 s, which `qbank export` pays only when the bank's
    settings ignore codes.
    """
    from qbank.lint.registry import REGISTRY

    return REGISTRY


class ConfigError(ValueError):
    """The lint configuration is wrong (a usage error): unknown code, option or target."""

    def __init__(self, message: str, location: Location | None = None) -> None:
        self.location = location
        super().__init__(f"{location}: {message}" if location else message)


@dataclass(frozen=True)
class _Source:
    """One configuration source and how to locate its values for error messages."""

    config: LintConfig
    display: str
    text: str = ""
    meta_locate: Any = None  # SourceFile.locate of bank.yaml, when the source is bank.yaml

    def locate(self, *path: str | int, key: bool = False) -> Location:
        """Where a value (or its key) of this source is written (best effort for TOML)."""
        if self.meta_locate is not None:
            loc: Location = self.meta_locate(("lint", *path), key=key)
            return loc
        return _toml_location(self.display, self.text, path)


def _toml_location(display: str, text: str, path: Sequence[str | int]) -> Location:
    needles = [str(p) for p in reversed(path) if isinstance(p, str)]
    lines = text.splitlines()
    for needle in needles:
        pattern = re.compile(rf"(^|[\s\[\"'.,{{]){re.escape(needle)}([\s\]\"'.,=}}]|$)")
        for number, line in enumerate(lines, 1):
            match = pattern.search(line)
            if match:
                return Location(display, number, match.start() + len(match.group(1)) + 1)
    return Location(display)


@dataclass(frozen=True)
class Settings:
    """The rules to run, and what they run against, after every source is merged."""

    enabled: frozenset[str]
    """Codes reported: loader, question and bank rules."""
    targets: frozenset[str]
    question_rules: tuple[QuestionRule, ...] = ()
    bank_rules: tuple[BankRule, ...] = ()
    sources: tuple[str, ...] = field(default=())


def known_targets() -> set[str]:
    """Every target name a config may use: installed writers and the targets rules know."""
    from qbank import plugins

    names = set(plugins.available())
    for rule in _registry().values():
        names.update(rule.targets)
    return names


def expand(selector: str) -> list[str]:
    """The registered codes a selector (code or prefix) stands for."""
    return [code for code in _registry() if code.startswith(selector.upper())]


def find_pyproject(start: Path) -> Path | None:
    """The nearest pyproject.toml in `start` or its parents."""
    folder = start.resolve()
    for candidate in (folder, *folder.parents):
        path = candidate / PYPROJECT
        if path.is_file():
            return path
    return None


def read_pyproject(path: Path) -> _Source | None:
    """`[tool.qbank.lint]` of a pyproject.toml, validated (None when it has no such table)."""
    display = path.as_posix()
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read {PYPROJECT}: {exc}", Location(display)) from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"invalid TOML: {exc}", Location(display)) from exc
    table = data.get("tool", {}).get("qbank", {}).get("lint")
    if table is None:
        return None
    try:
        config = LintConfig.model_validate(table)
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        where = [str(p) for p in err["loc"]]
        raise ConfigError(
            f"[tool.qbank.lint] {'.'.join(where)}: {err['msg']}",
            _toml_location(display, text, where or ["lint"]),
        ) from exc
    return _Source(config, display, text)


def _codes(
    source: _Source, name: str, selectors: Iterable[str], *, strict_loader: bool
) -> list[str]:
    key = name.lstrip("-").replace("_", "-")
    codes: list[str] = []
    for index, selector in enumerate(selectors):
        found = expand(selector)
        if not found:
            raise ConfigError(
                f"unknown rule code '{selector}' in {name if source.display == CLI else key}",
                source.locate(key, index),
            )
        if strict_loader and selector.upper() in _registry():
            rule = _registry()[selector.upper()]
            if issubclass(rule, LoaderRule) and rule.severity == "error":
                raise ConfigError(
                    f"{rule.code} ({rule.name}) cannot be ignored: a question with this problem "
                    "cannot be loaded, so ignoring it would drop the question silently",
                    source.locate(key, index),
                )
        codes += found
    return codes


def _options(rule: type[Rule], raw: dict[str, Any], source: _Source, key: str) -> BaseModel:
    values = {k.replace("-", "_"): v for k, v in raw.items()}
    try:
        return rule.options_model.model_validate(values)
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        option = ".".join(str(p) for p in err["loc"])
        known = ", ".join(f.replace("_", "-") for f in rule.options_model.model_fields) or "none"
        what = "unknown option" if err["type"] == "extra_forbidden" else "invalid option"
        raise ConfigError(
            f"{what} '{option.replace('_', '-')}' for {rule.code} ({rule.name}): {err['msg']} "
            f"(options: {known})",
            source.locate("options", key, *(str(p) for p in err["loc"])),
        ) from exc


def resolve(
    *,
    sources: Sequence[_Source] = (),
    select: Sequence[str] | None = None,
    extend_select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    targets: Sequence[str] | None = None,
) -> Settings:
    """Merge config sources (later ones win) and CLI flags into the rules to run."""
    cli = _Source(LintConfig(), CLI)
    registry = _registry()
    chosen: list[str] = [code for code, rule in registry.items() if rule.default]
    extra: list[str] = []
    dropped: list[str] = []
    target_names: list[str] | None = None
    target_source = cli
    options: dict[str, tuple[dict[str, Any], _Source, str]] = {}
    for source in sources:
        config = source.config
        if config.select is not None:
            chosen = _codes(source, "select", config.select, strict_loader=False)
        extra += _codes(source, "extend_select", config.extend_select, strict_loader=False)
        dropped += _codes(source, "ignore", config.ignore, strict_loader=True)
        if config.targets is not None:
            target_names, target_source = list(config.targets), source
        for key, values in config.options.items():
            from qbank.lint.registry import lookup

            rule = lookup(key)
            if rule is None:
                raise ConfigError(
                    f"unknown rule '{key}' in options", source.locate("options", key, key=True)
                )
            merged = {**options.get(rule.code, ({}, source, key))[0], **values}
            options[rule.code] = (merged, source, key)
    if select is not None:
        chosen = _codes(cli, "--select", select, strict_loader=False)
    extra += _codes(cli, "--extend-select", extend_select, strict_loader=False)
    dropped += _codes(cli, "--ignore", ignore, strict_loader=True)
    if targets is not None:
        target_names, target_source = list(targets), cli
    enabled = (set(chosen) | set(extra)) - set(dropped)
    for code, rule in registry.items():  # errors that stop a question loading always show
        if issubclass(rule, LoaderRule) and rule.severity == "error":
            enabled.add(code)
    known = known_targets()
    if target_names is None:
        from qbank import plugins

        target_names = plugins.available()
    for index, name in enumerate(target_names):
        if name not in known:
            raise ConfigError(
                f"unknown target '{name}' (known: {', '.join(sorted(known))})",
                target_source.locate("targets", index),
            )
    chosen_targets = frozenset(target_names)
    question_rules: list[QuestionRule] = []
    bank_rules: list[BankRule] = []
    for code in sorted(enabled):
        rule = registry[code]
        if rule.targets and not chosen_targets.intersection(rule.targets):
            continue
        parsed = _options(rule, *options[code]) if code in options else None
        if issubclass(rule, QuestionRule):
            question_rules.append(rule(parsed))
        elif issubclass(rule, BankRule):
            bank_rules.append(rule(parsed))
    return Settings(
        frozenset(enabled),
        chosen_targets,
        tuple(question_rules),
        tuple(bank_rules),
        tuple(s.display for s in sources),
    )


Source = _Source
"""One configuration source (pyproject.toml, bank.yaml or the command line)."""


def config_sources(loaded: LoadResult, *, use_pyproject: bool = True) -> list[_Source]:
    """The bank's lint configuration, in order: the nearest pyproject.toml, then bank.yaml.

    Raises `ConfigError` for a pyproject.toml that cannot be read or validated.
    """
    sources = []
    if use_pyproject:
        found = find_pyproject(loaded.root if loaded.root.is_dir() else Path.cwd())
        pyproject = read_pyproject(found) if found is not None else None
        if pyproject is not None:
            sources.append(pyproject)
    meta_source = bank_source(loaded.bank.meta.lint, loaded.meta_file)
    if meta_source is not None:
        sources.append(meta_source)
    return sources


def ignored_codes(sources: Sequence[_Source]) -> frozenset[str]:
    """Every code the sources' `ignore` lists name (prefixes expanded); unknown ones are errors."""
    codes: set[str] = set()
    for source in sources:
        codes.update(_codes(source, "ignore", source.config.ignore, strict_loader=True))
    return frozenset(codes)


def bank_source(config: LintConfig, meta_file: Any) -> _Source | None:
    """The `lint:` block of bank.yaml as a source (None when it sets nothing)."""
    if not config.model_fields_set:
        return None
    display = meta_file.display if meta_file is not None else "bank.yaml"
    locate = meta_file.locate if meta_file is not None else None
    return _Source(config, display, meta_locate=locate)
