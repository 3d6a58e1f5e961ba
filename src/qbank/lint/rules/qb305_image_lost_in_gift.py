"""QB305 image-lost-in-gift: an image in a question exported to GIFT."""

from __future__ import annotations

from collections.abc import Iterator

from qbank.lint.base import Finding, QuestionContext, QuestionRule
from qbank.lint.text import images
from qbank.model import AnyQuestion


class ImageLostInGift(QuestionRule):
    """An image in a question, for the `gift` target.

    ## What it does
    Warns about every image in a question's texts when GIFT is a target. The GIFT writer
    reports the same code.

    ## Why is this bad?
    A GIFT file is plain text and cannot carry image files: Moodle shows a broken image
    with its alt text until someone uploads the image by hand.

    ## Example
    ```yaml
    id: d-1
    type: description
    stem: "![The pooling grid](https://example.org/grid.png)"
    ```

    ## Use instead
    Describe the figure in words for the Moodle version (keep the image for paper
    exports by suppressing the rule, or leave GIFT out of `targets`):

    ```yaml
    id: d-1
    type: description
    stem: A 4x4 grid split into four 2x2 pooling windows.
    ```
    """

    code = "QB305"
    name = "image-lost-in-gift"
    severity = "warning"
    targets = ("gift",)
    message = "image '{src}' cannot travel in GIFT"
    help = "upload the image in Moodle's editor after import, or describe it in words"

    def check(self, question: AnyQuestion, ctx: QuestionContext) -> Iterator[Finding]:
        """Report every image of the question."""
        for path, text in ctx.fields:
            for image in images(text):
                yield self.finding(path, src=image.src)


RULE = ImageLostInGift
