"""Exam assembly: blueprints, seeded selection and shuffling, variants, answer keys, manifests."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic_core import to_json

from qbank import i18n
from qbank.diagnostics import Diagnostic, Location, error, format_text, warning
from qbank.model import (
    LETTERS,
    SCHEMA_VERSION,
    AnyQuestion,
    Bank,
    Description,
    Essay,
    ExamSection,
    ExamSpec,
    Matching,
    MultipleChoice,
    Numerical,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
)
from qbank.paper import Paper, PaperQuestion, PaperSection

if TYPE_CHECKING:
    from qbank.load import SourceFile

MANIFEST_VERSION = 1
"""Version of the manifest format; `verify` refuses a manifest of another version."""

# Stable codes of everything exam assembly and verification report (documented in docs/exams.md).
UNKNOWN_ID = "QB150"
UNSATISFIABLE = "QB151"
DUPLICATE_SELECTION = "QB152"
QUESTION_CHANGED = "QB153"
QUESTION_MISSING = "QB154"
EXAM_CHANGED = "QB155"

Locate = Callable[[tuple[str | int, ...]], Location]
"""Maps a path inside an exam definition (e.g. `("sections", 1)`) to its place in bank.yaml."""


class ExamError(ValueError):
    """An exam that cannot be assembled: carries one diagnostic per problem."""

    def __init__(self, diagnostics: Sequence[Diagnostic]) -> None:
        self.diagnostics = list(diagnostics)
        super().__init__("\n".join(format_text(d) for d in self.diagnostics))


# --------------------------------------------------------------------------- seeded randomness


class SeededStream:
    """A random stream defined by SHA-256 alone, so a seed gives the same papers forever.

    Python's `random` may change its algorithms between versions; a manifest must rebuild
    the same paper years later, so qbank draws from SHA-256 in counter mode instead.
    """

    def __init__(self, *key: object) -> None:
        self._key = "\x1f".join(str(part) for part in key).encode("utf-8")
        self._counter = 0

    def _next64(self) -> int:
        digest = hashlib.sha256(self._key + b"\x1e" + str(self._counter).encode()).digest()
        self._counter += 1
        return int.from_bytes(digest[:8], "big")

    def below(self, n: int) -> int:
        """A uniform integer in `[0, n)` (rejection sampling, no modulo bias)."""
        if n <= 0:
            raise ValueError("n must be positive")
        limit = (1 << 64) - (1 << 64) % n
        while True:
            value = self._next64()
            if value < limit:
                return value % n

    def shuffle(self, items: list[Any]) -> None:
        """Shuffle `items` in place (Fisher-Yates)."""
        for i in range(len(items) - 1, 0, -1):
            j = self.below(i + 1)
            items[i], items[j] = items[j], items[i]

    def sample_indices(self, n: int, k: int) -> list[int]:
        """`k` distinct indices out of `range(n)`, in ascending order."""
        pool = list(range(n))
        for i in range(k):
            j = i + self.below(n - i)
            pool[i], pool[j] = pool[j], pool[i]
        return sorted(pool[:k])


def default_seed(exam: str) -> int:
    """The seed an exam uses unless it sets one: a fixed number derived from its name."""
    return int.from_bytes(hashlib.sha256(exam.encode("utf-8")).digest()[:4], "big")


def permute_with_pins(count: int, pinned: Iterable[int], stream: SeededStream) -> tuple[int, ...]:
    """A permutation of `range(count)` that keeps every pinned index in its place."""
    fixed = set(pinned)
    movable = [i for i in range(count) if i not in fixed]
    shuffled = list(movable)
    stream.shuffle(shuffled)
    moved = iter(shuffled)
    return tuple(i if i in fixed else next(moved) for i in range(count))


# --------------------------------------------------------------------------- selection


def _describe(section: ExamSection) -> str:
    """`5 questions tagged 'rnn', of type essay, of difficulty easy` (or `every question ...`)."""
    parts = []
    if section.tags:
        parts.append("tagged " + " and ".join(repr(t) for t in section.tags))
    if section.type:
        parts.append("of type " + " or ".join(section.type))
    if section.difficulty:
        parts.append("of difficulty " + " or ".join(section.difficulty))
    what = ", ".join(parts)
    if section.count is None:
        head = "every question"
    else:
        head = f"{section.count} question{'' if section.count == 1 else 's'}"
    return f"{head} {what}".rstrip() if what else f"{head} of the bank"


def _matches(question: AnyQuestion, section: ExamSection) -> bool:
    if section.type:
        if question.type not in section.type:
            return False
    elif isinstance(question, Description):
        return False  # a filter draws descriptions only when asked for by type
    if section.difficulty and question.difficulty not in section.difficulty:
        return False
    return set(section.tags) <= set(question.tags)


def _ids(questions: Sequence[AnyQuestion], limit: int = 10) -> str:
    shown = ", ".join(q.id for q in questions[:limit])
    return shown + (f", ... ({len(questions) - limit} more)" if len(questions) > limit else "")


def _section_name(index: int, section: ExamSection) -> str:
    return f"section {index + 1}" + (f" ({section.title!r})" if section.title else "")


def select(
    bank: Bank, spec: ExamSpec, *, name: str, seed: int, locate: Locate | None = None
) -> list[list[AnyQuestion]]:
    """The questions of each section (before shuffling), drawn without replacement.

    Explicit ids are reserved first, so a filter never takes a question another section
    names; filters then draw in section order (a seeded sample when `count` is given, kept
    in source order). Raises `ExamError` naming every section that cannot be satisfied.
    """
    where: Locate = locate or (lambda _path: Location("bank.yaml"))
    by_id = {q.id: q for q in bank.questions}
    diags: list[Diagnostic] = []
    reserved: dict[str, int] = {}
    for s_index, section in enumerate(spec.sections):
        for i_index, qid in enumerate(section.ids):
            path: tuple[str | int, ...] = ("sections", s_index, "ids", i_index)
            if qid not in by_id:
                close = [q.id for q in bank.questions if qid in q.id or q.id in qid][:3]
                diags.append(
                    error(
                        UNKNOWN_ID,
                        f"exam '{name}', {_section_name(s_index, section)}: "
                        f"no question has id '{qid}'",
                        where(path),
                        help=f"did you mean {', '.join(close)}?" if close else None,
                    )
                )
            elif qid in reserved:
                other = reserved[qid]
                earlier = (
                    "earlier in this section" if other == s_index else f"by section {other + 1}"
                )
                diags.append(
                    error(
                        DUPLICATE_SELECTION,
                        f"exam '{name}', {_section_name(s_index, section)}: question '{qid}' "
                        f"is already selected {earlier}",
                        where(path),
                        help="a question appears at most once on a paper",
                    )
                )
            else:
                reserved[qid] = s_index
    used = set(reserved)
    chosen: list[list[AnyQuestion]] = []
    for s_index, section in enumerate(spec.sections):
        if section.ids:
            chosen.append([by_id[qid] for qid in section.ids if reserved.get(qid) == s_index])
            continue
        matching = [q for q in bank.questions if _matches(q, section)]
        free = [q for q in matching if q.id not in used]
        wanted = len(free) if section.count is None else section.count
        if not free or wanted > len(free):
            if matching:
                exist = f"the bank has {len(matching)} ({_ids(matching)})"
                taken = len(matching) - len(free)
                if taken:
                    exist += f", {taken} of them already used by other sections"
            else:
                exist = "the bank has none"
            diags.append(
                error(
                    UNSATISFIABLE,
                    f"exam '{name}', {_section_name(s_index, section)}: asks for "
                    f"{_describe(section)}; {exist}",
                    where(("sections", s_index)),
                    help="lower `count`, widen the filter, or add questions to the bank",
                )
            )
            chosen.append([])
            continue
        picks = SeededStream(seed, "select", s_index).sample_indices(len(free), wanted)
        drawn = [free[i] for i in picks]
        used.update(q.id for q in drawn)
        chosen.append(drawn)
    selected = {q.id for questions in chosen for q in questions}
    for qid in spec.points:
        if qid not in selected:
            diags.append(
                error(
                    UNKNOWN_ID,
                    f"exam '{name}': points override for '{qid}', which the exam does not select",
                    where(("points", qid)),
                )
            )
    if diags:
        raise ExamError(diags)
    return chosen


# --------------------------------------------------------------------------- assembly


def variant_letters(count: int) -> list[str | None]:
    """Variant names: `[None]` for a single paper, else `A`, `B`, `C`, ..."""
    if not 1 <= count <= len(LETTERS):
        raise ValueError(f"variants must be between 1 and {len(LETTERS)}, not {count}")
    return [None] if count == 1 else list(LETTERS[:count])


def _points(bank: Bank, spec: ExamSpec, section: ExamSection, q: AnyQuestion) -> float:
    if isinstance(q, Description):
        return 0.0
    if q.id in spec.points:
        return spec.points[q.id]
    if section.points is not None:
        return section.points
    return bank.points_of(q)


def _orders(
    q: AnyQuestion, spec: ExamSpec, seed: int, variant: str | None
) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """(option_order, match_order) of a question on one variant."""
    if isinstance(q, SingleChoice | MultipleChoice):
        n = len(q.options)
        if not (spec.shuffle_options and q.shuffle):
            return tuple(range(n)), ()
        pins = [i for i, o in enumerate(q.options) if o.pin]
        return permute_with_pins(n, pins, SeededStream(seed, variant, "options", q.id)), ()
    if isinstance(q, Matching):
        n = len(q.pairs) + len(q.distractors)
        if not spec.shuffle_options:
            return (), tuple(range(n))
        return (), permute_with_pins(n, (), SeededStream(seed, variant, "match", q.id))
    return (), ()


def assemble_variant(
    bank: Bank,
    spec: ExamSpec,
    *,
    name: str,
    seed: int,
    variant: str | None,
    selection: Sequence[Sequence[AnyQuestion]] | None = None,
    locate: Locate | None = None,
) -> Paper:
    """One variant of an exam: selected, shuffled with `seed`, numbered, with its points."""
    chosen = (
        selection
        if selection is not None
        else select(bank, spec, name=name, seed=seed, locate=locate)
    )
    sections: list[PaperSection] = []
    number = 0
    for s_index, (section, questions) in enumerate(zip(spec.sections, chosen, strict=True)):
        order = list(questions)
        shuffle = spec.shuffle_questions if section.shuffle is None else section.shuffle
        if shuffle:
            slots = [i for i, q in enumerate(order) if not isinstance(q, Description)]
            movable = [order[i] for i in slots]
            SeededStream(seed, variant, "questions", s_index).shuffle(movable)
            for slot, q in zip(slots, movable, strict=True):
                order[slot] = q
        items = []
        for q in order:
            numbered = not isinstance(q, Description)
            number += numbered
            option_order, match_order = _orders(q, spec, seed, variant)
            items.append(
                PaperQuestion(
                    number=number if numbered else None,
                    question=q,
                    points=_points(bank, spec, section, q),
                    option_order=option_order,
                    match_order=match_order,
                )
            )
        sections.append(PaperSection(title=section.title, questions=tuple(items)))
    return Paper(
        name=name,
        variant=variant,
        title=spec.title or bank.meta.title,
        subtitle=spec.subtitle if spec.subtitle is not None else bank.meta.course,
        date=spec.date,
        duration=spec.duration,
        instructions=spec.instructions,
        lang=spec.lang or bank.meta.lang,
        paper_size=spec.paper_size,
        seed=seed,
        sections=tuple(sections),
    )


def assemble_exam(
    bank: Bank,
    spec: ExamSpec,
    *,
    name: str,
    seed: int | None = None,
    variants: int | None = None,
    locate: Locate | None = None,
) -> list[Paper]:
    """Every variant of an exam. The selection is the same on every variant; only orders differ.

    `seed` defaults to the exam's `seed`, else `default_seed(name)`; `variants` to the exam's.
    """
    used_seed = resolve_seed(spec, name, seed)
    chosen = select(bank, spec, name=name, seed=used_seed, locate=locate)
    return [
        assemble_variant(bank, spec, name=name, seed=used_seed, variant=letter, selection=chosen)
        for letter in variant_letters(variants if variants is not None else spec.variants)
    ]


class UnknownExamError(ValueError):
    """The bank defines no exam of the requested name."""


def exam_locator(meta_file: SourceFile | None, name: str, bank_dir: Path | None = None) -> Locate:
    """A `Locate` that finds paths of exam `name` in the bank's `bank.yaml`."""
    if meta_file is None:
        fallback = Location((bank_dir / "bank.yaml").as_posix() if bank_dir else "bank.yaml")
        return lambda _path: fallback
    return lambda path: meta_file.locate(("exams", name, *path))


