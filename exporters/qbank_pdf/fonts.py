"""Font choice for the PDF writer: Latin, CJK (embedded TrueType or built-in CID), monospace."""

from __future__ import annotations

import hashlib
import re
import shutil
import string
import subprocess
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from reportlab import rl_config
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFError, TTFont

BUILTIN = "builtin"
"""`-o font=builtin`: use reportlab's built-in CID font, with no font file."""

CID_FALLBACK = "STSong-Light"
LATIN = "QBSans"
MONO = "Courier"

_VERA = {
    "": "Vera.ttf",
    "-Bold": "VeraBd.ttf",
    "-Italic": "VeraIt.ttf",
    "-BoldItalic": "VeraBI.ttf",
}


class FontProblemError(Exception):
    """A font file that cannot be used (missing, unreadable, CFF outlines, not a font)."""


@dataclass
class FontSet:
    """The fonts of one document and which one draws each character."""

    latin: str
    cjk: str
    mono: str
    cjk_file: str | None
    """The embedded CJK font file, or None when the built-in CID font is used."""
    symbol: str | None = None
    notes: list[str] = field(default_factory=list)
    """Why candidates were skipped (shown in diagnostics)."""
    _latin_cmap: frozenset[int] = frozenset()
    _cjk_cmap: frozenset[int] | None = None
    _symbol_cmap: frozenset[int] = frozenset()
    _cjk_latin: bool = False
    """The CJK font has proportional glyphs for every ASCII letter and digit."""
    _cache: dict[tuple[str, bool], str] = field(default_factory=dict)
    _cache_cjk: dict[tuple[str, bool, bool], str] = field(default_factory=dict)
    missing: set[str] = field(default_factory=set)
    cjk_used: bool = False
    """Whether any character was drawn in the CJK font."""
    markup: dict[tuple[str, bool, bool], str] = field(default_factory=dict)
    widths: dict[tuple[str, float], float] = field(default_factory=dict)
    """Printed widths of texts already measured (see `render._width`), bounded in size."""
    """Escaped run markup of texts already seen (see `Renderer.run`), bounded in size."""

    def font_for(self, ch: str, mono: bool = False) -> str:
        """The registered font name that draws `ch` (Latin first, CJK, then a symbol font)."""
        key = (ch, mono)
        found = self._cache.get(key)
        if found is not None:
            return found
        found = self._choose(ch, mono)
        self._cache[key] = found
        if found == self.cjk:
            self.cjk_used = True
        return found

    @property
    def latin_in_cjk(self) -> bool:
        """Whether plain Latin text of a Chinese paper may be set in the CJK font.

        Only an embedded CJK font whose Latin letters are proportional (not full-width
        letters on a fixed grid, which would space words out): see `_proportional_latin`.
        """
        return self._cjk_cmap is not None and self._cjk_latin

    def font_in_cjk(self, ch: str) -> str:
        """The font of `ch` in plain text of a Chinese paragraph: the CJK font where it has it.

        One font for the whole run matches the Latin letters' size to the Chinese ones
        and keeps the paragraph in one piece for line breaking and drawing.
        """
        key = (ch, True, True)
        found = self._cache_cjk.get(key)
        if found is None:
            cmap = self._cjk_cmap
            found = self.cjk if cmap is not None and ord(ch) in cmap else self.font_for(ch)
            self._cache_cjk[key] = found
            if found == self.cjk:
                self.cjk_used = True
        return found

    def cjk_covers(self, text: str) -> bool:
        """Whether the embedded CJK font has every character of `text`.

        Then `font_in_cjk` picks the CJK font for each of them: the text is one run.
        """
        cmap = self._cjk_cmap
        if cmap is None or not text or not cmap.issuperset(map(ord, text)):
            return False
        self.cjk_used = True
        return True

    def _choose(self, ch: str, mono: bool) -> str:
        code = ord(ch)
        if mono and code < 0x100 and (code >= 0x20 or ch in "\t\n"):
            return self.mono
        if is_cjk(ch) and (self._cjk_cmap is None or code in self._cjk_cmap):
            return self.cjk
        if code in self._latin_cmap or ch.isspace():
            return self.mono if mono and code < 0x100 else self.latin
        if self.symbol and code in self._symbol_cmap:
            return self.symbol
        if self._cjk_cmap is not None and code in self._cjk_cmap:
            return self.cjk
        if self._cjk_cmap is None and code >= 0x2000:
            return self.cjk  # the CID font covers general punctuation and symbols
        if unicodedata.category(ch) not in ("Cf", "Mn", "Cc"):
            self.missing.add(ch)
        return self.latin


