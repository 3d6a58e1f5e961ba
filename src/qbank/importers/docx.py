"""Word reader (python-docx): the text rules over paragraphs, plus Word numbering and bold keys."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qbank.diagnostics import Diagnostic, Location, error, warning
from qbank.importers import IMPORT_LOSS, UNREADABLE_SOURCE, ImportResult
from qbank.importers.text import Line, parse_lines

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
_CHINESE_DIGITS = "零一二三四五六七八九十"


@dataclass(frozen=True, slots=True)
class _Level:
    fmt: str
    text: str
    start: int


@dataclass
class _Numbering:
    """Word list numbering: the level formats of every list, and running counters."""

    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)
    counters: dict[str, list[int]] = field(default_factory=dict)

    def label(self, num_id: str, ilvl: int) -> str | None:
        """The label Word shows for the next paragraph of list `num_id` at level `ilvl`."""
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels:
            return None
        counts = self.counters.setdefault(num_id, [0] * 9)
        level = levels[ilvl]
        counts[ilvl] = (counts[ilvl] or level.start - 1) + 1
        for deeper in range(ilvl + 1, 9):
            counts[deeper] = 0
        if level.fmt == "bullet":
            return "-"
        if level.fmt == "none":
            return None
        text = level.text
        for n in range(9, 0, -1):
            lvl = levels.get(n - 1)
            value = counts[n - 1] or (lvl.start if lvl else 1)
            text = text.replace(f"%{n}", _format(value, lvl.fmt if lvl else "decimal"))
        return text.strip() or None


def _format(value: int, fmt: str) -> str:
    if fmt in ("upperLetter", "lowerLetter"):
        return chr(ord("A") + (value - 1) % 26)
    if fmt in ("upperRoman", "lowerRoman"):
        numerals = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
        out = ""
        for size, mark in numerals:
            while value >= size:
                out += mark
                value -= size
        return out if fmt == "upperRoman" else out.lower()
    if fmt.startswith(("chinese", "ideograph", "japanese", "taiwanese")) and 0 < value <= 10:
        return _CHINESE_DIGITS[value]
    return str(value)


def _read_numbering(document: Any) -> _Numbering:
    numbering = _Numbering()
    try:
        root = document.part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):
        return numbering
    abstract: dict[str, dict[int, _Level]] = {}
    for node in root.iter(f"{_W}abstractNum"):
        levels: dict[int, _Level] = {}
        for lvl in node.iter(f"{_W}lvl"):
            levels[int(lvl.get(f"{_W}ilvl", "0"))] = _level(lvl)
        abstract[node.get(f"{_W}abstractNumId", "")] = levels
    for num in root.iter(f"{_W}num"):
        ref = num.find(f"{_W}abstractNumId")
        levels = dict(abstract.get(ref.get(f"{_W}val", "") if ref is not None else "", {}))
        for override in num.iter(f"{_W}lvlOverride"):
            lvl = override.find(f"{_W}lvl")
            if lvl is not None:
                levels[int(override.get(f"{_W}ilvl", "0"))] = _level(lvl)
        numbering.levels[num.get(f"{_W}numId", "")] = levels
    return numbering


def _level(lvl: Any) -> _Level:
    def val(tag: str, default: str) -> str:
        node = lvl.find(f"{_W}{tag}")
        return str(node.get(f"{_W}val", default)) if node is not None else default

    start = val("start", "1")
    return _Level(
        val("numFmt", "decimal"), val("lvlText", ""), int(start) if start.isdigit() else 1
    )


def _num_pr(paragraph: Any) -> tuple[str, int] | None:
    """(numId, ilvl) of a paragraph, from its own properties or its style chain."""
    holders = [paragraph._p.pPr]
    style = paragraph.style
    while style is not None:
        holders.append(style.element.pPr)
        style = style.base_style
    for ppr in holders:
        num_pr = ppr.find(f"{_W}numPr") if ppr is not None else None
        if num_pr is None:
            continue
        num_id = num_pr.find(f"{_W}numId")
        ilvl = num_pr.find(f"{_W}ilvl")
        if num_id is None:
            continue
        value = num_id.get(f"{_W}val", "0")
        level = int(ilvl.get(f"{_W}val", "0")) if ilvl is not None else 0
        return (value, level) if value != "0" else None
    return None


def _bold(paragraph: Any) -> bool:
    runs = [r for r in paragraph.runs if r.text.strip()]
    style_bold = bool(paragraph.style is not None and paragraph.style.font.bold)
    return bool(runs) and all(r.bold or (r.bold is None and style_bold) for r in runs)


def _paragraphs(document: Any) -> Iterator[Any]:
    """Body paragraphs in order, including those inside table cells (each cell once)."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for child in document.element.body.iterchildren():
        if child.tag == f"{_W}p":
            yield Paragraph(child, document)
        elif child.tag == f"{_W}tbl":
            seen: set[int] = set()
            for row in Table(child, document).rows:
                for cell in row.cells:
                    if id(cell._tc) in seen:
                        continue
                    seen.add(id(cell._tc))
                    yield from cell.paragraphs


def read(path: Path) -> ImportResult:
    """Read a Word (.docx) quiz; never raises for bad input."""
    display = path.as_posix()
    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError

        try:
            document = docx.Document(str(path))
        except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
            reason = str(exc) or type(exc).__name__
            return ImportResult(
                diagnostics=[
                    error(
                        UNREADABLE_SOURCE,
                        f"not a readable Word (.docx) file: {reason}",
                        Location(display),
                        help="save it from Word as .docx (old .doc files must be converted)",
                    )
                ]
            )
    except OSError as exc:
        message = f"cannot read file: {exc.strerror or exc}"
        return ImportResult(diagnostics=[error(UNREADABLE_SOURCE, message, Location(display))])
    numbering = _read_numbering(document)
    lines: list[Line] = []
    losses: list[Diagnostic] = []
    for number, paragraph in enumerate(_paragraphs(document), start=1):
        text = paragraph.text.replace("\t", " ").strip()
        element = paragraph._p
        lost = [
            what
            for what, found in (
                (
                    "an image",
                    element.find(f".//{_W}drawing") is not None
                    or element.find(f".//{_W}pict") is not None,
                ),
                ("an equation", element.find(f".//{_M}oMath") is not None),
            )
            if found
        ]
        for what in lost:
            losses.append(
                warning(
                    IMPORT_LOSS,
                    f"{what} in this paragraph is not imported",
                    Location(display, number, 1),
                    help="add it to the question by hand (images as ![alt](file.png))",
                )
            )
        num = _num_pr(paragraph)
        label = numbering.label(*num) if num and text else None
        if label:
            text = f"{label} {text}"
        lines.append(Line(number, text, _bold(paragraph)))
    if not any(line.text for line in lines):
        losses.append(error(UNREADABLE_SOURCE, "the document has no text", Location(display)))
        return ImportResult(diagnostics=losses)
    result = parse_lines(lines, display, source_name=path.name, unit="paragraph")
    result.diagnostics = sorted([*result.diagnostics, *losses], key=Diagnostic.sort_key)
    return result


def sniff(path: Path, head: bytes) -> bool:
    """A .docx name, or a zip whose first entry is a Word part."""
    if path.suffix.lower() in (".docx", ".docm"):
        return True
    return head.startswith(b"PK\x03\x04") and (b"word/" in head or b"[Content_Types].xml" in head)
