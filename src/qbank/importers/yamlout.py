"""Canonical YAML for imported questions: one file per question, schema modeline, block scalars."""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import TypeAdapter, ValidationError

from qbank.importers import unique_id
from qbank.load import BANK_FILE, parse_yaml
from qbank.model import (
    AnyQuestion,
    MultipleChoice,
    Option,
    Question,
    SingleChoice,
)

SCHEMA_FILE = Path("schema") / "question.schema.json"
"""Where the question schema lives, relative to the project root."""

_KEY_ORDER = (
    "id",
    "type",
    "stem",
    "options",
    "answer",
    "answers",
    "pairs",
    "distractors",
    "scoring",
    "shuffle",
    "case_sensitive",
    "answer_lines",
    "grading_notes",
    "correct_feedback",
    "incorrect_feedback",
    "tags",
    "difficulty",
    "points",
    "lang",
    "source",
    "author",
    "lint",
    "explanation",
)
_QUESTION = TypeAdapter(Question)
_PLAIN_UNSAFE_START = tuple("-?:,[]{}#&*!|>'\"%@`")
_NON_PRINTABLE = re.compile(
    r"[^\t\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)
"""Characters a plain or block scalar must not hold (controls, BOM, YAML's extra line breaks)."""


class WriteConflictError(FileExistsError):
    """A file that an import would write already exists (and --force was not given)."""


# --------------------------------------------------------------------------- scalars


# Every implicit type of YAML 1.1 (PyYAML) and 1.2 (qbank's loader) is an ASCII word without
# spaces (`no`, `null`, `true`) or starts with one of these (numbers, dates, `.inf`, `~`, `<<`).
_TYPED_START = frozenset("-+.0123456789~<=")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_TYPED_WORDS = frozenset(
    form
    for word in ("yes", "no", "true", "false", "on", "off", "null")
    for form in (word, word.capitalize(), word.upper())
)
"""The words YAML 1.1 (PyYAML) or 1.2 reads as a boolean or null."""


def _plain_ok(text: str) -> bool:
    """Whether a one-line string can be written as a plain YAML scalar and read back as itself."""
    if not text or text != text.strip() or "\n" in text or _NON_PRINTABLE.search(text):
        return False
    if text.startswith(_PLAIN_UNSAFE_START) or ": " in text or " #" in text or text.endswith(":"):
        return False
    if "\t" in text:
        return False
    if text[0] not in _TYPED_START and (" " in text or not text.isascii()):
        return True  # no implicit type can match it: it reads as this string (property-tested)
    if _WORD.fullmatch(text):
        return text not in _TYPED_WORDS  # ids, tags, `medium`: plain unless `yes`, `null`, ...
    try:
        # Plain only if both YAML 1.1 (PyYAML: `no`, `1:30`, `2024-01-01`) and qbank's
        # YAML 1.2 loader (`1e3`) read it as this very string.
        if yaml.load(text, Loader=_SAFE_LOADER) != text:
            return False
    except (yaml.YAMLError, ValueError, OverflowError):  # e.g. a date with a 51-hour offset
        return False
    data, diags, ok = parse_yaml(text, "<scalar>")
    return ok and not diags and data == text


_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""PyYAML's own YAML 1.1 reading (yaml.safe_load), with its C parser when there is one."""

# Inside `[a, b]` flow indicators end a plain scalar, and PyYAML stumbles over `?` and `:`:
# flow items are kept to letters, digits, spaces and a few harmless marks.
_FLOW_SAFE = re.compile(r"[\w .()/-]+")


def _flow_ok(text: str) -> bool:
    """Whether a string can stand as a plain item of a flow sequence (`tags: [a, b]`)."""
    return _FLOW_SAFE.fullmatch(text) is not None and _plain_ok(text)


def _quoted(text: str) -> str:
    """A double-quoted scalar (JSON string syntax is valid YAML; YAML line breaks escaped)."""
    quoted = json.dumps(text, ensure_ascii=False)
    return _NON_PRINTABLE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", quoted)


def _block_ok(text: str) -> bool:
    if _NON_PRINTABLE.search(text) or "\r" in text:
        return False
    lines = text.rstrip("\n").split("\n")
    return all(line == line.rstrip(" \t") for line in lines) and "\t" not in text


def _scalar(text: str, indent: int, *, block: bool) -> str:
    """A string as it follows `key:` — plain, double-quoted, or a literal block at `indent`."""
    if (block or "\n" in text) and _block_ok(text) and text.strip():
        body = text.rstrip("\n")
        trailing = len(text) - len(body)
        chomp = "-" if trailing == 0 else "" if trailing == 1 else "+"
        marker = str(2) if body.startswith((" ", "\n")) else ""
        pad = " " * indent
        lines = [
            f"{pad}{line}" if line else "" for line in text.split("\n")[: body.count("\n") + 1]
        ]
        extra = "\n" * (trailing - 1) if trailing > 1 else ""
        return f" |{marker}{chomp}\n" + "\n".join(lines) + extra
    return " " + (text if _plain_ok(text) else _quoted(text))


def _atom(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value) if isinstance(value, float) and value != int(value) else str(value)
    if value is None:
        return "null"
    text = str(value)
    return text if _plain_ok(text) else _quoted(text)


# --------------------------------------------------------------------------- structure


def _emit(key: str, value: Any, indent: int, out: list[str]) -> None:
    pad = " " * indent
    if isinstance(value, str):
        block = key in ("body",) or "\n" in value
        out.append(f"{pad}{key}:{_scalar(value, indent + 2, block=block)}")
    elif isinstance(value, dict):
        out.append(f"{pad}{key}:")
        for k, v in value.items():
            _emit(k, v, indent + 2, out)
    elif isinstance(value, list):
        if key in ("answer", "tags", "ignore") and all(
            isinstance(v, str) and _flow_ok(v) for v in value
        ):
            out.append(f"{pad}{key}: [{', '.join(value)}]")
            return
        out.append(f"{pad}{key}:")
        for item in value:
            _emit_item(item, indent + 2, out)
    else:
        out.append(f"{pad}{key}: {_atom(value)}")


def _emit_item(item: Any, indent: int, out: list[str]) -> None:
    pad = " " * indent
    if isinstance(item, dict) and item:
        lines: list[str] = []
        for k, v in item.items():
            _emit(k, v, indent + 2, lines)
        lines[0] = f"{pad}- {lines[0][indent + 2 :]}"
        out.extend(lines)
    elif isinstance(item, str):
        out.append(f"{pad}-{_scalar(item, indent + 2, block=False)}")
    else:
        out.append(f"{pad}- {_atom(item)}")


def question_data(question: AnyQuestion) -> dict[str, Any]:
    """The question as authors write it: defaults left out, plain-string options, keys in order."""
    data = question.model_dump(mode="json", exclude_defaults=True)
    data["type"] = question.type
    if isinstance(question, SingleChoice | MultipleChoice):
        data["options"] = [
            o.text if o == Option(text=o.text) else _without_defaults(o) for o in question.options
        ]
    if isinstance(question, MultipleChoice):
        data["answer"] = list(question.answer)
    if "lint" in data and not data["lint"].get("ignore"):
        del data["lint"]
    ordered = {k: data[k] for k in _KEY_ORDER if k in data}
    ordered.update({k: v for k, v in data.items() if k not in ordered})
    return ordered


def _without_defaults(option: Option) -> dict[str, Any]:
    return option.model_dump(mode="json", exclude_defaults=True)


def to_yaml(question: AnyQuestion, *, schema: str | None) -> str:
    """One question as canonical YAML, with a schema modeline when `schema` is given."""
    out: list[str] = []
    if schema:
        out.append(f"# yaml-language-server: $schema={schema}")
    for key, value in question_data(question).items():
        _emit(key, value, 0, out)
    text = "\n".join(out) + "\n"
    _check_round_trip(question, text)
    return text


def _check_round_trip(question: AnyQuestion, text: str) -> None:
    """The YAML must load back through qbank's loader to the same question (else a bug here)."""
    data, diags, ok = parse_yaml(text, "<import>")
    try:
        back = _QUESTION.validate_python(data) if ok and not diags else None
    except ValidationError:
        back = None
    if back != question:
        raise AssertionError(f"YAML for question {question.id!r} does not read back:\n{text}")


# --------------------------------------------------------------------------- planning files


def find_schema(folder: Path) -> str | None:
    """The relative path from `folder` to schema/question.schema.json of the enclosing project."""
    start = folder.resolve()
    for base in (start, *start.parents):
        candidate = base / SCHEMA_FILE
        if candidate.is_file():
            return Path(os.path.relpath(candidate, start)).as_posix()
    cwd_schema = Path.cwd() / SCHEMA_FILE
    if cwd_schema.is_file():
        return Path(os.path.relpath(cwd_schema, start)).as_posix()
    return None


def _bank_root(folder: Path) -> Path:
    start = folder.resolve()
    for base in (start, *start.parents):
        if (base / BANK_FILE).is_file():
            return base
    return start


def existing_ids(folder: Path) -> dict[str, Path | None]:
    """Ids already used in the bank that `folder` belongs to -> the one-question file holding it.

    File names count as used too (their numeric prefix left out), mapped to None.
    """
    root = _bank_root(folder)
    taken: dict[str, Path | None] = {}
    if not root.is_dir():
        return taken
    for path in sorted(root.rglob("*.y*ml")):
        if path.name == BANK_FILE or any(p.startswith(".") for p in path.relative_to(root).parts):
            continue
        taken.setdefault(_strip_prefix(path.stem), None)
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue
        items = data if isinstance(data, list) else [data]
        for item in items:
            if isinstance(item, dict) and "id" in item:
                taken[str(item["id"])] = path if isinstance(data, dict) else None
    return taken


def _strip_prefix(stem: str) -> str:
    return re.sub(r"^\d+-", "", stem)


def _next_number(folder: Path) -> tuple[int, int]:
    """(first free numeric prefix, its width) from files such as `03-name.yaml` in `folder`."""
    numbers = [
        (int(m.group(1)), len(m.group(1)))
        for p in (folder.glob("*.y*ml") if folder.is_dir() else [])
        if (m := re.match(r"^(\d+)-", p.name))
    ]
    if not numbers:
        return 1, 2
    return max(n for n, _ in numbers) + 1, max(w for _, w in numbers)


@dataclass(frozen=True, slots=True)
class PlannedFile:
    """One file an import will write."""

    path: Path
    text: str
    question: AnyQuestion


def plan(
    questions: Sequence[AnyQuestion],
    folder: Path,
    *,
    force: bool = False,
    folders: Mapping[str, tuple[str, ...]] | None = None,
) -> list[PlannedFile]:
    """Files for the questions: `NN-id.yaml`, each id made unique in the bank.

    `folders` puts a question (by id) in a subfolder of `folder` (GIFT categories); files are
    numbered per folder. Without `force` nothing existing is ever touched. With `force`, a
    question whose id is already held by a one-question file in its folder replaces that
    file, so importing the same quiz again updates the earlier import instead of adding copies.
    """
    used = existing_ids(folder)
    where = [folder.joinpath(*(folders or {}).get(q.id, ())) for q in questions]
    counts = Counter(where)
    numbering: dict[Path, list[int]] = {}  # folder -> [next number, width]
    for target, count in counts.items():
        number, width = _next_number(target)
        numbering[target] = [number, max(width, len(str(number + count)))]
    resolved = {target: target.resolve() for target in counts}
    schemas = {target: find_schema(target) for target in counts}
    files: list[PlannedFile] = []
    claimed: set[str] = set()
    taken = set(used) | claimed  # every id in use so far: the bank's and this import's
    for question, target in zip(questions, where, strict=True):
        qid = question.id
        owner = used.get(qid)
        if (
            force
            and owner is not None
            and owner.parent.resolve() == resolved[target]
            and qid not in claimed
        ):
            path = target / owner.name
        else:
            qid = unique_id(qid, taken)
            number, width = numbering[target]
            path = target / f"{number:0{width}d}-{qid}.yaml"
            numbering[target][0] += 1
            if path.exists():
                raise WriteConflictError(
                    f"{path.as_posix()} already exists (use --force to replace it)"
                )
        claimed.add(qid)
        taken.add(qid)
        renamed = question if question.id == qid else question.model_copy(update={"id": qid})
        files.append(PlannedFile(path, to_yaml(renamed, schema=schemas[target]), renamed))
    return files
