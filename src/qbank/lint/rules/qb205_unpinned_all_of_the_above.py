"""QB205 unpinned-all-of-the-above: an "all/none of the above" option that shuffling can move."""

from __future__ import annotations

import re
from collections.abc import Iterator

from qbank.lint.base import Finding, QuestionContext, QuestionRule
from qbank.lint.text import normalise
from qbank.model import LETTERS, AnyQuestion, MultipleChoice, SingleChoice

_ABOVE = re.compile(
    r"\b(?:all|none|both|neither) of (?:the )?(?:above|these|preceding|previous)\b"
    r"|^\W*(?:以上|上述).{0,4}?[都皆均全]"
)


def refers_to_others(text: str) -> bool:
    """Whether an option's text points at the other options ("all of the above", 以上都对)."""
    return bool(_ABOVE.search(normalise(text)))


class UnpinnedAllOfTheAbove(QuestionRule):
    """An "all of the above" or "none of the above" option in a question whose options shuffle.

    ## What it does
    Finds options that refer to the other options by position, in English ("all of the
    above", "none of the above", "both of the above") and Chinese (以上都对, 以上皆是,
    以上都不对, 以上均正确, ...), in a choice question that is shuffled (`shuffle: true`, the
    default) where that option is not pinned.

    ## Why is this bad?
    Paper variants shuffle options, so "none of the above" can land first, above nothing,
    which reads as nonsense on the printed paper.

    ## Example
    ```yaml
    id: sc-1
    type: single_choice
    stem: 深度学习中常用的激活函数是?
    options: [ReLU, Sigmoid, tanh, 以上都对]
    answer: D
    ```

    ## Use instead
    Pin the option (or set `shuffle: false` on the question):

    ```yaml
    id: sc-1
    type: single_choice
    stem: 深度学习中常用的激活函数是?
    options:
      - ReLU
      - Sigmoid
      - tanh
      - text: 以上都对
        pin: true
    answer: D
    ```
    """

    code = "QB205"
    name = "unpinned-all-of-the-above"
    message = 'option {letter} "{text}" refers to the other options but may be shuffled'
    help = "add `pin: true` to the option (or `shuffle: false` to the question)"

    def check(self, question: AnyQuestion, ctx: QuestionContext) -> Iterator[Finding]:
        """Report unpinned position-dependent options of a shuffled question."""
        if not isinstance(question, SingleChoice | MultipleChoice) or not question.shuffle:
            return
        for i, option in enumerate(question.options):
            if not option.pin and refers_to_others(option.text):
                yield self.finding(("options", i), letter=LETTERS[i % 26], text=option.text)


RULE = UnpinnedAllOfTheAbove
