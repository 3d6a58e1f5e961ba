"""QB302 all-or-nothing-scoring: all-or-nothing scoring, which GIFT cannot carry."""

from __future__ import annotations

from collections.abc import Iterator

from qbank.lint.base import Finding, QuestionContext, QuestionRule
from qbank.model import AnyQuestion, MultipleChoice


class AllOrNothingScoring(QuestionRule):
    """A `multiple_choice` question with `scoring: all_or_nothing`, exported to GIFT.

    ## What it does
    For the `gift` target, warns about every question that asks for all-or-nothing
    scoring. The GIFT writer reports the same code when it writes the question.

    ## Why is this bad?
    Moodle core has no all-or-nothing multiple-answer question in GIFT: the question is
    imported with partial credit, so students are scored differently from the paper key.

    ## Example
    ```yaml
    id: mc-1
    type: multiple_choice
    stem: Which of these are regularisation methods?
    options: [dropout, weight decay, larger learning rate]
    answer: [A, B]
    scoring: all_or_nothing
    ```

    ## Use instead
    ```yaml
    id: mc-1
    type: multiple_choice
    stem: Which of these are regularisation methods?
    options: [dropout, weight decay, larger learning rate]
    answer: [A, B]
    scoring: partial
    ```
    """

    code = "QB302"
    name = "all-or-nothing-scoring"
    severity = "warning"
    targets = ("gift",)
    message = "GIFT has no all-or-nothing scoring; Moodle will give partial credit"
    help = "use scoring: partial, or set 'all or nothing' in Moodle after import"

    def check(self, question: AnyQuestion, ctx: QuestionContext) -> Iterator[Finding]:
        """Report all-or-nothing scoring."""
        if isinstance(question, MultipleChoice) and question.scoring == "all_or_nothing":
            yield self.finding(("scoring",))


RULE = AllOrNothingScoring
