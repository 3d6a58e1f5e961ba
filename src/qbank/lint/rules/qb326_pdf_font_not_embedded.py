"""QB326 pdf-font-not-embedded: Chinese text set in a built-in font that is not embedded."""

from __future__ import annotations

from qbank.lint.base import WriterRule


class PdfFontNotEmbedded(WriterRule):
    """Chinese text in a PDF export when no TrueType CJK font could be found.

    ## What it does
    When a paper has Chinese text and neither `-o font=PATH`, `fonts.pdf_cjk` nor fontconfig
    yields a usable TrueType CJK font, the PDF writer (`qbank export -f pdf`) sets the Chinese
    text in reportlab's built-in `STSong-Light` and reports it once, at bank.yaml. Which fonts
    are installed decides it, so the example is a console session.

    ## Why is this bad?
    `STSong-Light` is not embedded in the PDF: how the paper looks depends on the viewer and
    the printer, and some show blank boxes or substitute a font without every character.

    ## Example
    ```console
    $ qbank export -f pdf bank
    bank/bank.yaml: QB326 no TrueType CJK font found: Chinese text uses the built-in STSong-Light …
    ```

    ## Use instead
    Install a TrueType CJK font (or set `fonts.pdf_cjk` in bank.yaml to one):

    ```console
    $ sudo apt-get install fonts-wqy-zenhei
    $ qbank export -f pdf bank
    ```
    """

    code = "QB326"
    name = "pdf-font-not-embedded"
    targets = ("pdf",)
    message = "no TrueType CJK font found: Chinese text uses the built-in {font} font"
    help = "install a TrueType CJK font (e.g. Debian fonts-wqy-zenhei) or set fonts.pdf_cjk"


RULE = PdfFontNotEmbedded
