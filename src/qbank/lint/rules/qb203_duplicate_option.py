"""QB203 duplicate-option: two options of one question that read the same."""

from __future__ import annotations

from collections.abc import Iterator

from qbank.lint.base import Finding, QuestionContext, QuestionRule
from qbank.lint.text import normalise
from qbank.model import LETTERS, AnyQuestion, MultipleChoice, SingleChoice


class DuplicateOption(QuestionRule):
    """Two options of a choice question with the same text.

    ## What it does
    Compares options after folding full-width and half-width forms (NFKC), letter case and
    runs of whitespace, and reports each repeat at its position, with a note pointing at
    the first.

    ## Why is this bad?
    Two identical options give students a free elimination, or two right answers when the
    repeat is the key; teachers notice it in front of the class.

    ## Example
    ```yaml
    id: sc-1
    type: single_choice
    stem: 池化层会保留平移不变性吗?
    options: [是, 否, "是 ", 看情况]
    answer: A
    ```

    ## Use instead
    ```yaml
    id: sc-1
    type: single_choice
    stem: 池化层会保留平移不变性吗?
    options: [是, 否, 不知道, 看情况]
    answer: A
    ```
    """

    code = "QB203"
    name = "duplicate-option"
    message = 'duplicate option "{text}"'

    def check(self, question: AnyQuestion, ctx: QuestionContext) -> Iterator[Finding]:
        """Report every option that repeats an earlier one."""
        if not isinstance(question, SingleChoice | MultipleChoice):
            return
        seen: dict[str, int] = {}
        for i, option in enumerate(question.options):
            key = normalise(option.text)
            first = seen.setdefault(key, i)
            if first != i:
                yield self.finding(
                    ("options", i),
                    text=option.text.strip(),
                    help=f"option {LETTERS[i % 26]} repeats option {LETTERS[first % 26]}; "
                    "reword or remove one of them",
                )


RULE = DuplicateOption
