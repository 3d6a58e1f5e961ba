"""QB324 missing-glyph-in-pdf: a character no font of the PDF has."""

from __future__ import annotations

from qbank.lint.base import WriterRule


class MissingGlyphInPdf(WriterRule):
    """A character that none of the PDF's fonts (Latin, CJK, monospace) can draw.

    ## What it does
    The PDF writer (`qbank export -f pdf`) reports each such character (as `U+XXXX`) once, on
    the first question that uses it; it prints as a blank box.

    ## Why is this bad?
    A symbol the question depends on (a musical note, a rare Chinese character, a script the
    fonts lack) is missing from the paper, and nobody notices until an exam is printed.

    ## Example
    ```yaml
    id: tf-1
    type: true_false
    stem: "The symbol 𝄞 is a treble clef."
    answer: true
    ```

    ## Use instead
    Configure a font that has the character (`-o font=PATH`, or `fonts.pdf_cjk` in
    bank.yaml), or write it in words:

    ```yaml
    id: tf-1
    type: true_false
    stem: "The treble clef is also called the G clef."
    answer: true
    ```
    """

    code = "QB324"
    name = "missing-glyph-in-pdf"
    targets = ("pdf",)
    message = "no font has a glyph for {chars}; it prints as a blank box"
    help = "set a font that has it: fonts.pdf_cjk in bank.yaml or -o font=PATH"


RULE = MissingGlyphInPdf
