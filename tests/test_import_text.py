"""The plain-text reader: the seed quiz, common layouts, encodings and bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from qbank import richtext
from qbank.importers import UNPLACED_LINE, ImportResult, decode_bytes, guess, text
from qbank.load import load_bank
from qbank.model import MultipleChoice, SingleChoice, TrueFalse

DATA = Path(__file__).resolve().parent / "data" / "import"
BANK = Path(__file__).resolve().parent.parent / "bank"


def codes(result: ImportResult) -> list[tuple[str, int]]:
    return [(d.code, d.line) for d in result.diagnostics]


def test_seed_yields_the_three_bank_questions() -> None:
    result = text.read(DATA / "seed.txt")
    bank = load_bank(BANK).bank.questions
    assert len(result.questions) == len(bank) == 3
    for got, want in zip(result.questions, bank, strict=True):
        assert type(got) is type(want)
        assert isinstance(got, SingleChoice | MultipleChoice)
        assert isinstance(want, SingleChoice | MultipleChoice)
        assert got.stem == want.stem
        assert [o.text for o in got.options] == [o.text for o in want.options]
        assert got.answer == want.answer
        assert [s.title for s in got.explanation] == [s.title for s in want.explanation]
        for mine, theirs in zip(got.explanation, want.explanation, strict=True):
            # The same rich-text tree: titled sections, bullet items holding a title and bodies.
            assert richtext.parse(mine.body) == richtext.parse(theirs.body)


def test_seed_reports_its_spam_line_and_nothing_else() -> None:
    result = text.read(DATA / "seed.txt")
    assert codes(result) == [(UNPLACED_LINE, 1)]
    assert "凡客建网站线上推广软件" in result.diagnostics[0].message
    assert result.lines == {
        q.id: line for q, line in zip(result.questions, [2, 20, 36], strict=True)
    }


def test_seed_stray_numbered_item_joins_the_bullet_list() -> None:
    q3 = text.read(DATA / "seed.txt").questions[2]
    doc = richtext.parse(q3.explanation[0].body)
    assert len(doc) == 1 and isinstance(doc[0], richtext.BulletList)
    titles = [richtext.plain_text(item[:1]) for item in doc[0].items]
    assert titles[5] == "输出范围有限:"
    assert len(titles) == 8
    # "计算简单:" holds two body paragraphs; the inline " - 非饱和性..." started a new item.
    assert len(doc[0].items[2]) == 3
    assert titles[3] == "非饱和性(saturation):"


def test_chinese_layouts() -> None:
    result = text.read(DATA / "layouts-zh.txt")
    assert result.diagnostics == []
    qs = result.questions
    assert [q.type for q in qs] == [
        "single_choice",
        "single_choice",
        "multiple_choice",
        "multiple_choice",  # a single key under the 多选题 heading stays multiple choice
        "true_false",
        "true_false",
    ]
    q1, q2, q3, q4, q5, q6 = qs
    assert isinstance(q1, SingleChoice) and q1.answer == "A" and q1.options[1].text == "vector"
    assert isinstance(q2, SingleChoice) and [o.text for o in q2.options] == ["1", "2", "3", "4"]
    assert q2.answer == "B" and q2.explanation[0].body == "一加一等于二。\n"
    assert isinstance(q3, MultipleChoice) and q3.answer == ["A", "C"]
    assert isinstance(q4, MultipleChoice) and q4.answer == ["C"] and len(q4.options) == 4
    assert isinstance(q5, TrueFalse) and q5.answer is True
    assert isinstance(q6, TrueFalse) and q6.answer is False
    assert q6.explanation[0].body == "标准大气压下水的沸点是 100℃。\n"
    assert [result.lines[q.id] for q in qs] == [2, 9, 15, 21, 29, 31]


def test_english_layouts() -> None:
    result = text.read(DATA / "layouts-en.txt")
    assert codes(result) == [(UNPLACED_LINE, 1)]
    q1, q2, q3, q4 = result.questions
    assert isinstance(q1, SingleChoice) and q1.answer == "B" and q1.options[1].text == "Mars"
    assert q1.id == "which-planet-is-known-as-the"
    assert isinstance(q2, MultipleChoice) and q2.answer == ["A", "C"]
    assert q2.explanation[0].title is None
    assert q2.explanation[0].body.startswith("2 and 5 have no divisors")
    assert isinstance(q3, TrueFalse) and q3.answer is True
    assert isinstance(q4, TrueFalse) and q4.answer is False
    assert q4.explanation[0].title == "Why it is false"


def test_bad_questions_are_reported_and_the_rest_imported() -> None:
    result = text.read(DATA / "bad.txt")
    assert [q.stem for q in result.questions] == ["A good question.", "Another good one."]
    assert codes(result) == [("QB503", 1), ("QB503", 8), ("QB503", 12), (UNPLACED_LINE, 17)]
    messages = [d.message for d in result.diagnostics]
    assert "no answer key" in messages[0] and "lines 1-3" in messages[0]
    assert "no options and no answer key" in messages[1]
    assert "answer E is not among the options A-B" in messages[2]
    assert "second answer line" in messages[3]
    assert result.questions[1].answer == "B"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("name", "encoding"), [("gb18030.txt", "gb18030"), ("utf16.txt", "utf-16")]
)
def test_other_encodings_are_detected(name: str, encoding: str) -> None:
    result = text.read(DATA / name)
    assert result.encoding == encoding
    assert result.diagnostics == []
    (q,) = result.questions
    assert q.stem == "下列哪个是中国的首都？"
    assert isinstance(q, SingleChoice) and q.options[1].text == "北京" and q.answer == "B"


def test_utf16_without_bom_and_crlf() -> None:
    data = "1. Pick B\r\nA. no\r\nB. yes\r\nAnswer: B\r\n".encode("utf-16-le")
    decoded, encoding = decode_bytes(data)
    assert encoding == "utf-16-le" and decoded is not None and decoded.startswith("1. Pick B")


@pytest.mark.parametrize(
    ("name", "message"),
    [("empty.txt", "the file is empty"), ("junk.bin", "cannot read the file as text")],
)
def test_unreadable_sources(name: str, message: str) -> None:
    result = text.read(DATA / name)
    assert result.questions == []
    (diag,) = result.diagnostics
    assert diag.code == "QB504" and message in diag.message


def test_missing_file_is_reported_not_raised(tmp_path: Path) -> None:
    (diag,) = text.read(tmp_path / "nope.txt").diagnostics
    assert diag.code == "QB504" and "cannot read file" in diag.message


def test_guess() -> None:
    assert guess(DATA / "seed.txt", (DATA / "seed.txt").read_bytes()[:4096]) == "text"
    assert guess(DATA / "aiken.txt", (DATA / "aiken.txt").read_bytes()) == "aiken"
    assert guess(DATA / "junk.bin", (DATA / "junk.bin").read_bytes()) is None
    assert guess(Path("x.docx"), b"PK\x03\x04") == "docx"


def parse(source: str) -> ImportResult:
    return text.parse_lines(text.split_lines(source), "t.txt", source_name="t.txt")


def test_numbered_list_in_an_explanation_is_not_a_question() -> None:
    result = parse(
        "1. Which is even?\nA. 2\nB. 3\nAnswer: A\nReasons\n1. it divides by two\n"
        "2. it is not odd\n3. see above\n"
    )
    (q,) = result.questions
    assert result.diagnostics == []
    doc = richtext.parse(q.explanation[0].body)
    assert q.explanation[0].title == "Reasons"
    assert isinstance(doc[0], richtext.OrderedList) and len(doc[0].items) == 3


def test_question_without_options_between_two_good_ones_is_reported() -> None:
    result = parse("1. a?\nA. x\nB. y\n答案：A\n2. forgot everything\n3. c?\nA. x\nB. y\n答案：B\n")
    assert len(result.questions) == 2
    assert codes(result) == [("QB503", 5)]


def test_multi_line_options_and_stems() -> None:
    result = parse(
        "1. First line of the stem\nsecond line of the stem\nA. an option that\n"
        "wraps onto a second line\nB. short\n答案：B\n"
    )
    (q,) = result.questions
    assert q.stem == "First line of the stem\n\nsecond line of the stem"
    assert isinstance(q, SingleChoice)
    assert q.options[0].text == "an option that wraps onto a second line"


def test_markdown_characters_are_kept_as_text() -> None:
    result = parse(
        "1. Is 2*3*4 = 24 and is a_b_c <x> $5 $6 [link](x)?\nA. *yes*\nB. # no\nAnswer: A\n"
    )
    (q,) = result.questions
    assert isinstance(q, SingleChoice)
    plain = richtext.plain_text(richtext.parse(q.stem))
    assert plain == "Is 2*3*4 = 24 and is a_b_c <x> $5 $6 [link](x)?"
    assert [richtext.plain_text(richtext.parse(o.text)) for o in q.options] == ["*yes*", "# no"]


def test_answer_key_on_the_line_after_a_bare_label() -> None:
    (q,) = parse("1. Pick C\nA. a\nB. b\nC. c\n【答案】\nC\n").questions
    assert isinstance(q, SingleChoice) and q.answer == "C"


def test_two_options_true_false_words_make_a_true_false_question() -> None:
    (q,) = parse("1. 太阳从东方升起。\nA. 正确\nB. 错误\n答案：A\n").questions
    assert isinstance(q, TrueFalse) and q.answer is True


def test_short_answer_numerical_and_essay() -> None:
    result = parse(
        "1. The chemical symbol of gold?\nAnswer: Au\n"
        "2. How many legs does a spider have?\nAnswer: 8\n"
        "3. 简述反向传播算法。\n参考答案：反向传播利用链式法则从输出层向输入层逐层计算损失函数对各参数的梯度，"
        "再用梯度下降更新参数。\n"
    )
    assert [q.type for q in result.questions] == ["short_answer", "numerical", "essay"]


def test_letter_key_without_options_is_malformed() -> None:
    result = parse("1. Where are the options?\nAnswer: C\n")
    assert result.questions == []
    assert codes(result) == [("QB503", 2)]
    assert "no options" in result.diagnostics[0].message


def test_text_without_questions() -> None:
    result = parse("just some prose\nwith no questions\n")
    assert result.questions == []
    assert codes(result) == [(UNPLACED_LINE, 1), (UNPLACED_LINE, 2)]