def assemble_named(
    bank: Bank,
    name: str,
    *,
    seed: int | None = None,
    variants: int | None = None,
    meta_file: SourceFile | None = None,
    bank_dir: Path | None = None,
) -> list[Paper]:
    """Every variant of the exam called `name`; errors point into `meta_file` (bank.yaml)."""
    spec = bank.meta.exams.get(name)
    if spec is None:
        known = ", ".join(sorted(bank.meta.exams)) or "none (add an `exams:` block to bank.yaml)"
        raise UnknownExamError(f"unknown exam '{name}'; exams defined in the bank: {known}")
    return assemble_exam(
        bank,
        spec,
        name=name,
        seed=seed,
        variants=variants,
        locate=exam_locator(meta_file, name, bank_dir),
    )


def check_exams(
    bank: Bank, *, meta_file: SourceFile | None = None, bank_dir: Path | None = None
) -> list[Diagnostic]:
    """Every blueprint problem of every exam (for lint or validate), located in bank.yaml."""
    found: list[Diagnostic] = []
    for name, spec in bank.meta.exams.items():
        try:
            select(
                bank,
                spec,
                name=name,
                seed=resolve_seed(spec, name),
                locate=exam_locator(meta_file, name, bank_dir),
            )
        except ExamError as exc:
            found.extend(exc.diagnostics)
    return found


