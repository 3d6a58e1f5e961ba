"""The JSON writer and reader: canonical, deterministic, UTF-8, and a lossless round trip."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from qbank import api
from qbank.jsonio import BankJSONError, IncompatibleVersionError, dumps_bank, loads_bank
from qbank.load import load_bank
from qbank.model import SCHEMA_VERSION, Bank
from tests.strategies import banks


def test_seed_bank_round_trips(sample_bank: Path) -> None:
    bank = load_bank(sample_bank).bank
    text = dumps_bank(bank)
    assert "池化层" in text and "\\u" not in text
    assert loads_bank(text) == bank
    assert json.loads(text)["schema_version"] == SCHEMA_VERSION


def test_output_is_deterministic_and_stable(showcase_bank: Path) -> None:
    a = dumps_bank(load_bank(showcase_bank).bank)
    b = dumps_bank(load_bank(showcase_bank).bank)
    assert a == b
    data = json.loads(a)
    assert list(data) == ["schema_version", "meta", "questions"]
    assert list(data["questions"][0])[:3] == ["id", "stem", "explanation"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(banks())
def test_generated_banks_round_trip(bank: Bank) -> None:
    assert loads_bank(dumps_bank(bank)) == bank


def test_incompatible_major_version_is_refused(sample_bank: Path) -> None:
    data = json.loads(dumps_bank(load_bank(sample_bank).bank))
    data["schema_version"] = "2.0"
    with pytest.raises(IncompatibleVersionError, match=r"schema_version 2\.0 is not compatible"):
        loads_bank(json.dumps(data))
    data["schema_version"] = "1.7"
    assert loads_bank(json.dumps(data)).meta.title == "深度学习测验"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{", "invalid JSON at line 1"),
        ("[]", "holds an object"),
        ('{"meta": {}}', "missing schema_version"),
        ('{"schema_version": "1.0", "meta": {"title": ""}}', "meta.title"),
    ],
)
def test_bad_json_is_a_clear_error(text: str, message: str) -> None:
    with pytest.raises(BankJSONError, match=message):
        loads_bank(text)


def test_json_writer_through_the_api(sample_bank: Path, tmp_path: Path) -> None:
    report = api.export(loaded=api.validate(bank=sample_bank), format="json", out_dir=tmp_path)
    assert [p.name for p in report.written] == ["bank.json"]
    assert (
        loads_bank((tmp_path / "bank.json").read_text(encoding="utf-8"))
        == load_bank(sample_bank).bank
    )
