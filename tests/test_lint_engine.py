"""The lint engine: configuration sources, suppression, targets, bank rules, broken input."""

from __future__ import annotations

import random
from itertools import combinations
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qbank.lint import ConfigError, lint_bank
from qbank.lint.similarity import HASH_BITS, jaccard, shingles, similar_pairs

ROOT = Path(__file__).resolve().parent.parent
PROBLEMS = ROOT / "tests" / "data" / "lint" / "problems"


def make_bank(folder: Path, files: dict[str, str], meta: str = "title: T\n") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "bank.yaml").write_text(meta, encoding="utf-8")
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def codes(bank: Path, **kwargs: object) -> list[str]:
    kwargs.setdefault("use_pyproject", False)
    return [d.code for d in lint_bank(bank=bank, **kwargs).diagnostics]  # type: ignore[arg-type]


TF = "id: {id}\ntype: true_false\nstem: {stem}\nanswer: true\nexplanation: Because.\n"


def single(qid: str, answer: str, stem: str | None = None) -> str:
    return (
        f"- id: {qid}\n  type: single_choice\n  stem: {stem or 'Question ' + qid}?\n"
        f"  options: [alpha {qid}, beta {qid}, gamma {qid}, delta {qid}]\n"
        f"  answer: {answer}\n  explanation: Because.\n"
    )


# --------------------------------------------------------------------------- configuration


def test_default_rules_and_off_by_default_ones(tmp_path: Path) -> None:
    bank = make_bank(tmp_path / "b", {"q.yaml": TF.format(id="q", stem="池化层(pooling)好，对吗?")})
    assert codes(bank) == []
    assert codes(bank, extend_select=["QB213"]) == ["QB213"]


def test_bank_yaml_select_ignore_and_cli_override(tmp_path: Path) -> None:
    files = {"q.yaml": "id: q\ntype: true_false\nstem: S $x\nanswer: true\n"}
    bank = make_bank(tmp_path / "b", files)
    assert codes(bank) == ["QB207", "QB209"]
    bank = make_bank(tmp_path / "c", files, "title: T\nlint:\n  ignore: [QB207]\n")
    assert codes(bank) == ["QB209"]
    bank = make_bank(tmp_path / "d", files, "title: T\nlint:\n  select: [QB207]\n")
    assert codes(bank) == ["QB207"]
    assert codes(bank, select=["QB209"]) == ["QB209"]  # the command line wins
    assert codes(bank, ignore=["QB2"]) == []


def test_pyproject_then_bank_yaml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.qbank.lint]\nselect = ["QB209"]\n'
        'extend-select = ["QB213"]\n',
        encoding="utf-8",
    )
    files = {"q.yaml": "id: q\ntype: true_false\nstem: 好(a)，$x\nanswer: true\n"}
    bank = make_bank(tmp_path / "bank", files)
    monkeypatch.chdir(tmp_path)
    assert codes(bank, use_pyproject=True) == ["QB209", "QB213"]
    assert codes(bank, use_pyproject=False) == ["QB207", "QB209"]
    # bank.yaml's select replaces pyproject's; extend-select accumulates
    (bank / "bank.yaml").write_text("title: T\nlint: {select: [QB207]}\n", encoding="utf-8")
    assert codes(bank, use_pyproject=True) == ["QB207", "QB213"]


