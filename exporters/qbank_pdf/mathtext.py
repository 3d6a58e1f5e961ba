"""TeX math as reportlab paragraph markup: Unicode symbols, italic variables, sub/superscripts."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from pylatexenc import latex2text  # type: ignore[import-untyped]
from pylatexenc.latexwalker import (  # type: ignore[import-untyped]
    LatexCharsNode,
    LatexCommentNode,
    LatexEnvironmentNode,
    LatexGroupNode,
    LatexMacroNode,
    LatexMathNode,
    LatexSpecialsNode,
    LatexWalker,
    get_default_latex_context_db,
)

Run = Callable[[str], str]
"""Turns plain text into escaped paragraph markup (fonts chosen per character)."""

_UPRIGHT = {"text", "textrm", "mathrm", "operatorname", "mbox", "textnormal", "textup", "mathsf"}
_BOLD = {"mathbf", "boldsymbol", "textbf", "bm"}
_ITALIC = {"mathit", "textit", "emph"}
_IGNORED = {
    "left",
    "right",
    "big",
    "Big",
    "bigg",
    "Bigg",
    "bigl",
    "bigr",
    "displaystyle",
    "limits",
    "nolimits",
    "textstyle",
    "scriptstyle",
    "middle",
}
_RELATIONS = frozenset("=<>")
_SPACES = {
    ",": "\u2009",
    ":": " ",
    ";": " ",
    "!": "",
    " ": " ",
    "quad": "\u2003",
    "qquad": "\u2003\u2003",
}


@dataclass
class MathResult:
    """Markup of one formula and the TeX commands it could not render (printed as typed)."""

    markup: str
    unknown: list[str] = field(default_factory=list)


@lru_cache(maxsize=1)
def _db() -> Any:
    return latex2text.get_default_latex_context_db()


@lru_cache(maxsize=1)
def _l2t() -> Any:
    return latex2text.LatexNodes2Text(math_mode="verbatim", strict_latex_spaces=True)


class _Renderer:
    def __init__(self, run: Run) -> None:
        self.run = run
        self.unknown: list[str] = []
        self.cell_gap = "\u00a0\u00a0\u00a0"
        self.row_sep = ""

    # atoms: every character of a chars node is one atom, every other node is one atom
    def atoms(self, nodes: list[Any] | None) -> Iterator[Any]:
        for node in nodes or []:
            if isinstance(node, str):  # characters read by `_simple_parse`
                yield from node
            elif isinstance(node, LatexCharsNode):
                yield from node.chars
            elif isinstance(node, LatexCommentNode):
                continue
            else:
                yield node

    def nodes(self, nodes: list[Any] | None) -> str:
        out: list[str] = []
        pending: list[str] = []
        atoms = list(self.atoms(nodes))
        i = 0

        def flush() -> None:
            if pending:
                out.append(self.chars("".join(pending)))
                pending.clear()

        while i < len(atoms):
            atom = atoms[i]
            i += 1
            if isinstance(atom, str) and atom in "^_" and i < len(atoms):
                flush()
                target = atoms[i]
                i += 1
                inner = self.chars(target) if isinstance(target, str) else self.node(target)
                tag = "super" if atom == "^" else "sub"
                out.append(f"<{tag}>{inner}</{tag}>")
            elif isinstance(atom, str):
                pending.append(atom)
            else:
                flush()
                out.append(self.node(atom))
        flush()
        return "".join(out)

    def chars(self, text: str) -> str:
        # Letters are variables (italic); runs of other characters stay upright.
        out: list[str] = []
        word: list[str] = []
        kind: bool | None = None
        for ch in text.replace("~", " "):
            is_var = ch.isascii() and ch.isalpha()
            if kind is not None and is_var != kind:
                out.append(self._piece("".join(word), kind))
                word.clear()
            kind = is_var
            word.append(ch)
        if word and kind is not None:
            out.append(self._piece("".join(word), kind))
        return "".join(out)

    def _piece(self, text: str, italic: bool) -> str:
        if italic:
            return f"<i>{self.run(text)}</i>"
        # TeX ignores spaces in math: space relations and commas the way TeX would.
        out: list[str] = []
        for ch in text:
            if ch.isspace():
                continue
            if ch in _RELATIONS:
                out.append(f" {ch} ")
            elif ch == "-":
                out.append("\u2212")
            elif ch in ",;":
                out.append(f"{ch} ")
            else:
                out.append(ch)
        return self.run("".join(out))

    def arg(self, node: Any, index: int) -> Any:
        args = node.nodeargd.argnlist if node.nodeargd is not None else []
        return args[index] if index < len(args) else None

    def render_arg(self, node: Any) -> str:
        if node is None:
            return ""
        if isinstance(node, LatexGroupNode):
            return self.nodes(node.nodelist)
        if isinstance(node, LatexCharsNode):
            return self.chars(node.chars)
        return self.node(node)

    def plain_len(self, node: Any) -> int:
        text = node.latex_verbatim() if node is not None else ""
        return len(text.strip("{} "))

    def node(self, node: Any) -> str:
        if isinstance(node, list | LatexGroupNode):  # a list: a group read by `_simple_parse`
            if isinstance(node, list):
                return self.nodes(node)
            return self.nodes(node.nodelist)
        if isinstance(node, LatexEnvironmentNode) and node.environmentname in ("cases", "dcases"):
            # One line: {x, x > 0; 0, otherwise
            outer, self.cell_gap, self.row_sep = (self.cell_gap, self.row_sep), ", ", "; "
            try:
                return self.run("{") + self.nodes(node.nodelist)
            finally:
                self.cell_gap, self.row_sep = outer
        if isinstance(node, LatexEnvironmentNode | LatexMathNode):
            return self.nodes(node.nodelist)
        if isinstance(node, LatexSpecialsNode):
            if node.specials_chars == "&":
                return self.run(self.cell_gap)
            return self.run(" " if node.specials_chars == "~" else node.specials_chars)
        if isinstance(node, LatexMacroNode):
            return self.macro(node)
        return self.run(node.latex_verbatim())

    def macro(self, node: Any) -> str:
        name: str = node.macroname
        if name == "\\":
            return self.run(self.row_sep) if self.row_sep else "<br/>"
        if name in _SPACES:
            return self.run(_SPACES[name]) if _SPACES[name] else ""
        if name in _IGNORED:
            return ""
        if name in ("frac", "dfrac", "tfrac"):
            num, den = self.arg(node, 0), self.arg(node, 1)
            a, b = self.render_arg(num), self.render_arg(den)
            if self.plain_len(num) > 1:
                a = f"({a})"
            if self.plain_len(den) > 1:
                b = f"({b})"
            return f"{a}/{b}"
        if name == "sqrt":
            index, body = self.arg(node, 0), self.arg(node, 1)
            inner = self.render_arg(body)
            root = f"<super>{self.render_arg(index)}</super>" if index is not None else ""
            return f"{root}{self.run('√')}({inner})"
        if name in _UPRIGHT:
            body = self.arg(node, 0)
            return self.run(body.latex_verbatim().strip("{}")) if body is not None else ""
        if name in _BOLD:
            return f"<b>{self.render_arg(self.arg(node, 0))}</b>"
        if name in _ITALIC:
            return f"<i>{self.render_arg(self.arg(node, 0))}</i>"
        spec = _db().get_macro_spec(name)
        if spec is None:
            self.unknown.append("\\" + name)
            return self.run("\\" + name) + "".join(
                self.render_arg(a) for a in (node.nodeargd.argnlist if node.nodeargd else [])
            )
        text = str(_l2t().nodelist_to_text([node])).strip()
        if len(text) == 1 and unicodedata.category(text) == "Sm":
            text = f" {text} "
        return self.run(text)


@lru_cache(maxsize=1)
def _walker_context() -> Any:
    """pylatexenc's default macro database, built once (LatexWalker builds it per call)."""
    return get_default_latex_context_db()


