"""QB201 empty-stem: a stem that shows nothing once its Markdown is rendered."""

from __future__ import annotations

from collections.abc import Iterator

from qbank.lint.base import Finding, QuestionContext, QuestionRule
from qbank.lint.text import is_blank
from qbank.model import AnyQuestion


class EmptyStem(QuestionRule):
    r"""A stem with no visible content.

    ## What it does
    Renders the stem's Markdown and reports it when nothing visible is left: only markup,
    zero-width characters, an empty link or a horizontal rule.

    ## Why is this bad?
    Students get options without a question; the schema cannot see this because the source
    text is not empty.

    ## Example
    ```yaml
    id: tf-1
    type: true_false
    stem: "**\u200b**"
    answer: true
    ```

    ## Use instead
    ```yaml
    id: tf-1
    type: true_false
    stem: Dropout is only active during training.
    answer: true
    ```
    """

    code = "QB201"
    name = "empty-stem"
    message = "the stem is empty once rendered"
    help = "write the question text"

    def check(self, question: AnyQuestion, ctx: QuestionContext) -> Iterator[Finding]:
        """Report a stem that renders to nothing."""
        if is_blank(question.stem):
            yield self.finding(("stem",))


RULE = EmptyStem
