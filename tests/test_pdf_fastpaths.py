"""The PDF writer's fast paths give exactly what reportlab's general code gives."""

from __future__ import annotations

import functools
import io
from typing import TYPE_CHECKING, Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from qbank import richtext

if TYPE_CHECKING:
    from qbank_pdf.rich import Renderer

_PIECES = [
    *"中文ab <>&\"';*_`$^{}[]()\\#|-∈α\n\u00a0。，（》",
    *("**b**", "*i*", "`c<d>`", "$x_1^2$", "$\\frac{a}{b}$", "&amp;", "&#65;"),
    *(
        "[t](https://e.org/?a=1&b=2)",
        "  \n",
        "\n\n- item ",
        "\n\n1. one\n   - two ",
        "测试训练题目",
    ),
    *(
        "convolution ",
        "pooling layer ",
        "卷积神经网络池化层",
        "\n\n```\ncode\n```\n\n",
        "\n\n> quote ",
    ),
]
_MIXED_RUN = "中文题目，。（》<&>\u00a0 abcXYZ 012∈α→\u2003\u3000\U0001f600"


@functools.cache
def _renderer(*, latin_in_cjk: bool, builtin: bool) -> Renderer:
    """One renderer per kind (choosing fonts asks fontconfig)."""
    from qbank_pdf.fonts import choose_fonts
    from qbank_pdf.rich import Renderer, Styles

    fonts, _ = choose_fonts(None, use_builtin=builtin)
    return Renderer(fonts, Styles.make(fonts.latin, 10.5), 400, 300, latin_in_cjk=latin_in_cjk)


def _canvas() -> Any:
    from reportlab.pdfgen.canvas import Canvas

    return Canvas(io.BytesIO(), invariant=1)


@settings(max_examples=300, deadline=None)
@given(
    source=st.lists(st.sampled_from(_PIECES), max_size=30).map("".join),
    latin_in_cjk=st.booleans(),
    builtin=st.booleans(),
    width=st.sampled_from([15.0, 60.0, 150.0, 400.0]),
    bullet=st.sampled_from([None, "A.", "\u2022", "12."]),
)
@example(source="a\u00a0b\u00a0c" * 5, latin_in_cjk=False, builtin=False, width=15.0, bullet=None)
def test_fast_draw_writes_what_reportlab_writes(
    source: str, latin_in_cjk: bool, builtin: bool, width: float, bullet: str | None
) -> None:
    """Every paragraph drawn by `draw_on` gives reportlab's operators, byte for byte."""
    from reportlab.platypus import Flowable

    from qbank_pdf.cjkwrap import Para
    from qbank_pdf.draw import draw_on

    r = _renderer(latin_in_cjk=latin_in_cjk, builtin=builtin)
    ours, theirs = _canvas(), _canvas()
    for flowable in r.blocks(richtext.parse(source)):
        if not isinstance(flowable, Para):
            continue
        if bullet is not None and not flowable.bulletText:
            flowable.bulletText = bullet
        flowable.wrapOn(ours, width, 10_000)
        # the whole paragraph, then its two parts when a page break falls after line 2
        parts = [flowable, *flowable.split(width, flowable.style.leading * 2.5)]
        for part in parts:
            part.wrapOn(ours, width, 10_000)
            if not draw_on(part, ours, 3.5, 7.25):
                part.drawOn(ours, 3.5, 7.25)
            Flowable.drawOn(part, theirs, 3.5, 7.25)  # reportlab's drawOn and drawPara
    assert ours._code == theirs._code
    assert ours._doc._pdfVersion == theirs._doc._pdfVersion


def test_fast_draw_takes_plain_paragraphs_and_leaves_the_rest() -> None:
    """Plain text, bold, colours, rises and bullets are drawn fast; links go to reportlab."""
    from reportlab.lib.enums import TA_CENTER

    from qbank_pdf.cjkwrap import Para
    from qbank_pdf.draw import draw_on

    r = _renderer(latin_in_cjk=True, builtin=False)
    canvas = _canvas()
    fast = [
        Para("中文 text", r.styles.body_cjk),
        Para('<font color="#444444">(1 pt)</font> <b>x</b><super>2</super>', r.styles.body),
        Para("item", r.styles.indented(r.styles.body_cjk, 18.9, 18.9), bulletText="1."),
        Para("", r.styles.body),
    ]
    slow = [
        Para('<a href="https://e.org"><u>link</u></a>', r.styles.body),
        Para("centred", r.styles.variant("c", r.styles.body, alignment=TA_CENTER)),
        Para("code", r.styles.code),
    ]
    for para in fast + slow:
        para.wrapOn(canvas, 200, 1000)
    assert all(draw_on(p, canvas, 0, 0) for p in fast)
    assert not any(draw_on(p, canvas, 0, 0) for p in slow)


