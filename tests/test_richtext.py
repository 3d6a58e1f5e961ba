"""The rich-text tree: every Markdown element becomes a typed node; Chinese survives untouched."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qbank import richtext as rt
from tests.richtext_reference import parse_reference


def test_inline_elements() -> None:
    (para,) = rt.parse("a *b* **c** `d` [e](http://x.org) ![alt](i.png) $x^2$ f  \ng\nh")
    assert isinstance(para, rt.Paragraph)
    assert para.children == (
        rt.Text("a "),
        rt.Emph((rt.Text("b"),)),
        rt.Text(" "),
        rt.Strong((rt.Text("c"),)),
        rt.Text(" "),
        rt.Code("d"),
        rt.Text(" "),
        rt.Link("http://x.org", (rt.Text("e"),)),
        rt.Text(" "),
        rt.Image("i.png", "alt"),
        rt.Text(" "),
        rt.Math("x^2"),
        rt.Text(" f"),
        rt.LineBreak(),
        rt.Text("g"),
        rt.SoftBreak(),
        rt.Text("h"),
    )


def test_block_elements() -> None:
    doc = rt.parse(
        "# Title\n\n- a\n  - b\n- c\n\n3. x\n4. y\n\n```py\n  indented\n```\n\n> quote\n\n"
        "| h1 | h2 |\n|:--|--:|\n| 1 | 2 |\n\n$$\nE=mc^2\n$$\n\n---\n"
    )
    kinds = [type(b).__name__ for b in doc]
    assert kinds == [
        "Heading",
        "BulletList",
        "OrderedList",
        "CodeBlock",
        "Quote",
        "Table",
        "MathBlock",
        "ThematicBreak",
    ]
    heading, bullets, ordered, code, quote, table, math, _ = doc
    assert heading == rt.Heading(1, (rt.Text("Title"),))
    assert isinstance(bullets, rt.BulletList) and len(bullets.items) == 2
    nested = bullets.items[0][1]
    assert isinstance(nested, rt.BulletList) and nested.items == ((rt.Paragraph((rt.Text("b"),)),),)
    assert isinstance(ordered, rt.OrderedList) and ordered.start == 3
    assert code == rt.CodeBlock("  indented", "py")
    assert quote == rt.Quote((rt.Paragraph((rt.Text("quote"),)),))
    assert isinstance(table, rt.Table)
    assert table.align == ("left", "right")
    assert table.rows == (((rt.Text("1"),), (rt.Text("2"),)),)
    assert math == rt.MathBlock("E=mc^2")


def test_chinese_untouched_and_html_is_text() -> None:
    source = "平移变换不变性指的是当输入图像发生小范围的平移时,模型的输出<b>不会</b>改变 & 保持。"
    assert rt.parse(source) == (rt.Paragraph((rt.Text(source),)),)


def test_dollars_that_are_not_math() -> None:
    assert rt.plain_text(rt.parse("costs $5 and $10")) == "costs $5 and $10"


def test_tight_and_loose_lists() -> None:
    (tight,) = rt.parse("- a\n- b\n")
    (loose,) = rt.parse("- a\n\n- b\n")
    assert isinstance(tight, rt.BulletList) and tight.tight
    assert isinstance(loose, rt.BulletList) and not loose.tight


def test_parse_is_cached() -> None:
    assert rt.parse("same *text*") is rt.parse("same *text*")


def test_walk_and_plain_text() -> None:
    doc = rt.parse("x ![pic](a.png)\n\n- **y** [z](u)\n")
    images = [n for n in rt.walk_inlines(doc) if isinstance(n, rt.Image)]
    assert images == [rt.Image("a.png", "pic")]
    assert rt.plain_text(doc) == "x pic\ny z"


_PIECES = st.sampled_from(
    [
        "a",
        "中文",
        "平移",
        " ",
        "  ",
        "\n",
        "\n\n",
        "\t",
        "- ",
        "* ",
        "+ ",
        "1. ",
        "2) ",
        "# ",
        "> ",
        "    ",
        "```\n",
        "~~~",
        "$",
        "$$",
        "\\",
        "*",
        "**",
        "_",
        "`",
        "[",
        "](",
        ")",
        "![",
        "<",
        ">",
        "&amp;",
        "&",
        "|",
        "---",
        "===",
        "x^2",
        "http://x.org",
        "😀",
        "0",
        ":",
        ".",
        "\r\n",
    ]
)
markdownish = st.lists(_PIECES, max_size=30).map("".join)


@settings(max_examples=400, deadline=None)
@given(markdownish)
def test_fast_converter_agrees_with_the_syntax_tree(source: str) -> None:
    rt.parse.cache_clear()
    assert rt.parse(source) == parse_reference(source)


@settings(max_examples=1000, deadline=None)
@given(st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40))
def test_plain_text_shortcut_agrees_with_the_parser(source: str) -> None:
    shortcut = rt._simple_document(source)
    if shortcut is not None:
        assert shortcut == parse_reference(source)


def test_plain_text_shortcut_is_taken_for_plain_text() -> None:
    assert rt._simple_document("计算简单") == (rt.Paragraph((rt.Text("计算简单"),)),)
    assert rt._simple_document("line one\nline two\n") is not None
    assert rt._simple_document("# not plain") is None
    assert rt._simple_document("[a link](x)") is None


# Inline syntax the shortcut reads (drawn most often), its near misses, and what it leaves
# to markdown-it.
_INLINE_READ = st.sampled_from(
    [
        "a",
        "bc",
        "中文",
        "。",
        "，",
        "😀",
        "é",
        "\u3000",
        "1",
        "2x",
        ".",
        "?",
        "-",
        "#",
        "+",
        "*a*",
        "**b**",
        "*中*",
        "**文。**",
        "**x y**",
        "`c`",
        "`c_d*`",
        "`$x$`",
        "$x$",
        "$x_{1}^2$",
        "$\\alpha$",
        "=",
        ":",
        "*",
        "**",
    ]
)
_INLINE_OTHER = st.sampled_from(
    [
        "***",
        "***a***",
        "* a*",
        "*a *",
        "`",
        "` c`",
        "``c``",
        "$",
        "$ x$",
        "$x $",
        "$$x$$",
        "$a\\$",
        "\\$",
        "_",
        "_a_",
        "&",
        "<b>",
        "[x]",
        "!",
        "\\",
        "- ",
        "1. ",
    ]
)
_GAP = st.sampled_from(["", "", " ", " ", "\n"])


def _inline_text(pieces: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.lists(st.tuples(_GAP, pieces), min_size=1, max_size=12).map(
        lambda pairs: "".join(gap + piece for gap, piece in pairs).strip(" \n")
    )


inline_markdown = st.one_of(
    _inline_text(_INLINE_READ), _inline_text(st.one_of(_INLINE_READ, _INLINE_OTHER))
)


@settings(max_examples=4000, deadline=None)
@given(inline_markdown)
def test_inline_shortcut_agrees_with_the_parser(source: str) -> None:
    shortcut = rt._simple_document(source)
    if shortcut is not None:
        assert shortcut == parse_reference(source), source


@pytest.mark.parametrize(
    "source",
    [
        "**bold**",
        "a *b* **c** `d` $x^2$ f",
        "优化器。 **regularisation** and `code_9220` with $x_{9220}^2$.？",
        "a**b**c and *x*y",
        "line *one*\n**two** line",
        "- item with `code`\n- item with $x$\n  1. nested **bold**",
        "`a*b_c<d>&e`",
        "$a_1 < b_2$",
    ],
)
def test_inline_shortcut_is_taken(source: str) -> None:
    shortcut = rt._simple_document(source)
    assert shortcut is not None
    assert shortcut == parse_reference(source)


@pytest.mark.parametrize(
    "source",
    [
        "*a **b** c*",  # nested emphasis
        "**a*",  # unequal runs
        "***a***",
        "* a*",  # opener before a space: a list item or text
        "*a.*b",  # closer after punctuation does not close here
        "`` a ``",
        "` a`",
        "$5 and $6",
        "$x$1",
        "1$x$",
        "$ x$",
        "$$x$$",
        "$a\\$b$",
        "__a__",
        "a\\*b*",
    ],
)
def test_inline_shortcut_declines_what_it_does_not_read(source: str) -> None:
    assert rt._simple_document(source) is None


_WORDS = st.sampled_from(
    [
        "中文",
        "平移变换。",
        "abc",
        "x y",
        "池化层(pooling)",
        "1.5",
        "a-b",
        "2x2",
        "是:否",
        "-",
        "- -",
        "---",
    ]
)
_INDENTS = st.sampled_from(["", "", "", "  ", "   ", "    ", " "])
_MARKERS = st.sampled_from(["", "", "- ", "- ", "1. ", "2. ", "10. ", "1) ", "* ", "-"])
_LINE = st.tuples(_INDENTS, _MARKERS, _WORDS, st.sampled_from(["", "", " ", " 中"])).map("".join)
listish = st.lists(st.one_of(_LINE, st.just("")), min_size=1, max_size=12).map("\n".join)


@settings(max_examples=3000, deadline=None)
@given(listish)
def test_simple_document_shortcut_agrees_with_the_parser(source: str) -> None:
    shortcut = rt._simple_document(source)
    if shortcut is not None:
        assert shortcut == parse_reference(source), source


@pytest.mark.parametrize(
    "source",
    [
        "- a\n- b\n\n1. c\n   - d\n   - e\n2. f\n",
        "概念。\n\n- 一\n- 二\n\n3. 三\n4. 四",
        "line one\nline two\n\n- item",
        "1. a\n   1. b\n      - c\n2. d",
    ],
)
def test_simple_document_shortcut_is_taken(source: str) -> None:
    shortcut = rt._simple_document(source)
    assert shortcut is not None
    assert shortcut == parse_reference(source)


@pytest.mark.parametrize(
    "source",
    [
        "- a\nlazy",
        "- a\n\n- b",
        "para\n- item",
        "1. a\n   2. b",
        "- a\n  text",
        "- a\n\n  more",
        "- a\n1. b",
        "    code",
    ],
)
def test_simple_document_shortcut_declines_ambiguous_text(source: str) -> None:
    assert rt._simple_document(source) is None


def test_reads_as_checks_without_filling_the_cache() -> None:
    rt.parse.cache_clear()
    doc = (rt.Paragraph((rt.Strong((rt.Text("b"),)),)),)
    assert rt.reads_as("**b**", doc)
    assert not rt.reads_as("*b*", doc)
    assert not rt.reads_as("- **b**", doc)
    assert rt.parse.cache_info().currsize == 0


def test_walk_inlines_visits_every_inline_and_leaves_no_cycles() -> None:
    import gc

    doc = rt.parse("a **b [c](x)** ![i](y.png)\n\n- *e*\n\n> q\n\n| h |\n|---|\n| $m$ |")
    gc.collect()
    gc.disable()
    try:
        kinds = [type(n).__name__ for n in rt.walk_inlines(doc)]
        assert gc.collect() == 0  # generators that close over themselves would leave cycles
    finally:
        gc.enable()
    assert kinds == [
        *("Text", "Strong", "Text", "Link", "Text", "Text", "Image"),
        *("Emph", "Text", "Text", "Text", "Math"),
    ]
