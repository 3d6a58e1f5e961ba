"""The canonical YAML writer for imported questions, and the text round trip (property tests)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter

from qbank import richtext
from qbank.importers import text, yamlout
from qbank.load import load_bank, parse_yaml
from qbank.model import (
    LETTERS,
    AnyQuestion,
    MultipleChoice,
    Question,
    SingleChoice,
    TrueFalse,
)

DATA = Path(__file__).resolve().parent / "data" / "import"
SHOWCASE = Path(__file__).resolve().parent / "data" / "showcase"
QUESTION: TypeAdapter[AnyQuestion] = TypeAdapter(Question)


def read_back(yaml_text: str) -> AnyQuestion:
    data, diags, ok = parse_yaml(yaml_text, "t.yaml")
    assert ok and not diags
    return QUESTION.validate_python(data)


def test_every_showcase_question_round_trips() -> None:
    loaded = load_bank(SHOWCASE)
    assert loaded.ok and len(loaded.bank.questions) >= 8
    for question in loaded.bank.questions:
        assert read_back(yamlout.to_yaml(question, schema=None)) == question


def test_seed_yaml(golden: object, tmp_path: Path) -> None:
    result = text.read(DATA / "seed.txt")
    (tmp_path / "schema").mkdir()
    (tmp_path / "schema" / "question.schema.json").write_text("{}")
    files = yamlout.plan(result.questions, tmp_path / "bank" / "dl")
    assert [f.path.name for f in files] == [
        "01-pooling-layer.yaml",
        "02-4gb-dropout.yaml",
        "03-q3.yaml",
    ]
    assert callable(golden)
    golden("import/seed.yaml", "---\n".join(f.text for f in files))


def test_answers_written_as_authors_write_them() -> None:
    qs = text.read(DATA / "seed.txt").questions
    assert "\nanswer: C\n" in yamlout.to_yaml(qs[0], schema=None)
    assert "\nanswer: [A, B, D]\n" in yamlout.to_yaml(qs[2], schema=None)
    assert "    body: |\n      - 非线性:\n\n        即导数" in yamlout.to_yaml(qs[2], schema=None)


def test_modeline_points_at_the_schema(tmp_path: Path) -> None:
    schema = tmp_path / "schema" / "question.schema.json"
    schema.parent.mkdir()
    schema.write_text("{}")
    folder = tmp_path / "bank" / "imported"
    (planned, *_) = yamlout.plan(text.read(DATA / "seed.txt").questions, folder)
    first = planned.text.splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../schema/question.schema.json"
    assert (folder / first.split("=", 1)[1]).resolve() == schema.resolve()


def test_ids_avoid_the_bank_and_files_are_never_overwritten(tmp_path: Path) -> None:
    bank = tmp_path / "bank"
    (bank / "other").mkdir(parents=True)
    (bank / "bank.yaml").write_text("title: t\n")
    (bank / "other" / "x.yaml").write_text(
        "id: pooling-layer\ntype: essay\nstem: s\n", encoding="utf-8"
    )
    folder = bank / "dl"
    (folder).mkdir()
    (folder / "07-old.yaml").write_text("id: q3\ntype: essay\nstem: s\n")
    questions = text.read(DATA / "seed.txt").questions
    files = yamlout.plan(questions, folder)
    assert [f.path.name for f in files] == [
        "08-pooling-layer-2.yaml",
        "09-4gb-dropout.yaml",
        "10-q3-2.yaml",
    ]
    assert [f.question.id for f in files] == ["pooling-layer-2", "4gb-dropout", "q3-2"]
    (folder / "09-4gb-dropout-2.yaml").write_text("id: 4gb-dropout-3\n")
    for f in files:
        f.path.write_text(f.text, encoding="utf-8")
    # Importing again adds copies, never touching the files already there ...
    again = yamlout.plan(questions, folder)
    assert [f.path.name for f in again] == [
        "11-pooling-layer-3.yaml",
        "12-4gb-dropout-4.yaml",  # -2 is a file name, -3 an id
        "13-q3-3.yaml",
    ]
    # ... and with force, the one-question files holding the same ids in the folder are replaced;
    # an id held only elsewhere in the bank still gets a new one.
    forced = yamlout.plan(questions, folder, force=True)
    assert [f.path.name for f in forced] == [
        "11-pooling-layer-3.yaml",
        "09-4gb-dropout.yaml",
        "07-old.yaml",
    ]
    assert [f.question.id for f in forced] == ["pooling-layer-3", "4gb-dropout", "q3"]


def test_conflicting_file_name_is_refused(tmp_path: Path) -> None:
    (tmp_path / "01-pooling-layer.yaml").write_text("not yaml: [", encoding="utf-8")
    (q,) = text.read(DATA / "seed.txt").questions[:1]
    # The broken file's name still counts as taken, so the new file gets another name.
    (f,) = yamlout.plan([q], tmp_path)
    assert f.path.name == "02-pooling-layer-2.yaml"


# --------------------------------------------------------------------------- property tests

WORD = (
    st.text(
        alphabet=st.sampled_from(
            list("abcdxyz0123456789 *_[]<>$#&|~`.,;:!?()-+=%\\中文题目选项测试学习")
        ),
        min_size=1,
        max_size=30,
    )
    .map(lambda s: " ".join(s.split()))
    .filter(bool)
)


@st.composite
def questions(draw: st.DrawFn) -> tuple[str, str, list[str], str | bool]:
    kind = draw(st.sampled_from(["single", "multiple", "true_false"]))
    stem = draw(WORD)
    if kind == "true_false":
        return kind, stem, [], draw(st.booleans())
    options = draw(st.lists(WORD, min_size=2, max_size=6))
    n = len(options)
    if kind == "single":
        return kind, stem, options, LETTERS[draw(st.integers(0, n - 1))]
    keys = draw(st.sets(st.integers(0, n - 1), min_size=2))
    return kind, stem, options, "".join(LETTERS[i] for i in sorted(keys))


def as_text(items: list[tuple[str, str, list[str], str | bool]]) -> str:
    """A small writer of the plain-text layout: `N、stem`, `A. option`, `答案：KEY`."""
    out: list[str] = []
    for n, (_, stem, options, key) in enumerate(items, start=1):
        out.append(f"{n}、{stem}")
        out += [f"{LETTERS[i]}. {o}" for i, o in enumerate(options)]
        out.append(f"答案：{('对' if key else '错') if isinstance(key, bool) else key}")
    return "\n".join(out) + "\n"


def plain(markdown: str) -> str:
    return richtext.plain_text(richtext.parse(markdown))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(questions(), min_size=1, max_size=5))
def test_text_round_trip(items: list[tuple[str, str, list[str], str | bool]]) -> None:
    source = as_text(items)
    result = text.parse_lines(text.split_lines(source), "t.txt", source_name="t.txt")
    assert result.diagnostics == []
    assert len(result.questions) == len(items)
    for (kind, stem, options, key), q in zip(items, result.questions, strict=True):
        assert plain(q.stem) == stem
        if kind == "true_false":
            assert isinstance(q, TrueFalse) and q.answer is key
            continue
        assert isinstance(q, SingleChoice | MultipleChoice)
        assert [plain(o.text) for o in q.options] == options
        assert "".join(q.answer) == key
        assert isinstance(q, SingleChoice if kind == "single" else MultipleChoice)
        # ... and the canonical YAML reads back as the same question.
        assert read_back(yamlout.to_yaml(q, schema=None)) == q


SCALAR = st.text(st.characters(blacklist_categories=["Cs"]), min_size=1, max_size=40).filter(
    lambda s: s.strip() != ""
)


@settings(max_examples=200, deadline=None)
@given(stem=SCALAR, option=SCALAR, body=SCALAR, title=SCALAR)
def test_any_text_survives_the_yaml_writer(stem: str, option: str, body: str, title: str) -> None:
    question = SingleChoice.model_validate(
        {
            "id": "q",
            "type": "single_choice",
            "stem": stem,
            "options": [option, "x"],
            "answer": "A",
            "explanation": [{"title": title, "body": body}, {"body": body + "\n\n" + body}],
        }
    )
    assert read_back(yamlout.to_yaml(question, schema=None)) == question


@pytest.mark.parametrize(
    "value",
    [
        "no",
        "yes",
        "1:30",
        "2024-01-01",
        "null",
        "~",
        "- x",
        "a: b",
        "#x",
        "x #y",
        "0x1F",
        "1e3",
        ".inf",
        "'q'",
        '"q"',
        "@x",
        "2001-12-14 21:59:43.10 -51:30",  # PyYAML's own reading fails on it
    ],
)
def test_ambiguous_scalars_are_quoted(value: str) -> None:
    question = TrueFalse.model_validate(
        {"id": "q", "type": "true_false", "stem": value, "answer": True}
    )
    assert read_back(yamlout.to_yaml(question, schema=None)).stem == value


# Characters that matter to YAML (indicators, comments, quotes, types), and ones that do not.
_YAML_CHARS = st.sampled_from(
    [
        *"aZ09 -+.:#,[]{}&*!|>'\"%@`?~<=_/\\",
        *("\xa0", "\u3000", "\x85", "\ufeff", "\u2028", "中", "文", "é", "😀"),
        *("yes", "No", "null", "1e3", "0x1F", "2024-01-01", "1:30", ".inf", "12:30:00"),
        *("2001-12-14 21:59:43.10 -5", "on", "OFF", "True", "Null", "y", "n", "a_b"),
    ]
)
yaml_scalars = st.lists(_YAML_CHARS, min_size=1, max_size=8).map("".join)


@settings(max_examples=3000, deadline=None)
@given(yaml_scalars)
def test_plain_scalars_read_back_as_themselves(value: str) -> None:
    from qbank.load import parse_yaml

    if yamlout._plain_ok(value):
        for doc, expected in ((f"k: {value}\n", {"k": value}), (f"- {value}\n", [value])):
            assert yaml.safe_load(doc) == expected  # PyYAML's pure-Python YAML 1.1 reading
            data, diags, ok = parse_yaml(doc, "<test>")  # qbank's YAML 1.2 loader
            assert ok and not diags and data == expected
    if yamlout._flow_ok(value):
        doc, expected = f"k: [{value}, x]\n", {"k": [value, "x"]}
        assert yaml.safe_load(doc) == expected
        data, diags, ok = parse_yaml(doc, "<test>")
        assert ok and not diags and data == expected


def test_plain_scalars_are_written_plain() -> None:
    for value in ("卷积神经网络", "Network test attention. (0)", "a:b", "x-1", "池化层 #1"):
        assert yamlout._plain_ok(value) == (value != "池化层 #1"), value


def test_flow_lists_quote_items_with_flow_indicators() -> None:
    question = TrueFalse.model_validate(
        {"id": "q", "type": "true_false", "stem": "s", "answer": True, "tags": ["a]b", "c,d", "e"]}
    )
    text = yamlout.to_yaml(question, schema=None)
    assert read_back(text) == question
    assert "tags: [" not in text


def test_subfolders_get_their_own_numbers_and_modelines(tmp_path: Path) -> None:
    schema = tmp_path / "schema" / "question.schema.json"
    schema.parent.mkdir()
    schema.write_text("{}")
    folder = tmp_path / "bank" / "imported"
    questions = text.read(DATA / "seed.txt").questions
    folders = {questions[1].id: ("a",), questions[2].id: ("a", "b")}
    files = yamlout.plan(questions, folder, folders=folders)
    assert [f.path.relative_to(folder).as_posix() for f in files] == [
        f"01-{questions[0].id}.yaml",
        f"a/01-{questions[1].id}.yaml",
        f"a/b/01-{questions[2].id}.yaml",
    ]
    for f in files:
        modeline = f.text.splitlines()[0].split("=", 1)[1]
        assert (f.path.parent / modeline).resolve() == schema.resolve()