def resolve_seed(spec: ExamSpec, name: str, seed: int | None = None) -> int:
    """The seed a build uses: the one given, else the exam's, else `default_seed(name)`."""
    if seed is not None:
        return seed
    return spec.seed if spec.seed is not None else default_seed(name)


# --------------------------------------------------------------------------- answer keys


def _number(value: float) -> str:
    return f"{value:g}"


def answer_text(pq: PaperQuestion, lang: str) -> str:
    """The key of one question as a grader reads it (letters, value, accepted answers, map)."""
    q = pq.question
    if isinstance(q, SingleChoice | MultipleChoice):
        return "".join(pq.key_letters())
    if isinstance(q, TrueFalse):
        return i18n.t("true" if q.answer else "false", lang)
    if isinstance(q, ShortAnswer):
        return " | ".join(i18n.weighted(a.text, a.weight) for a in q.answers)
    if isinstance(q, Numerical):
        shown = []
        for a in q.answers:
            if a.value is not None:
                text = _number(a.value)
                if a.tolerance:
                    text += f" ± {_number(a.tolerance)}"
            else:
                text = f"{_number(a.min or 0)}..{_number(a.max or 0)}"
            shown.append(i18n.weighted(text, a.weight))
        return " | ".join(shown)
    if isinstance(q, Matching):
        return "; ".join(f"{i}-{letter}" for i, letter in enumerate(pq.match_key(), start=1))
    if isinstance(q, Essay | Description):
        return ""
    raise AssertionError(f"unhandled question type {type(q).__name__}")


