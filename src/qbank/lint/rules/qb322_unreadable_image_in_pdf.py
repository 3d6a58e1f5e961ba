"""QB322 unreadable-image-in-pdf: an image file the PDF writer cannot read."""

from __future__ import annotations

from qbank.lint.base import WriterRule


class UnreadableImageInPdf(WriterRule):
    """An image file that is damaged or in a format the PDF writer cannot read, in a PDF export.

    ## What it does
    The PDF writer (`qbank export -f pdf`) reads images with Pillow (PNG, JPEG, GIF, BMP,
    TIFF, ...); when a file cannot be read it prints the alt text in brackets in its place and
    reports the loss with Pillow's reason.

    ## Why is this bad?
    Students see `[alt text]` instead of the figure. `qbank export --strict` refuses to write
    the papers.

    ## Example
    A `scan.png` that is really an HTML page (as saved by a browser from a login screen):

    ```yaml
    id: d-1
    type: description
    stem: "![The pooling grid](scan.png)"
    ```

    ```text title="scan.png"
    <html><body>Please log in</body></html>
    ```

    ## Use instead
    Save the figure again as PNG or JPEG (here `grid.png`):

    ```yaml
    id: d-1
    type: description
    stem: "![The pooling grid](grid.png)"
    ```
    """

    code = "QB322"
    name = "unreadable-image-in-pdf"
    targets = ("pdf",)
    message = "image cannot be read: {src} ({reason})"
    help = "re-save it as PNG or JPEG"


RULE = UnreadableImageInPdf
