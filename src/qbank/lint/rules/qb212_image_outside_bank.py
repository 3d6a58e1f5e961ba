"""QB212 image-outside-bank: an image file that lies outside the bank folder."""

from __future__ import annotations

from collections.abc import Iterator

from qbank.lint.base import Finding, QuestionContext, QuestionRule
from qbank.lint.rules._images import local_images
from qbank.model import AnyQuestion


class ImageOutsideBank(QuestionRule):
    """An image path that leaves the bank folder (`../`, or an absolute path).

    ## What it does
    Reports an image whose resolved file is not inside the bank folder.

    ## Why is this bad?
    The bank is the unit that is committed, reviewed and exported; an image outside it
    works on the author's machine and is missing everywhere else (CI, a colleague's clone).

    ## Example
    ```yaml
    id: d-1
    type: description
    stem: "![The pooling grid](/tmp/grid.png)"
    ```

    ## Use instead
    ```yaml
    id: d-1
    type: description
    stem: "![The pooling grid](https://example.org/grid.png)"
    ```
    """

    code = "QB212"
    name = "image-outside-bank"
    message = 'image "{src}" is outside the bank folder'
    help = "copy the image into the bank (e.g. an images/ folder) and use a relative path"

    def check(self, question: AnyQuestion, ctx: QuestionContext) -> Iterator[Finding]:
        """Report every local image that resolves outside the bank."""
        for path, src, file in local_images(question, ctx):
            if not file.is_relative_to(ctx.bank_root):
                yield self.finding(path, src=src)


RULE = ImageOutsideBank
