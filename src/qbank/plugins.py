"""The writer contract (`Exporter`) and discovery through the `qbank.exporters` entry points."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path
from typing import Any, Protocol, TypeVar, runtime_checkable

from pydantic import BaseModel, ConfigDict, ValidationError

from qbank.diagnostics import Diagnostic
from qbank.model import Bank
from qbank.paper import Paper

GROUP = "qbank.exporters"
"""The entry-point group every writer, built-in or third-party, registers in."""


class NoOptions(BaseModel):
    """Options model of a writer that takes none."""

    model_config = ConfigDict(extra="forbid", frozen=True)


@dataclass(frozen=True, slots=True)
class Output:
    """One file a writer produces: a path relative to the output folder, and its content."""

    path: str
    content: str | bytes


@dataclass(frozen=True)
class ExportRequest:
    """Everything a writer gets: the bank, the assembled papers and its validated options."""

    bank: Bank
    papers: Sequence[Paper]
    options: BaseModel
    bank_dir: Path = Path("bank")
    exam: str | None = None
    source_of: Mapping[str, str] = field(default_factory=dict)
    """Question id -> the file it was read from (as displayed), for diagnostics."""


@dataclass(frozen=True)
class ExportResult:
    """What a writer returns: its files, and a diagnostic for everything it could not carry."""

    outputs: list[Output]
    diagnostics: list[Diagnostic] = field(default_factory=list)


@runtime_checkable
class Exporter(Protocol):
    """A writer. `binary` says whether its outputs are bytes (True) or str (False)."""

    name: str
    description: str
    suffix: str
    binary: bool
    options_model: type[BaseModel]

    def export(self, request: ExportRequest) -> ExportResult:
        """Render the request into files (in memory; qbank writes them atomically)."""
        ...


class UnknownFormatError(LookupError):
    """No installed writer has the requested name."""

    def __init__(self, name: str, installed: Sequence[str]) -> None:
        self.name = name
        self.installed = list(installed)
        listing = ", ".join(self.installed) or "none"
        super().__init__(f"unknown format '{name}'; installed formats: {listing}")


class PluginError(RuntimeError):
    """A writer could not be loaded or does not follow the contract."""


class OptionsError(ValueError):
    """Options given to a writer are not valid for it."""


def _entry_points() -> dict[str, EntryPoint]:
    found: dict[str, EntryPoint] = {}
    for ep in entry_points(group=GROUP):
        found.setdefault(ep.name, ep)
    return dict(sorted(found.items()))


def available() -> list[str]:
    """Names of every installed writer, sorted."""
    return list(_entry_points())


def load(name: str) -> Exporter:
    """Load the writer registered under `name`."""
    eps = _entry_points()
    ep = eps.get(name)
    if ep is None:
        raise UnknownFormatError(name, list(eps))
    try:
        obj: Any = ep.load()
    except Exception as exc:  # a broken third-party plugin must not crash qbank
        raise PluginError(f"writer '{name}' ({ep.value}) failed to load: {exc}") from exc
    if isinstance(obj, type):
        obj = obj()
    if not isinstance(obj, Exporter):
        raise PluginError(f"writer '{name}' ({ep.value}) does not implement the Exporter protocol")
    return obj


def load_all() -> list[Exporter]:
    """Every installed writer, sorted by name."""
    return [load(name) for name in available()]


_Options = TypeVar("_Options", bound=BaseModel)


def options_as(request: ExportRequest, model: type[_Options]) -> _Options:
    """A writer's options as its own model (a caller may have built the request with another)."""
    options = request.options
    if isinstance(options, model):
        return options
    return model.model_validate(options.model_dump())


def parse_options(exporter: Exporter, raw: Mapping[str, Any]) -> BaseModel:
    """Validate `key=value` options for a writer; an unknown key lists the valid ones."""
    model = exporter.options_model
    try:
        return model.model_validate(dict(raw))
    except ValidationError as exc:
        fields = ", ".join(sorted(model.model_fields)) or "none"
        problems = []
        for err in exc.errors(include_url=False):
            key = ".".join(str(p) for p in err["loc"])
            if err["type"] == "extra_forbidden":
                problems.append(f"unknown option '{key}'")
            else:
                problems.append(f"option '{key}': {err['msg']}")
        raise OptionsError(
            f"{'; '.join(problems)} for format '{exporter.name}' (valid options: {fields})"
        ) from exc
