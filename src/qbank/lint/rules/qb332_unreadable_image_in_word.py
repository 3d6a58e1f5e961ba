"""QB332 unreadable-image-in-word: an image file Word cannot hold."""

from __future__ import annotations

from qbank.lint.base import WriterRule


class UnreadableImageInWord(WriterRule):
    """An image file in a format Word does not read (such as SVG), or damaged, in a Word export.

    ## What it does
    The Word writer (`qbank export -f docx`) embeds PNG, JPEG, GIF, BMP and TIFF files. For any
    other file it prints `[alt text]` in italics in the image's place and reports the loss.

    ## Why is this bad?
    Students see `[alt text]` instead of the figure. `qbank export --strict` refuses to write
    the documents.

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

    code = "QB332"
    name = "unreadable-image-in-word"
    targets = ("docx",)
    message = "image {src} cannot be embedded in Word ({reason}); its alt text is printed instead"
    help = "use a PNG, JPEG, GIF, BMP or TIFF file"


RULE = UnreadableImageInWord
