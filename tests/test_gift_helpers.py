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


def export_bank(
    bank: Bank, *, source_of: dict[str, str] | None = None, **options: str
) -> ExportResult:
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
            return [shown(rt.parse(v)) for v in value]
        return [_norm(v, key, parent) for v in value]
    if isinstance(value, str):
        if key in MARKDOWN_KEYS or key == "right" or (key == "text" and parent == "options"):
            return shown(rt.parse(value))
        if key == "title":
            return _edges(qbank_gift.title_inlines(value))
        if key == "text" and parent == "answers":
            return value.strip()
    return value


def canonical(question: AnyQuestion) -> Any:
    """A question with every Markdown field replaced by its rich-text tree (what it shows)."""
    return _norm(question.model_dump(), None, None)


def _edges(nodes: tuple[rt.Inline, ...]) -> tuple[rt.Inline, ...]:
    """Drop whitespace at line ends (invisible in HTML; Moodle trims lines), merge text."""
    items: list[rt.Inline] = []
    for node in nodes:
        if isinstance(node, rt.Emph | rt.Strong):
            node = type(node)(_edges(node.children))
        elif isinstance(node, rt.Link):
            node = rt.Link(node.href, _edges(node.children))
        if isinstance(node, rt.Text) and items and isinstance(items[-1], rt.Text):
            items[-1] = rt.Text(items[-1].text + node.text)
        else:
            items.append(node)
    out: list[rt.Inline] = []
    for i, node in enumerate(items):
        if isinstance(node, rt.Text):
            text = node.text
            if i == 0 or isinstance(items[i - 1], rt.SoftBreak | rt.LineBreak):
                text = text.lstrip()
            if i == len(items) - 1 or isinstance(items[i + 1], rt.SoftBreak):
                text = text.rstrip()
            if not text:
                continue
            node = rt.Text(text)
        if isinstance(node, rt.SoftBreak) and out and isinstance(out[-1], rt.SoftBreak):
            continue  # a line of nothing but whitespace (a no-break space) inside a paragraph
        out.append(node)
    return tuple(out)


def shown(doc: rt.Document) -> Any:
    """A document with whitespace at line edges dropped (what a reader sees)."""
    out: list[Any] = []
    for block in doc:
        if isinstance(block, rt.Paragraph) and not _edges(block.children):
            continue  # a paragraph of nothing but whitespace (e.g. a no-break space) shows nothing
        if isinstance(block, rt.Paragraph | rt.Heading):
            out.append((type(block).__name__, getattr(block, "level", 0), _edges(block.children)))
        elif isinstance(block, rt.BulletList | rt.OrderedList):
            out.append(
                (
                    type(block).__name__,
                    block.tight,
                    getattr(block, "start", 1),
                    tuple(shown(item) for item in block.items),
                )
            )
        elif isinstance(block, rt.Quote):
            out.append(("Quote", shown(block.children)))
        elif isinstance(block, rt.Table):
            out.append(
                (
                    "Table",
                    tuple(_edges(c) for c in block.header),
                    tuple(tuple(_edges(c) for c in row) for row in block.rows),
                    block.align,
                )
            )
        else:
            out.append(block)
    return tuple(out)
