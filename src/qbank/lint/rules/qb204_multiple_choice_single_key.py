"""QB204 multiple-choice-single-key: a multiple_choice question with only one correct option."""

from __future__ import annotations

from collections.abc import Iterator

from qbank.lint.base import Finding, QuestionContext, QuestionRule
from qbank.model import AnyQuestion, MultipleChoice


class MultipleChoiceSingleKey(QuestionRule):
    """A `multiple_choice` question whose key has a single letter.

    ## What it does
    Warns when a question typed `multiple_choice` has exactly one correct option.

    ## Why is this bad?
    It is often a `single_choice` question typed wrongly, or a key with letters missing.
    Papers print "select all that apply" and Moodle shows check boxes, which misleads
    students when only one box is right. If it is deliberate, suppress it on the question.

    ## Example
    ```yaml
    id: mc-1
    type: multiple_choice
    stem: Which of these are regularisation methods?
    options: [dropout, larger learning rate, momentum]
    answer: A
    ```

    ## Use instead
    ```yaml
    id: mc-1
    type: single_choice
    stem: Which of these is a regularisation method?
    options: [dropout, larger learning rate, momentum]
    answer: A
    ```
    """

    code = "QB204"
    name = "multiple-choice-single-key"
    severity = "warning"
    message = "multiple_choice question with a single correct option ({letter})"
    help = "use type: single_choice, or add the other correct letters to answer"

    def check(self, question: AnyQuestion, ctx: QuestionContext) -> Iterator[Finding]:
        """Report a multiple-choice key of one letter."""
        if isinstance(question, MultipleChoice) and len(question.answer) == 1:
            yield self.finding(("answer",), letter=question.answer[0])


RULE = MultipleChoiceSingleKey
