"""JSON Schemas generated from the model: question files, bank.yaml and the JSON export."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

from qbank.model import Bank, BankMeta, Question

DRAFT = "https://json-schema.org/draft/2020-12/schema"


def documents() -> dict[str, dict[str, Any]]:
    """File name -> JSON Schema, for every schema qbank publishes."""
    question_file: dict[str, Any] = TypeAdapter(Question | list[Question]).json_schema()
    question_file.update(
        title="qbank question file",
        description="One qbank question (a mapping) or a list of questions.",
    )
    meta: dict[str, Any] = BankMeta.model_json_schema()
    meta["title"] = "qbank bank.yaml"
    export: dict[str, Any] = Bank.model_json_schema()
    export["title"] = "qbank JSON export"
    docs = {
        "question.schema.json": question_file,
        "bank.schema.json": meta,
        "qbank.schema.json": export,
    }
    return {name: {"$schema": DRAFT, **doc} for name, doc in docs.items()}


def render(doc: dict[str, Any]) -> str:
    """Serialise a schema the way it is committed."""
    return json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def drift(folder: Path) -> list[str]:
    """Names of the schema files in `folder` that are missing or differ from the model."""
    stale = []
    for name, doc in documents().items():
        path = folder / name
        try:
            current = path.read_text(encoding="utf-8")
        except OSError:
            stale.append(name)
            continue
        if current != render(doc):
            stale.append(name)
    return stale