CJK_CHARS = re.compile(
    "[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003ffff]"
)
"""One character of the ranges `is_cjk` accepts (to search whole strings at C speed)."""


def has_cjk(text: str) -> bool:
    """Whether the text holds a CJK character."""
    return CJK_CHARS.search(text) is not None


def is_cjk(ch: str) -> bool:
    """Whether a character belongs to CJK scripts, CJK punctuation or full-width forms."""
    code = ord(ch)
    return (
        0x2E80 <= code <= 0x9FFF
        or 0xAC00 <= code <= 0xD7AF
        or 0xF900 <= code <= 0xFAFF
        or 0xFE30 <= code <= 0xFE4F
        or 0xFF00 <= code <= 0xFFEF
        or 0x20000 <= code <= 0x3FFFF
    )


def is_cff(path: Path, index: int = 0) -> bool:
    """Whether an OpenType file (or face `index` of a collection) has CFF (PostScript) outlines."""
    with path.open("rb") as fh:
        head = fh.read(12)
        if head[:4] == b"ttcf":
            count = int.from_bytes(head[8:12], "big")
            if index >= count:
                return False
            fh.seek(12 + 4 * index)
            offset = int.from_bytes(fh.read(4), "big")
            fh.seek(offset)
            head = fh.read(4)
    return head[:4] == b"OTTO"


def _font_name(path: Path) -> str:
    digest = hashlib.sha1(str(path.resolve()).encode("utf-8")).hexdigest()[:8]
    return f"QBCJK-{digest}"


def _register_family(name: str, regular: str, bold: str, italic: str, bold_italic: str) -> None:
    addMapping(name, 0, 0, regular)
    addMapping(name, 1, 0, bold)
    addMapping(name, 0, 1, italic)
    addMapping(name, 1, 1, bold_italic)


def register_ttf(path: Path) -> str:
    """Register a TrueType file (face 0 of a collection); FontProblemError if unusable."""
    if not path.is_file():
        raise FontProblemError(f"font file not found: {path}")
    try:
        if is_cff(path):
            raise FontProblemError(
                f"{path.name} has CFF (PostScript) outlines, which reportlab cannot embed; "
                "use a TrueType-outline font such as WenQuanYi Zen Hei or AR PL SungtiL"
            )
    except OSError as exc:
        raise FontProblemError(f"cannot read font {path}: {exc.strerror or exc}") from exc
    name = _font_name(path)
    if name in pdfmetrics.getRegisteredFontNames():
        return name
    try:
        font = TTFont(name, str(path), subfontIndex=0)
    except (TTFError, OSError, ValueError, IndexError, KeyError) as exc:
        raise FontProblemError(f"cannot use font {path}: {exc}") from exc
    cmap = font.face.charToGlyph
    if not all(ord(ch) in cmap for ch in "中文题"):
        raise FontProblemError(f"{path.name} has no Chinese glyphs")
    pdfmetrics.registerFont(font)
    _register_family(name, name, name, name, name)
    return name


def fontconfig_candidates() -> list[Path]:
    """CJK font files fontconfig knows: its best match for Chinese first, then the rest, sorted."""
    found: list[Path] = []
    fc_match, fc_list = shutil.which("fc-match"), shutil.which("fc-list")
    try:
        if fc_match:
            out = subprocess.run(
                [fc_match, "-f", "%{file}", ":lang=zh"],
                capture_output=True,
                text=True,
                timeout=20,
                check=False,
            ).stdout.strip()
            if out:
                found.append(Path(out))
        if fc_list:
            out = subprocess.run(
                [fc_list, ":lang=zh", "file"],
                capture_output=True,
                text=True,
                timeout=20,
                check=False,
            ).stdout
            found.extend(
                sorted(Path(line.strip().rstrip(":")) for line in out.splitlines() if line.strip())
            )
    except (OSError, subprocess.SubprocessError):
        return found
    unique: list[Path] = []
    for path in found:
        if path not in unique and path.suffix.lower() in (".ttf", ".ttc", ".otf", ".otc"):
            unique.append(path)
    return unique


