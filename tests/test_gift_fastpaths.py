"""The GIFT writer's and reader's fast paths give exactly what the slow, general paths give."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter

import qbank_gift
from qbank import richtext as rt
from qbank.importers import gift
from qbank.model import Bank, BankMeta, Question, Section
from tests.richtext_reference import parse_reference
from tests.test_gift_helpers import export_bank

QUESTION: TypeAdapter[Question] = TypeAdapter(Question)

# Characters that matter to Markdown, GIFT or HTML, and ones that do not (CJK, emoji, spaces).
_CHARS = "aZ09 .,;:?!'\"()/%@^{}=~#*_`[]<>&\\$|+-\t\n\r\x00\x0b\x1c\x85\xa0\u2028\u3000"
_PIECES = ["卷", "积", "。", "😀", "é", "\\(", "\\)", "\\[", "\\]", "&amp;", "1.", "- "]
_ALPHABET = st.sampled_from([*_CHARS, *_PIECES])
texts = st.lists(_ALPHABET, max_size=12).map("".join)


@settings(max_examples=1500)
@given(texts)
def test_is_plain_paragraph_is_one_paragraph_of_itself(text: str) -> None:
    if not rt.is_plain_paragraph(text):
        return
    doc = (rt.Paragraph((rt.Text(text),)),)
    assert parse_reference(text) == doc  # markdown-it itself, not qbank's shortcut
    assert rt.parse(text) == doc
    assert gift._md_blocks(doc, full=False) == text  # what the general path would write


def test_is_plain_paragraph_examples() -> None:
    assert rt.is_plain_paragraph("Network test attention. (0)")
    assert rt.is_plain_paragraph("卷积神经网络是什么?")
    for text in ("", " a", "a ", "1. a", "- a", "# a", "a*b", "a_b", "a\nb", "a\xa0", "=a"):
        assert not rt.is_plain_paragraph(text), text


@settings(max_examples=1500)
@given(texts)
def test_text_without_markup_skips_the_html_parser(text: str) -> None:
    # lxml refuses control characters (the HTML route then reads an empty field): not compared.
    if "<" in text or "&" in text or gift._XML_UNSAFE.search(text):
        return
    assert gift.from_html(text) == gift.tree_to_markdown(gift.html_blocks(text))


@settings(max_examples=800)
@given(st.lists(st.one_of(texts, st.just("x")), min_size=1, max_size=3))
def test_tree_to_markdown_plain_paragraphs(parts: list[str]) -> None:
    doc = tuple(rt.Paragraph((rt.Text(p),)) for p in parts)
    text = gift.tree_to_markdown(doc)
    if all(rt.is_plain_paragraph(p) for p in parts):
        assert text == "\n\n".join(parts)
        assert parse_reference(text) == doc


@settings(max_examples=1500)
@given(texts, st.sampled_from(["", "\n", "\n\n"]))
def test_writer_fast_paths_render_what_the_tree_renders(text: str, end: str) -> None:
    # Plain fields and plain explanation bodies skip the tree: same HTML as the tree gives.
    source = text + end
    doc = parse_reference(source)
    whole = qbank_gift._blocks(doc, [])
    if len(doc) == 1 and isinstance(doc[0], rt.Paragraph):
        assert qbank_gift.to_html(source) == qbank_gift._inline(doc[0].children, [])
    else:
        assert qbank_gift.to_html(source) == whole
    section = Section.model_construct(title=None, body=source)  # any body, even empty
    assert qbank_gift.explanation_html([section], []) == f"<div>{whole}</div>"


def _gift_escape_reference(text: str) -> str:
    replace = {"\\": "\\\\", "\n": "\\n", "\r": ""}
    return re.sub(r"[\\~=#{}:\n\r]", lambda m: replace.get(m.group(), "\\" + m.group()), text)


@given(texts)
def test_gift_escape_matches_one_pass_reference(text: str) -> None:
    assert qbank_gift.gift_escape(text) == _gift_escape_reference(text)


def test_shared_text_reports_its_images_for_every_question() -> None:
    # Each distinct text is rendered once; its image losses still belong to every question.
    explanation = [{"title": "See ![t](t.png)", "body": "![b](b.png)"}]
    questions = [
        {
            "id": f"q{i}",
            "type": "single_choice",
            "stem": "Which?",
            "options": ["![o](o.png)", "no image"],
            "answer": "A",
            "explanation": explanation,
        }
        for i in range(3)
    ]
    bank = Bank(
        meta=BankMeta(title="t"), questions=[QUESTION.validate_python(q) for q in questions]
    )
    result = export_bank(bank)
    lost = [(d.question_id, d.message) for d in result.diagnostics if d.code == "QB305"]
    expected = [
        (f"q{i}", f"image '{src}' cannot travel in GIFT")
        for i in range(3)
        for src in ("t.png", "b.png", "o.png")  # in the order the question is rendered
    ]
    assert lost == expected
    content = result.outputs[0].content
    assert isinstance(content, str)
    assert content.count('<img src\\="o.png" alt\\="o">') == 3


@settings(max_examples=1500)
@given(
    st.lists(st.sampled_from(["\\", "\\\\", "~", "=", "#", "{", "}", ":", "n", "a", "卷"])).map(
        "".join
    )
)
def test_unescape_placeholders_match_one_regex_pass(text: str) -> None:
    expected = gift._ESCAPE_RE.sub(lambda m: gift._ESCAPES[m.group(1)], text)
    assert gift._pre(text) == expected
    assert gift._post(expected) == gift._UNESCAPE_RE.sub(
        lambda m: gift._UNESCAPE[m.group()], expected
    )


_HTML_PIECES = st.sampled_from(
    [
        "<p>",
        "</p>",
        "<b>",
        "</b>",
        "<code>",
        "</code>",
        "<pre>",
        "<!-- c -->",
        "<?pi x?>",
        "<html>",
        "<body>",
        "</body>",
        "<!doctype html>",
        "<head><title>t</title></head>",
        "<br>",
        "<li>",
        "<table><tr><td>",
        "&amp;",
        "&nbsp;",
        "&#0;",
        "&bogus;",
        "<",
        ">",
        " ",
        "\n",
        "\x00",
        "a",
        "卷",
        "😀",
    ]
)


@settings(max_examples=1500)
@given(st.lists(_HTML_PIECES, max_size=10).map("".join))
def test_fragment_is_lxml_html_fragment_fromstring(html_text: str) -> None:
    import lxml.html
    from lxml import etree

    try:
        expected = lxml.html.fragment_fromstring(html_text, create_parent="div")
    except Exception:
        expected = lxml.html.fragment_fromstring("<p></p>", create_parent="div")
    got = gift._fragment(html_text)
    assert etree.tostring(got, encoding="unicode") == etree.tostring(expected, encoding="unicode")
    for mine, theirs in zip(got.iter(), expected.iter(), strict=True):
        if isinstance(theirs.tag, str):
            assert gift._text_content(mine) == theirs.text_content()
