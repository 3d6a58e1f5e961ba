"""The GIFT writer: golden output, Moodle's rules (reference/moodle-gift.md), and every loss."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from pydantic import TypeAdapter

import qbank_gift
from qbank import plugins
from qbank.cli import main
from qbank.model import Bank, BankMeta, MultipleChoice, Question
from qbank.moodle import ACCEPTED_PERCENTS
from tests.test_gift_helpers import export_bank, export_folder

QUESTION: TypeAdapter[Question] = TypeAdapter(Question)


def bank_of(*questions: dict[str, object], title: str = "Test bank") -> Bank:
    return Bank(
        meta=BankMeta(title=title), questions=[QUESTION.validate_python(q) for q in questions]
    )


def gift_of(*questions: dict[str, object], **options: str) -> tuple[str, list[str]]:
    result = export_bank(bank_of(*questions), source_of=None, **options)
    content = result.outputs[0].content
    assert isinstance(content, str)
    return content, [d.code for d in result.diagnostics]


def blocks(text: str) -> list[list[str]]:
    """Moodle's block split: trimmed lines, a blank line or a lone `0` ends a block."""
    out: list[list[str]] = [[]]
    for line in text.split("\n"):
        if line.strip() in ("", "0"):
            out.append([])
        else:
            out[-1].append(line)
    return [b for b in out if b]


def question_blocks(text: str) -> list[list[str]]:
    return [b for b in blocks(text) if any(not ln.startswith(("//", "$CATEGORY:")) for ln in b)]


# --------------------------------------------------------------------------- golden


def test_showcase_golden(showcase_bank: Path, golden: Callable[[str, str], None]) -> None:
    text, result = export_folder(showcase_bank)
    golden("gift/showcase.gift", text)
    assert result.outputs[0].path == "qbank-showcase.gift"
    codes = sorted(d.code for d in result.diagnostics)
    assert codes == ["QB305", "QB306"]  # the figure, and the essay's grading notes


def test_seed_bank_golden(sample_bank: Path, golden: Callable[[str, str], None]) -> None:
    text, result = export_folder(sample_bank)
    golden("gift/seed.gift", text)
    assert result.diagnostics == []
    assert result.outputs[0].path == "bank.gift"  # the title has no ASCII word


def test_output_is_deterministic(showcase_bank: Path) -> None:
    assert export_folder(showcase_bank)[0] == export_folder(showcase_bank)[0]


# --------------------------------------------------------------------------- Moodle's rules


def test_file_layout_follows_moodle_rules(showcase_bank: Path) -> None:
    text, _ = export_folder(showcase_bank)
    assert "\r" not in text and text.endswith("\n") and not text.endswith("\n\n")
    lines = text.split("\n")[:-1]
    assert all(line.strip() != "0" for line in lines)
    assert "\n\n\n" not in text  # exactly one blank line between blocks
    assert "&&0" not in text
    qblocks = question_blocks(text)
    assert len(qblocks) == 8
    for block in qblocks:
        names = [ln for ln in block if ln.startswith("::")]
        assert len(names) == 1, block
        m = re.match(r"::((?:\\.|[^:\\])+)::\[html\]", names[0])
        assert m and 0 < len(m.group(1)) <= 255
        assert block[0].startswith("// [id:")
    # categories stand alone in their blocks
    for block in blocks(text):
        if any(ln.startswith("$CATEGORY:") for ln in block):
            assert len(block) == 1


def test_every_special_character_is_escaped() -> None:
    text, _ = gift_of(
        {"id": "q", "type": "true_false", "stem": "a ~ = # { } : \\ ####  z", "answer": True}
    )
    line = next(ln for ln in text.split("\n") if ln.startswith("::"))
    assert "a \\~ \\= \\# \\{ \\} \\: \\\\ \\#\\#\\#\\#  z" in line
    assert line.endswith("{TRUE}")


def test_newlines_in_text_are_escaped_not_written() -> None:
    text, _ = gift_of(
        {
            "id": "q",
            "type": "description",
            "stem": "first line\nsecond\n\n0\n\n```\ncode\n\n  indented\n```",
        }
    )
    (block,) = question_blocks(text)
    assert len([ln for ln in block if not ln.startswith("//")]) == 1
    assert "\\n" in block[-1]


