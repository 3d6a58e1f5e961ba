"""QB211 missing-image: an image whose file does not exist."""

from __future__ import annotations

from collections.abc import Iterator

from qbank.lint.base import Finding, QuestionContext, QuestionRule
from qbank.lint.rules._images import local_images
from qbank.model import AnyQuestion


class MissingImage(QuestionRule):
    """An image (`![alt](path)`) whose file is not there.

    ## What it does
    Resolves every image path relative to the question's file and reports the ones that do
    not exist (URLs are not fetched).

    ## Why is this bad?
    The paper and the Word export show a broken image, or nothing, where the question
    depends on a figure.

    ## Example
    ```yaml
    id: d-1
    type: description
    stem: "![The pooling grid](images/no-such-grid.png)"
    ```

    ## Use instead
    Commit the image beside the questions and point at it, or use a URL:

    ```yaml
    id: d-1
    type: description
    stem: "![The pooling grid](https://example.org/grid.png)"
    ```
    """

    code = "QB211"
    name = "missing-image"
    message = 'image "{src}" not found'
    help = "paths are relative to the question's file; check the name and commit the image"

    def check(self, question: AnyQuestion, ctx: QuestionContext) -> Iterator[Finding]:
        """Report every local image whose file is missing."""
        for path, src, file in local_images(question, ctx):
            if not file.is_file():
                yield self.finding(path, src=src)


RULE = MissingImage
