"""QB214 unknown-ignore-code: a question suppresses a rule code that does not exist."""

from __future__ import annotations

from collections.abc import Iterator

from qbank.lint.base import Finding, QuestionContext, QuestionRule
from qbank.model import AnyQuestion


class UnknownIgnoreCode(QuestionRule):
    """A code in a question's `lint: {ignore: [...]}` that names no rule.

    ## What it does
    Reports each code in a question's suppression list that is not a registered rule.

    ## Why is this bad?
    A mistyped code suppresses nothing, so the author believes a warning is handled while
    the rule it meant still reports (or, worse, a later rule with that code is silenced).

    ## Example
    ```yaml
    id: mc-1
    type: multiple_choice
    stem: Which of these is a regularisation method?
    options: [dropout, larger learning rate, momentum]
    answer: A
    lint: {ignore: [QB299]}
    ```

    ## Use instead
    ```yaml
    id: mc-1
    type: multiple_choice
    stem: Which of these is a regularisation method?
    options: [dropout, larger learning rate, momentum]
    answer: A
    lint: {ignore: [QB204]}
    ```
    """

    code = "QB214"
    name = "unknown-ignore-code"
    message = "unknown rule code '{code}' in lint.ignore"
    help = "see `qbank rule --list` for the codes"

    def check(self, question: AnyQuestion, ctx: QuestionContext) -> Iterator[Finding]:
        """Report every suppressed code that is not a rule."""
        if not question.lint.ignore:
            return
        from qbank.lint.registry import REGISTRY

        for i, code in enumerate(question.lint.ignore):
            if code not in REGISTRY:
                yield self.finding(("lint", "ignore", i), code=code)


RULE = UnknownIgnoreCode
