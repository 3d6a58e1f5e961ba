"""The canonical JSON form of a bank: writing it, and reading it back with a version check."""

from __future__ import annotations

import json
from typing import Any

from pydantic import ValidationError

from qbank.model import SCHEMA_VERSION, Bank


class IncompatibleVersionError(ValueError):
    """A JSON bank written with another major schema version."""


class BankJSONError(ValueError):
    """A JSON bank that cannot be read (bad JSON or not a valid bank)."""


def dumps_bank(bank: Bank) -> str:
    """The canonical JSON of a bank: UTF-8 (not ASCII-escaped), stable key order, final newline."""
    current = (
        bank
        if bank.schema_version == SCHEMA_VERSION
        else bank.model_copy(update={"schema_version": SCHEMA_VERSION})
    )
    # pydantic's serializer (Rust) keeps model field order and writes UTF-8 unescaped.
    return current.model_dump_json(indent=2) + "\n"


def _major(version: str) -> str:
    return version.split(".", 1)[0]


def loads_bank(text: str) -> Bank:
    """Read canonical JSON back into an equal `Bank`; refuse an incompatible major version."""
    try:
        data: Any = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BankJSONError(
            f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from exc
    if not isinstance(data, dict):
        raise BankJSONError(
            "a qbank JSON file holds an object with schema_version, meta and questions"
        )
    version = data.get("schema_version")
    if not isinstance(version, str):
        raise BankJSONError("missing schema_version: this is not a qbank JSON export")
    if _major(version) != _major(SCHEMA_VERSION):
        raise IncompatibleVersionError(
            f"schema_version {version} is not compatible with this qbank "
            f"(reads {_major(SCHEMA_VERSION)}.x); export it again with a matching qbank"
        )
    try:
        return Bank.model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in first["loc"])
        raise BankJSONError(f"not a valid qbank bank: {where}: {first['msg']}") from exc
