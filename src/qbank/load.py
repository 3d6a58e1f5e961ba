"""Read a bank folder into the model, with a source map from every value to `file:line:col`."""

from __future__ import annotations

import difflib
import os
import re
import types
import typing
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, TypeAdapter, ValidationError

from qbank import collector
from qbank.diagnostics import Diagnostic, Location, error, warning
from qbank.model import QUESTION_TYPES, AnyQuestion, Bank, BankMeta, Question

BANK_FILE = "bank.yaml"
"""The file in the bank's root that holds the bank metadata."""

# Stable codes of everything the loader reports (the lint registry documents them).
INVALID_UTF8 = "QB101"
INVALID_YAML = "QB102"
DUPLICATE_KEY = "QB103"
UNKNOWN_FIELD = "QB104"
MISSING_FIELD = "QB105"
INVALID_VALUE = "QB106"
DUPLICATE_ID = "QB107"
UNREADABLE = "QB108"
BAD_FILE_SHAPE = "QB109"
EMPTY_FILE = "QB110"

PathPart = int | str


# --------------------------------------------------------------------------- YAML


class _Loader(yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader):  # type: ignore[misc]
    """PyYAML's C parser and composer, with YAML 1.2 scalars.

    YAML 1.1 reads `No`, `on` and `1:30` as a boolean and a number, which turns option
    texts such as `No` into `false`; here only `true`/`false` are booleans.
    """


_ScalarNode = yaml.ScalarNode
_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_MERGE = "tag:yaml.org,2002:merge"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOLS = frozenset({"true", "True", "TRUE", "false", "False", "FALSE"})
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_NUMBER_START = frozenset("-+.0123456789")
_INT_RE = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_FLOAT_RE = re.compile(
    r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
)


def _resolve(self: Any, kind: type[yaml.Node], value: Any, implicit: tuple[bool, bool]) -> str:
    """YAML 1.2 core-schema tag of a node without an explicit tag (called by the C composer)."""
    if kind is yaml.ScalarNode:
        if implicit[0]:
            if value == "<<":
                return _MERGE
            if value in _BOOLS:
                return _BOOL
            if value in _NULLS:
                return _NULL
            if value[:1] in _NUMBER_START:
                if _INT_RE.fullmatch(value):
                    return _INT
                if _FLOAT_RE.fullmatch(value):
                    return _FLOAT
        return _STR
    return _SEQ if kind is yaml.SequenceNode else _MAP


def _no_path_resolvers(self: Any, *args: Any) -> None:
    """qbank registers no path resolvers: nothing to track per node (called twice a node)."""


_Loader.resolve = _resolve
_Loader.descend_resolver = _no_path_resolvers
_Loader.ascend_resolver = _no_path_resolvers


class _UnsupportedTag(yaml.MarkedYAMLError):
    """A tag qbank does not read (e.g. `!!python/object`)."""


def _scalar(node: yaml.ScalarNode) -> Any:
    tag, value = node.tag, node.value
    if tag == _STR:
        return value
    if tag == _INT:
        return int(value, 0) if value[:2] in ("0x", "0o") else int(value, 10)
    if tag == _FLOAT:
        low = value.lower()
        if low.endswith("inf"):
            return float("-inf") if low.startswith("-") else float("inf")
        return float("nan") if low == ".nan" else float(value)
    if tag == _BOOL:
        return value.lower() == "true"
    if tag == _NULL:
        return None
    raise _UnsupportedTag(None, None, f"unsupported tag {tag}", node.start_mark)


class _Builder:
    """Turns composed YAML nodes into plain Python data, recording duplicate keys.

    A direct walk is several times faster than PyYAML's generic constructor, and aliases
    are built once (so an alias bomb costs nothing).
    """

    __slots__ = ("_done", "duplicates")

    def __init__(self) -> None:
        self.duplicates: list[tuple[str, yaml.Mark, yaml.Mark]] = []
        self._done: dict[int, Any] = {}

    def build(self, node: yaml.Node) -> Any:
        if node.__class__ is _ScalarNode:
            if node.tag == _STR:
                return node.value
            return _scalar(node)
        done = self._done.get(id(node))
        if done is not None:
            return done
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ:
                raise _UnsupportedTag(None, None, f"unsupported tag {node.tag}", node.start_mark)
            items: list[Any] = []
            self._done[id(node)] = items
            for child in node.value:
                # Plain text, most of a bank, without a call per value.
                if child.__class__ is _ScalarNode and child.tag == _STR:
                    items.append(child.value)
                else:
                    items.append(self.build(child))
            return items
        if node.tag != _MAP:
            raise _UnsupportedTag(None, None, f"unsupported tag {node.tag}", node.start_mark)
        mapping: dict[Any, Any] = {}
        self._done[id(node)] = mapping
        key_nodes: dict[Any, yaml.Node] = {}
        for key_node, value_node in node.value:
            if key_node.__class__ is _ScalarNode and key_node.tag == _STR:
                key = key_node.value
            else:
                if key_node.tag == _MERGE:
                    merged = self.build(value_node)
                    for source in merged if isinstance(merged, list) else [merged]:
                        if isinstance(source, dict):
                            for k, v in source.items():
                                mapping.setdefault(k, v)
                    continue
                key = self.build(key_node)
                if isinstance(key, list | dict):
                    raise _UnsupportedTag(
                        None, None, "a mapping key must be a plain value", key_node.start_mark
                    )
            first = key_nodes.get(key)
            if first is not None:
                self.duplicates.append((str(key), key_node.start_mark, first.start_mark))
            key_nodes[key] = key_node
            if value_node.__class__ is _ScalarNode and value_node.tag == _STR:
                mapping[key] = value_node.value
            else:
                mapping[key] = self.build(value_node)
        return mapping