def test_single_choice_has_exactly_one_equals() -> None:
    text, codes = gift_of(
        {
            "id": "q",
            "type": "single_choice",
            "stem": "x = y?",
            "options": ["a=1", "b", "c"],
            "answer": "B",
        }
    )
    (block,) = question_blocks(text)
    answers = [ln for ln in block if ln[:1] in "=~"]
    assert [ln[0] for ln in answers] == ["~", "=", "~"]
    assert answers[0] == "~a\\=1"
    assert codes == []


@pytest.mark.parametrize(("n", "k"), [(n, k) for n in range(2, 11) for k in range(1, n + 1)])
def test_multiple_choice_weights(n: int, k: int) -> None:
    opts = [f"o{i}" for i in range(n)]
    text, codes = gift_of(
        {
            "id": "q",
            "type": "multiple_choice",
            "stem": "pick",
            "options": opts,
            "answer": list("ABCDEFGHIJ"[:k]),
        }
    )
    (block,) = question_blocks(text)
    answers = [ln for ln in block if ln[:1] in "=~"]
    assert all(ln.startswith("~%") for ln in answers)  # no '=' anywhere: multiple answers
    weights = [float(re.match(r"~%(-?[0-9.]+)%", ln).group(1)) for ln in answers]  # type: ignore[union-attr]
    for w in weights:  # Moodle accepts a grade within 0.00001 of its list ('match grades: error')
        assert any(abs(w / 100 - float(p) / 100) < 0.00001 for p in ACCEPTED_PERCENTS), w
    assert abs(sum(w for w in weights if w > 0) - 100) < 0.001
    if k < n:
        assert abs(sum(w for w in weights if w < 0) + 100) < 0.001
    assert codes == []


def test_unrepresentable_weight_is_reported() -> None:
    opts = [f"o{i}" for i in range(12)]
    text, codes = gift_of(
        {"id": "q", "type": "multiple_choice", "stem": "pick", "options": opts, "answer": "A"}
    )
    assert codes == ["QB301"]
    assert "~%-10%o1" in text  # the nearest accepted weight, so Moodle still imports the file


def test_unrepresentable_short_answer_weight() -> None:
    _, codes = gift_of(
        {
            "id": "q",
            "type": "short_answer",
            "stem": "s",
            "answers": ["a", {"text": "b", "weight": 33}],
        }
    )
    assert codes == ["QB301"]


def test_all_or_nothing_is_reported() -> None:
    _, codes = gift_of(
        {
            "id": "q",
            "type": "multiple_choice",
            "stem": "s",
            "options": ["a", "b", "c"],
            "answer": "AB",
            "scoring": "all_or_nothing",
        }
    )
    assert codes == ["QB302"]


def test_long_id_name_is_cut_and_reported() -> None:
    qid = "a" * 300
    text, codes = gift_of({"id": qid, "type": "essay", "stem": "s"})
    assert codes == ["QB303"]
    name = re.search(r"^::(.*?)::", text, re.M).group(1)  # type: ignore[union-attr]
    assert len(name) == 255


def test_stem_names() -> None:
    stem = "Explain **why** the <b> tag is " + "long " * 40
    text, codes = gift_of({"id": "q", "type": "essay", "stem": stem}, name="stem")
    name = re.search(r"^::(.*?)::", text, re.M).group(1)  # type: ignore[union-attr]
    assert name.startswith("Explain why the &lt;b&gt; tag is long") and name.endswith("…")
    assert len(name) <= 90 and codes == []


def test_every_image_is_a_loss() -> None:
    _, codes = gift_of(
        {
            "id": "q",
            "type": "single_choice",
            "stem": "![a](a.png) and ![b](b.png)",
            "options": ["![c](c.png)", "d"],
            "answer": "A",
            "explanation": "![e](e.png)",
        }
    )
    assert codes == ["QB305"] * 4


def test_true_false_feedback_in_moodle_order() -> None:
    text, _ = gift_of(
        {
            "id": "q",
            "type": "true_false",
            "stem": "s",
            "answer": False,
            "correct_feedback": "RIGHT",
            "incorrect_feedback": "WRONG",
            "explanation": "GEN",
        }
    )
    assert "{FALSE#WRONG#RIGHT####<div><p>GEN</p></div>}" in text


