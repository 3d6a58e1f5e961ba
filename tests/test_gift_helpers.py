"""Helpers shared by the GIFT tests (no tests here): export a bank to GIFT, compare models."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import qbank_gift
from qbank import richtext as rt
from qbank.api import validate
from qbank.model import AnyQuestion, Bank
from qbank.plugins import ExportRequest, ExportResult

MARKDOWN_KEYS = {"stem", "feedback", "correct_feedback", "incorrect_feedback", "body", "left"}


def export_bank(bank: Bank, source_of: dict[str, str] | None = None, **options: str) -> ExportResult:
    request = ExportRequest(
        bank=bank,
        papers=[],
        options=qbank_gift.GiftOptions.model_validate(options),
        bank_dir=Path("bank"),
        source_of=source_of or {},
    )
    return qbank_gift.exporter.export(request)


def export_folder(folder: Path, **options: str) -> tuple[str, ExportResult]:
    loaded = validate(bank=folder)
    assert loaded.ok, loaded.diagnostics
    source_of = {qid: origin.path for qid, origin in loaded.origins.items()}
    request = ExportRequest(
        bank=loaded.bank,
        papers=[],
        options=qbank_gift.GiftOptions.model_validate(options),
        bank_dir=loaded.root,
        source_of=source_of,
    )
    result = qbank_gift.exporter.export(request)
    content = result.outputs[0].content
    assert isinstance(content, str)
    return content, result


def _norm(value: Any, key: str | None, parent: str | None) -> Any:
    if isinstance(value, dict):
        return {k: _norm(v, k, key) for k, v in value.items()}
    if isinstance(value, list):
        if key == "distractors":
            return [rt.parse(v) for v in value]
        return [_norm(v, None, key) for v in value]
    if isinstance(value, str):
        if key in MARKDOWN_KEYS or key == "right" or (key == "text" and parent == "options"):
            return rt.parse(value)
        if key == "title":
            return qbank_gift.title_inlines(value)
        if key == "text" and parent == "answers":
            return value.strip()
    return value


def canonical(question: AnyQuestion) -> Any:
    """A question with every Markdown field replaced by its rich-text tree (what it shows)."""
    return _norm(question.model_dump(), None, None)