def test_pyproject_errors_point_at_the_line(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.qbank.lint]\nselect = ["QB209"]\nignore = ["QB288"]\n', encoding="utf-8"
    )
    bank = make_bank(tmp_path / "bank", {})
    with pytest.raises(ConfigError, match=r"pyproject.toml:3:\d+: unknown rule code 'QB288'"):
        lint_bank(bank=bank)
    (tmp_path / "pyproject.toml").write_text("[tool.qbank.lint]\nselct = []\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"pyproject.toml:2:1: \[tool.qbank.lint\] selct"):
        lint_bank(bank=bank)
    (tmp_path / "pyproject.toml").write_text("[tool.qbank.lint\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="invalid TOML"):
        lint_bank(bank=bank)


def test_rule_options(tmp_path: Path) -> None:
    keys = "".join(single(f"q{i}", "A" if i < 3 else "BCD"[i % 3]) for i in range(6))
    meta = "title: T\nlint:\n  options:\n    QB402: {min-questions: 6, max-share: 0.45}\n"
    bank = make_bank(tmp_path / "b", {"q.yaml": keys}, meta)
    report = lint_bank(bank=bank, use_pyproject=False)
    [diag] = report.diagnostics
    assert diag.code == "QB402"
    assert diag.message == "50% of 6 single-choice keys are A (A 3, B 1, C 1, D 1)"
    assert str(diag.location) == f"{bank.as_posix()}/bank.yaml:1:1"
    meta = "title: T\nlint:\n  options:\n    answer-position-bias: {max-share: 0.5, min-questions: 6}\n"
    bank = make_bank(tmp_path / "c", {"q.yaml": keys}, meta)
    assert codes(bank) == []


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ("QB402: {maximum: 1}", r"bank.yaml:4:\d+: unknown option 'maximum' for QB402 .*max-share"),
        ("QB402: {max-share: 2}", r"invalid option 'max-share' for QB402"),
        ("QB499: {x: 1}", r"bank.yaml:4:5: unknown rule 'QB499' in options"),
    ],
)
def test_bad_rule_options(tmp_path: Path, options: str, message: str) -> None:
    bank = make_bank(tmp_path / "b", {}, f"title: T\nlint:\n  options:\n    {options}\n")
    with pytest.raises(ConfigError, match=message):
        lint_bank(bank=bank, use_pyproject=False)


def test_targets_gate_compatibility_rules(tmp_path: Path) -> None:
    mc = (
        "id: q\ntype: multiple_choice\nstem: S\noptions: [a, b, c]\nanswer: [A, B]\n"
        "scoring: all_or_nothing\nexplanation: E\n"
    )
    bank = make_bank(tmp_path / "b", {"q.yaml": mc})
    assert codes(bank, targets=["gift"]) == ["QB302"]
    assert codes(bank, targets=["pdf", "docx"]) == []
    bank = make_bank(tmp_path / "c", {"q.yaml": mc}, "title: T\nlint: {targets: [json]}\n")
    assert codes(bank) == []
    with pytest.raises(ConfigError, match="unknown target 'moodle'"):
        lint_bank(bank=bank, targets=["moodle"], use_pyproject=False)


def test_too_many_options_for_paper_targets(tmp_path: Path) -> None:
    options = ", ".join(f"o{i}" for i in range(27))
    q = f"id: q\ntype: single_choice\nstem: S\noptions: [{options}]\nanswer: A\nexplanation: E\n"
    bank = make_bank(tmp_path / "b", {"q.yaml": q})
    [diag] = lint_bank(bank=bank, targets=["pdf"], use_pyproject=False).diagnostics
    assert (diag.code, diag.line, diag.message) == (
        "QB304",
        4,
        "27 options: a lettered paper labels at most 26 (A-Z)",
    )
    assert codes(bank, targets=["gift"]) == []


def test_unignorable_loader_errors(tmp_path: Path) -> None:
    bank = make_bank(tmp_path / "b", {}, "title: T\nlint: {ignore: [QB106]}\n")
    with pytest.raises(ConfigError, match=r"QB106 .* cannot be ignored"):
        lint_bank(bank=bank, use_pyproject=False)
    bank = make_bank(tmp_path / "c", {"e.yaml": ""}, "title: T\nlint: {ignore: [QB110]}\n")
    assert codes(bank) == []  # a warning of the loader can be ignored


def test_malformed_code_in_bank_yaml_is_a_schema_error(tmp_path: Path) -> None:
    bank = make_bank(tmp_path / "b", {}, "title: T\nlint:\n  ignore: [QB2999]\n")
    [diag] = lint_bank(bank=bank, use_pyproject=False).diagnostics
    assert (diag.code, diag.line, diag.col) == ("QB106", 3, 12)
    assert "must be a rule code or code prefix" in diag.message


# --------------------------------------------------------------------------- suppression


def test_per_question_suppression(tmp_path: Path) -> None:
    q = "id: q\ntype: true_false\nstem: S $x\nanswer: true\nlint: {ignore: [QB209]}\n"
    bank = make_bank(tmp_path / "b", {"q.yaml": q})
    assert codes(bank) == ["QB207"]


