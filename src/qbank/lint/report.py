"""Lint report formats for CI: JSON, GitHub workflow annotations and SARIF 2.1.0."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from qbank.diagnostics import Diagnostic, Location, to_json
from qbank.lint.base import doc_sections
from qbank.lint.registry import REGISTRY

FORMATS = ("text", "json", "github", "sarif")
"""Every `--output-format`."""
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def format_json(diagnostics: Sequence[Diagnostic]) -> str:
    """The diagnostics as a JSON array (the same records `qbank validate` uses)."""
    return to_json(diagnostics)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(diagnostics: Sequence[Diagnostic]) -> str:
    """One `::error file=…,line=…,col=…,title=…::message` workflow command per diagnostic."""
    lines = []
    for d in diagnostics:
        rule = REGISTRY.get(d.code)
        title = f"{d.code} {rule.name}" if rule else d.code
        props = [f"file={_escape_property(d.path)}"]
        if d.line > 0:
            props += [f"line={d.line}", f"col={max(d.col, 1)}"]
        props.append(f"title={_escape_property(title)}")
        message = d.message + (f"\nhelp: {d.help}" if d.help else "")
        lines.append(f"::{d.severity} {','.join(props)}::{_escape_data(message)}")
    return "\n".join(lines)


def _location(loc: Location) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": loc.path}}
    if loc.line > 0:
        physical["region"] = {"startLine": loc.line, "startColumn": max(loc.col, 1)}
    return {"physicalLocation": physical}


def _rule_descriptor(code: str) -> dict[str, Any]:
    rule = REGISTRY[code]
    sections = doc_sections(rule)
    return {
        "id": code,
        "name": rule.name,
        "shortDescription": {"text": sections[""].splitlines()[0]},
        "fullDescription": {"text": sections["What it does"]},
        "help": {"text": sections["Why is this bad?"]},
        "defaultConfiguration": {"level": rule.severity, "enabled": rule.default},
    }


def format_sarif(diagnostics: Sequence[Diagnostic], *, version: str) -> str:
    """A SARIF 2.1.0 log with one run: the rules that fired and one result per diagnostic."""
    codes = sorted({d.code for d in diagnostics if d.code in REGISTRY})
    index = {code: i for i, code in enumerate(codes)}
    results = []
    for d in diagnostics:
        message = d.message + (f"\nhelp: {d.help}" if d.help else "")
        result: dict[str, Any] = {
            "ruleId": d.code,
            "level": d.severity,
            "message": {"text": message},
            "locations": [_location(d.location)],
        }
        if d.code in index:
            result["ruleIndex"] = index[d.code]
        if d.related:
            result["relatedLocations"] = [
                {"id": n, **_location(loc), "message": {"text": "see also"}}
                for n, loc in enumerate(d.related)
            ]
        results.append(result)
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "qbank",
                        "version": version,
                        "rules": [_rule_descriptor(code) for code in codes],
                    }
                },
                "results": results,
            }
        ],
    }
    return json.dumps(log, ensure_ascii=False, indent=2)
