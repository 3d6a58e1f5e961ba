"""The rule reference (docs/rules.md), generated from the rule docstrings; `--check` for drift."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from qbank.lint.base import (
    DOC_HEADINGS,
    GROUPS,
    ManifestRule,
    ReportedRule,
    Rule,
    WriterRule,
    doc_sections,
    reporter,
)
from qbank.lint.registry import REGISTRY

DOCS = Path("docs") / "rules.md"
"""Where the generated reference lives, relative to the repository root."""


def rule_markdown(rule: type[Rule], *, heading: str = "##") -> str:
    """One rule's documentation as Markdown: title, facts line, summary and its sections."""
    sections = doc_sections(rule)
    facts = [f"severity: {rule.severity}"]
    if not issubclass(rule, ReportedRule):
        facts.append("on by default" if rule.default else "off by default")
        if rule.targets:
            facts.append(f"targets: {', '.join(rule.targets)}")
    who = reporter(rule)
    if who is not None:
        facts.append(who)
    options = [
        f"- `{name.replace('_', '-')}` (default {field.default!r}): {field.description}"
        for name, field in rule.options_model.model_fields.items()
    ]
    parts = [
        f"{heading} {rule.code} {rule.name}",
        f"*{'; '.join(facts)}*",
        f"Message: `{rule.message}`",
        sections[""],
    ]
    for title in DOC_HEADINGS:
        parts.append(f"{heading}# {title}\n\n{sections[title]}")
        if title == "What it does" and options:
            parts.append("Options:\n\n" + "\n".join(options))
    return "\n\n".join(parts) + "\n"


def render() -> str:
    """The whole rule reference."""
    lines = [
        "# Lint rules",
        "",
        "<!-- Generated from the rule docstrings by `python -m qbank.lint.docs`; "
        "do not edit by hand. -->",
        "",
        "`qbank rule CODE` prints one of these pages. See [lint.md](lint.md) for configuration.",
        "",
        "| code | name | severity | default (or reported by) |",
        "|---|---|---|---|",
    ]
    for rule in REGISTRY.values():
        anchor = f"{rule.code.lower()}-{rule.name}"
        default = "on" if rule.default else "off"
        if issubclass(rule, WriterRule):
            default = f"{rule.targets[0]} export"
        elif issubclass(rule, ManifestRule):
            default = "exam verify"
        lines.append(f"| {rule.code} | [{rule.name}](#{anchor}) | {rule.severity} | {default} |")
    out = "\n".join(lines) + "\n"
    group = ""
    for rule in REGISTRY.values():
        if rule.code[:3] != group:
            group = rule.code[:3]
            out += f"\n# {group}xx: {GROUPS[group]}\n"
        out += "\n" + rule_markdown(rule)
    return out


def main(argv: list[str] | None = None) -> int:
    """Write docs/rules.md (or, with --check, exit 1 when it is out of date)."""
    parser = argparse.ArgumentParser(prog="python -m qbank.lint.docs", description=__doc__)
    parser.add_argument("--check", action="store_true", help="exit 1 if the file is stale")
    parser.add_argument("--out", type=Path, default=DOCS)
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        if current != text:
            print(f"{args.out}: out of date; run `python -m qbank.lint.docs`", file=sys.stderr)
            return 1
        return 0
    from qbank.output import write_text_atomic

    write_text_atomic(args.out, text)
    print(f"wrote {args.out.as_posix()}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
