"""Property tests for exam assembly over generated banks: keys, pins, permutations, selection."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from qbank import exam
from qbank.model import (
    LETTERS,
    AnyQuestion,
    Bank,
    BankMeta,
    ExamSection,
    ExamSpec,
    Matching,
    MultipleChoice,
    Option,
    Pair,
    SingleChoice,
)

TAGS = ["a", "b", "c"]
SEEDS = st.integers(0, 2**32 - 1)
WHOLE = ExamSpec(sections=[ExamSection()], variants=3)


@st.composite
def choice_questions(draw: st.DrawFn, index: int) -> AnyQuestion:
    n = draw(st.integers(2, 8))
    pins = draw(st.lists(st.booleans(), min_size=n, max_size=n))
    options = [Option(text=f"option {index}.{i}", pin=pins[i]) for i in range(n)]
    tags = draw(st.lists(st.sampled_from(TAGS), unique=True, max_size=2))
    shuffle = draw(st.booleans())
    if draw(st.booleans()):
        answer = LETTERS[draw(st.integers(0, n - 1))]
        return SingleChoice(
            id=f"q{index}",
            type="single_choice",
            stem=f"question {index}?",
            options=options,
            answer=answer,
            shuffle=shuffle,
            tags=tags,
        )
    keys = draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=n, unique=True))
    return MultipleChoice(
        id=f"q{index}",
        type="multiple_choice",
        stem=f"question {index}?",
        options=options,
        answer=[LETTERS[k] for k in keys],
        shuffle=shuffle,
        tags=tags,
    )


@st.composite
def matching_questions(draw: st.DrawFn, index: int) -> AnyQuestion:
    pairs = draw(st.integers(2, 5))
    distractors = draw(st.integers(0, 2))
    return Matching(
        id=f"q{index}",
        type="matching",
        stem=f"match {index}",
        pairs=[Pair(left=f"left {index}.{i}", right=f"right {index}.{i}") for i in range(pairs)],
        distractors=[f"distractor {index}.{i}" for i in range(distractors)],
        tags=draw(st.lists(st.sampled_from(TAGS), unique=True, max_size=2)),
    )


@st.composite
def banks(draw: st.DrawFn) -> Bank:
    count = draw(st.integers(1, 8))
    questions = [draw(st.one_of(choice_questions(i), matching_questions(i))) for i in range(count)]
    return Bank(meta=BankMeta(title="generated", exams={"gen": WHOLE}), questions=questions)


@settings(max_examples=150, deadline=None)
@given(bank=banks(), seed=SEEDS, variants=st.integers(1, 4))
def test_keys_point_at_the_correct_options_after_shuffling(
    bank: Bank, seed: int, variants: int
) -> None:
    papers = exam.assemble_exam(bank, WHOLE, name="gen", seed=seed, variants=variants)
    assert len(papers) == variants
    for paper in papers:
        assert sorted(pq.question.id for pq in paper.questions()) == sorted(
            q.id for q in bank.questions
        )
        for pq in paper.questions():
            q = pq.question
            if isinstance(q, SingleChoice | MultipleChoice):
                n = len(q.options)
                assert sorted(pq.option_order) == list(range(n))
                printed = pq.options()
                marked = {printed[LETTERS.index(letter)].text for letter in pq.key_letters()}
                assert marked == {q.options[i].text for i in q.key_indices}
                for i, option in enumerate(q.options):
                    if option.pin:
                        assert pq.option_order[i] == i, "a pinned option moved"
                if not q.shuffle:
                    assert pq.option_order == tuple(range(n))
                assert exam.answer_text(pq, paper.lang) == "".join(pq.key_letters())
            elif isinstance(q, Matching):
                rights = pq.right_items()
                assert sorted(rights) == sorted([p.right for p in q.pairs] + q.distractors)
                for pair, letter in zip(q.pairs, pq.match_key(), strict=True):
                    assert rights[LETTERS.index(letter)] == pair.right


@settings(max_examples=60, deadline=None)
@given(bank=banks(), seed=SEEDS)
def test_same_seed_same_papers_and_the_manifest_rebuilds_them(bank: Bank, seed: int) -> None:
    papers = exam.assemble_exam(bank, WHOLE, name="gen", seed=seed)
    assert exam.assemble_exam(bank, WHOLE, name="gen", seed=seed) == papers
    text = exam.dumps_manifest(exam.build_manifest(papers))
    manifest = exam.loads_manifest(text)
    assert exam.rebuild_papers(bank, manifest, manifest_path="m.json") == papers
    assert exam.verify_manifest(bank, manifest, manifest_path="m.json") == []


@settings(max_examples=200, deadline=None)
@given(
    count=st.integers(0, 12),
    data=st.data(),
    seed=SEEDS,
)
def test_permute_with_pins_is_a_permutation_fixing_the_pins(
    count: int, data: st.DataObject, seed: int
) -> None:
    pins = data.draw(st.sets(st.integers(0, max(count - 1, 0))) if count else st.just(set()))
    order = exam.permute_with_pins(count, pins, exam.SeededStream(seed))
    assert sorted(order) == list(range(count))
    assert all(order[i] == i for i in pins)


@settings(max_examples=150, deadline=None)
@given(
    bank=banks(),
    seed=SEEDS,
    sections=st.lists(
        st.tuples(st.lists(st.sampled_from(TAGS), unique=True, max_size=1), st.integers(1, 3)),
        min_size=1,
        max_size=3,
    ),
)
def test_selection_is_without_replacement_and_respects_filters(
    bank: Bank, seed: int, sections: list[tuple[list[str], int]]
) -> None:
    spec = ExamSpec(sections=[ExamSection(tags=tags, count=n) for tags, n in sections])
    try:
        chosen = exam.select(bank, spec, name="gen", seed=seed)
    except exam.ExamError as exc:
        assert all(d.code == exam.UNSATISFIABLE for d in exc.diagnostics)
        # greedy in section order: some section really had fewer free matches than asked
        return
    picked = [q.id for questions in chosen for q in questions]
    assert len(picked) == len(set(picked))
    for (tags, n), questions in zip(sections, chosen, strict=True):
        assert len(questions) == n
        assert all(set(tags) <= set(q.tags) for q in questions)
        order = [q.id for q in bank.questions]
        assert [q.id for q in questions] == sorted(
            (q.id for q in questions), key=order.index
        )  # kept in source order


@given(seed=SEEDS, n=st.integers(1, 1000))
def test_below_stays_in_range(seed: int, n: int) -> None:
    stream = exam.SeededStream(seed)
    assert all(0 <= stream.below(n) < n for _ in range(5))
