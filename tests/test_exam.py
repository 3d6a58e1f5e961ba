"""Exam assembly: selection, seeded shuffling, variants, keys, manifests, verify and rebuild."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from qbank import api, exam
from qbank.load import LoadResult, load_bank
from qbank.model import (
    Bank,
    BankMeta,
    Description,
    ExamSection,
    ExamSpec,
    MultipleChoice,
    Option,
    SingleChoice,
)
from qbank.paper import Paper

EXAMS = Path(__file__).resolve().parent / "data" / "exams"


@pytest.fixture(scope="module")
def loaded() -> LoadResult:
    result = load_bank(EXAMS)
    assert result.ok, result.diagnostics
    return result


def midterm(loaded: LoadResult, **kw: int) -> list[Paper]:
    return api.assemble(loaded, exam="midterm", **kw)


def ids(paper: Paper) -> list[str]:
    return [pq.question.id for pq in paper.questions()]


def copy_bank(tmp_path: Path, source: Path = EXAMS) -> Path:
    target = tmp_path / "bank"
    shutil.copytree(source, target)
    return target


def line_of(bank: Path, text: str) -> int:
    lines = (bank / "bank.yaml").read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if text in line)


def set_exams(bank: Path, exams_yaml: str) -> None:
    meta = bank / "bank.yaml"
    text = meta.read_text(encoding="utf-8")
    meta.write_text(text[: text.index("exams:")] + exams_yaml, encoding="utf-8")


# --------------------------------------------------------------------------- selection


def test_blueprint_selects_by_filter_ids_and_type(loaded: LoadResult) -> None:
    papers = midterm(loaded)
    assert [p.variant for p in papers] == ["A", "B", "C"]
    for paper in papers:
        a, b, c, d = paper.sections
        assert a.title == "Part A — CNN"
        assert len(a.questions) == 3
        assert all("cnn" in pq.question.tags for pq in a.questions)
        assert len(b.questions) == 2
        assert all(
            "optimisation" in pq.question.tags and pq.question.difficulty == "easy"
            for pq in b.questions
        )
        assert [pq.question.id for pq in c.questions] == ["intro-c", "matching-layers", "tf-relu"]
        assert sorted(pq.question.id for pq in d.questions) == ["essay-backprop", "essay-init"]
    # every variant holds the same questions; only the order differs
    assert len({frozenset(ids(p)) for p in papers}) == 1
    assert len({tuple(ids(p)) for p in papers}) > 1


def test_numbering_skips_descriptions_and_is_continuous(loaded: LoadResult) -> None:
    paper = midterm(loaded)[0]
    numbers = [pq.number for pq in paper.questions()]
    assert numbers == [1, 2, 3, 4, 5, None, 6, 7, 8, 9]
    description = next(pq for pq in paper.questions() if isinstance(pq.question, Description))
    assert description.points == 0


def test_points_overrides(loaded: LoadResult) -> None:
    paper = midterm(loaded)[0]
    points = {pq.question.id: pq.points for pq in paper.questions()}
    assert points["essay-backprop"] == 10  # exam-level override by id
    assert points["essay-init"] == 1  # bank default
    for pq in paper.sections[1].questions:
        assert pq.points == 2  # section override
    assert paper.total_points == 3 * 1 + 2 * 2 + 0 + 1 + 1 + 10 + 1


def test_header_comes_from_the_exam_then_the_bank(loaded: LoadResult) -> None:
    paper = midterm(loaded)[0]
    assert (paper.name, paper.title, paper.subtitle) == (
        "midterm",
        "Midterm 期中考试",
        "Neural networks 101",
    )
    assert (paper.date, paper.duration, paper.seed) == ("2025-11-05", "60 min", 42)
    assert paper.instructions == "Answer **every** question."
    assert paper.stem == "midterm-A"
    single = api.assemble(loaded, exam="fixed")
    assert len(single) == 1 and single[0].variant is None and single[0].stem == "fixed"
    assert single[0].title == "Exam fixture bank 考试夹具"


def test_explicit_ids_are_reserved_before_filters() -> None:
    a = SingleChoice(
        id="a",
        type="single_choice",
        stem="a?",
        options=[Option(text="x"), Option(text="y")],
        answer="A",
        tags=["t"],
    )
    b = SingleChoice(
        id="b",
        type="single_choice",
        stem="b?",
        options=[Option(text="x"), Option(text="y")],
        answer="A",
        tags=["t"],
    )
    bank = Bank(meta=BankMeta(title="t"), questions=[a, b])
    spec = ExamSpec(sections=[ExamSection(tags=["t"], count=1), ExamSection(ids=["a"])])
    for seed in range(20):
        first, second = exam.select(bank, spec, name="x", seed=seed)
        assert [q.id for q in first] == ["b"]
        assert [q.id for q in second] == ["a"]


def test_filters_never_draw_descriptions_unless_asked() -> None:
    d = Description(id="d", type="description", stem="intro", tags=["t"])
    a = SingleChoice(
        id="a",
        type="single_choice",
        stem="a?",
        options=[Option(text="x"), Option(text="y")],
        answer="A",
        tags=["t"],
    )
    bank = Bank(meta=BankMeta(title="t"), questions=[d, a])
    (only,) = exam.select(bank, ExamSpec(sections=[ExamSection(tags=["t"])]), name="x", seed=1)
    assert [q.id for q in only] == ["a"]
    spec = ExamSpec(sections=[ExamSection(type=["description", "single_choice"])])
    (both,) = exam.select(bank, spec, name="x", seed=1)
    assert [q.id for q in both] == ["d", "a"]


def test_whole_bank_without_an_exam_is_one_paper_in_source_order(loaded: LoadResult) -> None:
    (paper,) = api.assemble(loaded)
    assert ids(paper) == [q.id for q in loaded.bank.questions]
    assert all(pq.option_order == () for pq in paper.questions())


def test_section_needs_ids_or_a_filter_not_both() -> None:
    with pytest.raises(ValueError, match="either ids or a filter"):
        ExamSection(ids=["a"], tags=["t"])


# --------------------------------------------------------------------------- unsatisfiable


def test_unsatisfiable_blueprint_names_section_request_and_what_exists(tmp_path: Path) -> None:
    bank = copy_bank(tmp_path)
    set_exams(
        bank,
        "exams:\n"
        "  bad:\n"
        "    sections:\n"
        "      - title: Recurrent\n"
        "        tags: [cnn]\n"
        "        difficulty: easy\n"
        "        count: 5\n",
    )
    result = load_bank(bank)
    assert result.ok
    with pytest.raises(exam.ExamError) as info:
        api.assemble(result, exam="bad")
    (diag,) = info.value.diagnostics
    assert diag.code == exam.UNSATISFIABLE
    assert diag.path == (bank / "bank.yaml").as_posix()
    assert diag.line == line_of(bank, "- title: Recurrent")  # the section, in bank.yaml
    assert diag.message == (
        "exam 'bad', section 1 ('Recurrent'): asks for 5 questions tagged 'cnn', "
        "of difficulty easy; the bank has 2 (cnn-pin, cnn-noshuffle)"
    )


def test_unsatisfiable_counts_questions_taken_by_other_sections(tmp_path: Path) -> None:
    bank = copy_bank(tmp_path)
    set_exams(
        bank,
        "exams:\n"
        "  bad:\n"
        "    sections:\n"
        "      - ids: [essay-init]\n"
        "      - type: essay\n"
        "        count: 2\n"
        "      - tags: [rnn]\n",
    )
    with pytest.raises(exam.ExamError) as info:
        api.assemble(load_bank(bank), exam="bad")
    first, second = info.value.diagnostics
    assert first.message == (
        "exam 'bad', section 2: asks for 2 questions of type essay; the bank has 2 "
        "(essay-backprop, essay-init), 1 of them already used by other sections"
    )
    assert second.message == (
        "exam 'bad', section 3: asks for every question tagged 'rnn'; the bank has none"
    )
    assert [d.line for d in info.value.diagnostics] == [
        line_of(bank, "- type: essay"),
        line_of(bank, "- tags: [rnn]"),
    ]


def test_unknown_and_duplicate_ids_and_stray_points(tmp_path: Path) -> None:
    bank = copy_bank(tmp_path)
    set_exams(
        bank,
        "exams:\n"
        "  bad:\n"
        "    points: {essay-init: 3}\n"
        "    sections:\n"
        "      - ids: [cnn-pinn, tf-relu]\n"
        "      - ids: [tf-relu]\n",
    )
    with pytest.raises(exam.ExamError) as info:
        api.assemble(load_bank(bank), exam="bad")
    codes = [(d.code, d.message) for d in info.value.diagnostics]
    assert codes == [
        (exam.UNKNOWN_ID, "exam 'bad', section 1: no question has id 'cnn-pinn'"),
        (
            exam.DUPLICATE_SELECTION,
            "exam 'bad', section 2: question 'tf-relu' is already selected by section 1",
        ),
        (
            exam.UNKNOWN_ID,
            "exam 'bad': points override for 'essay-init', which the exam does not select",
        ),
    ]
    assert info.value.diagnostics[0].help == "did you mean cnn-pin?"
    assert all(d.line > 0 for d in info.value.diagnostics)


def test_unknown_exam_lists_the_defined_ones(loaded: LoadResult) -> None:
    with pytest.raises(exam.UnknownExamError, match=r"unknown exam 'final'.*fixed, midterm"):
        api.assemble(loaded, exam="final")


def test_invalid_exam_definition_is_a_located_load_error(tmp_path: Path) -> None:
    bank = copy_bank(tmp_path)
    set_exams(
        bank,
        "exams:\n  bad:\n    variants: 30\n    sections:\n      - tags: [cnn]\n        cout: 2\n",
    )
    result = load_bank(bank)
    assert not result.ok
    found = {(d.code, d.line) for d in result.diagnostics}
    assert ("QB106", line_of(bank, "variants: 30")) in found
    assert ("QB104", line_of(bank, "cout: 2")) in found


# --------------------------------------------------------------------------- determinism


def test_same_seed_same_papers_and_manifest_bytes(loaded: LoadResult) -> None:
    first = midterm(loaded)
    again = midterm(load_bank(EXAMS))
    assert first == again
    assert exam.exam_outputs(first) == exam.exam_outputs(again)


def test_different_seed_different_permutation(loaded: LoadResult) -> None:
    base = midterm(loaded)
    other = midterm(loaded, seed=43)
    assert [p.seed for p in other] == [43, 43, 43]

    def orders(papers: list[Paper]) -> list[tuple[list[str], list[tuple[int, ...]]]]:
        return [(ids(p), [pq.option_order for pq in p.questions()]) for p in papers]

    assert orders(base) != orders(other)


def test_variant_count_does_not_change_existing_variants(loaded: LoadResult) -> None:
    three = midterm(loaded)
    five = midterm(loaded, variants=5)
    assert [p.variant for p in five] == list("ABCDE")
    assert five[:3] == three


def test_default_seed_is_fixed_per_exam_name() -> None:
    assert exam.default_seed("quiz") == exam.default_seed("quiz")
    assert exam.default_seed("quiz") != exam.default_seed("quiz2")
    # SHA-256 based, never Python's `random`: the same on every Python and platform
    assert exam.default_seed("quiz") == 2644037154


def test_seeded_stream_is_pinned_to_known_values() -> None:
    # Changing these numbers breaks the reproducibility of every exam: don't.
    stream = exam.SeededStream(42, "A", "questions", 0)
    assert [stream.below(1000) for _ in range(5)] == [20, 999, 487, 873, 738]
    items = list(range(10))
    exam.SeededStream(7).shuffle(items)
    assert items == [5, 7, 3, 2, 1, 6, 4, 0, 9, 8]
    assert exam.SeededStream(7).sample_indices(10, 3) == [2, 8, 9]


# --------------------------------------------------------------------------- shuffling


def test_pinned_options_and_no_shuffle_questions_keep_their_options(loaded: LoadResult) -> None:
    seen_orders = set()
    for seed in range(30):
        for paper in midterm(loaded, seed=seed):
            for pq in paper.questions():
                q = pq.question
                if q.id == "cnn-pin":
                    assert pq.option_order[3] == 3
                    seen_orders.add(pq.option_order)
                if q.id == "cnn-noshuffle":
                    assert pq.option_order == (0, 1, 2, 3)
                if q.id == "cnn-multi":
                    assert pq.option_order[4] == 4
    assert len(seen_orders) > 1  # the unpinned options do move


def test_shuffle_false_section_keeps_authoring_order(loaded: LoadResult) -> None:
    for seed in range(10):
        for paper in midterm(loaded, seed=seed):
            assert [pq.question.id for pq in paper.sections[2].questions] == [
                "intro-c",
                "matching-layers",
                "tf-relu",
            ]


def test_exam_without_shuffling_keeps_everything(loaded: LoadResult) -> None:
    (paper,) = api.assemble(loaded, exam="fixed")
    assert ids(paper) == ["cnn-pin", "cnn-noshuffle", "num-lr", "short-name"]
    assert [pq.option_order for pq in paper.questions()] == [(0, 1, 2, 3), (0, 1, 2, 3), (), ()]
    assert paper.sections[0].questions[0].key_letters() == ["B"]


def test_keys_follow_the_shuffled_options(loaded: LoadResult) -> None:
    for paper in midterm(loaded, seed=5, variants=4):
        for pq in paper.questions():
            q = pq.question
            if isinstance(q, SingleChoice | MultipleChoice):
                printed = pq.options()
                correct = {q.options[i].text for i in q.key_indices}
                marked = {printed["ABCDEFGHIJ".index(letter)].text for letter in pq.key_letters()}
                assert marked == correct


def test_matching_key_follows_the_shuffled_items(loaded: LoadResult) -> None:
    for paper in midterm(loaded, seed=9, variants=4):
        pq = next(p for p in paper.questions() if p.question.id == "matching-layers")
        rights = pq.right_items()
        assert sorted(pq.match_order) == [0, 1, 2, 3]
        for pair, letter in zip(pq.question.pairs, pq.match_key(), strict=True):  # type: ignore[union-attr]
            assert rights["ABCD".index(letter)] == pair.right


# --------------------------------------------------------------------------- keys


def test_key_csv_golden(loaded: LoadResult, golden: Callable[[str, str], None]) -> None:
    for paper in midterm(loaded):
        golden(f"exam/{exam.key_file_name(paper)}", exam.key_csv(paper))
    (fixed,) = api.assemble(loaded, exam="fixed")
    golden("exam/fixed-key.csv", exam.key_csv(fixed))


def test_answer_texts_per_type(loaded: LoadResult) -> None:
    (fixed,) = api.assemble(loaded, exam="fixed")
    entries = {e.id: e for e in exam.answer_key(fixed)}
    assert entries["num-lr"].answer == "0.025 ± 0.001 | 0.02..0.03 (50%)"
    assert entries["short-name"].answer == "Adam | AdamW (50%)"
    assert entries["cnn-pin"].answer == "B"
    paper = midterm(loaded)[0]
    entries = {e.id: e for e in exam.answer_key(paper)}
    assert entries["tf-relu"].answer == "False"
    assert entries["essay-init"].answer == ""
    assert "intro-c" not in entries  # descriptions have no key line
    assert re.fullmatch(r"1-[A-D]; 2-[A-D]; 3-[A-D]", entries["matching-layers"].answer)


def test_key_csv_of_a_chinese_paper_uses_chinese_true_false(tmp_path: Path) -> None:
    bank = copy_bank(tmp_path)
    set_exams(
        bank, "exams:\n  zh:\n    lang: zh-CN\n    sections:\n      - ids: [tf-relu, opt-sgd]\n"
    )
    (paper,) = api.assemble(load_bank(bank), exam="zh")
    assert [e.answer for e in exam.answer_key(paper)] == ["错误", "正确"]


# --------------------------------------------------------------------------- manifest


def normalised_manifest(text: str) -> str:
    data = json.loads(text)
    data["qbank_version"] = "<version>"
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def test_manifest_golden(loaded: LoadResult, golden: Callable[[str, str], None]) -> None:
    text = exam.dumps_manifest(exam.build_manifest(midterm(loaded)))
    golden("exam/midterm-manifest.json", normalised_manifest(text))


def test_manifest_round_trips_and_rebuilds_the_same_papers(loaded: LoadResult) -> None:
    papers = midterm(loaded, seed=11)
    manifest = exam.loads_manifest(exam.dumps_manifest(exam.build_manifest(papers)))
    assert manifest.seed == 11 and manifest.exam == "midterm"
    assert exam.rebuild_papers(loaded.bank, manifest, manifest_path="m.json") == papers


def test_manifest_rebuilds_after_the_definition_changes(tmp_path: Path) -> None:
    bank = copy_bank(tmp_path)
    before = load_bank(bank)
    papers = api.assemble(before, exam="midterm")
    manifest = exam.build_manifest(papers)
    set_exams(bank, "exams:\n  midterm:\n    sections:\n      - type: essay\n")
    after = load_bank(bank)
    diags = exam.verify_manifest(after.bank, manifest, manifest_path="m.json")
    assert [(d.code, d.severity) for d in diags] == [(exam.EXAM_CHANGED, "warning")]
    assert exam.rebuild_papers(after.bank, manifest, manifest_path="m.json") == papers


@pytest.mark.parametrize(
    "text, message",
    [
        ("{", "invalid JSON at line 1"),
        ("[]", "not a qbank manifest"),
        ('{"manifest_version": 99}', "manifest_version 99 is not supported"),
        ('{"manifest_version": 1, "exam": "x"}', "not a valid qbank manifest: qbank_version"),
    ],
)
def test_bad_manifests_are_refused(text: str, message: str) -> None:
    with pytest.raises(exam.ManifestError, match=re.escape(message)):
        exam.loads_manifest(text)


def test_verify_clean_manifest(loaded: LoadResult) -> None:
    manifest = exam.build_manifest(midterm(loaded))
    assert exam.verify_manifest(loaded.bank, manifest, manifest_path="m.json") == []


def test_verify_catches_a_changed_and_a_missing_question(tmp_path: Path) -> None:
    bank = copy_bank(tmp_path)
    before = load_bank(bank)
    manifest = exam.build_manifest(api.assemble(before, exam="midterm"))
    misc = bank / "misc.yaml"
    misc.write_text(
        misc.read_text(encoding="utf-8").replace("ReLU is differentiable at 0.", "ReLU is smooth."),
        encoding="utf-8",
    )
    opt = bank / "optimisation.yaml"
    text = opt.read_text(encoding="utf-8")
    opt.write_text(
        text[: text.index("- id: short-name")] + text[text.index("- id: opt-momentum") :],
        encoding="utf-8",
    )
    after = load_bank(bank)
    assert after.ok
    diags = exam.verify_manifest(
        after.bank,
        manifest,
        manifest_path="build/midterm/manifest.json",
        locate_question=lambda qid: after.locate(qid),
    )
    errors = [d for d in diags if d.severity == "error"]
    by_code = {d.code: d for d in errors}
    assert set(by_code) == {exam.QUESTION_CHANGED, exam.QUESTION_MISSING}
    changed = by_code[exam.QUESTION_CHANGED]
    assert changed.question_id == "tf-relu"
    assert changed.path == misc.as_posix() and changed.line > 0
    assert "variant A, question 7" in changed.message
    missing = by_code[exam.QUESTION_MISSING]
    assert missing.question_id == "short-name" and missing.path == "build/midterm/manifest.json"
    with pytest.raises(exam.ExamError):
        exam.rebuild_papers(after.bank, manifest, manifest_path="m.json")


def test_lint_suppressions_do_not_change_the_content_hash() -> None:
    q = SingleChoice(
        id="a",
        type="single_choice",
        stem="a?",
        options=[Option(text="x"), Option(text="y")],
        answer="A",
    )
    silenced = q.model_copy(update={"lint": {"ignore": ["QB203"]}})
    reworded = q.model_copy(update={"stem": "b?"})
    assert exam.content_hash(q) == exam.content_hash(silenced)
    assert exam.content_hash(q) != exam.content_hash(reworded)


# --------------------------------------------------------------------------- export


def test_export_with_exam_writes_papers_manifest_and_keys(
    tmp_path: Path, loaded: LoadResult
) -> None:
    report = api.export(loaded=loaded, format="json", out_dir=tmp_path / "json", exam="midterm")
    names = sorted(p.relative_to(tmp_path).as_posix() for p in report.written)
    assert names == [
        "json/midterm-A.json",
        "json/midterm-B.json",
        "json/midterm-C.json",
        "midterm/manifest.json",
        "midterm/midterm-A-key.csv",
        "midterm/midterm-B-key.csv",
        "midterm/midterm-C-key.csv",
    ]
    doc = json.loads((tmp_path / "json" / "midterm-B.json").read_text(encoding="utf-8"))
    assert doc["exam"] == "midterm" and doc["variant"] == "B" and doc["seed"] == 42
    papers = midterm(loaded)
    first = doc["sections"][0]["questions"][0]
    expected = papers[1].sections[0].questions[0]
    assert first["question"]["id"] == expected.question.id
    assert first["option_order"] == list(expected.option_order)
    assert first["answer"] == "".join(expected.key_letters())
    assert doc["total_points"] == papers[1].total_points


def test_export_is_byte_identical_across_runs(tmp_path: Path, loaded: LoadResult) -> None:
    for run in ("one", "two"):
        api.export(
            loaded=load_bank(EXAMS), format="json", out_dir=tmp_path / run / "json", exam="midterm"
        )
    for path in sorted((tmp_path / "one").rglob("*.*")):
        twin = tmp_path / "two" / path.relative_to(tmp_path / "one")
        assert path.read_bytes() == twin.read_bytes(), path


def test_export_without_exam_is_unchanged(tmp_path: Path, loaded: LoadResult) -> None:
    report = api.export(loaded=loaded, format="json", out_dir=tmp_path / "json")
    assert [p.name for p in report.written] == ["bank.json"]
    assert not (tmp_path / "midterm").exists()


def test_sample_bank_exam(sample_bank: Path) -> None:
    result = load_bank(sample_bank)
    papers = api.assemble(result, exam="quiz")
    assert [p.stem for p in papers] == ["quiz-A", "quiz-B"]
    for paper in papers:
        assert sorted(ids(paper)) == sorted(q.id for q in result.bank.questions)
        assert paper.total_points == 2 + 2 + 4
    assert papers[0] != papers[1]


def test_showcase_bank_as_one_exam(showcase_bank: Path, tmp_path: Path) -> None:
    bank = copy_bank(tmp_path, showcase_bank)
    meta = bank / "bank.yaml"
    meta.write_text(
        meta.read_text(encoding="utf-8")
        + "exams:\n  all:\n    variants: 2\n    sections:\n      - type: [single_choice, multiple_choice, true_false, short_answer, numerical, matching, essay, description]\n",
        encoding="utf-8",
    )
    result = load_bank(bank)
    papers = api.assemble(result, exam="all")
    for paper in papers:
        assert sorted(ids(paper)) == sorted(q.id for q in result.bank.questions)
        assert len(exam.answer_key(paper)) == sum(
            1 for q in result.bank.questions if not isinstance(q, Description)
        )


def test_check_exams_reports_every_exam_without_raising(tmp_path: Path) -> None:
    bank = copy_bank(tmp_path)
    assert exam.check_exams(load_bank(bank).bank) == []
    set_exams(
        bank,
        "exams:\n  one:\n    sections:\n      - tags: [rnn]\n"
        "  two:\n    sections:\n      - ids: [nope]\n",
    )
    result = load_bank(bank)
    diags = exam.check_exams(result.bank, meta_file=result.meta_file)
    assert [(d.code, d.line) for d in diags] == [
        (exam.UNSATISFIABLE, line_of(bank, "- tags: [rnn]")),
        (exam.UNKNOWN_ID, line_of(bank, "- ids: [nope]")),
    ]


def test_feedback_in_printed_order() -> None:
    from pydantic import TypeAdapter

    from qbank.model import Question, ShortAnswer
    from qbank.paper import Feedback, PaperQuestion

    adapter: TypeAdapter[Question] = TypeAdapter(Question)

    def make(data: dict[str, object], **kw: object) -> PaperQuestion:
        return PaperQuestion.model_validate(
            {"number": 1, "question": adapter.validate_python(data), "points": 1, **kw}
        )

    choice = make(
        {
            "id": "c",
            "type": "single_choice",
            "stem": "s",
            "options": [{"text": "p", "feedback": "fp"}, "q", {"text": "r", "feedback": "fr"}],
            "answer": "A",
        },
        option_order=(2, 1, 0),  # printed: r, q, p
    )
    assert choice.feedback() == [Feedback("option", "A", "fr"), Feedback("option", "C", "fp")]
    tf = make(
        {
            "id": "t",
            "type": "true_false",
            "stem": "s",
            "answer": True,
            "correct_feedback": "yes",
            "incorrect_feedback": "no",
        }
    )
    assert tf.feedback() == [Feedback("right", None, "yes"), Feedback("wrong", None, "no")]
    short = make(
        {
            "id": "s",
            "type": "short_answer",
            "stem": "s",
            "answers": ["a", {"text": "b", "weight": 50, "feedback": "close"}],
        }
    )
    assert isinstance(short.question, ShortAnswer)
    assert short.feedback() == [Feedback("text", "b", "close")]
    number = make(
        {
            "id": "n",
            "type": "numerical",
            "stem": "s",
            "answers": [{"value": 2, "feedback": "right"}, {"min": 1, "max": 3, "weight": 50}],
        }
    )
    (item,) = number.feedback()
    assert item.kind == "number" and item.text == "right" and item.subject.value == 2  # type: ignore[union-attr]
    assert make({"id": "e", "type": "essay", "stem": "s"}).feedback() == []