def forget_parsed() -> None:
    """Empty the cache of parsed formulas (each export parses its own)."""
    _parse.cache_clear()


@lru_cache(maxsize=4096)
def _parse(tex: str) -> Any:
    walker = LatexWalker(tex, tolerant_parsing=True, latex_context=_walker_context())
    nodes, _, _ = walker.get_latex_nodes()
    return nodes


_SIMPLE = re.compile(r"[A-Za-z0-9 +\-=<>,.;:()\[\]/|*^_{}]*")
"""Formulas of letters, digits, operators, scripts and groups: no command, special or comment."""


def _simple_parse(tex: str) -> list[Any] | None:
    """What pylatexenc reads in a formula without commands, or None.

    Runs of characters (str) and groups (lists), nested; None for anything else (a
    command, special, comment or unbalanced braces: pylatexenc reads those).
    """
    if not _SIMPLE.fullmatch(tex) or "--" in tex:
        return None
    stack: list[list[Any]] = [[]]
    for ch in tex:
        if ch == "{":
            group: list[Any] = []
            stack[-1].append(group)
            stack.append(group)
        elif ch == "}":
            if len(stack) == 1:
                return None
            stack.pop()
        else:
            top = stack[-1]
            if top and isinstance(top[-1], str):
                top[-1] += ch
            else:
                top.append(ch)
    return stack[0] if len(stack) == 1 else None


def to_markup(tex: str, run: Run) -> MathResult:
    """Render TeX math as paragraph markup; unknown commands are printed as typed and listed."""
    renderer = _Renderer(run)
    simple = _simple_parse(tex)
    try:
        markup = renderer.nodes(_parse(tex) if simple is None else simple)
    except Exception:  # pylatexenc is tolerant, but a formula must never stop a paper
        return MathResult(run(tex), ["(unparsable formula)"])
    return MathResult(markup, renderer.unknown)