@dataclass(frozen=True, slots=True)
class KeyEntry:
    """One line of an answer key."""

    number: int
    id: str
    type: str
    answer: str
    points: float


def answer_key(paper: Paper) -> list[KeyEntry]:
    """The answer key of a paper: one entry per numbered question, in printed order."""
    return [
        KeyEntry(
            pq.number, pq.question.id, pq.question.type, answer_text(pq, paper.lang), pq.points
        )
        for pq in paper.questions()
        if pq.number is not None
    ]


def key_csv(paper: Paper) -> str:
    """The answer key as CSV (`number,id,type,answer,points`, then a `total` row)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["number", "id", "type", "answer", "points"])
    for entry in answer_key(paper):
        writer.writerow(
            [entry.number, entry.id, entry.type, entry.answer, i18n.format_points(entry.points)]
        )
    writer.writerow(["total", "", "", "", i18n.format_points(paper.total_points)])
    return buffer.getvalue()


def key_file_name(paper: Paper) -> str:
    """`<exam>-<variant>-key.csv` (or `<exam>-key.csv` for a single paper)."""
    return f"{paper.stem}-key.csv"


# --------------------------------------------------------------------------- manifest


def content_hash(question: AnyQuestion) -> str:
    """`sha256:<hex>` of a question's canonical JSON (lint suppressions excluded).

    Values equal to their defaults are left out, so a later qbank that adds a defaulted field
    does not make every past manifest look changed; YAML layout never matters either.
    """
    data = question.model_dump(mode="json", exclude={"lint"}, exclude_defaults=True)
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ManifestQuestion(_Frozen):
    """One question of one variant as it was printed."""

    number: int | None = Field(description="Printed number; null for a description.")
    id: str = Field(description="Question id.")
    hash: str = Field(description="Content hash of the question when the paper was built.")
    points: float = Field(description="Points on the paper.")
    option_order: list[int] = Field(
        default_factory=list, description="Authoring indices of the options in printed order."
    )
    match_order: list[int] = Field(
        default_factory=list, description="Matching: right items in printed order."
    )
    key: str = Field(default="", description="The key as printed in the key CSV.")


class ManifestSection(_Frozen):
    """One section of one variant."""

    title: str | None = Field(default=None, description="Section heading.")
    questions: list[ManifestQuestion] = Field(description="Questions in printed order.")


class ManifestVariant(_Frozen):
    """One paper of the build."""

    variant: str | None = Field(description="Variant letter, or null for a single paper.")
    total_points: float = Field(description="Total points of the paper.")
    sections: list[ManifestSection] = Field(description="Sections in printed order.")


class ManifestHeader(_Frozen):
    """What is printed at the top of every variant."""

    title: str
    subtitle: str | None = None
    date: str | None = None
    duration: str | None = None
    instructions: str | None = None
    lang: str
    paper_size: Literal["A4", "Letter"] = "A4"


class Manifest(_Frozen):
    """Everything needed to rebuild the papers of one exam build exactly."""

    manifest_version: int = Field(description="Version of this format.")
    qbank_version: str = Field(description="qbank that built the papers.")
    exam: str = Field(description="Exam name.")
    seed: int = Field(description="Seed of selection and shuffling.")
    header: ManifestHeader = Field(description="Paper header.")
    variants: list[ManifestVariant] = Field(description="Every variant, in order.")


def build_manifest(papers: Sequence[Paper]) -> Manifest:
    """The manifest of a build (every variant of one exam)."""
    from qbank import __version__

    if not papers:
        raise ValueError("a manifest needs at least one paper")
    first = papers[0]
    hashes: dict[str, str] = {}
    for paper in papers:
        for pq in paper.questions():
            if pq.question.id not in hashes:
                hashes[pq.question.id] = content_hash(pq.question)
    variants = [
        ManifestVariant(
            variant=paper.variant,
            total_points=paper.total_points,
            sections=[
                ManifestSection(
                    title=section.title,
                    questions=[
                        ManifestQuestion(
                            number=pq.number,
                            id=pq.question.id,
                            hash=hashes[pq.question.id],
                            points=pq.points,
                            option_order=list(pq.option_order),
                            match_order=list(pq.match_order),
                            key=answer_text(pq, paper.lang),
                        )
                        for pq in section.questions
                    ],
                )
                for section in paper.sections
            ],
        )
        for paper in papers
    ]
    return Manifest(
        manifest_version=MANIFEST_VERSION,
        qbank_version=__version__,
        exam=first.name,
        seed=first.seed if first.seed is not None else 0,
        header=ManifestHeader.model_validate(first, from_attributes=True),
        variants=variants,
    )


def dumps_manifest(manifest: Manifest) -> str:
    """The manifest as committed: UTF-8 JSON, stable order, final newline (no timestamps)."""
    return manifest.model_dump_json(indent=2) + "\n"


class ManifestError(ValueError):
    """A file that is not a readable qbank manifest."""


def loads_manifest(text: str) -> Manifest:
    """Read a manifest; refuse bad JSON, a wrong shape or another manifest version."""
    try:
        data: Any = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ManifestError(
            f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from exc
    if not isinstance(data, dict) or "manifest_version" not in data:
        raise ManifestError("not a qbank manifest (no manifest_version)")
    if data["manifest_version"] != MANIFEST_VERSION:
        raise ManifestError(
            f"manifest_version {data['manifest_version']!r} is not supported "
            f"(this qbank reads version {MANIFEST_VERSION})"
        )
    try:
        return Manifest.model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ManifestError(f"not a valid qbank manifest: {where}: {first['msg']}") from exc


def exam_outputs(papers: Sequence[Paper]) -> list[tuple[str, str]]:
    """(file name, text) of a build's manifest and key CSVs, for `build/<exam>/`."""
    files = [("manifest.json", dumps_manifest(build_manifest(papers)))]
    files += [(key_file_name(paper), key_csv(paper)) for paper in papers]
    return files


