"""The Word writer: editable .docx papers, keys and solutions with real styles and numbering."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from qbank.diagnostics import Diagnostic
from qbank.plugins import ExportRequest, ExportResult, Output, options_as

Edition = Literal["paper", "key", "solutions"]
SUFFIXES: dict[str, str] = {"paper": "", "key": "-key", "solutions": "-solutions"}

_EAST_ASIA_FONTS = {
    "zh": "SimSun",
    "zh-tw": "PMingLiU",
    "zh-hk": "PMingLiU",
    "zh-hant": "PMingLiU",
    "ja": "MS Mincho",
    "ko": "Batang",
}
_EAST_ASIA_LANGS = {"zh": "zh-CN", "ja": "ja-JP", "ko": "ko-KR"}
_LATIN_LANGS = {"en": "en-US", "zh": "zh-CN", "ja": "ja-JP", "ko": "ko-KR"}


def _split(value: Any) -> Any:
    if isinstance(value, str):
        return tuple(part.strip() for part in value.split(",") if part.strip())
    return value


class DocxOptions(BaseModel):
    """Options of the Word writer (`--option key=value`)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    editions: Annotated[tuple[Edition, ...], BeforeValidator(_split)] = Field(
        default=("paper", "key", "solutions"),
        min_length=1,
        description="Which documents to write, comma-separated: paper, key, solutions.",
    )
    east_asia_font: str | None = Field(
        default=None,
        min_length=1,
        description="Font for Chinese/Japanese/Korean text (w:eastAsia); default: the bank's "
        "fonts.word_east_asia, else by language (SimSun for Chinese).",
    )
    latin_font: str = Field(default="Times New Roman", min_length=1, description="Body font.")
    mono_font: str = Field(default="Courier New", min_length=1, description="Code font.")
    font_size: float = Field(default=11, ge=6, le=30, description="Body font size in points.")
    student_block: bool = Field(
        default=True, description="Print name / student number / class lines on the paper."
    )


def east_asia_font(lang: str) -> str:
    """The default East Asian font for a language tag (SimSun for Chinese and others)."""
    tag = lang.lower()
    for key in (tag, "-".join(tag.split("-")[:2]), tag.split("-")[0]):
        if key in _EAST_ASIA_FONTS:
            return _EAST_ASIA_FONTS[key]
    return _EAST_ASIA_FONTS["zh"]


def east_asia_lang(lang: str) -> str:
    """The w:lang w:eastAsia value: the bank's CJK language, else zh-CN."""
    tag = lang.split("-")[0].lower()
    if tag in _EAST_ASIA_LANGS:
        return lang if "-" in lang else _EAST_ASIA_LANGS[tag]
    return "zh-CN"


def latin_lang(lang: str) -> str:
    """The w:lang w:val value for a bank language (en -> en-US)."""
    return lang if "-" in lang else _LATIN_LANGS.get(lang.lower(), lang)


class DocxExporter:
    """Writes `<stem>.docx`, `<stem>-key.docx` and `<stem>-solutions.docx` for every paper."""

    name = "docx"
    description = "Word papers, answer keys and solutions (styles, live numbering, CJK fonts)"
    suffix = ".docx"
    binary = True
    options_model: type[BaseModel] = DocxOptions

    def export(self, request: ExportRequest) -> ExportResult:
        """Render every paper in every requested edition (python-docx is imported only here)."""
        from qbank_docx._document import Fonts, Job, render

        options = options_as(request, DocxOptions)
        bank = request.bank
        diagnostics: list[Diagnostic] = []
        seen: set[tuple[str, str, int, int, str]] = set()

        def report(diagnostic: Diagnostic) -> None:
            key = (
                diagnostic.code,
                diagnostic.path,
                diagnostic.line,
                diagnostic.col,
                diagnostic.message,
            )
            if key not in seen:
                seen.add(key)
                diagnostics.append(diagnostic)

        outputs: list[Output] = []
        for paper in request.papers:
            lang = paper.lang or bank.meta.lang
            fonts = Fonts(
                latin=options.latin_font,
                east_asia=options.east_asia_font
                or bank.meta.fonts.word_east_asia
                or east_asia_font(lang),
                mono=options.mono_font,
                size_half_points=round(options.font_size * 2),
                lang=latin_lang(bank.meta.lang),
                east_asia_lang=east_asia_lang(lang),
            )
            for edition in dict.fromkeys(options.editions):
                job = Job(
                    bank=bank,
                    paper=paper,
                    edition=edition,
                    fonts=fonts,
                    bank_dir=request.bank_dir,
                    source_of=dict(request.source_of),
                    student_block=options.student_block,
                )
                data = render(job, report)
                outputs.append(Output(f"{paper.stem}{SUFFIXES[edition]}.docx", data))
        return ExportResult(outputs, diagnostics)


exporter = DocxExporter()
