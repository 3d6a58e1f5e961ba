"""QB208 empty-explanation-section: an explanation section whose body shows nothing."""

from __future__ import annotations

from collections.abc import Iterator

from qbank.lint.base import Finding, QuestionContext, QuestionRule
from qbank.lint.text import is_blank
from qbank.model import AnyQuestion


class EmptyExplanationSection(QuestionRule):
    """An explanation section with a body that renders to nothing.

    ## What it does
    Reports each explanation section whose Markdown body has no visible content (only
    markup, a horizontal rule, zero-width characters).

    ## Why is this bad?
    The paper prints a heading with nothing under it: usually a section the author meant to
    come back to.

    ## Example
    ```yaml
    id: tf-1
    type: true_false
    stem: Dropout is active at test time.
    answer: false
    explanation:
      - title: Why
        body: Dropout only acts during training.
      - title: Training time
        body: "---"
    ```

    ## Use instead
    ```yaml
    id: tf-1
    type: true_false
    stem: Dropout is active at test time.
    answer: false
    explanation:
      - title: Why
        body: Dropout only acts during training.
      - title: Training time
        body: During training each unit is dropped with probability p.
    ```
    """

    code = "QB208"
    name = "empty-explanation-section"
    message = "explanation section {number} has an empty body"
    help = "write the section, or remove it"

    def check(self, question: AnyQuestion, ctx: QuestionContext) -> Iterator[Finding]:
        """Report every explanation section with a blank body."""
        for i, section in enumerate(question.explanation):
            if is_blank(section.body):
                yield self.finding(("explanation", i), number=i + 1)


RULE = EmptyExplanationSection
