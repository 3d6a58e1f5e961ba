"""QB321 missing-image-in-pdf: an image file that the PDF writer cannot find."""

from __future__ import annotations

from qbank.lint.base import WriterRule


class MissingImageInPdf(WriterRule):
    """An image whose file does not exist, in a PDF export.

    ## What it does
    The PDF writer (`qbank export -f pdf`) looks for the image relative to the question's
    file; when there is no such file it prints the alt text in brackets in its place and
    reports the loss. Lint finds the same problem earlier as QB211 (missing-image).

    ## Why is this bad?
    Students see `[alt text]` instead of the figure. `qbank export --strict` refuses to write
    the papers.

    ## Example
    ```yaml
    id: d-1
    type: description
    stem: "![The pooling grid](figures/grid.png)"
    ```

    ## Use instead
    Fix the path (it is relative to the question's file; here the image `grid.png` lies next
    to it):

    ```yaml
    id: d-1
    type: description
    stem: "![The pooling grid](grid.png)"
    ```
    """

    code = "QB321"
    name = "missing-image-in-pdf"
    targets = ("pdf",)
    message = "image not found: {src} (looked for {path})"


RULE = MissingImageInPdf
