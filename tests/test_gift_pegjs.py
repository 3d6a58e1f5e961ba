"""Independent check: gift-pegjs (npm) parses every GIFT file we write and agrees with the bank."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from qbank.api import validate
from qbank.model import (
    Description,
    Essay,
    Matching,
    MultipleChoice,
    Numerical,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
)
from tests.conftest import require_tool
from tests.test_gift_helpers import export_folder

JS = Path(__file__).resolve().parent / "js"
KINDS = {
    SingleChoice: "MC",
    MultipleChoice: "MC",
    TrueFalse: "TF",
    ShortAnswer: "Short",
    Numerical: "Numerical",
    Matching: "Matching",
    Essay: "Essay",
    Description: "Description",
}


def pegjs(path: Path) -> list[dict[str, Any]]:
    node = require_tool("node", "the independent GIFT parser runs on Node.js")
    if not (JS / "node_modules" / "gift-pegjs").is_dir():
        import os

        message = "gift-pegjs is not installed: run `npm ci --prefix tests/js`"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    run = subprocess.run(
        [node, str(JS / "gift2json.js"), str(path)], capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stderr
    parsed: list[dict[str, Any]] = json.loads(run.stdout)
    return parsed


@pytest.mark.parametrize("which", ["sample", "showcase"])
def test_pegjs_agrees(which: str, sample_bank: Path, showcase_bank: Path, tmp_path: Path) -> None:
    folder = sample_bank if which == "sample" else showcase_bank
    text, _ = export_folder(folder)
    path = tmp_path / "bank.gift"
    path.write_text(text, encoding="utf-8")
    items = [q for q in pegjs(path) if q["type"] != "Category"]
    bank = validate(bank=folder).bank
    assert len(items) == len(bank.questions)
    for q, item in zip(bank.questions, items, strict=True):
        assert item["type"] == KINDS[type(q)], q.id
        assert item["title"] == q.id
        assert item["id"] == q.id
        assert (item["tags"] or []) == q.tags
        assert item["stem"]["format"] == "html"
        assert (item.get("globalFeedback") is not None) == bool(q.explanation) or isinstance(
            q, Description
        )
        match q:
            case SingleChoice():
                weights = [c["isCorrect"] for c in item["choices"]]
                assert weights == [i == q.key_indices[0] for i in range(len(q.options))]
                fbs = [c["feedback"] is not None for c in item["choices"]]
                assert fbs == [o.feedback is not None for o in q.options]
            case MultipleChoice():
                signs = [c["weight"] > 0 for c in item["choices"]]
                assert signs == [i in q.key_indices for i in range(len(q.options))]
                total = sum(c["weight"] for c in item["choices"] if c["weight"] > 0)
                assert abs(total - 100) < 0.001
            case TrueFalse():
                assert item["isTrue"] == q.answer
                # Moodle order: the first feedback is for a wrong response
                first = item["trueFeedback"]["text"] if item["trueFeedback"] else ""
                second = item["falseFeedback"]["text"] if item["falseFeedback"] else ""
                assert bool(first) == bool(q.incorrect_feedback)
                assert bool(second) == bool(q.correct_feedback)
            case ShortAnswer():
                got = [(c["text"]["text"], c["weight"]) for c in item["choices"]]
                assert got == [(a.text, a.weight) for a in q.answers]
            case Numerical():
                assert len(item["choices"]) == len(q.answers)
                for c, a in zip(item["choices"], q.answers, strict=True):
                    assert c["weight"] == a.weight
                    if a.value is not None:
                        assert c["text"]["number"] == a.value
                    else:
                        assert (c["text"]["numberLow"], c["text"]["numberHigh"]) == (a.min, a.max)
            case Matching():
                rights = [p["subanswer"] for p in item["matchPairs"]]
                assert rights == [p.right for p in q.pairs] + list(q.distractors)
            case Essay() | Description():
                pass