def test_numerical_matching_essay_description() -> None:
    text, codes = gift_of(
        {
            "id": "n",
            "type": "numerical",
            "stem": "n",
            "answers": [{"value": -1.5, "tolerance": 0.25}, {"min": 1, "max": 2, "weight": 50}],
        },
        {
            "id": "m",
            "type": "matching",
            "stem": "m",
            "pairs": [{"left": "a -> b", "right": "c -> d"}, {"left": "e", "right": "f"}],
            "distractors": ["g"],
        },
        {"id": "e", "type": "essay", "stem": "e", "explanation": "why"},
        {"id": "d", "type": "description", "stem": "d"},
    )
    assert "=%100%-1.5:0.25\n=%50%1..2\n}" in text
    assert "=a -&gt; b -> c -> d\n=e -> f\n= -> g\n}" in text
    assert "::e::[html]e{####<div><p>why</p></div>}" in text
    assert re.search(r"^::d::\[html\]d$", text, re.M)
    assert codes == []


def test_leading_bracket_or_percent_keeps_its_meaning() -> None:
    text, _ = gift_of(
        {
            "id": "q",
            "type": "single_choice",
            "stem": "[markdown] s",
            "options": ["%50% a", "[plain] b"],
            "answer": "A",
        }
    )
    assert "::q::[html][markdown] s{" in text
    assert "=[html]%50% a" in text and "~[html][plain] b" in text


def test_categories_follow_folders(tmp_path: Path) -> None:
    (tmp_path / "bank.yaml").write_text("title: Course / A\n", encoding="utf-8")
    for folder in ("one", "two"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "q.yaml").write_text(
            f"id: {folder}\ntype: essay\nstem: s\n", encoding="utf-8"
        )
    text, _ = export_folder(tmp_path)
    cats = re.findall(r"^\$CATEGORY: (.*)$", text, re.M)
    assert cats == ["$course$/top/Course // A/one", "$course$/top/Course // A/two"]
    assert re.findall(r"^\$CATEGORY: (.*)$", export_folder(tmp_path, category="bank")[0], re.M) == [
        "$course$/top/Course // A"
    ]
    assert "$CATEGORY" not in export_folder(tmp_path, category="none")[0]


def test_tags_and_meta_comments() -> None:
    text, _ = gift_of(
        {
            "id": "q",
            "type": "essay",
            "stem": "s",
            "tags": ["a]b", "c"],
            "difficulty": "hard",
            "source": "[tag:evil] [id:evil]",
        }
    )
    assert "// [id:q]\n// [tag:a\\]b] [tag:c]\n" in text
    meta = next(ln for ln in text.split("\n") if ln.startswith("// qbank: "))
    assert "[tag:" not in meta and "[id:" not in meta


def test_writer_is_registered() -> None:
    assert "gift" in plugins.available()
    assert isinstance(plugins.load("gift"), qbank_gift.GiftExporter)
    with pytest.raises(plugins.OptionsError, match="valid options: category, meta, name"):
        plugins.parse_options(plugins.load("gift"), {"nope": "1"})


# --------------------------------------------------------------------------- CLI


def test_cli_export(
    showcase_bank: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["export", "-f", "gift", "-b", str(showcase_bank), "--out", str(tmp_path)])
    out = capsys.readouterr()
    assert code == 0
    assert (tmp_path / "qbank-showcase.gift").is_file()
    assert "QB305 image 'images/grid.png' cannot travel in GIFT" in out.out
    assert "08-description.yaml" in out.out


def test_cli_strict_blocks_losses(
    showcase_bank: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        ["export", "-f", "gift", "-b", str(showcase_bank), "--out", str(tmp_path), "--strict"]
    )
    err = capsys.readouterr().err
    assert code == 1
    assert "nothing written" in err
    assert not list(tmp_path.iterdir())


def test_cli_bad_option(
    showcase_bank: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        [
            "export",
            "-f",
            "gift",
            "-b",
            str(showcase_bank),
            "--out",
            str(tmp_path),
            "-o",
            "category=x",
        ]
    )
    assert code == 2
    assert "option 'category'" in capsys.readouterr().err


def test_multiple_choice_model_sanity() -> None:
    q = MultipleChoice.model_validate(
        {"id": "q", "type": "multiple_choice", "stem": "s", "options": ["a", "b"], "answer": "A"}
    )
    assert q.key_indices == (0,)


def test_arrow_in_short_answer_is_a_loss() -> None:
    text, codes = gift_of({"id": "q", "type": "short_answer", "stem": "s", "answers": ["a->b"]})
    assert codes == ["QB306"]
    assert "=%100%a-&gt;b" in text
