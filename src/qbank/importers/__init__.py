"""Readers that turn existing quizzes (plain text, Word, Aiken, GIFT) into canonical questions."""

from __future__ import annotations

import codecs
import importlib
import importlib.util
import re
import unicodedata
from collections.abc import Callable, Container, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, cast

from qbank.diagnostics import Diagnostic, Location, error
from qbank.model import AnyQuestion

# Stable codes of what an import reports (QB5xx: import; see docs/import.md).
UNPLACED_LINE = "QB501"
IMPORT_LOSS = "QB502"
MALFORMED_QUESTION = "QB503"
UNREADABLE_SOURCE = "QB504"


@dataclass
class ImportResult:
    """What a reader made of a file: questions, and a diagnostic for every line not placed."""

    questions: list[AnyQuestion] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    encoding: str | None = None
    """The text encoding the file was read in (None for a binary format such as Word)."""
    lines: dict[str, int] = field(default_factory=dict)
    """Question id -> the line (or Word paragraph) where the question starts."""
    folders: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Question id -> the subfolder of the import's folder it goes in (from GIFT categories)."""


class Reader(Protocol):
    """A reader module: `read` a file, and `sniff` whether a file looks like its format."""

    def read(self, path: Path) -> ImportResult:
        """Read one file into questions; never raise for bad input, report it instead."""
        ...

    def sniff(self, path: Path, head: bytes) -> bool:
        """Whether the file (its path and first bytes) looks like this reader's format."""
        ...


READERS: dict[str, str] = {
    "docx": "qbank.importers.docx",
    "gift": "qbank.importers.gift",
    "aiken": "qbank.importers.aiken",
    "text": "qbank.importers.text",
}
"""Format name -> module; `qbank import --from NAME`. Order is the order formats are sniffed in:
the binary Word format first (its zip signature is conclusive), plain text last (the fallback)."""


class ReaderUnavailableError(LookupError):
    """A format is listed in READERS but its reader module is not installed."""


def reader(name: str) -> Reader:
    """The reader module for a format name (KeyError for an unknown one)."""
    module_name = READERS[name]
    try:
        return cast(Reader, importlib.import_module(module_name))
    except ModuleNotFoundError as exc:
        if exc.name != module_name:
            raise
        raise ReaderUnavailableError(f"the {name} reader is not available") from exc


def available() -> list[str]:
    """Formats whose reader module can be imported, in sniffing order."""
    return [name for name in READERS if importlib.util.find_spec(READERS[name]) is not None]


def guess(path: Path, head: bytes) -> str | None:
    """The first format whose reader recognises the file, else None."""
    for name in available():
        if reader(name).sniff(path, head):
            return name
    return None


# --------------------------------------------------------------------------- decoding text

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ufffe\uffff]")


def _utf16_without_bom(data: bytes) -> str | None:
    """`utf-16-le`/`-be` when every other byte is NUL (ASCII-heavy UTF-16 with no BOM)."""
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2], data[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def looks_binary(head: bytes) -> bool:
    """Whether bytes look like binary data rather than text in a known encoding."""
    return bool(head) and decode_bytes(head, partial=True)[0] is None


def decode_bytes(data: bytes, *, partial: bool = False) -> tuple[str | None, str]:
    """Decode a text file: BOM, then UTF-8, UTF-16 without BOM, GB18030; (None, why) if binary.

    With `partial`, the data may be cut in the middle of a character (a file's first bytes).
    """
    encodings: list[str] = [name for bom, name in _BOMS if data.startswith(bom)][:1]
    if not encodings:
        if b"\x00" in data:
            utf16 = _utf16_without_bom(data if len(data) % 2 == 0 else data[:-1])
            if utf16 is None:
                return None, f"binary data (a NUL byte at offset {data.index(0)})"
            encodings = [utf16]
        else:
            encodings = ["utf-8", "gb18030"]
    for encoding in encodings:
        try:
            text = codecs.getincrementaldecoder(encoding)().decode(data, final=not partial)
        except UnicodeDecodeError:
            continue
        controls = len(_CONTROL.findall(text))
        if controls > max(2, len(text) // 100):
            return None, "binary data (control characters)"
        return text, encoding
    return None, "not text in UTF-8, UTF-16 or GB18030"


def read_source_text(path: Path) -> tuple[str | None, str, list[Diagnostic]]:
    """Read a text file for import: (text with LF line ends, encoding, diagnostics)."""
    display = path.as_posix()
    try:
        data = path.read_bytes()
    except OSError as exc:
        message = f"cannot read file: {exc.strerror or exc}"
        return None, "", [error(UNREADABLE_SOURCE, message, Location(display))]
    text, how = decode_bytes(data)
    if text is None:
        return (
            None,
            "",
            [
                error(
                    UNREADABLE_SOURCE,
                    f"cannot read the file as text: {how}",
                    Location(display),
                    help="save it as plain text (UTF-8, UTF-16 or GB18030) or give --from",
                )
            ],
        )
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        return None, how, [error(UNREADABLE_SOURCE, "the file is empty", Location(display))]
    return text, how, []


def slugify(text: str, *, fallback: str = "q") -> str:
    """A question id from a name or stem: ASCII lower-case words joined by '-' (max 60 chars)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    slug = "-".join(words)[:60].strip("-")
    return slug or fallback


def unique_ids(
    bases: Iterable[str], taken: Iterable[str] = (), *, fmt: Callable[[str, int], str] | None = None
) -> list[str]:
    """De-duplicate ids in order: `a`, `a-2`, `a-3`, ... avoiding every id in `taken`."""
    used = set(taken)
    out: list[str] = []
    for base in bases:
        candidate = unique_id(base, used, fmt=fmt)
        used.add(candidate)
        out.append(candidate)
    return out


def unique_id(
    base: str, taken: Container[str], *, fmt: Callable[[str, int], str] | None = None
) -> str:
    """`base`, or `base-2`, `base-3`, ... : the first that is not in `taken`."""
    make = fmt or (lambda base, n: f"{base}-{n}")
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = make(base, n)
    return candidate
