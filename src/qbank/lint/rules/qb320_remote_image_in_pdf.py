"""QB320 remote-image-in-pdf: an image given by URL, which the PDF writer does not fetch."""

from __future__ import annotations

from qbank.lint.base import WriterRule


class RemoteImageInPdf(WriterRule):
    """An image whose source is a URL (`http://`, `https://`, `data:`), in a PDF export.

    ## What it does
    The PDF writer (`qbank export -f pdf`) never downloads anything: it prints the image's
    alt text in brackets in its place and reports the loss.

    ## Why is this bad?
    Students see `[alt text]` instead of the figure the question may depend on.
    `qbank export --strict` refuses to write the papers.

    ## Example
    ```yaml
    id: d-1
    type: description
    stem: "![The pooling grid](https://example.org/grid.png)"
    ```

    ## Use instead
    Download the image into the bank (here `grid.png`, next to the question's file) and refer
    to it by a path relative to the question's file:

    ```yaml
    id: d-1
    type: description
    stem: "![The pooling grid](grid.png)"
    ```
    """

    code = "QB320"
    name = "remote-image-in-pdf"
    targets = ("pdf",)
    message = "remote image not embedded: {src}"
    help = "download the image into the bank and link it by a relative path"


RULE = RemoteImageInPdf
