"""The committed JSON Schemas: generated from the model, never drifting, agreeing with pydantic."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from pydantic import TypeAdapter, ValidationError

from qbank import schema
from qbank.model import BankMeta, Question

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schema"


def test_committed_schemas_match_the_model() -> None:
    assert schema.drift(SCHEMA_DIR) == [], "schema/ is stale: run `qbank schema` and commit it"


def test_drift_is_detected(tmp_path: Path) -> None:
    for name, doc in schema.documents().items():
        (tmp_path / name).write_text(schema.render(doc), encoding="utf-8")
    assert schema.drift(tmp_path) == []
    (tmp_path / "bank.schema.json").write_text("{}", encoding="utf-8")
    (tmp_path / "qbank.schema.json").unlink()
    assert sorted(schema.drift(tmp_path)) == ["bank.schema.json", "qbank.schema.json"]


def test_schemas_are_valid_json_schema() -> None:
    for name in schema.documents():
        doc = json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))
        jsonschema.Draft202012Validator.check_schema(doc)


def test_every_field_is_documented() -> None:
    def walk(node: Any, where: str) -> None:
        if isinstance(node, dict):
            for name, prop in node.get("properties", {}).items():
                assert "description" in prop, f"{where}.{name} has no description"
            for key, value in node.items():
                walk(value, f"{where}.{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{where}[{i}]")

    for name, doc in schema.documents().items():
        walk(doc, name)


BASE: dict[str, Any] = {
    "id": "q",
    "type": "single_choice",
    "stem": "题干",
    "options": ["是", "否"],
    "answer": "A",
}

# (document, valid?) pairs that both validators must judge alike.
AGREE: list[tuple[Any, bool]] = [
    (BASE, True),
    ({**BASE, "answer": "b"}, True),
    ({**BASE, "answer": ["B"]}, True),
    ({**BASE, "options": ["a", {"text": "b", "feedback": "f", "pin": True}]}, True),
    ({**BASE, "explanation": "plain"}, True),
    ({**BASE, "explanation": ["a", {"title": "t", "body": "b"}]}, True),
    ({**BASE, "type": "multiple_choice", "answer": "AB", "scoring": "all_or_nothing"}, True),
    ({"id": "t", "type": "true_false", "stem": "s", "answer": False}, True),
    (
        {
            "id": "s",
            "type": "short_answer",
            "stem": "s",
            "answers": ["x", {"text": "y", "weight": 50}],
        },
        True,
    ),
    ({"id": "n", "type": "numerical", "stem": "s", "answers": [3, {"min": 1, "max": 2}]}, True),
    (
        {"id": "m", "type": "matching", "stem": "s", "pairs": [{"left": "a", "right": "b"}] * 2},
        True,
    ),
    ({"id": "e", "type": "essay", "stem": "s", "answer_lines": 3}, True),
    ({"id": "d", "type": "description", "stem": "s"}, True),
    ([BASE, {**BASE, "id": "q2"}], True),
    ({**BASE, "anwser": "A"}, False),
    ({key: value for key, value in BASE.items() if key != "stem"}, False),
    ({**BASE, "type": "riddle"}, False),
    ({**BASE, "stem": "   "}, False),
    ({**BASE, "stem": 3}, False),
    ({**BASE, "options": ["only"]}, False),
    ({**BASE, "id": "Not A Slug"}, False),
    ({**BASE, "lang": "chinese!"}, False),
    ({**BASE, "points": 0}, False),
    ({**BASE, "difficulty": "trivial"}, False),
    ({**BASE, "options": ["a", {"text": "b", "colour": "red"}]}, False),
    ({"id": "t", "type": "true_false", "stem": "s", "answer": "yes"}, False),
    ({"id": "e", "type": "essay", "stem": "s", "answer_lines": 0}, False),
    ({"id": "m", "type": "matching", "stem": "s", "pairs": [{"left": "a", "right": "b"}]}, False),
    ({"id": "n", "type": "numerical", "stem": "s", "answers": []}, False),
    ({**BASE, "lint": {"ignore": ["QB203"]}}, True),
    ({**BASE, "lint": {"ignore": ["E501"]}}, False),
    ("just a string", False),
]

# Invariants JSON Schema cannot express (cross-field): pydantic rejects, the schema lets through.
PYDANTIC_ONLY: list[Any] = [
    {**BASE, "answer": "E"},
    {**BASE, "answer": "AB"},
    {**BASE, "type": "multiple_choice", "answer": "AA"},
    {"id": "s", "type": "short_answer", "stem": "s", "answers": [{"text": "y", "weight": 50}]},
    {"id": "n", "type": "numerical", "stem": "s", "answers": [{"min": 3, "max": 1}]},
]


def _pydantic_accepts(doc: Any) -> bool:
    try:
        TypeAdapter(Question | list[Question]).validate_python(doc)
    except ValidationError:
        return False
    return True


def _schema_accepts(doc: Any) -> bool:
    validator = jsonschema.Draft202012Validator(schema.documents()["question.schema.json"])
    return validator.is_valid(doc)


@pytest.mark.parametrize(("doc", "valid"), AGREE)
def test_jsonschema_and_pydantic_agree(doc: Any, valid: bool) -> None:
    assert _pydantic_accepts(doc) is valid
    assert _schema_accepts(doc) is valid


@pytest.mark.parametrize("doc", PYDANTIC_ONLY)
def test_cross_field_invariants_are_enforced_by_the_model(doc: Any) -> None:
    assert not _pydantic_accepts(doc)


def test_bank_yaml_schema_agrees() -> None:
    validator = jsonschema.Draft202012Validator(schema.documents()["bank.schema.json"])
    good = {"title": "T", "lang": "zh-CN", "defaults": {"points": 2}}
    bad = {"title": "T", "language": "zh"}
    assert validator.is_valid(good) and BankMeta.model_validate(good)
    assert not validator.is_valid(bad)
    with pytest.raises(ValidationError):
        BankMeta.model_validate(bad)
