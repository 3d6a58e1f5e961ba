"""Options of the PDF writer (`-o key=value`): font, paper size, option columns, font size."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator


class PDFOptions(BaseModel):
    """What `qbank export --format pdf -o key=value` accepts."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    font: str | None = Field(
        default=None,
        description="TrueType (.ttf/.ttc) file for Chinese text; `builtin` for reportlab's "
        "STSong-Light (not embedded). Default: fonts.pdf_cjk in bank.yaml, else fontconfig.",
    )
    paper_size: Literal["A4", "Letter"] | None = Field(
        default=None, description="Page size; default: the paper's (A4)."
    )
    columns: int | None = Field(
        default=None,
        description="Most option columns for short options: 1, 2 or 4 (default: chosen by width).",
    )
    font_size: float = Field(
        default=10.5, ge=7, le=16, description="Body font size in points (10.5 = Chinese 五号)."
    )

    @field_validator("paper_size", mode="before")
    @classmethod
    def _size(cls, value: object) -> object:
        if isinstance(value, str):
            return {"a4": "A4", "letter": "Letter"}.get(value.lower(), value)
        return value

    @field_validator("columns")
    @classmethod
    def _columns(cls, value: int | None) -> int | None:
        if value is not None and value not in (1, 2, 4):
            raise ValueError("must be 1, 2 or 4")
        return value