# --------------------------------------------------------------------------- verify and rebuild


def verify_manifest(
    bank: Bank,
    manifest: Manifest,
    *,
    manifest_path: str,
    locate_question: Callable[[str], Location] | None = None,
    locate_exam: Locate | None = None,
) -> list[Diagnostic]:
    """Check a manifest against the bank: every question present and unchanged since the build.

    Errors for a question that disappeared (QB154) or whose content changed (QB153); a warning
    (QB155) when the exam definition now assembles different papers with the same seed.
    """
    here = Location(manifest_path)
    at: Callable[[str], Location] = locate_question or (lambda _qid: here)
    by_id = {q.id: q for q in bank.questions}
    diags: list[Diagnostic] = []
    reported: set[str] = set()
    for variant in manifest.variants:
        for section in variant.sections:
            for mq in section.questions:
                if mq.id in reported:
                    continue
                reported.add(mq.id)  # each question is checked once, on its first paper
                where = _where(variant.variant, mq.number)
                current = by_id.get(mq.id)
                if current is None:
                    diags.append(
                        error(
                            QUESTION_MISSING,
                            f"question '{mq.id}' ({where}) is no longer in the bank",
                            here,
                            help="restore it from git history to rebuild this paper",
                            question_id=mq.id,
                        )
                    )
                elif content_hash(current) != mq.hash:
                    diags.append(
                        error(
                            QUESTION_CHANGED,
                            f"question '{mq.id}' ({where}) changed since exam "
                            f"'{manifest.exam}' was built",
                            at(mq.id),
                            related=[here],
                            help="the rebuilt paper would differ from the one handed out",
                            question_id=mq.id,
                        )
                    )
    spec = bank.meta.exams.get(manifest.exam)
    if spec is None:
        diags.append(
            warning(
                EXAM_CHANGED,
                f"exam '{manifest.exam}' is no longer defined in the bank; "
                "the manifest alone still rebuilds its papers",
                here,
            )
        )
    elif not diags:
        try:
            papers = assemble_exam(
                bank,
                spec,
                name=manifest.exam,
                seed=manifest.seed,
                variants=len(manifest.variants),
                locate=locate_exam,
            )
        except ExamError as exc:
            diags.extend(exc.diagnostics)
        else:
            if build_manifest(papers).variants != manifest.variants:
                diags.append(
                    warning(
                        EXAM_CHANGED,
                        f"exam '{manifest.exam}' now assembles different papers with seed "
                        f"{manifest.seed} (its definition or the bank changed)",
                        here,
                        help="the manifest still rebuilds the papers as they were built",
                    )
                )
    return diags