def test_suppressing_a_near_duplicate_on_the_later_question(tmp_path: Path) -> None:
    a = TF.format(id="a", stem="Max pooling keeps small translations invariant.")
    b = a.replace("id: a", "id: b") + "lint: {ignore: [QB401]}\n"
    bank = make_bank(tmp_path / "b", {"a.yaml": a, "b.yaml": b})
    assert codes(bank) == []
    bank = make_bank(tmp_path / "c", {"a.yaml": a, "b.yaml": b.replace("QB401", "QB203")})
    assert codes(bank) == ["QB401"]


# --------------------------------------------------------------------------- bank rules


def test_answer_position_bias_threshold(tmp_path: Path) -> None:
    def bank_of(n_a: int, total: int, name: str) -> Path:
        qs = "".join(single(f"q{i}", "A" if i < n_a else "BCD"[i % 3]) for i in range(total))
        return make_bank(tmp_path / name, {"q.yaml": qs})

    assert codes(bank_of(9, 20, "over")) == ["QB402"]  # 45%
    assert codes(bank_of(8, 20, "at")) == []  # 40% is not more than 40%
    assert codes(bank_of(19, 19, "small")) == []  # fewer than 20 single-choice keys


def test_near_duplicates_report_both_locations(tmp_path: Path) -> None:
    report = lint_bank(bank=PROBLEMS, select=["QB401"], use_pyproject=False)
    [near] = [d for d in report.diagnostics if d.code == "QB401"]
    assert near.path.endswith("06-near-b.yaml") and near.question_id == "near-b"
    assert [str(r) for r in near.related] == [f"{PROBLEMS.as_posix()}/05-near-a.yaml:1:5"]


def test_near_duplicate_threshold_option(tmp_path: Path) -> None:
    a = TF.format(id="a", stem="Max pooling keeps small translations of the input invariant.")
    b = TF.format(id="b", stem="Max pooling keeps small translations of an image invariant.")
    bank = make_bank(tmp_path / "b", {"a.yaml": a, "b.yaml": b})
    assert codes(bank) == []
    meta = "title: T\nlint: {options: {near-duplicate-question: {threshold: 0.6}}}\n"
    bank = make_bank(tmp_path / "c", {"a.yaml": a, "b.yaml": b}, meta)
    assert codes(bank) == ["QB401"]


# --------------------------------------------------------------------------- broken input


def test_a_broken_file_never_stops_the_others(tmp_path: Path) -> None:
    bank = make_bank(
        tmp_path / "b",
        {
            "a.yaml": "id: [unclosed\n",
            "c.yaml": "id: c\ntype: true_false\nstem: S $x\nanswer: true\n",
        },
    )
    (bank / "b.yaml").write_bytes("id: b\nstem: 池化层\n".encode("gb18030"))
    assert codes(bank) == ["QB102", "QB101", "QB207", "QB209"]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.one_of(
            st.text(max_size=80),
            st.sampled_from(["id: x\n", "- 1\n- [\n", "stem: $\n", "answer: ABZ\n", "type: 1\n"]),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_garbage_files_give_diagnostics_not_tracebacks(tmp_path: Path, parts: list[str]) -> None:
    folder = tmp_path / f"g{random.getrandbits(32)}"
    bank = make_bank(folder, {"q.yaml": "".join(parts), "ok.yaml": TF.format(id="ok", stem="S")})
    report = lint_bank(bank=bank, use_pyproject=False)
    assert any(q.id == "ok" for q in report.loaded.bank.questions)
    for diag in report.diagnostics:
        assert diag.code.startswith("QB") and diag.path


# --------------------------------------------------------------------------- similarity


def test_similarity_finds_chinese_near_duplicates() -> None:
    texts = [
        "在卷积神经网络中加入池化层时,平移变换的不变性会被保留吗?",
        "dropout 在测试时是否起作用?",
        "在卷积神经网络中加入池化层时,平移变换的不变性还会被保留吗?",  # 0.77
        "在卷积神经网络中加入池化层时,平移变换的不变性会被保留吗?",
    ]
    pairs = [(i, j) for i, j, _ in similar_pairs(texts, 0.7)]
    assert pairs == [(0, 2), (0, 3)]  # 3 is a copy of 0: paired with 0 only


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.text(alphabet="abcde池化层卷积 ", min_size=0, max_size=30), max_size=25),
    st.sampled_from([0.5, 0.7, 0.85, 1.0]),
)
def test_similarity_is_exact_above_threshold(texts: list[str], threshold: float) -> None:
    found = {(i, j): s for i, j, s in similar_pairs(texts, threshold)}
    for (i, j), similarity in found.items():
        assert i < j
        assert similarity == pytest.approx(jaccard(shingles(texts[i]), shingles(texts[j])))
        assert similarity >= threshold
    for i, j in combinations(range(len(texts)), 2):
        truth = jaccard(shingles(texts[i]), shingles(texts[j]))
        if texts[i] == texts[j] and texts.index(texts[i]) != i:
            continue  # copies are paired with the first occurrence only
        if truth >= max(threshold, 0.95):
            assert (i, j) in found, (texts[i], texts[j], truth)


