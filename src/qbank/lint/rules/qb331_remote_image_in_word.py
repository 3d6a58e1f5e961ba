"""QB331 remote-image-in-word: an image given by URL, which the Word writer does not embed."""

from __future__ import annotations

from qbank.lint.base import WriterRule


class RemoteImageInWord(WriterRule):
    """An image whose source is a URL (`http://`, `https://`, `data:`), in a Word export.

    ## What it does
    The Word writer (`qbank export -f docx`) never downloads anything: in the image's place it
    prints `[alt text]` as a link to the URL and reports the loss.

    ## Why is this bad?
    A printed paper shows `[alt text]` instead of the figure, and the link is useless on
    paper. `qbank export --strict` refuses to write the documents.

    ## Example
    ```yaml
    id: d-1
    type: description
    stem: "![The pooling grid](https://example.org/grid.png)"
    ```

    ## Use instead
    Download the image into the bank (here `grid.png`, next to the question's file) and refer
    to it by a relative path:

    ```yaml
    id: d-1
    type: description
    stem: "![The pooling grid](grid.png)"
    ```
    """

    code = "QB331"
    name = "remote-image-in-word"
    targets = ("docx",)
    message = "remote image {src} is not embedded; a link to it is printed instead"
    help = "download the image into the bank and refer to it by a relative path"


RULE = RemoteImageInWord