# --------------------------------------------------------------------------- source map


class SourceFile:
    """One YAML file of the bank: its text, and positions composed on demand."""

    __slots__ = ("_root", "display", "path", "text")

    def __init__(self, path: Path, display: str, text: str) -> None:
        self.path = path
        self.display = display
        self.text = text
        self._root: yaml.Node | None = None

    def _node(self) -> yaml.Node | None:
        if self._root is None:
            try:
                self._root = yaml.compose(self.text, Loader=_Loader)
            except yaml.YAMLError:
                return None
        return self._root

    def locate(self, path: Sequence[PathPart], *, key: bool = False) -> Location:
        """Position of the value at `path` (of its key when `key`), else of its nearest parent."""
        node = self._node()
        if node is None:
            return Location(self.display, 1, 1)
        mark = node.start_mark
        for part in path:
            child: yaml.Node | None = None
            key_mark: yaml.Mark | None = None
            if isinstance(node, yaml.MappingNode):
                for key_node, value_node in node.value:
                    if key_node.value == part:
                        child, key_mark = value_node, key_node.start_mark
            elif (
                isinstance(node, yaml.SequenceNode)
                and isinstance(part, int)
                and 0 <= part < len(node.value)
            ):
                child = node.value[part]
            if child is None:
                break
            node = child
            mark = (
                key_mark if key and key_mark is not None and part == path[-1] else child.start_mark
            )
        return Location(self.display, mark.line + 1, mark.column + 1)


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a question was written: its file and the path of the question inside it."""

    file: SourceFile
    prefix: tuple[PathPart, ...] = ()

    def locate(self, *path: PathPart, key: bool = False) -> Location:
        """Location of a value of this question (the question itself with no path)."""
        return self.file.locate((*self.prefix, *path), key=key)

    @property
    def path(self) -> str:
        """The file as displayed in diagnostics."""
        return self.file.display


@dataclass
class LoadResult:
    """A loaded bank: valid questions, every problem found, and where each question came from."""

    bank: Bank
    diagnostics: list[Diagnostic]
    origins: dict[str, Origin] = field(default_factory=dict)
    root: Path = Path()
    meta_file: SourceFile | None = None

    def locate(self, question_id: str, *path: PathPart, key: bool = False) -> Location:
        """Location of a question (or one of its values) by id."""
        origin = self.origins.get(question_id)
        if origin is None:
            return Location(str(self.root))
        return origin.locate(*path, key=key)

    def file_of(self, question_id: str) -> Path | None:
        """The file a question was read from."""
        origin = self.origins.get(question_id)
        return origin.file.path if origin else None

    @property
    def ok(self) -> bool:
        """Whether nothing of error severity was found."""
        return not any(d.severity == "error" for d in self.diagnostics)


# --------------------------------------------------------------------------- reading files


def read_text(path: Path, display: str) -> tuple[str | None, list[Diagnostic]]:
    """Read a UTF-8 file (BOM and CRLF accepted); report unreadable or invalid bytes precisely."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, [error(UNREADABLE, f"cannot read file: {exc.strerror}", Location(display))]
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [
            error(
                INVALID_UTF8,
                f"file is not valid UTF-8: byte 0x{data[exc.start]:02x} at offset {exc.start}",
                Location(display, line, col),
                help="save the file as UTF-8 (GB18030 or UTF-16 files must be converted)",
            )
        ]
    return text.replace("\r\n", "\n"), []


