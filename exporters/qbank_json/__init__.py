"""The JSON writer: the canonical JSON of the whole bank, deterministic and UTF-8."""

from __future__ import annotations

from pydantic import BaseModel

from qbank.jsonio import dumps_bank
from qbank.plugins import ExportRequest, ExportResult, NoOptions, Output


class JSONExporter:
    """Writes `<bank>.json`: every question in the canonical form, with a schema_version."""

    name = "json"
    description = "Canonical JSON of the whole bank (reads back with qbank.jsonio.loads_bank)"
    suffix = ".json"
    binary = False
    options_model: type[BaseModel] = NoOptions

    def export(self, request: ExportRequest) -> ExportResult:
        """Render the whole bank as one JSON document; with an exam, each paper as `<stem>.json`."""
        if request.exam is not None:
            from qbank.exam import dumps_paper

            return ExportResult(
                [Output(f"{paper.stem}.json", dumps_paper(paper)) for paper in request.papers]
            )
        return ExportResult([Output("bank.json", dumps_bank(request.bank))])


exporter = JSONExporter()
