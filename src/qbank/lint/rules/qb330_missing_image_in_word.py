"""QB330 missing-image-in-word: an image file that the Word writer cannot find."""

from __future__ import annotations

from qbank.lint.base import WriterRule


class MissingImageInWord(WriterRule):
    """An image whose file does not exist, in a Word export.

    ## What it does
    The Word writer (`qbank export -f docx`) looks for the image relative to the question's
    file; when there is no such file it prints the alt text in brackets, in italics, and
    reports the loss at the image. Lint finds the same problem earlier as QB211
    (missing-image).

    ## Why is this bad?
    Students see `[alt text]` instead of the figure. `qbank export --strict` refuses to write
    the documents.

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

    code = "QB330"
    name = "missing-image-in-word"
    targets = ("docx",)
    message = "image file {src} not found; its alt text is printed instead"


RULE = MissingImageInWord
