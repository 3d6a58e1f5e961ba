"""The loader: the seed bank, source positions, and every problem of a bank in one run."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qbank.diagnostics import Diagnostic
from qbank.load import load_bank
from qbank.model import MultipleChoice, SingleChoice
from qbank.richtext import BulletList, parse, plain_text


def write(root: Path, name: str, text: str | bytes) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def codes(diags: list[Diagnostic]) -> list[tuple[str, str, int, int]]:
    return [(d.code, Path(d.path).name, d.line, d.col) for d in diags]


GOOD = "id: {id}\ntype: single_choice\nstem: 题干\noptions: [是, 否]\nanswer: A\n"


# --------------------------------------------------------------------------- the seed bank


def test_seed_bank_is_faithful(sample_bank: Path) -> None:
    loaded = load_bank(sample_bank)
    assert loaded.diagnostics == []
    bank = loaded.bank
    assert bank.meta.title == "深度学习测验" and bank.meta.lang == "zh-CN"
    q1, q2, q3 = bank.questions
    assert isinstance(q1, SingleChoice) and isinstance(q2, SingleChoice)
    assert isinstance(q3, MultipleChoice)
    assert (q1.answer, q2.answer, q3.answer) == ("C", "C", ["A", "B", "D"])
    assert [o.text for o in q1.options] == ["不知道", "看情况", "是", "否"]
    assert [o.text for o in q2.options] == ["少于2s", "大于2s", "仍是2s", "说不准"]
    assert [o.text for o in q3.options] == ["计算简单", "非线性", "具有饱和区", "几乎处处可微"]
    assert q1.stem.startswith("当在卷积神经网络中加入池化层(pooling layer)时")
    assert q2.stem.endswith("那么新架构的测试所用时间会变为多少?")
    assert [s.title for s in q1.explanation] == [
        "平移变换不变性的概念",
        "池化层的工作原理",
        "池化层如何保留平移变换不变性",
    ]
    assert [s.title for s in q2.explanation] == [None, "测试时间分析", "训练时间分析"]
    assert [s.title for s in q3.explanation] == ["神经网络中激活函数的属性:"]
    (items,) = parse(q1.explanation[2].body)
    assert isinstance(items, BulletList) and len(items.items) == 3
    assert "[[1, 2], [3, 4]]" in plain_text(parse(q1.explanation[2].body))
    (props,) = parse(q3.explanation[0].body)
    assert isinstance(props, BulletList)
    titles = [plain_text(item).split("\n")[0] for item in props.items]
    assert titles == [
        "非线性:",
        "几乎处处可微:",
        "计算简单:",
        "非饱和性(saturation):",
        "单调性(monotonic):",
        "输出范围有限:",
        "接近恒等变换(identity):",
        "参数少:",
    ]
    assert "Network In Network" in plain_text(props.items[2])


def test_every_bank_file_has_a_schema_modeline(sample_bank: Path) -> None:
    files = sorted(sample_bank.rglob("*.yaml"))
    assert files
    for path in files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        target = (path.parent / first.split("$schema=", 1)[1]).resolve()
        assert target.is_file(), f"{path}: modeline points at missing {target}"


# --------------------------------------------------------------------------- problems, located


def test_every_problem_in_one_run(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", "id: a\ntype: single_choice\nstem: x\noptions: [p, q]\nanwser: A\n")
    write(
        tmp_path,
        "b.yaml",
        "id: b\ntype: single_choice\nstem: x\noptions: [p, q]\nanswer: A\nanswer: B\n",
    )
    write(tmp_path, "c.yaml", "id: c\ntype: single_choice\nstem: [unclosed\n")
    write(tmp_path, "d.yaml", b"id: d\nstem: \xff\xfe\n")
    write(tmp_path, "sub/e.yaml", GOOD.format(id="a"))
    write(
        tmp_path,
        "f.yaml",
        "- " + GOOD.format(id="f1").replace("\n", "\n  ") + "\n- id: f2\n  type: essay\n",
    )
    loaded = load_bank(tmp_path)
    found = codes(loaded.diagnostics)
    assert ("QB104", "a.yaml", 5, 1) in found
    assert ("QB103", "b.yaml", 6, 1) in found
    assert any(c == "QB102" and f == "c.yaml" for c, f, _, _ in found)
    assert ("QB101", "d.yaml", 2, 7) in found
    assert ("QB107", "e.yaml", 1, 5) in found
    assert ("QB105", "f.yaml", 7, 3) in found
    # the valid questions are still there
    assert [q.id for q in loaded.bank.questions] == ["b", "f1"] or "f1" in [
        q.id for q in loaded.bank.questions
    ]


def test_unknown_field_suggests_the_right_name(tmp_path: Path) -> None:
    write(
        tmp_path,
        "q.yaml",
        "id: q\ntype: single_choice\nstem: x\noptions:\n  - text: a\n    feedbak: no\n  - b\nanswer: A\n",
    )
    (diag,) = load_bank(tmp_path).diagnostics
    assert (diag.code, diag.line, diag.col) == ("QB104", 6, 5)
    assert diag.message == "unknown field 'feedbak'"
    assert diag.help == "did you mean 'feedback'?"


def test_typo_in_answer(tmp_path: Path) -> None:
    write(tmp_path, "q.yaml", "id: q\ntype: single_choice\nstem: x\noptions: [a, b]\nanwser: A\n")
    found = {(d.code, d.help) for d in load_bank(tmp_path).diagnostics}
    assert ("QB104", "did you mean 'answer'?") in found
    assert ("QB105", None) in found


def test_did_you_mean_names_fields_as_authors_write_them(tmp_path: Path) -> None:
    write(tmp_path, "bank.yaml", "title: t\nlint:\n  extend-selec: [QB101]\n")
    found = {(d.code, d.help) for d in load_bank(tmp_path).diagnostics}
    assert found == {("QB104", "did you mean 'extend-select'?")}


def test_value_error_points_at_the_value(tmp_path: Path) -> None:
    write(
        tmp_path,
        "q.yaml",
        "id: q\ntype: multiple_choice\nstem: x\noptions: [a, b, c]\nanswer: [A, E]\n",
    )
    (diag,) = load_bank(tmp_path).diagnostics
    assert (diag.code, diag.line, diag.col) == ("QB106", 5, 9)
    assert "answer E is out of range: the options are A-C" in diag.message


def test_unknown_type_suggests(tmp_path: Path) -> None:
    write(tmp_path, "q.yaml", "id: q\ntype: single_choise\nstem: x\n")
    (diag,) = load_bank(tmp_path).diagnostics
    assert diag.code == "QB106" and diag.help == "did you mean 'single_choice'?"


def test_duplicate_ids_name_both_places(tmp_path: Path) -> None:
    write(tmp_path, "one.yaml", GOOD.format(id="same"))
    write(tmp_path, "two.yaml", "# comment\n" + GOOD.format(id="same"))
    (diag,) = load_bank(tmp_path).diagnostics
    assert diag.code == "QB107"
    assert str(diag.location).endswith("two.yaml:2:5")
    assert [str(r).rsplit("/", 1)[1] for r in diag.related] == ["one.yaml:1:5"]


def test_bom_and_crlf_are_fine(tmp_path: Path) -> None:
    write(tmp_path, "q.yaml", b"\xef\xbb\xbf" + GOOD.format(id="q").replace("\n", "\r\n").encode())
    loaded = load_bank(tmp_path)
    assert loaded.diagnostics == [] and loaded.bank.questions[0].stem == "题干"


def test_yaml_12_scalars_keep_author_text(tmp_path: Path) -> None:
    write(
        tmp_path,
        "q.yaml",
        "id: q\ntype: single_choice\nstem: x\noptions: [Yes, No, on, 1:30]\nanswer: B\n",
    )
    loaded = load_bank(tmp_path)
    assert loaded.diagnostics == []
    assert [o.text for o in loaded.bank.questions[0].options] == ["Yes", "No", "on", "1:30"]


def test_anchors_and_merge_keys(tmp_path: Path) -> None:
    write(
        tmp_path,
        "q.yaml",
        "- &base\n  id: a\n  type: true_false\n  stem: x\n  answer: true\n- <<: *base\n  id: b\n",
    )
    loaded = load_bank(tmp_path)
    assert loaded.diagnostics == []
    assert [q.id for q in loaded.bank.questions] == ["a", "b"]


def test_unsupported_tag_is_a_yaml_error(tmp_path: Path) -> None:
    write(tmp_path, "q.yaml", "id: !!python/object:os.system x\n")
    (diag,) = load_bank(tmp_path).diagnostics
    assert diag.code == "QB102" and diag.line == 1


def test_empty_file_and_wrong_shape(tmp_path: Path) -> None:
    write(tmp_path, "empty.yaml", "# nothing yet\n")
    write(tmp_path, "scalar.yaml", "just text\n")
    found = {(d.code, d.severity, Path(d.path).name) for d in load_bank(tmp_path).diagnostics}
    assert found == {("QB110", "warning", "empty.yaml"), ("QB109", "error", "scalar.yaml")}


def test_missing_folder(tmp_path: Path) -> None:
    loaded = load_bank(tmp_path / "nope")
    assert [d.code for d in loaded.diagnostics] == ["QB108"] and not loaded.ok


def test_bad_bank_meta(tmp_path: Path) -> None:
    write(tmp_path, "bank.yaml", "title: T\nlanguage: zh\n")
    (diag,) = load_bank(tmp_path).diagnostics
    assert (diag.code, diag.line, diag.help) == ("QB104", 2, "did you mean 'lang'?")


def test_hidden_folders_and_order(tmp_path: Path) -> None:
    write(tmp_path, ".git/x.yaml", "broken: [")
    write(tmp_path, "b/1.yaml", GOOD.format(id="b1"))
    write(tmp_path, "a.yaml", GOOD.format(id="a"))
    write(tmp_path, "b/0.yml", GOOD.format(id="b0"))
    loaded = load_bank(tmp_path)
    assert loaded.diagnostics == []
    assert [q.id for q in loaded.bank.questions] == ["a", "b0", "b1"]


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 7), st.integers(0, 3))
def test_positions_survive_for_any_item(
    tmp_path_factory: pytest.TempPathFactory, bad: int, pad: int
) -> None:
    """Whichever question of a list is broken, its error points at its own answer line."""
    root = tmp_path_factory.mktemp("bank")
    chunks = []
    for i in range(8):
        answer = "Z" if i == bad else "A"
        chunks.append(
            f"- id: q{i}\n  type: single_choice\n  stem: s\n  options: [a, b]\n  answer: {answer}\n"
            + "\n" * pad
        )
    write(root, "list.yaml", "".join(chunks))
    (diag,) = load_bank(root).diagnostics
    assert diag.line == 1 + bad * (5 + pad) + 4
    assert diag.col == 11


def test_numbers_where_text_is_expected_are_not_coerced(tmp_path: Path) -> None:
    write(
        tmp_path, "q.yaml", "id: q\ntype: single_choice\nstem: x\noptions: [0.10, 2]\nanswer: A\n"
    )
    diags = load_bank(tmp_path).diagnostics
    assert [(d.code, d.line, d.col, d.help) for d in diags] == [
        ("QB106", 4, 11, 'quote it: "0.1"'),
        ("QB106", 4, 17, 'quote it: "2"'),
    ]
    assert "YAML read 0.1 as a number" in diags[0].message


def test_duplicate_keys_point_at_both_places() -> None:
    from qbank.load import parse_yaml

    text = "a: 1\nb:\n  - x\n  - {c: 2, 1: y, c: 3, 1: z}\na: 4\n~: n\n~: m\n"
    data, diags, ok = parse_yaml(text, "t.yaml")
    assert ok
    assert data == {"a": 4, "b": ["x", {"c": 3, 1: "z"}], None: "m"}
    found = [
        (d.message.split("'")[1], d.line, d.col, [(r.line, r.col) for r in d.related])
        for d in diags
    ]
    assert found == [
        ("c", 4, 18, [(4, 6)]),
        ("1", 4, 24, [(4, 12)]),
        ("a", 5, 1, [(1, 1)]),
        ("None", 7, 1, [(6, 1)]),
    ]
