"""Small, fast WordprocessingML element builders on plain lxml (no python-docx proxies)."""

from __future__ import annotations

import re

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
M_NS = "http://schemas.openxmlformats.org/officeDocument/2006/math"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

_CLARK: dict[str, str] = {}

# Characters XML 1.0 cannot carry at all; author text containing them is cleaned (and reported).
INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def w(tag: str) -> str:
    """Clark name of a `w:` element or attribute (cached)."""
    name = _CLARK.get(tag)
    if name is None:
        name = _CLARK[tag] = f"{{{W_NS}}}{tag}"
    return name


def m(tag: str) -> str:
    """Clark name of an OMML `m:` element or attribute."""
    return f"{{{M_NS}}}{tag}"


def el(tag: str, **attrs: str) -> etree._Element:
    """A new `w:` element with `w:` attributes."""
    node = etree.Element(w(tag))
    for key, value in attrs.items():
        node.set(w(key), value)
    return node


def sub(parent: etree._Element, tag: str, **attrs: str) -> etree._Element:
    """Append a new `w:` child element with `w:` attributes."""
    node = etree.SubElement(parent, w(tag))
    for key, value in attrs.items():
        node.set(w(key), value)
    return node


_P, _PPR, _PSTYLE, _R, _RPR, _RSTYLE, _T, _VAL = (
    f"{{{W_NS}}}{tag}" for tag in ("p", "pPr", "pStyle", "r", "rPr", "rStyle", "t", "val")
)


def text_el(parent: etree._Element, text: str) -> etree._Element:
    """Append `<w:t xml:space="preserve">text</w:t>`."""
    node = etree.SubElement(parent, _T)
    node.set(XML_SPACE, "preserve")
    node.text = text
    return node


def paragraph(style: str | None = None) -> tuple[etree._Element, etree._Element]:
    """A new paragraph and its `w:pPr` (holding the style when given)."""
    p = etree.Element(_P)
    ppr = etree.SubElement(p, _PPR)
    if style:
        etree.SubElement(ppr, _PSTYLE).set(_VAL, style)
    return p, ppr


def set_numbering(ppr: etree._Element, num_id: int, level: int = 0) -> None:
    """Give a paragraph a list (w:numPr), after pStyle/keepNext/keepLines as the schema wants."""
    numpr = etree.Element(w("numPr"))
    etree.SubElement(numpr, w("ilvl")).set(w("val"), str(level))
    etree.SubElement(numpr, w("numId")).set(w("val"), str(num_id))
    index = 0
    for index, child in enumerate(ppr):
        if child.tag not in (w("pStyle"), w("keepNext"), w("keepLines")):
            ppr.insert(index, numpr)
            return
    ppr.append(numpr)


def keep_next(ppr: etree._Element) -> None:
    """Keep this paragraph on the same page as the next one (w:keepNext)."""
    if ppr.find(w("keepNext")) is not None:
        return
    node = etree.Element(w("keepNext"))
    style = ppr.find(w("pStyle"))
    ppr.insert(0 if style is None else 1, node)


def run(
    parent: etree._Element,
    text: str,
    *,
    style: str | None = None,
    bold: bool = False,
    italic: bool = False,
) -> etree._Element:
    """Append a run of text; tabs become w:tab and newlines w:br."""
    r = etree.SubElement(parent, _R)
    if style or bold or italic:
        rpr = etree.SubElement(r, _RPR)
        if style:
            etree.SubElement(rpr, _RSTYLE).set(_VAL, style)
        if bold:
            etree.SubElement(rpr, w("b"))
        if italic:
            etree.SubElement(rpr, w("i"))
    if "\t" not in text and "\n" not in text:
        text_el(r, text)
        return r
    for li, line in enumerate(text.split("\n")):
        if li:
            etree.SubElement(r, w("br"))
        for ci, chunk in enumerate(line.split("\t")):
            if ci:
                etree.SubElement(r, w("tab"))
            if chunk:
                text_el(r, chunk)
    return r


def field(parent: etree._Element, instr: str, placeholder: str, style: str | None = None) -> None:
    """Append a complex field (e.g. PAGE, NUMPAGES) with a cached placeholder result."""
    for kind in ("begin", "instr", "separate", "result", "end"):
        r = etree.SubElement(parent, w("r"))
        if style:
            etree.SubElement(etree.SubElement(r, w("rPr")), w("rStyle")).set(w("val"), style)
        if kind == "instr":
            node = etree.SubElement(r, w("instrText"))
            node.set(XML_SPACE, "preserve")
            node.text = f" {instr} "
        elif kind == "result":
            text_el(r, placeholder)
        else:
            etree.SubElement(r, w("fldChar")).set(w("fldCharType"), kind)
