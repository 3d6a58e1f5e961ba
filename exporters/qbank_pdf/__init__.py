"""The PDF writer: papers, answer keys and solutions (reportlab is imported on export only)."""

from __future__ import annotations

from pydantic import BaseModel

from qbank.plugins import ExportRequest, ExportResult
from qbank_pdf.options import PDFOptions


class PDFExporter:
    """Writes `<stem>.pdf`, `<stem>-key.pdf` and `<stem>-solutions.pdf` for every paper."""

    name = "pdf"
    description = "Printable PDF papers, answer keys and solutions (reportlab; Chinese embedded)"
    suffix = ".pdf"
    binary = True
    options_model: type[BaseModel] = PDFOptions

    def export(self, request: ExportRequest) -> ExportResult:
        """Lay out every paper of the request (reportlab is imported here, not at import time)."""
        from qbank_pdf.render import export

        return export(request)


exporter = PDFExporter()
"""The instance the `qbank.exporters` entry point `pdf` names."""
