"""QB206 longest-option-is-key: the correct option is conspicuously longer than every distractor."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict, Field

from qbank.lint.base import Finding, QuestionContext, QuestionRule
from qbank.lint.text import plain
from qbank.model import LETTERS, AnyQuestion, SingleChoice


class Options(BaseModel):
    """Options of `longest-option-is-key`."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    ratio: float = Field(
        default=1.5, gt=1, description="How many times longer than the longest distractor."
    )
    min_length: int = Field(
        default=12, ge=0, description="Ignore keys shorter than this (in characters)."
    )


class LongestOptionIsKey(QuestionRule):
    """The key of a single-choice question is much longer than every other option.

    ## What it does
    Warns when the correct option's visible text is at least `ratio` (default 1.5) times as
    long as the longest distractor and at least `min-length` (default 12) characters long.
    Off by default: select it with `extend-select: [QB206]`.

    ## Why is this bad?
    Test-wise students learn that the longest, most qualified option is usually right, and
    pick it without knowing the answer.

    ## Example
    ```yaml
    id: sc-1
    type: single_choice
    stem: What does dropout do?
    options:
      - Nothing
      - Speeds up training
      - Randomly zeroes activations during training so that units cannot co-adapt
    answer: C
    ```

    ## Use instead
    ```yaml
    id: sc-1
    type: single_choice
    stem: What does dropout do?
    options:
      - Scales every weight by a constant factor after each epoch
      - Removes the least useful layers once training has finished
      - Randomly zeroes activations during training so that units cannot co-adapt
    answer: C
    ```
    """

    code = "QB206"
    name = "longest-option-is-key"
    severity = "warning"
    default = False
    message = "the key ({letter}) is {times:.1f}x as long as the longest distractor"
    help = "make the distractors as specific as the key, or shorten the key"
    options_model = Options

    def check(self, question: AnyQuestion, ctx: QuestionContext) -> Iterator[Finding]:
        """Report a key conspicuously longer than every distractor."""
        if not isinstance(question, SingleChoice):
            return
        key = LETTERS.index(question.answer)
        lengths = [len(plain(o.text).strip()) for o in question.options]
        others = max((n for i, n in enumerate(lengths) if i != key), default=0)
        mine = lengths[key]
        if mine >= self.options.min_length and mine >= self.options.ratio * max(others, 1):
            yield self.finding(
                ("options", key), letter=question.answer, times=mine / max(others, 1)
            )


RULE = LongestOptionIsKey