def test_similarity_scales_past_quadratic() -> None:
    # 3,000 distinct texts with 3 planted duplicates: found, and nothing else.
    rng = random.Random(7)
    words = [f"w{n}" for n in range(3000)]
    texts = [" ".join(rng.choice(words) for _ in range(12)) for _ in range(3000)]
    texts[2999] = texts[5] + "!"
    texts[2000] = texts[10].replace(" ", "  ", 1)
    pairs = [(i, j) for i, j, _ in similar_pairs(texts, 0.85)]
    assert pairs == [(10, 2000), (5, 2999)]


def test_similarity_finds_near_copies_of_every_size() -> None:
    # 200 near-copies (one character replaced) among random texts of 4 to 30 words:
    # their shingle sets straddle every size at which the search changes its bands or
    # hash functions, and a near-copy on the other side of such a size must still be found.
    # Words recur across texts, so an edit also removes shingles shared with other texts.
    rng = random.Random(11)
    letters = "abcdefghijklmnoprstuvwy"
    words = ["".join(rng.choices(letters, k=rng.randint(3, 9))) for _ in range(3000)]
    texts = [" ".join(rng.choices(words, k=rng.randint(4, 30))) for _ in range(2000)]
    planted = set()
    for j in range(1000, 2000, 5):
        i = rng.randrange(j)
        cut = rng.randrange(len(texts[i]))
        texts[j] = texts[i][:cut] + chr(rng.randrange(0x6000, 0x9000)) + texts[i][cut + 1 :]
        if jaccard(shingles(texts[i]), shingles(texts[j])) >= 0.85:
            planted.add((i, j))
    assert len(planted) > 100
    found = {(i, j) for i, j, _ in similar_pairs(texts, 0.85)}
    assert planted <= found


def test_similarity_rejects_a_bad_threshold() -> None:
    with pytest.raises(ValueError, match="threshold"):
        list(similar_pairs(["a"], 0))


def _reference_signature(values: list[int], bits: int) -> tuple[int, ...]:
    bins, shift = 1 << bits, HASH_BITS - bits
    mins: dict[int, int] = {}
    for value in sorted(values):
        mins.setdefault(value >> shift, value)
    out = []
    for slot in range(bins):
        step = 0
        while (slot + step) % bins not in mins:
            step += 1
        out.append(mins[(slot + step) % bins])
    return tuple(out)


@given(st.lists(st.integers(min_value=0, max_value=(1 << HASH_BITS) - 1), min_size=1, max_size=150))
def test_densified_signature_matches_the_definition(values: list[int]) -> None:
    from qbank.lint.similarity import _signature

    assert _signature(sorted(values), 6) == _reference_signature(values, 6)


@given(
    st.text(alphabet="ab池化 \U0001f600\U00020000", max_size=12),
    st.text(alphabet="ab池化 \U0001f600\U00020000", max_size=12),
    st.sampled_from([2, 4]),
)
def test_shingle_values_are_the_shingles(a: str, b: str, k: int) -> None:
    # Equal shingles give equal values and different ones different values (fast path for
    # 4-grams of BMP text; one shingle at a time for astral characters or another k).
    from qbank.lint.similarity import shingle_values

    va, vb = set(shingle_values(a, k)), set(shingle_values(b, k))
    sa = {s for s in shingles(a, k) if len(s) == k}
    sb = {s for s in shingles(b, k) if len(s) == k}
    assert len(va) == len(sa) and len(vb) == len(sb)
    assert len(va & vb) == len(sa & sb)
    assert len(shingle_values(a, k)) == max(0, len(a) - k + 1)