def _where(variant: str | None, number: int | None) -> str:
    paper = f"variant {variant}" if variant else "the paper"
    return f"{paper}, question {number}" if number is not None else f"{paper}, a description"


def rebuild_papers(bank: Bank, manifest: Manifest, *, manifest_path: str) -> list[Paper]:
    """The papers exactly as a manifest recorded them; `ExamError` if a question changed or left."""
    problems = [
        d
        for d in verify_manifest(bank, manifest, manifest_path=manifest_path)
        if d.code in (QUESTION_CHANGED, QUESTION_MISSING)
    ]
    if problems:
        raise ExamError(problems)
    by_id = {q.id: q for q in bank.questions}
    head = manifest.header
    return [
        Paper(
            name=manifest.exam,
            variant=variant.variant,
            **head.model_dump(),
            seed=manifest.seed,
            sections=tuple(
                PaperSection(
                    title=section.title,
                    questions=tuple(
                        PaperQuestion(
                            number=mq.number,
                            question=by_id[mq.id],
                            points=mq.points,
                            option_order=tuple(mq.option_order),
                            match_order=tuple(mq.match_order),
                        )
                        for mq in section.questions
                    ),
                )
                for section in variant.sections
            ),
        )
        for variant in manifest.variants
    ]


# --------------------------------------------------------------------------- JSON of a paper


def paper_document(paper: Paper) -> dict[str, Any]:
    """A paper as a JSON-ready document: header, sections, questions with orders and keys."""
    return {
        "schema_version": SCHEMA_VERSION,
        "exam": paper.name,
        "variant": paper.variant,
        "title": paper.title,
        "subtitle": paper.subtitle,
        "date": paper.date,
        "duration": paper.duration,
        "instructions": paper.instructions,
        "lang": paper.lang,
        "paper_size": paper.paper_size,
        "seed": paper.seed,
        "total_points": paper.total_points,
        "sections": [
            {
                "title": section.title,
                "questions": [
                    {
                        "number": pq.number,
                        "points": pq.points,
                        "option_order": list(pq.option_order),
                        "match_order": list(pq.match_order),
                        "answer": answer_text(pq, paper.lang),
                        "question": pq.question.model_dump(mode="json"),
                    }
                    for pq in section.questions
                ],
            }
            for section in paper.sections
        ],
    }


def dumps_paper(paper: Paper) -> str:
    """A paper as UTF-8 JSON with a final newline (same paper, same bytes)."""
    return to_json(paper_document(paper), indent=2).decode("utf-8") + "\n"
