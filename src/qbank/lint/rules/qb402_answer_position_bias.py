"""QB402 answer-position-bias: single-choice keys that favour one letter."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict, Field

from qbank.lint.base import BankContext, BankFinding, BankRule
from qbank.model import LETTERS, SingleChoice


class Options(BaseModel):
    """Options of `answer-position-bias`."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    max_share: float = Field(
        default=0.4, gt=0, le=1, description="Largest share of keys one letter may have."
    )
    min_questions: int = Field(
        default=20, ge=1, description="Only check banks with at least this many questions."
    )


class AnswerPositionBias(BankRule):
    """Single-choice keys that sit on one letter much more often than chance.

    ## What it does
    Counts the key letters of the bank's `single_choice` questions (as authored) and, when
    there are at least `min-questions` (default 20) of them, reports a letter that holds more
    than `max-share` (default 40%) of the keys, with the whole distribution. The finding is
    on bank.yaml; configure or ignore it there.

    ## Why is this bad?
    Students spot "when in doubt, pick C", and a paper printed without shuffling carries the
    bias straight into the exam.

    ## Example
    ```yaml title="bank.yaml"
    title: Example
    lint:
      options:
        answer-position-bias: {min-questions: 5}
    ```

    ```yaml
    - {id: q1, type: single_choice, stem: 1 + 1?, options: ["1", "2", "3"], answer: B}
    - {id: q2, type: single_choice, stem: 2 + 2?, options: ["2", "4", "6"], answer: B}
    - {id: q3, type: single_choice, stem: 3 + 3?, options: ["3", "6", "9"], answer: B}
    - {id: q4, type: single_choice, stem: 4 + 4?, options: ["8", "4", "2"], answer: A}
    - {id: q5, type: single_choice, stem: 5 + 5?, options: ["5", "10", "15"], answer: B}
    ```

    ## Use instead
    ```yaml title="bank.yaml"
    title: Example
    lint:
      options:
        answer-position-bias: {min-questions: 5}
    ```

    ```yaml
    - {id: q1, type: single_choice, stem: 1 + 1?, options: ["2", "1", "3"], answer: A}
    - {id: q2, type: single_choice, stem: 2 + 2?, options: ["2", "4", "6"], answer: B}
    - {id: q3, type: single_choice, stem: 3 + 3?, options: ["3", "9", "6"], answer: C}
    - {id: q4, type: single_choice, stem: 4 + 4?, options: ["8", "4", "2"], answer: A}
    - {id: q5, type: single_choice, stem: 5 + 5?, options: ["5", "10", "15"], answer: B}
    ```
    """

    code = "QB402"
    name = "answer-position-bias"
    severity = "warning"
    message = "{percent:.0f}% of {total} single-choice keys are {letter} ({distribution})"
    help = "move some keys to other letters, or shuffle options when printing"
    options_model = Options

    def check_bank(self, ctx: BankContext) -> Iterator[BankFinding]:
        """Report a letter that holds too large a share of single-choice keys."""
        counts = Counter(q.answer for q in ctx.loaded.bank.questions if isinstance(q, SingleChoice))
        total = sum(counts.values())
        if total < self.options.min_questions:
            return
        letter, most = max(counts.items(), key=lambda item: (item[1], -LETTERS.index(item[0])))
        if most / total > self.options.max_share:
            last = max(LETTERS.index(k) for k in counts)
            distribution = ", ".join(f"{c} {counts.get(c, 0)}" for c in LETTERS[: last + 1])
            yield self.bank_finding(
                percent=100 * most / total, total=total, letter=letter, distribution=distribution
            )


RULE = AnswerPositionBias
