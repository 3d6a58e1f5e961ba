"""Named paragraph/character styles and list numbering definitions for the Word writer."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from qbank_docx._xml import W_NS, w

CM = 567
"""Twips per centimetre."""
Q_INDENT = 454
"""Indent of question text (room for the number), in twips (0.8 cm)."""
O_INDENT = 425
"""Extra indent of options (room for the letter), in twips (0.75 cm)."""
L_STEP = 360
"""Indent step of nested list levels, in twips."""

# Style ids used by the writer (the display name follows in STYLES).
TITLE = "ExamTitle"
SUBTITLE = "ExamSubtitle"
INFO = "ExamInfo"
STUDENT = "StudentInfo"
SECTION = "SectionHeading"
QUESTION = "Question"
QUESTION_BODY = "QuestionBody"
OPTION = "Option"
OPTION_BODY = "OptionBody"
ANSWER_SPACE = "AnswerSpace"
ANSWER_LINE = "AnswerLine"
MATCH_ITEM = "MatchingItem"
ANSWER = "Answer"
FEEDBACK = "Feedback"
EXPLANATION_HEADING = "ExplanationHeading"
EXPLANATION = "Explanation"
DESCRIPTION = "Description"
CODE = "CodeBlock"
MATH_BLOCK = "MathBlock"
QUOTE = "BlockQuote"
RULE = "HorizontalRule"
LIST_ITEM = "ListItem"
TABLE_TEXT = "TableText"
TABLE_HEADING = "TableHeading"
HEADING = "ContentHeading{level}"
# character styles
INLINE_CODE = "InlineCode"
MATH = "MathText"
POINTS = "Points"
LABEL = "AnswerLabel"
HYPERLINK = "Hyperlink"
TABLE_STYLE = "TableGrid"


@dataclass(frozen=True)
class StyleSpec:
    """One style: id, display name, kind, and its pPr / rPr children as WordprocessingML."""

    style_id: str
    name: str
    kind: str = "paragraph"
    based_on: str | None = "Normal"
    next_style: str | None = None
    ppr: str = ""
    rpr: str = ""


def _specs(text_width: int, mono: str) -> list[StyleSpec]:
    q, o = Q_INDENT, Q_INDENT + O_INDENT
    third = text_width // 3
    keep = "<w:keepNext/><w:keepLines/>"
    specs = [
        StyleSpec(
            TITLE,
            "Exam Title",
            next_style=SUBTITLE,
            ppr=f'{keep}<w:spacing w:before="0" w:after="120"/><w:jc w:val="center"/>'
            '<w:outlineLvl w:val="0"/>',
            rpr='<w:b/><w:bCs/><w:sz w:val="36"/><w:szCs w:val="36"/>',
        ),
        StyleSpec(
            SUBTITLE,
            "Exam Subtitle",
            ppr=f'{keep}<w:spacing w:after="80"/><w:jc w:val="center"/>',
            rpr='<w:sz w:val="24"/><w:szCs w:val="24"/>',
        ),
        StyleSpec(
            INFO,
            "Exam Info",
            ppr=f'{keep}<w:spacing w:after="120"/><w:jc w:val="center"/>',
        ),
        StyleSpec(
            STUDENT,
            "Student Info",
            ppr="<w:keepLines/><w:tabs>"
            f'<w:tab w:val="left" w:leader="underscore" w:pos="{third - 284}"/>'
            f'<w:tab w:val="left" w:pos="{third}"/>'
            f'<w:tab w:val="left" w:leader="underscore" w:pos="{2 * third - 284}"/>'
            f'<w:tab w:val="left" w:pos="{2 * third}"/>'
            f'<w:tab w:val="right" w:leader="underscore" w:pos="{text_width}"/>'
            '</w:tabs><w:spacing w:before="240" w:after="240"/>',
        ),
        StyleSpec(
            SECTION,
            "Section Heading",
            ppr=f'{keep}<w:spacing w:before="360" w:after="120"/><w:outlineLvl w:val="1"/>',
            rpr='<w:b/><w:bCs/><w:sz w:val="26"/><w:szCs w:val="26"/>',
        ),
        StyleSpec(
            QUESTION,
            "Question",
            next_style=OPTION,
            ppr=f'{keep}<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>'
            f'<w:spacing w:before="240" w:after="80"/><w:ind w:left="{q}" w:hanging="{q}"/>',
        ),
        StyleSpec(
            QUESTION_BODY,
            "Question Body",
            ppr=f'{keep}<w:spacing w:after="80"/><w:ind w:left="{q}"/>',
        ),
        StyleSpec(
            OPTION,
            "Option",
            ppr=f'{keep}<w:spacing w:after="40"/><w:ind w:left="{o}" w:hanging="{O_INDENT}"/>',
        ),
        StyleSpec(
            OPTION_BODY,
            "Option Body",
            ppr=f'{keep}<w:spacing w:after="40"/><w:ind w:left="{o}"/>',
        ),
        StyleSpec(
            ANSWER_SPACE,
            "Answer Space",
            ppr="<w:keepLines/>"
            f'<w:tabs><w:tab w:val="right" w:leader="underscore" w:pos="{text_width}"/></w:tabs>'
            f'<w:spacing w:before="120" w:after="120"/><w:ind w:left="{q}"/>',
        ),
        StyleSpec(
            ANSWER_LINE,
            "Answer Line",
            ppr="<w:keepLines/>"
            '<w:pBdr><w:bottom w:val="single" w:sz="4" w:space="1" w:color="808080"/>'
            '<w:between w:val="single" w:sz="4" w:space="1" w:color="808080"/></w:pBdr>'
            f'<w:spacing w:after="0" w:line="454" w:lineRule="exact"/><w:ind w:left="{q}"/>',
        ),
        StyleSpec(
            MATCH_ITEM,
            "Matching Item",
            ppr=f'<w:keepLines/><w:spacing w:before="40" w:after="40"/>'
            f'<w:ind w:left="{O_INDENT}" w:hanging="{O_INDENT}"/>',
        ),
        StyleSpec(
            ANSWER,
            "Answer",
            ppr=f'{keep}<w:spacing w:before="120" w:after="60"/><w:ind w:left="{q}"/>',
        ),
        StyleSpec(
            FEEDBACK,
            "Feedback",
            ppr='<w:keepLines/><w:spacing w:after="40"/>'
            f'<w:ind w:left="{o}" w:hanging="{O_INDENT}"/>',
            rpr='<w:color w:val="404040"/>',
        ),
        StyleSpec(
            EXPLANATION_HEADING,
            "Explanation Heading",
            ppr=f'{keep}<w:spacing w:before="120" w:after="60"/><w:ind w:left="{q}"/>',
            rpr="<w:b/><w:bCs/>",
        ),
        StyleSpec(
            EXPLANATION,
            "Explanation",
            ppr=f'<w:keepLines/><w:spacing w:after="80"/><w:ind w:left="{q}"/>',
        ),
        StyleSpec(
            DESCRIPTION,
            "Description",
            ppr='<w:keepLines/><w:spacing w:before="120" w:after="80"/>',
        ),
        StyleSpec(
            CODE,
            "Code Block",
            ppr='<w:keepLines/><w:shd w:val="clear" w:color="auto" w:fill="F2F2F2"/>'
            f'<w:spacing w:before="60" w:after="120" w:line="240" w:lineRule="auto"/>'
            f'<w:ind w:left="{q + 113}" w:right="113"/>',
            rpr=f'<w:rFonts w:ascii="{mono}" w:hAnsi="{mono}" w:cs="{mono}"/>'
            '<w:noProof/><w:sz w:val="19"/><w:szCs w:val="19"/>',
        ),
        StyleSpec(
            MATH_BLOCK,
            "Math Block",
            ppr='<w:keepLines/><w:spacing w:before="60" w:after="120"/><w:jc w:val="center"/>',
        ),
        StyleSpec(
            QUOTE,
            "Block Quote",
            ppr="<w:keepLines/>"
            '<w:pBdr><w:left w:val="single" w:sz="18" w:space="8" w:color="A6A6A6"/></w:pBdr>'
            f'<w:spacing w:after="80"/><w:ind w:left="{o}" w:right="{O_INDENT}"/>',
            rpr='<w:color w:val="404040"/>',
        ),
        StyleSpec(
            RULE,
            "Horizontal Rule",
            ppr='<w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" w:color="A6A6A6"/></w:pBdr>'
            f'<w:spacing w:after="120"/><w:ind w:left="{q}"/>',
        ),
        StyleSpec(LIST_ITEM, "List Item", ppr='<w:keepLines/><w:spacing w:after="40"/>'),
        StyleSpec(TABLE_TEXT, "Table Text", ppr='<w:spacing w:before="20" w:after="20"/>'),
        StyleSpec(
            TABLE_HEADING,
            "Table Heading",
            based_on=TABLE_TEXT,
            ppr="<w:keepNext/>",
            rpr="<w:b/><w:bCs/>",
        ),
        StyleSpec(
            INLINE_CODE,
            "Inline Code",
            kind="character",
            based_on=None,
            rpr=f'<w:rFonts w:ascii="{mono}" w:hAnsi="{mono}" w:cs="{mono}"/><w:noProof/>'
            '<w:shd w:val="clear" w:color="auto" w:fill="F2F2F2"/>',
        ),
        StyleSpec(
            MATH,
            "Math Text",
            kind="character",
            based_on=None,
            rpr='<w:rFonts w:ascii="Cambria Math" w:hAnsi="Cambria Math"/><w:i/><w:noProof/>',
        ),
        StyleSpec(
            POINTS,
            "Points",
            kind="character",
            based_on=None,
            rpr='<w:color w:val="404040"/>',
        ),
        StyleSpec(LABEL, "Answer Label", kind="character", based_on=None, rpr="<w:b/><w:bCs/>"),
        StyleSpec(
            HYPERLINK,
            "Hyperlink",
            kind="character",
            based_on=None,
            rpr='<w:color w:val="0563C1"/><w:u w:val="single"/>',
        ),
    ]
    sizes = {1: 32, 2: 28, 3: 26, 4: 24, 5: 22, 6: 22}
    for level, size in sizes.items():
        specs.append(
            StyleSpec(
                HEADING.format(level=level),
                f"Content Heading {level}",
                ppr=f'{keep}<w:spacing w:before="160" w:after="80"/>',
                rpr=f'<w:b/><w:bCs/><w:sz w:val="{size}"/><w:szCs w:val="{size}"/>',
            )
        )
    return specs


def _fragment(xml: str) -> list[etree._Element]:
    root = etree.fromstring(f'<w:x xmlns:w="{W_NS}">{xml}</w:x>')
    return list(root)


def _style_element(spec: StyleSpec) -> etree._Element:
    style = etree.Element(w("style"))
    style.set(w("type"), spec.kind)
    style.set(w("customStyle"), "1")
    style.set(w("styleId"), spec.style_id)
    etree.SubElement(style, w("name")).set(w("val"), spec.name)
    if spec.based_on:
        etree.SubElement(style, w("basedOn")).set(w("val"), spec.based_on)
    if spec.next_style:
        etree.SubElement(style, w("next")).set(w("val"), spec.next_style)
    etree.SubElement(style, w("qFormat"))
    if spec.ppr:
        ppr = etree.SubElement(style, w("pPr"))
        ppr.extend(_fragment(spec.ppr))
    if spec.rpr:
        rpr = etree.SubElement(style, w("rPr"))
        rpr.extend(_fragment(spec.rpr))
    return style


def install_styles(
    styles: etree._Element,
    *,
    latin: str,
    east_asia: str,
    mono: str,
    size_half_points: int,
    lang: str,
    east_asia_lang: str,
    text_width: int,
) -> None:
    """Write the document defaults (fonts incl. w:eastAsia, language) and every named style."""
    defaults = styles.find(w("docDefaults"))
    assert defaults is not None
    for old in list(defaults):
        defaults.remove(old)
    rpr = etree.SubElement(etree.SubElement(defaults, w("rPrDefault")), w("rPr"))
    fonts = etree.SubElement(rpr, w("rFonts"))
    for attr, value in (("ascii", latin), ("hAnsi", latin), ("eastAsia", east_asia), ("cs", latin)):
        fonts.set(w(attr), value)
    size = str(size_half_points)
    etree.SubElement(rpr, w("sz")).set(w("val"), size)
    etree.SubElement(rpr, w("szCs")).set(w("val"), size)
    lang_el = etree.SubElement(rpr, w("lang"))
    lang_el.set(w("val"), lang)
    lang_el.set(w("eastAsia"), east_asia_lang)
    ppr = etree.SubElement(etree.SubElement(defaults, w("pPrDefault")), w("pPr"))
    ppr.extend(_fragment('<w:spacing w:after="0" w:line="288" w:lineRule="auto"/>'))
    # Header/Footer tab stops for this page width.
    for style in styles.iterfind(w("style")):
        if style.get(w("styleId")) in ("Header", "Footer"):
            tabs = style.find(f"{w('pPr')}/{w('tabs')}")
            if tabs is not None:
                for tab in tabs:
                    pos = text_width // 2 if tab.get(w("val")) == "center" else text_width
                    tab.set(w("pos"), str(pos))
    for spec in _specs(text_width, mono):
        for old in styles.iterfind(w("style")):
            if old.get(w("styleId")) == spec.style_id:
                styles.remove(old)
                break
        styles.append(_style_element(spec))


# --------------------------------------------------------------------------- numbering

QUESTIONS, OPTIONS, BULLETS, ORDERED, MATCH_LEFT, MATCH_RIGHT = range(6)
_BULLET_CHARS = ("•", "◦", "▪")
_ORDERED_FORMATS = (("decimal", "%{n}."), ("lowerLetter", "%{n})"), ("lowerRoman", "%{n}."))


def _lvl(
    ilvl: int, fmt: str, text: str, left: int, hanging: int, *, style: str | None = None
) -> str:
    pstyle = f'<w:pStyle w:val="{style}"/>' if style else ""
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>{pstyle}'
        f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="{left}" w:hanging="{hanging}"/></w:pPr></w:lvl>'
    )


def _abstract(abstract_id: int, name: str, levels: str, multi: bool = True) -> str:
    kind = "hybridMultilevel" if multi else "singleLevel"
    return (
        f'<w:abstractNum w:abstractNumId="{abstract_id}"><w:multiLevelType w:val="{kind}"/>'
        f'<w:name w:val="{name}"/>{levels}</w:abstractNum>'
    )


def _abstracts() -> str:
    q, o = Q_INDENT, Q_INDENT + O_INDENT
    base = q + L_STEP
    bullets = "".join(
        _lvl(i, "bullet", _BULLET_CHARS[i % 3], base + i * L_STEP, L_STEP) for i in range(9)
    )
    ordered = "".join(
        _lvl(
            i,
            _ORDERED_FORMATS[i % 3][0],
            _ORDERED_FORMATS[i % 3][1].format(n=i + 1),
            base + i * L_STEP,
            L_STEP,
        )
        for i in range(9)
    )
    return "".join(
        [
            _abstract(QUESTIONS, "Questions", _lvl(0, "decimal", "%1.", q, q, style=QUESTION)),
            _abstract(OPTIONS, "Options", _lvl(0, "upperLetter", "%1.", o, O_INDENT)),
            _abstract(BULLETS, "Bullets", bullets),
            _abstract(ORDERED, "Ordered list", ordered),
            _abstract(MATCH_LEFT, "Matching items", _lvl(0, "decimal", "%1.", O_INDENT, O_INDENT)),
            _abstract(
                MATCH_RIGHT, "Matching choices", _lvl(0, "upperLetter", "%1.", O_INDENT, O_INDENT)
            ),
        ]
    )


@dataclass
class Numbering:
    """Allocates w:num instances (each restarting its list) and writes numbering.xml."""

    root: Any
    nums: list[etree._Element] = field(default_factory=list)

    def __post_init__(self) -> None:
        for old in list(self.root):
            self.root.remove(old)
        self.root.extend(_fragment(_abstracts()))
        self.questions = self.new(QUESTIONS, restart=False)  # numId 1, used by the Question style
        self.bullets = self.new(BULLETS, restart=False)

    def new(self, abstract: int, *, start: int = 1, level: int = 0, restart: bool = True) -> int:
        """A new list instance of `abstract`; with `restart`, it counts from `start` again."""
        num_id = len(self.nums) + 1
        num = etree.Element(w("num"))
        num.set(w("numId"), str(num_id))
        etree.SubElement(num, w("abstractNumId")).set(w("val"), str(abstract))
        if restart:
            override = etree.SubElement(num, w("lvlOverride"))
            override.set(w("ilvl"), str(level))
            etree.SubElement(override, w("startOverride")).set(w("val"), str(start))
        self.nums.append(num)
        return num_id

    def finish(self) -> None:
        """Append the list instances after every abstract definition (schema order)."""
        self.root.extend(self.nums)