def _cmap(font: TTFont) -> frozenset[int]:
    """Code points the font really draws (glyph 0 is the "missing" box)."""
    return frozenset(code for code, glyph in font.face.charToGlyph.items() if glyph)


def _register_latin() -> frozenset[int]:
    folder = Path(rl_config.__file__).parent / "fonts"
    cmap: frozenset[int] = frozenset()
    for suffix, file in _VERA.items():
        name = LATIN + suffix
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(folder / file)))
        if not suffix:
            font = pdfmetrics.getFont(name)
            cmap = _cmap(font)
    _register_family(LATIN, LATIN, LATIN + "-Bold", LATIN + "-Italic", LATIN + "-BoldItalic")
    return cmap


def _symbol_font() -> tuple[str | None, frozenset[int]]:
    """DejaVu Sans for math and symbols when fontconfig has it (optional)."""
    fc_match = shutil.which("fc-match")
    if not fc_match:
        return None, frozenset()
    try:
        out = subprocess.run(
            [fc_match, "-f", "%{file}", "DejaVu Sans"],
            capture_output=True,
            text=True,
            timeout=20,
            check=False,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None, frozenset()
    path = Path(out) if out else None
    if path is None or "DejaVuSans" not in path.name or not path.is_file():
        return None, frozenset()
    name = "QBSymbol"
    try:
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(path)))
            _register_family(name, name, name, name, name)
        return name, _cmap(pdfmetrics.getFont(name))
    except (TTFError, OSError, ValueError):
        return None, frozenset()


def choose_fonts(
    configured: Path | None, *, use_builtin: bool = False
) -> tuple[FontSet, list[str]]:
    """Pick and register the fonts; return them and the problems with a configured font.

    Order: the configured TrueType font, else fontconfig's CJK TrueType fonts (CFF ones
    skipped), else reportlab's built-in `STSong-Light` (not embedded).
    """
    problems: list[str] = []
    notes: list[str] = []
    latin_cmap = _register_latin()
    symbol, symbol_cmap = _symbol_font()
    cjk: str | None = None
    cjk_file: Path | None = None
    if configured is not None and not use_builtin:
        try:
            cjk, cjk_file = register_ttf(configured), configured
        except FontProblemError as exc:
            problems.append(str(exc))
    if cjk is None and not use_builtin:
        for candidate in fontconfig_candidates():
            try:
                cjk, cjk_file = register_ttf(candidate), candidate
                break
            except FontProblemError as exc:
                notes.append(f"skipped {exc}")
    cjk_cmap: frozenset[int] | None = None
    if cjk is None:
        if CID_FALLBACK not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(UnicodeCIDFont(CID_FALLBACK))
            _register_family(CID_FALLBACK, *([CID_FALLBACK] * 4))
        cjk = CID_FALLBACK
    else:
        cjk_cmap = _cmap(pdfmetrics.getFont(cjk))
    fonts = FontSet(
        latin=LATIN,
        cjk=cjk,
        mono=MONO,
        cjk_file=str(cjk_file) if cjk_file else None,
        symbol=symbol,
        notes=notes,
        _latin_cmap=latin_cmap,
        _cjk_cmap=cjk_cmap,
        _symbol_cmap=symbol_cmap,
        _cjk_latin=cjk_cmap is not None and _proportional_latin(cjk, cjk_cmap),
    )
    return fonts, problems


def _proportional_latin(font: str, cmap: frozenset[int]) -> bool:
    """Whether a font draws every ASCII letter and digit, `i` much narrower than `W`."""
    if not all(ord(ch) in cmap for ch in string.ascii_letters + string.digits):
        return False
    narrow: float = pdfmetrics.stringWidth("i", font, 10)
    wide: float = pdfmetrics.stringWidth("W", font, 10)
    return narrow < 0.6 * wide
