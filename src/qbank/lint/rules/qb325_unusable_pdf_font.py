"""QB325 unusable-pdf-font: the configured PDF font cannot be used."""

from __future__ import annotations

from qbank.lint.base import WriterRule


class UnusablePdfFont(WriterRule):
    """A PDF font, set in bank.yaml (`fonts.pdf_cjk`) or with `-o font=PATH`, that cannot be used.

    ## What it does
    The PDF writer (`qbank export -f pdf`) checks the configured font before it uses it: the
    file must exist, be readable, be TrueType (`.ttf`, or a `.ttc` collection; CFF-outline
    OpenType fonts such as most Source Han files are not) and have Chinese glyphs. Otherwise it
    reports why, at the setting, and falls back to the next choice (an installed TrueType CJK
    font, else the built-in `STSong-Light`).

    ## Why is this bad?
    The papers come out in another font than the one chosen, and possibly one that is not
    embedded (QB326).

    ## Example
    ```yaml title="bank.yaml"
    title: Example
    fonts:
      pdf_cjk: fonts/NotoSansSC.otf
    ```

    ```yaml
    id: tf-1
    type: true_false
    stem: Dropout is active at test time.
    answer: false
    ```

    ## Use instead
    Point the setting at a TrueType CJK font that exists, or leave it out and let qbank find an
    installed one:

    ```yaml title="bank.yaml"
    title: Example
    ```

    ```yaml
    id: tf-1
    type: true_false
    stem: Dropout is active at test time.
    answer: false
    ```
    """

    code = "QB325"
    name = "unusable-pdf-font"
    targets = ("pdf",)
    message = "configured PDF font not used: {reason}"
    help = "fonts.pdf_cjk or -o font=PATH must name a TrueType .ttf/.ttc file"


RULE = UnusablePdfFont