def test_fast_draw_of_text_over_several_font_subsets() -> None:
    """A font subset holds 256 glyphs: text past the first subset is cut where reportlab cuts."""
    from reportlab.platypus import Flowable

    from qbank_pdf.cjkwrap import Para
    from qbank_pdf.draw import draw_on

    r = _renderer(latin_in_cjk=True, builtin=False)
    text = "".join(chr(0x4E00 + i) for i in range(0, 1400, 2))
    ours, theirs = _canvas(), _canvas()
    for markup in (r.run(text), r.run(text[::-1]), f"<b>x</b>{r.run(text[100:300])}"):
        para = Para(markup, r.styles.body_cjk)
        para.wrapOn(ours, 300, 100_000)
        assert draw_on(para, ours, 0, 0)
        Flowable.drawOn(para, theirs, 0, 0)
    assert ours._code == theirs._code


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet=_MIXED_RUN, max_size=40), cjk=st.booleans())
def test_runs_of_one_font_are_marked_up_as_character_by_character(text: str, cjk: bool) -> None:
    """`Renderer.run` (one run when the CJK font has every character) = font by font grouping."""
    from itertools import groupby
    from xml.sax.saxutils import escape

    r = _renderer(latin_in_cjk=True, builtin=False)
    fonts = r.fonts
    fonts.markup.clear()
    pick = fonts.font_in_cjk if cjk else fonts.font_for
    expected = "".join(
        piece if font == fonts.latin else f'<font face="{font}">{piece}</font>'
        for font, chars in groupby(text, key=pick)
        for piece in [escape("".join(chars))]
    )
    assert r.run(text, cjk=cjk) == expected


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                *"中a \"'/=>\n",
                *(
                    "<b>",
                    "</b>",
                    "<i>",
                    "</i>",
                    "<br/>",
                    "<br>",
                    "</br>",
                    "<b/>",
                    "<sub>",
                    "</sub>",
                ),
                *('<font face="Courier">', '<font color="#444444" face="Courier">', "</font>"),
                *("<super>", "</super>", "<u>", "</u>", '<a href="x">', "</a>", "<p>", "&amp;"),
                *("&#65;", "&#x4e2d;", "&nosuch;", "&lt;", "<font color='#1a6b2f'>", "x y"),
            ]
        ),
        max_size=25,
    ).map("".join)
)
@example("a<b/>b<b></b>c<br/>d")
@example("<b>a</i>")
def test_one_pass_markup_reading_gives_the_tree_walks_fragments(markup: str) -> None:
    """`scan` gives the fragments of `markup_tree` + `_walk`, or leaves the markup to them."""
    from qbank_pdf.cjkwrap import _walk, markup_tree, scan

    style = _renderer(latin_in_cjk=False, builtin=False).styles.body_cjk
    ours = scan(markup, style)
    tree = markup_tree(markup)
    theirs: list[Any] = []
    if tree is None or not _walk(tree[2], style, (), theirs):
        assert ours is None
        return
    if ours is None:  # only what the tree reads and the one pass leaves to it
        assert any(tag in markup for tag in ("<u>", "<a ", "<br>"))
        return
    assert [f.__dict__ for f in ours] == [f.__dict__ for f in theirs]


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="xyAB01 +-=<>,.;:()[]/|*^_{}{}^_", max_size=20))
@example("x_{12}^2")
@example("x {1} _ {a b}^")
@example("a--b")
def test_formulas_without_commands_are_read_as_pylatexenc_reads_them(tex: str) -> None:
    """The reader of command-free formulas gives pylatexenc's markup (or leaves the formula)."""
    from xml.sax.saxutils import escape

    from qbank_pdf import mathtext

    ours = mathtext.to_markup(tex, escape)
    renderer = mathtext._Renderer(escape)
    theirs = renderer.nodes(mathtext._parse(tex))
    assert ours.markup == theirs
    assert ours.unknown == renderer.unknown == []


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="a中 \u00a0\u3000\u2003\t\n\r\x1c\u200b\u2028<b>", max_size=20))
@example(" a")
@example("a  b")
def test_clean_markup_is_cleaned_as_reportlab_cleans_it(text: str) -> None:
    """The shortcut for markup that is already clean agrees with `cleanBlockQuotedText`."""
    from reportlab.platypus.paragraph import cleanBlockQuotedText

    from qbank_pdf.cjkwrap import _clean

    assert _clean(text) == cleanBlockQuotedText(text)


@settings(max_examples=100, deadline=None)
@given(text=st.text(alphabet=_MIXED_RUN, max_size=30), builtin=st.booleans())
def test_footer_runs_and_numbers_are_drawn_as_reportlab_draws_them(
    text: str, builtin: bool
) -> None:
    """`draw_runs` = `beginText` + `setFont`/`textOut` per run; `Number.drawOn` = `drawString`."""
    from reportlab.platypus import Flowable

    from qbank_pdf.draw import draw_runs
    from qbank_pdf.render import Number, _runs

    fonts = _renderer(latin_in_cjk=False, builtin=builtin).fonts
    ours, theirs = _canvas(), _canvas()
    runs = _runs(fonts, text)
    draw_runs(ours, 10.5, 20.25, runs, 8.5)
    tx = theirs.beginText(10.5, 20.25)
    for font, piece in runs:
        tx.setFont(font, 8.5)
        tx.textOut(piece)
    theirs.drawText(tx)
    for font in (fonts.latin, fonts.cjk, fonts.mono):
        number = Number(f"{len(text)}.", font, 10.5, 15.75)
        number.wrapOn(ours, 30, 30)
        number.drawOn(ours, 1.5, 2.5)
        Flowable.drawOn(number, theirs, 1.5, 2.5)
    assert ours._code == theirs._code


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["a", " ", "**b ", "*i ", "[l](x.org) ", "![p](i.png)", "  \n", "\\\n", "`c`"]
        ),
        max_size=12,
    ).map("".join)
)
def test_options_find_breaks_and_images_as_walk_inlines_does(source: str) -> None:
    """The option layout's own check agrees with `richtext.walk_inlines`."""
    from qbank_pdf.render import _breaks_or_images

    doc = richtext.parse(source)
    if len(doc) != 1 or not isinstance(doc[0], richtext.Paragraph):
        return
    expected = any(
        isinstance(n, richtext.Image | richtext.LineBreak) for n in richtext.walk_inlines(doc)
    )
    assert _breaks_or_images(doc[0].children) == expected
