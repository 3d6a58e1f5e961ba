"""QB207 missing-explanation: a question without an explanation."""

from __future__ import annotations

from collections.abc import Iterator

from qbank.lint.base import Finding, QuestionContext, QuestionRule
from qbank.model import AnyQuestion, Description


class MissingExplanation(QuestionRule):
    """A question (other than a description) with no `explanation`.

    ## What it does
    Warns about every answerable question that has no explanation.

    ## Why is this bad?
    Students who got it wrong learn nothing from the answer key alone, and the Moodle
    general feedback and the paper's answer section stay empty.

    ## Example
    ```yaml
    id: tf-1
    type: true_false
    stem: Dropout is active at test time.
    answer: false
    ```

    ## Use instead
    ```yaml
    id: tf-1
    type: true_false
    stem: Dropout is active at test time.
    answer: false
    explanation: At test time every unit is used; dropout only acts during training.
    ```
    """

    code = "QB207"
    name = "missing-explanation"
    severity = "warning"
    message = "question has no explanation"
    help = "add `explanation:` (a string, or a list of sections with title and body)"

    def check(self, question: AnyQuestion, ctx: QuestionContext) -> Iterator[Finding]:
        """Report an answerable question without explanation."""
        if not question.explanation and not isinstance(question, Description):
            yield self.finding()


RULE = MissingExplanation
