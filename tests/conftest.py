"""Shared test fixtures: the sample bank, golden files (`--update-golden`) and required tools."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BANK = ROOT / "bank"
GOLDEN = Path(__file__).resolve().parent / "golden"
SHOWCASE = Path(__file__).resolve().parent / "data" / "showcase"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="Rewrite golden files from the current output (then read the diff).",
    )


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[str, str], None]:
    """Compare text with tests/golden/<name>; `--update-golden` rewrites it instead."""
    update = bool(request.config.getoption("--update-golden"))

    def check(name: str, actual: str) -> None:
        path = GOLDEN / name
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(actual, encoding="utf-8")
            return
        assert path.exists(), f"missing golden file {path}; run pytest --update-golden"
        expected = path.read_text(encoding="utf-8")
        assert actual == expected, (
            f"output differs from {path}; run pytest --update-golden and read the diff"
        )

    return check


def require_tool(name: str, why: str = "") -> str:
    """Path of an external tool; skip visibly when missing locally, fail when CI=true."""
    found = shutil.which(name)
    if found:
        return found
    message = f"{name} is not installed{': ' + why if why else ''}"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{message} (CI must install it in .ci/run)")
    pytest.skip(message)
    raise AssertionError("unreachable")


@pytest.fixture
def sample_bank() -> Path:
    """The committed sample bank (the Chinese seed quiz)."""
    return BANK


@pytest.fixture
def showcase_bank() -> Path:
    """The showcase bank: every question type and every rich-text element, Chinese and English."""
    return SHOWCASE
