"""TeX math to Word equations (OMML): latex2mathml gives MathML, mapped here element by element."""

from __future__ import annotations

import copy
from functools import lru_cache

from lxml import etree

from qbank_docx._xml import M_NS, m

MML = "{http://www.w3.org/1998/Math/MathML}"
_ACCENTS = {
    "^": "\u0302",
    "\u02c6": "\u0302",
    "~": "\u0303",
    "\u02dc": "\u0303",
    "\u00af": "\u0305",
    "\u203e": "\u0305",
    "_": "\u0305",
    "\u2192": "\u20d7",
    "\u02d9": "\u0307",
    "\u00a8": "\u0308",
}
_TOKENS = {"mi", "mn", "mo", "mtext", "ms"}


def omml(tex: str) -> etree._Element | None:
    """A fresh `m:oMath` element for TeX, or None if latex2mathml cannot read it."""
    cached = _convert(tex)
    return None if cached is None else copy.deepcopy(cached)


@lru_cache(maxsize=1 << 16)  # a paper and its solutions share formulas: keep a whole bank
def _convert(tex: str) -> etree._Element | None:
    from latex2mathml.converter import convert

    try:
        mathml = etree.fromstring(convert(tex).encode("utf-8"))
    except Exception:  # latex2mathml raises many exception types on bad input
        return None
    out = etree.Element(m("oMath"), nsmap={"m": M_NS})
    _children(mathml, out)
    return out


def _local(node: etree._Element) -> str:
    tag = node.tag
    return tag[len(MML) :] if isinstance(tag, str) and tag.startswith(MML) else ""


def _children(node: etree._Element, out: etree._Element) -> None:
    for child in node:
        _node(child, out)


def _arg(node: etree._Element | None, out: etree._Element, tag: str) -> None:
    holder = etree.SubElement(out, m(tag))
    if node is not None:
        _node(node, holder)


def _run(out: etree._Element, text: str, *, plain: bool) -> None:
    r = etree.SubElement(out, m("r"))
    if plain:
        etree.SubElement(etree.SubElement(r, m("rPr")), m("sty")).set(m("val"), "p")
    t = etree.SubElement(r, m("t"))
    t.text = text
    if text != text.strip():
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def _node(node: etree._Element, out: etree._Element) -> None:
    kind = _local(node)
    parts = list(node)
    if kind in _TOKENS:
        text = node.text or ""
        if text:
            italic = kind == "mi" and len(text) == 1 and node.get("mathvariant") != "normal"
            _run(out, text, plain=not italic)
    elif kind in ("msup", "msub") and len(parts) == 2:
        tag = "sSup" if kind == "msup" else "sSub"
        holder = etree.SubElement(out, m(tag))
        _arg(parts[0], holder, "e")
        _arg(parts[1], holder, "sup" if kind == "msup" else "sub")
    elif kind == "msubsup" and len(parts) == 3:
        holder = etree.SubElement(out, m("sSubSup"))
        _arg(parts[0], holder, "e")
        _arg(parts[1], holder, "sub")
        _arg(parts[2], holder, "sup")
    elif kind == "mfrac" and len(parts) == 2:
        holder = etree.SubElement(out, m("f"))
        _arg(parts[0], holder, "num")
        _arg(parts[1], holder, "den")
    elif kind == "msqrt":
        holder = etree.SubElement(out, m("rad"))
        pr = etree.SubElement(holder, m("radPr"))
        etree.SubElement(pr, m("degHide")).set(m("val"), "1")
        etree.SubElement(holder, m("deg"))
        _children(node, etree.SubElement(holder, m("e")))
    elif kind == "mroot" and len(parts) == 2:
        holder = etree.SubElement(out, m("rad"))
        _arg(parts[1], holder, "deg")
        _arg(parts[0], holder, "e")
    elif kind in ("mover", "munder") and len(parts) == 2:
        mark = (parts[1].text or "") if _local(parts[1]) == "mo" else ""
        if kind == "mover" and node.get("accent") == "true" and mark in _ACCENTS:
            holder = etree.SubElement(out, m("acc"))
            pr = etree.SubElement(holder, m("accPr"))
            etree.SubElement(pr, m("chr")).set(m("val"), _ACCENTS[mark])
            _arg(parts[0], holder, "e")
        else:
            holder = etree.SubElement(out, m("limUpp" if kind == "mover" else "limLow"))
            _arg(parts[0], holder, "e")
            _arg(parts[1], holder, "lim")
    elif kind == "munderover" and len(parts) == 3:
        upper = etree.SubElement(out, m("limUpp"))
        lower = etree.SubElement(etree.SubElement(upper, m("e")), m("limLow"))
        _arg(parts[0], lower, "e")
        _arg(parts[1], lower, "lim")
        _arg(parts[2], upper, "lim")
    elif kind == "mtable":
        matrix = etree.SubElement(out, m("m"))
        for row in parts:
            mr = etree.SubElement(matrix, m("mr"))
            for cell in row:
                _children(cell, etree.SubElement(mr, m("e")))
    elif kind == "mrow" and parts and parts[0].get("fence") == "true":
        _fenced(parts, out)
    elif kind == "mspace":
        _run(out, " ", plain=True)
    elif kind == "semantics" and parts:
        _node(parts[0], out)
    elif kind in ("annotation", "annotation-xml"):
        return
    else:  # math, mrow, mstyle, mpadded, mphantom, menclose, unknown: their content in order
        _children(node, out)


def _fenced(parts: list[etree._Element], out: etree._Element) -> None:
    begin = parts[0].text or ""
    end = ""
    inner = parts[1:]
    if inner and inner[-1].get("fence") == "true" and inner[-1].get("form") == "postfix":
        end = inner[-1].text or ""
        inner = inner[:-1]
    holder = etree.SubElement(out, m("d"))
    pr = etree.SubElement(holder, m("dPr"))
    etree.SubElement(pr, m("begChr")).set(m("val"), begin)
    etree.SubElement(pr, m("endChr")).set(m("val"), end)
    e = etree.SubElement(holder, m("e"))
    for child in inner:
        _node(child, e)
