"""QB202 empty-option: an option that shows nothing once its Markdown is rendered."""

from __future__ import annotations

from collections.abc import Iterator

from qbank.lint.base import Finding, QuestionContext, QuestionRule
from qbank.lint.text import is_blank
from qbank.model import LETTERS, AnyQuestion, MultipleChoice, SingleChoice


class EmptyOption(QuestionRule):
    r"""An option of a choice question with no visible content.

    ## What it does
    Renders each option's Markdown and reports the ones with nothing visible: only markup,
    zero-width spaces (often pasted from a word processor), or an empty link.

    ## Why is this bad?
    A blank option is printed as a bare letter, which looks like a typo on the paper and is
    an unanswerable choice in Moodle.

    ## Example
    ```yaml
    id: sc-1
    type: single_choice
    stem: Which layer shrinks a feature map?
    options: [pooling, "\u200b", dropout]
    answer: A
    ```

    ## Use instead
    ```yaml
    id: sc-1
    type: single_choice
    stem: Which layer shrinks a feature map?
    options: [pooling, batch normalisation, dropout]
    answer: A
    ```
    """

    code = "QB202"
    name = "empty-option"
    message = "option {letter} is empty once rendered"
    help = "write the option text, or remove the option"

    def check(self, question: AnyQuestion, ctx: QuestionContext) -> Iterator[Finding]:
        """Report every option that renders to nothing."""
        if isinstance(question, SingleChoice | MultipleChoice):
            for i, option in enumerate(question.options):
                if is_blank(option.text):
                    yield self.finding(("options", i), letter=LETTERS[i % 26])


RULE = EmptyOption
