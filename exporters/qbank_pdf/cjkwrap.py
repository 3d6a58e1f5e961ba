"""Fast reportlab paragraphs: markup read without an HTML parser, CJK wrap by cached widths.

reportlab's own CJK wrap (`Paragraph.breakLinesCJK`) measures every character with
`stringWidth` and, for text in more than one font, makes a string object per character.
`Para` gives the same lines (same break rules: a line ends where the next character no
longer fits, a Latin word is not cut when a space or CJK character lies in the second half
of the line, and a character that cannot start a line hangs in the margin) from widths
measured once per font, size and character, and finds each break by bisection; and one
rule more: an opening bracket or quote does not end a line.

reportlab parses paragraph markup with Python's HTMLParser; `Para` reads the few tags this
writer emits into reportlab's tuple tree and builds the same fragments (see `_frags`).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from itertools import accumulate
from typing import Any
from unicodedata import category

from reportlab.lib.rl_accel import sameFrag  # C when reportlab[accel] is installed
from reportlab.lib.textsplit import ALL_CANNOT_START, CANNOT_END_LINE
from reportlab.pdfbase.pdfmetrics import getAscentDescent, stringWidth
from reportlab.platypus.paragraph import (
    FragLine,
    Paragraph,
    ParaLines,
    _handleBulletWidth,
    cleanBlockQuotedText,
    textTransformFrags,
)
from reportlab.platypus.paraparser import ParaParser, known_entities
from reportlab.rl_config import _FUZZ

from qbank_pdf.draw import draw_on

_TAGS = frozenset(("a", "b", "br", "font", "i", "sub", "super", "u"))
_TOKEN = re.compile(r"<(/?)([a-z]+)((?:\s+[a-z]+=(?:\"[^\"]*\"|'[^']*'))*)\s*(/?)>|([^<]+)|(<)")
_ATTR = re.compile(r"([a-z]+)=(?:\"([^\"]*)\"|'([^']*)')")
_ENTITY = re.compile(r"&(?:#([0-9]+)|#[xX]([0-9a-fA-F]+)|([A-Za-z][A-Za-z0-9]*));")

_WIDTHS: dict[tuple[str, float], dict[str, float]] = {}


def forget_measures() -> None:
    """Empty the tables of widths, ascents, tags and templates (each export makes its own)."""
    _WIDTHS.clear()
    _ASCENTS.clear()
    _OPENED.clear()
    _TEMPLATES.clear()


def char_widths(text: str, font: str, size: float) -> list[float]:
    """The advance width of every character of `text` in `font` at `size` (measured once)."""
    table = _WIDTHS.get((font, size))
    if table is None:
        table = _WIDTHS[(font, size)] = {}
    try:
        return [table[ch] for ch in text]
    except KeyError:
        for ch in text:
            if ch not in table:
                table[ch] = stringWidth(ch, font, size)
        return [table[ch] for ch in text]


def text_width(text: str, font: str, size: float) -> float:
    """The width of `text` in one font (the sum of its characters' widths)."""
    return sum(char_widths(text, font, size))


def _unescape(text: str) -> str | None:
    """Replace character and entity references; None when a bare `&` or unknown name is left."""
    if "&" not in text:
        return text
    bad = False

    def one(m: re.Match[str]) -> str:
        nonlocal bad
        dec, hexa, name = m.groups()
        if dec or hexa:
            code = int(dec) if dec else int(hexa, 16)
            if 0 < code <= 0x10FFFF:
                return chr(code)
        elif name in known_entities:
            return str(known_entities[name])
        bad = True
        return m.group(0)

    out = _ENTITY.sub(one, text)
    return None if bad or "&" in _ENTITY.sub("", text) else out


def markup_tree(markup: str) -> tuple[str, dict[str, str], list[Any]] | None:
    """The tuple tree reportlab's `ParaParser.tt_parse` takes, for the markup this writer makes.

    Only the tags the writer emits are read (a, b, br, font, i, sub, super, u); anything
    else (another tag, a stray `<` or `&`, unbalanced tags) gives None, and the caller
    falls back to reportlab's own parser.
    """
    root: tuple[str, dict[str, str], list[Any]] = ("para", {}, [])
    stack = [root]
    for m in _TOKEN.finditer(markup):
        close, tag, attrs, empty, data, stray = m.groups()
        if data is not None:
            text = _unescape(data)
            if text is None:
                return None
            stack[-1][2].append(text)
            continue
        if stray or tag not in _TAGS:
            return None
        if close:
            if attrs or empty or len(stack) == 1 or stack[-1][0] != tag:
                return None
            stack.pop()
            continue
        values: dict[str, str] = {}
        for a in _ATTR.finditer(attrs):
            value = _unescape(a.group(2) if a.group(2) is not None else a.group(3))
            if value is None:
                return None
            values[a.group(1)] = value
        node: tuple[str, dict[str, str], list[Any]] = (tag, values, [])
        stack[-1][2].append(node)
        if not empty:
            stack.append(node)
    return root if len(stack) == 1 else None


_ASCENTS: dict[tuple[str, float], tuple[float, float]] = {}


def _ascent_descent(font: str, size: float) -> tuple[float, float]:
    """reportlab's getAscentDescent, looked up once per font and size."""
    found = _ASCENTS.get((font, size))
    if found is None:
        ascent, descent = getAscentDescent(font, size)
        found = _ASCENTS[(font, size)] = (ascent, descent)
    return found


_new = object.__new__


def copy_frag(frag: Any, **changes: Any) -> Any:
    """`frag.clone(**changes)` without building keyword arguments (fragments are plain bags)."""
    new = _new(type(frag))
    attrs = new.__dict__
    attrs.update(frag.__dict__)
    if changes:
        attrs.update(changes)
    return new


_NO_END = CANNOT_END_LINE[0]
"""Opening brackets and quotes (（《「“…): never left at the end of a line."""

_Break = tuple[int, int, float, float, str, float]


def _breaks(
    chars: Sequence[str], widths: list[float], max_widths: list[float], hard: list[int]
) -> list[_Break]:
    """Where the lines of a paragraph end: (first, end, used, extra, kind, width).

    kind: "soft" (wrapped), "hard" (a <br/>) or "rest" (the last line).

    reportlab's CJK rules, kept exactly: a line ends before the character that no longer
    fits; inside a Latin word it ends after a space or CJK character of the line's second
    half instead; a character that cannot start a line (。，）…) hangs in the margin. One
    more: an opening bracket or quote moves to the next line rather than end this one.
    """
    cum = [0.0, *accumulate(widths)]
    n = len(chars)
    out: list[_Break] = []
    start = 0
    max_width = max_widths[0]
    while start < n:
        limit = cum[start] + max(max_width + _FUZZ, 0.0)
        over = bisect_right(cum, limit) - 1  # first position whose end passes the limit
        b = bisect_left(hard, start)
        forced = hard[b] if b < len(hard) else n
        if over >= n and forced >= n:
            break
        p = min(over, forced)
        i = p + 1
        u, w = chars[p], widths[p]
        used = cum[i] - cum[start]
        line_break = p == forced
        extra = max_width - used
        if not line_break:
            if u and ord(u) < 0x3000:
                for j in range(i - 1, (start + i) >> 1, -1):
                    uj = chars[j]
                    if uj and (category(uj) == "Zs" or ord(uj) >= 0x3000):
                        k = j + 1
                        if k < i:
                            j = k + 1
                            extra += cum[i] - cum[j]
                            w, u = widths[k], chars[k]
                            i = j
                            break
            if u not in ALL_CANNOT_START and i > start + 1:
                i -= 1
                extra += w
            # The last character printed (spaces at a line's end are dropped) must not
            # be an opening bracket: move such brackets to the next line.
            j = i
            while True:
                k = j
                while k > start + 1 and chars[k - 1].isspace():
                    k -= 1
                if k > start + 1 and chars[k - 1] and chars[k - 1] in _NO_END:
                    j = k - 1
                else:
                    break
            extra += cum[i] - cum[j]
            i = j
        out.append((start, i, used, extra, "hard" if line_break else "soft", max_width))
        max_width = max_widths[min(len(out), len(max_widths) - 1)]
        start = i
    if start < n and cum[n] - cum[start] > 0:
        used = cum[n] - cum[start]
        out.append((start, n, used, max_width - used, "rest", max_width))
    return out


def split_text(text: str, font: str, size: float, max_widths: list[float]) -> list[list[Any]]:
    """reportlab's `wordSplit` lines ([extra space, text]) of one-font text, same rules."""
    lines: list[list[Any]] = []
    breaks = _breaks(text, char_widths(text, font, size), max_widths, [])
    for first, end, _used, extra, kind, _width in breaks:
        lines.append([extra, text[first:end] if kind == "rest" else text[first:end].strip()])
    return lines


def split_frags(frags: list[Any], max_widths: list[float]) -> ParaLines:
    """reportlab's `cjkFragSplit` (same lines) for text frags without images."""
    texts: list[str] = []
    widths: list[float] = []
    breaks: list[int] = []
    starts: list[int] = []
    """The position of each frag's first character (an empty frag takes one position)."""
    pos = 0
    empty = False
    for frag in frags:
        text = frag.text
        if isinstance(text, bytes):
            text = text.decode("utf8")
        texts.append(text)
        starts.append(pos)
        if text:
            widths.extend(char_widths(text, frag.fontName, frag.fontSize))
            n = len(text)
        else:  # an empty frag (e.g. <br/>) is one zero-width position, as in reportlab
            widths.append(0.0)
            empty = True
            n = 1
        if hasattr(frag, "lineBreak"):
            breaks.extend(range(pos, pos + n))
        pos += n
    starts.append(pos)
    text = "".join(texts)
    chars: Sequence[str] = text
    at: list[int] | None = None
    if empty:
        listed: list[str] = []
        for piece in texts:
            if piece:
                listed.extend(piece)
            else:
                listed.append("")
        chars = listed
        # Position k of `chars` is text[at[k]:at[k + 1]] (empty for an empty frag).
        at = [0, *accumulate(len(c) for c in listed)]
    metrics = [_ascent_descent(f.fontName, f.fontSize) for f in frags]
    # same[i]: frag i prints like frag i - 1 (a line joins their pieces into one word);
    # frags differing in font, size or rise never do, whatever `sameFrag` says of the rest.
    same = [False] * len(frags)
    for i in range(1, len(frags)):
        a, b = frags[i - 1], frags[i]
        same[i] = a is b or (
            a.fontName == b.fontName
            and a.fontSize == b.fontSize
            and a.rise == b.rise
            and bool(sameFrag(a, b))
        )
    last_frag = len(frags) - 1
    lines: list[FragLine] = []
    for first, last, used, extra, kind, max_width in _breaks(chars, widths, max_widths, breaks):
        # The runs of the line's frags, in order: one word per run of printing-alike frags.
        words: list[Any] = []
        size = ascent = descent = 0.0
        index = bisect_right(starts, first) - 1
        begin = index
        while index <= last_frag and starts[index] < last:
            frag = frags[index]
            a, d = metrics[index]
            if frag.fontSize > size:
                size = frag.fontSize
            if a > ascent:
                ascent = a
            if d < descent:
                descent = d
            k = starts[index]
            k = first if first > k else k
            j = starts[index + 1]
            j = last if last < j else j
            piece = text[k:j] if at is None else text[at[k] : at[j]]
            if index != begin and same[index]:
                words[-1].text += piece
            else:
                new = _new(type(frag))
                new.__dict__.update(frag.__dict__)
                new.text = piece
                words.append(new)
            index += 1
        lines.append(
            FragLine(
                kind=1,
                extraSpace=extra,
                wordCount=1,
                words=words,
                fontSize=size,
                ascent=ascent,
                descent=descent,
                maxWidth=max_width,
                currentWidth=used,
                lineBreak=kind == "hard",
            )
        )
    return ParaLines(kind=1, lines=lines)


class Para(Paragraph):  # type: ignore[misc]
    """A Paragraph that reads the writer's markup without an HTML parser and wraps CJK fast.

    The markup becomes reportlab's tuple tree (`markup_tree`) and goes through
    `ParaParser.tt_parse`, the same tag handlers as reportlab's own parsing, so the
    fragments are the same; the CJK wrap uses cached widths (same lines as reportlab's).
    """

    def __init__(
        self,
        text: str,
        style: Any = None,
        bulletText: str | None = None,  # noqa: N803 - reportlab's name
        frags: Any = None,
        caseSensitive: int = 1,  # noqa: N803
        encoding: str = "utf8",
    ) -> None:
        if frags is None and style is not None and isinstance(text, str):
            frags = _read(text, style)
        super().__init__(text, style, bulletText, frags, caseSensitive, encoding)

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802,N803
        """Draw as reportlab does, writing the operators directly when it can (see `draw`)."""
        if not draw_on(self, canvas, x, y, _sW):
            super().drawOn(canvas, x, y, _sW)

    def breakLinesCJK(self, maxWidths: Any) -> Any:  # noqa: N802,N803 - reportlab's names
        """Break into lines; reportlab's own code for images, dots and split remainders."""
        frags = self.frags
        style = self.style
        if (
            not frags
            or style.endDots
            or (hasattr(self, "blPara") and getattr(self, "_splitpara", 0))
            or any(hasattr(f, "cbDefn") for f in frags)
        ):
            return super().breakLinesCJK(maxWidths)
        widths = list(maxWidths) if isinstance(maxWidths, list | tuple) else [maxWidths]
        self.height = 0
        _handleBulletWidth(self.bulletText, style, widths)
        if len(frags) == 1:
            f = frags[0]
            text = f.text if hasattr(f, "text") else "".join(getattr(f, "words", []))
            lines = split_text(text, f.fontName, f.fontSize, widths)
            wrapped = [(space, [line]) for (space, line) in lines]
            return f.clone(kind=0, lines=wrapped, ascent=f.fontSize, descent=-0.2 * f.fontSize)
        return split_frags(frags, widths)


def _clean(text: str) -> str:
    """reportlab's `cleanBlockQuotedText`: white space runs as one space, none at the ends.

    Printable text (no white space but the ASCII space) without a double space or a space
    at either end is already clean.
    """
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    cleaned: str = cleanBlockQuotedText(text)
    return cleaned


def _read(text: str, style: Any) -> Any:
    """Paragraph fragments of the writer's markup, or None to let reportlab parse it.

    Read afresh for every paragraph: a cache of fragments (the paper and its solutions
    print the same stems) costs more in garbage collection of its many small objects
    than reading them again.
    """
    text = _clean(text)
    frags = scan(text, style)
    if frags is not None:
        textTransformFrags(frags, style)
        return frags
    tree = markup_tree(text)
    if tree is None:
        return None
    frags = []
    if not _walk(tree[2], style, (), frags):
        parser = ParaParser()
        parser.caseSensitive = 1
        _, frags, bullet = parser.tt_parse(tree, style)
        if frags is None or bullet:
            return None
    textTransformFrags(frags, style)
    return frags


_Path = tuple[tuple[str, tuple[tuple[str, str], ...]], ...]


def scan(markup: str, style: Any) -> list[Any] | None:
    """Fragments of (cleaned) markup in one pass, as `markup_tree` and `_walk` make them.

    None when the markup needs more: a link or underline, a tag or character reference
    this writer does not emit, unbalanced tags (the tree and reportlab's parser take it).
    """
    templates = _templates(style)
    out: list[Any] = []
    path: _Path = ()
    outer: list[_Path] = []
    last: Any = None  # the template of out[-1], when it is text
    for m in _TOKEN.finditer(markup):
        close, tag, attrs, empty, data, stray = m.groups()
        if data is not None:
            if "&" in data:
                data = _unescape(data)
                if data is None:
                    return None
            template = templates.get(path, _UNKNOWN)
            if template is _UNKNOWN:
                template = _template(style, path)
            if template is None:
                return None
            if last is template:
                out[-1].text += data
            else:
                new = _new(type(template))
                new.__dict__.update(template.__dict__)
                new.text = data
                out.append(new)
                last = template
            continue
        if stray or tag not in _TAGS or tag == "a" or tag == "u":
            return None
        if close:
            if attrs or empty or not outer or path[-1][0] != tag:
                return None
            path = outer.pop()
            continue
        step = _open_tag(tag, attrs)
        if step is None:
            return None
        inner = (*path, step)
        if tag == "br":
            template = _template(style, inner)
            if not empty or template is None:
                return None
            out.append(copy_frag(template))
            last = None
        elif not empty:  # an empty element (<b/>) holds nothing
            outer.append(path)
            path = inner
    return None if outer else out


_UNKNOWN = object()
_OPENED: dict[tuple[str, str], tuple[str, tuple[tuple[str, str], ...]] | None] = {}


def _open_tag(tag: str, attrs: str) -> tuple[str, tuple[tuple[str, str], ...]] | None:
    """A tag and its attributes (unescaped, sorted) as a step of a tag path; None if bad."""
    key = (tag, attrs)
    if key in _OPENED:
        return _OPENED[key]
    values: dict[str, str] | None = {}
    for a in _ATTR.finditer(attrs):
        value = _unescape(a.group(2) if a.group(2) is not None else a.group(3))
        if value is None or values is None:
            values = None
            break
        values[a.group(1)] = value
    step = None if values is None else (tag, tuple(sorted(values.items())))
    if len(_OPENED) >= 1024:
        _OPENED.clear()
    _OPENED[key] = step
    return step


_TEMPLATES: dict[int, tuple[Any, dict[_Path, Any]]] = {}
"""Per style (by id; the style is kept so that its id is not reused): the template
fragment of each tag path."""


def _templates(style: Any) -> dict[_Path, Any]:
    """The template fragments made so far for `style`, by tag path."""
    hit = _TEMPLATES.get(id(style))
    if hit is None or hit[0] is not style:
        if len(_TEMPLATES) >= 64:
            _TEMPLATES.clear()
        hit = _TEMPLATES[id(style)] = (style, {})
    return hit[1]


def _walk(
    children: list[Any], style: Any, path: _Path, out: list[Any], last: list[Any] | None = None
) -> bool:
    """Fragments of a tree, each a copy of its tag path's fragment (see `_template`).

    Text next to text of the same tag path joins the same fragment (as
    `<font face="F">a</font><font face="F">b</font>` prints as one run), so a paragraph
    in one font stays one fragment. False when the tree needs the parser: links and
    underlines are numbered per paragraph.
    """
    last = [None] if last is None else last  # the template of out[-1], when it is text
    for child in children:
        if isinstance(child, str):
            template = _template(style, path)
            if template is None:
                return False
            if last[0] is template:
                out[-1].text += child
            else:
                out.append(copy_frag(template, text=child))
                last[0] = template
            continue
        tag, attrs, kids = child
        if tag in ("a", "u"):
            return False
        inner = (*path, (tag, tuple(sorted(attrs.items()))))
        if tag == "br":
            template = _template(style, inner)
            if template is None:
                return False
            out.append(copy_frag(template))
            last[0] = None
        elif not _walk(kids, style, inner, out, last):
            return False
    return True


def _template(style: Any, path: _Path) -> Any:
    """The fragment reportlab's parser makes for text (or a <br/>) inside `path`, made once."""
    templates = _templates(style)
    if path in templates:
        return templates[path]
    key = path
    if path and path[-1][0] == "br":
        tree: Any = ("br", {}, [])
        path = path[:-1]
    else:
        tree = "x"
    for tag, attrs in reversed(path):
        tree = (tag, dict(attrs), [tree])
    parser = ParaParser()
    parser.caseSensitive = 1
    _, frags, bullet = parser.tt_parse(("para", {}, [tree]), style)
    template = frags[0] if frags and len(frags) == 1 and not bullet else None
    templates[key] = template
    return template