def parse_yaml(text: str, display: str) -> tuple[Any, list[Diagnostic], bool]:
    """Parse YAML text; returns (data, diagnostics, ok)."""
    loader = _Loader(text)
    builder = _Builder()
    try:
        node = loader.get_single_node()
        data = builder.build(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or "invalid YAML"
        if exc.context:
            problem = f"{problem} ({exc.context})"
        return (
            None,
            [error(INVALID_YAML, f"YAML syntax error: {problem}", Location(display, line, col))],
            False,
        )
    except yaml.YAMLError as exc:
        return None, [error(INVALID_YAML, f"YAML error: {exc}", Location(display, 1, 1))], False
    finally:
        loader.dispose()
    diags = [
        error(
            DUPLICATE_KEY,
            f"duplicate key {key!r}: the later value would silently replace the earlier one",
            Location(display, mark.line + 1, mark.column + 1),
            related=[Location(display, first.line + 1, first.column + 1)],
            help="remove one of the two keys",
        )
        for key, mark, first in builder.duplicates
    ]
    return data, diags, True


# --------------------------------------------------------------------------- validation errors


def _unwrap(annotation: Any) -> Iterator[type[BaseModel]]:
    """The pydantic models inside an annotation (through list, Optional, Annotated, unions)."""
    origin = typing.get_origin(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    elif origin is typing.Annotated:
        yield from _unwrap(typing.get_args(annotation)[0])
    elif origin in (list, tuple, typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            yield from _unwrap(arg)


def _model_at(model: type[BaseModel], loc: Sequence[PathPart]) -> type[BaseModel] | None:
    current: type[BaseModel] | None = model
    for part in loc:
        if current is None:
            return None
        if isinstance(part, int):
            continue
        info = current.model_fields.get(part)
        if info is None:
            return None
        current = next(_unwrap(info.annotation), None)
    return current


def _message(
    err: Any, model: type[BaseModel] | None, loc: Sequence[PathPart]
) -> tuple[str, str, str | None]:
    """(code, message, help) for one pydantic error."""
    kind = err["type"]
    where = ".".join(str(p) for p in loc) or "question"
    if kind == "extra_forbidden":
        name = str(loc[-1]) if loc else "?"
        parent = _model_at(model, loc[:-1]) if model else None
        # As authors write them: `extend-select`, not the Python name `extend_select`.
        fields = parent.model_fields if parent else {}
        known = sorted(info.alias or field for field, info in fields.items())
        close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'?" if close else f"known fields: {', '.join(known)}"
        return UNKNOWN_FIELD, f"unknown field '{name}'", hint
    if kind == "missing":
        return MISSING_FIELD, f"missing required field '{where}'", None
    if kind == "union_tag_not_found":
        return (
            MISSING_FIELD,
            "missing required field 'type'",
            f"one of: {', '.join(QUESTION_TYPES)}",
        )
    if kind == "union_tag_invalid":
        tag = err.get("ctx", {}).get("tag", "?")
        close = difflib.get_close_matches(str(tag), list(QUESTION_TYPES), n=1)
        hint = f"did you mean '{close[0]}'?" if close else f"one of: {', '.join(QUESTION_TYPES)}"
        return INVALID_VALUE, f"unknown question type '{tag}'", hint
    if kind in ("string_type", "model_type") and isinstance(err.get("input"), int | float | bool):
        value = err["input"]
        shown = str(value).lower() if isinstance(value, bool) else str(value)
        return (
            INVALID_VALUE,
            f"{where}: expected text, but YAML read {shown} as a "
            f"{'boolean' if isinstance(value, bool) else 'number'}",
            f'quote it: "{shown}"',
        )
    if kind == "bool_type":
        return INVALID_VALUE, f"{where}: expected true or false", None
    msg = str(err["msg"])
    for prefix in ("Value error, ", "Assertion failed, "):
        if msg.startswith(prefix):
            msg = msg[len(prefix) :]
    return INVALID_VALUE, f"{where}: {msg}", None


def validation_diagnostics(
    exc: ValidationError,
    *,
    locate: typing.Callable[..., Location],
    model: type[BaseModel] | None,
    strip_tag: bool,
    question_id: str | None = None,
) -> list[Diagnostic]:
    """Turn a pydantic error into diagnostics located in the source."""
    out: list[Diagnostic] = []
    for err in exc.errors(include_url=False):
        loc: list[PathPart] = list(err["loc"])
        target = model
        if strip_tag and loc and isinstance(loc[0], str) and loc[0] in QUESTION_TYPES:
            target = QUESTION_TYPES[loc[0]]
            loc = loc[1:]
        code, message, help_text = _message(err, target, loc)
        where = locate(*loc, key=code == UNKNOWN_FIELD)
        out.append(error(code, message, where, help=help_text, question_id=question_id))
    return out


# --------------------------------------------------------------------------- the bank


_QUESTION = TypeAdapter(Question)


def bank_files(root: Path) -> list[Path]:
    """Every question file of a bank folder, in a stable order (hidden folders skipped)."""
    found: list[tuple[tuple[str, ...], Path]] = []
    for folder, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        base = Path(folder)
        rel = base.relative_to(root).parts
        for name in names:
            if name.startswith(".") or not name.endswith((".yaml", ".yml")):
                continue
            if not rel and name == BANK_FILE:
                continue
            found.append(((*rel, name), base / name))
    found.sort(key=lambda item: item[0])
    return [path for _, path in found]


def _display(path: Path) -> str:
    return path.as_posix()


def load_meta(root: Path) -> tuple[BankMeta, list[Diagnostic], SourceFile | None, dict[str, Any]]:
    """Read `bank.yaml` (a bank without one is titled after its folder)."""
    meta_path = root / BANK_FILE
    fallback = BankMeta(title=root.resolve().name or "qbank")
    if not meta_path.exists():
        return fallback, [], None, {}
    display = _display(meta_path)
    text, diags = read_text(meta_path, display)
    if text is None:
        return fallback, diags, None, {}
    data, ydiags, ok = parse_yaml(text, display)
    diags += ydiags
    source = SourceFile(meta_path, display, text)
    if not ok:
        return fallback, diags, source, {}
    if data is None:
        data = {}
    if not isinstance(data, dict):
        diags.append(
            error(BAD_FILE_SHAPE, "bank.yaml must be a mapping of bank settings", source.locate(()))
        )
        return fallback, diags, source, {}
    try:
        meta = BankMeta.model_validate(data)
    except ValidationError as exc:
        diags += validation_diagnostics(
            exc,
            locate=lambda *p, key=False: source.locate(p, key=key),
            model=BankMeta,
            strip_tag=False,
        )
        return fallback, diags, source, data
    return meta, diags, source, data


def load_bank(root: Path | str) -> LoadResult:
    """Load and validate a whole bank folder, reporting every problem of every file in one run."""
    with collector.paused():  # millions of small objects, no reference cycles
        return _load_bank(Path(root))


def _load_bank(root: Path) -> LoadResult:
    if not root.is_dir():
        diag = error(
            UNREADABLE,
            "bank folder not found" if not root.exists() else "not a folder",
            Location(str(root)),
        )
        return LoadResult(Bank(meta=BankMeta(title="qbank")), [diag], root=root)
    meta, diagnostics, meta_file, _raw = load_meta(root)
    questions: list[AnyQuestion] = []
    origins: dict[str, Origin] = {}
    for path in bank_files(root):
        display = _display(path)
        text, diags = read_text(path, display)
        diagnostics += diags
        if text is None:
            continue
        data, diags, ok = parse_yaml(text, display)
        diagnostics += diags
        if not ok:
            continue
        source = SourceFile(path, display, text)
        if data is None:
            diagnostics.append(
                warning(EMPTY_FILE, "file holds no question", Location(display, 1, 1))
            )
            continue
        if isinstance(data, dict):
            items: list[tuple[tuple[PathPart, ...], Any]] = [((), data)]
        elif isinstance(data, list):
            items = [((i,), item) for i, item in enumerate(data)]
        else:
            diagnostics.append(
                error(
                    BAD_FILE_SHAPE,
                    "a question file holds one question (a mapping) or a list of questions",
                    source.locate(()),
                )
            )
            continue
        for prefix, item in items:
            origin = Origin(source, prefix)
            qid = item.get("id") if isinstance(item, dict) else None
            if not isinstance(item, dict):
                diagnostics.append(
                    error(BAD_FILE_SHAPE, "a question must be a mapping", origin.locate())
                )
                continue
            try:
                question: AnyQuestion = _QUESTION.validate_python(item)
            except ValidationError as exc:
                diagnostics += validation_diagnostics(
                    exc,
                    locate=origin.locate,
                    model=None,
                    strip_tag=True,
                    question_id=qid if isinstance(qid, str) else None,
                )
                if isinstance(qid, str) and qid not in origins:
                    origins[qid] = origin  # reserve the id: a later duplicate is still reported
                continue
            first = origins.get(question.id)
            if first is not None:
                diagnostics.append(
                    error(
                        DUPLICATE_ID,
                        f"duplicate question id '{question.id}'",
                        origin.locate("id"),
                        related=[first.locate("id")],
                        help="ids must be unique in the bank; rename one of them",
                        question_id=question.id,
                    )
                )
                continue
            origins[question.id] = origin
            questions.append(question)
    valid_ids = {q.id for q in questions}
    origins = {k: v for k, v in origins.items() if k in valid_ids}
    bank = Bank(meta=meta, questions=questions)
    diagnostics.sort(key=Diagnostic.sort_key)
    return LoadResult(bank, diagnostics, origins, root, meta_file)
