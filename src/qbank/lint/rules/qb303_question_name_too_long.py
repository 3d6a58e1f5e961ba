"""QB303 question-name-too-long: a GIFT question name over 255 characters."""

from __future__ import annotations

from collections.abc import Iterator

from qbank.lint.base import Finding, QuestionContext, QuestionRule
from qbank.model import AnyQuestion

MAX_NAME = 255
"""Moodle cuts question names to 255 characters."""


class QuestionNameTooLong(QuestionRule):
    r"""A question whose GIFT name (its id) is longer than Moodle keeps.

    ## What it does
    For the `gift` target: the GIFT writer names each question by its id (`::id::`), and
    Moodle cuts names to 255 characters. Reports an id longer than that. The GIFT writer
    reports the same code.

    ## Why is this bad?
    Cut names can collide in Moodle's question bank, and the cut name no longer matches
    the id that exams and manifests use.

    ## Example
    ```yaml
    id: "pooling-translation-invariance-of-max-and-average-pooling-layers-\
      aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\
      aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\
      aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\
      in-cnn"
    type: true_false
    stem: Pooling keeps translation invariance.
    answer: true
    ```

    ## Use instead
    ```yaml
    id: pooling-translation-invariance
    type: true_false
    stem: Pooling keeps translation invariance.
    answer: true
    ```
    """

    code = "QB303"
    name = "question-name-too-long"
    severity = "warning"
    targets = ("gift",)
    message = "question name is {length} characters; Moodle keeps {limit}"
    help = "use a shorter id"

    def check(self, question: AnyQuestion, ctx: QuestionContext) -> Iterator[Finding]:
        """Report an id longer than Moodle's name limit."""
        if len(question.id) > MAX_NAME:
            yield self.finding(("id",), length=len(question.id), limit=MAX_NAME)


RULE = QuestionNameTooLong
